"""``interviewkit agreement``: is the coding reliable? (Codings made elsewhere come in with
:mod:`interviewkit.cli.codings_import_cmd`.)"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from interviewkit.cli.output import info, out, plain, warn
from interviewkit.cli.source import PROJECT, guard_outputs, project_path

if TYPE_CHECKING:
    from interviewkit.analysis.reliability import Reliability

FORMATS = ("csv", "xlsx", "json", "md", "tex")
#: Characters of a unit's text shown on the terminal (files get all of it).
SHOWN_TEXT = 300


def register(app: typer.Typer) -> None:
    from interviewkit.cli import codings_import_cmd

    app.command("agreement")(agreement)
    codings_import_cmd.register(app)


def _names(value: str | None) -> list[str] | None:
    names = [v.strip() for v in (value or "").split(",") if v.strip()]
    return names or None


def agreement(
    coders: str = typer.Option(
        ...,
        "--coders",
        help="Two or more coders, comma-separated (e.g. anna,ben or auto,anna).",
        show_default=False,
    ),
    unit: str | None = typer.Option(
        None,
        "--unit",
        "-u",
        help="turn, sentence or paragraph: must be the unit the transcripts were added with "
        "(the default).",
        show_default=False,
    ),
    codes: str | None = typer.Option(
        None,
        "--codes",
        help="Only these codes (ids or names, comma-separated; a parent "
        "includes the codes below it). Default: every code without children.",
        show_default=False,
    ),
    docs: str | None = typer.Option(
        None, "--docs", help="Only these transcripts (ids, comma-separated).", show_default=False
    ),
    overlap: float | None = typer.Option(
        None,
        "--overlap",
        min=1,
        max=100,
        help="Segment-overlap mode: two codings agree when they overlap by at least this "
        "percentage of their union (MAXQDA's default is 90). Default: unit level.",
        show_default=False,
    ),
    disagreements: bool = typer.Option(
        False,
        "--disagreements",
        help="List the units where the coders differ, with their text. With -o, they go to a "
        "second sheet (.xlsx) or to NAME.disagreements.SUFFIX beside the table.",
    ),
    bootstrap: int = typer.Option(
        1000,
        "--bootstrap",
        min=0,
        max=1_000_000,
        help="Bootstrap resamples for alpha's 95% interval (0: none).",
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write the table (.csv, .xlsx, .json, .md, .tex)."
    ),
    excel: bool = typer.Option(False, "--excel", help="CSV with a byte-order mark, for Excel."),
    project: Path | None = PROJECT,
) -> None:
    """Agreement between coders: percent agreement, kappas, Krippendorff's alpha per code."""
    from interviewkit.analysis.reliability import reliability
    from interviewkit.export.tables import check_output_path
    from interviewkit.store import Project

    if output is not None:
        check_output_path(output, dict.fromkeys(FORMATS))
        guard_outputs(
            [("-o", output), ("-o", _disagreements_path(output) if disagreements else None)],
            project=project,
        )
    names = _names(coders) or []
    with Project(project_path(project), readonly=True) as proj:
        result = reliability(
            proj,
            coders=names,
            unit=unit,
            codes=_names(codes),
            doc_ids=_names(docs),
            overlap=None if overlap is None else overlap / 100,
            bootstrap=bootstrap,
        )
    _explain(result, table_on_stdout=output is None)
    if output is not None:
        _write(result, output, disagreements=disagreements, excel=excel)
        return
    out().print(render(result))
    if disagreements:
        out().print(render_disagreements(result))


def _explain(result: Reliability, *, table_on_stdout: bool) -> None:
    """What was compared, on stderr: each coder's documents (and, for a file, the unit)."""
    if not table_on_stdout:
        info(result.unit_of_analysis())
    coded = ", ".join(f"{n} {len(d)}" for n, d in result.documents.items())
    info(
        f"Documents coded (a document counts when it holds at least one coding or review of "
        f"the coder; elsewhere the coder's decisions are missing): {coded}; "
        f"compared in {len(result.shared_documents)} coded by two or more."
    )
    for note in result.notes:
        warn(note)


def _write(result: Reliability, output: Path, *, disagreements: bool, excel: bool) -> None:
    from interviewkit.export.tables import write_sheets, write_table

    table = result.table.reset_index()
    if output.suffix.lower() == ".xlsx":
        sheets = {"agreement": table}
        if disagreements:
            sheets["disagreements"] = result.disagreements
        write_sheets(sheets, output)
        info(f"Wrote the agreement table to {output}")
        return
    write_table(table, output, excel_bom=excel)
    info(f"Wrote the agreement table to {output}")
    if disagreements:
        other = _disagreements_path(output)
        write_table(result.disagreements, other, excel_bom=excel)
        info(f"Wrote {len(result.disagreements)} disagreement(s) to {other}")


def _disagreements_path(output: Path) -> Path:
    return output.with_name(f"{output.stem}.disagreements{output.suffix}")


def _number(value: Any, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.{digits}f}"


def render(result: Reliability) -> Any:
    """The agreement table, with what it measures and the reading aid under it."""
    from rich import box
    from rich.console import Group
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    from interviewkit.analysis.agreement_table import POOLED, kappa_column, row_level
    from interviewkit.analysis.reliability import READING_AID

    table = result.table
    two = len(result.coders) == 2
    scores = [c for c in table.columns if c.split(" ")[0] in ("precision", "recall", "f1")]
    kappa = "κ" if two else "Fleiss κ"
    headers = [
        "n",
        "% agr.",
        kappa,
        "BP κ",
        "α",
        "α 95% CI",
        *(c.replace("precision", "prec.").replace("f1", "F1") for c in scores),
    ]
    body = []
    for code, row in table.iterrows():
        interval = (
            f"{_number(row['alpha_low'], 2)}–{_number(row['alpha_high'], 2)}"
            if not math.isnan(row["alpha_low"])
            else "–"
        )
        level = row_level(row)
        shown_kappa = kappa_column(two, level)
        cells = [
            str(int(row["n_units"])),
            _number(row["percent_agreement"] * 100, 1) if row["n_units"] else "–",
            _number(row[shown_kappa]),
            _number(row["brennan_prediger"]),
            _number(row["alpha"]),
            interval,
            *(_number(row[c], 2) for c in scores),
        ]
        label = str(row["name"]) + ("" if level == "binary" else f" ({level})")
        body.append((code, label, cells))
    grid = Table(
        title=f"Agreement of {escape(', '.join(result.coders))}"
        + (" (segment overlap)" if result.mode == "overlap" else f" ({result.unit_kind}s)"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        padding=(0, 0),
    )
    # Numbers are never cut; a narrow terminal shortens the code names instead.
    grid.add_column("code", no_wrap=True, overflow="ellipsis", min_width=10)
    for i, header in enumerate(headers):
        width = max(len(header), *(len(cells[i]) for _, _, cells in body))
        grid.add_column(header, justify="right", no_wrap=True, min_width=width)
    for code, name, cells in body:
        if code == POOLED:
            grid.add_section()
        grid.add_row(plain(name, style="bold" if code == POOLED else ""), *cells)
    counts = "; ".join(
        f"{name}: "
        + ", ".join(
            f"{escape(str(r['name']))} {int(r[f'coded_{name}'])}"
            for c, r in table.iterrows()
            if c != POOLED
        )
        for name in result.coders
    )
    legend = (
        f"n = units coded by two or more; {kappa} = {'Cohen' if two else 'Fleiss'}'s kappa; "
        "BP κ = Brennan and Prediger's kappa; α = Krippendorff's alpha (nominal), "
        "with a bootstrap interval."
    )
    lines = [legend, result.unit_of_analysis(), f"Units coded with each code by {counts}."]
    if result.variables:
        lines.append(_variables_legend(result, two))
    if scores:
        person = ", ".join(c for c in result.coders if c not in result.automatic)
        lines.append(
            f"Precision, recall and F1 of {result.automatic[0]}, taking {person} as the reference."
        )
    lines.append(READING_AID)
    return Group(grid, *(Text(line, style="dim") for line in lines))


def _variables_legend(result: Reliability, two: bool) -> str:
    """What a variable's row measures: the rows marked (nominal) and (ordinal)."""
    from interviewkit.analysis.reliability_variables import describe

    ordinal = any(v.family.level == "ordinal" for v in result.variables)
    text = (
        "Rows marked (nominal) or (ordinal) are code families the codebook declares exclusive, "
        "each one variable: on each unit a coder's value is the child they applied ("
        + "; ".join(describe(v.family) for v in result.variables)
        + "); n = units with values from two coders or more; the counts above are the units "
        "given a value. A nominal variable counts 'none of them' as a value of its own, and "
        f"{'Cohen' if two else 'Fleiss'}'s κ, BP κ and α are over its values."
    )
    if ordinal:
        text += " An ordinal variable leaves out the units given none of them; its α is ordinal"
        text += (
            ", its κ Cohen's weighted kappa with quadratic weights (linear weights: the column "
            "weighted_kappa_linear of -o FILE)."
            if two
            else "; its κ is Fleiss' (unweighted): weighted kappa is for two coders."
        )
    return text


def render_disagreements(result: Reliability) -> Any:
    from rich.table import Table

    frame = result.disagreements
    grid = Table(
        title=f"Disagreements: {len(frame)} unit(s) where the coders differ "
        "(— = the coder did not code this document)",
        title_justify="left",
        show_lines=True,
    )
    where = "unit" if "unit" in frame.columns else "place"
    for column in ("doc_id", where, "code_name", *result.coders, "text"):
        grid.add_column(
            column if column != "code_name" else "code",
            overflow="fold",
            no_wrap=column != "text",
            ratio=1 if column == "text" else None,
        )
    for _, row in frame.iterrows():
        text = str(row["text"])
        if len(text) > SHOWN_TEXT:
            text = text[:SHOWN_TEXT].rstrip() + " …"
        grid.add_row(
            plain(str(row["doc_id"])),
            str(row[where]),
            plain(str(row["code_name"])),
            *(plain(str(row[n])) for n in result.coders),
            plain(text),
        )
    return grid
