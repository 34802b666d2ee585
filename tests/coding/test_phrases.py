"""The phrase index finds the same whether its words came at once or were learned later."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from interviewkit.coding.phrases import NEGATION, Hits, PhraseIndex

WORDS = ["stadt", "städte", "partner", "partnerschaft", "nicht", "kein", "hafen", "ruhr", "İl"]
#: (entry, words, inside): a pattern as the matcher adds it; NEGATION for negation words.
PATTERN = st.tuples(
    st.sampled_from([NEGATION, 0, 1, 2, 3]),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=3),
    st.booleans(),
)


def _lowers(index: PhraseIndex, words: list[str]) -> np.ndarray:
    return np.array([index._hash(w.lower()) for w in words], dtype=np.uint64)


def _found(hits: Hits) -> tuple[list[int], list[int], list[int], list[tuple[int, bool, int, int]]]:
    return (
        hits.tokens.tolist(),
        hits.entries.tolist(),
        hits.lengths.tolist(),
        sorted(hits.others),
    )


@settings(max_examples=300, deadline=None)
@given(
    first=st.lists(PATTERN, max_size=6),
    learned=st.lists(st.lists(PATTERN, max_size=4), max_size=4),
    text=st.lists(st.sampled_from([*WORDS, "und", "die"]), max_size=30),
)
def test_learning_words_finds_what_an_index_made_afresh_finds(
    first: list[tuple[int, list[str], bool]],
    learned: list[list[tuple[int, list[str], bool]]],
    text: list[str],
) -> None:
    grown = PhraseIndex()
    everything: list[tuple[int, list[str], bool]] = []
    for entry, words, inside in first:
        grown.add(entry, words, inside=inside)
        everything.append((entry, words, inside))
    lowers = _lowers(grown, text)
    grown.find(lowers)  # the arrays are made here; what follows is learned
    for batch in learned:
        for entry, words, inside in batch:
            grown.add(entry, words, inside=inside)
            everything.append((entry, words, inside))
        fresh = PhraseIndex()
        for entry, words, inside in everything:
            fresh.add(entry, words, inside=inside)
        assert _found(grown.find(lowers)) == _found(fresh.find(lowers))


def test_a_learned_word_that_already_starts_a_phrase_is_found_alone_too() -> None:
    index = PhraseIndex()
    index.add(0, ["partner", "stadt"])
    lowers = _lowers(index, ["partner", "und", "partner", "stadt"])
    assert index.find(lowers).tokens.tolist() == []
    index.add(1, ["partner"])  # learned: a key already there, now with a word of its own
    hits = index.find(lowers)
    assert hits.tokens.tolist() == [0, 2]
    assert hits.entries.tolist() == [1, 1]
    assert hits.others == [(0, False, 2, 4)]
