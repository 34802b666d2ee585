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
#: In :attr:`PhraseIndex._plain`: the key needs a look in Python (several entries, a longer
#: pattern starting with it, a token rule, or a form whose length may not be its token's).
_COMPLEX = -2


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
        self._plain: Any = None  # per key: its one entry, or _COMPLEX
        self._lengths: Any = None  # per key: the length of its tokens' texts

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
            self._keys = None

    def _index(self) -> None:
        import numpy as np

        keys = sorted(self._single.keys() | self._multi.keys())
        self._keys = np.array(keys, dtype=np.uint64)
        table = np.zeros(1 << _TABLE_BITS, dtype=bool)
        table[self._keys & np.uint64(_TABLE_MASK)] = True
        self._table = table
        plain = []
        lengths = []
        for key in keys:
            found = self._single.get(key, [])
            word = self._words.get(key, "")
            # 'İ' lowercases to 'i' and a combining dot: only there is a token's text
            # not as long as its lowercase form
            one = len(found) == 1 and not found[0][1]
            if one and key not in self._multi and "\u0307" not in word:
                plain.append(found[0][0])
                lengths.append(len(word))
            else:
                plain.append(_COMPLEX)
                lengths.append(0)
        self._plain = np.array(plain, dtype=np.int64)
        self._lengths = np.array(lengths, dtype=np.int64)

    def find(self, lowers: Any) -> Hits:
        """Every pattern in ``lowers``, the doc's ``LOWER`` array (``Doc.to_array(LOWER)``).

        A table of the hashes' low bits rules out most tokens at once; the
        few left are looked up in the sorted keys.
        """
        import numpy as np

        if self._keys is None:
            self._index()
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
        plain = entries != _COMPLEX
        others: list[tuple[int, bool, int, int]] = []
        if not plain.all():
            self._others(lowers, hits[~plain], others)
            hits, at, entries = hits[plain], at[plain], entries[plain]
        return Hits(hits, entries, self._lengths[at], others)

    def _others(self, lowers: Any, hits: Any, out: list[tuple[int, bool, int, int]]) -> None:
        single, multi = self._single, self._multi
        n = len(lowers)
        for i, h in zip(hits.tolist(), lowers[hits].tolist(), strict=True):
            found = single.get(h)
            if found is not None:
                out += [(entry, inside, i, i + 1) for entry, inside in found]
            by_size = multi.get(h)
            if by_size is None:
                continue
            for size, patterns in by_size.items():
                if i + size <= n:
                    for entry, inside in patterns.get(tuple(lowers[i : i + size].tolist()), ()):
                        out.append((entry, inside, i, i + size))
