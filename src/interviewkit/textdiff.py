"""Offsets in one version of a text mapped to the next, through the diff of the two.

When a researcher replaces a transcript with a corrected version, every coding
must follow its words: :class:`TextMap` maps an old span to its new place, and
:func:`relocate` finds a passage that moved. A pure algorithm on two strings,
below the store that uses it (:mod:`interviewkit.store.documents`).
"""

from __future__ import annotations

import bisect
import difflib
from typing import Any

__all__ = ["MIN_ANCHOR", "MIN_MOVED", "TextMap", "relocate"]


#: Runs of equal text shorter than this inside an edited passage are chance
#: matches of letters ("e", "en"), not text that survived the edit.
MIN_ANCHOR = 4
#: A coding whose text the diff sees deleted is looked for verbatim elsewhere
#: (a passage moved) only if it is at least this long: short ones ("Yes.") are
#: found in too many places.
MIN_MOVED = 20


class TextMap:
    """Offsets in an old text mapped to a new version, through the diff of the two."""

    def __init__(self, old: str, new: str) -> None:
        self.old, self.new = old, new
        ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
        cleaned: list[list[Any]] = []
        for tag, i1, i2, j1, j2 in ops:
            if tag == "equal" and i2 - i1 < MIN_ANCHOR and i1 > 0 and i2 < len(old):
                tag = "replace"
            if tag != "equal" and cleaned and cleaned[-1][0] != "equal":
                cleaned[-1][0] = "replace"
                cleaned[-1][2], cleaned[-1][4] = i2, j2
            else:
                cleaned.append([tag, i1, i2, j1, j2])
        # An insertion takes no old characters: it is never the block holding one.
        self.blocks: list[tuple[str, int, int, int, int]] = [
            (str(t), int(i1), int(i2), int(j1), int(j2)) for t, i1, i2, j1, j2 in cleaned if i1 < i2
        ]
        self.firsts = [b[1] for b in self.blocks]

    def _block(self, char: int) -> tuple[str, int, int, int, int]:
        return self.blocks[bisect.bisect_right(self.firsts, char) - 1]

    def start(self, offset: int) -> int:
        """Where a span starting at ``offset`` starts now (text inserted before it stays out)."""
        if offset >= len(self.old):
            return len(self.new)
        tag, i1, _, j1, _ = self._block(offset)
        return j1 + offset - i1 if tag == "equal" else j1

    def end(self, offset: int) -> int:
        """Where a span ending at ``offset`` ends now (text inserted after it stays out)."""
        if offset <= 0:
            return 0
        tag, i1, _, j1, j2 = self._block(offset - 1)
        if tag == "equal":
            return j1 + offset - i1
        return j2 if tag == "replace" else j1

    def survives(self, start: int, end: int) -> bool:
        """Whether some of the old text ``start``–``end`` is still in the new text."""
        if start >= end:
            return True
        position = bisect.bisect_right(self.firsts, start) - 1
        for tag, i1, i2, _, _ in self.blocks[max(position, 0) :]:
            if i1 >= end:
                break
            if tag == "equal" and i2 > start:
                return True
        return False

    def place(self, start: int, end: int) -> tuple[int, int] | None:
        """The new span of the old one ``start``–``end``; ``None`` if its text is gone."""
        if self.survives(start, end):
            new_start, new_end = self.start(start), self.end(end)
            return new_start, max(new_start, new_end)
        span = self.old[start:end]
        if len(span.strip()) >= MIN_MOVED:
            found = relocate(span, self.old, self.new, start)
            if found >= 0:
                return found, found + len(span)
        return None


def relocate(span: str, old_text: str, new_text: str, start: int) -> int:
    """Where ``span`` (found at ``start`` in the old text) stands in the new text; -1 if gone.

    Of several occurrences, the one nearest to the old place wins, measured
    from where the old place has moved to if the text before it grew or shrank.
    """
    if new_text[start : start + len(span)] == span:
        return start
    if not span:
        return min(start, len(new_text))
    shift = _prefix_shift(old_text, new_text, start)
    expected = start + shift
    best, best_distance = -1, None
    position = new_text.find(span)
    while position >= 0:
        distance = abs(position - expected)
        if best_distance is None or distance < best_distance:
            best, best_distance = position, distance
        position = new_text.find(span, position + 1)
    return best


def _prefix_shift(old_text: str, new_text: str, start: int) -> int:
    """How much the text before ``start`` grew, if only its beginning changed."""
    tail = old_text[start:]
    if tail and new_text.endswith(tail):
        return len(new_text) - len(old_text)
    return 0
