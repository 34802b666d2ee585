"""Units longer than spaCy takes in one doc, cut into pieces at line or word breaks.

spaCy refuses a text of more than ``nlp.max_length`` characters (a million
by default, error E088): a transcript pasted without line breaks can hold a
single "turn" of hundreds of megabytes. Such a unit is coded piece by piece
(the coder says so); a mention that would reach across a cut is not found.
"""

from __future__ import annotations

_BREAKS = ("\n", "。", ". ", " ", "，", ",")


def pieces(text: str, limit: int) -> list[tuple[int, str]]:
    """``text`` as (offset, piece) of at most ``limit`` characters, cut where a break is."""
    if len(text) <= limit:
        return [(0, text)]
    out: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        stop = start + limit
        cut = -1
        for mark in _BREAKS:  # the last line break, else sentence end, else space …
            at = text.rfind(mark, start + limit // 2, stop - len(mark) + 1)
            if at >= 0:
                cut = at + len(mark)
                break
        if cut <= start:
            cut = stop  # no break in the second half: a hard cut
        out.append((start, text[start:cut]))
        start = cut
    out.append((start, text[start:]))
    return out
