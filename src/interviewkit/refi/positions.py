"""From the positions another tool wrote to code points in our normalised text.

REFI-QDA counts a selection's ``startPosition``/``endPosition`` in Unicode
code points of the source's plain text, end exclusive. Not every tool does:
NVivo 12 counts UTF-16 code units (an emoji is 2), on a text that starts
with a byte-order mark (not counted) and ends its lines with CRLF (counted as
2). Our transcript text has the mark taken off and every line ending turned
into ``\\n``. So we try each way of counting on the tool's own text, keep the
one under which the selections fit best (they lie inside the text and begin
and end at word boundaries, or match the selection's stored name), and
convert every position to our text with it.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

BOM = "\ufeff"

#: Ways of counting, most standard first: the first wins a tie.
COUNTINGS: tuple[str, ...] = ("codepoints", "utf16", "normalized")
DESCRIPTIONS = {
    "codepoints": "Unicode code points (the REFI-QDA standard)",
    "utf16": "UTF-16 code units (as NVivo counts)",
    "normalized": "code points with line ends counted as one character",
}


@dataclass(frozen=True)
class Selection:
    """A selection as the file gives it: positions, and the text it names (may be empty)."""

    start: int
    end: int
    name: str = ""


def normalize_text(raw: str) -> str:
    """The text as we store it: byte-order mark off, CRLF and lone CR turned into ``\\n``."""
    if raw.startswith(BOM):
        raw = raw[1:]
    return raw.replace("\r\n", "\n").replace("\r", "\n")


class PositionMap:
    """Converts a tool's positions on its raw text to code points in our normalised text."""

    def __init__(self, raw: str, counting: str) -> None:
        if counting not in COUNTINGS:
            raise ValueError(f"unknown counting {counting!r}")
        self.counting = counting
        self.raw = raw[1:] if raw.startswith(BOM) else raw
        # The raw index where each code point starts, in the counting's units;
        # only built when it differs from the identity.
        self._units: list[int] | None = None
        if counting == "utf16":
            units, total = [], 0
            for ch in self.raw:
                units.append(total)
                total += 2 if ord(ch) > 0xFFFF else 1
            units.append(total)
            self._units = units
        # Raw indices of characters dropped by normalisation (the \n of a CRLF).
        self._dropped = [i + 1 for i in _crlf_positions(self.raw)]
        self.length = self._units[-1] if self._units else len(self.raw)
        if counting == "normalized":
            self.length = len(self.raw) - len(self._dropped)

    def convert(self, position: int, *, end: bool = False) -> int | None:
        """The position in our normalised text, or ``None`` if it lies outside the text.

        A position inside a surrogate pair (UTF-16) or a CRLF snaps outwards:
        a start to the character's beginning, an end past it.
        """
        if not 0 <= position <= self.length:
            return None
        if self.counting == "normalized":
            return position
        if self._units is not None:
            index = bisect.bisect_left(self._units, position)
            if self._units[index] != position and not end:
                index -= 1
        else:
            index = position
        dropped = bisect.bisect_left(self._dropped, index)
        if end and dropped < len(self._dropped) and self._dropped[dropped] == index:
            dropped += 1  # an end between \r and \n covers the whole line break
        return index - dropped

    def raw_slice(self, start: int, end: int) -> str:
        """The raw text a selection covers under this counting (for checking names)."""
        if self.counting == "normalized":
            return normalize_text(self.raw)[start:end]
        if self._units is None:
            return self.raw[start:end]
        first = bisect.bisect_left(self._units, start)
        last = bisect.bisect_left(self._units, end)
        return self.raw[first:last]


def _crlf_positions(text: str) -> list[int]:
    out, position = [], text.find("\r\n")
    while position >= 0:
        out.append(position)
        position = text.find("\r\n", position + 2)
    return out


def _same(covered: str, name: str) -> bool:
    def squeeze(value: str) -> str:
        return " ".join(value.split())

    covered, name = squeeze(covered), squeeze(name)
    # Tools shorten long names; a name that starts the selection counts.
    return bool(name) and (covered == name or covered.startswith(name.rstrip(".… ")))


def _boundary(text: str, position: int) -> float:
    """1 if ``position`` falls between a word character and a non-word one (or at an edge)."""
    if position <= 0 or position >= len(text):
        return 1.0
    before, after = text[position - 1], text[position]
    return 0.0 if before.isalnum() and after.isalnum() else 1.0


def detect_counting(raw: str, selections: Sequence[Selection]) -> tuple[str, float]:
    """The counting under which ``selections`` fit ``raw`` best, and how well (0 to 1).

    Only countings that differ on this text are tried: a text without CRLF,
    emoji and byte-order mark counts the same every way, and the standard
    wins.
    """
    best, best_score = COUNTINGS[0], -1.0
    for counting in COUNTINGS:
        pmap = PositionMap(raw, counting)
        value = score(pmap, selections)
        if value > best_score + 1e-9:
            best, best_score = counting, value
    return best, max(best_score, 0.0)


def score(pmap: PositionMap, selections: Sequence[Selection]) -> float:
    """How well the selections fit under ``pmap``'s counting: from 0 (not at all) to 1."""
    if not selections:
        return 1.0
    text = normalize_text(pmap.raw)
    total = 0.0
    for sel in selections:
        if not 0 <= sel.start <= sel.end <= pmap.length:
            continue  # outside the text: fits not at all
        if sel.name.strip():
            total += 1.0 if _same(pmap.raw_slice(sel.start, sel.end), sel.name) else 0.0
            continue
        start = pmap.convert(sel.start)
        end = pmap.convert(sel.end, end=True)
        if start is None or end is None:
            continue
        total += (_boundary(text, start) + _boundary(text, end)) / 2
    return total / len(selections)
