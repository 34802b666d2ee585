"""Many regular expressions over many texts, fast.

Python's ``re`` scans a text once per expression, which makes a codebook with
dozens of regular expressions many times slower than spaCy's tokenizer. RE2's
``Set`` (google-re2, a required dependency) tells in one linear pass which
expressions can match a text at all; only those run, so results (and
Python's Unicode semantics) are exactly those of ``re``.

The RE2 twin of each expression is made more permissive, never stricter:
word boundaries are dropped and ``\\w``, ``\\d``, ``\\s`` become their Unicode
classes, since RE2's are ASCII-only. Expressions RE2 cannot take
(look-arounds, back-references) simply always run.

:func:`exact_re2` goes further where it can: an RE2 expression that matches
exactly what the Python one matches, at the same places, so that the rule
runs in RE2 alone, in linear time (:mod:`interviewkit.coding.guard`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

_CLASSES = {
    "w": r"\pL\pN\pM_",
    "d": r"\pN",
    "s": (
        r"\s\x0b\x1c-\x1f\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}"
        r"\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"
    ),
}
# Outside a class, cheaper supersets keep RE2's automata small: a word character
# is anything but white space and ASCII punctuation; a non-word character,
# a non-digit or a non-space may be anything at all.
_OUTSIDE = {
    "w": r"[^\s\x00-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]",
    "d": r"[\pN]",
    "s": "[" + _CLASSES["s"] + "]",
    "W": r"[\s\S]",
    "D": r"[\s\S]",
    "S": r"[\s\S]",
}


def permissive_re2(pattern: str) -> str:
    """An RE2 pattern matching at least every text ``pattern`` matches in Python."""
    out: list[str] = []
    i, in_class = 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            if nxt in "bB" and not in_class:
                pass  # drop word boundaries: more permissive
            elif in_class and nxt in _CLASSES:
                out.append(_CLASSES[nxt])
            elif in_class and nxt in "WDS":  # a negated class inside a class has no RE2 spelling
                raise ValueError("negated shorthand inside a class")
            elif nxt in _OUTSIDE:
                out.append(_OUTSIDE[nxt])
            else:
                out.append(pattern[i : i + 2])
            i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
            out.append(ch)
            # a ']' right after '[' or '[^' is a literal
            j = i + 1
            if j < len(pattern) and pattern[j] == "^":
                out.append("^")
                j += 1
            if j < len(pattern) and pattern[j] == "]":
                out.append("\\]")
                j += 1
            i = j
            continue
        if ch == "]" and in_class:
            in_class = False
        elif not in_class and ch == "$":
            # Python's '$' also matches before a final newline; RE2's does not.
            out.append("(?:$|\n)")
            i += 1
            continue
        elif not in_class and ch == "{" and pattern.startswith("{,", i):
            out.append("{0,")  # Python reads '{,n}' as '{0,n}', RE2 as literal text
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


_EXACT_CLASSES = {
    "w": r"\pL\pN_",  # Python's \w: str.isalnum() or '_'
    "d": r"\p{Nd}",
    "s": _CLASSES["s"],
}


def exact_re2(pattern: str) -> str | None:
    """An RE2 expression with exactly the matches of ``pattern`` in Python, or None.

    None where the semantics differ and cannot be spelled in RE2: word
    boundaries (RE2's are ASCII-only), ``$`` (Python's also matches before
    a final newline), negated shorthands inside a class, expressions that
    match the empty text, and whatever RE2 rejects (look-arounds,
    back-references, verbose mode).
    """
    out: list[str] = []
    i, in_class = 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            if nxt in "bB" and not in_class:
                return None
            if in_class and nxt in _EXACT_CLASSES:
                out.append(_EXACT_CLASSES[nxt])
            elif in_class and nxt in "WDS":
                return None
            elif nxt in _EXACT_CLASSES:
                out.append(f"[{_EXACT_CLASSES[nxt]}]")
            elif nxt in "WDS":
                out.append(f"[^{_EXACT_CLASSES[nxt.lower()]}]")
            elif nxt == "Z":
                out.append("\\z")
            else:
                out.append(pattern[i : i + 2])
            i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
            out.append(ch)
            j = i + 1
            if j < len(pattern) and pattern[j] == "^":
                out.append("^")
                j += 1
            if j < len(pattern) and pattern[j] == "]":
                out.append("\\]")
                j += 1
            i = j
            continue
        if ch == "]" and in_class:
            in_class = False
        elif not in_class and ch == "$":
            return None
        elif not in_class and ch == "{" and pattern.startswith("{,", i):
            out.append("{0,")
            i += 2
            continue
        out.append(ch)
        i += 1
    translated = "".join(out)
    try:
        if re.compile(pattern, re.IGNORECASE).search("") is not None:
            return None
    except re.error:
        return None
    try:
        import re2

        options = re2.Options()
        options.case_sensitive = False
        options.log_errors = False
        re2.compile(translated, options)
    except Exception:  # RE2 rejects it: look-arounds, back-references, flags it lacks
        return None
    return translated


class RegexSet:
    """Compiled case-insensitive expressions; :meth:`finditer` yields (index, match)."""

    def __init__(self, patterns: Sequence[str], *, twins: Sequence[str] | None = None) -> None:
        """``twins`` are ready-made permissive RE2 patterns, one per pattern, if known."""
        self._sources = list(patterns)
        self._compiled: dict[int, re.Pattern[str]] = {}  # compiled when first a candidate
        self._always: list[int] = []
        self._set: Any = None
        self._slots: list[int] = []
        if not patterns:
            return
        import re2

        options = re2.Options()
        options.case_sensitive = False
        options.max_mem = 64 << 20
        options.log_errors = False  # a rule RE2 cannot take simply runs in Python's re
        rset = re2.Set.SearchSet(options)
        for index, pattern in enumerate(patterns):
            try:
                rset.Add(twins[index] if twins is not None else permissive_re2(pattern))
                self._slots.append(index)
            except Exception:  # RE2 rejects look-arounds, back-references, …
                self._always.append(index)
        if self._slots:
            rset.Compile()
            self._set = rset

    def candidates(self, text: str) -> list[int]:
        """Indices of the expressions that may match ``text``."""
        found = list(self._always)
        if self._set is not None:
            found += [self._slots[i] for i in (self._set.Match(text) or ())]
        return found

    def pattern(self, index: int) -> re.Pattern[str]:
        """The Python expression of ``index``, case-insensitive."""
        found = self._compiled.get(index)
        if found is None:
            found = self._compiled[index] = re.compile(self._sources[index], re.IGNORECASE)
        return found

    def finditer(self, text: str) -> Iterator[tuple[int, re.Match[str]]]:
        for index in self.candidates(text):
            for match in self.pattern(index).finditer(text):
                yield index, match
