"""``compare``: themes across groups, with the statistics a reviewer asks for.

The command parses its options, makes one library call
(:mod:`interviewkit.analysis.compare`) and renders the result with rich, writes
it with ``-o``, or draws it with ``--plot``. ``cooccur``, ``matrix`` and
``kwic`` live in :mod:`interviewkit.cli.views_cmd`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from interviewkit.cli.options import FILE_UNIT, LANG, METADATA, WHERE, parse_where
from interviewkit.cli.output import counted, err, info, out, plain
from interviewkit.cli.source import OPTIONAL_CODEBOOK, OPTIONAL_PATHS, PROJECT, open_source
from interviewkit.cli.themes_cmd import (
    BY,
    CODER,
    by_attributes,
    counted_lines,
    shown_rows,
    warn_alike,
    warn_missing,
)
from interviewkit.cli.view_options import (
    CAPTION,
    EXCEL,
    FIGURE,
    FONT,
    OUTPUT,
    PLOTS,
    check_outputs,
    codebook_of,
    coder_list,
    drawing,
)

if TYPE_CHECKING:
    from rich.table import Table

    from interviewkit.analysis.compare import Comparison

# Residual bins: (lower bound, background, marker). ColorBrewer RdBu, colour-blind safe;
# the markers carry the same message without colour.
_BINS = (
    (3.0, "white on #b2182b", "▲"),
    (2.0, "black on #ef8a62", "▲"),
    (1.0, "black on #fddbc7", ""),
    (-1.0, "", ""),
    (-2.0, "black on #d1e5f0", ""),
    (-3.0, "black on #67a9cf", "▼"),
    (-float("inf"), "white on #2166ac", "▼"),
)
_LEGEND = ("≥ 3", "2 to 3", "1 to 2", "−1 to 1", "−2 to −1", "−3 to −2", "≤ −3")


def register(app: typer.Typer) -> None:
    from interviewkit.cli import views_cmd

    app.command("compare")(compare)
    views_cmd.register(app)


# --------------------------------------------------------------------------- compare


def compare(
    paths: list[Path] | None = OPTIONAL_PATHS,
    codebook: Path | None = OPTIONAL_CODEBOOK,
    by: list[str] | None = BY,
    pairs: bool = typer.Option(
        False, "--pairs", help="Each city against its partner city, and country against country."
    ),
    coder: str | None = CODER,
    where: list[str] | None = WHERE,
    plot: list[Path] | None = PLOTS,
    figure: list[str] | None = FIGURE,
    font: str | None = FONT,
    caption: bool = CAPTION,
    output: Path | None = OUTPUT,
    excel: bool = EXCEL,
    permutations: int = typer.Option(
        10000,
        "--permutations",
        min=100,
        max=10_000_000,
        help="Random tables for the Monte Carlo test.",
    ),
    seed: int = typer.Option(
        0, "--seed", min=0, max=2**32 - 1, help="Seed of the Monte Carlo test."
    ),
    metadata: Path | None = METADATA,
    unit: str | None = FILE_UNIT,
    lang: str | None = LANG,
    project: Path | None = PROJECT,
) -> None:
    """Compare themes across groups: crosstab, shares, tests per code (Holm), residual heatmap."""
    from interviewkit.analysis.compare import compare_themes_counted
    from interviewkit.analysis.counting import document_counts, documents_where
    from interviewkit.analysis.pairs import compare_pairs_counted
    from interviewkit.analysis.parts import unit_attribute
    from interviewkit.analysis.themes import without_values
    from interviewkit.export.fonts import choose_fonts
    from interviewkit.export.plots import figure_kinds

    plots = list(plot or [])
    check_outputs(output, plots, project=project, paths=paths, metadata=metadata, codebook=codebook)
    kinds = figure_kinds(plots, list(figure or []))
    if plots and font:
        choose_fonts(font)  # a font that cannot be found fails before any work
    attrs = by_attributes(by)
    coders = coder_list(coder)
    with open_source(paths, codebook, project, metadata=metadata, unit=unit, lang=lang) as proj:
        book = codebook_of(proj)
        # The project counts the coded units per document (same rule, same numbers as the
        # frames): a million coded units are not read out of it one by one.
        documents = proj.documents()
        counted = document_counts(
            proj,
            book,
            coders=coders,
            where=parse_where(where),
            split=unit_attribute(attrs, list(documents.columns)),
        )
    if pairs:
        comparisons = compare_pairs_counted(counted, book, n_permutations=permutations, seed=seed)
    else:
        comparisons = [
            compare_themes_counted(counted, book, by=attrs, n_permutations=permutations, seed=seed)
        ]
    if where:  # only the documents compared
        documents = documents_where(documents, parse_where(where))
    warn_alike(documents, attrs)
    missing = {a: n for c in comparisons for a, n in c.missing.items()}
    warn_missing(
        without_values(documents, sorted(missing)) if missing else {},
        kept="they are left out of the comparison",
        files=bool(paths),
        sheet=metadata is not None,
    )
    if plots:
        from interviewkit.export.plots import comparison_figure

        with drawing():
            for path, kind in zip(plots, kinds, strict=True):
                comparison_figure(comparisons, path, figure=kind, caption=caption, font=font)
                err().print(f"Wrote the figure to {path}", markup=False)
    if output is not None:
        _write_comparisons(comparisons, output, excel=excel, pairs=pairs, missing=missing)
        for line in _counted(comparisons):
            err().print(line, markup=False, soft_wrap=True)
        return
    _print_comparisons(comparisons, pairs=pairs)


def _counted(comparisons: list[Comparison]) -> list[str]:
    """Which codings were counted: the same for every comparison of one run."""
    return counted_lines(comparisons[0].basis)


def _split_notes(comparisons: list[Comparison]) -> tuple[list[str], list[list[str]]]:
    """(notes every comparison shares, each comparison's own notes), so shared ones print once."""
    if len(comparisons) == 1:
        return [], [list(comparisons[0].notes)]
    shared = [n for n in comparisons[0].notes if all(n in c.notes for c in comparisons[1:])]
    return shared, [[n for n in c.notes if n not in shared] for c in comparisons]


def _write_comparisons(
    comparisons: list[Comparison],
    output: Path,
    *,
    excel: bool,
    pairs: bool,
    missing: dict[str, int],
) -> None:
    import pandas as pd

    from interviewkit.analysis.pairs import pairs_table
    from interviewkit.export.tables import write_sheets, write_table

    table = pairs_table(comparisons) if pairs else comparisons[0].table()
    shared, own = _split_notes(comparisons)
    every = "(every comparison)" if pairs else comparisons[0].title
    rows = [(every, line) for line in _counted(comparisons)]
    rows += [
        (every, f"Left out: {n} transcript(s) without a value for '{attr}'.")
        for attr, n in missing.items()
    ]
    rows += [(every, note) for note in shared]
    rows += [(c.title, note) for c, notes in zip(comparisons, own, strict=True) for note in notes]
    notes = pd.DataFrame(rows, columns=["comparison", "note"])
    if output.suffix.lower() == ".xlsx":
        sheets = {"comparison": table}
        if not pairs:
            only = comparisons[0]
            sheets |= {
                "crosstab": only.crosstab,
                # in percent, as every other table shows shares
                "% of units": only.shares * 100,
                "residuals": only.residuals,
                "tests": only.tests,
            }
        write_sheets({**sheets, "notes": notes}, output)
    else:
        write_table(table, output, excel_bom=excel)
    info(f"Wrote the comparison ({counted(len(comparisons[0].crosstab), 'code')}) to {output}")


def _residual_style(value: float) -> tuple[str, str]:
    if value != value:
        return "", ""
    for lower, style, marker in _BINS:
        if value >= lower:
            return style, marker
    return "", ""  # pragma: no cover - the last bin has no lower bound


def _p(value: float) -> str:
    if value != value:
        return "[dim]–[/]"
    return "<.001" if value < 0.001 else f"{value:.3f}"


def comparison_table(comparison: Comparison) -> Table:
    """Codes × groups, each cell coloured by its adjusted residual, tests on the right."""
    from rich import box
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    rows, hidden = shown_rows(comparison.crosstab)
    grid = Table(
        title=f"Themes by {escape(comparison.title)}: coded units (% of respondent units), "
        "coloured by adjusted residual",
        title_justify="left",
        caption=hidden or None,
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    grid.add_column("code", no_wrap=True)
    for group in comparison.groups:
        grid.add_column(
            f"{escape(group)}\n[dim]n={int(comparison.totals[group])}[/]",
            justify="right",
            no_wrap=True,
        )
    # The raw p-values are in the -o output; the terminal shows the adjusted ones.
    for label in ("V", "p Holm", "test"):
        grid.add_column(label, justify="right", no_wrap=True)
    tests = comparison.tests
    for code in rows:
        level = comparison.levels.get(code, 0)
        parent = tests.at[code, "family"] == "parent"
        name = plain("  " * level + comparison.names.get(code, code), "bold" if parent else "")
        cells: list[Any] = [name]
        for group in comparison.groups:
            count = int(comparison.crosstab.at[code, group])
            share = comparison.shares.at[code, group]
            style, marker = _residual_style(float(comparison.residuals.at[code, group]))
            text = f"{count} {share * 100:.0f}%" if share == share else f"{count}"
            cells.append(Text(f"{text}{marker or ' '}", style=style))
        v = tests.at[code, "cramers_v"]
        p_holm = tests.at[code, "p_holm"]
        star = "*" if p_holm == p_holm and p_holm <= 0.05 else ""
        cells += [
            "" if v != v else f"{v:.2f}",
            _p(p_holm) + (star or " "),
            tests.at[code, "method"].short,
        ]
        grid.add_row(*cells)
    return grid


def _legend() -> Any:
    from rich.text import Text

    legend = Text("Adjusted residual: ")
    for (_, style, marker), label in zip(_BINS, _LEGEND, strict=True):
        legend.append(f" {label} {marker} ".replace("  ", " "), style=style or "dim")
        legend.append(" ")
    legend.append(
        "\n▲/▼: clearly more/fewer units with the code than the group sizes predict "
        "(beyond ±2). * p ≤ 0.05 after Holm. Tests: χ² chi-square, Fisher exact, "
        "MC Monte Carlo permutation.",
        style="dim",
    )
    return legend


def _print_comparisons(comparisons: list[Comparison], *, pairs: bool) -> None:
    """Each comparison with its own notes; the legend and the shared notes once, at the end."""
    from rich.markup import escape

    console = out()
    shared, own = _split_notes(comparisons)
    counted = _counted(comparisons)
    if len(comparisons) == 1:
        _print_comparison(comparisons[0], counted + own[0], legend=True)
        return
    for comparison, notes in zip(comparisons, own, strict=True):
        _print_comparison(comparison, notes, legend=False)
    console.print(_legend(), soft_wrap=True)
    console.print("[dim]For every comparison:[/]")
    for note in [*counted, *shared]:
        console.print(f"[dim]• {escape(note)}[/]", soft_wrap=True)
    if pairs:
        console.print("[dim]• Each comparison is its own family for Holm's adjustment.[/]")


def _print_comparison(comparison: Comparison, notes: list[str], *, legend: bool) -> None:
    from rich.markup import escape

    console = out()
    console.print(comparison_table(comparison))
    if legend:
        console.print(_legend(), soft_wrap=True)
    overall = comparison.overall
    if overall.dof is not None:
        console.print(
            f"Overall ({counted(overall.n_codings, 'coding')} of the leaf codes): "
            f"χ² = {overall.chi2:.2f}, "
            f"df = {overall.dof}, p = {_p(overall.p_value)} "
            f"({escape(overall.method.words)}), Cramér's V = {overall.cramers_v:.2f}.",
            soft_wrap=True,
        )
    for note in notes:
        console.print(f"[dim]• {escape(note)}[/]", soft_wrap=True)
    console.print()


# --------------------------------------------------------------------------- cooccur / matrix
