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

__all__ = ["add_image", "new_document", "save", "shade", "table"]

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


def table(
    document: Any,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    numeric_from: int | None = None,
) -> Any:
    """A table with a bold header row that repeats on every page."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    grid = document.add_table(rows=1, cols=len(headers))
    grid.style = "Table Grid"
    head = grid.rows[0]
    tr_pr = head._tr.get_or_add_trPr()
    tr_pr.append(tr_pr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"}))
    for cell, text in zip(head.cells, headers, strict=True):
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        shade(cell, "#E8E8E8")
    for values in rows:
        cells = grid.add_row().cells
        for j, (cell, text) in enumerate(zip(cells, values, strict=True)):
            cell.paragraphs[0].add_run(str(text))
            if numeric_from is not None and j >= numeric_from:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return grid


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


def add_image(document: Any, png: bytes, *, width_cm: float = 16.0) -> None:
    """A PNG figure at the text width."""
    import io

    from docx.shared import Cm

    document.add_picture(io.BytesIO(png), width=Cm(width_cm))


def save(document: Any, path: Path) -> Path:
    """Save whole or not at all."""
    from interviewkit.export.outfile import write_with

    return write_with(path, lambda temporary: document.save(str(temporary)))
