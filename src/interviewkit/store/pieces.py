"""Cutting a coding that runs over several units into its pieces, one per unit.

QDA tools code any stretch of text, not units; interviewkit counts units. A
coding over several units is stored as one coding per unit it covers (its
*pieces*), linked by the ``codings.span`` column (see
:mod:`interviewkit.store.exchange`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

#: A piece of a coding: ``(unit index, start, end)``.
Piece = tuple[int, int, int]
_WORD = re.compile(r"\w")


def split_span(
    units: Sequence[tuple[int, int, int]], start: int, end: int, text: str
) -> tuple[Piece, ...]:
    """The pieces of the span ``start``–``end``: its part in each unit it overlaps.

    ``units`` are ``(index, start, end)`` in text order. A part without a
    letter or digit (a line break and a speaker's first letter that a
    selection reached past its turn) is no piece. A span that lies in no
    unit (between turns) or has no such part stays whole, on the unit where
    it starts or the next one.
    """
    pieces = []
    if start < end:
        for index, unit_start, unit_end in units:
            if unit_end <= start:
                continue
            if unit_start >= end:
                break
            lo, hi = max(start, unit_start), min(end, unit_end)
            if _WORD.search(text, lo, hi) is not None:
                pieces.append((index, lo, hi))
    if pieces:
        return tuple(pieces)
    return ((_unit_at(units, start), start, end),)


def _unit_at(units: Sequence[tuple[int, int, int]], position: int) -> int:
    """The unit holding ``position``, else the next one, else the last."""
    ends = [u[2] for u in units]
    i = bisect.bisect_right(ends, position)
    if i < len(units) and units[i][1] <= position:
        return units[i][0]
    return units[min(i, len(units) - 1)][0]
