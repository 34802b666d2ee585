"""Which clauses of a Chinese text a codebook can match in: only those need jieba.

jieba's segmenting is most of the time of coding Chinese, and it is local:
a run of Han letters, Latin letters and digits is segmented as a whole,
whatever stands between runs (punctuation, blanks) character by character.
The clause breaks below are never inside a run, and they end the negation
window (:mod:`~interviewkit.coding.resolve`), which looks back from a
mention's first token. So a clause with nothing in it that a rule can match
can be left unsegmented, a token per character
(:func:`~interviewkit.coding.pipeline.cutting_doc_maker`), and every clause
that can is segmented as in the whole text: the matches and their
cancelling are the same.

What a rule can match is found in the lowercase text: a word or phrase is
the token sequence jieba makes of it, written with at most one space between
two tokens (a longer blank is a token of its own); a glob contains its
longest run of letters. One RE2 pass finds the runs of clauses that hold any
of them. A regular expression may match anything: the clauses around each of
its matches are segmented too, and so is the clause before it where its first
token may be a blank that reaches back into that clause.

Segmented everywhere: a text in which lowercasing depends on the context
(Greek capital sigma) or moves the offsets, and codebooks with rules that
look at tokens in other ways (spaCy token patterns, globs over several
tokens) or with more words than RE2 can search at speed (:data:`MAX_NEEDLES`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from interviewkit.coding.compiler import CompiledRules, fold
from interviewkit.coding.resolve import CLAUSE_BREAKS
from interviewkit.models import merge_spans

#: More words than this (a large dictionary) make RE2's automaton outgrow its memory, and
#: RE2 then falls back to a search far slower than jieba: such codebooks segment everything.
MAX_NEEDLES = 5000

#: Characters that end a clause for the negation window and split jieba's runs: the
#: negation window's breaks but ``.``, which jieba keeps inside a run (3.5), and the line
#: break (a blank token with one ends the window).
BREAKS = "".join(sorted(CLAUSE_BREAKS - {"."})) + "\n"


def _escape(text: str) -> str:
    """``text`` as an RE2 literal: every character that is not a letter or digit escaped
    (RE2 takes a backslash before any punctuation)."""
    return "".join(ch if ch.isalnum() or ord(ch) > 127 else "\\" + ch for ch in text)


class ClauseFilter:
    """The clauses of a text that need segmenting, for one compiled codebook."""

    def __init__(self, needles: list[str]) -> None:
        """``needles``: RE2 patterns, each found in the lowercase text of any match."""
        import re2

        breaks = "".join(_escape(ch) if ch != "\n" else "\\n" for ch in BREAKS)
        clause = f"[^{breaks}]*(?:{'|'.join(needles)})[^{breaks}]*"
        options = re2.Options()
        options.never_capture = True
        options.log_errors = False
        options.max_mem = 64 << 20  # the alternation of a large codebook's words
        from interviewkit.coding.regexset import Exact

        # runs of clauses that hold a needle, the breaks between them included
        self._runs = Exact(f"{clause}(?:[{breaks}]+{clause})*", options)

    @classmethod
    def of(cls, compiled: CompiledRules) -> ClauseFilter | None:
        """The filter of a compiled codebook, or None where every clause must be segmented."""
        if compiled.patterns or compiled.phrase_index or compiled.token_patterns:
            return None
        needles: set[str] = set()
        for patterns in compiled.phrases.values():
            for words in patterns:
                needle = [w.lower() for w in words]
                if not needle or not all(needle) or _breaks(needle):
                    return None
                needles.add(" ?".join(map(_escape, needle)))
        for idx, _pattern, _twin in compiled.types:
            rule = compiled.entries[idx].rule
            if rule.kind in ("word", "phrase") and idx in compiled.phrases:
                continue  # its letters are those of its phrase (the spaces left out)
            if rule.kind != "glob":
                return None
            glob = fold(compiled.language, rule.value.split()[0]).lower()
            longest = max(re.split(r"[*?]+", glob), key=len)
            if not longest or _breaks([longest]):
                return None
            needles.add(_escape(longest))
        if not needles or len(needles) > MAX_NEEDLES:
            return None
        try:
            return cls(sorted(needles))
        except Exception:  # RE2 could not take it (too large): segment everything
            return None

    def regions(
        self, text: str, spans: Iterable[tuple[int, int]] = ()
    ) -> list[tuple[int, int]] | None:
        """The stretches of ``text`` to segment, in order and apart; None: all of it.

        ``spans``: where regular expressions matched (offsets into ``text``).
        """
        if "\u03a3" in text:  # Σ lowercases by its neighbours: a token alone may differ
            return None
        lowered = text.lower()
        if len(lowered) != len(text):  # lowercasing moved the offsets
            return None
        try:
            data = lowered.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate
            return None
        found = self._runs.spans(data, lowered)
        extra = [_clauses_around(text, start, end) for start, end in spans]
        if extra:
            found = merge_spans(found + extra)
        return found


def _breaks(words: list[str]) -> bool:
    return any(ch in BREAKS for word in words for ch in word)


def _clauses_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The clauses a match from ``start`` to ``end`` lies in, and where the negation window
    of its first token can look: that token may be a blank that begins back at the last
    letter before ``start`` (and holds line breaks), and the window looks on from there."""
    before = start - 1
    while before > 0 and text[before].isspace():
        before -= 1
    before = max(before, 0)
    left = max(text.rfind(ch, 0, before) for ch in BREAKS) + 1
    stops = [at for at in (text.find(ch, end) for ch in BREAKS) if at >= 0]
    return left, min(stops, default=len(text))
