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


#: ASCII word characters, as a pattern's own letters.
_PLAIN_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
#: The letters Python also matches, case-insensitively, with a letter that is not ASCII
#: (and that RE2's ASCII ``\\b`` therefore takes for no word character).
_FOLDS = {"i": "\u0131\u0130", "k": "\u212a", "s": "\u017f"}


def _boundary_before(pattern: str, at: int) -> str | None:
    """The twin of a ``\\b`` at ``at`` and the plain letter after it, or None to drop it.

    Python's ``\\b`` before a letter of the pattern holds when the character
    before is no word character (in Unicode); then it is no ASCII word
    character either, and RE2's ASCII ``\\b`` holds too. A letter that may
    match one that is not ASCII ('k' matches the Kelvin sign) gets a way
    around the boundary for that one.
    """
    letter, after = pattern[at + 2 : at + 3], pattern[at + 3 : at + 4]
    if not letter or letter not in _PLAIN_WORD or after in ("?", "*", "{"):
        return None
    folds = _FOLDS.get(letter.lower())
    if folds is None:
        return "\\b" + letter
    if after == "+":  # '\\bk+': the way around would repeat; let the boundary go
        return None
    return f"(?:\\b{letter}|[{folds}])"


def permissive_re2(pattern: str) -> str:
    """An RE2 pattern matching at least every text ``pattern`` matches in Python."""
    out: list[str] = []
    i, in_class = 0, False
    plain = False  # the last thing written is a letter of the pattern that must match there
    escaped = False  # in the digits or name of an escape (\\x41, \\u00e4, \\N{…}, \\12)
    while i < len(pattern):
        ch = pattern[i]
        after_plain, plain = plain, False
        if escaped and (ch.isalnum() or ch in "{}+- "):
            out.append(ch)
            i += 1
            continue
        escaped = False
        if ch == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            escaped = nxt in "xuUN0123456789"
            if nxt == "b" and not in_class and after_plain:
                # after a letter, as before one (see _boundary_before)
                folds = _FOLDS.get(out[-1].lower())
                out.append("\\b" if folds is None else "")
                if folds is not None:
                    out[-2] = f"(?:{out[-2]}\\b|[{folds}])"
            elif nxt == "b" and not in_class:
                twin = _boundary_before(pattern, i)
                if twin is not None:
                    out.append(twin)
                    i += 3
                    continue
            elif nxt == "B" and not in_class:
                pass  # drop non-boundaries: more permissive
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
            i = _open_class(pattern, i, out)
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
        elif not in_class and ch in _PLAIN_WORD:
            plain = True
        out.append(ch)
        i += 1
    return "".join(out)


_EXACT_CLASSES = {
    "w": r"\pL\pN_",  # Python's \w: str.isalnum() or '_'
    "d": r"\p{Nd}",
    "s": _CLASSES["s"],
}


#: Characters that Python matches case-insensitively with an ASCII letter.
_FOLDS_TO_ASCII = frozenset("\u0130\u0131\u017f\u212a")


def exact_re2(pattern: str, *, plain_text: bool = False) -> str | None:
    """An RE2 expression with exactly the matches of ``pattern`` in Python, or None.

    None where the semantics differ and cannot be spelled in RE2: word
    boundaries (RE2's are ASCII-only), ``$`` (Python's also matches before
    a final newline), negated shorthands inside a class, expressions that
    match the empty text, and whatever RE2 rejects (look-arounds,
    back-references, verbose mode).

    ``plain_text``: the expression is only run on texts in which every word
    character is ASCII and that do not end in a line break (:func:`plain`).
    There RE2's ``\\b`` and ``$`` mean what Python's mean, and are kept.
    """
    if plain_text and any(
        c in _FOLDS_TO_ASCII or (not c.isascii() and (c.lower() + c.upper()).isascii())
        for c in pattern
    ):
        return None  # a letter that could match an ASCII one: RE2 folds case otherwise
    out: list[str] = []
    i, in_class = 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            if nxt in "bB" and not in_class:
                if not plain_text:
                    return None
                out.append(pattern[i : i + 2])
                i += 2
                continue
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
            i = _open_class(pattern, i, out)
            continue
        if ch == "]" and in_class:
            in_class = False
        elif not in_class and ch == "$" and not plain_text:
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


#: A word character that is not ASCII, as Python's ``re`` sees it.
_WIDE_WORD = re.compile(r"[^\W\x00-\x7f]")


def plain(text: str) -> bool:
    """Whether every word character of ``text`` is ASCII and it does not end in a line break:
    where ``exact_re2(..., plain_text=True)`` holds."""
    return not text.endswith("\n") and (text.isascii() or _WIDE_WORD.search(text) is None)


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

    def candidates(self, text: str | bytes) -> list[int]:
        """Indices of the expressions that may match ``text`` (or its UTF-8 bytes)."""
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


class Exact:
    """An RE2 expression run on a text's UTF-8 bytes, with none of the wrapper's work per
    match: each match's (start, end) in characters, as ``re2``'s ``finditer`` gives them."""

    __slots__ = ("_anchor", "_match")

    def __init__(self, pattern: str, options: Any) -> None:
        import re2
        from re2 import _re2

        compiled = _re2.RE2(pattern.encode("utf-8"), options)
        if not compiled.ok():
            raise re2.error(f"RE2 rejects {pattern!r}")
        self._match = compiled.Match
        self._anchor = _re2.RE2.Anchor.UNANCHORED

    def spans(self, data: bytes, text: str) -> list[tuple[int, int]]:
        """Every match in ``data`` (``text`` encoded), left to right, never overlapping."""
        match, anchor, end, pos = self._match, self._anchor, len(data), 0
        found: list[tuple[int, int]] = []
        while pos <= end:
            start, stop = match(anchor, data, pos, end)[0]
            if start < 0:
                break
            found.append((start, stop))
            if stop > start:
                pos = stop
            else:  # an empty match: on to the next character
                pos = stop + 1
                while pos < end and data[pos] & 0xC0 == 0x80:
                    pos += 1
        if found and len(data) != len(text):  # not ASCII: bytes to characters
            chars = {0: 0}
            last = 0
            for offset in sorted({o for span in found for o in span}):
                chars[offset] = chars[last] + len(data[last:offset].decode("utf-8"))
                last = offset
            found = [(chars[a], chars[b]) for a, b in found]
        return found


def _open_class(pattern: str, i: int, out: list[str]) -> int:
    """Copy the ``[`` at ``i`` (and a ``^`` after it) to ``out``; return where the class's
    content starts. A ``]`` right after ``[`` or ``[^`` is a literal, escaped for RE2."""
    out.append("[")
    j = i + 1
    if j < len(pattern) and pattern[j] == "^":
        out.append("^")
        j += 1
    if j < len(pattern) and pattern[j] == "]":
        out.append("\\]")
        j += 1
    return j
