"""Small pieces of Word documents (python-docx), shared by the report and the codebook.

Text from data goes in as plain runs (python-docx escapes it for XML; control
characters are made visible first by :func:`~interviewkit.export.markup.plain`).
Chinese text gets an East Asian font and language, so that Word picks a
Chinese typeface for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "add_image",
    "new_document",
    "orientation",
    "save",
    "shade",
    "table",
    "text_width_cm",
    "write_cell",
]

#: East Asian font Word uses for Chinese text where it is installed (else its own fallback).
EAST_ASIAN_FONT = "Microsoft YaHei"


def new_document(title: str) -> Any:
    """A new Word document with readable defaults and an East Asian font for Chinese."""
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    document.core_properties.title = title[:250]
    document.core_properties.author = "interviewkit"
    normal = document.styles["Normal"]
    normal.font.size = Pt(10.5)
    r_pr = normal.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = r_pr.makeelement(qn("w:rFonts"), {})
        r_pr.append(fonts)
    fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)
    lang = r_pr.makeelement(qn("w:lang"), {qn("w:val"): "en-GB", qn("w:eastAsia"): "zh-CN"})
    r_pr.append(lang)
    for section in document.sections:
        section.left_margin = section.right_margin = Pt(60)
    return document


def text_width_cm(document: Any) -> float:
    """The width between the margins, in centimetres."""
    section = document.sections[-1]
    return float((section.page_width - section.left_margin - section.right_margin) / 360000)


def table(
    document: Any,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    numeric_from: int | None = None,
    widths: Sequence[float] | None = None,
    size: float = 8,
) -> Any:
    """A table with a bold header row that repeats on every page.

    ``widths`` in centimetres (default: the first column 4.2 cm, the others share
    the rest); a ``\n`` in a cell is a line break; text is ``size`` points.
    """
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm

    grid = document.add_table(rows=1, cols=len(headers))
    grid.style = "Table Grid"
    grid.autofit = False
    head = grid.rows[0]
    tr_pr = head._tr.get_or_add_trPr()
    tr_pr.append(tr_pr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"}))
    for cell, text in zip(head.cells, headers, strict=True):
        write_cell(cell, text, size=size, bold=True)
        shade(cell, "#E8E8E8")
    for values in rows:
        cells = grid.add_row().cells
        for j, (cell, text) in enumerate(zip(cells, values, strict=True)):
            write_cell(cell, str(text), size=size)
            if numeric_from is not None and j >= numeric_from:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if widths is None:
        first = min(4.2, text_width_cm(document) / 2)
        rest = (text_width_cm(document) - first) / max(1, len(headers) - 1)
        widths = [first] + [rest] * (len(headers) - 1)
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
    return grid


def write_cell(cell: Any, text: str, *, size: float = 8.5, bold: bool = False) -> Any:
    """Put ``text`` in a cell's first paragraph (``\n``: a line break); returns the paragraph."""
    from docx.shared import Pt

    paragraph = cell.paragraphs[0]
    lines = text.split("\n")
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.font.size = Pt(size)
        if bold:
            run.bold = True
        if i < len(lines) - 1:
            run.add_break()
    return paragraph


def shade(cell: Any, hex_colour: str, *, light: bool = False) -> None:
    """Fill a table cell with ``#rrggbb`` (``light``: a pale tint of it, text stays legible)."""
    from docx.oxml.ns import qn

    value = hex_colour.lstrip("#")
    if light:
        rgb = [int(value[i : i + 2], 16) for i in (0, 2, 4)]
        value = "".join(f"{round(c + (255 - c) * 0.65):02X}" for c in rgb)
    tc_pr = cell._tc.get_or_add_tcPr()
    tc_pr.append(
        tc_pr.makeelement(
            qn("w:shd"), {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): value}
        )
    )


def add_image(document: Any, png: bytes) -> None:
    """A PNG figure as large as the text area allows (width and height), keeping its shape."""
    import io
    import struct

    from docx.shared import Cm

    width_px, height_px = struct.unpack(">II", png[16:24])
    section = document.sections[-1]
    text_height = float((section.page_height - section.top_margin - section.bottom_margin) / 360000)
    width = min(text_width_cm(document), 17.0, (text_height - 1.5) * width_px / height_px)
    document.add_picture(io.BytesIO(png), width=Cm(width))


def orientation(document: Any, *, landscape: bool) -> None:
    """Start a new page in landscape (wide tables) or portrait."""
    from docx.enum.section import WD_ORIENT, WD_SECTION

    section = document.add_section(WD_SECTION.NEW_PAGE)
    wide = section.page_width > section.page_height
    if wide != landscape:
        section.page_width, section.page_height = section.page_height, section.page_width
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT


def save(document: Any, path: Path) -> Path:
    """Save whole or not at all."""
    from interviewkit.files import write_with

    return write_with(path, lambda temporary: document.save(str(temporary)))
