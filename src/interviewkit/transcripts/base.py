"""The shape every transcript reader shares: options in, text and segments out.

A reader turns the bytes of one file into the transcript text and its
*segments*: the speaker turns (or, when a file has no speaker labels, its
paragraphs), the header before the first turn and the headings between
turns, as spans into that text. Cutting turns into sentences or
paragraphs, numbering units and flagging interviewers happen later, the same
way for every format (see :mod:`interviewkit.transcripts.units`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True)
class Segment:
    """A turn (or paragraph) found by a reader.

    ``start``/``end`` enclose the content without label and without
    surrounding whitespace; ``region_start`` is where the turn begins,
    label included, so that timestamps can be placed in it. ``kind`` is
    ``turn``, or ``header``/``heading`` for a unit that is never coded.
    """

    start: int
    end: int
    speaker: str | None = None
    time_start: float | None = None
    time_end: float | None = None
    region_start: int | None = None
    kind: str = "turn"


@dataclass(frozen=True)
class ReadOptions:
    """What the user told us about how to read a file."""

    speaker_pattern: re.Pattern[str] | None = None
    encoding: str | None = None
    #: Labels (normalised) that count from their first use, like the built-in ones.
    known_labels: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Parsed:
    """What a reader found in one file.

    ``paragraph_break`` is how paragraphs are separated in ``text``:
    ``"blank"`` for a blank line (plain text, Markdown, captions) or
    ``"line"`` for every line break (Word, whose paragraphs are joined by one
    newline). ``body_start`` is where the transcript begins after any front
    matter, which stays in ``text`` so that offsets are positions in the file.
    """

    text: str
    segments: tuple[Segment, ...]
    metadata: dict[str, str] = field(default_factory=dict)
    encoding: str = "utf-8"
    warnings: tuple[str, ...] = ()
    paragraph_break: str = "blank"
    body_start: int = 0

    @property
    def body(self) -> str:
        return self.text[self.body_start :]


class Reader(Protocol):
    """A transcript format: the suffixes it claims and how to read it."""

    suffixes: tuple[str, ...]

    def read(self, path: Path, data: bytes, options: ReadOptions) -> Parsed:
        """Read ``data``, the bytes of ``path``; raise ``TranscriptError`` if unusable."""
        ...
