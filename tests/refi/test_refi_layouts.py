"""Import of the layouts other tools write (tests/data/refi/README.md says which imitates what)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from interviewkit.errors import ExchangeError
from interviewkit.refi import import_file
from interviewkit.store import Project
from tests.conftest import DATA

REFI = DATA / "refi"


def _texts() -> dict[str, str]:
    import importlib.util

    spec = importlib.util.spec_from_file_location("fixtures", REFI / "build_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return dict(module.ATLAS_TEXTS)


def test_a_bare_qde_without_its_texts_brings_its_codebook_groups_and_notes(tmp_path: Path) -> None:
    with Project.create(tmp_path / "a.db") as project:
        report = import_file(project, REFI / "atlasti23_flat_names.qde")
        book = project.codebook()
        groups = project.code_groups()
        memos = project.memos()
        guids = project.exchange_guids()
    assert book is not None and report.origin.startswith("ATLAS.ti")
    # Parent::Child in flat names is a hierarchy; a missing parent is made, an
    # existing one (named after its child in the file) is used.
    assert [(c.name, c.parent) for c in book.walk()] == [
        ("Drivers", None), ("Economy", "drivers"), ("Culture", "drivers"),
        ("Relationship", None), ("Trust", "relationship"), ("Doubt", "trust"),
        ("Prestige", None),
    ]
    assert groups == {
        "Motives": ("", "0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D", ["economy", "culture", "prestige"])
    }
    # A memo on a quotation of a text that is not there is kept, on the project.
    assert sorted(zip(memos["on"], memos["text"], strict=True)) == [
        ("code", "Code doubt only when the speaker says so."),
        ("project", "On the source 'bonn_interview', which was not imported: She laughs "
                    "here: doubts, but said lightly."),
        ("project", "Second coding round after the workshop in Wuhan."),
    ]
    # GUIDs keep the case and braces the tool wrote.
    assert guids["code"]["economy"] == "D7E1F0A2-3B4C-4D5E-8F60-718293A4B5C6"
    assert guids["user"]["Anna"] == "{5D2E8F6B-1C3A-4B7E-9F0D-2A4C6E8B0D12}"
    assert report.sources == [] and len(report.not_placed) == 2
    assert "text source 'bonn_interview' and its 2 coding(s)" in report.not_placed[0]
    assert "was not sent with atlasti23_flat_names.qde" in report.not_placed[0]


def test_a_bare_qde_beside_its_sources_folder(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    (folder / "Sources").mkdir(parents=True)
    shutil.copy(REFI / "atlasti23_flat_names.qde", folder)
    for guid, text in _texts().items():
        (folder / "Sources" / f"{guid}.txt").write_text(text, encoding="utf-8")
    with Project.create(tmp_path / "a.db") as project:
        report = import_file(project, folder / "atlasti23_flat_names.qde")
        segments = project.segments()
        documents = project.documents().set_index("doc_id")
        germany = project.segments(where={"country": "Germany"})
        spans = project.coding_spans()
        memos = project.memos()
    assert report.sources == ["bonn_interview", "wuhan_interview"] and report.not_placed == []
    assert report.codings == 3 and report.spans == 1
    # The coding over two turns is one coding per turn, linked.
    trust = segments[segments["code"] == "trust"]
    assert trust["text"].tolist() == ["And trust?", "Trust grows slowly"]
    assert len(set(spans.values())) == 1 and len(spans) == 2
    # Document sets are attributes: Key::Value sets Key; a plain set is yes/no.
    assert documents["country"].to_dict() == {"bonn_interview": "Germany", "wuhan_interview": "China"}
    assert documents["Pilot interviews"].to_dict() == {"bonn_interview": "yes", "wuhan_interview": "no"}
    assert set(germany["doc_id"]) == {"bonn_interview"}
    assert report.attributes == ["country", "Pilot interviews"]
    # A free quotation with a memo linked to it: a memo on the turn it is in, by its author.
    unit_memo = memos[memos["on"] == "unit"]
    assert unit_memo[["doc_id", "unit", "coder", "created"]].values.tolist() == [
        ["bonn_interview", 4, "Anna", "2024-05-02T14:03:00Z"]]
    assert report.memos == 3


def test_document_set_attributes_work_in_by(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "export"
    (folder / "Sources").mkdir(parents=True)
    shutil.copy(REFI / "atlasti23_flat_names.qde", folder)
    for guid, text in _texts().items():
        (folder / "Sources" / f"{guid}.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "a.db"
    assert cli("import", folder / "atlasti23_flat_names.qde", "-p", db).exit_code == 0
    result = cli("themes", "--by", "Pilot interviews", "-p", db)
    assert result.exit_code == 0, result
    assert "yes" in result.stdout and "no" in result.stdout


def test_a_maxqda_codebook_only_project_gives_a_project_with_that_codebook(tmp_path: Path) -> None:
    with Project.create(tmp_path / "m.db") as project:
        report = import_file(project, REFI / "maxqda22_codebook_only.qdpx")
        book = project.codebook()
        memos = project.memos()
        groups = project.code_groups()
    assert book is not None and len(book.codes) == 10 and report.codings == 0
    assert book.get("handel").parent == "wirtschaft"
    assert book.get("wirtschaft").description == "Handel, Investitionen, Häfen."
    assert groups["Erste Welle"][2] == ["handel", "vertrauen"]
    assert groups["Erste Welle"][0] == "Codes der ersten Kodierrunde"
    on = dict(zip(memos["text"], zip(memos["on"], memos["code"], strict=True), strict=True))
    assert on["Codebuch der Pilotphase; Definitionen mit dem Team abgestimmt."][0] == "project"
    assert on["Nur wenn das Ansehen der Stadt ausdrücklich genannt wird."] == ("code", "prestige")
    assert report.users == ["SK"] and report.not_placed == [] and report.skipped == []


def test_texts_named_without_internal_are_found_under_sources(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p.db") as project:
        report = import_file(project, REFI / "plain_paths.qdpx")
        segments = project.segments()
    assert report.sources == ["board_2017", "board_2018"] and report.not_placed == []
    assert report.codings == 3
    assert sorted(segments["text"]) == [
        "The school exchange will continue next year.", "Trade fell.",
        "Trade with Chengdu grew again.",
    ]


def test_an_empty_sources_folder_keeps_the_codebook_and_counts_other_sources(
    tmp_path: Path,
) -> None:
    with Project.create(tmp_path / "e.db") as project:
        report = import_file(project, REFI / "empty_sources.qdpx")
        memos = project.memos()
        assert [c.name for c in project.codebook().codes] == ["Trade", "Culture"]  # type: ignore[union-attr]
    assert report.other_sources == {"PDF": 1, "audio": 1} and report.other_codings == 1
    (line,) = report.not_placed
    assert "text source 'Interview Bonn' and its 1 coding(s)" in line and "is empty" in line
    # The memo on the missing text is kept, on the project, saying where it was.
    assert memos["text"].tolist() == [
        "On the source 'Interview Bonn', which was not imported: Recorded in the town hall; noisy."
    ]


def test_the_cli_lists_what_it_could_not_place(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("import", REFI / "empty_sources.qdpx", "-p", tmp_path / "e.db")
    assert result.exit_code == 0, result
    assert "other sources, not imported: 1 PDF, 1 audio, with 1 coding(s)" in result.stderr
    assert "Warning: not imported: text source 'Interview Bonn'" in result.stderr


def _nested(depth: int) -> str:
    opening = "".join(
        f'<Code guid="00000000-0000-4000-8000-{i:012d}" name="c{i}" isCodable="true">'
        for i in range(depth)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="x">'
        f"<CodeBook><Codes>{opening}{'</Code>' * depth}</Codes></CodeBook></Project>"
    )


@pytest.mark.parametrize("depth", [65, 5000])
def test_codes_nested_thousands_deep_are_a_located_error(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "deep.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", _nested(depth))
    with Project.create(tmp_path / "d.db") as project:
        with pytest.raises(ExchangeError, match=r"nested \d+ deep \(c0 > c1 > c2 > …") as info:
            import_file(project, path)
        assert project.code_names() == {}
    assert "up to 64 levels" in info.value.message


def test_deep_codes_through_the_cli_leave_no_traceback(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "deep.qde"
    path.write_text(_nested(3000), encoding="utf-8")
    result = cli("import", path, "-p", tmp_path / "d.db")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert "nested 65 deep" in result.stderr and not (tmp_path / "d.db").exists()


def test_a_code_group_is_shown_and_used(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "export"
    (folder / "Sources").mkdir(parents=True)
    shutil.copy(REFI / "atlasti23_flat_names.qde", folder)
    for guid, text in _texts().items():
        (folder / "Sources" / f"{guid}.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "a.db"
    assert cli("import", folder / "atlasti23_flat_names.qde", "-p", db).exit_code == 0
    result = cli("status", "-p", db)
    assert "Code groups: Motives (3 codes)" in result.stdout
    result = cli("segments", "--code", "Motives", "-p", db)
    assert result.exit_code == 0, result
    assert "economy" in result.stdout and "trust" not in result.stdout


def test_maxqda_comments_on_segments_and_on_text_become_memos(tmp_path: Path) -> None:
    with Project.create(tmp_path / "m.db") as project:
        report = import_file(project, REFI / "maxqda24_comments.qdpx")
        memos = project.memos()
        codings = project.codings()
    assert report.codings == 2 and report.skipped == [] and report.not_placed == []
    rows = memos[["on", "doc_id", "unit", "code", "coding_coder", "coder", "text", "created"]]
    assert rows.astype(object).where(rows.notna(), None).values.tolist() == [
        # The comment on a coded segment is a memo on that coding.
        ["coding", "Interview 07", 2, "hafen", "SK", "SK", "Kurz und bestimmt.",
         "2024-06-03T10:11:00Z"],
        # A comment on text with no code: a memo on the turn it is in.
        ["unit", "Interview 07", 2, None, None, "SK", "Name der Lehrerin nachfragen",
         "2024-06-03T10:13:00Z"],
    ]
    assert sorted(codings["code"]) == ["hafen", "schulen"]
