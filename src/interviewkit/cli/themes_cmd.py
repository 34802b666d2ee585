"""``interviewkit themes``: theme frequency tables by city, country or any attribute."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from interviewkit.cli.options import FILE_UNIT, LANG, METADATA, WHERE, parse_where
from interviewkit.cli.output import counted, err, info, out, plain, warn
from interviewkit.cli.source import (
    OPTIONAL_CODEBOOK,
    OPTIONAL_PATHS,
    PROJECT,
    guard_outputs,
    open_source,
)

BY = typer.Option(
    None,
    "--by",
    "-b",
    metavar="ATTRIBUTES",
    help="Attribute(s) to group by (default: city); city,country crosses them (Bonn / "
    "Germany); speaker groups by who speaks.",
    show_default=False,
)


def by_attributes(by: list[str] | None) -> list[str]:
    """The attributes of ``--by`` (given once; several, comma-separated, are crossed)."""
    from interviewkit.errors import UsageError

    if by and len(by) > 1:
        raise UsageError(
            f"--by is given {len(by)} times; a table groups by one --by",
            hint=f"--by {','.join(by)} crosses them in one table; for a table each, run the "
            f"command once per attribute (the report makes one each: 'interviewkit report "
            f"{' '.join('--by ' + b for b in by)}').",
        )
    attrs = [a.strip() for a in (by[0] if by else "city").split(",") if a.strip()]
    return attrs or ["city"]


CODER = typer.Option(
    None,
    "--coder",
    metavar="WHICH",
    help="Which coding is counted: all (every coder's, pooled: the default), a coder's name "
    "(their own codings and the suggestions they accepted; several: anna,ben), final (the "
    "final coding), accepted (people's codings and accepted suggestions only), or "
    "unreviewed (the suggestions nobody decided on yet).",
)
OUTPUT = typer.Option(
    None, "--output", "-o", help="Write the table (.csv, .xlsx, .json, .md, .tex)."
)
if TYPE_CHECKING:
    import pandas as pd
    from rich.table import Table

    from interviewkit.analysis.selection import CountingBasis
    from interviewkit.analysis.themes import ThemeTable

FORMATS = ("csv", "xlsx", "json", "md", "tex")


def register(app: typer.Typer) -> None:
    app.command("themes")(themes)


def themes(
    paths: list[Path] | None = OPTIONAL_PATHS,
    codebook: Path | None = OPTIONAL_CODEBOOK,
    by: list[str] | None = BY,
    coder: str | None = CODER,
    where: list[str] | None = WHERE,
    metadata: Path | None = METADATA,
    unit: str | None = FILE_UNIT,
    lang: str | None = LANG,
    output: Path | None = OUTPUT,
    excel: bool = typer.Option(False, "--excel", help="CSV with a byte-order mark, for Excel."),
    project: Path | None = PROJECT,
) -> None:
    """Theme frequencies per group: coded units, shares, documents, per 1,000 words."""
    from interviewkit.analysis.counting import document_counts, documents_where
    from interviewkit.analysis.parts import unit_attribute
    from interviewkit.analysis.themes import theme_table_counted, without_values
    from interviewkit.export.tables import check_output_path, write_sheets, write_table

    if output is not None:
        check_output_path(output, dict.fromkeys(FORMATS))
        guard_outputs(
            [("-o", output)], project=project, paths=paths, metadata=metadata, codebook=codebook
        )
    attrs = by_attributes(by)
    from interviewkit.analysis.selection import Selection

    coders = Selection.parse(coder)
    with open_source(paths, codebook, project, metadata=metadata, unit=unit, lang=lang) as proj:
        book = proj.codebook()
        if book is None:
            from interviewkit.errors import UsageError

            raise UsageError(
                "the project has no codebook", hint="Run 'interviewkit codebook load FILE'."
            )
        table = theme_table_counted(
            document_counts(
                proj,
                book,
                coders=coders,
                where=parse_where(where),
                split=unit_attribute(attrs, list(proj.documents().columns)),
            ),
            book,
            by=attrs,
        )
        documents = proj.documents()
        if where:  # only the documents counted
            documents = documents_where(documents, parse_where(where))
        absent = without_values(documents, attrs) if table.missing else {}
    warn_alike(documents, attrs)
    warn_missing(
        absent, kept="they form the group (none)", files=bool(paths), sheet=metadata is not None
    )
    if output is None:
        out().print(render(table))
        return
    if output.suffix.lower() == ".xlsx":
        from interviewkit.analysis.themes import MEASURES

        write_sheets({label: table.measures[key] for key, label in MEASURES.items()}, output)
    else:
        write_table(table.wide(), output, excel_bom=excel)
    info(f"Wrote the theme table ({counted(len(table.measures['units']), 'code')}) to {output}")
    for line in counted_lines(table.basis, table.left_out):
        err().print(line, markup=False, soft_wrap=True)


def warn_alike(documents: pd.DataFrame, attrs: list[str]) -> None:
    """Warn (stderr) when values of a --by attribute differ only in how they are written:
    they are counted as groups of their own, while --where takes them for one."""
    from interviewkit.folding import alike

    for attr in attrs:
        if attr in documents.columns:
            values = documents[attr].dropna().astype(str).str.strip()
            for group in alike(v for v in values if v):
                shown = " and ".join(repr(v) for v in group)
                warn(
                    f"'{attr}' values {shown} are counted as {len(group)} groups, though they "
                    "differ only in case or spelling; write them alike in the metadata to "
                    "count them as one."
                )


def warn_missing(
    missing: dict[str, list[str]], *, kept: str, files: bool, sheet: bool = False
) -> None:
    """Warn (stderr) about transcripts without a value for a --by attribute, naming them."""
    if not missing:
        return

    def named(ids: list[str]) -> str:
        more = f" and {len(ids) - 5} more" if len(ids) > 5 else ""
        return ", ".join(ids[:5]) + more

    if len(missing) == 1:
        [(attr, ids)] = missing.items()
        what = f"{len(ids)} transcript(s) have no value for '{attr}' ({named(ids)})"
    else:
        counts = "; ".join(f"'{attr}': {named(ids)}" for attr, ids in missing.items())
        what = f"Some transcripts have no value for an attribute they are grouped by ({counts})"
    if files and sheet:
        how = (
            "Give them a value in the metadata sheet (its rows are matched by file name or id; "
            "a row that matches no transcript is named when the files are read)."
        )
    elif files:
        how = "If the attributes are in a metadata sheet, add it with --metadata SHEET."
    else:
        how = (
            "If the attributes are in a metadata sheet, add them to the project with "
            "'interviewkit add FILES --metadata SHEET'."
        )
    warn(f"{what}; {kept}. {how}")


def counted_lines(basis: CountingBasis | None, left_out: int = 0) -> list[str]:
    """Which codings were counted, with the options that count one coder only."""
    from interviewkit.analysis.selection import counted_lines as lines

    return lines(basis, left_out, hint=True)


#: A table of more codes than this shows on the terminal only the codes with a coded unit.
TERMINAL_ROWS = 100


def shown_rows(counts: pd.DataFrame) -> tuple[list[Any], str]:
    """The codes a terminal table lists, and a line saying which were left out.

    A codebook of thousands of codes makes a table nobody reads on a screen (and
    rich takes minutes to lay it out): beyond :data:`TERMINAL_ROWS` codes, those
    without a single coded unit are left out; ``-o FILE`` writes every code.
    """
    rows = list(counts.index)
    if len(rows) <= TERMINAL_ROWS:
        return rows, ""
    coded = counts.to_numpy().sum(axis=1) > 0
    kept = [code for code, found in zip(rows, coded, strict=True) if found]
    left = len(rows) - len(kept)
    return kept, (
        f"{left:,} codes without a coded unit are not listed; -o FILE writes every code."
        if left
        else ""
    )


def render(table: ThemeTable) -> Table:
    """Codes as a tree (rows) × groups (columns): coded units and their share of units."""
    from rich.markup import escape
    from rich.table import Table

    by = " / ".join(table.by) or "all"
    units, share = table.measures["units"], table.measures["unit_share"]
    rows, hidden = shown_rows(units)
    caption = "\n".join(
        [
            *counted_lines(table.basis, table.left_out),
            "A parent counts each unit coded with it or with any of its children once.",
            *([hidden] if hidden else []),
        ]
    )
    grid = Table(
        title=f"Themes by {escape(by)}: coded units (% of respondent units)",
        title_justify="left",
        caption=escape(caption),
        caption_justify="left",
    )
    grid.add_column("code", no_wrap=True)
    for group in table.groups:
        n = table.group_units.get(group, 0)
        grid.add_column(f"{escape(group)}\n[dim]n={n}[/]", justify="right")
    nested = any(table.levels.get(c, 0) > 0 for c in units.index)
    for code in rows:
        level = table.levels.get(code, 0)
        name = ("  " * level) + table.names.get(code, code)
        style = "bold" if level == 0 and nested else ""
        cells = []
        for group in table.groups:
            count = int(units.at[code, group])
            pct = share.at[code, group]
            cells.append(f"{count} [dim]({pct:.0f}%)[/]" if count else "[dim]·[/]")
        grid.add_row(plain(name, style=style), *cells)
    return grid
