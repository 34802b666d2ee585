"""Rich renderings of ``rules``, ``suggest`` and ``codebook tune`` (see :mod:`.learn_cmd`)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from interviewkit.analysis.rule_evidence import RuleEvidence
    from interviewkit.analysis.suggestions import Suggestions
    from interviewkit.analysis.tuning import TuneResult

#: Characters of a rule or an example shown in a terminal table.
SHOWN = 48


def _number(value: Any, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.{digits}f}"


def _cut(text: str, width: int = SHOWN) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _cells(text: str, width: int) -> str:
    """``text`` cut to ``width`` terminal cells (a Chinese character takes two)."""
    from rich.cells import cell_len

    if cell_len(text) <= width:
        return text
    out = ""
    for ch in text:
        if cell_len(out + ch) > width - 1:
            break
        out += ch
    return out + "…"


def _focus(example: str, width: int = 64) -> str:
    """An example (``doc:unit … «words» …``) cut to ``width`` cells around its words."""
    place, _, text = example.partition(" ")
    at = text.find("«")
    if at > 12:
        text = "…" + text[at - 12 :]
    return f"{place} {_cells(text, width)}".strip()


def _label(kind: str, rule: str) -> str:
    """How a rule is shown: as its evidence is (``glob:*partner*``); ``(no rule)`` alone."""
    from interviewkit.analysis.rule_evidence import NO_RULE

    return NO_RULE if kind == NO_RULE else f"{kind}:{rule}"


def _widest(header: str, rows: list[list[str]], column: int) -> int:
    """The width a column needs to show its header and every cell whole."""
    from rich.cells import cell_len

    return max([cell_len(header), *(cell_len(r[column]) for r in rows)])


def _table(title: str) -> Any:
    """A table whose title is text: titles name codes and coders, which may hold brackets."""
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    return Table(
        title=escape(title),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        padding=(0, 0),
    )


def _footnotes(*lines: str) -> list[Any]:
    from rich.text import Text

    return [Text(line, style="dim") for line in lines if line]


def render_rules(result: RuleEvidence, *, top: int = 30) -> Any:
    """The rules table, costliest first, with what its columns mean."""
    from rich.console import Group
    from rich.markup import escape

    frame = result.table
    shown = frame if not top else frame.head(top)
    rows = [
        [
            escape(str(row.code_name)),
            str(row.language),
            escape(_cut(_label(str(row.kind), str(row.rule)))),
            *(str(int(v)) for v in (row.fired, row.alone, row.accepted, row.rejected)),
            str(int(row.missed)),
            str(int(row.undecided)),
            _number(row.precision),
        ]
        for row in shown.itertuples(index=False)
    ]
    grid = _table(f"Rules judged by {result.reference.name}'s decisions (costliest first)")
    # Numbers are never cut; a narrow terminal shortens the codes' names and folds the rules.
    grid.add_column("code", no_wrap=True, overflow="ellipsis", min_width=6, max_width=22)
    grid.add_column("lang", no_wrap=True, min_width=4)
    grid.add_column("rule", overflow="fold", min_width=10)
    numbers = ("fired", "alone", "kept", "rej.", "missed", "undec.", "prec.")
    for i, name in enumerate(numbers, start=3):
        grid.add_column(name, justify="right", no_wrap=True, min_width=_widest(name, rows, i))
    for cells in rows:
        grid.add_row(*cells)
    more = len(frame) - len(shown)
    return Group(
        grid,
        *_footnotes(
            f"… {more} more row(s): --top 0 shows all, -o rules.csv writes them." if more else "",
            "fired: units the rule suggested the code on; alone: of them, units no other rule "
            "of the code found (dropping the rule removes these); kept: units the coder coded "
            "with the code (accepted, or coded themselves); rej.: units they rejected or "
            "left uncoded in a document they coded; undec.: not reviewed yet or in a "
            "document they did not code; prec.: kept / (kept + rejected).",
            "negation, near miss: units where it cancelled every mention of the code; kept: "
            "the coder left the unit uncoded (the cancellation was right); missed: they coded "
            "it anyway. (no rule): units the coder coded that no rule found.",
            result.reference.describe(),
        ),
    )


def render_suggestions(result: Suggestions) -> Any:
    """The key words, then the rules mostly rejected, each with an example."""
    from rich.console import Group
    from rich.markup import escape

    reference = result.reference.name
    words = _table(
        f"Key words of {result.name} ({result.code}): units {reference} coded with it "
        "against the others"
    )
    for name, right in (
        ("lang", False),
        ("word", False),
        ("kind", False),
        ("G²", True),
        ("p", True),
        ("coded", True),
        ("others", True),
        ("new", True),
        ("rule?", False),
        ("example", False),
    ):
        words.add_column(
            name, justify="right" if right else "left", no_wrap=name != "example", overflow="fold"
        )
    for row in result.keywords.itertuples(index=False):
        words.add_row(
            str(row.language),
            escape(str(row.feature)),
            str(row.kind),
            f"{row.G2:.1f}",
            "<0.001" if row.p < 0.001 else f"{row.p:.3f}",
            f"{row.coded}/{row.of_coded}",
            f"{row.others}/{row.of_others}",
            str(row.new),
            "yes" if row.in_codebook else "",
            escape(_focus(str(row.example_1))),
        )
    rules = _table(f"Rules of {result.name} whose suggestions {reference} mostly did not keep")
    for name in (
        "lang",
        "kind",
        "rule",
        "fired",
        "alone",
        "kept",
        "rejected",
        "precision",
        "where rejected",
    ):
        right = name in ("fired", "alone", "kept", "rejected", "precision")
        rules.add_column(name, justify="right" if right else "left", overflow="fold")
    for row in result.rejected.itertuples(index=False):
        rules.add_row(
            str(row.language),
            str(row.kind),
            escape(_cut(str(row.rule))),
            str(row.fired),
            str(row.alone),
            str(row.accepted),
            str(row.rejected),
            _number(row.precision),
            escape(_focus(str(row.example_1))),
        )
    parts: list[Any] = []
    parts.append(words if len(result.keywords) else _footnotes("No key words to show.")[0])
    parts += _footnotes(
        "G²: log-likelihood keyness (Williams-corrected), counted in units; coded: units with "
        "the word coded with the code / all coded; others: units with it not coded / all "
        "others; new: coded units with it that no rule finds; rule?: already a rule of the code.",
        "",
    )
    parts.append(rules if len(result.rejected) else _footnotes("No rule was mostly rejected.")[0])
    parts += _footnotes(
        result.reference.describe(),
        "Nothing was changed: 'interviewkit codebook tune' writes a tuned copy of the codebook.",
    )
    return Group(*parts)


def print_diff(before: str, after: str, source: str, target: str) -> None:
    """The changes as a unified diff on stdout, coloured on a terminal."""
    import difflib

    from rich.text import Text

    from interviewkit.cli.output import out

    lines = difflib.unified_diff(
        before.splitlines(), after.splitlines(), fromfile=source, tofile=target, lineterm=""
    )
    console = out()
    for line in lines:
        style = (
            "bold"
            if line.startswith(("---", "+++"))
            else "green"
            if line.startswith("+")
            else "red"
            if line.startswith("-")
            else "cyan"
            if line.startswith("@@")
            else ""
        )
        console.print(Text(line, style=style), soft_wrap=True)


def render_estimate(result: TuneResult) -> Any:
    """α, precision, recall and F1 per code, untuned → tuned, on the held-out documents."""
    from rich.console import Group
    from rich.markup import escape

    from interviewkit.analysis.reliability import READING_AID
    from interviewkit.analysis.tuning import POOLED

    estimate = result.estimate
    assert estimate is not None
    grid = _table(
        f"Estimated agreement with {result.reference.name} on documents the codebook was not "
        "tuned on (untuned → tuned)"
    )
    rows = []
    for code, row in estimate.table.iterrows():
        label = escape(str(row["name"]))
        rows.append(
            [
                f"[bold]{label}[/]" if code == POOLED else label,
                str(int(row["n_units"])),
                str(int(row["coded"])),
                *(
                    f"{_number(row[f'{m}_before'])}→{_number(row[f'{m}_after'])}"
                    for m in ("alpha", "precision", "recall", "f1")
                ),
                f"{row['changes']:.1f}",
            ]
        )
    grid.add_column("code", no_wrap=True, overflow="ellipsis", min_width=10)
    for i, name in enumerate(("n", "coded", "α", "precision", "recall", "F1", "chg."), 1):
        grid.add_column(name, justify="right", no_wrap=True, min_width=_widest(name, rows, i))
    for cells in rows:
        if cells[0].startswith("[bold]"):
            grid.add_section()
        grid.add_row(*cells)
    lines = [
        estimate.describe(),
        "n: units with the coder's label; coded: of them, coded with the code; chg.: "
        "changes per fold on average. The copy is tuned on all documents; its scores "
        "there are not an estimate and are not shown.",
    ]
    if "alpha_after_low" in estimate.table.columns:
        pooled = estimate.table.loc[POOLED]
        before = f"{_number(pooled['alpha_before_low'])}–{_number(pooled['alpha_before_high'])}"
        after = f"{_number(pooled['alpha_after_low'])}–{_number(pooled['alpha_after_high'])}"
        lines.append(f"95% bootstrap interval of α (all codes): untuned {before}, tuned {after}.")
    lines.append(READING_AID)
    return Group(grid, *_footnotes(*lines))
