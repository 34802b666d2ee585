"""Word documents: the real HASKI interview and small documents made here."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewkit.errors import TranscriptError
from interviewkit.transcripts import read_transcript
from tests.conftest import realdata


def _docx(path: Path, paragraphs: list[str], table: list[list[str]] | None = None) -> Path:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
        document.add_paragraph("B: Nach der Tabelle.")
    document.save(path)
    return path


def test_real_german_interview():
    transcript = read_transcript(realdata("transcripts", "haski_nodegrade_interview1_german.docx"))

    header, *turns = transcript.units
    assert header.kind == "header" and header.interviewer and header.speaker is None
    assert transcript.unit_text(header).startswith("Interview with S1 and S2")
    assert {u.speaker for u in turns} == {"I", "S1", "S2"}
    assert all(u.interviewer == (u.speaker == "I") for u in turns)
    assert sum(u.interviewer for u in turns) == 4
    assert len(turns) == 13
    assert transcript.language == "de"
    assert transcript.text.startswith("Interview with S1 and S2")
    assert transcript.unit_text(turns[0]).startswith("Wie gut fühlt ihr euch")
    assert transcript.unit_text(turns[1]).startswith("(…) Ich meine")
    assert [u.index for u in transcript.units] == list(range(1, len(transcript.units) + 1))


def test_real_german_interview_sentences():
    transcript = read_transcript(
        realdata("transcripts", "haski_nodegrade_interview1_german.docx"), unit="sentence"
    )

    assert len(transcript.units) > 40
    assert [u.kind for u in transcript.units[:2]] == ["header", "sentence"]
    assert {u.kind for u in transcript.units[1:]} == {"sentence"}
    assert transcript.unit_text(transcript.units[1]) == (
        "Wie gut fühlt ihr euch in Bezug auf die Klausur vorbereitet?"
    )


def test_unlabelled_paragraphs_continue_the_turn(tmp_path):
    path = _docx(
        tmp_path / "t.docx",
        ["Interview Bonn", "I: Erste Frage?", "B: Erster Absatz.", "Zweiter Absatz.", "I: Danke."],
    )

    transcript = read_transcript(path)

    assert transcript.text == (
        "Interview Bonn\nI: Erste Frage?\nB: Erster Absatz.\nZweiter Absatz.\nI: Danke."
    )
    assert [(u.speaker, transcript.unit_text(u)) for u in transcript.units] == [
        (None, "Interview Bonn"),
        ("I", "Erste Frage?"),
        ("B", "Erster Absatz.\nZweiter Absatz."),
        ("I", "Danke."),
    ]
    assert transcript.units[0].kind == "header"
    paragraphs = read_transcript(path, unit="paragraph")
    assert [paragraphs.unit_text(u) for u in paragraphs.units] == [
        "Interview Bonn",
        "Erste Frage?",
        "Erster Absatz.",
        "Zweiter Absatz.",
        "Danke.",
    ]


def test_table_cells_are_read_in_order(tmp_path):
    path = _docx(
        tmp_path / "t.docx",
        ["I: Vor der Tabelle?"],
        table=[["B: Zelle eins", "Zelle zwei"], ["Zelle drei", "I: Zelle vier"]],
    )

    transcript = read_transcript(path)

    assert transcript.text == (
        "I: Vor der Tabelle?\nB: Zelle eins\nZelle zwei\nZelle drei\nI: Zelle vier\n"
        "B: Nach der Tabelle."
    )
    assert [u.speaker for u in transcript.units] == ["I", "B", "I", "B"]


def test_docx_without_labels_has_one_unit_per_paragraph(tmp_path):
    path = _docx(tmp_path / "notes.docx", ["Erste Notiz.", "", "Zweite Notiz."])

    transcript = read_transcript(path)

    assert [transcript.unit_text(u) for u in transcript.units] == ["Erste Notiz.", "Zweite Notiz."]
    assert "no speaker labels found in notes.docx" in transcript.warnings[0]


@pytest.mark.parametrize("content", [b"", b"this is not a zip file at all"])
def test_broken_docx(write, content):
    path = write("kaputt.docx", content)

    with pytest.raises(TranscriptError) as caught:
        read_transcript(path)

    assert str(path) in caught.value.message


def test_empty_docx(tmp_path):
    path = _docx(tmp_path / "leer.docx", ["", "  "])

    with pytest.raises(TranscriptError, match="is empty"):
        read_transcript(path)


def test_word_headings_are_heading_units(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("Interview Bonn 4", level=1)
    document.add_paragraph("I: Erste Frage?")
    document.add_paragraph("B: Antwort.")
    document.add_heading("Teil 2: Die Zukunft", level=2)
    document.add_paragraph("I: Und morgen?")
    document.add_paragraph("B: Mehr Austausch.")
    path = tmp_path / "headings.docx"
    document.save(path)

    transcript = read_transcript(path)

    assert [(u.kind, u.speaker, transcript.unit_text(u)) for u in transcript.units] == [
        ("heading", None, "Interview Bonn 4"),
        ("turn", "I", "Erste Frage?"),
        ("turn", "B", "Antwort."),
        ("heading", None, "Teil 2: Die Zukunft"),
        ("turn", "I", "Und morgen?"),
        ("turn", "B", "Mehr Austausch."),
    ]
