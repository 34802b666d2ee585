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
from interviewkit.cli.output import err, out, progress, warn

if TYPE_CHECKING:
    from rich.table import Table

    from interviewkit.codebook.model import Codebook
    from interviewkit.coding.coder import CodedUnit
    from interviewkit.coding.segments import Segments

CODEBOOK = typer.Option(..., "--codebook", "-c", help="The codebook (.yaml, .csv or .xlsx).")
SPEAKERS = typer.Option(
    None, "--speakers", help="Code only these speakers' units (comma-separated labels)."
)
MODEL = typer.Option(
    None, "--model", help="An installed spaCy pipeline for a language, e.g. de=de_core_news_sm."
)
JOBS = typer.Option(1, "--jobs", "-j", help="Processes to code with (use the cores).")
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
    no_cache: bool = typer.Option(
        False, "--no-cache", help="Compile the codebook afresh; neither read nor write the cache."
    ),
) -> None:
    """Code transcripts with a codebook and show each coded unit, or export the segments."""
    from interviewkit.coding import Coder
    from interviewkit.coding.pipeline import parse_models
    from interviewkit.coding.stored import load_codebook_cached
    from interviewkit.export.tables import check_output_path

    if output is not None:
        check_output_path(output)
    book = load_codebook_cached(codebook, cache=not no_cache)
    for message in book.warnings:
        warn(message)
    docs = ReadOptions(paths, metadata, unit, speaker_pattern, interviewer, lang, encoding).read()
    coder = Coder(
        book,
        speakers=[s.strip() for s in speakers.split(",")] if speakers else None,
        models=parse_models(model),
        jobs=jobs,
        cache=False if no_cache else None,
    )
    show = output is None and not quiet
    from interviewkit.cli.render import code_colors, coded_unit
    from interviewkit.workflow import code_files

    colors = code_colors(book)
    total = sum(1 for d in docs for u in d.units if coder.selects(u))
    with progress("Coding", total, enabled=not show) as bar:

        def on_unit(unit_result: CodedUnit) -> None:
            bar.advance()
            if show and (unit_result.codes or uncoded):
                out().print(coded_unit(unit_result, book, colors))

        try:
            segments = code_files(docs, book, coder, on_unit=on_unit, detail=show)
        finally:
            coder.close()  # the helper that runs regular expressions ends here
    for message in coder.warnings:
        warn(message)
    if output is not None:
        write_segments(segments, output, excel_bom=excel)
        err().print(f"Wrote {len(segments)} coded segments to {output}")
    else:
        out().print(summary_table(segments, book, [d.id for d in docs]))
    from interviewkit.cli import end_at_once

    end_at_once()  # its files are written and closed, its helper has ended


def write_segments(segments: Segments, output: Path, *, excel_bom: bool) -> None:
    """CSV, JSON, JSON Lines and Markdown from the rows; pandas only for the other formats."""
    from interviewkit.export.rows import write_rows, writes

    if writes(output):
        write_rows(segments.columns, segments.rows, output, excel_bom=excel_bom)
    else:
        from interviewkit.export.tables import write_table

        write_table(segments.frame(), output, excel_bom=excel_bom)


def summary_table(segments: Segments, book: Codebook, doc_ids: list[str]) -> Table:
    """Codes × documents: coded units per code and document."""
    from rich.table import Table

    counts: dict[tuple[str, str], int] = {}
    for doc_id, code in zip(segments.column("doc_id"), segments.column("code"), strict=True):
        counts[(code, doc_id)] = counts.get((code, doc_id), 0) + 1
    title = "Coded units per code and document"
    table = Table(title=title, title_justify="left", min_width=len(title))
    table.add_column("code")
    for doc_id in doc_ids:
        table.add_column(doc_id, justify="right")
    table.add_column("total", justify="right", style="bold")
    for c in book.walk():
        if not c.rule_count and book.children(c.id):
            continue
        row = [counts.get((c.id, d), 0) for d in doc_ids]
        table.add_row(c.name, *[str(n) if n else "·" for n in row], str(sum(row)))
    return table
