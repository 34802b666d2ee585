"""Inflected forms of a word, from the lemma lookup tables of spacy-lookups-data.

Instead of lemmatizing every token of every transcript (spaCy's lookup
lemmatizer costs about ten times the tokenizer), the coder expands each rule
word once into all the surface forms that share its lemma, and matches those
forms case-insensitively. ``Stadt`` then matches ``Städte`` and ``Städten``,
``kooperieren`` matches ``kooperierte``, ``city`` matches ``cities``.
"""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=8)
def _tables(language: str) -> tuple[dict[str, str], dict[str, frozenset[str]]]:
    try:
        import spacy_lookups_data
    except ImportError:  # pragma: no cover - a declared dependency
        return {}, {}
    files = getattr(spacy_lookups_data, language, None)
    if not isinstance(files, dict) or "lemma_lookup" not in files:
        return {}, {}
    path = Path(str(files["lemma_lookup"]))
    if not path.exists():  # the package lists .json and ships .json.gz
        path = path.with_name(path.name + ".gz")
    if not path.exists():  # pragma: no cover
        return {}, {}
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    lookup: dict[str, str] = json.loads(raw)
    lemma_of: dict[str, str] = {}
    inverse: defaultdict[str, set[str]] = defaultdict(set)
    for form, lemma in lookup.items():
        low_form, low_lemma = form.lower(), str(lemma).lower()
        lemma_of.setdefault(low_form, low_lemma)
        inverse[low_lemma].add(low_form)
    return lemma_of, {k: frozenset(v) for k, v in inverse.items()}


def lemma(word: str, language: str) -> str:
    """The lowercase lemma of a word (the word itself when the table has none)."""
    lemma_of, _ = _tables(language)
    low = word.lower()
    return lemma_of.get(low, low)


def forms(word: str, language: str) -> frozenset[str]:
    """Every lowercase surface form sharing the word's lemma, the word included."""
    lemma_of, inverse = _tables(language)
    low = word.lower()
    base = lemma_of.get(low, low)
    return frozenset({low, base}) | inverse.get(base, frozenset()) | inverse.get(low, frozenset())


def has_table(language: str) -> bool:
    return bool(_tables(language)[0])
