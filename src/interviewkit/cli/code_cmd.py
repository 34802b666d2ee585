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
        guard_outputs(
            [("-o", output)], project=None, paths=paths, metadata=metadata, codebook=codebook
        )
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
        info(f"Wrote {len(segments)} coded segments to {output}")
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


#: Beyond this many documents the summary counts documents instead of one column each;
#: beyond this many codes it lists only the codes that were found.
SUMMARY_COLUMNS = 12
SUMMARY_ROWS = 100


def summary_table(segments: Segments, book: Codebook, doc_ids: list[str]) -> Table:
    """Codes × documents: coded units per code and document.

    With many documents (more than :data:`SUMMARY_COLUMNS`) a column per
    document would not fit a screen: the table gives the documents with the
    code instead. With a large codebook only the codes found are listed.
    """
    from rich.table import Table

    counts: dict[tuple[str, str], int] = {}
    for doc_id, code in zip(segments.column("doc_id"), segments.column("code"), strict=True):
        counts[(code, doc_id)] = counts.get((code, doc_id), 0) + 1
    per_code: dict[str, list[int]] = {}
    for (code, _), n in counts.items():
        per_code.setdefault(code, []).append(n)
    wide = len(doc_ids) <= SUMMARY_COLUMNS
    title = "Coded units per code and document" if wide else "Coded units per code"
    leaves = [c for c in book.walk() if c.rule_count or not book.children(c.id)]
    shown = leaves if len(leaves) <= SUMMARY_ROWS else [c for c in leaves if c.id in per_code]
    caption = (
        f"{len(leaves) - len(shown):,} codes without a coded unit are not listed."
        if len(shown) < len(leaves)
        else None
    )
    table = Table(
        title=title,
        title_justify="left",
        min_width=len(title),
        caption=caption,
        caption_justify="left",
    )
    table.add_column("code")
    if wide:
        for doc_id in doc_ids:
            table.add_column(plain(doc_id), justify="right")
    else:
        table.add_column(f"documents (of {len(doc_ids):,})", justify="right")
    table.add_column("total", justify="right", style="bold")
    for c in shown:
        if wide:
            row = [counts.get((c.id, d), 0) for d in doc_ids]
            cells = [str(n) if n else "·" for n in row]
            total = sum(row)
        else:
            found = per_code.get(c.id, [])
            cells = [f"{len(found):,}" if found else "·"]
            total = sum(found)
        table.add_row(plain(c.name), *cells, f"{total:,}")
    return table
