"""``interviewkit transcripts``: read transcripts and show what the tool sees in them."""

from __future__ import annotations

from pathlib import Path

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
from interviewkit.cli.output import out, plain


def register(app: typer.Typer) -> None:
    app.command("transcripts")(transcripts)


def transcripts(
    paths: list[Path] = PATHS,
    metadata: Path | None = METADATA,
    unit: str = UNIT,
    speaker_pattern: str | None = SPEAKER_PATTERN,
    interviewer: str | None = INTERVIEWER,
    lang: str | None = LANG,
    encoding: str | None = ENCODING,
    units: bool = typer.Option(False, "--units", help="List every unit with its offsets and text."),
) -> None:
    """List transcripts with their metadata, speakers and units (reading only)."""
    from rich.markup import escape
    from rich.table import Table

    docs = ReadOptions(paths, metadata, unit, speaker_pattern, interviewer, lang, encoding).read()
    table = Table(title=f"{len(docs)} transcripts", title_justify="left")
    for column in (
        "id",
        "language",
        "city",
        "partner",
        "institution",
        "words",
        unit + "s",
        "speakers",
        "encoding",
    ):
        table.add_column(
            column,
            justify="right" if column in ("words", unit + "s") else "left",
            no_wrap=column == "id",
        )
    for doc in docs:
        meta = doc.metadata
        speakers = sorted({u.speaker for u in doc.units if u.speaker})
        table.add_row(
            plain(doc.id),
            plain(meta.get("language", "")),
            plain(meta.get("city", "")),
            plain(meta.get("partner_city", "")),
            plain(meta.get("institution", "")),
            f"{doc.word_count:,}",
            str(len(doc.units)),
            plain(", ".join(speakers)),
            doc.encoding,
        )
    out().print(table)
    if units:
        for doc in docs:
            unit_table = Table(title=escape(doc.id), title_justify="left", show_lines=False)
            for column in ("#", "speaker", "start", "end", "time", "text"):
                unit_table.add_column(column, overflow="fold")
            for u in doc.units:
                time = ""
                if u.time_start is not None or u.time_end is not None:
                    time = f"{_clock(u.time_start)}–{_clock(u.time_end)}"
                speaker = (u.speaker or "") + (" (I)" if u.interviewer else "")
                text = doc.unit_text(u)
                short = text if len(text) <= 120 else text[:117] + "…"
                unit_table.add_row(
                    str(u.index), plain(speaker), str(u.start), str(u.end), time, plain(short)
                )
            out().print(unit_table)


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return ""
    minutes, sec = divmod(seconds, 60)
    hours, minutes = divmod(int(minutes), 60)
    return f"{hours:02d}:{minutes:02d}:{sec:04.1f}"
