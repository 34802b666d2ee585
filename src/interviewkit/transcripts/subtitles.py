"""Captions: WebVTT (.vtt) and SubRip (.srt).

The text is built from the cue payloads, one cue per line, with markup
(``<v Name>``, ``<i>``, ``<c.x>``, ``{\\an8}``) removed and entities decoded.
Speakers come from ``<v Name>`` voices, from ``Name:`` at the start of a cue,
and from ``>>``, the broadcast sign for "someone else speaks now" (who, it
does not say). A turn is a run of cues of one speaker, or the text from one
``>>`` to the next; the ``>>`` and ``Name:`` stay in the text, outside the
turn's span, like labels in a text transcript.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from interviewkit.errors import TranscriptError
from interviewkit.transcripts.base import Parsed, ReadOptions, Segment
from interviewkit.transcripts.encoding import decode
from interviewkit.transcripts.speakers import NAME_PATTERN, Label, is_known_label, turns

_TIME = r"(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3}"
_TIMING = re.compile(rf"^\s*(?P<start>{_TIME})\s*-->\s*(?P<end>{_TIME})(?:\s.*)?$")
_TAG = re.compile(r"<v(?:\.[^\s>]*)?(?:\s+(?P<voice>[^>]*))?>|<[^>]*>|\{\\[^}]*\}")
_NAME_PREFIX = re.compile(rf"[ \t]*(?P<speaker>{NAME_PATTERN})[ \t]*:(?=\s|$)")
_SKIPPED_BLOCKS = ("WEBVTT", "NOTE", "STYLE", "REGION")


@dataclass
class _Cue:
    start: float
    end: float
    payload: list[str]


class SubtitleReader:
    """Reads ``.vtt`` and ``.srt`` files."""

    suffixes: tuple[str, ...] = (".vtt", ".srt")

    def read(self, path: Path, data: bytes, options: ReadOptions) -> Parsed:
        """Parse the cues and gather them into speaker turns."""
        decoded = decode(data, path, encoding=options.encoding)
        cues = parse_cues(decoded.text, path)
        lines: list[str] = []
        line_starts: list[int] = []
        line_times: list[tuple[float, float]] = []
        labels: list[Label] = []
        counts = _prefix_counts(cues, options)
        position = 0
        current: str | None = None
        for cue in cues:
            line, cue_labels = _cue_line(" ".join(cue.payload), counts, options, current)
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


def parse_cues(text: str, path: Path) -> list[_Cue]:
    """The cues of a WebVTT or SRT text; headers, notes, styles and ids skipped."""
    cues: list[_Cue] = []
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
        if match is None:
            raise TranscriptError(
                f"{path}, line {first_line + timing_at}: cannot read the cue timing "
                f"{block[timing_at].strip()!r}",
                hint="Cue timings look like '00:01:02.500 --> 00:01:04.000'.",
            )
        payload = [line for line in block[timing_at + 1 :] if line.strip()]
        cues.append(_Cue(_seconds(match["start"]), _seconds(match["end"]), payload))
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


def _prefix_counts(cues: list[_Cue], options: ReadOptions) -> Counter[str]:
    """How often each ``Name:`` opens a cue or follows ``>>``."""
    counts: Counter[str] = Counter()
    if options.speaker_pattern is not None:
        return counts
    for cue in cues:
        opening = True
        for kind, value in _pieces(" ".join(cue.payload)):
            if kind == "text":
                match = _NAME_PREFIX.match(value) if opening else None
                if match:
                    counts[match["speaker"]] += 1
                opening = not value.strip() and opening
            else:
                opening = True
    return counts


def _prefix(value: str, counts: Counter[str], options: ReadOptions) -> re.Match[str] | None:
    if options.speaker_pattern is not None:
        indent = len(value) - len(value.lstrip())
        match = options.speaker_pattern.match(value, indent)
        return match if match and match.end() > indent else None
    match = _NAME_PREFIX.match(value)
    speaker = match["speaker"] if match else ""
    if match and (counts[speaker] >= 2 or is_known_label(speaker, options.known_labels)):
        return match
    return None


def _cue_line(
    payload: str, counts: Counter[str], options: ReadOptions, current: str | None
) -> tuple[str, list[Label]]:
    """One cue's text and the labels in it, offsets relative to the line."""
    line = ""
    labels: list[Label] = []
    opening = True
    for kind, value in _pieces(payload):
        if kind == "voice":
            if value != current:
                labels.append(Label(len(line), len(line), value))
                current = value
            opening = True
        elif kind == "change":
            labels.append(Label(len(line), len(line) + 2, ""))
            line += ">>"
            current, opening = "", True
        else:
            match = _prefix(value, counts, options) if opening else None
            if match:
                speaker = (match["speaker"] or "").strip()
                if labels and labels[-1].end == len(line) and not labels[-1].speaker:
                    labels[-1] = Label(labels[-1].start, len(line) + match.end(), speaker)
                else:
                    labels.append(Label(len(line), len(line) + match.end(), speaker))
                current = speaker
            line += value
            opening = opening and not value.strip()
    stripped = line.lstrip()
    shift = len(line) - len(stripped)
    line = stripped.rstrip()
    moved = [
        Label(max(lb.start - shift, 0), min(max(lb.end - shift, 0), len(line)), lb.speaker)
        for lb in labels
    ]
    return line, moved


def _timed(segment: Segment, starts: list[int], times: list[tuple[float, float]]) -> Segment:
    first = bisect_right(starts, segment.start) - 1
    last = bisect_right(starts, segment.end - 1) - 1
    return Segment(
        segment.start,
        segment.end,
        segment.speaker,
        time_start=times[first][0],
        time_end=times[last][1],
        region_start=segment.region_start,
    )
