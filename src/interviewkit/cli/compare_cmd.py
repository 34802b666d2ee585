"""``compare``, ``cooccur``, ``matrix`` and ``kwic``: the comparison views of a project.

Each command parses its options, makes one library call
(:mod:`interviewkit.analysis.compare`, :mod:`~interviewkit.analysis.cooccur`,
:mod:`~interviewkit.analysis.kwic`) and renders the result with rich, writes it
with ``-o``, or draws it with ``--plot``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from interviewkit.cli.options import LANG, METADATA, UNIT
from interviewkit.cli.output import err, out
from interviewkit.cli.source import OPTIONAL_CODEBOOK, OPTIONAL_PATHS, PROJECT, open_source
from interviewkit.cli.themes_cmd import BY, CODER, counted_lines, warn_missing

if TYPE_CHECKING:
    from rich.table import Table

    from interviewkit.analysis.compare import Comparison

FORMATS = ("csv", "xlsx", "json", "md", "tex")
OUTPUT = typer.Option(
    None, "--output", "-o", help="Write the table (.csv, .xlsx, .json, .md, .tex)."
)
EXCEL = typer.Option(False, "--excel", help="CSV with a byte-order mark, for Excel.")
PLOT = typer.Option(None, "--plot", help="Draw a figure for a paper (.png, .svg, .pdf).")

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
    app.command("compare")(compare)
    app.command("cooccur")(cooccur)
    app.command("matrix")(matrix)
    app.command("kwic")(kwic)


def _coders(coder: str | None) -> list[str] | None:
    return [c.strip() for c in coder.split(",") if c.strip()] if coder else None


def _codebook(proj: Any) -> Any:
    """The project's codebook; a usage error if it has none."""
    from interviewkit.errors import UsageError

    book = proj.codebook()
    if book is None:
        raise UsageError(
            "the project has no codebook", hint="Run 'interviewkit codebook load FILE'."
        )
    return book


def _frames(proj: Any) -> tuple[Any, Any, Any, Any]:
    """segments, respondent units, documents and the codebook of a project."""
    book = _codebook(proj)
    # Counting needs who coded which unit, not the text: lean frames stay fast
    # on a project of a million coded units.
    return proj.coding_keys(), proj.respondent_units(), proj.documents(), book


def _check_outputs(output: Path | None, plot: Path | None) -> None:
    from interviewkit.export.plots import check_plot_path
    from interviewkit.export.tables import check_output_path

    if output is not None:
        check_output_path(output, dict.fromkeys(FORMATS))
    if plot is not None:
        check_plot_path(plot)


# --------------------------------------------------------------------------- compare


def compare(
    paths: list[Path] | None = OPTIONAL_PATHS,
    codebook: Path | None = OPTIONAL_CODEBOOK,
    by: str = BY,
    pairs: bool = typer.Option(
        False, "--pairs", help="Each city against its partner city, and country against country."
    ),
    coder: str | None = CODER,
    plot: Path | None = PLOT,
    output: Path | None = OUTPUT,
    excel: bool = EXCEL,
    permutations: int = typer.Option(
        10000, "--permutations", min=100, help="Random tables for the Monte Carlo test."
    ),
    seed: int = typer.Option(0, "--seed", min=0, help="Seed of the Monte Carlo test."),
    metadata: Path | None = METADATA,
    unit: str = UNIT,
    lang: str | None = LANG,
    project: Path | None = PROJECT,
) -> None:
    """Compare themes across groups: crosstab, shares, tests per code (Holm), residual heatmap."""
    from interviewkit.analysis.compare import (
        compare_pairs_counted,
        compare_themes_counted,
        project_unit_counts,
    )

    _check_outputs(output, plot)
    attrs = [a.strip() for a in by.split(",") if a.strip()]
    coders = _coders(coder)
    with open_source(paths, codebook, project, metadata=metadata, unit=unit, lang=lang) as proj:
        book = _codebook(proj)
        # The project counts the coded units per document (same rule, same numbers as the
        # frames): a million coded units are not read out of it one by one.
        counted = project_unit_counts(proj, book, coders=coders)
    if pairs:
        comparisons = compare_pairs_counted(counted, book, n_permutations=permutations,
                                            seed=seed)
    else:
        comparisons = [compare_themes_counted(counted, book, by=attrs,
                                              n_permutations=permutations, seed=seed)]
    missing = {a: n for c in comparisons for a, n in c.missing.items()}
    warn_missing(missing, kept="they are left out of the comparison", files=bool(paths))
    if plot is not None:
        from interviewkit.export.plots import comparison_figure

        comparison_figure(comparisons, plot)
        err().print(f"Wrote the figure to {plot}")
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


def _write_comparisons(comparisons: list[Comparison], output: Path, *, excel: bool,
                       pairs: bool, missing: dict[str, int]) -> None:
    import pandas as pd

    from interviewkit.analysis.compare import pairs_table
    from interviewkit.export.tables import write_sheets, write_table

    table = pairs_table(comparisons) if pairs else comparisons[0].table()
    shared, own = _split_notes(comparisons)
    every = "(every comparison)" if pairs else comparisons[0].title
    rows = [(every, line) for line in _counted(comparisons)]
    rows += [(every, f"Left out: {n} transcript(s) without a value for '{attr}'.")
             for attr, n in missing.items()]
    rows += [(every, note) for note in shared]
    rows += [(c.title, note) for c, notes in zip(comparisons, own, strict=True) for note in notes]
    notes = pd.DataFrame(rows, columns=["comparison", "note"])
    if output.suffix.lower() == ".xlsx":
        sheets = {"comparison": table}
        if not pairs:
            only = comparisons[0]
            sheets |= {"crosstab": only.crosstab, "shares": only.shares,
                       "residuals": only.residuals, "tests": only.tests}
        write_sheets({**sheets, "notes": notes}, output)
    else:
        write_table(table, output, excel_bom=excel)
    err().print(f"Wrote the comparison ({len(comparisons[0].crosstab)} codes) to {output}")


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


def _method(method: str) -> str:
    if method.startswith("Monte Carlo"):
        return "MC"
    return {"chi-square": "χ²", "Fisher's exact": "Fisher"}.get(method, "–")


def comparison_table(comparison: Comparison) -> Table:
    """Codes × groups, each cell coloured by its adjusted residual, tests on the right."""
    from rich import box
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    grid = Table(
        title=f"Themes by {escape(comparison.title)}: coded units (% of respondent units), "
        "coloured by adjusted residual",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    grid.add_column("code", no_wrap=True)
    for group in comparison.groups:
        grid.add_column(f"{escape(group)}\n[dim]n={int(comparison.totals[group])}[/]",
                        justify="right", no_wrap=True)
    # The raw p-values are in the -o output; the terminal shows the adjusted ones.
    for label in ("V", "p Holm", "test"):
        grid.add_column(label, justify="right", no_wrap=True)
    tests = comparison.tests
    for code in comparison.crosstab.index:
        level = comparison.levels.get(code, 0)
        parent = tests.at[code, "family"] == "parent"
        name = Text("  " * level + comparison.names.get(code, code), style="bold" if parent else "")
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
        cells += ["" if v != v else f"{v:.2f}", _p(p_holm) + (star or " "),
                  _method(str(tests.at[code, "method"]))]
        grid.add_row(*cells)
    return grid


def _legend() -> Any:
    from rich.text import Text

    legend = Text("Adjusted residual: ")
    for (_, style, marker), label in zip(_BINS, _LEGEND, strict=True):
        legend.append(f" {label} {marker} ".replace("  ", " "), style=style or "dim")
        legend.append(" ")
    legend.append("\n▲/▼: clearly more/fewer units with the code than the group sizes predict "
                  "(beyond ±2). * p ≤ 0.05 after Holm. Tests: χ² chi-square, Fisher exact, "
                  "MC Monte Carlo permutation.", style="dim")
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


def _method_words(method: str) -> str:
    """``Monte Carlo (1000 permutations)`` → ``Monte Carlo, 1000 permutations``: no nested ( )."""
    if "(" in method:
        head, _, rest = method.partition(" (")
        return f"{head}, {rest.rstrip(')')}"
    return method


def _print_comparison(comparison: Comparison, notes: list[str], *, legend: bool) -> None:
    from rich.markup import escape

    console = out()
    console.print(comparison_table(comparison))
    if legend:
        console.print(_legend(), soft_wrap=True)
    overall = comparison.overall
    if overall.dof is not None:
        console.print(
            f"Overall ({overall.n_codings} codings of the leaf codes): χ² = {overall.chi2:.2f}, "
            f"df = {overall.dof}, p = {_p(overall.p_value)} "
            f"({escape(_method_words(overall.method))}), Cramér's V = {overall.cramers_v:.2f}.",
            soft_wrap=True,
        )
    for note in notes:
        console.print(f"[dim]• {escape(note)}[/]", soft_wrap=True)
    console.print()


# --------------------------------------------------------------------------- cooccur / matrix


def cooccur(
    paths: list[Path] | None = OPTIONAL_PATHS,
    codebook: Path | None = OPTIONAL_CODEBOOK,
    coder: str | None = CODER,
    parents: bool = typer.Option(False, "--parents", help="Add the parent codes."),
    measure: str = typer.Option(
        "jaccard", "--measure", help="Colour of the plot: jaccard or counts."
    ),
    plot: Path | None = PLOT,
    output: Path | None = OUTPUT,
    excel: bool = EXCEL,
    metadata: Path | None = METADATA,
    unit: str = UNIT,
    lang: str | None = LANG,
    project: Path | None = PROJECT,
) -> None:
    """Code co-occurrence in the same unit: counts and the Jaccard index."""
    from interviewkit.analysis.cooccur import cooccurrence
    from interviewkit.errors import UsageError

    if measure not in ("jaccard", "counts"):
        raise UsageError(f"'{measure}' is not a measure", hint="Use one of: jaccard, counts")
    _check_outputs(output, plot)
    with open_source(paths, codebook, project, metadata=metadata, unit=unit, lang=lang) as proj:
        segments, _, _, book = _frames(proj)
    result = cooccurrence(segments, book, coders=_coders(coder), parents=parents)
    if plot is not None:
        from interviewkit.export.plots import cooccurrence_figure

        cooccurrence_figure(result, plot, measure=measure)
        err().print(f"Wrote the figure to {plot}")
    if output is not None:
        from interviewkit.export.tables import write_sheets, write_table

        if output.suffix.lower() == ".xlsx":
            write_sheets({"counts": result.counts, "jaccard": result.jaccard.round(3),
                          "pairs": result.long()}, output)
        else:
            write_table(result.long(), output, excel_bom=excel)
        err().print(f"Wrote {len(result.long())} pairs of codes to {output}")
        return
    if plot is None:
        out().print(_cooccur_table(result))


def _cooccur_table(result: Any) -> Table:
    from rich.markup import escape
    from rich.table import Table

    codes = list(result.counts.index)
    grid = Table(
        title="Codes in the same unit: units with both codes (Jaccard index)",
        title_justify="left",
        caption="Diagonal: units with the code. Jaccard = both / either.",
        caption_justify="left",
    )
    grid.add_column("code", no_wrap=True)
    for i, _ in enumerate(codes, 1):
        grid.add_column(str(i), justify="right", no_wrap=True)
    for i, code in enumerate(codes):
        cells = []
        for j in range(len(codes)):
            both = int(result.counts.iat[i, j])
            if j > i:
                cells.append("")
            elif i == j:
                cells.append(f"[bold]{both}[/]")
            else:
                jac = result.jaccard.iat[i, j]
                cells.append(f"{both} [dim]({jac:.2f})[/]" if both else "[dim]·[/]")
        grid.add_row(f"{i + 1} {escape(result.names.get(code, code))}", *cells)
    return grid


def matrix(
    paths: list[Path] | None = OPTIONAL_PATHS,
    codebook: Path | None = OPTIONAL_CODEBOOK,
    coder: str | None = CODER,
    binary: bool = typer.Option(False, "--binary", help="1 if the case has the code, else 0."),
    parents: bool = typer.Option(True, "--parents/--no-parents", help="Show the parent codes."),
    output: Path | None = OUTPUT,
    excel: bool = EXCEL,
    metadata: Path | None = METADATA,
    unit: str = UNIT,
    lang: str | None = LANG,
    project: Path | None = PROJECT,
) -> None:
    """Code × document matrix: coded units per document, or 0/1 per case."""

    from interviewkit.analysis.cooccur import code_document_matrix
    from interviewkit.export.tables import write_table

    _check_outputs(output, None)
    with open_source(paths, codebook, project, metadata=metadata, unit=unit, lang=lang) as proj:
        segments, _, documents, book = _frames(proj)
    table = code_document_matrix(segments, documents, book, coders=_coders(coder),
                                 binary=binary, parents=parents)
    if output is not None:
        write_table(table, output, excel_bom=excel)
        err().print(f"Wrote the matrix ({table.shape[0]} codes × {table.shape[1]} documents) "
                    f"to {output}")
        return
    out().print(_matrix_table(table, book, binary=binary))


def _matrix_table(table: Any, book: Any, *, binary: bool) -> Table:
    """Documents as rows and numbered codes as columns: a study has more documents than codes."""
    from rich.markup import escape
    from rich.table import Table

    names = {c.id: c.name for c in book.codes}
    key = "; ".join(f"{i} {names.get(c, c)}" for i, c in enumerate(table.index, 1))
    what = "has the code (1/0)" if binary else "coded units"
    grid = Table(title=f"Documents × codes: {what}", title_justify="left",
                 caption=escape(f"Codes: {key}."), caption_justify="left")
    grid.add_column("document", no_wrap=True)
    for i, code in enumerate(table.index, 1):
        grid.add_column(f"[bold]{i}[/]" if code in book and book.children(str(code)) else str(i),
                        justify="right")
    for doc_id in table.columns:
        cells = [str(v) if v else "[dim]·[/]" for v in table[doc_id]]
        grid.add_row(escape(str(doc_id)), *cells)
    return grid


# --------------------------------------------------------------------------- kwic


def kwic(
    term: str = typer.Argument(..., help="A word, \"a phrase\", a glob (partner*) or /regex/."),
    paths: list[Path] | None = OPTIONAL_PATHS,
    lang: str | None = typer.Option(
        None, "--lang", help="Language(s) of the term, comma-separated (default: every language)."
    ),
    width: int = typer.Option(40, "--width", min=5, help="Characters of context on each side."),
    respondents: bool = typer.Option(
        False, "--respondents", help="Leave out the interviewer's turns."
    ),
    output: Path | None = OUTPUT,
    excel: bool = EXCEL,
    metadata: Path | None = METADATA,
    unit: str = UNIT,
    project: Path | None = PROJECT,
) -> None:
    """Keyword in context: every occurrence of a term, with document, speaker and attributes."""
    from interviewkit.analysis.kwic import kwic as find

    _check_outputs(output, None)
    languages = [x.strip() for x in lang.split(",") if x.strip()] if lang else None
    if paths:
        from interviewkit.cli.options import ReadOptions

        transcripts = ReadOptions(list(paths), metadata, unit).read()
    else:
        with open_source(None, None, project) as proj:
            transcripts = list(proj.transcripts())
    frame = find(transcripts, term, languages=languages, width=width,
                 interviewer=not respondents)
    if output is not None:
        from interviewkit.export.tables import write_table

        write_table(frame, output, excel_bom=excel)
        err().print(f"Wrote {len(frame)} occurrence(s) of {term!r} to {output}")
        return
    if frame.empty:
        err().print(f"{term!r} does not occur in these transcripts.")
        return
    out().print(_kwic_table(frame, term, width))


def _fit(text: str, cells: int, *, left: bool) -> str:
    """Cut context to ``cells`` terminal cells (Chinese characters take two), at the far end."""
    from rich.cells import cell_len

    text = text.strip("…")
    if cell_len(text) <= cells:
        return text
    chars = list(text if not left else reversed(text))
    kept: list[str] = []
    used = 1
    for ch in chars:
        used += cell_len(ch)
        if used > cells:
            break
        kept.append(ch)
    return "…" + "".join(reversed(kept)) if left else "".join(kept) + "…"


def _kwic_table(frame: Any, term: str, width: int) -> Table:
    from rich.cells import cell_len
    from rich.markup import escape
    from rich.table import Table

    docs = frame["doc_id"].nunique()
    grid = Table(title=f"{escape(term)}: {len(frame)} occurrence(s) in {docs} transcript(s)",
                 title_justify="left", box=None, padding=(0, 1))
    doc_w = min(18, max(cell_len(str(d)) for d in frame["doc_id"]))
    term_w = max(cell_len(str(m)) for m in frame["match"])
    city_w = min(12, max((cell_len(str(c or "")) for c in frame["city"]), default=0))
    context = max(10, min(width, (out().width - doc_w - city_w - term_w - 8 - 12) // 2))
    grid.add_column("document", no_wrap=True, style="dim", max_width=doc_w)
    grid.add_column("speaker", no_wrap=True, max_width=8)
    grid.add_column("city", no_wrap=True, max_width=city_w or 4)
    grid.add_column("left", justify="right", no_wrap=True)
    grid.add_column("term", no_wrap=True, style="bold", min_width=term_w)
    grid.add_column("right", no_wrap=True)
    for row in frame.itertuples(index=False):
        speaker = f"{row.speaker or ''}" + (" (I)" if row.interviewer else "")
        grid.add_row(escape(str(row.doc_id)), escape(speaker), escape(str(row.city or "")),
                     escape(_fit(row.left, context, left=True)), escape(row.match),
                     escape(_fit(row.right, context, left=False)))
    return grid
