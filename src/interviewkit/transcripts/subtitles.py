"""Captions: WebVTT (.vtt) and SubRip (.srt).

The text is built from the cue payloads, one cue per line, with markup
(``<v Name>``, ``<i>``, ``<c.x>``, ``{\\an8}``) removed and entities decoded.
Speakers come from ``<v Name>`` voices, from ``Name:`` at the start of a cue,
and from ``>>``, the broadcast sign for "someone else speaks now" (who, it
does not say). A turn is a run of cues of one speaker, or the text from one
``>>`` to the next; the ``>>`` and the ``Name:`` that opens a turn stay in
the text, outside the turn's span, like labels in a text transcript (a
``Name:`` that repeats the speaker of the cue before is left out). Which
``Name:`` prefixes are speakers is decided as in text transcripts (Zoom
writes one on every cue, so one who speaks once is a speaker too).

Hand-made and converted captions are often broken: numbering that starts at
2, unpadded times (``0:0:25,000``), text lines that start with a space. Every
cue that can be read is read; a cue whose timing cannot be read keeps its
text, without times, and one warning per file names the lines of such cues.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from interviewkit.errors import TranscriptError
from interviewkit.textfiles import decode
from interviewkit.transcripts.base import Parsed, ReadOptions, Segment
from interviewkit.transcripts.labels import Candidate, accepted
from interviewkit.transcripts.names import NAME_PATTERN, Label
from interviewkit.transcripts.speakers import turns

_TIME = r"(?:\d+:)?\d{1,2}:\d{1,2}(?:[.,]\d{1,3})?"
_TIMING = re.compile(rf"^\s*(?P<start>{_TIME})\s*-->\s*(?P<end>{_TIME})(?:\s.*)?$")
_TAG = re.compile(r"<v(?:\.[^\s>]*)?(?:\s+(?P<voice>[^>]*))?>|<[^>]*>|\{\\[^}]*\}")
#: ``Name:`` opening a cue, also in brackets (WhisperX: ``[SPEAKER_00]:``).
_NAME_PREFIX = re.compile(
    rf"[ \t]*(?P<open>\[)?(?P<speaker>{NAME_PATTERN})(?(open)\])[ \t]*:(?=\s|$)"
)
#: A display name as video calls write them (``Hoffmann, Julia:``, ``Julia Hoffmann
#: (sie/ihr):``, ``Ming Li | Wuhan Office:``): a speaker only where nearly every cue
#: opens with one.
_DISPLAY_PREFIX = re.compile(r"[ \t]*(?P<speaker>[^\W\d_][^:\n<>]{0,60}?)[ \t]*:(?=\s|$)")
_SKIPPED_BLOCKS = ("WEBVTT", "NOTE", "STYLE", "REGION")


@dataclass
class _Cue:
    start: float | None
    end: float | None
    payload: list[str]


class SubtitleReader:
    """Reads ``.vtt`` and ``.srt`` files."""

    suffixes: tuple[str, ...] = (".vtt", ".srt")

    def read(self, path: Path, data: bytes, options: ReadOptions) -> Parsed:
        """Parse the cues and gather them into speaker turns."""
        decoded = decode(data, path, encoding=options.encoding)
        bad: list[tuple[int, str]] = []
        cues = parse_cues(decoded.text, path, bad=bad)
        lines: list[str] = []
        line_starts: list[int] = []
        line_times: list[tuple[float | None, float | None]] = []
        labels: list[Label] = []
        names = _speaker_names(cues, options)
        position = 0
        current: str | None = None
        for cue in cues:
            line, cue_labels = _cue_line(" ".join(cue.payload), names, options, current)
            if not line:
                continue
            for label in cue_labels:
                labels.append(Label(position + label.start, position + label.end, label.speaker))
                current = label.speaker
            lines.append(line)
            line_starts.append(position)
            line_times.append((cue.start, cue.end))
            position += len(line) + 1
        if not lines:
            raise TranscriptError(
                f"{path} is empty: it has no captions with text",
                hint="Check that the file holds timed cues like '00:00:01.000 --> 00:00:04.000'.",
            )
        text = "\n".join(lines)
        warnings = [decoded.warning] if decoded.warning else []
        if bad:
            places = "; ".join(f"line {number}: {timing!r}" for number, timing in bad[:10])
            warnings.append(
                f"{path.name}: {len(bad)} cue timing(s) cannot be read ({places}"
                f"{' …' if len(bad) > 10 else ''}); their text is kept, without times. "
                "Timings look like '00:01:02,500 --> 00:01:04,000'"
            )
        if not labels:
            labels = [Label(start, start, "") for start in line_starts]
            warnings.append(
                f"no speakers marked in {path.name}; each caption is a unit. "
                "Use --speaker-pattern if your speaker names look different"
            )
        elif labels[0].start > 0 and text[: labels[0].start].strip():
            labels.insert(0, Label(0, 0, ""))
        segments = [_timed(s, line_starts, line_times) for s in turns(text, labels)]
        return Parsed(
            text=text,
            segments=tuple(segments),
            encoding=decoded.encoding,
            warnings=tuple(warnings),
        )


def parse_cues(text: str, path: Path, *, bad: list[tuple[int, str]] | None = None) -> list[_Cue]:
    """The cues of a WebVTT or SRT text; headers, notes, styles and ids skipped.

    A cue whose timing cannot be read keeps its text, without times, and is
    added to ``bad`` as (line, timing); if no timing at all can be read, that
    is an error naming the first bad line.
    """
    cues: list[_Cue] = []
    unreadable: list[tuple[int, str]] = []
    for first_line, block in _blocks(text):
        timing_at = next((i for i, line in enumerate(block) if "-->" in line), None)
        if timing_at is None:
            head = block[0].strip()
            if head.startswith(_SKIPPED_BLOCKS) or head.isdigit():
                continue
            if cues:  # a blank line inside a payload, common in hand-made SRT
                cues[-1].payload.extend(block)
            continue
        match = _TIMING.match(block[timing_at])
        payload = [line for line in block[timing_at + 1 :] if line.strip()]
        if match is None:
            unreadable.append((first_line + timing_at, block[timing_at].strip()))
            cues.append(_Cue(None, None, payload))
        else:
            cues.append(_Cue(_seconds(match["start"]), _seconds(match["end"]), payload))
    if unreadable and all(cue.start is None for cue in cues):
        line, timing = unreadable[0]
        raise TranscriptError(
            f"{path}, line {line}: cannot read the cue timing {timing!r}",
            hint="Cue timings look like '00:01:02.500 --> 00:01:04.000'.",
        )
    if bad is not None:
        bad.extend(unreadable)
    return cues


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """Blank-line separated blocks, each with the line number of its first line."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not current:
                blocks.append((number, current))
            current.append(line)
        else:
            current = []
    return blocks


def _seconds(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    total = 0.0
    for part in parts:
        total = total * 60 + float(part)
    return round(total, 3)


def _pieces(payload: str) -> list[tuple[str, str]]:
    """The payload as ("voice", name), ("change", ""), ("text", text) pieces."""
    pieces: list[tuple[str, str]] = []

    def add_text(raw: str) -> None:
        for i, part in enumerate(html.unescape(raw).split(">>")):
            if i:
                pieces.append(("change", ""))
            if part:
                pieces.append(("text", part))

    last = 0
    for match in _TAG.finditer(payload):
        add_text(payload[last : match.start()])
        if match["voice"]:
            pieces.append(("voice", match["voice"].strip()))
        last = match.end()
    add_text(payload[last:])
    return pieces


def _speaker_names(cues: list[_Cue], options: ReadOptions) -> frozenset[str]:
    """The ``Name:`` prefixes (opening a cue or following ``>>``) that are speakers.

    When nearly every cue opens with one (Zoom writes a name on each), they all
    are; otherwise as in text transcripts.
    """
    if options.speaker_pattern is not None:
        return frozenset()
    found = []
    opened = 0
    display: list[str] = []  # the display name opening each cue, if any
    for cue in cues:
        opening = True
        first = True
        for kind, value in _pieces(" ".join(cue.payload)):
            if kind == "text":
                match = _NAME_PREFIX.match(value) if opening else None
                if match:
                    found.append(Candidate(0, 0, match["speaker"], "colon", True))
                    opened += first
                if first and opening and (wide := _DISPLAY_PREFIX.match(value)):
                    display.append(wide["speaker"])
                first = first and not value.strip()
                opening = not value.strip() and opening
            else:
                opening = True
    if cues and opened >= 0.8 * len(cues):
        names = frozenset(c.speaker for c in found)
    else:
        names = frozenset(c.speaker for c in accepted(found, options.known_labels))
    if cues and len(display) >= 0.8 * len(cues):  # display names that recur are speakers
        names |= {name for name, n in Counter(display).items() if n >= 2}
    return names


def _prefix(value: str, names: frozenset[str], options: ReadOptions) -> re.Match[str] | None:
    if options.speaker_pattern is not None:
        indent = len(value) - len(value.lstrip())
        match = options.speaker_pattern.match(value, indent)
        return match if match and match.end() > indent else None
    match = _NAME_PREFIX.match(value)
    if match and match["speaker"] in names:
        return match
    match = _DISPLAY_PREFIX.match(value)
    return match if match and match["speaker"] in names else None


def _cue_line(
    payload: str, names: frozenset[str], options: ReadOptions, current: str | None
) -> tuple[str, list[Label]]:
    """One cue's text and the labels in it, offsets relative to the line."""
    line = ""
    labels: list[Label] = []
    opening = True
    cue_start = True
    for kind, value in _pieces(payload):
        if kind == "voice":
            if value != current:
                labels.append(Label(len(line), len(line), value))
                current = value
            opening = True
        elif kind == "change":
            labels.append(Label(len(line), len(line) + 2, ""))
            line += ">>"
            current, opening, cue_start = "", True, False
        else:
            match = _prefix(value, names, options) if opening else None
            speaker = (match["speaker"] or "").strip() if match else ""
            if match and cue_start and not labels and speaker == current:
                value = value[match.end() :]  # the same speaker goes on: one turn
                match = None
            if match:
                if labels and labels[-1].end == len(line) and not labels[-1].speaker:
                    labels[-1] = Label(labels[-1].start, len(line) + match.end(), speaker)
                else:
                    labels.append(Label(len(line), len(line) + match.end(), speaker))
                current = speaker
            line += value
            opening = opening and not value.strip()
            cue_start = cue_start and not value.strip()
    stripped = line.lstrip()
    shift = len(line) - len(stripped)
    line = stripped.rstrip()
    moved = [
        Label(max(lb.start - shift, 0), min(max(lb.end - shift, 0), len(line)), lb.speaker)
        for lb in labels
    ]
    return line, moved


def _timed(
    segment: Segment, starts: list[int], times: list[tuple[float | None, float | None]]
) -> Segment:
    """A turn's time: from its first cue's start to its last cue's end (cues without
    times skipped)."""
    first = bisect_right(starts, segment.start) - 1
    last = bisect_right(starts, segment.end - 1) - 1
    begins = [t[0] for t in times[first : last + 1] if t[0] is not None]
    ends = [t[1] for t in times[first : last + 1] if t[1] is not None]
    return Segment(
        segment.start,
        segment.end,
        segment.speaker,
        time_start=begins[0] if begins else None,
        time_end=ends[-1] if ends else None,
        region_start=segment.region_start,
    )
