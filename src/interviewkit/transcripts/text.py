"""Plain text and Markdown transcripts, with optional YAML front matter.

The transcript text is the file's text, front matter included, with only
newlines normalised (as Python's ``open`` does), so that offsets are
positions in the file. f4/f5 timestamps are the exception: they are taken out
(they become the turns' time spans), and the text of such a file is derived.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from interviewkit.errors import TranscriptError
from interviewkit.textfiles import decode
from interviewkit.transcripts.base import Parsed, ReadOptions
from interviewkit.transcripts.interviewers import interviewer_names
from interviewkit.transcripts.markdown import heading_blocks
from interviewkit.transcripts.speakers import normalize_label, segment
from interviewkit.transcripts.timestamps import assign_times, strip_timestamps

_FRONT_MATTER_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


class TextReader:
    """Reads ``.txt``, ``.md`` and ``.markdown`` files."""

    suffixes: tuple[str, ...] = (".txt", ".md", ".markdown")

    def read(self, path: Path, data: bytes, options: ReadOptions) -> Parsed:
        """Decode the file, read its front matter, find its turns."""
        decoded = decode(data, path, encoding=options.encoding)
        metadata, body = split_front_matter(decoded.text, path)
        return parse_text(
            decoded.text,
            path,
            options,
            metadata=metadata,
            body_start=len(decoded.text) - len(body),
            encoding=decoded.encoding,
            warnings=(decoded.warning,) if decoded.warning else (),
        )


def parse_text(
    full: str,
    path: Path,
    options: ReadOptions,
    *,
    metadata: dict[str, str],
    body_start: int,
    encoding: str,
    warnings: tuple[str, ...] = (),
    paragraph_break: str = "blank",
    heading_lines: frozenset[int] = frozenset(),
) -> Parsed:
    """Turns of a text whose transcript starts at ``body_start``, f4/f5 stamps taken out.

    ``heading_lines`` are the numbers (from 0) of lines that are headings
    (a Word document's heading styles).
    """
    body, stamps = strip_timestamps(full[body_start:])
    text = full[:body_start] + body
    named = {normalize_label(n) for n in interviewer_names(metadata.get("interviewer", ""))}
    segments, found = segment(
        text,
        path,
        pattern=options.speaker_pattern,
        paragraph_break=paragraph_break,
        known=options.known_labels | {n for n in named if n},
        start=body_start,
        headings=heading_blocks(text, heading_lines),
    )
    return Parsed(
        text=text,
        segments=tuple(assign_times(segments, [(p + body_start, t) for p, t in stamps])),
        metadata=metadata,
        encoding=encoding,
        warnings=(*warnings, *found),
        paragraph_break=paragraph_break,
        body_start=body_start,
    )


def split_front_matter(text: str, path: Path) -> tuple[dict[str, str], str]:
    """Metadata from a leading ``---`` YAML block, and the text after it."""
    first_line, _, rest = text.partition("\n")
    if first_line.rstrip() != "---":
        return {}, text
    closing = _FRONT_MATTER_CLOSE.search(rest)
    if closing is None:
        raise TranscriptError(
            f"{path}, line 1: the front matter that starts here is never closed",
            hint="End the metadata block with a line of three dashes (---).",
        )
    import yaml

    from interviewkit.safe_yaml import load_yaml

    block = rest[: closing.start()]
    try:
        # Bounded, no aliases, and `id: 007` or `country: no` kept as the text written.
        loaded = load_yaml(block, aliases=False).data
    except yaml.YAMLError as exc:
        line = _error_line(exc, block)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise TranscriptError(
            f"{path}, line {line}: the front matter is not valid YAML ({problem})",
            hint="Write one 'key: value' per line; put values with a colon in quotes.",
        ) from exc
    if loaded is None:
        loaded = {}
    if not isinstance(loaded, Mapping):
        raise TranscriptError(
            f"{path}, line 2: the front matter must be 'key: value' lines, "
            f"not a {type(loaded).__name__}",
            hint="Write the metadata as lines like 'city: Bonn' between the two --- lines.",
        )
    body_start = closing.end() + 1
    return {str(k): as_text(v) for k, v in loaded.items() if v is not None}, rest[body_start:]


def _error_line(exc: Exception, block: str) -> int:
    """The file line of a YAML error; line 1 of the file is the opening ``---``."""
    problem = getattr(exc, "problem_mark", None)
    context = getattr(exc, "context_mark", None)
    # At the end of the block ("got <stream end>") the opening bracket says more.
    if problem is not None and problem.line >= block.count("\n") and context is not None:
        problem = context
    mark = problem or context
    return int(mark.line) + 2 if mark is not None else 1


def as_text(value: Any) -> str:
    """A metadata value as a string: dates in ISO form, lists joined by commas."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, (list, tuple, set)):
        return ", ".join(as_text(v) for v in value)
    return str(value).strip()
