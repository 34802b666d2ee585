"""The study report as one self-contained HTML file.

Styles, the search script and the figures (SVG) are inside the file; it loads
nothing (a Content-Security-Policy forbids it), so it opens from an e-mail
attachment and works offline. Sections: the study at a glance, the codebook,
themes and comparisons with their figures, quotes per code, agreement, memos;
a table of contents, links from a code to its quotes and its table rows and
back, a print stylesheet and text search.

Everything from a transcript, a codebook or the metadata is escaped
(:mod:`.markup`): a transcript is data, never markup.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from interviewkit.export.codebook_export import codebook_html, lang_of
from interviewkit.export.html_page import page
from interviewkit.export.html_tables import (
    agreement_table,
    comparison_table,
    overall_line,
    residual_legend,
    theme_table,
)
from interviewkit.export.markup import anchors, colour, esc
from interviewkit.export.report import time_label

if TYPE_CHECKING:
    from interviewkit.analysis.compare import Comparison
    from interviewkit.codebook.model import Code
    from interviewkit.export.report import Quote, StudyReport

__all__ = ["page", "report_html", "write_html_report"]

#: An id in matplotlib's SVG and every reference to one.
_SVG_ID = re.compile(r'(\bid="|href="#|url\(#)([^"\)]+)')
_SVG_FONT = re.compile(r"(font-family: [^;\"]+?)(?=[;\"])")


def _svg(data: bytes, prefix: str) -> str:
    """matplotlib's SVG, inline: no XML prolog, no metadata, its ids made unique (``prefix``)."""
    text = data.decode("utf-8")
    text = _SVG_ID.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", text)
    # The fonts the figure was drawn with may not be on the reader's machine: fall back to
    # the browser's sans-serif (which finds a Chinese font there), never to its serif.
    text = _SVG_FONT.sub(r"\1, sans-serif", text)
    text = text[text.index("<svg") :]
    start, end = text.find("<metadata>"), text.find("</metadata>")
    if start >= 0 and end > start:
        text = text[:start] + text[end + len("</metadata>") :]
    return text


def report_html(report: StudyReport, *, font: str | None = None) -> str:
    """The report as one HTML document (a string)."""
    ids = anchors([c.id for c in report.codebook.walk()] + list(report.quotes))
    keys = {t.by[0]: f"b{i}" for i, t in enumerate(report.themes, 1)}
    sections = [
        ("glance", "The study at a glance", _glance(report)),
        ("codebook", "Codebook", _codebook(report, ids, keys)),
        ("themes", "Themes and comparisons", _themes(report, ids, keys, font)),
        ("quotes", f"Quotes by {report.quote_by}", _quotes(report, ids, keys)),
    ]
    if report.agreement is not None:
        coders = ", ".join(report.agreement.coders)
        sections.append(
            ("agreement", f"Agreement of {coders}", agreement_table(report.agreement, ids))
        )
    elif report.agreement_note:
        sections.append(
            ("agreement", "Agreement", f'<p class="notes">{esc(report.agreement_note)}</p>')
        )
    sections.append(("memos", "Memos", _memos(report, ids)))
    toc = "".join(
        f'<li><a href="#{key}">{esc(title)}</a>{_toc_sub(report, key, ids, keys)}</li>'
        for key, title, _ in sections
    )
    body = "".join(
        f'<section id="{key}"><h2>{esc(title)}</h2>{html}</section>'
        for key, title, html in sections
    )
    from interviewkit import __version__

    bar = (
        f'<header class="topbar"><span class="name">{esc(report.title)}</span>'
        '<input id="search" type="search" placeholder="Search the quotes" '
        'aria-label="Search the quotes" autocomplete="off">'
        '<span id="search-status" role="status" aria-live="polite"></span></header>'
    )
    head = (
        f"<h1>{esc(report.title)}</h1>"
        f'<p class="meta">Codebook {esc(report.codebook.name)}, version '
        f"{esc(report.codebook.version)} · made on {date.today().isoformat()} with "
        f"interviewkit {esc(__version__)}</p>"
    )
    footer = "<footer>Made with interviewkit. Every quote is the unit's text as stored.</footer>"
    return page(
        report.title,
        f'{bar}<div class="layout"><nav class="toc" aria-label="Contents"><h2>Contents</h2>'
        f"<ol>{toc}</ol></nav><main>{head}{body}{footer}</main></div>",
    )


def _toc_sub(report: StudyReport, key: str, ids: dict[str, str], keys: dict[str, str]) -> str:
    if key == "themes":
        items = "".join(
            f'<li><a href="#themes-{keys[t.by[0]]}">By {esc(t.by[0])}</a></li>'
            for t in report.themes
        )
        return f"<ol>{items}</ol>"
    if key == "quotes":
        items = "".join(
            f'<li><a href="#q-{ids[c]}">{esc(report.names.get(c, c))}</a> '
            f'<span class="sub">{q.count}</span></li>'
            for c, q in report.quotes.items()
            if q.count
        )
        return f"<ol>{items}</ol>"
    return ""


def _counted(report: StudyReport) -> str:
    return "".join(f"<li>{esc(line)}</li>" for line in [*report.counted, *report.notes])


def _glance(report: StudyReport) -> str:
    g = report.glance
    cards = [
        (f"{g.documents:,}", "transcripts"),
        (f"{g.words:,}", "words"),
        (f"{g.respondent_units:,}", f"respondent units (of {g.units:,})"),
        (f"{len(report.codebook.codes)}", "codes"),
        (f"{len(g.coders)}", "coders with codings"),
    ]
    html = '<div class="cards">' + "".join(
        f"<div class=card><strong>{v}</strong><span>{esc(label)}</span></div>" for v, label in cards
    )
    html += '</div><div class="attributes">'
    for attr, values in g.attributes.items():
        rows = "".join(
            f'<tr><td>{esc(v)}</td><td class="num">{n}</td></tr>' for v, n in values.items()
        )
        html += (
            f"<table><thead><tr><th>{esc(attr)}</th><th class=num>transcripts</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
    coders = "".join(
        f'<tr><td>{esc(c)}</td><td class="num">{n:,}</td></tr>' for c, n in g.coders.items()
    )
    html += (
        "<table><thead><tr><th>coder</th><th class=num>codings</th></tr></thead>"
        f"<tbody>{coders}</tbody></table></div>"
    )
    return html + f'<h3>Which coding is counted</h3><ul class="notes">{_counted(report)}</ul>'


def _codebook(report: StudyReport, ids: dict[str, str], keys: dict[str, str]) -> str:
    def links(code: Code) -> str:
        quotes = report.quotes.get(code.id)
        n = quotes.count if quotes else 0
        label = f"{n} quote{'' if n == 1 else 's'}"
        if not n and report.codebook.children(code.id):
            label = "quotes of the codes below it"
        parts = [f'<a href="#q-{ids[code.id]}">{label}</a>']
        parts += [
            f'<a href="#row-{k}-{ids[code.id]}">row by {esc(attr)}</a>' for attr, k in keys.items()
        ]
        return f'<p class="links">{" · ".join(parts)}</p>'

    book = report.codebook
    head = f'<p class="lead">{esc(book.description)}</p>' if book.description else ""
    return head + codebook_html(book, ids, links=links)


def _themes(
    report: StudyReport, ids: dict[str, str], keys: dict[str, str], font: str | None
) -> str:
    from interviewkit.export.plots import comparison_image

    html = []
    figures = 0
    for table, comparison in zip(report.themes, report.comparisons, strict=True):
        attr = table.by[0]
        key = keys[attr]
        html.append(f'<h3 id="themes-{key}">By {esc(attr)}</h3>')
        html.append(
            "<h4>Coded units (% of respondent units)</h4>" + theme_table(table, ids, key=key)
        )
        if isinstance(comparison, str):
            html.append(f'<p class="notes">{esc(comparison)}</p>')
            continue
        for kind, what in (("heatmap", "Heatmap"), ("bars", "Bars")):
            svg = comparison_image([comparison], fmt="svg", figure=kind, caption=False, font=font)
            figures += 1
            inline = _svg(svg, f"f{figures}")
            html.append(
                f'<figure class="figure-{kind}">{inline}<figcaption>{what}: themes by '
                f"{esc(attr)}. {_caption(kind)}</figcaption></figure>"
            )
        html.append("<h4>Comparison: tests per code</h4>")
        html.append(comparison_table(comparison, ids, key=key))
        html.append(residual_legend())
        html.append(overall_line(comparison))
        html.append('<ul class="notes">' + _notes(report, comparison) + "</ul>")
    return "".join(html)


def _caption(kind: str) -> str:
    if kind == "heatmap":
        return (
            "Cells: % of the group's respondent units with the code, and the adjusted "
            "standardized residual (beyond ±2: clearly more or fewer than expected); * after "
            "a code: p ≤ 0.05 after Holm's adjustment."
        )
    return "Bars: % of the group's respondent units with the code."


def _notes(report: StudyReport, comparison: Comparison) -> str:
    lines = [*report.counted, *comparison.notes]
    return "".join(f"<li>{esc(line)}</li>" for line in lines)


def _quotes(report: StudyReport, ids: dict[str, str], keys: dict[str, str]) -> str:
    book = report.codebook
    html = [
        f'<p class="lead">Each code\'s coded respondent units, by {esc(report.quote_by)}; up to '
        f"{report.per_group} per group are shown, the rest open with a click. The coded words "
        "are highlighted.</p>"
    ]
    for code, quotes in report.quotes.items():
        known = code in book
        name = book.get(code).name if known else code
        swatch = colour(book.get(code).color) if known else None
        style = f' style="--code-colour:{swatch}"' if swatch else ""
        anchor = ids[code]
        links = [f'<a href="#cb-{anchor}">in the codebook</a>'] if known else []
        links += [f'<a href="#row-{k}-{anchor}">row by {esc(a)}</a>' for a, k in keys.items()]
        children = book.children(code) if known else ()
        body = [
            f'<section class="code-quotes" id="q-{anchor}"{style}>'
            f"<h3>{esc(name)} <span class=sub>({_count(quotes.count, bool(children))})</span></h3>",
            f'<p class="links">{" · ".join(links)}</p>',
        ]
        if children:
            below = ", ".join(f'<a href="#q-{ids[c.id]}">{esc(c.name)}</a>' for c in children)
            body.append(f'<p class="notes">Codes below it: {below}.</p>')
        for group, items in quotes.groups.items():
            body.append(_group(report, group, items))
        body.append("</section>")
        html.append("".join(body))
    return "".join(html)


def _count(n: int, parent: bool) -> str:
    if not n and parent:
        return "quotes under the codes below it"
    return f"{n} quote{'' if n == 1 else 's'}"


def _group(report: StudyReport, group: str, items: list[Quote]) -> str:
    cap = report.per_group
    shown = "".join(_quote(q) for q in items[:cap])
    html = (
        f'<div class="quote-group"><h4>{esc(group)} <span class=sub>({len(items)})</span></h4>'
        f'<ol class="quotes">{shown}</ol>'
    )
    rest = items[cap:]
    if rest:
        more = "".join(_quote(q) for q in rest)
        html += (
            f'<details class="more"><summary>Show {len(rest)} more from {esc(group)}</summary>'
            f'<ol class="quotes">{more}</ol></details>'
            f'<p class="print-only notes">{len(rest)} more in the HTML file.</p>'
        )
    return html + "</div>"


def _quote(quote: Quote) -> str:
    text, parts, at = quote.text, [], 0
    for start, end in quote.marks:
        parts.append(esc(text[at:start]))
        parts.append(f"<mark>{esc(text[start:end])}</mark>")
        at = end
    parts.append(esc(text[at:]))
    lang = lang_of(text)
    where = [quote.doc_id, f"unit {quote.unit}"]
    if quote.speaker:
        where.append(quote.speaker)
    if quote.time is not None:
        where.append(time_label(quote.time))
    cite = " · ".join(esc(w) for w in where)
    cite += f' <span class="sub">coded by {esc(", ".join(quote.coders))}</span>'
    lang_attr = f' lang="{lang}"' if lang else ""
    return (
        f'<li class="quote"><blockquote{lang_attr}>{"".join(parts)}</blockquote>'
        f'<p class="cite">{cite}</p></li>'
    )


def _missing(value: object) -> bool:
    import pandas as pd

    return value is None or bool(pd.isna(value))


def _memos(report: StudyReport, ids: dict[str, str]) -> str:
    memos = report.memos
    if memos.empty:
        return '<p class="notes">No memos.</p>'
    rows = []
    for memo in memos.itertuples(index=False):
        code = _cell(memo.code)
        label = esc(report.names.get(code, code))
        if code in ids:
            label = f'<a href="#q-{ids[code]}">{label}</a>'
        # A memo on a code has no unit: pandas' NA, which no comparison may be asked of.
        unit = "" if _missing(memo.unit) else str(int(memo.unit))
        rows.append(
            f"<tr><td>{esc(memo.on)}</td><td>{esc(_cell(memo.doc_id))}</td>"
            f'<td class="num">{unit}</td><td>{label}</td><td>{esc(memo.coder)}</td>'
            f'<td class="memo-text">{esc(memo.text)}</td>'
            f"<td>{esc(_cell(memo.created)[:10])}</td></tr>"
        )
    return (
        "<table><thead><tr><th>on</th><th>document</th><th class=num>unit</th><th>code</th>"
        "<th>by</th><th>memo</th><th>date</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _cell(value: object) -> str:
    """A memo frame's value as text: empty for None and NaN."""
    if _missing(value):  # None, NaN, or pandas' NA
        return ""
    return str(value)


def write_html_report(report: StudyReport, path: Path, *, font: str | None = None) -> Path:
    """Write the report to ``path`` (whole or not at all)."""
    from interviewkit.files import write_bytes

    return write_bytes(path, report_html(report, font=font).encode("utf-8"))
