"""From a text to its segments: speaker turns, the header before them, headings.

Transcribers write labels in many ways: ``I:``, ``B1:``, ``Frau K.:``,
``[Anna]``, ``**Interviewer:**``, ``问：`` with a full-width colon,
Markdown-escaped ``張\\>`` and ``au>``, or a transcription service's
``Jane Doe  00:03``; :mod:`interviewkit.transcripts.labels` decides which line
starts are labels. A turn runs from its label to the next label, heading or
marked paragraph. Text before the first turn is the header; text after a
heading that no label opens is a turn without a speaker.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

from interviewkit.errors import UsageError
from interviewkit.transcripts import labels as label_styles
from interviewkit.transcripts.base import Segment
from interviewkit.transcripts.markdown import Block, named_blocks, trailer
from interviewkit.transcripts.markdown import headings as markdown_headings
from interviewkit.transcripts.names import (
    INTERVIEWER_LABELS,
    KNOWN_LABELS,
    NAME_PATTERN,
    Label,
    is_known_label,
    normalize_label,
)

__all__ = [
    "INTERVIEWER_LABELS",
    "KNOWN_LABELS",
    "NAME_PATTERN",
    "Label",
    "compile_speaker_pattern",
    "find_labels",
    "is_known_label",
    "normalize_label",
    "paragraph_spans",
    "segment",
    "strip_span",
    "turns",
]

#: A header longer than this (in characters) is likely speech without a label: say so.
LONG_HEADER = 600
_BLANK_LINES = re.compile(r"\n[^\S\n]*\n\s*")
_LINE_BREAK = re.compile(r"\n\s*")


def compile_speaker_pattern(pattern: str | re.Pattern[str] | None) -> re.Pattern[str] | None:
    """Compile a user's label pattern; it must have a group named ``speaker``."""
    if pattern is None:
        return None
    try:
        compiled = re.compile(pattern, re.MULTILINE) if isinstance(pattern, str) else pattern
    except re.error as exc:
        raise UsageError(
            f"the speaker pattern {pattern!r} is not a valid regular expression: {exc}",
            hint=r"For labels like 'Anna >> text' use a pattern such as '(?P<speaker>\w+) >>'.",
        ) from exc
    if "speaker" not in compiled.groupindex:
        raise UsageError(
            f"the speaker pattern {compiled.pattern!r} has no group named 'speaker'",
            hint=r"Mark the name with (?P<speaker>...), for example '(?P<speaker>\w+) >>'.",
        )
    return compiled


def find_labels(
    text: str,
    pattern: re.Pattern[str] | None = None,
    known: frozenset[str] = frozenset(),
    *,
    start: int = 0,
) -> list[Label]:
    """The speaker labels at line starts in ``text[start:]``, in order.

    With ``pattern`` every match at a line start is a label; otherwise the
    document's own label style decides (see :mod:`interviewkit.transcripts.labels`),
    ``known`` holding more labels that count from their first use (normalised).
    """
    if pattern is not None:
        return list(_user_labels(text, pattern, start))
    found = label_styles.accepted(label_styles.candidates(text, start), known)
    return [c.label() for c in label_styles.without_header_lines(found, text)]


#: A caption's time span at a line start, the text after it, as Whisper prints its
#: captions: "[00:00.000 --> 00:04.520]  Guten Tag."
_CAPTION = re.compile(
    rf"^[ \t]*\[(?P<start>{label_styles.TIME}){label_styles.UNTIL}"
    rf"(?P<end>{label_styles.TIME})\][ \t]*",
    re.MULTILINE,
)


def _captions(text: str, start: int) -> list[Label]:
    """Captions with their time spans and no speaker, one a line: each opens a turn with
    those times; none unless there are two or more and four lines in five start so."""
    found = list(_CAPTION.finditer(text, start))
    if len(found) < 2:
        return []
    lines = sum(1 for line in text[start:].splitlines() if line.strip())
    if len(found) < 0.8 * lines:
        return []
    captions = []
    for match in found:
        begins, ends = label_styles.seconds(match["start"]), label_styles.seconds(match["end"])
        captions.append(
            Label(match.start(), match.end(), "", begins, ends if ends >= begins else None)
        )
    return captions


def _user_labels(text: str, pattern: re.Pattern[str], start: int) -> Iterable[Label]:
    position = start
    while position <= len(text):
        match = pattern.match(text, position)
        if match and match.end() > position:
            speaker = (match["speaker"] or "").strip()
            yield Label(position, match.end(), speaker)
        newline = text.find("\n", position)
        if newline < 0:
            break
        position = newline + 1


#: A line that holds a time only (Google Meet writes "00:05:00" between turns).
_TIME_LINE = re.compile(rf"[ \t]*[\[(]?{label_styles.LONG_TIME}[\])]?[ \t]*")


def _without_time_lines(text: str, start: int, end: int) -> tuple[int, int]:
    """A turn's span without the lines at its end that hold a recording's time only, with
    hours (never its first line: "B: 10:30" is an answer, and "18:00" below it too)."""
    while (cut := text.rfind("\n", start, end)) >= 0 and _TIME_LINE.fullmatch(text, cut + 1, end):
        start, end = strip_span(text, start, cut)
    return start, end


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow ``start:end`` so that it neither starts nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def paragraph_spans(text: str, start: int, end: int, paragraph_break: str) -> list[tuple[int, int]]:
    """Non-empty paragraphs of ``text[start:end]``, stripped.

    ``paragraph_break`` is ``"blank"`` (blank lines separate paragraphs) or
    ``"line"`` (every line is a paragraph).
    """
    separator = _LINE_BREAK if paragraph_break == "line" else _BLANK_LINES
    spans = []
    position = start
    for match in separator.finditer(text, start, end):
        spans.append(strip_span(text, position, match.start()))
        position = match.end()
    spans.append(strip_span(text, position, end))
    return [(s, e) for s, e in spans if s < e]


def turns(text: str, labels: list[Label]) -> list[Segment]:
    """One segment per label, running to the next label; empty turns are dropped."""
    segments = []
    for i, label in enumerate(labels):
        stop = labels[i + 1].start if i + 1 < len(labels) else len(text)
        start, end = strip_span(text, label.end, stop)
        if start < end:
            segments.append(Segment(start, end, label.speaker or None, region_start=label.start))
    return segments


class _Event(NamedTuple):
    start: int
    label: Label | None = None
    block: Block | None = None

    @property
    def end(self) -> int:
        if self.label is not None:
            return self.label.end
        assert self.block is not None
        return self.block.end


def segment(
    text: str,
    path: Path,
    *,
    pattern: re.Pattern[str] | None,
    paragraph_break: str,
    known: frozenset[str] = frozenset(),
    start: int = 0,
    headings: Sequence[Block] = (),
) -> tuple[list[Segment], list[str]]:
    """The segments of ``text[start:]``: turns, header, headings; and any warning.

    ``headings`` are headings a reader found itself (Markdown headings are
    found here). A text without speaker labels is cut into paragraphs (with a
    warning).
    """
    found = find_labels(text, pattern, known, start=start)
    if not found and pattern is None:
        found = _captions(text, start)
    blocks = [*headings, *markdown_headings(text, start), *named_blocks(text, start)]
    closing = trailer(text, start)
    if closing is not None:
        blocks.append(closing)
    events = _events(found, blocks)
    builder = _Builder(text, paragraph_break, labelled=bool(found))
    cursor = start
    open_label: Label | None = None
    for event in events:
        if open_label is not None:
            builder.turn(open_label, event.start)
            open_label = None
        else:
            builder.gap(cursor, event.start)
        if event.label is not None:
            open_label = event.label
        elif event.block is not None:
            builder.block(event.block)
        cursor = event.end
    if open_label is not None:
        builder.turn(open_label, len(text))
    else:
        builder.gap(cursor, len(text))
    warnings = []
    header = sum(s.end - s.start for s in builder.segments if s.kind == "header")
    if header > LONG_HEADER:
        warnings.append(
            f"{path.name}: the {header:,} characters before the first speaker label are read "
            "as the transcript's header and are not coded; if they are part of the interview, "
            "add a speaker label where it starts"
        )
    if not found and not any(b.speaker for b in blocks):
        warnings.append(
            f"no speaker labels found in {path.name}; paragraphs are the units. "
            "Use --speaker-pattern if your labels look different"
        )
    return _timed(builder.segments), warnings


def _events(found: Sequence[Label], blocks: Sequence[Block]) -> list[_Event]:
    """Labels and blocks in text order; a label inside a block, a mark on a paragraph
    that a label opens, and anything overlapping what came before give way."""
    if not blocks:
        return [_Event(label.start, label=label) for label in found]
    label_starts = {label.start for label in found}
    candidates = [
        *(
            _Event(b.start, block=b)
            for b in blocks
            if b.kind != "turn" or b.start not in label_starts
        ),
        *(_Event(label.start, label=label) for label in found),
    ]
    # Blocks first at the same start: a label there is inside the block.
    candidates.sort(key=lambda e: (e.start, e.label is not None))
    events: list[_Event] = []
    covered = -1
    for event in candidates:
        if event.start < covered:
            continue
        events.append(event)
        covered = event.end if event.block is not None else event.start + 1
    return events


class _Builder:
    """Collects segments; knows whether a gap is header or a turn without a speaker."""

    def __init__(self, text: str, paragraph_break: str, *, labelled: bool) -> None:
        self.text = text
        self.paragraph_break = paragraph_break
        self.labelled = labelled
        self.seen_label = False
        self.segments: list[Segment] = []

    def turn(self, label: Label, stop: int) -> None:
        self.seen_label = True
        start, end = _without_time_lines(self.text, *strip_span(self.text, label.end, stop))
        if start < end:
            self.segments.append(
                Segment(
                    start,
                    end,
                    label.speaker or None,
                    region_start=label.start,
                    time_start=label.time,
                    time_end=label.until,
                )
            )

    def block(self, block: Block) -> None:
        self.segments.append(
            Segment(
                block.content_start,
                block.content_end,
                block.speaker,
                region_start=block.start,
                kind=block.kind,
            )
        )

    def gap(self, start: int, stop: int) -> None:
        if not self.text[start:stop].strip():
            return
        if self.labelled:
            begin, end = strip_span(self.text, start, stop)
            kind = "turn" if self.seen_label else "header"
            self.segments.append(Segment(begin, end, region_start=begin, kind=kind))
            return
        for begin, end in paragraph_spans(self.text, start, stop, self.paragraph_break):
            self.segments.append(Segment(begin, end, region_start=begin))


def _timed(segments: list[Segment]) -> list[Segment]:
    """A turn with a service's time ends where the next turn starts, if that one has a
    time too, unless the service wrote when it ends. (Headings and headers between
    turns have no time and are passed over.)"""
    turns = [i for i, s in enumerate(segments) if s.kind == "turn"]
    result = list(segments)
    for here, after in itertools.pairwise(turns):
        start, following = result[here].time_start, segments[after].time_start
        # (a time of day past midnight starts again at 0: that turn's end is not known)
        if start is not None and result[here].time_end is None and (following or 0) >= start:
            result[here] = replace(result[here], time_end=following)
    return result
