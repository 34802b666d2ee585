"""Export: every file validates against the REFI-QDA schemas; GUIDs are stable; golden codebook."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import xmlschema

from interviewkit.refi import export_codebook, export_project
from interviewkit.refi.codebook_xml import fold_description, unfold_description
from tests.conftest import DATA
from tests.refi.helpers import BOOK, TEXTS, qde, small_project

GOLDEN = DATA / "refi" / "small_codebook.qdc"


@pytest.fixture(scope="module")
def project_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(DATA / "refi" / "Project.xsd"))


@pytest.fixture(scope="module")
def codebook_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(DATA / "refi" / "Codebook.xsd"))


def test_codebook_validates_and_matches_the_golden_file(
    tmp_path: Path, codebook_schema: xmlschema.XMLSchema
) -> None:
    out = tmp_path / "book.qdc"
    with small_project() as project:
        report = export_codebook(project, out)
    assert report.codes == 3
    codebook_schema.validate(str(out))
    text = out.read_text(encoding="utf-8")
    # The version of interviewkit is in the origin; the rest must not change.
    text = text.replace(text.split('origin="', 1)[1].split('"', 1)[0], "interviewkit")
    if not GOLDEN.exists():  # pragma: no cover - writes the golden file once
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_project_validates(tmp_path: Path, project_schema: xmlschema.XMLSchema) -> None:
    out = tmp_path / "p.qdpx"
    with small_project() as project:
        report = export_project(project, out)
    assert (report.sources, report.codes, report.codings, report.users) == (2, 3, 4, 3)
    project_schema.validate(qde(out).decode("utf-8"))


def test_sources_are_utf8_text_and_positions_are_code_points(tmp_path: Path) -> None:
    import defusedxml.ElementTree as ET

    out = tmp_path / "p.qdpx"
    with small_project() as project:
        export_project(project, out)
    ns = {"q": "urn:QDA-XML:project:1.0"}
    root = ET.fromstring(qde(out))
    with zipfile.ZipFile(out) as archive:
        for source in root.iterfind(".//q:TextSource", ns):
            entry = "Sources/" + source.get("plainTextPath").removeprefix("internal://")
            text = archive.read(entry).decode("utf-8")
            assert text == TEXTS[source.get("name")]
            for sel in source.iterfind("q:PlainTextSelection", ns):
                covered = text[int(sel.get("startPosition")) : int(sel.get("endPosition"))]
                assert " ".join(covered.split()).startswith(sel.get("name").rstrip("…"))
    names = {s.get("name") for s in root.iterfind(".//q:PlainTextSelection", ns)}
    assert "Hafen 🚢" in names  # an emoji is one position, not two


def test_metadata_becomes_cases_and_variables(tmp_path: Path) -> None:
    out = tmp_path / "p.qdpx"
    with small_project() as project:
        export_project(project, out)
    xml = qde(out).decode("utf-8")
    assert 'name="city" typeOfVariable="Text"' in xml
    assert "<TextValue>Wuhan</TextValue>" in xml
    assert xml.count("<Case ") == 2


def test_guids_are_stable(tmp_path: Path) -> None:
    # Exporting the same project twice gives the same file (GUIDs are derived, not random).
    first, second = tmp_path / "a.qdpx", tmp_path / "b.qdpx"
    with small_project() as project:
        export_project(project, first)
        export_project(project, second)
    assert qde(first) == qde(second)


def test_description_folds_and_unfolds() -> None:
    economy = BOOK.get("economy")
    folded = fold_description(economy)
    assert folded.startswith("Trade and investment.\n\nInclude: Ports, trade fairs.")
    assert "Examples:\n- The port matters.\n- Two lines\n  of example." in folded
    assert unfold_description(folded) == (
        "Trade and investment.",
        "Ports, trade fairs.",
        "Tourism.",
        ("The port matters.", "Two lines\nof example."),
        None,
    )
    # The id is not written into the Description: other tools would show it.
    assert fold_description(BOOK.get("drivers")) == "Why cities cooperate."
    assert fold_description(BOOK.get("trust")) == ""
    assert unfold_description("Just a definition.") == ("Just a definition.", "", "", (), None)
    # Exports before 0.2 wrote it there; they are still read.
    assert unfold_description("Why.\n\nId: drivers")[4] == "drivers"


def test_characters_xml_cannot_hold_are_replaced(
    tmp_path: Path, project_schema: xmlschema.XMLSchema
) -> None:
    out = tmp_path / "p.qdpx"
    with small_project() as project:
        project.memo("bell\x07 and null\x00", coder="anna", doc_id="wuhan_zh_01")
        export_project(project, out)
    project_schema.validate(qde(out).decode("utf-8"))
    assert "bell\ufffd and null\ufffd" in qde(out).decode("utf-8")


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("2026-03-01T09:00:00+00:00", "2026-03-01T09:00:00+00:00"),
        ("2024-06-03T10:11:00Z", "2024-06-03T10:11:00Z"),
        ("2024-06-03T10:11:00.250", "2024-06-03T10:11:00.250"),
        ("2024-06-03 10:11:00", "2024-06-03T10:11:00"),  # as some tools write it
        ("3 June 2024", None),
        ("T", None),
        (None, None),
    ],
)
def test_only_valid_dates_are_written(value: str | None, written: str | None) -> None:
    from interviewkit.refi.selections import stamp

    assert stamp("creationDateTime", value) == (
        {"creationDateTime": written} if written else {})
