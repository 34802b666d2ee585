"""Export keeps what a user did: units, memos everywhere, spans, groups, descriptions, GUIDs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import xmlschema

from interviewkit.codebook.model import Code, Codebook
from interviewkit.refi import export_codebook, export_project, import_file
from interviewkit.store import Project
from interviewkit.transcripts import read_transcript
from tests.conftest import DATA, realdata
from tests.refi.helpers import qde, small_project
from tests.refi.test_refi_layouts import REFI, _texts


@pytest.fixture(scope="module")
def schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(DATA / "refi" / "Project.xsd"))


def again(project: Project, folder: Path, schema: xmlschema.XMLSchema) -> Project:
    """Export ``project``, check the file against the schema, import it into a new project."""
    out = folder / "out.qdpx"
    export_project(project, out)
    schema.validate(qde(out).decode("utf-8"))
    fresh = Project.create(folder / "again.db")
    import_file(fresh, out)
    return fresh


def units(project: Project, doc_id: str) -> list[tuple[object, ...]]:
    return [
        (u.index, u.start, u.end, u.speaker, u.interviewer, u.time_start, u.time_end)
        for u in project.transcript(doc_id).units
    ]


def test_a_caption_transcript_keeps_its_turns_speakers_and_times(
    tmp_path: Path, schema: xmlschema.XMLSchema
) -> None:
    with Project(":memory:") as project:
        project.load_codebook(Codebook("b", "1", (Code("x", "X"),)))
        project.add_transcripts([read_transcript(DATA / "transcripts" / "voices.vtt")])
        with again(project, tmp_path, schema) as fresh:
            assert units(fresh, "voices") == units(project, "voices")
            assert [u[3] for u in units(fresh, "voices")] == ["Anna", "Ben", "Anna"]


def test_the_oakland_captions_come_back_as_55_turns(
    tmp_path: Path, schema: xmlschema.XMLSchema
) -> None:
    transcript = read_transcript(realdata("transcripts", "cdp_oakland_captions.vtt"))
    with Project(":memory:") as project:
        project.load_codebook(Codebook("b", "1", (Code("x", "X"),)))
        project.add_transcripts([transcript])
        with again(project, tmp_path, schema) as fresh:
            assert len(fresh.transcript(transcript.id).units) == 55
            assert units(fresh, transcript.id) == units(project, transcript.id)


def test_memos_on_units_codes_documents_and_the_project_survive(
    tmp_path: Path, schema: xmlschema.XMLSchema
) -> None:
    with Project(project_path(tmp_path)) as project:
        before = project.memos()
        with again(project, tmp_path, schema) as fresh:
            after = fresh.memos()
    columns = ["on", "doc_id", "code", "coder", "text"]
    assert sorted(map(tuple, after[columns].astype(str).values)) == sorted(
        map(tuple, before[columns].astype(str).values)
    )
    assert set(before["on"]) == {"document", "code", "coding", "project", "unit"}


def project_path(folder: Path) -> Path:
    """The ATLAS.ti fixture with its texts, imported: groups, a span, a project memo."""
    export = folder / "export"
    (export / "Sources").mkdir(parents=True, exist_ok=True)
    shutil.copy(REFI / "atlasti23_flat_names.qde", export)
    for guid, text in _texts().items():
        (export / "Sources" / f"{guid}.txt").write_text(text, encoding="utf-8")
    path = folder / "atlas.db"
    with Project.create(path) as project:
        import_file(project, export / "atlasti23_flat_names.qde")
        project.memo("The port is the key.", coder="Anna", doc_id="bonn_interview")
        project.memo("Is this economy?", coder="Anna", doc_id="bonn_interview",
                     code="economy", unit_index=2)
    return path


def test_spans_groups_guids_and_segments_survive(
    tmp_path: Path, schema: xmlschema.XMLSchema
) -> None:
    with Project(project_path(tmp_path)) as project:
        out = tmp_path / "out.qdpx"
        export_project(project, out)
        xml = qde(out).decode("utf-8")
        columns = ["doc_id", "unit", "start", "end", "code", "coder", "text"]
        before = sorted(map(tuple, project.segments()[columns].astype(str).values))
        groups = project.code_groups()
        with again(project, tmp_path, schema) as fresh:
            after = sorted(map(tuple, fresh.segments()[columns].astype(str).values))
            assert after == before
            assert fresh.code_groups() == groups
            assert sorted(fresh.coding_spans().values()) != []
            assert fresh.documents().set_index("doc_id")["country"].to_dict() == {
                "bonn_interview": "Germany", "wuhan_interview": "China"}
    # The span is one selection, from the first turn's words to the second's; the
    # quotation memo is on a selection of its turn.
    assert xml.count("<PlainTextSelection ") == 4
    assert 'name="And trust? B: Trust grows slowly"' in xml
    # GUIDs as the tool wrote them: upper case, the user's in braces.
    assert 'guid="{5D2E8F6B-1C3A-4B7E-9F0D-2A4C6E8B0D12}"' in xml
    assert 'guid="D7E1F0A2-3B4C-4D5E-8F60-718293A4B5C6"' in xml
    assert '<Set guid="0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D" name="Motives">' in xml


def test_code_descriptions_come_back_as_written(
    tmp_path: Path, schema: xmlschema.XMLSchema
) -> None:
    codes = (
        Code("drivers", "Drivers of cooperation", description="Why cities cooperate."),
        Code("x_trust", "Trust", description="Trust between partners.\n\nSee: relationship",
             parent="drivers"),
        Code("economy", "Economy"),
    )
    with Project(":memory:") as project:
        project.load_codebook(Codebook("Book", "2", codes))
        out = tmp_path / "out.qdpx"
        export_project(project, out)
        xml = qde(out).decode("utf-8")
        with again(project, tmp_path, schema) as fresh:
            book = fresh.codebook()
    assert "Id:" not in xml
    assert "<Description>Trust between partners.\n\nSee: relationship</Description>" in xml
    assert book is not None and book.version == "2"
    assert [(c.id, c.name, c.parent, c.description) for c in book.codes] == [
        (c.id, c.name, c.parent, c.description) for c in codes
    ]


def test_a_codebook_export_carries_the_code_groups(tmp_path: Path) -> None:
    schema = xmlschema.XMLSchema(str(DATA / "refi" / "Codebook.xsd"))
    with Project(project_path(tmp_path)) as project:
        report = export_codebook(project, tmp_path / "book.qdc")
        groups = project.code_groups()
    schema.validate(str(tmp_path / "book.qdc"))
    assert report.code_groups == 1
    with Project.create(tmp_path / "book.db") as fresh:
        import_file(fresh, tmp_path / "book.qdc")
        assert fresh.code_groups() == groups


def test_the_small_project_with_everything_validates(
    tmp_path: Path, schema: xmlschema.XMLSchema
) -> None:
    with small_project() as project:
        project.memo("Whole study: pilot.", coder="anna", doc_id="bonn_de_01")
        out = tmp_path / "out.qdpx"
        export_project(project, out)
    schema.validate(qde(out).decode("utf-8"))
