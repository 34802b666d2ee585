"""Which mentions stand: near misses and negation words cancel the others.

A mention is cancelled when it lies inside one of its code's near misses, or
(unless the code says ``negation: false``) when a negation word stands
shortly before it: among the few tokens before it in the same clause, or, in
languages written without spaces, fused to the front of its token (不合理).
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING, NamedTuple

from interviewkit.codebook.model import Rule
from interviewkit.coding.compiler import Entry
from interviewkit.coding.pipeline import UNSPACED

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Tokens that end a negation window (as does a blank token with a line break).
CLAUSE_BREAKS = frozenset(".,;:!?。，；：！？、")

#: Where mentions were found: (entry, start, end) in characters → (first token, end token).
Found = dict[tuple[int, int, int], tuple[int, int]]


class Match(NamedTuple):
    """One rule firing on a stretch of a unit (offsets into the unit's text).

    A named tuple, not a dataclass: a run makes one per mention, and tuples
    are made several times faster.
    """

    code: str
    rule: Rule
    start: int
    end: int
    text: str
    cancelled: str | None = None


class Resolver:
    """The cancelling rules of one language: its negation words and its window."""

    def __init__(
        self, entries: list[Entry], language: str, negations: frozenset[str], window: int
    ) -> None:
        self.entries = entries
        # per entry: (code, rule, near miss, cancelled by negation)
        self._info = [(e.code, e.rule, e.near_miss, e.negation) for e in entries]
        self.negations = negations
        self.window = window
        self._inner = language in UNSPACED
        self._shortest = min(map(len, negations), default=0)
        self._near_misses = any(entry.near_miss for entry in entries)

    def resolve(
        self,
        doc: Doc,
        text: str,
        found: Found,
        negations: list[int],
        offset: int = 0,
        stop: int | None = None,
        shown: str | None = None,
    ) -> list[Match]:
        """Matches in text order, cancelled by near misses and negation words.

        ``negations``: the tokens that are negation words (languages with
        spaces), in order; a mention with none in the window before it needs
        no look.
        ``offset``, ``stop``: where the unit lies in ``text``; the matches'
        offsets are the unit's. ``shown``: the text as written, when ``text``
        was folded for matching (Chinese scripts; the same length): the
        matched words are quoted from it.
        """
        info = self._info
        if shown is None:
            shown = text
        near: dict[str, list[tuple[int, int, str]]] = {}
        if self._near_misses:
            for (idx, start, end), _ in found.items():
                code, _rule, near_miss, _negation = info[idx]
                if near_miss:
                    near.setdefault(code, []).append((start, end, shown[start:end]))
            for spans in near.values():  # the first near miss around a mention names it
                spans.sort()
        out: list[Match] = []
        negation_from = -1  # no negation word can end before this offset (-1: not looked)
        inner_negation, window = self._inner, self.window
        any_negations = bool(self.negations)
        count = len(negations)
        # in text order; at one place, in the codebook's order of rules
        for start, end, idx, ts in sorted(
            [(start, end, idx, ts) for (idx, start, end), (ts, _te) in found.items()]
        ):
            code, rule, near_miss, negation = info[idx]
            if near_miss:
                continue
            cancelled = None
            if near:
                for n_start, n_end, n_text in near.get(code, ()):
                    if n_start <= start and end <= n_end:
                        cancelled = f"inside the near miss {n_text!r}"
                        break
            if cancelled is None and negation and any_negations:
                if inner_negation:
                    if negation_from < 0:
                        negation_from = offset + self._negation_from(text[offset:stop])
                    unnegated = start < negation_from
                else:  # the first negation token at or after the window's start
                    k = bisect_left(negations, ts - window)
                    unnegated = k == count or negations[k] >= ts
                if unnegated:
                    out.append(
                        Match(code, rule, start - offset, end - offset, shown[start:end], None)
                    )
                    continue
                inner = inner_negation and ts < len(doc)
                negator = self._negator(doc, ts, text[doc[ts].idx : start] if inner else "")
                if negator:
                    cancelled = f"negated by {negator!r}"
            out.append(Match(code, rule, start - offset, end - offset, shown[start:end], cancelled))
        return out

    def _negation_from(self, text: str) -> int:
        """The first offset at which a negation word can have ended in ``text``.

        A mention before it cannot be negated, and its tokens need no look
        (most mentions in most units: far cheaper than looking).
        """
        lowered = text.lower()
        if len(lowered) != len(text):  # lowercasing moved the offsets: look everywhere
            return 0
        found = [at for at in map(lowered.find, self.negations) if at >= 0]
        return min(found) + self._shortest if found else len(text) + 1

    def _negator(self, doc: Doc, token_start: int, prefix: str = "") -> str | None:
        """The negation word before a match: inside its token (不合理), or in the window."""
        if prefix:
            prefix = prefix.lower()
            for word in self.negations:
                if prefix.endswith(word):
                    return word
        for i in range(token_start - 1, max(-1, token_start - 1 - self.window), -1):
            token = doc[i]
            if token.text in CLAUSE_BREAKS or (token.is_space and "\n" in token.text):
                return None
            if token.lower_ in self.negations:
                return token.text
        return None
