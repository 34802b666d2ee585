"""The tables of the HTML report: themes, comparisons and agreement.

Each shows what the terminal shows (the same numbers, markers and
footnotes), with rows that link to the code's quotes and codebook entry.
Every string from data goes through :func:`~interviewkit.export.markup.esc`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from interviewkit.export.markup import esc

if TYPE_CHECKING:
    from interviewkit.analysis.compare import Comparison
    from interviewkit.analysis.reliability import Reliability
    from interviewkit.analysis.themes import ThemeTable

__all__ = ["agreement_table", "comparison_table", "residual_legend", "theme_table"]

#: Residual bins of the terminal's comparison table: (lower bound, CSS class, marker).
BINS = (
    (3.0, "r3", "▲"),
    (2.0, "r2", "▲"),
    (1.0, "r1", ""),
    (-1.0, "", ""),
    (-2.0, "rm1", ""),
    (-3.0, "rm2", "▼"),
    (-math.inf, "rm3", "▼"),
)
_LEGEND = ("≥ 3", "2 to 3", "1 to 2", "−1 to 1", "−2 to −1", "−3 to −2", "≤ −3")


def _code_cell(code: str, name: str, level: int, ids: dict[str, str]) -> str:
    anchor = ids.get(code)
    label = esc(name)
    if anchor:
        label = f'<a href="#q-{anchor}" title="Quotes of this code">{label}</a>'
    return f'<td class="indent{min(level, 3)}">{label}</td>'


def theme_table(table: ThemeTable, ids: dict[str, str], *, key: str) -> str:
    """Coded units (% of respondent units) per group; each row has the id ``row-KEY-cN``."""
    units, share = table.measures["units"], table.measures["unit_share"]
    docs = table.measures["docs"]
    head = "".join(
        f'<th class="num"><span id="grp-{key}-g{i}">{esc(g)}</span><br>'
        f'<span class="sub">n={table.group_units.get(g, 0)}</span></th>'
        for i, g in enumerate(table.groups, 1)
    )
    rows = []
    parents = {c for c in units.index if any(table.levels.get(d, 0) > 0 for d in units.index)}
    for code in units.index:
        level = table.levels.get(code, 0)
        cls = ' class="parent"' if level == 0 and code in parents else ""
        anchor = ids.get(str(code), "")
        cells = []
        for group in table.groups:
            count = int(units.at[code, group])
            pct = share.at[code, group]
            title = f"{int(docs.at[code, group])} document(s)"
            text = f"{count} <span class=sub>({pct:.0f}%)</span>" if count else "·"
            cells.append(f'<td class="num" title="{esc(title)}">{text}</td>')
        name = table.names.get(str(code), str(code))
        rows.append(
            f'<tr id="row-{key}-{anchor}"{cls}>{_code_cell(str(code), name, level, ids)}'
            + "".join(cells)
            + "</tr>"
        )
    return (
        f'<table class="themes"><thead><tr><th>code</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _residual(value: float) -> tuple[str, str]:
    if value != value:
        return "", ""
    for lower, cls, marker in BINS:
        if value >= lower:
            return cls, marker
    return "", ""  # pragma: no cover - the last bin has no lower bound


def _p(value: float) -> str:
    if value != value:
        return "–"
    return "&lt;.001" if value < 0.001 else f"{value:.3f}"


def _method(method: str) -> str:
    if method.startswith("Monte Carlo"):
        return "MC"
    return {"chi-square": "χ²", "Fisher's exact": "Fisher"}.get(method, "–")


def comparison_table(comparison: Comparison, ids: dict[str, str], *, key: str) -> str:
    """Codes × groups, cells coloured by adjusted residual, the tests on the right."""
    head = "".join(
        f'<th class="num">{esc(g)}<br><span class="sub">n={int(comparison.totals[g])}</span></th>'
        for g in comparison.groups
    )
    head += '<th class="num">V</th><th class="num">p Holm</th><th class="num">test</th>'
    rows = []
    tests = comparison.tests
    for code in comparison.crosstab.index:
        level = comparison.levels.get(code, 0)
        parent = tests.at[code, "family"] == "parent"
        cells = [_code_cell(str(code), comparison.names.get(code, code), level, ids)]
        for group in comparison.groups:
            count = int(comparison.crosstab.at[code, group])
            share = comparison.shares.at[code, group]
            residual = float(comparison.residuals.at[code, group])
            cls, marker = _residual(residual)
            text = f"{count} {share * 100:.0f}%" if share == share else f"{count}"
            title = "" if residual != residual else f"adjusted residual {residual:+.2f}"
            cells.append(f'<td class="num {cls}" title="{title}">{text}{marker or "&nbsp;"}</td>')
        v = tests.at[code, "cramers_v"]
        p_holm = tests.at[code, "p_holm"]
        star = "*" if p_holm == p_holm and p_holm <= 0.05 else "&nbsp;"
        cells += [
            f'<td class="num">{"" if v != v else f"{v:.2f}"}</td>',
            f'<td class="num">{_p(p_holm)}{star}</td>',
            f'<td class="num">{esc(_method(str(tests.at[code, "method"])))}</td>',
        ]
        anchor = ids.get(str(code), "")
        cls = ' class="parent"' if parent else ""
        rows.append(f'<tr id="cmp-{key}-{anchor}"{cls}>{"".join(cells)}</tr>')
    return (
        f'<table class="comparison"><thead><tr><th>code</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def residual_legend() -> str:
    """The colour key of the comparison table, in the terminal's words."""
    spans = "".join(
        f'<span class="{cls}">{label} {marker}</span>'
        for (_, cls, marker), label in zip(BINS, _LEGEND, strict=True)
    )
    return (
        f'<div class="legend">Adjusted residual: {spans}</div>'
        '<p class="notes">▲/▼: clearly more/fewer units with the code than the group sizes '
        "predict (beyond ±2). * p ≤ 0.05 after Holm. Tests: χ² chi-square, Fisher exact, "
        "MC Monte Carlo permutation.</p>"
    )


def overall_line(comparison: Comparison) -> str:
    """The overall test of the table of leaf codes, as the terminal prints it."""
    overall = comparison.overall
    if overall.dof is None:
        return ""
    method = overall.method.words
    return (
        f'<p class="overall">Overall ({overall.n_codings} codings of the leaf codes): '
        f"χ² = {overall.chi2:.2f}, df = {overall.dof}, p = {_p(overall.p_value)} "
        f"({esc(method)}), Cramér's V = {overall.cramers_v:.2f}.</p>"
    )


def _number(value: Any, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.{digits}f}"


def agreement_table(result: Reliability, ids: dict[str, str]) -> str:
    """Agreement per code and pooled, with what it measures under it."""
    from interviewkit.analysis.agreement_table import POOLED, kappa_column, row_level
    from interviewkit.analysis.reliability import READING_AID

    table = result.table
    two = len(result.coders) == 2
    scores = [c for c in table.columns if c.split(" ")[0] in ("precision", "recall", "f1")]
    kappa = "κ" if two else "Fleiss κ"
    headers = ["n", "% agr.", kappa, "BP κ", "α", "α 95% CI", *scores]
    head = "".join(f'<th class="num">{esc(h)}</th>' for h in headers)
    rows = []
    ordinal = False
    for code, row in table.iterrows():
        low, high = row["alpha_low"], row["alpha_high"]
        interval = "–" if low != low else f"{_number(low, 2)}–{_number(high, 2)}"
        level = row_level(row)
        ordinal = ordinal or (two and level == "ordinal")
        cells = [
            str(int(row["n_units"])),
            _number(row["percent_agreement"] * 100, 1) if row["n_units"] else "–",
            _number(row[kappa_column(two, level)]),
            _number(row["brennan_prediger"]),
            _number(row["alpha"]),
            interval,
            *(_number(row[c], 2) for c in scores),
        ]
        pooled = code == POOLED
        label = str(row["name"]) + ("" if level == "binary" else f" ({level})")
        name = (
            f"<td><strong>{esc(label)}</strong></td>"
            if pooled
            else _code_cell(str(code), label, 0, ids)
        )
        body = "".join(f'<td class="num">{c}</td>' for c in cells)
        rows.append(f"<tr{' class=parent' if pooled else ''}>{name}{body}</tr>")
    legend = (
        f"n = units coded by two or more; {kappa} = {'Cohen' if two else 'Fleiss'}'s kappa"
        + ("; for an ordinal variable, Cohen's kappa with quadratic weights" if ordinal else "")
        + "; BP κ = Brennan and Prediger's kappa; α = Krippendorff's alpha (nominal; ordinal "
        "for an ordinal variable), with a bootstrap interval."
    )
    notes = [legend, result.unit_of_analysis()]
    if scores:
        person = ", ".join(c for c in result.coders if c not in result.automatic)
        notes.append(
            f"Precision, recall and F1 of {result.automatic[0]}, taking {person} as the reference."
        )
    notes += [*result.notes, READING_AID]
    return (
        f'<table class="agreement"><thead><tr><th>code</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
        '<ul class="notes">' + "".join(f"<li>{esc(n)}</li>" for n in notes) + "</ul>"
    )
