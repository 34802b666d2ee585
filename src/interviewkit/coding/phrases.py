"""Words and phrases found by their tokens' lowercase hashes, in one vectorised pass.

What spaCy's ``PhraseMatcher`` on ``LOWER`` does, for the patterns a
codebook makes (mostly single words in all their forms), without a pattern
doc per form: a pattern is the tuple of its tokens' lowercase hashes (the
hashes of spaCy's ``StringStore``, which ``Doc.to_array(LOWER)`` gives for a
doc). A doc's tokens are looked up all at once in the sorted array of first
tokens (NumPy); only the tokens found there cost any Python work. Building
the index from the cache is a dict insert per form, not a doc per form.
"""

from __future__ import annotations

from typing import Any

#: The entry of the negation words.
NEGATION = -1


class PhraseIndex:
    """Patterns (token texts) of entries; :meth:`find` yields every place one stands."""

    def __init__(self) -> None:
        from spacy.strings import hash_string  # type: ignore[attr-defined]

        self._hash = hash_string  # what the StringStore gives a string, without storing it
        # one-token patterns: hash → [(entry, inside)]
        self._single: dict[int, list[tuple[int, bool]]] = {}
        # longer ones: first token's hash → length → all hashes → [(entry, inside)]
        self._multi: dict[int, dict[int, dict[tuple[int, ...], list[tuple[int, bool]]]]] = {}
        self._keys: Any = None  # the sorted first hashes, made when first needed

    def __bool__(self) -> bool:
        return bool(self._single) or bool(self._multi)

    def add(self, entry: int, words: list[str], *, inside: bool = False) -> None:
        """A pattern of ``entry``; ``inside``: the entry finds its letters inside the token."""
        hashes = tuple(map(self._hash, (w.lower() for w in words)))
        if len(hashes) == 1:
            found = self._single.setdefault(hashes[0], [])
        else:
            by_size = self._multi.setdefault(hashes[0], {})
            found = by_size.setdefault(len(hashes), {}).setdefault(hashes, [])
        if (entry, inside) not in found:  # the same pattern twice matches once, as in spaCy
            found.append((entry, inside))
            self._keys = None

    def find(self, lowers: Any) -> list[tuple[int, bool, int, int]]:
        """(entry, inside, first token, end token) of every pattern in ``lowers``.

        ``lowers``: the doc's ``LOWER`` array (``Doc.to_array(LOWER)``).
        """
        import numpy as np

        if self._keys is None:
            keys = sorted(self._single.keys() | self._multi.keys())
            self._keys = np.array(keys, dtype=np.uint64)
        keys = self._keys
        if not len(keys) or not len(lowers):
            return []
        at = np.searchsorted(keys, lowers)
        at[at == len(keys)] = 0
        hits = np.flatnonzero(keys[at] == lowers)
        out: list[tuple[int, bool, int, int]] = []
        if not len(hits):
            return out
        single, multi = self._single, self._multi
        n = len(lowers)
        values: list[int] | None = None  # the hashes as Python ints, for longer patterns
        for i, h in zip(hits.tolist(), lowers[hits].tolist(), strict=True):
            found = single.get(h)
            if found is not None:
                out += [(entry, inside, i, i + 1) for entry, inside in found]
            by_size = multi.get(h)
            if by_size is None:
                continue
            if values is None:
                values = lowers.tolist()
            for size, patterns in by_size.items():
                if i + size <= n:
                    for entry, inside in patterns.get(tuple(values[i : i + size]), ()):
                        out.append((entry, inside, i, i + size))
        return out
