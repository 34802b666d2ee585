"""The codebook for people: an appendix of a paper, a coder's training material.

Every code in its hierarchy and colour, with its definition, inclusion and
exclusion criteria and examples (and, when asked, its rules per language), as
a self-contained HTML page, a Markdown file or a Word document. The HTML and
Word parts are shared with the study report (:mod:`.html_report`,
:mod:`.docx_report`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewkit.export.markup import anchors, colour, esc, md, plain

if TYPE_CHECKING:
    from interviewkit.codebook.model import Code, Codebook

__all__ = [
    "CODEBOOK_FORMATS",
    "add_codebook_table",
    "codebook_html",
    "codebook_markdown",
    "export_codebook",
    "lang_of",
]

CODEBOOK_FORMATS = ("html", "md", "docx")


def lang_of(text: str) -> str | None:
    """``zh`` for text with Chinese characters (so a browser picks a Chinese font)."""
    return "zh" if any("\u3400" <= ch <= "\u9fff" for ch in text) else None


def _lang_attr(text: str) -> str:
    lang = lang_of(text)
    return f' lang="{lang}"' if lang else ""


def _rules(code: Code) -> list[tuple[str, str]]:
    return [
        (lang, ", ".join(rule.value for rule in rules))
        for lang, rules in sorted(code.keywords.items())
        if rules
    ]


def codebook_html(
    book: Codebook,
    ids: dict[str, str] | None = None,
    *,
    rules: bool = False,
    links: Callable[[Code], str] | None = None,
) -> str:
    """The codes as nested ``<article>`` elements (children inside their parent).

    ``ids`` maps each code to its HTML id (``cb-`` is put before it); ``links``
    gives extra HTML for a code (the report links its quotes and table rows).
    """
    ids = ids or anchors(c.id for c in book.walk())

    def article(code: Code) -> str:
        swatch = colour(code.color)
        style = f' style="--code-colour:{swatch}"' if swatch else ""
        parts = [
            f'<article class="code" id="cb-{ids[code.id]}"{style}>',
            f'<h3><span class="swatch" aria-hidden="true"></span>{esc(code.name)} '
            f'<span class="code-id">{esc(code.id)}</span></h3>',
        ]
        if code.description:
            parts.append(
                f'<p class="definition"{_lang_attr(code.description)}>{esc(code.description)}</p>'
            )
        terms = []
        if code.include:
            terms.append(("Include", f"<p>{esc(code.include)}</p>"))
        if code.exclude:
            terms.append(("Exclude", f"<p>{esc(code.exclude)}</p>"))
        if code.examples:
            items = "".join(f"<li{_lang_attr(e)}>{esc(e)}</li>" for e in code.examples)
            terms.append(("Examples", f'<ul class="examples">{items}</ul>'))
        if rules:
            for lang, shown in _rules(code):
                terms.append((f"Rules ({esc(lang)})", f'<p class="rules">{esc(shown)}</p>'))
        if terms:
            parts.append(
                '<dl class="criteria">'
                + "".join(f"<dt>{label}</dt><dd>{body}</dd>" for label, body in terms)
                + "</dl>"
            )
        if links is not None:
            parts.append(links(code))
        children = book.children(code.id)
        if children:
            parts.append('<div class="children">')
            parts.extend(article(child) for child in children)
            parts.append("</div>")
        parts.append("</article>")
        return "\n".join(parts)

    return "\n".join(article(code) for code in book.children(None))


def codebook_page(book: Codebook, *, rules: bool = False) -> str:
    """A self-contained HTML page of the codebook (styles inline, no script, no network)."""
    from interviewkit.export.html_page import page

    head = f"<h1>{esc(book.name)}</h1>"
    head += f'<p class="meta">Version {esc(book.version)} · {len(book.codes)} codes</p>'
    if book.description:
        head += f'<p class="lead">{esc(book.description)}</p>'
    body = f'<main class="solo">{head}<section id="codebook">{codebook_html(book, rules=rules)}'
    body += "</section></main>"
    return page(f"{book.name}: codebook", body, script=False)


def codebook_markdown(book: Codebook, *, rules: bool = False) -> str:
    """The codebook as Markdown: a heading per code (deeper codes, deeper headings)."""
    lines = [f"# {md(book.name)}", "", f"Version {md(book.version)}, {len(book.codes)} codes.", ""]
    if book.description:
        lines += [md(book.description), ""]
    for code in book.walk():
        level = min(6, 2 + book.depth(code.id))
        lines += [f"{'#' * level} {md(code.name)} ({md(code.id)})", ""]
        parent = book.get(code.parent).name if code.parent else None
        facts = []
        if parent:
            facts.append(f"Under: {md(parent)}")
        if colour(code.color):
            facts.append(f"Colour: {code.color}")
        if facts:
            lines += ["; ".join(facts) + ".", ""]
        if code.description:
            lines += [md(code.description), ""]
        if code.include:
            lines += [f"**Include:** {md(code.include)}", ""]
        if code.exclude:
            lines += [f"**Exclude:** {md(code.exclude)}", ""]
        if code.examples:
            lines += ["**Examples:**", ""] + [f"- {md(e)}" for e in code.examples] + [""]
        if rules:
            for lang, shown in _rules(code):
                lines += [f"**Rules ({md(lang)}):** {md(shown)}", ""]
    return "\n".join(lines).rstrip() + "\n"


def add_codebook_table(document: Any, book: Codebook, *, rules: bool = False) -> Any:
    """The codebook as a Word table: code (indented by level, shaded in its colour),
    definition with the inclusion and exclusion criteria (and rules), examples."""
    from docx.shared import Pt

    from interviewkit.export.docx_parts import shade, table, text_width_cm, write_cell

    width = text_width_cm(document)
    grid = table(
        document,
        ["Code", "Definition and criteria", "Examples"],
        [],
        widths=[3.6, (width - 3.6) * 0.62, (width - 3.6) * 0.38],
    )
    for code in book.walk():
        cells = grid.add_row().cells
        name = write_cell(cells[0], plain(code.name), size=9, bold=bool(book.children(code.id)))
        name.paragraph_format.left_indent = Pt(8 * book.depth(code.id))
        write_cell(cells[0], f"\n{plain(code.id)}", size=7.5)
        parts = [("", code.description), ("Include: ", code.include), ("Exclude: ", code.exclude)]
        if rules:
            parts += [(f"Rules ({lang}): ", shown) for lang, shown in _rules(code)]
        first = True
        for label, text in parts:
            if not text:
                continue
            paragraph = cells[1].paragraphs[0] if first else cells[1].add_paragraph()
            first = False
            if label:
                run = paragraph.add_run(label)
                run.bold, run.font.size = True, Pt(8.5)
            paragraph.add_run(plain(text)).font.size = Pt(8.5)
        write_cell(cells[2], "\n".join(f"• {plain(e)}" for e in code.examples))
        swatch = colour(code.color)
        if swatch:
            shade(cells[0], swatch, light=True)
    for row in grid.rows[1:]:
        for cell, column in zip(row.cells, grid.columns, strict=True):
            cell.width = column.width
    return grid


def export_codebook(book: Codebook, path: str | Path, *, rules: bool = False) -> Path:
    """Write ``book`` to ``path``: .html, .md or .docx (from the suffix)."""
    from interviewkit.export.tables import check_output_path
    from interviewkit.files import write_bytes

    path = check_output_path(path, dict.fromkeys(CODEBOOK_FORMATS), what="a codebook format")
    suffix = path.suffix.lower()
    if suffix == ".md":
        write_bytes(path, codebook_markdown(book, rules=rules).encode("utf-8"))
    elif suffix == ".html":
        write_bytes(path, codebook_page(book, rules=rules).encode("utf-8"))
    else:
        from interviewkit.export.docx_parts import new_document, save

        document = new_document(f"{book.name}: codebook")
        document.add_heading(plain(book.name), level=0)
        document.add_paragraph(f"Version {plain(book.version)} · {len(book.codes)} codes")
        if book.description:
            document.add_paragraph(plain(book.description))
        add_codebook_table(document, book, rules=rules)
        save(document, path)
    return path
