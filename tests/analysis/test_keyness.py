"""Keyness G², checked against published figures and a second implementation."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest
from scipy.stats import chi2, chi2_contingency

from interviewkit.analysis.keyness import (
    Feature,
    Featurizer,
    key_features,
    keyness,
    log_likelihood,
)
from interviewkit.errors import UsageError

# Dunning (1993), "Accurate methods for the statistics of surprise and coincidence",
# Computational Linguistics 19(1), table 1: -2 log lambda, k11, k12, k21, k22, bigram.
DUNNING_TABLE_1 = [
    (270.72, 110, 2442, 111, 29114, "the swiss"),
    (263.90, 29, 13, 123, 31612, "can be"),
    (256.84, 31, 23, 139, 31584, "previous year"),
    (167.23, 10, 0, 3, 31764, "mineral water"),
    (157.21, 76, 104, 2476, 29121, "at the"),
    (115.02, 16, 0, 865, 30896, "owing to"),
    (61.61, 3, 0, 0, 31774, "natel c"),
    (57.44, 4, 11, 1, 31761, "great deal"),
    (38.87, 2, 0, 1, 31774, "scanner cash"),
    (36.98, 3, 10, 5, 31759, "current transactions"),
]


@pytest.mark.parametrize(("published", "k11", "k12", "k21", "k22", "bigram"), DUNNING_TABLE_1)
def test_g2_reproduces_dunnings_published_figures(
    published: float, k11: int, k12: int, k21: int, k22: int, bigram: str
) -> None:
    # Rows of the 2x2 table are the two "corpora"; a and b the word's counts in them.
    found = log_likelihood([k11], [k21], k11 + k12, k21 + k22, correction="none")[0]
    assert abs(found) == pytest.approx(published, abs=0.005), bigram


TABLES = [
    (3, 7, 10, 9),  # quanteda's test: d1 = "b b b b b b b a a a", d2 = "a a a a a a a b b"
    (7, 2, 10, 9),
    (12, 40, 300, 2000),
    (5, 1, 20, 100),
    (1, 30, 50, 60),
]


@pytest.mark.parametrize(("a", "b", "total_a", "total_b"), TABLES)
def test_g2_agrees_with_scipy(a: int, b: int, total_a: int, total_b: int) -> None:
    table = np.array([[a, total_a - a], [b, total_b - b]])
    expected = chi2_contingency(table, correction=False, lambda_="log-likelihood")[0]
    found = log_likelihood([a], [b], total_a, total_b, correction="none")[0]
    assert abs(found) == pytest.approx(expected, rel=1e-9)


def _deducer_g(x: np.ndarray, conservative: bool) -> float:
    """Deducer's likelihood.test (the second implementation quanteda tests against)."""
    n = x.sum()
    expected = np.outer(x.sum(axis=1), x.sum(axis=0)) / n
    g = sum(
        x[i, j] * math.log(x[i, j] / expected[i, j])
        for i in range(2)
        for j in range(2)
        if x[i, j] != 0
    )
    q = 1.0
    if conservative:
        rows = sum(1 / x[i, :].sum() for i in range(2))
        cols = sum(1 / x[:, j].sum() for j in range(2))
        q = 1 + ((n * rows - 1) * (n * cols - 1)) / (6 * n)
    return float(2 * g / q)


@pytest.mark.parametrize(("a", "b", "total_a", "total_b"), [*TABLES, (4, 0, 12, 40)])
def test_williams_correction_agrees_with_deducer(
    a: int, b: int, total_a: int, total_b: int
) -> None:
    x = np.array([[a, total_a - a], [b, total_b - b]], dtype=float)
    found = log_likelihood([a], [b], total_a, total_b, correction="williams")[0]
    assert abs(found) == pytest.approx(_deducer_g(x, conservative=True), rel=1e-9)
    assert abs(found) < abs(log_likelihood([a], [b], total_a, total_b, correction="none")[0])


def test_g2_is_signed_like_quanteda() -> None:
    over, under, even = log_likelihood([8, 1, 5], [2, 9, 5], 50, 50, correction="none")
    assert over > 0 and under < 0 and even == 0


def test_an_unknown_correction_is_named() -> None:
    with pytest.raises(UsageError, match="yates"):
        log_likelihood([1], [1], 2, 2, correction="yates")


def _counts(text: str) -> Counter[str]:
    return Counter(text.split())


def test_keyness_orders_features_as_quantedas_tests_document() -> None:
    # quanteda.textstats, tests/testthat/test-textstat_keyness.R:
    # "basic textstat_keyness lr works on two rows" (correction = "none").
    d1 = _counts("a a a b b c c c c c c d e f g h h")
    d2 = _counts("a a b c c d d d d e f h")
    n1, n2 = sum(d1.values()), sum(d2.values())
    first = keyness(d1, d2, n1, n2, correction="none")
    assert list(first["feature"]) == ["c", "g", "b", "h", "a", "e", "f", "d"]
    second = keyness(d2, d1, n2, n1, correction="none")
    assert list(second["feature"]) == ["d", "e", "f", "a", "b", "h", "g", "c"]
    assert list(first.columns) == ["feature", "G2", "p", "n_target", "n_reference"]
    row = first.set_index("feature").loc["c"]
    assert (row["n_target"], row["n_reference"]) == (6, 2)
    assert row["p"] == pytest.approx(1 - chi2.cdf(row["G2"], 1))


def test_min_count_leaves_out_rare_features() -> None:
    table = keyness({"x": 1, "y": 5}, {"y": 1}, 10, 10, min_count=3)
    assert list(table["feature"]) == ["y"]


def test_key_features_count_units_not_tokens() -> None:
    word = Feature("port", "word")
    units = [{word}, {word}, set(), set()]
    table = key_features(units, [1, 1, 0, 0], correction="none")
    row = table.set_index("feature").loc["port"]
    assert (row["n_target"], row["n_reference"], row["kind"]) == (2, 0, "word")
    assert key_features([{word}], [1]).empty  # no reference units: nothing to compare


def test_german_features_are_lemmas_and_phrases_without_trailing_function_words() -> None:
    featurizer = Featurizer("de")
    keys = {f.key for f in featurizer.features("Die anderen Städte sind weiter, keine Ahnung.")}
    assert "stadt" in keys  # Städte → Stadt, through the lemma table the coder uses
    assert "kein ahnung" in keys
    assert not any(k.endswith((" sein", " die")) for k in keys)
    assert featurizer.surface("stadt") == "Städte"


def test_english_features_and_where_they_stand() -> None:
    featurizer = Featurizer("en")
    text = "The cities compete; nobody really knows who decides."
    keys = {f.key for f in featurizer.features(text)}
    assert {"city", "compete", "really know"} <= keys
    start, end = featurizer.find(text, "really know") or (0, 0)
    assert text[start:end] == "really knows"
    assert featurizer.find(text, "harbour") is None


def test_chinese_is_segmented_and_particles_do_not_open_phrases() -> None:
    featurizer = Featurizer("zh")
    keys = {f.key for f in featurizer.features("我们不确定这个合作能继续多久，了多少也难说。")}
    assert "不确定" in keys
    assert "合作" in keys
    assert not any(k.startswith("了") for k in keys)
    assert all(len(k) >= 2 for k in keys)
