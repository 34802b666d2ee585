"""Words and phrases found by their tokens' lowercase hashes, in one vectorised pass.

What spaCy's ``PhraseMatcher`` on ``LOWER`` does, for the patterns a
codebook makes (mostly single words in all their forms), without a pattern
doc per form: a pattern is the tuple of its tokens' lowercase hashes (the
hashes of spaCy's ``StringStore``, which ``Doc.to_array(LOWER)`` gives for a
doc). A doc's tokens are looked up all at once (NumPy): a table of the
hashes' low bits, then the sorted array of first tokens for the few tokens
left; a token that stands for one word of one rule comes back in arrays, and
only the others (longer phrases, several rules) cost any Python work.
Building the index from the cache is a dict insert per form, not a doc per
form.
"""

from __future__ import annotations

from typing import Any, NamedTuple

#: The entry of the negation words.
NEGATION = -1


#: Bits of a token's hash that index the table of :meth:`PhraseIndex.find`'s first look.
_TABLE_BITS = 18
_TABLE_MASK = (1 << _TABLE_BITS) - 1
#: In :attr:`PhraseIndex._plain`: the key's one-token patterns need a look in Python
#: (several entries, a token rule, or a form whose length may not be its token's).
_COMPLEX = -2
#: In :attr:`PhraseIndex._plain`: no one-token pattern (the key only starts longer ones).
_NONE = -3
#: An odd number: the first token's hash times it, plus the second's, keys a pair.
_PAIR_FACTOR = 0x9E3779B97F4A7C15


class Hits(NamedTuple):
    """What :meth:`PhraseIndex.find` found in a doc.

    The common case as arrays: one-token patterns of one entry (``tokens``,
    their ``entries`` and the ``lengths`` of the tokens' texts); the rest as
    (entry, inside, first token, end token) in ``others``.
    """

    tokens: Any
    entries: Any
    lengths: Any
    others: list[tuple[int, bool, int, int]]


class PhraseIndex:
    """Patterns (token texts) of entries; :meth:`find` yields every place one stands."""

    def __init__(self) -> None:
        from spacy.strings import hash_string  # type: ignore[attr-defined]

        self._hash = hash_string  # what the StringStore gives a string, without storing it
        # one-token patterns: hash → [(entry, inside)]
        self._single: dict[int, list[tuple[int, bool]]] = {}
        # longer ones: first token's hash → length → all hashes → [(entry, inside)]
        self._multi: dict[int, dict[int, dict[tuple[int, ...], list[tuple[int, bool]]]]] = {}
        # the lowercase word of each one-token pattern's hash (for its length)
        self._words: dict[int, str] = {}
        self._keys: Any = None  # the sorted first hashes, made when first needed
        self._table: Any = None  # whether a hash's low bits are some key's
        self._plain: Any = None  # per key: its one entry, or _COMPLEX or _NONE
        self._lengths: Any = None  # per key: the length of its tokens' texts
        self._starts: Any = None  # per key: whether a longer pattern starts with it
        self._pairs: Any = None  # the first two tokens of the longer patterns (see _pair)
        # one-token keys added or changed since the arrays were made (see _update)
        self._dirty: set[int] = set()

    def __bool__(self) -> bool:
        return bool(self._single) or bool(self._multi)

    def add(self, entry: int, words: list[str], *, inside: bool = False) -> None:
        """A pattern of ``entry``; ``inside``: the entry finds its letters inside the token."""
        lowered = [w.lower() for w in words]
        hashes = tuple(map(self._hash, lowered))
        if len(hashes) == 1:
            found = self._single.setdefault(hashes[0], [])
            self._words[hashes[0]] = lowered[0]
        else:
            by_size = self._multi.setdefault(hashes[0], {})
            found = by_size.setdefault(len(hashes), {}).setdefault(hashes, [])
        if (entry, inside) not in found:  # the same pattern twice matches once, as in spaCy
            found.append((entry, inside))
            if len(hashes) > 1:
                self._keys = None  # the pairs change: made again
            elif self._keys is not None:
                self._dirty.add(hashes[0])

    def _index(self) -> None:
        """The arrays :meth:`find` looks in (made again after longer patterns were added)."""
        import numpy as np

        self._dirty.clear()
        single, multi, words = self._single, self._multi, self._words
        keys = sorted(single.keys() | multi.keys())
        self._keys = np.array(keys, dtype=np.uint64)
        table = np.zeros(1 << _TABLE_BITS, dtype=bool)
        table[self._keys & np.uint64(_TABLE_MASK)] = True
        self._table = table
        plain = [_plain(single.get(key), words.get(key, "")) for key in keys]
        self._plain = np.array([entry for entry, _ in plain], dtype=np.int64)
        self._lengths = np.array([length for _, length in plain], dtype=np.int64)
        self._starts = np.array([key in multi for key in keys], dtype=bool)
        # the first two tokens of every longer pattern, as one number
        pairs = {
            _pair(first, hashes[1])
            for first, by_size in multi.items()
            for patterns in by_size.values()
            for hashes in patterns
        }
        self._pairs = np.array(sorted(pairs), dtype=np.uint64)

    def _update(self) -> None:
        """The arrays with the one-token keys added or changed since they were made.

        Token rules learn words as the vocabulary grows, a few at a time: on
        interviews with new words in every turn, making the arrays again for each
        few took a tenth of the coding time (benchmarks/coding_bench.py
        ``--new-words``). New keys are inserted in order, changed ones set in
        place; the pairs of longer patterns stay as they are.
        """
        import numpy as np

        keys = self._keys
        dirty = np.array(sorted(self._dirty), dtype=np.uint64)
        self._dirty.clear()
        if not len(keys):
            self._index()
            return
        at = np.searchsorted(keys, dirty)
        present = keys[np.minimum(at, len(keys) - 1)] == dirty
        single, words = self._single, self._words
        for where, key in zip(at[present].tolist(), dirty[present].tolist(), strict=True):
            self._plain[where], self._lengths[where] = _plain(single.get(key), words.get(key, ""))
        new, where = dirty[~present], at[~present]
        if len(new):
            made = [_plain(single.get(key), words.get(key, "")) for key in new.tolist()]
            self._keys = np.insert(keys, where, new)
            self._plain = np.insert(self._plain, where, [entry for entry, _ in made])
            self._lengths = np.insert(self._lengths, where, [length for _, length in made])
            # a key that starts a longer pattern was made with the arrays: no new one does
            self._starts = np.insert(self._starts, where, False)
            self._table[new & np.uint64(_TABLE_MASK)] = True

    def find(self, lowers: Any) -> Hits:
        """Every pattern in ``lowers``, the doc's ``LOWER`` array (``Doc.to_array(LOWER)``).

        A table of the hashes' low bits rules out most tokens at once; the
        few left are looked up in the sorted keys. A longer pattern is looked
        for only where its first two tokens stand.
        """
        import numpy as np

        if self._keys is None:
            self._index()
        elif self._dirty:
            self._update()
        keys = self._keys
        empty = np.zeros(0, dtype=np.int64)
        if not len(keys) or not len(lowers):
            return Hits(empty, empty, empty, [])
        near = np.flatnonzero(self._table[lowers & np.uint64(_TABLE_MASK)])
        values = lowers[near]
        at = np.searchsorted(keys, values)
        at[at == len(keys)] = 0
        same = keys[at] == values
        hits, at = near[same], at[same]
        entries = self._plain[at]
        others: list[tuple[int, bool, int, int]] = []
        complex_ = entries == _COMPLEX
        if complex_.any():
            self._singles(lowers, hits[complex_], others)
        starts = self._starts[at]
        if starts.any():
            first = hits[starts]
            first = first[first + 1 < len(lowers)]
            # as _pair does: NumPy's unsigned arithmetic wraps around, without a warning
            pairs = lowers[first] * np.uint64(_PAIR_FACTOR) + lowers[first + 1]
            where = np.searchsorted(self._pairs, pairs)
            where[where == len(self._pairs)] = 0
            self._longer(lowers, first[self._pairs[where] == pairs], others)
        plain = entries >= NEGATION
        return Hits(hits[plain], entries[plain], self._lengths[at[plain]], others)

    def _singles(self, lowers: Any, hits: Any, out: list[tuple[int, bool, int, int]]) -> None:
        """One-token patterns of several entries, or found inside their token."""
        single = self._single
        for i, h in zip(hits.tolist(), lowers[hits].tolist(), strict=True):
            out += [(entry, inside, i, i + 1) for entry, inside in single[h]]

    def _longer(self, lowers: Any, hits: Any, out: list[tuple[int, bool, int, int]]) -> None:
        """Longer patterns, where their first two tokens stand."""
        multi = self._multi
        n = len(lowers)
        for i, h in zip(hits.tolist(), lowers[hits].tolist(), strict=True):
            for size, patterns in multi[h].items():
                if i + size <= n:
                    for entry, inside in patterns.get(tuple(lowers[i : i + size].tolist()), ()):
                        out.append((entry, inside, i, i + size))


def _plain(found: list[tuple[int, bool]] | None, word: str) -> tuple[int, int]:
    """A key's one entry and its tokens' length, or _COMPLEX or _NONE (and 0)."""
    if not found:
        return _NONE, 0
    # 'İ' lowercases to 'i' and a combining dot: only there is a token's text not as
    # long as its lowercase form
    if len(found) == 1 and not found[0][1] and "\u0307" not in word:
        return found[0][0], len(word)
    return _COMPLEX, 0


def _pair(first: int, second: int) -> int:
    """Two tokens' hashes as one 64-bit number."""
    return (first * _PAIR_FACTOR + second) & 0xFFFFFFFFFFFFFFFF
