"""Units across REFI-QDA: a documented convention in a text source's Description.

REFI-QDA keeps a source's plain text but has no element for its structure:
which stretches are speaker turns, who speaks, when (caption times). Without
it a transcript read from captions comes back cut by lines, not turns (423
cues instead of 55 turns). Our exports therefore write the units into the
``<Description>`` of each ``<TextSource>`` (schema-valid; other tools show
it as the document's description and otherwise ignore it)::

    interviewkit units v1 (how interviewkit cut this text into units; its import reads them back)
    [1, 0, 34, "turn", "I", true, null, null]
    [2, 36, 120, "turn", "B", false, 3.5, 9.25]

one line per unit: index, start and end (code points of the plain text, as
the selections), kind, speaker (or null), whether the interviewer speaks,
start and end time in seconds (or null). An import that finds this block
(and finds it consistent with the text) uses these units; otherwise the
text is cut again, as any other.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from interviewkit.models import Unit

MARK = "interviewkit units v1"
_HEADER = f"{MARK} (how interviewkit cut this text into units; its import reads them back)"


def describe_units(units: Sequence[Unit]) -> str:
    """The Description block for ``units``."""
    lines = [_HEADER]
    for unit in units:
        row: list[Any] = [
            unit.index,
            unit.start,
            unit.end,
            unit.kind,
            unit.speaker,
            unit.interviewer,
            unit.time_start,
            unit.time_end,
        ]
        lines.append(json.dumps(row, ensure_ascii=False))
    return "\n".join(lines)


def read_units(description: str, text: str) -> tuple[Unit, ...] | None:
    """The units a Description block names, or ``None`` if it has none or they do not fit."""
    lines = description.replace("\r\n", "\n").strip().split("\n")
    if not lines or not lines[0].startswith(MARK):
        return None
    units: list[Unit] = []
    last_end = 0
    for number, line in enumerate(lines[1:], start=1):
        try:
            row = json.loads(line)
            index, start, end, kind, speaker, interviewer, t0, t1 = row
        except (ValueError, TypeError):
            return None
        if not (
            index == number
            and all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end))
            and last_end <= start <= end <= len(text)
            and isinstance(kind, str)
            and (speaker is None or isinstance(speaker, str))
            and isinstance(interviewer, bool)
            and all(t is None or isinstance(t, (int, float)) for t in (t0, t1))
        ):
            return None
        last_end = end
        units.append(Unit(index, start, end, speaker, kind, interviewer, t0, t1))
    return tuple(units) or None


def is_units_block(description: str) -> bool:
    return description.lstrip().startswith(MARK)
