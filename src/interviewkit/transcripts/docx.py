"""Word transcripts (.docx), read with python-docx.

The text is the document's paragraphs joined by one newline, table cells'
paragraphs included in document order, and with them what Word shows as text
inside tracked insertions not yet accepted, content controls, smart tags and
custom XML (tracked deletions are left out). A paragraph that starts with a
speaker label opens a turn; the paragraphs after it continue that turn. A
paragraph in a heading style (``Heading 1``, ``Title``) is a heading unit.

A .docx is a zip archive of XML parts, and a damaged or hostile one must end
in a clear error, never in an exhausted memory: before python-docx opens it,
every part's uncompressed size (which Python's zip reader also enforces while
reading) is checked against a limit, parts that expand suspiciously are
refused, and XML that declares a DTD or entities (which Word never writes) is
refused. :data:`LIMIT_VARIABLE` raises the limit for genuinely huge documents.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from interviewkit.errors import TranscriptError
from interviewkit.textfiles import normalize_newlines
from interviewkit.transcripts.base import Parsed, ReadOptions
from interviewkit.transcripts.labels import TIME
from interviewkit.transcripts.names import is_known_label, words
from interviewkit.transcripts.text import parse_text

#: The environment variable that sets the largest part of a Word document, in MB.
LIMIT_VARIABLE = "INTERVIEWKIT_DOCX_LIMIT_MB"
#: The default: a document.xml of 64 MB holds some ten thousand pages of text.
DEFAULT_LIMIT_MB = 64
#: Word compresses its XML about ten times; a part that expands more than this
#: (and is large) is a compression bomb, not a transcript.
MAX_RATIO = 100
_RATIO_FLOOR = 10 * 2**20
_WORD_HINT = "Open it in Word or LibreOffice and save it again as .docx, or export .txt."


class DocxReader:
    """Reads ``.docx`` files."""

    suffixes: tuple[str, ...] = (".docx",)

    def read(self, path: Path, data: bytes, options: ReadOptions) -> Parsed:
        """Join the document's paragraphs and find its turns."""
        if not data.strip():
            raise TranscriptError(
                f"{path} is empty", hint="Save the transcript again from Word and retry."
            )
        check_archive(path, data)
        try:
            document = _open(path, data)
            headings_by_style = _heading_styles(document)
            paragraphs = [
                (normalize_newlines(text), heading)
                for text, heading in _paragraphs(document, headings_by_style)
            ]
        except TranscriptError:
            raise
        except Exception as exc:  # lxml and python-docx raise many kinds for damaged XML
            raise _damaged(path, data, exc) from None
        while paragraphs and not paragraphs[0][0].strip():
            paragraphs.pop(0)
        text = "\n".join(text for text, _ in paragraphs)
        headings = _heading_lines(paragraphs)
        if not text.strip():
            raise TranscriptError(
                f"{path} is empty: the document has no text",
                hint="Check that the transcript is typed into the document, not pasted as "
                "an image or a text box.",
            )
        return parse_text(
            text,
            path,
            options,
            metadata={},
            body_start=0,
            encoding="utf-8",
            paragraph_break="line",
            heading_lines=headings,
        )


def _heading_lines(paragraphs: list[tuple[str, bool]]) -> frozenset[int]:
    """The line numbers (from 0) of the text that are Word headings."""
    lines: set[int] = set()
    line = 0
    for text, heading in paragraphs:
        if heading and text.strip() and "\n" not in text.strip():
            lines.add(line)
        line += text.count("\n") + 1
    return frozenset(lines)


def limit_bytes() -> int:
    """The largest uncompressed part of a Word document that is read, in bytes."""
    raw = os.environ.get(LIMIT_VARIABLE, "").strip()
    try:
        megabytes = float(raw) if raw else DEFAULT_LIMIT_MB
    except ValueError:
        megabytes = DEFAULT_LIMIT_MB
    return int(max(megabytes, 1) * 2**20)


def check_archive(path: Path, data: bytes) -> None:
    """Refuse a .docx whose parts are too large, expand like a bomb, or declare entities."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise TranscriptError(
            f"{path} is not a Word document that can be read ({type(exc).__name__})",
            hint=_WORD_HINT,
        ) from None
    limit = limit_bytes()
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > limit:
            raise _too_large(path, member, f"over the limit of {limit // 2**20:,} MB")
        if member.file_size > _RATIO_FLOOR and ratio > MAX_RATIO:
            raise _too_large(
                path, member, f"{ratio:,.0f} times its packed size (a Word document: ~10)"
            )
    if total > 4 * limit:
        raise TranscriptError(
            f"{path}: the parts of this Word document expand to {total / 2**20:,.0f} MB, "
            f"over the limit of {4 * limit // 2**20:,} MB",
            hint=f"If it is a genuine document, raise the limit (in MB for one part) with "
            f"the environment variable {LIMIT_VARIABLE}, or export the transcript as .txt.",
        )
    for member in members:
        if member.filename.endswith((".xml", ".rels")):
            with archive.open(member) as part:
                head = part.read(65536)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise TranscriptError(
                    f"{path}: the part {member.filename} declares a DTD or entities, "
                    "which Word never writes; it is not read",
                    hint=_WORD_HINT,
                )


def _too_large(path: Path, member: zipfile.ZipInfo, why: str) -> TranscriptError:
    return TranscriptError(
        f"{path}: the part {member.filename} expands to {member.file_size / 2**20:,.0f} MB, {why}",
        hint=f"If it is a genuine document, raise the limit (in MB) with the environment "
        f"variable {LIMIT_VARIABLE}, e.g. {LIMIT_VARIABLE}=512, or export the transcript "
        "as .txt.",
    )


def _damaged(path: Path, data: bytes, exc: Exception) -> TranscriptError:
    """The error for a document python-docx could not read, naming the broken part."""
    where = _broken_part(data)
    detail = f"{where[0]}, line {where[1]}: {_plain(where[2])}" if where else type(exc).__name__
    return TranscriptError(
        f"{path} is a damaged Word document ({detail})",
        hint=_WORD_HINT,
    )


def _plain(message: str) -> str:
    """The parser's message without advice meant for programmers (its option names)."""
    depth = re.search(r"Excessive depth in document: (\d+)", message)
    if depth:
        return f"elements nested more than {depth[1]} levels deep, which Word never writes"
    return re.sub(r",? use XML_PARSE_HUGE option", "", message)


def _broken_part(data: bytes) -> tuple[str, int, str] | None:
    """The first XML part that does not parse: its name, line and the parser's message."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.infolist():
            if not member.filename.endswith((".xml", ".rels")):
                continue
            try:
                etree.fromstring(archive.read(member), parser)
            except etree.XMLSyntaxError as exc:
                message = str(exc.msg or exc).split(", line")[0]
                return member.filename, int(exc.lineno or 0), message
    return None


def _open(path: Path, data: bytes) -> Any:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TranscriptError(
            f"{path} is not a Word document that can be read ({type(exc).__name__})",
            hint=_WORD_HINT,
        ) from exc


def _heading_styles(document: Any) -> Callable[[str | None], bool]:
    """Whether a paragraph whose style has a given id (None: none given) is in a heading
    style (``Heading 1``, ``Title``).

    Resolved as python-docx's ``Paragraph.style`` resolves it (the first style with the
    id if it is a paragraph style, else the last default paragraph style), and only for
    the styles paragraphs use, as there (a fault in a style no paragraph uses is no
    error), but once per style: ``Paragraph.style`` looks through every style of the
    document for each paragraph, most of the time of reading a long document.
    """
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn
    from docx.styles import BabelFish

    paragraph = WD_STYLE_TYPE.PARAGRAPH
    styles = document.styles.element

    def heading(style: Any) -> bool:
        name: str | None = style.name_val if style is not None else None
        if not name:
            return False
        return str(BabelFish.internal2ui(name)).lower().startswith(("heading", "title"))

    first: dict[str, Any] = {}  # the first style with each id
    for style in styles.iterchildren(qn("w:style")):
        first.setdefault(style.get(qn("w:styleId")), style)
    known: dict[str | None, bool] = {}

    def is_heading(style_id: str | None) -> bool:
        key = style_id or None
        if key not in known:
            style = first.get(key) if key else None
            if style is None or style.type != paragraph:
                style = styles.default_for(paragraph)
            known[key] = heading(style)
        return known[key]

    return is_heading


#: WordprocessingML's namespace, as lxml writes a tag.
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: Inside a paragraph, what holds runs of its text besides the paragraph itself:
#: insertions and moves not yet accepted (tracked changes), content controls, smart tags,
#: custom XML, simple fields (their result), links, text direction. Deletions
#: (``w:del``, ``w:moveFrom``) are not the text.
_RUN_HOLDERS = frozenset(
    _W + tag
    for tag in (
        "hyperlink", "ins", "moveTo", "sdt", "sdtContent", "smartTag", "customXml",
        "fldSimple", "dir", "bdo",
    )
)  # fmt: skip
#: Around paragraphs and tables: content controls and custom XML.
_BLOCK_HOLDERS = frozenset(_W + tag for tag in ("sdt", "sdtContent", "customXml"))


def _looked_into(element: Any, holders: frozenset[str]) -> bool:
    """Whether ``element`` is one of the ``holders`` whose content is read: not a content
    control that holds what Word made rather than what was typed (a table of contents, a
    bibliography or a cover page, which are building blocks, or the placeholder text of
    a control left empty, "Klicken oder tippen Sie hier …")."""
    if element.tag not in holders:
        return False
    if element.tag != _W + "sdt":
        return True
    properties = element.find(_W + "sdtPr")
    return properties is None or (
        properties.find(_W + "docPartObj") is None and properties.find(_W + "showingPlcHdr") is None
    )


def _paragraphs(
    document: Any, is_heading: Callable[[str | None], bool]
) -> Iterator[tuple[str, bool]]:
    """Texts of the document's paragraphs, tables' cells in reading order, each with
    whether it has a heading style (``is_heading``: by the style's id).

    Read from the XML, as python-docx reads a paragraph's runs, but also the runs and
    paragraphs that python-docx passes over: tracked insertions not yet accepted, and
    content controls, smart tags and custom XML around text (older Word versions and
    forms write them), which would otherwise be lost without a word. Content controls
    of what Word generates (a table of contents, a placeholder) are left out; those
    around table rows or cells are not looked into (python-docx reads a table's rows).
    A table of turns (a row per turn: the time, the speaker, the text) gives a
    paragraph per row, written as such a line is (``[00:00:02] I: Wie oft …``).
    """
    from docx.table import Table

    paragraph, table, run = _W + "p", _W + "tbl", _W + "r"
    parent = document._body

    def text(element: Any) -> Iterator[str]:
        for child in element:
            if child.tag == run:
                yield child.text  # python-docx's run text: w:t, tabs, breaks
            elif _looked_into(child, _RUN_HOLDERS):
                yield from text(child)

    def blocks(element: Any) -> Iterator[tuple[str, bool]]:
        for child in element:
            if child.tag == paragraph:
                yield "".join(text(child)), is_heading(child.style)
            elif child.tag == table:
                rows = _rows(Table(child, parent), blocks)
                turns = _table_turns(rows)
                yield from (
                    turns if turns is not None else (p for row in rows for c in row for p in c)
                )
            elif _looked_into(child, _BLOCK_HOLDERS):
                yield from blocks(child)

    yield from blocks(document.element.body)


def _rows(
    table: Any, blocks: Callable[[Any], Iterator[tuple[str, bool]]]
) -> list[list[list[tuple[str, bool]]]]:
    """A table's rows: each cell's paragraphs, a merged cell once (python-docx gives it
    once per grid column it spans, and once per row of a vertical merge)."""
    seen: set[Any] = set()
    rows = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            if cell._tc not in seen:
                seen.add(cell._tc)
                cells.append(list(blocks(cell._tc)))
        rows.append(cells)
    return rows


#: A cell that holds a time only (``00:00:02``, ``[00:01:05]``, ``0:02.5``).
_TIME_CELL = re.compile(rf"[\[(]?{TIME}[\])]?")
#: What the first row of a table of turns says above the speakers and the text.
_HEADS = words(
    "sprecher sprecherin speaker name person rolle role 说话人 說話人 发言人 發言人",
    "text transkript transcript inhalt äußerung aussage wortlaut utterance 内容 內容",
    "zeit time zeitmarke timestamp 时间 時間",
)


def _table_turns(rows: list[list[list[tuple[str, bool]]]]) -> list[tuple[str, bool]] | None:
    """A table of turns, a paragraph per row: ``[time] speaker: text``; None for any other
    table (its cells are read as paragraphs).

    A table of turns has two or three columns in every row: the last holds what was
    said; one before it the speakers, short names of which few recur; another, if any,
    the times. Its first row names the columns (``Zeit | Sprecher | Text``, left out), or
    a speaker is one transcribers commonly use (``I``, ``B``, ``Interviewer``, ``问``);
    and what was said is speech, not a list: a table of data (``Montag | Mathe``) or of
    participants (``Moderatorin | K. Weiß``) is read cell by cell.
    """
    texts = [["\n".join(text for text, _ in cell).strip() for cell in cells] for cells in rows]
    width = len(texts[0]) if texts else 0
    if width not in (2, 3) or any(len(row) != width for row in texts):
        return None
    headed = all(cell.casefold().rstrip(":：") in _HEADS for cell in texts[0])
    if headed:
        texts = texts[1:]
    if len(texts) < 3:
        return None
    columns = list(zip(*texts, strict=True))
    times = [
        i for i, column in enumerate(columns[:-1])
        if all(_TIME_CELL.fullmatch(value) for value in column if value) and any(column)
    ]  # fmt: skip
    names = [i for i in range(width - 1) if i not in times]
    if len(names) != 1 or len(times) > 1:
        return None
    speakers = [name.rstrip(":：").strip() for name in columns[names[0]]]  # "I:" is "I"
    if not all(speakers) or any(len(name) > 40 or "\n" in name for name in speakers):
        return None
    if len(set(speakers)) > max(2, len(speakers) // 2):
        return None
    if not (headed or any(is_known_label(name) for name in speakers)):
        return None
    if sum(map(len, columns[-1])) < 20 * len(texts):  # a list of short entries
        return None
    turns = []
    for row, speaker in zip(texts, speakers, strict=True):
        stamp = f"[{row[times[0]].strip('[]()')}] " if times and row[times[0]] else ""
        turns.append((f"{stamp}{speaker}: {row[-1]}", False))
    return turns
