"""f4/f5 timestamps: ``#00:01:23-4#`` or ``#00:01:23.4#`` (also ``#01:23-4#``).

The transcription programs f4 and f5 write a timestamp at the end (or the
start) of a turn, and sometimes mid-sentence. They are not part of what was
said, so we take them out of the text and keep them as the turns' time spans
instead. Stamps mangled by hand or by older versions (``#00:0:52-1#``,
``#00:01:0#``, ``#00:08:39#``) are stamps too.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace

from interviewkit.transcripts.base import Segment

TIMESTAMP = re.compile(
    r"#(?:(?P<h>\d{1,2}):)?(?P<m>\d{1,2}):(?P<s>\d{1,2})(?:[-.,](?P<f>\d{1,3}))?#"
)


def seconds(match: re.Match[str]) -> float:
    """The time of a timestamp match, in seconds."""
    total = int(match["h"] or 0) * 3600 + int(match["m"]) * 60 + int(match["s"])
    fraction = match["f"]
    return round(total + (int(fraction) / 10 ** len(fraction) if fraction else 0.0), 3)


def strip_timestamps(text: str) -> tuple[str, list[tuple[int, float]]]:
    """Remove timestamps from ``text``.

    Returns the text without them and, for each, its position in the new
    text and its time. A timestamp at the start or end of a line takes its
    spaces with it; one inside a line keeps the space before it, so that
    words do not run together.
    """
    if "#" not in text:
        return text, []
    pieces: list[str] = []
    stamps: list[tuple[int, float]] = []
    kept = 0
    last = 0
    for match in TIMESTAMP.finditer(text):
        start, end = match.span()
        while end < len(text) and text[end] != "\n" and text[end].isspace():
            end += 1
        before = start
        while before > last and text[before - 1] != "\n" and text[before - 1].isspace():
            before -= 1
        at_line_start = before == 0 or text[before - 1] == "\n"
        at_line_end = end == len(text) or text[end] == "\n"
        if at_line_start or at_line_end:
            start = before
        pieces.append(text[last:start])
        kept += start - last
        stamps.append((kept, seconds(match)))
        last = end
    pieces.append(text[last:])
    return "".join(pieces), stamps


def assign_times(segments: Sequence[Segment], stamps: Sequence[tuple[int, float]]) -> list[Segment]:
    """Give segments the time spans their timestamps mark.

    A timestamp before a segment's content starts it; one after the content
    ends it and starts the next segment, unless that one has its own start.
    Timestamps inside the content are dropped.
    """
    result = list(segments)
    if not stamps or not result:
        return result
    regions = [s.region_start if s.region_start is not None else s.start for s in result]
    for position, time in stamps:
        i = _segment_at(regions, position)
        if i is None:
            continue
        segment = result[i]
        if position <= segment.start and segment.time_start is None:
            result[i] = replace(segment, time_start=time)
        elif position >= segment.end:
            result[i] = replace(segment, time_end=time)
    for i in range(len(result) - 1):
        here, after = result[i], result[i + 1]
        if here.time_end is not None and after.time_start is None:
            result[i + 1] = replace(after, time_start=here.time_end)
    return result


def _segment_at(regions: Sequence[int], position: int) -> int | None:
    i = bisect_right(regions, position) - 1
    return i if i >= 0 else None
