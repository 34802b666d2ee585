"""The study report as a Word document (python-docx): the HTML report's content, for Word.

Headings for every section (Word's navigation pane is the table of contents),
the codebook as a table, theme tables and comparisons with their footnotes,
the heatmap and bars as images, agreement and memos, and every quote per code
as an appendix ready to paste into a paper (the coded words in bold on a
highlight, the place in brackets after it).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewkit.export.codebook_export import add_codebook_table
from interviewkit.export.docx_parts import (
    add_image,
    new_document,
    orientation,
    save,
    shade,
    table,
    text_width_cm,
)
from interviewkit.export.markup import plain
from interviewkit.export.report import time_label

if TYPE_CHECKING:
    from interviewkit.analysis.compare import Comparison
    from interviewkit.analysis.themes import ThemeTable
    from interviewkit.export.report import Quote, StudyReport

__all__ = ["docx_report", "write_docx_report"]

#: More groups than this (the total included) put the theme tables on landscape pages.
_PORTRAIT_GROUPS = 5
#: Background of a comparison cell by adjusted residual, as in the terminal and the HTML.
_SHADES = ((3.0, "B2182B"), (2.0, "EF8A62"), (1.0, "FDDBC7"), (-1.0, None), (-2.0, "D1E5F0"),
           (-3.0, "67A9CF"), (-float("inf"), "2166AC"))  # fmt: skip


def docx_report(report: StudyReport, *, font: str | None = None) -> Any:
    """The report as a python-docx ``Document``."""
    document = new_document(report.title)
    document.add_heading(plain(report.title), level=0)
    document.add_paragraph(
        f"Codebook {plain(report.codebook.name)}, version {plain(report.codebook.version)}; "
        f"made on {date.today().isoformat()} with interviewkit."
    )
    _glance(document, report)
    document.add_heading("Codebook", level=1)
    if report.codebook.description:
        document.add_paragraph(plain(report.codebook.description))
    add_codebook_table(document, report.codebook)
    wide = max(len(t.groups) for t in report.themes) > _PORTRAIT_GROUPS
    if wide:  # wide tables on landscape pages
        orientation(document, landscape=True)
    document.add_heading("Themes and comparisons", level=1)
    for theme, comparison in zip(report.themes, report.comparisons, strict=True):
        _themes(document, report, theme, comparison, font=font)
    if wide:
        orientation(document, landscape=False)
    if report.agreement is not None:
        _agreement(document, report)
    elif report.agreement_note:
        document.add_heading("Agreement", level=1)
        document.add_paragraph(report.agreement_note)
    _memos(document, report)
    _quotes(document, report)
    return document


def _notes(document: Any, lines: list[str]) -> None:
    from docx.shared import Pt, RGBColor

    for line in lines:
        paragraph = document.add_paragraph(style="List Bullet")
        run = paragraph.add_run(plain(line))
        run.font.size = Pt(9)
        run.font.color.rgb = RGBColor(0x59, 0x63, 0x6E)


def _glance(document: Any, report: StudyReport) -> None:
    g = report.glance
    document.add_heading("The study at a glance", level=1)
    document.add_paragraph(
        f"{g.documents:,} transcripts, {g.words:,} words, {g.respondent_units:,} respondent "
        f"units (of {g.units:,}), {len(report.codebook.codes)} codes, "
        f"{len(g.coders)} coder(s) with codings."
    )
    rows = [
        [plain(attr), "; ".join(f"{plain(v)} {n}" for v, n in values.items())]
        for attr, values in g.attributes.items()
    ]
    rows.append(["coders (codings)", "; ".join(f"{plain(c)} {n:,}" for c, n in g.coders.items())])
    table(
        document,
        ["attribute", "transcripts per value"],
        rows,
        widths=[3.6, text_width_cm(document) - 3.6],
    )
    document.add_heading("Which coding is counted", level=2)
    _notes(document, [*report.counted, *report.notes])


def _themes(
    document: Any,
    report: StudyReport,
    theme: ThemeTable,
    comparison: Comparison | str,
    *,
    font: str | None,
) -> None:
    from interviewkit.export.plots import comparison_image

    attr = theme.by[0]
    document.add_heading(f"By {plain(attr)}", level=2)
    document.add_paragraph("Coded units (% of respondent units).")
    units, share = theme.measures["units"], theme.measures["unit_share"]
    headers = ["code", *(f"{plain(g)}\nn={theme.group_units.get(g, 0)}" for g in theme.groups)]
    rows = []
    for code in units.index:
        cells = [
            f"{int(units.at[code, g])} ({share.at[code, g]:.0f}%)" if units.at[code, g] else "·"
            for g in theme.groups
        ]
        rows.append(
            ["   " * theme.levels.get(code, 0) + plain(theme.names.get(code, code)), *cells]
        )
    table(document, headers, rows, numeric_from=1)
    if isinstance(comparison, str):
        _notes(document, [comparison])
        return
    for kind in ("heatmap", "bars"):
        add_image(document, comparison_image([comparison], fmt="png", figure=kind, font=font))
    document.add_paragraph("Comparison: tests per code.")
    _comparison(document, comparison)
    overall = comparison.overall
    lines = []
    if overall.dof is not None:
        p = "<.001" if overall.p_value < 0.001 else f"{overall.p_value:.3f}"
        lines.append(
            f"Overall ({overall.n_codings} codings of the leaf codes): χ² = {overall.chi2:.2f}, "
            f"df = {overall.dof}, p = {p} ({overall.method}), "
            f"Cramér's V = {overall.cramers_v:.2f}."
        )
    lines.append(
        "Cells: coded units and their share; shading by adjusted residual (red: more, blue: "
        "fewer units than expected; ▲/▼ beyond ±2). * p ≤ 0.05 after Holm's adjustment."
    )
    _notes(document, [*lines, *report.counted, *comparison.notes])


def _comparison(document: Any, comparison: Comparison) -> None:
    tests = comparison.tests
    headers = [
        "code",
        *(f"{plain(g)}\nn={int(comparison.totals[g])}" for g in comparison.groups),
        "V",
        "p Holm",
        "test",
    ]
    rows, fills = [], []
    for code in comparison.crosstab.index:
        cells, shades = [], []
        for group in comparison.groups:
            count = int(comparison.crosstab.at[code, group])
            share = comparison.shares.at[code, group]
            residual = float(comparison.residuals.at[code, group])
            fill = next((c for low, c in _SHADES if residual >= low), None)
            marker = "▲" if residual >= 2 else "▼" if residual <= -2 else ""
            cells.append(f"{count} {share * 100:.0f}%{marker}" if share == share else f"{count}")
            shades.append(fill if residual == residual else None)
        v, p = tests.at[code, "cramers_v"], tests.at[code, "p_holm"]
        star = "*" if p == p and p <= 0.05 else ""
        method = str(tests.at[code, "method"])
        test = "MC" if method.startswith("Monte Carlo") else method.replace("chi-square", "χ²")
        rows.append(
            [
                "   " * comparison.levels.get(code, 0) + plain(comparison.names.get(code, code)),
                *cells,
                "" if v != v else f"{v:.2f}",
                "–" if p != p else ("<.001" if p < 0.001 else f"{p:.3f}") + star,
                plain(test),
            ]
        )
        fills.append(shades)
    width = text_width_cm(document)
    numbers = (width - 3.8 - 3 * 1.2) / max(1, len(comparison.groups))
    widths = [3.8, *([numbers] * len(comparison.groups)), 1.2, 1.2, 1.2]
    grid = table(document, headers, rows, numeric_from=1, widths=widths)
    for i, shades in enumerate(fills, 1):
        for j, fill in enumerate(shades, 1):
            if fill:
                shade(grid.rows[i].cells[j], fill)


def _agreement(document: Any, report: StudyReport) -> None:
    from interviewkit.analysis.agreement_table import kappa_column, row_level
    from interviewkit.analysis.reliability import READING_AID

    result = report.agreement
    assert result is not None
    document.add_heading(f"Agreement of {plain(', '.join(result.coders))}", level=1)
    two = len(result.coders) == 2
    frame = result.table
    scores = [c for c in frame.columns if c.split(" ")[0] in ("precision", "recall", "f1")]

    def number(value: Any, digits: int = 3) -> str:
        return "–" if value is None or value != value else f"{value:.{digits}f}"

    rows = []
    for _, row in frame.iterrows():
        level = row_level(row)
        rows.append(
            [
                plain(row["name"]) + ("" if level == "binary" else f" ({level})"),
                str(int(row["n_units"])),
                number(row["percent_agreement"] * 100, 1),
                number(row[kappa_column(two, level)]),
                number(row["alpha"]),
                f"{number(row['alpha_low'], 2)}–{number(row['alpha_high'], 2)}",
                *(number(row[c], 2) for c in scores),
            ]
        )
    kappa = "κ" if two else "Fleiss κ"
    table(document, ["code", "n", "% agr.", kappa, "α", "α 95% CI", *scores], rows, numeric_from=1)
    legend = (
        "κ of an ordinal variable: Cohen's kappa with quadratic weights; α: Krippendorff's "
        "alpha, nominal (ordinal for an ordinal variable)."
    )
    _notes(document, [legend, result.unit_of_analysis(), *result.notes, READING_AID])


def _memos(document: Any, report: StudyReport) -> None:
    import pandas as pd

    document.add_heading("Memos", level=1)
    if report.memos.empty:
        document.add_paragraph("No memos.")
        return

    def text(value: Any) -> str:
        # A memo on a code has no transcript and no unit: pandas' NA, not comparable.
        return "" if value is None or bool(pd.isna(value)) else plain(value)

    rows = [
        [
            text(m.on),
            text(m.doc_id),
            "" if _missing(m.unit) else str(int(m.unit)),
            text(report.names.get(str(m.code), m.code)),
            text(m.coder),
            text(m.text),
        ]
        for m in report.memos.itertuples(index=False)
    ]
    table(
        document,
        ["on", "document", "unit", "code", "by", "memo"],
        rows,
        widths=[1.8, 2.6, 1.0, 2.6, 1.6, text_width_cm(document) - 9.6],
    )


def _quotes(document: Any, report: StudyReport) -> None:
    document.add_page_break()
    document.add_heading(f"Appendix: quotes per code, by {plain(report.quote_by)}", level=1)
    document.add_paragraph(
        "Every coded respondent unit of each code; the coded words are in bold on a highlight."
    )
    for code, quotes in report.quotes.items():
        if not quotes.count:
            continue
        name = report.names.get(code, code)
        document.add_heading(f"{plain(name)} ({quotes.count})", level=2)
        for group, items in quotes.groups.items():
            document.add_heading(f"{plain(group)} ({len(items)})", level=3)
            for quote in items:
                _quote(document, quote)


def _quote(document: Any, quote: Quote) -> None:
    from docx.enum.text import WD_COLOR_INDEX
    from docx.shared import Pt, RGBColor

    paragraph = document.add_paragraph(style="Quote")
    text, at = quote.text, 0
    for start, end in quote.marks:
        paragraph.add_run(plain(text[at:start]))
        run = paragraph.add_run(plain(text[start:end]))
        run.bold = True
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        at = end
    paragraph.add_run(plain(text[at:]))
    where = [quote.doc_id, f"unit {quote.unit}"]
    if quote.speaker:
        where.append(quote.speaker)
    if quote.time is not None:
        where.append(time_label(quote.time))
    cite = paragraph.add_run(f" ({plain(', '.join(where))})")
    cite.font.size = Pt(8.5)
    cite.font.color.rgb = RGBColor(0x59, 0x63, 0x6E)


def write_docx_report(report: StudyReport, path: Path, *, font: str | None = None) -> Path:
    """Write the report to ``path`` as a Word document (whole or not at all)."""
    return save(docx_report(report, font=font), path)


def _missing(value: object) -> bool:
    """``None``, NaN or pandas' NA (a memo on no unit)."""
    import pandas as pd

    return value is None or bool(pd.isna(value))
