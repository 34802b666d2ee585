"""Codings made elsewhere: spans over turns, codes the codebook lacks, a coded spreadsheet."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewkit.analysis.coding_sheet import import_coded_sheet, read_coded_sheet, read_codings
from interviewkit.codebook import load_codebook
from interviewkit.errors import DataError, UsageError
from interviewkit.store import Project
from interviewkit.transcripts import read_transcript
from tests.conftest import CODEBOOK, DATA

CODINGS = DATA / "codings"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    made = Project.create(tmp_path / "p.db", codebook=load_codebook(CODEBOOK))
    made.add_transcripts([read_transcript(DATA / "transcripts" / "bonn_de_01.md")])
    return made


def test_unknown_codes_are_named_together_with_their_rows(project: Project) -> None:
    rows = read_codings(CODINGS / "gold_spans.csv")
    with project, pytest.raises(DataError) as info:
        project.import_codings(rows, coder="gold")
    assert info.value.message == (
        "2 codes the codebook does not have: 'Bildung' (rows 4, 5); 'Begrüßung' (row 6); "
        "nothing was imported"
    )
    assert "--add-codes" in (info.value.hint or "") and "--skip-unknown" in (info.value.hint or "")


def test_skip_unknown_leaves_their_rows_out(project: Project) -> None:
    with project:
        report = project.import_codings(
            read_codings(CODINGS / "gold_spans.csv"), coder="gold", unknown="skip")
        assert report.skipped == {"Bildung": [4, 5], "Begrüßung": [6]}
        assert (report.added, report.spans) == (2, 1)
        assert set(project.codings(coders=["gold"])["code"]) == {
            "networking", "cooperation_potential"}


def test_add_codes_marks_them_as_imported_and_spans_are_kept(project: Project) -> None:
    with project:
        report = project.import_codings(
            read_codings(CODINGS / "gold_spans.csv"), coder="gold", unknown="add",
            source="gold_spans.csv")
        book = project.codebook()
        history = project.codebook_history()
        segments = project.segments(coders=["gold"])
        spans = project.coding_spans()
    assert report.codes_added == ("Bildung (bildung)", "Begrüßung (begrussung)")
    assert book is not None
    assert book.get("begrussung").description == (
        "Imported with codings from gold_spans.csv; no definition yet.")
    assert history.iloc[-1]["source"] == "gold_spans.csv"
    # the codebook keeps its own file: what 'export codebook' names, 'codebook tune' reads
    assert book.source == str(CODEBOOK)
    # Five codings; the one over two turns and the one over three are kept,
    # one coding per turn, each linked to the others of its span.
    assert (report.added, report.spans) == (5, 2)
    bildung = segments[segments["code"] == "bildung"].sort_values("start")
    assert bildung["unit"].tolist() == [3, 4, 5, 5]  # unit 1 is the heading
    assert bildung["text"].tolist()[:3] == [
        "im Amt für internationale Angelegenheiten.", "Und die Partnerschaft mit Chengdu?",
        "Die ist uns sehr wichtig."]
    assert len(spans) == 5 and len(set(spans.values())) == 2


def test_a_span_must_start_in_the_unit_it_names(project: Project) -> None:
    from interviewkit.store.imports import ImportRow

    with project, pytest.raises(DataError,
                                match="row 2: the span 141–151 does not start in unit 3"):
        project.import_codings([ImportRow(2, "bonn_de_01", "networking", 3, 141, 151)],
                               coder="gold")


def test_a_coded_spreadsheet_is_a_transcript_with_its_codings() -> None:
    sheet = read_coded_sheet(CODINGS / "coded_interview.xlsx", metadata={"city": "Duisburg"})
    transcript = sheet.transcript
    assert transcript.id == "coded_interview" and len(transcript.units) == 6
    first, second = transcript.units[:2]
    assert transcript.unit_text(second).startswith("It started with a trade delegation")
    assert (first.speaker, first.interviewer, first.time_start, first.time_end) == (
        "Interviewer", True, 4.0, 19.0)
    assert (second.speaker, second.interviewer) == ("R", False)
    assert transcript.units[-1].time_start == 130.0  # typed as text: 00:02:10
    assert transcript.text.startswith("Interviewer: Thank you for taking the time.")
    assert dict(transcript.metadata) == {"city": "Duisburg", "language": "en"}
    # Tags split on ';', a trailing ';' and spaces are nothing.
    assert sheet.tags == [(2, "economy", 3), (2, "trade", 3), (4, "culture", 5),
                          (4, "Trust", 5), (5, "obstacles", 6)]


def test_importing_a_coded_sheet_adds_transcript_codes_and_codings(project: Project) -> None:
    with project:
        sheet = read_coded_sheet(CODINGS / "coded_interview.xlsx")
        report = import_coded_sheet(project, sheet, coder="anna")
        assert (report.turns, report.added, report.codings) == (6, True, 5)
        assert report.codes_added == ["economy", "trade", "culture", "Trust (trust)", "obstacles"]
        segments = project.segments(coders=["anna"])
        assert len(segments) == 5 and set(segments["unit"]) == {2, 4, 5}
        book = project.codebook()
        assert book is not None and book.source == str(CODEBOOK)  # the sheet is no codebook
        assert project.codebook_history().iloc[-1]["source"].endswith("coded_interview.xlsx")
        again = import_coded_sheet(project, sheet, coder="anna")
        assert (again.added, again.codings, again.codings_present) == (False, 0, 5)
        with pytest.raises(UsageError, match="belong to a person"):
            import_coded_sheet(project, sheet, coder="auto")


def test_coded_sheet_problems_are_named(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text("Zeit,Wer,Inhalt\n1,A,hallo\n", encoding="utf-8")
    with pytest.raises(DataError, match="needs a column with the words of each turn"):
        read_coded_sheet(path)
    sheet = read_coded_sheet(path, columns={"text": "Inhalt", "speaker": "Wer", "time": "Zeit"})
    assert sheet.transcript.units[0].speaker == "A"
    path.write_text("speaker,text,tags\nA,hallo,x\nspeaker,text,tags\nB,ja,y\n", encoding="utf-8")
    with pytest.raises(DataError, match="row 3: this row repeats the header row"):
        read_coded_sheet(path)


def test_a_span_in_no_unit_is_refused(project: Project) -> None:
    """Offsets from another tool that missed the front matter land in it: refused, not
    stored on the first turn."""
    from interviewkit.store.imports import ImportRow

    with project, pytest.raises(
        DataError, match=r"row 2: the span 5–20 of bonn_de_01 \('d: bonn_de_01 c.*lies in no unit"
    ):
        project.import_codings([ImportRow(2, "bonn_de_01", "networking", None, 5, 20)],
                               coder="gold")
