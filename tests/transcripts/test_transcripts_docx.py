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


def _style(styles, style_id: str, name: str | None, kind: str | None, default: bool = False):  # type: ignore[no-untyped-def]
    """Append a ``w:style`` element to a document's styles, as another word processor
    might write it (no type, no name, a second style with an id already used)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    attributes = f'w:styleId="{style_id}"'
    if kind is not None:
        attributes += f' w:type="{kind}"'
    if default:
        attributes += ' w:default="1"'
    name_xml = f'<w:name w:val="{name}"/>' if name is not None else ""
    styles.element.append(parse_xml(f"<w:style {nsdecls('w')} {attributes}>{name_xml}</w:style>"))


@pytest.mark.parametrize("default_name", [None, "Normal", "Title"])
def test_heading_styles_resolve_as_python_docx_does(default_name: str | None) -> None:
    """Each paragraph's heading flag, from one pass over the styles, is the one
    python-docx's ``Paragraph.style`` gives (which looks through them all per paragraph)."""
    import docx

    from interviewkit.transcripts.docx import _heading_styles

    document = docx.Document()
    styles = document.styles
    _style(styles, "Zwischentitel", "heading 3", "paragraph")
    _style(styles, "Zwischentitel", "Normal", "paragraph")  # a second one: the first counts
    _style(styles, "Untyped", "Heading 9", None)  # no type: not a paragraph style
    _style(styles, "Zeichen", "Title Char", "character")
    _style(styles, "Nameless", None, "paragraph")
    _style(styles, "Titel", "title", "paragraph")
    if default_name is not None:
        for style in styles.element.xpath("w:style"):
            if style.type is not None and style.default:
                style.default = False  # this document's own defaults below: the last counts
        other = "Normal" if default_name == "Title" else "Title"
        _style(styles, "Vorgabe", other, "paragraph", default=True)
        _style(styles, "Standard", default_name, "paragraph", default=True)
    ids = [None, "", "Heading1", "Title", "Zwischentitel", "Untyped", "Zeichen", "Nameless",
           "Titel", "Normal", "Standard", "NoSuchStyle"]  # fmt: skip
    for style_id in ids:
        paragraph = document.add_paragraph("B: Text.")
        if style_id is not None:
            paragraph._p.get_or_add_pPr().style = style_id

    is_heading = _heading_styles(document)

    got = [is_heading(p._p.style) for p in document.paragraphs]
    expected = [
        ((p.style.name if p.style is not None else "") or "").lower().startswith(("heading", "title"))
        for p in document.paragraphs
    ]
    assert got == expected
    assert any(expected) and not all(expected)


def test_text_in_tracked_changes_content_controls_and_tags_is_read(tmp_path: Path) -> None:
    """Imitates a transcript corrected with tracked changes still pending, typed into a
    form with content controls, and saved by an older Word with smart tags: the text a
    reader sees is the transcript (insertions in, deletions out), nothing is lost."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    w = nsdecls("w")

    def run(text: str, deleted: bool = False) -> str:
        tag = "w:delText" if deleted else "w:t"
        return f'<w:r><{tag} xml:space="preserve">{text}</{tag}></w:r>'

    paragraphs = [
        run("I: Seit wann?"),
        run("B: Die ")
        + f'<w:del w:id="1" w:author="A" w:date="2024-01-01T00:00:00Z">{run("zweite ", True)}</w:del>'
        + f'<w:ins w:id="2" w:author="A" w:date="2024-01-01T00:00:00Z">{run("erste ")}</w:ins>'
        + run("Partnerschaft, ")
        + f'<w:moveFrom w:id="3" w:author="A" w:date="2024-01-01T00:00:00Z">{run("Kultur ")}</w:moveFrom>'
        + run("Wirtschaft ")
        + f'<w:moveTo w:id="4" w:author="A" w:date="2024-01-01T00:00:00Z">{run("und Kultur")}</w:moveTo>'
        + run("."),
        run("I: Mit wem?"),
        run("B: Mit ")
        + f'<w:sdt><w:sdtPr><w:alias w:val="Stadt"/></w:sdtPr><w:sdtContent>{run("Chengdu")}'
        + "</w:sdtContent></w:sdt>"
        + run(", seit ")
        + '<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="date">'
        + f"{run('12. Mai 1985')}</w:smartTag>"
        + run(", in ")
        + f'<w:customXml w:element="ort">{run("Bonn")}</w:customXml>'
        + run(" unterschrieben ")
        + f'<w:fldSimple w:instr=" DATE ">{run("heute")}</w:fldSimple>'
        + run("."),
    ]
    document = docx.Document()
    body = document.element.body
    for inner in paragraphs:
        body.insert(len(body) - 1, parse_xml(f"<w:p {w}>{inner}</w:p>"))
    # A content control around two whole turns.
    body.insert(
        len(body) - 1,
        parse_xml(
            f"<w:sdt {w}><w:sdtPr/><w:sdtContent><w:p>{run('I: Und heute?')}</w:p>"
            f"<w:p>{run('B: Viele Projekte.')}</w:p></w:sdtContent></w:sdt>"
        ),
    )
    path = tmp_path / "tracked.docx"
    document.save(path)

    transcript = read_transcript(path)

    assert [(u.speaker, transcript.unit_text(u)) for u in transcript.units] == [
        ("I", "Seit wann?"),
        ("B", "Die erste Partnerschaft, Wirtschaft und Kultur."),
        ("I", "Mit wem?"),
        ("B", "Mit Chengdu, seit 12. Mai 1985, in Bonn unterschrieben heute."),
        ("I", "Und heute?"),
        ("B", "Viele Projekte."),
    ]


def test_a_faulty_style_no_paragraph_uses_is_no_error(tmp_path: Path) -> None:
    """As with python-docx alone: only the styles paragraphs use are read."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    _style(document.styles, "Kaputt", None, "paragraph")
    document.styles.element[-1].append(parse_xml(f"<w:name {nsdecls('w')}/>"))  # no value
    document.add_heading("Interview Bonn", level=1)
    document.add_paragraph("I: Seit wann?")
    document.add_paragraph("B: Seit 2009.")
    path = tmp_path / "faulty_style.docx"
    document.save(path)

    transcript = read_transcript(path)

    assert [u.kind for u in transcript.units] == ["heading", "turn", "turn"]


def test_a_table_of_contents_and_empty_placeholders_are_no_text(tmp_path: Path) -> None:
    """Imitates a Word transcript with a generated table of contents (a content control of
    the building block kind) and a form field left empty, showing its placeholder."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    w = nsdecls("w")
    document = docx.Document()
    body = document.element.body
    toc = (
        f"<w:sdt {w}><w:sdtPr><w:docPartObj><w:docPartGallery w:val='Table of Contents'/>"
        "<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>"
        "<w:p><w:r><w:t>Teil 1: Einstieg</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>1</w:t></w:r>"
        "</w:p></w:sdtContent></w:sdt>"
    )
    body.insert(len(body) - 1, parse_xml(toc))
    document.add_paragraph("I: Wie heißen Sie?")
    answer = (
        f"<w:p {w}><w:r><w:t xml:space='preserve'>B: Name: </w:t></w:r>"
        "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:r>"
        "<w:t>Klicken oder tippen Sie hier, um Text einzugeben.</w:t></w:r></w:sdtContent>"
        "</w:sdt></w:p>"
    )
    body.insert(len(body) - 1, parse_xml(answer))
    document.add_paragraph("I: Danke.")
    path = tmp_path / "toc.docx"
    document.save(path)

    transcript = read_transcript(path)

    assert [(u.speaker, transcript.unit_text(u)) for u in transcript.units] == [
        ("I", "Wie heißen Sie?"),
        ("B", "Name:"),
        ("I", "Danke."),
    ]


@pytest.mark.parametrize(
    ("rows", "speakers"),
    [
        # a table of turns with "I:" in the speaker cells
        ([["I:", "Wie oft reisen Sie nach Chengdu?"], ["B:", "Einmal im Jahr, meistens im Herbst."],
          ["I:", "Und die Gäste aus Chengdu?"], ["B:", "Die kommen im Frühjahr zu uns."]],
         ["I", "B", "I", "B"]),
        # a table of data and one of participants are read cell by cell
        ([["Montag", "Mathe"], ["Montag", "Deutsch"], ["Dienstag", "Sport"],
          ["Dienstag", "Kunst"]], [None]),
        ([["Moderatorin", "K. Weiß"], ["Teilnehmerin", "Frau A., 34"],
          ["Teilnehmerin", "Frau B., 51"], ["Teilnehmerin", "Frau C., 45"]], [None]),
    ],
)  # fmt: skip
def test_which_word_tables_are_tables_of_turns(
    tmp_path: Path, rows: list[list[str]], speakers: list[str | None]
) -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    path = tmp_path / "table.docx"
    document.save(path)

    transcript = read_transcript(path)

    assert [u.speaker for u in transcript.units][: len(speakers)] == speakers
    assert all(value in transcript.text for row in rows for value in (row[-1],))
