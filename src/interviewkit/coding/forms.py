"""Inflected forms of words, from the lemma lookup tables of spacy-lookups-data.

Instead of lemmatizing every token of every transcript (spaCy's lookup
lemmatizer costs about ten times the tokenizer), the coder expands each rule
word once into all the surface forms that share its lemma, and matches those
forms case-insensitively. ``Stadt`` then matches ``Städte`` and ``Städten``,
``kooperieren`` matches ``kooperierte``, ``city`` matches ``cities``.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=4)
def _lookup(language: str) -> dict[str, str]:
    """The raw table: surface form (as cased in the table) → lemma."""
    try:
        import spacy_lookups_data
    except ImportError:  # pragma: no cover - a declared dependency
        return {}
    files = getattr(spacy_lookups_data, language, None)
    if not isinstance(files, dict) or "lemma_lookup" not in files:
        return {}
    path = Path(str(files["lemma_lookup"]))
    if not path.exists():  # the package lists .json and ships .json.gz
        path = path.with_name(path.name + ".gz")
    if not path.exists():  # pragma: no cover
        return {}
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    table: dict[str, str] = json.loads(raw)
    return table


@lru_cache(maxsize=4)
def _lemmas(language: str) -> frozenset[str]:
    """Every lemma of the table, lower-cased."""
    return frozenset(str(base).lower() for base in _lookup(language).values())


def lemma(word: str, language: str) -> str:
    """The lowercase lemma of a word (the word itself when the table has none)."""
    table = _lookup(language)
    for variant in (word, word.capitalize(), word.lower()):
        found = table.get(variant)
        if found is not None:
            return str(found).lower()
    return word.lower()


def expand(words: Iterable[str], language: str) -> dict[str, frozenset[str]]:
    """Every lowercase surface form sharing each word's lemma, the word included.

    One pass over the table serves all the words of a codebook.
    """
    words = list(dict.fromkeys(words))
    table = _lookup(language)
    lemma_set = _lemmas(language)
    # A rule word that is itself a lemma ("better", "left", "Stadt") expands from
    # itself; only an inflected form ("Städte") goes through its lemma.
    lemmas = {
        word: word.lower() if word.lower() in lemma_set else lemma(word, language) for word in words
    }
    wanted = set(lemmas.values()) | {w.lower() for w in words}
    found: dict[str, set[str]] = {key: set() for key in wanted}
    for form, base in table.items():
        low = base.lower() if isinstance(base, str) else str(base).lower()
        if low in wanted:
            found[low].add(form.lower())
    out = {}
    for word in words:
        low, base = word.lower(), lemmas[word]
        out[word] = frozenset({low, base}) | found[base] | found[low]
    return out


def forms(word: str, language: str) -> frozenset[str]:
    """The forms of one word (see :func:`expand`, which is faster for many)."""
    return expand([word], language)[word]
