"""``interviewkit code``: code transcript files with a codebook, without a project."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from interviewkit.cli.options import (
    ENCODING,
    INTERVIEWER,
    LANG,
    METADATA,
    PATHS,
    SPEAKER_PATTERN,
    UNIT,
    ReadOptions,
)
from interviewkit.cli.output import info, out, plain, progress, warn
from interviewkit.cli.source import guard_outputs

if TYPE_CHECKING:
    import pandas as pd
    from rich.table import Table

    from interviewkit.codebook.model import Codebook
    from interviewkit.coding.coder import CodedUnit

CODEBOOK = typer.Option(..., "--codebook", "-c", help="The codebook (.yaml, .csv or .xlsx).")
SPEAKERS = typer.Option(
    None, "--speakers", help="Code only these speakers' units (comma-separated labels)."
)
MODEL = typer.Option(
    None, "--model", help="An installed spaCy pipeline for a language, e.g. de=de_core_news_sm."
)
JOBS = typer.Option(
    1, "--jobs", "-j", min=1, max=256, help="Processes to code with (use the cores)."
)
OUTPUT = typer.Option(
    None, "--output", "-o", help="Write the coded segments (.csv, .xlsx, .json, .jsonl, .md)."
)
EXCEL = typer.Option(False, "--excel", help="CSV with a byte-order mark, for Excel.")


def register(app: typer.Typer) -> None:
    app.command("code")(code)


def code(
    paths: list[Path] = PATHS,
    codebook: Path = CODEBOOK,
    metadata: Path | None = METADATA,
    unit: str = UNIT,
    speakers: str | None = SPEAKERS,
    speaker_pattern: str | None = SPEAKER_PATTERN,
    interviewer: str | None = INTERVIEWER,
    lang: str | None = LANG,
    encoding: str | None = ENCODING,
    model: list[str] | None = MODEL,
    jobs: int = JOBS,
    output: Path | None = OUTPUT,
    excel: bool = EXCEL,
    uncoded: bool = typer.Option(False, "--uncoded", help="Also show units no rule touched."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Show only the summary table."),
) -> None:
    """Code transcripts with a codebook and show each coded unit, or export the segments."""
    from interviewkit.codebook import load_codebook
    from interviewkit.coding import Coder
    from interviewkit.coding.pipeline import parse_models
    from interviewkit.export.tables import check_output_path, write_table

    if output is not None:
        check_output_path(output)
        guard_outputs(
            [("-o", output)], project=None, paths=paths, metadata=metadata, codebook=codebook
        )
    book = load_codebook(codebook)
    for message in book.warnings:
        warn(message)
    docs = ReadOptions(paths, metadata, unit, speaker_pattern, interviewer, lang, encoding).read()
    coder = Coder(
        book,
        speakers=[s.strip() for s in speakers.split(",")] if speakers else None,
        models=parse_models(model),
        jobs=jobs,
    )
    show = output is None and not quiet
    from interviewkit.cli.render import code_colors, coded_unit
    from interviewkit.workflow import one_shot

    colors = code_colors(book)
    total = sum(1 for d in docs for u in d.units if coder.selects(u))
    with progress("Coding", total, enabled=not show) as bar:

        def on_unit(unit_result: CodedUnit) -> None:
            bar.advance()
            if show and (unit_result.codes or uncoded):
                out().print(coded_unit(unit_result, book, colors))

        with one_shot(docs, book, coder, on_unit=on_unit, detail=show) as project:
            segments = project.segments()
    for message in coder.warnings:
        warn(message)
    if output is not None:
        write_table(segments, output, excel_bom=excel)
        info(f"Wrote {len(segments)} coded segments to {output}")
        return
    out().print(summary_table(segments, book, [d.id for d in docs]))


def summary_table(segments: pd.DataFrame, book: Codebook, doc_ids: list[str]) -> Table:
    """Codes × documents: coded units per code and document."""
    from rich.table import Table

    counts: dict[tuple[str, str], int] = {}
    for doc_id, code in zip(segments["doc_id"], segments["code"], strict=True):
        counts[(code, doc_id)] = counts.get((code, doc_id), 0) + 1
    title = "Coded units per code and document"
    table = Table(title=title, title_justify="left", min_width=len(title))
    table.add_column("code")
    for doc_id in doc_ids:
        table.add_column(plain(doc_id), justify="right")
    table.add_column("total", justify="right", style="bold")
    for c in book.walk():
        if not c.rule_count and book.children(c.id):
            continue
        row = [counts.get((c.id, d), 0) for d in doc_ids]
        table.add_row(plain(c.name), *[str(n) if n else "·" for n in row], str(sum(row)))
    return table
