"""``interviewkit transcripts``: read transcripts and show what the tool sees in them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

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
from interviewkit.cli.output import counted, info, out, plain
from interviewkit.cli.source import guard_outputs
from interviewkit.errors import UsageError

#: How the units of a kind of their own are shown in the speaker column.
_OWN_KINDS = {"header": "— header —", "heading": "— heading —"}


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
    units: bool = typer.Option(
        False,
        "--units",
        help="List every unit with its kind, speaker, offsets and text; header and "
        "heading units are marked, interviewer turns carry (I).",
    ),
    text: bool = typer.Option(
        False,
        "--text",
        help="Write the transcript's text, the one every offset refers to (for .docx, "
        ".rtf, captions and f4 stamps it is derived from the file).",
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="With --text: the file to write (UTF-8); else stdout."
    ),
) -> None:
    """List transcripts with their metadata, speakers and units (reading only).

    "headers" counts the units before the first turn and the headings, which are
    shown but never coded or counted.

    Examples: interviewkit transcripts interviews/ --units;
    interviewkit transcripts interview.docx --text -o interview.txt
    """
    if output is not None and not text:
        raise UsageError("-o writes the text of a transcript", hint="Add --text.")
    if output is not None:  # the transcript itself is refused by _write_text, by name
        guard_outputs([("-o", output)], project=None, metadata=metadata)
    docs = ReadOptions(paths, metadata, unit, speaker_pattern, interviewer, lang, encoding).read()
    if text:
        _write_text(docs, output)
        return
    _overview(docs, unit)
    if units:
        for doc in docs:
            out().print(_unit_table(doc))


def _overview(docs: list[Any], unit: str) -> None:
    from rich.table import Table

    table = Table(title=f"{counted(len(docs), 'transcript')}", title_justify="left")
    for column in (
        "id",
        "language",
        "city",
        "partner",
        "institution",
        "words",
        unit + "s",
        "headers",
        "speakers",
        "interviewer",
        "encoding",
    ):
        table.add_column(
            column,
            justify="right" if column in ("words", unit + "s", "headers") else "left",
            no_wrap=column == "id",
        )
    for doc in docs:
        meta = doc.metadata
        turns = [u for u in doc.units if u.kind not in _OWN_KINDS]
        speakers = sorted({u.speaker for u in turns if u.speaker})
        interviewers = sorted({u.speaker for u in turns if u.speaker and u.interviewer})
        table.add_row(
            plain(doc.id),
            plain(meta.get("language", "")),
            plain(meta.get("city", "")),
            plain(meta.get("partner_city", "")),
            plain(meta.get("institution", "")),
            f"{doc.word_count:,}",
            str(len(turns)),
            str(len(doc.units) - len(turns)),
            plain(", ".join(speakers)),
            plain(", ".join(interviewers) or "none recognised"),
            doc.encoding,
        )
    out().print(table)


def _unit_table(doc: Any) -> Any:
    from rich.table import Table

    assumed = sorted({u.speaker for u in doc.units if u.speaker and u.interviewer})
    caption = "interviewer: " + (", ".join(assumed) if assumed else "none recognised")
    table = Table(title=plain(doc.id), title_justify="left", caption=plain(caption))
    for column in ("#", "kind", "speaker", "start", "end", "time", "text"):
        table.add_column(column, overflow="fold")
    for u in doc.units:
        time = ""
        if u.time_start is not None or u.time_end is not None:
            time = f"{_clock(u.time_start)}–{_clock(u.time_end)}"
        own = u.kind in _OWN_KINDS
        speaker = (u.speaker or "") + (" (I)" if u.interviewer else "")
        if own:
            speaker = _OWN_KINDS[u.kind]
        content = " ".join(doc.unit_text(u).split())
        short = content if len(content) <= 120 else content[:117] + "…"
        table.add_row(
            str(u.index),
            u.kind,
            plain(speaker),
            str(u.start),
            str(u.end),
            time,
            plain(short),
            style="dim" if own else None,
        )
    return table


def _write_text(docs: list[Any], output: Path | None) -> None:
    """The text of one transcript, exactly, to ``output`` or stdout."""
    if len(docs) != 1:
        raise UsageError(
            f"--text writes the text of one transcript, and {len(docs)} were read",
            hint="Name one transcript file.",
        )
    doc = docs[0]
    if output is None:
        sys.stdout.write(doc.text)
        return
    if doc.source and output.resolve() == Path(doc.source).resolve():
        raise UsageError(
            f"{output} is the transcript itself; it is not overwritten",
            hint="Write the text to another file.",
        )
    from interviewkit.files import write_text

    write_text(output, doc.text)
    info(f"Wrote the text of {doc.id} ({len(doc.text):,} characters) to {output}.")


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return ""
    minutes, sec = divmod(seconds, 60)
    hours, minutes = divmod(int(minutes), 60)
    return f"{hours:02d}:{minutes:02d}:{sec:04.1f}"
