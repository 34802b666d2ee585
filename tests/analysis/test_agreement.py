"""Tests of interviewkit.analysis.agreement against published values and hand computations."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import krippendorff
import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from interviewkit.analysis.agreement import (
    brennan_prediger_kappa,
    cohen_kappa,
    cohen_kappa_from_table,
    coincidence_matrix,
    fleiss_kappa,
    fleiss_kappa_from_counts,
    interpret_alpha,
    krippendorff_alpha,
    percent_agreement,
    precision_recall_f1,
)
from interviewkit.analysis.agreement_table import POOLED, TABLE_COLUMNS, agreement_table
from interviewkit.analysis.bootstrap import alpha_weighted, bootstrap_alpha_ci
from interviewkit.analysis.reliability_data import LEVELS, pairable_units

# Any warning (numpy RuntimeWarning on 0/0, pandas FutureWarning, ...) is a failure here:
# undefined statistics must come back as NaN quietly.
pytestmark = pytest.mark.filterwarnings("error")

_ = None  # missing value in the tables below

# Krippendorff (2011), "Computing Krippendorff's alpha-reliability", section C:
# 4 coders x 12 units, nominal through ratio, with missing data.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
    [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
]

# Wikipedia, "Krippendorff's alpha", worked example: 3 coders x 15 units.
WIKIPEDIA_ALPHA = [
    [_, _, _, _, _, 3, 4, 1, 2, 1, 1, 3, 3, _, 3],
    [1, _, 2, 1, 3, 3, 4, 3, _, _, _, _, _, _, _],
    [_, _, 2, 1, 3, 4, 4, _, 2, 1, 1, 3, 3, _, 4],
]

# Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories.
WIKIPEDIA_FLEISS = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]

# Artstein & Poesio (2008), table 1: two coders, 100 utterances, Stat(ement) vs IReq.
ARTSTEIN_POESIO = [[20, 20], [10, 50]]


def _sequences_from_table(table: list[list[int]]) -> tuple[list[int], list[int]]:
    """Expand a contingency table into two coders' label sequences."""
    a: list[int] = []
    b: list[int] = []
    for i, row in enumerate(table):
        for j, count in enumerate(row):
            a += [i] * count
            b += [j] * count
    return a, b


def _nan_matrix(rows: list[list[Any]]) -> np.ndarray:
    return np.array([[np.nan if v is None else v for v in row] for row in rows], dtype=float)


# ---------------------------------------------------------------------------
# Krippendorff's alpha: published values
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "expected"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_alpha_krippendorff_2011(level: str, expected: float) -> None:
    assert round(krippendorff_alpha(KRIPPENDORFF_2011, level=level), 3) == expected


def test_alpha_krippendorff_2011_nominal_six_decimals() -> None:
    assert krippendorff_alpha(KRIPPENDORFF_2011) == pytest.approx(0.743421, abs=5e-7)


def test_coincidence_matrix_krippendorff_2011() -> None:
    # Krippendorff (2011), nominal coincidence matrix of the example (values x 3).
    expected = (
        np.array(
            [
                [21, 4, 1, 1, 0],
                [4, 30, 4, 1, 0],
                [1, 4, 24, 1, 0],
                [1, 1, 1, 12, 0],
                [0, 0, 0, 0, 9],
            ]
        )
        / 3
    )
    matrix = coincidence_matrix(KRIPPENDORFF_2011)
    assert list(matrix.index) == [1, 2, 3, 4, 5]
    np.testing.assert_allclose(matrix.to_numpy(), expected)
    np.testing.assert_allclose(matrix.sum(axis=0).to_numpy(), [9, 13, 10, 5, 3])
    assert matrix.to_numpy().sum() == pytest.approx(40)  # n pairable values


@pytest.mark.parametrize(("level", "expected"), [("nominal", 0.691358), ("interval", 0.810845)])
def test_alpha_wikipedia(level: str, expected: float) -> None:
    assert krippendorff_alpha(WIKIPEDIA_ALPHA, level=level) == pytest.approx(expected, abs=5e-7)


def test_alpha_accepts_dataframe_nan_and_string_labels() -> None:
    labels = {1: "low", 2: "mid", 3: "high", 4: "top", 5: "max"}
    as_strings = [[labels[v] if v is not None else None for v in row] for row in KRIPPENDORFF_2011]
    frame = pd.DataFrame(_nan_matrix(KRIPPENDORFF_2011))
    assert krippendorff_alpha(as_strings) == pytest.approx(0.743421, abs=5e-7)
    assert krippendorff_alpha(frame) == pytest.approx(0.743421, abs=5e-7)
    assert krippendorff_alpha(frame, level="interval") == pytest.approx(0.849, abs=5e-4)


# ---------------------------------------------------------------------------
# Krippendorff's alpha: cross-check with the `krippendorff` package
# ---------------------------------------------------------------------------


def _random_reliability_data(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n_coders = int(rng.integers(2, 6))
    n_units = int(rng.integers(5, 60))
    n_values = int(rng.integers(2, 7))
    truth = rng.integers(0, n_values, n_units)
    noise = rng.integers(0, n_values, (n_coders, n_units))
    data = np.where(rng.random((n_coders, n_units)) < 0.7, truth, noise).astype(float)
    data = data + 1.0  # keep ratio values positive
    data[rng.random(data.shape) < 0.2] = np.nan
    return data


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
@pytest.mark.parametrize("seed", range(12))
def test_alpha_matches_krippendorff_package(level: str, seed: int) -> None:
    data = _random_reliability_data(seed)
    # Restrict to pairable units so both implementations see the same value domain.
    data = data[:, (~np.isnan(data)).sum(axis=0) >= 2]
    assume_values = np.unique(data[~np.isnan(data)])
    if len(assume_values) < 2:
        pytest.skip("no variation in this random draw")
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement=level)
    assert krippendorff_alpha(data, level=level) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
@pytest.mark.parametrize("data", [KRIPPENDORFF_2011, WIKIPEDIA_ALPHA], ids=["k2011", "wiki"])
def test_published_examples_match_krippendorff_package(level: str, data: list[list[Any]]) -> None:
    expected = krippendorff.alpha(reliability_data=_nan_matrix(data), level_of_measurement=level)
    assert krippendorff_alpha(data, level=level) == pytest.approx(expected, abs=1e-9)


# ---------------------------------------------------------------------------
# Cohen's kappa
# ---------------------------------------------------------------------------


def test_cohen_kappa_artstein_poesio_table() -> None:
    assert cohen_kappa_from_table(ARTSTEIN_POESIO) == pytest.approx(8 / 23)
    assert cohen_kappa_from_table(ARTSTEIN_POESIO) == pytest.approx(0.347826, abs=5e-7)


def test_cohen_kappa_artstein_poesio_sequences() -> None:
    a, b = _sequences_from_table(ARTSTEIN_POESIO)
    assert cohen_kappa(a, b) == pytest.approx(8 / 23)
    named = {0: "Stat", 1: "IReq"}
    assert cohen_kappa([named[x] for x in a], [named[x] for x in b]) == pytest.approx(8 / 23)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        pytest.param(["x", "y", "z"], ["x", "y", "z"], 1.0, id="perfect"),
        pytest.param(["x", "x", "x"], ["x", "x", "x"], math.nan, id="no-variation"),
        pytest.param(["x"], ["y"], 0.0, id="single-unit-disagreement"),
        pytest.param(["x"], ["x"], math.nan, id="single-unit-agreement"),
        # 4 units survive: (x,x) (y,y) (x,y) (y,y): Po=.75, Pe=.5*.25+.5*.75=.5 -> .5
        pytest.param(
            ["x", "y", None, "x", "y", "x"],
            ["x", "y", "x", "y", "y", float("nan")],
            0.5,
            id="missing-dropped",
        ),
        # opposite labels throughout: Po=0, Pe=.5 -> -1
        pytest.param([0, 1, 0, 1], [1, 0, 1, 0], -1.0, id="systematic-disagreement"),
    ],
)
def test_cohen_kappa_cases(a: list[Any], b: list[Any], expected: float) -> None:
    result = cohen_kappa(a, b)
    if math.isnan(expected):
        assert math.isnan(result)
    else:
        assert result == pytest.approx(expected)


@pytest.mark.parametrize(
    ("a", "b", "message"),
    [
        ([], [], "no unit was coded by both"),
        ([None, "x"], ["y", None], "no unit was coded by both"),
        (["x", "y"], ["x"], "differ in length"),
    ],
)
def test_cohen_kappa_errors(a: list[Any], b: list[Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        cohen_kappa(a, b)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ([[1, 2, 3], [4, 5, 6]], "square"),
        ([], "square"),
        ([[0, 0], [0, 0]], "empty"),
        ([[1, -1], [0, 2]], "non-negative"),
    ],
)
def test_cohen_kappa_from_table_errors(table: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        cohen_kappa_from_table(table)


# ---------------------------------------------------------------------------
# Fleiss' kappa
# ---------------------------------------------------------------------------


def test_fleiss_kappa_wikipedia_counts() -> None:
    assert fleiss_kappa_from_counts(WIKIPEDIA_FLEISS) == pytest.approx(0.210, abs=5e-4)


def test_fleiss_kappa_wikipedia_from_ratings() -> None:
    # Turn the counts back into 14 raters x 10 subjects.
    columns = [[j for j, count in enumerate(row) for _ in range(count)] for row in WIKIPEDIA_FLEISS]
    data = np.array(columns).T
    assert data.shape == (14, 10)
    assert fleiss_kappa(data) == pytest.approx(fleiss_kappa_from_counts(WIKIPEDIA_FLEISS))


def test_fleiss_kappa_two_coders_is_scotts_pi() -> None:
    # Hand computation for Artstein & Poesio's table: Ao = .7,
    # Ae = ((40+30)/200)^2 + ((60+70)/200)^2 = .545, pi = .155/.455.
    a, b = _sequences_from_table(ARTSTEIN_POESIO)
    assert fleiss_kappa([a, b]) == pytest.approx(0.155 / 0.455)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param([["a", "b", "c"]] * 3, 1.0, id="perfect"),
        pytest.param([["a", "a", "a"]] * 3, math.nan, id="no-variation"),
        # unit 2 is incomplete and dropped, the rest agree perfectly
        pytest.param([["a", "b", "a"], ["a", None, "a"], ["b", "b", "b"]], -0.5, id="missing"),
    ],
)
def test_fleiss_kappa_cases(data: list[list[Any]], expected: float) -> None:
    result = fleiss_kappa(data)
    if math.isnan(expected):
        assert math.isnan(result)
    else:
        assert result == pytest.approx(expected)


def test_fleiss_kappa_missing_case_by_hand() -> None:
    # Complete units 1 and 3, each (a, a, b): P_i = 1/3, p_a = 2/3, p_b = 1/3,
    # P_e = 5/9, kappa = (1/3 - 5/9) / (4/9) = -1/2.
    assert fleiss_kappa([["a", "a"], ["a", "a"], ["b", "b"]]) == pytest.approx(-0.5)


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ([], "non-empty"),
        ([[1, 1], [2, 1]], "same number of ratings"),
        ([[1, 0], [0, 1]], "at least two ratings"),
    ],
)
def test_fleiss_kappa_from_counts_errors(counts: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        fleiss_kappa_from_counts(counts)


def test_fleiss_kappa_no_complete_unit() -> None:
    with pytest.raises(ValueError, match="no unit was coded by every coder"):
        fleiss_kappa([["a", None], [None, "b"], ["a", "b"]])


# ---------------------------------------------------------------------------
# Percent agreement and Brennan-Prediger
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param([["a", "b"], ["a", "b"]], 1.0, id="perfect"),
        pytest.param([["a", "a"], ["a", "a"]], 1.0, id="no-variation"),
        pytest.param([["a"], ["a"], ["b"]], 1 / 3, id="one-of-three-pairs"),
        pytest.param([["a", "a"], ["b", "a"]], 0.5, id="two-coders"),
        # unit 1 has only one value and is ignored; unit 2 agrees; unit 3: 1 of 3 pairs
        pytest.param([["a", "b", "c"], [None, "b", "c"], [None, None, "d"]], 2 / 3, id="missing"),
    ],
)
def test_percent_agreement(data: list[list[Any]], expected: float) -> None:
    assert percent_agreement(data) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("n_categories", "expected"),
    [(None, 0.4), (2, 0.4), (4, (0.7 - 0.25) / 0.75)],
)
def test_brennan_prediger_artstein_poesio(n_categories: int | None, expected: float) -> None:
    # Ao = .7 (table 1); S = (.7 - 1/q) / (1 - 1/q).
    a, b = _sequences_from_table(ARTSTEIN_POESIO)
    assert brennan_prediger_kappa([a, b], n_categories=n_categories) == pytest.approx(expected)


def test_brennan_prediger_no_variation_is_defined() -> None:
    # One observed category still means q = 2 by default: perfect agreement gives 1.
    assert brennan_prediger_kappa([["a", "a"], ["a", "a"]]) == 1.0


@pytest.mark.parametrize("n_categories", [1, 2])
def test_brennan_prediger_bad_q(n_categories: int) -> None:
    with pytest.raises(ValueError, match="n_categories"):
        brennan_prediger_kappa([["a", "b", "c"], ["a", "b", "b"]], n_categories=n_categories)


# ---------------------------------------------------------------------------
# Edge cases shared by the reliability-data functions
# ---------------------------------------------------------------------------

RELIABILITY_FUNCTIONS: list[tuple[str, Callable[[Any], float]]] = [
    ("percent_agreement", percent_agreement),
    ("fleiss_kappa", fleiss_kappa),
    ("brennan_prediger", brennan_prediger_kappa),
    ("alpha_nominal", krippendorff_alpha),
    ("alpha_ordinal", lambda d: krippendorff_alpha(d, level="ordinal")),
    ("alpha_interval", lambda d: krippendorff_alpha(d, level="interval")),
    ("alpha_ratio", lambda d: krippendorff_alpha(d, level="ratio")),
    ("bootstrap", lambda d: bootstrap_alpha_ci(d, n_boot=10)[0]),
]
FUNCTION_IDS = [name for name, _ in RELIABILITY_FUNCTIONS]
FUNCTIONS = [function for _, function in RELIABILITY_FUNCTIONS]


@pytest.mark.parametrize("function", FUNCTIONS[:-1], ids=FUNCTION_IDS[:-1])
def test_perfect_agreement_is_one(function: Callable[[Any], float]) -> None:
    data = [[1, 2, 3, 1, 2], [1, 2, 3, 1, 2], [1, 2, 3, 1, 2]]
    assert function(data) == pytest.approx(1.0)
    assert cohen_kappa(data[0], data[1]) == pytest.approx(1.0)


@pytest.mark.parametrize("level", LEVELS)
def test_perfect_agreement_bootstrap_interval(level: str) -> None:
    assert bootstrap_alpha_ci([[1, 2, 3, 1], [1, 2, 3, 1]], level=level, n_boot=50) == (1.0, 1.0)


@pytest.mark.parametrize("level", LEVELS)
def test_no_variation_alpha_is_nan(level: str) -> None:
    data = [[2, 2, 2, None], [2, 2, None, 2], [2, 2, 2, 2]]
    assert math.isnan(krippendorff_alpha(data, level=level))
    low, high = bootstrap_alpha_ci(data, level=level, n_boot=20)
    assert math.isnan(low)
    assert math.isnan(high)
    assert math.isnan(cohen_kappa(data[0], data[1]))
    assert math.isnan(fleiss_kappa(data))
    assert percent_agreement(data) == 1.0
    assert interpret_alpha(krippendorff_alpha(data, level=level)) == "not defined (no variation)"


def test_variation_only_in_unpairable_unit_is_no_variation() -> None:
    # The 3 in the last unit was given by one coder only: it cannot be paired.
    assert math.isnan(krippendorff_alpha([[1, 1, 3], [1, 1, None]]))


def test_coder_with_missing_units() -> None:
    # Coder C coded only units 2 and 3; alpha uses every pairable value.
    data = [["a", "b", "a", "b"], ["a", "b", "b", "b"], [None, "b", "a", None]]
    expected = krippendorff.alpha(
        reliability_data=[[0, 1, 0, 1], [0, 1, 1, 1], [np.nan, 1, 0, np.nan]],
        level_of_measurement="nominal",
    )
    assert krippendorff_alpha(data) == pytest.approx(expected)
    # Units 1 and 4: both agree; unit 2: all three agree; unit 3: (a, b, a) -> 1 of 3 pairs.
    assert percent_agreement(data) == pytest.approx((1 + 1 + 1 / 3 + 1) / 4)
    # Fleiss uses the complete units 2 and 3 only.
    assert fleiss_kappa(data) == pytest.approx(fleiss_kappa(np.array(data, dtype=object)[:, 1:3]))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param([[1], [2]], 0.0, id="two-coders-disagree"),
        pytest.param([[1], [1], [2]], 0.0, id="three-coders-two-values"),
        pytest.param([[1], [1]], math.nan, id="agree-no-variation"),
    ],
)
def test_single_unit_alpha(data: list[list[int]], expected: float) -> None:
    # One unit (1, 2): o_12 = o_21 = 1, n = 2 -> alpha = 1 - 1 * 2 / 2 = 0.
    result = krippendorff_alpha(data)
    if math.isnan(expected):
        assert math.isnan(result)
    else:
        assert result == pytest.approx(expected)


def test_single_unit_other_statistics() -> None:
    assert percent_agreement([[1], [2]]) == 0.0
    assert cohen_kappa([1], [2]) == 0.0
    assert brennan_prediger_kappa([[1], [2]]) == pytest.approx(-1.0)
    assert fleiss_kappa([[1], [2]]) == pytest.approx(-1.0)


EMPTY_INPUTS = [
    pytest.param([], id="empty-list"),
    pytest.param([[]], id="no-units"),
    pytest.param(np.empty((2, 0)), id="two-coders-no-units"),
    pytest.param(np.empty((0, 3)), id="no-coders"),
    pytest.param([[None, None], [None, None]], id="all-missing"),
    pytest.param([[1, 2, 3]], id="one-coder"),
    pytest.param([[1, None], [None, 2]], id="no-pairable-unit"),
]


@pytest.mark.parametrize("data", EMPTY_INPUTS)
@pytest.mark.parametrize("function", FUNCTIONS, ids=FUNCTION_IDS)
def test_empty_input_raises(function: Callable[[Any], float], data: Any) -> None:
    pattern = r"empty|at least two coders|no unit|only missing|2-dimensional"
    with pytest.raises(ValueError, match=pattern):
        function(data)


@pytest.mark.parametrize(
    ("data", "kwargs", "message"),
    [
        ([[1, 2], [1, 2]], {"level": "cardinal"}, "unknown level"),
        ([["a", "b"], ["a", "b"]], {"level": "interval"}, "numeric"),
        ([[-1, 2], [-1, 2]], {"level": "ratio"}, "non-negative"),
        ([1, 2, 3], {}, "2-dimensional"),
        ([[1, 2], [1]], {}, "rectangular"),
    ],
)
def test_alpha_bad_input(data: Any, kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        krippendorff_alpha(data, **kwargs)


# ---------------------------------------------------------------------------
# Bootstrap
# ---------------------------------------------------------------------------


def _two_coders(n_units: int = 500, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    first = rng.integers(0, 2, n_units)
    second = np.where(rng.random(n_units) < 0.8, first, rng.integers(0, 2, n_units))
    return np.vstack([first, second]).astype(float)


def test_bootstrap_is_deterministic_given_seed() -> None:
    data = _two_coders()
    assert bootstrap_alpha_ci(data, seed=3) == bootstrap_alpha_ci(data, seed=3)
    assert bootstrap_alpha_ci(data, seed=3) != bootstrap_alpha_ci(data, seed=4)


@pytest.mark.parametrize("level", LEVELS)
def test_bootstrap_interval_brackets_alpha(level: str) -> None:
    data = _random_reliability_data(5)
    alpha = krippendorff_alpha(data, level=level)
    low, high = bootstrap_alpha_ci(data, level=level, n_boot=500)
    assert low < alpha < high
    narrow = bootstrap_alpha_ci(data, level=level, n_boot=500, confidence=0.5)
    assert low <= narrow[0] <= narrow[1] <= high


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("seed", range(4))
def test_vectorised_resampling_equals_naive_resampling(level: str, seed: int) -> None:
    # White-box check of the bootstrap engine: weighting units by how often a resample draws
    # them gives exactly the alpha of the resampled data matrix.
    data = _random_reliability_data(seed)
    data = data[:, (~np.isnan(data)).sum(axis=0) >= 2]
    units = pairable_units(data, level)
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, data.shape[1], (6, data.shape[1]))
    weights = np.stack([np.bincount(d, minlength=data.shape[1]) for d in draws]).astype(float)
    fast = alpha_weighted(units, weights, level)
    for row, draw in zip(fast, draws, strict=True):
        naive = krippendorff_alpha(data[:, draw], level=level)
        if math.isnan(naive):
            assert math.isnan(row)
        else:
            assert row == pytest.approx(naive, abs=1e-9)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_boot": 0}, "n_boot"),
        ({"confidence": 1.0}, "confidence"),
        ({"confidence": 0.0}, "confidence"),
        ({"level": "cardinal"}, "unknown level"),
    ],
)
def test_bootstrap_bad_arguments(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        bootstrap_alpha_ci([[1, 2], [1, 2]], **kwargs)


# ---------------------------------------------------------------------------
# Precision, recall, F1
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reference", "predicted", "expected"),
    [
        pytest.param([1, 0, 1, 0], [1, 0, 1, 0], (1.0, 1.0, 1.0), id="perfect"),
        # TP=2 FP=1 FN=1
        pytest.param([1, 1, 1, 0, 0], [1, 1, 0, 1, 0], (2 / 3, 2 / 3, 2 / 3), id="mixed"),
        # TP=1 FP=0 FN=2
        pytest.param([1, 1, 1, 0], [1, 0, 0, 0], (1.0, 1 / 3, 0.5), id="cautious"),
        pytest.param([1, 0, 1], [0, 0, 0], (math.nan, 0.0, 0.0), id="nothing-predicted"),
        pytest.param([0, 0, 0], [1, 0, 1], (0.0, math.nan, 0.0), id="nothing-in-reference"),
        pytest.param([0, 0], [0, 0], (math.nan, math.nan, math.nan), id="no-positives-at-all"),
        pytest.param([True, False], [True, True], (0.5, 1.0, 2 / 3), id="booleans"),
        pytest.param([1, None, 0], [1, 1, float("nan")], (1.0, 1.0, 1.0), id="missing-dropped"),
    ],
)
def test_precision_recall_f1(
    reference: list[Any], predicted: list[Any], expected: tuple[float, float, float]
) -> None:
    result = precision_recall_f1(reference, predicted)
    for got, want in zip(result, expected, strict=True):
        if math.isnan(want):
            assert math.isnan(got)
        else:
            assert got == pytest.approx(want)


@pytest.mark.parametrize(
    ("reference", "predicted", "message"),
    [
        ([], [], "empty"),
        ([1, 0], [1], "differ in length"),
        ([1, 2], [1, 0], "0/1"),
        ([1, 0], ["yes", 0], "0/1"),
    ],
)
def test_precision_recall_f1_errors(
    reference: list[Any], predicted: list[Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        precision_recall_f1(reference, predicted)


# ---------------------------------------------------------------------------
# Reading aid
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("alpha", "reading"),
    [
        (1.0, "reliable"),
        (0.8, "reliable"),
        (0.8 - 1e-12, "reliable"),
        (0.7999, "tentative conclusions only"),
        (0.667, "tentative conclusions only"),
        (0.6669, "unreliable"),
        (0.0, "unreliable"),
        (-0.4, "unreliable"),
        (math.nan, "not defined (no variation)"),
    ],
)
def test_interpret_alpha(alpha: float, reading: str) -> None:
    assert interpret_alpha(alpha) == reading


# ---------------------------------------------------------------------------
# Agreement table
# ---------------------------------------------------------------------------

CODED = pd.DataFrame(
    [
        # ann: A on 1-3, B on 4 and on 6 (a unit ben never coded)
        ("d1", 1, "A", "ann"),
        ("d1", 2, "A", "ann"),
        ("d1", 3, "A", "ann"),
        ("d1", 4, "B", "ann"),
        ("d1", 6, "B", "ann"),
        # ben: A on 1, 2, 4; B on 4, 5
        ("d1", 1, "A", "ben"),
        ("d1", 2, "A", "ben"),
        ("d1", 4, "A", "ben"),
        ("d1", 4, "B", "ben"),
        ("d1", 5, "B", "ben"),
    ],
    columns=["doc_id", "unit", "code", "coder"],
)
UNIVERSE = pd.DataFrame(
    [("d1", u, "ann") for u in range(1, 7)] + [("d1", u, "ben") for u in range(1, 6)],
    columns=["doc_id", "unit", "coder"],
)

# Hand computation over the pairable units 1-5 (unit 6 is missing for ben):
#   A: ann 1 1 1 0 0 / ben 1 1 0 1 0 -> Po .6, Pe .52, kappa 1/6, BP .2,
#      n_1 = 6, n_0 = 4, alpha = 1 - 9 * 4 / 48 = .25
#   B: ann 0 0 0 1 0 / ben 0 0 0 1 1 -> Po .8, Pe .56, kappa 6/11, BP .6,
#      n_1 = 3, n_0 = 7, alpha = 1 - 9 * 2 / 42 = 4/7
#   pooled 10 decisions: Po .7, Pe .5, kappa .4, BP .4,
#      n_1 = 9, n_0 = 11, alpha = 1 - 19 * 6 / 198 = 14/33
EXPECTED_TABLE = {
    "A": (5, 0.6, 1 / 6, 0.2, 0.25),
    "B": (5, 0.8, 6 / 11, 0.6, 4 / 7),
    POOLED: (10, 0.7, 0.4, 0.4, 14 / 33),
}


@pytest.mark.parametrize("code", list(EXPECTED_TABLE))
def test_agreement_table_hand_computed(code: str) -> None:
    table = agreement_table(CODED, coders=["ann", "ben"], units=UNIVERSE, bootstrap=200)
    n_units, pa, kappa, bp, alpha = EXPECTED_TABLE[code]
    row = table.loc[code]
    assert row["n_units"] == n_units
    assert row["percent_agreement"] == pytest.approx(pa)
    assert row["cohen_kappa"] == pytest.approx(kappa)
    assert math.isnan(row["fleiss_kappa"])
    assert row["brennan_prediger"] == pytest.approx(bp)
    assert row["alpha"] == pytest.approx(alpha)
    assert row["alpha_low"] <= row["alpha_high"]


def test_agreement_table_shape() -> None:
    table = agreement_table(CODED, coders=["ann", "ben"], units=UNIVERSE, bootstrap=50)
    assert list(table.index) == ["A", "B", POOLED]
    assert table.index.name == "code"
    assert list(table.columns) == list(TABLE_COLUMNS)
    assert table["n_units"].dtype.kind == "i"


def test_agreement_table_missing_unit_is_not_absent_code() -> None:
    # Without a universe, unit 6 counts as coded by ben, with no code: a disagreement on B.
    table = agreement_table(CODED, coders=["ann", "ben"], bootstrap=0)
    assert table.loc["B", "n_units"] == 6
    assert table.loc["B", "percent_agreement"] == pytest.approx(4 / 6)
    with_universe = agreement_table(CODED, coders=["ann", "ben"], units=UNIVERSE, bootstrap=0)
    assert with_universe.loc["B", "n_units"] == 5
    assert with_universe.loc["B", "percent_agreement"] == pytest.approx(0.8)


def test_agreement_table_units_as_list_and_shared_frame() -> None:
    keys = [("d1", u) for u in range(1, 7)]
    from_list = agreement_table(CODED, coders=["ann", "ben"], units=keys, bootstrap=0)
    shared = pd.DataFrame(keys, columns=["doc_id", "unit"])
    from_frame = agreement_table(CODED, coders=["ann", "ben"], units=shared, bootstrap=0)
    pd.testing.assert_frame_equal(from_list, from_frame)
    assert from_list.loc[POOLED, "n_units"] == 12


def test_agreement_table_bootstrap_options() -> None:
    no_ci = agreement_table(CODED, coders=["ann", "ben"], units=UNIVERSE, bootstrap=0)
    assert no_ci[["alpha_low", "alpha_high"]].isna().all().all()
    once = agreement_table(CODED, coders=["ann", "ben"], units=UNIVERSE, bootstrap=100, seed=7)
    again = agreement_table(CODED, coders=["ann", "ben"], units=UNIVERSE, bootstrap=100, seed=7)
    pd.testing.assert_frame_equal(once, again)


def test_agreement_table_unused_code() -> None:
    table = agreement_table(
        CODED, coders=["ann", "ben"], units=UNIVERSE, codes=["A", "Z"], bootstrap=20
    )
    assert list(table.index) == ["A", "Z", POOLED]
    z = table.loc["Z"]
    assert z["percent_agreement"] == 1.0
    assert z["brennan_prediger"] == 1.0
    assert math.isnan(z["alpha"])
    assert math.isnan(z["cohen_kappa"])
    assert math.isnan(z["alpha_low"])
    assert interpret_alpha(z["alpha"]) == "not defined (no variation)"


def test_agreement_table_three_coders() -> None:
    cat = pd.DataFrame(
        [("d1", 1, "A", "cat"), ("d1", 2, "A", "cat"), ("d1", 4, "B", "cat")],
        columns=["doc_id", "unit", "code", "coder"],
    )
    frame = pd.concat([CODED, cat], ignore_index=True)
    universe = pd.concat(
        [UNIVERSE, pd.DataFrame([("d1", u, "cat") for u in range(1, 6)], columns=UNIVERSE.columns)]
    )
    table = agreement_table(frame, coders=["ann", "ben", "cat"], units=universe, bootstrap=0)
    assert table["cohen_kappa"].isna().all()
    # Code A on units 1-5: ann 1 1 1 0 0, ben 1 1 0 1 0, cat 1 1 0 0 0.
    matrix = [[1, 1, 1, 0, 0], [1, 1, 0, 1, 0], [1, 1, 0, 0, 0]]
    assert table.loc["A", "fleiss_kappa"] == pytest.approx(fleiss_kappa(matrix))
    assert table.loc["A", "alpha"] == pytest.approx(krippendorff_alpha(matrix))
    assert table.loc["A", "percent_agreement"] == pytest.approx(percent_agreement(matrix))


def test_agreement_table_ignores_other_coders() -> None:
    extra = pd.DataFrame([("d1", 3, "A", "zed")], columns=["doc_id", "unit", "code", "coder"])
    frame = pd.concat([CODED, extra], ignore_index=True)
    pd.testing.assert_frame_equal(
        agreement_table(frame, coders=["ann", "ben"], units=UNIVERSE, bootstrap=0),
        agreement_table(CODED, coders=["ann", "ben"], units=UNIVERSE, bootstrap=0),
    )


@pytest.mark.parametrize(
    ("frame", "kwargs", "message"),
    [
        (CODED, {"coders": ["ann"]}, "at least two coders"),
        (CODED.drop(columns="code"), {"coders": ["ann", "ben"]}, "lacks the column"),
        (CODED.iloc[0:0], {"coders": ["ann", "ben"]}, "no units"),
        (
            CODED,
            {"coders": ["ann", "ben"], "units": UNIVERSE[UNIVERSE["unit"] != 4]},
            "not among the units that coder coded",
        ),
        (
            CODED,
            {
                "coders": ["ann", "ben"],
                "units": UNIVERSE[~((UNIVERSE["coder"] == "ben") & (UNIVERSE["unit"] == 5))],
            },
            r"coder 'ben' applied code 'B' to unit \('d1', 5\)",
        ),
    ],
)
def test_agreement_table_errors(frame: pd.DataFrame, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        agreement_table(frame, **kwargs)


def test_agreement_table_disjoint_universes() -> None:
    frame = pd.DataFrame(
        [("d1", 1, "A", "ann"), ("d1", 2, "A", "ben")], columns=["doc_id", "unit", "code", "coder"]
    )
    units = pd.DataFrame([("d1", 1, "ann"), ("d1", 2, "ben")], columns=["doc_id", "unit", "coder"])
    with pytest.raises(ValueError, match="no unit was coded by at least two"):
        agreement_table(frame, coders=["ann", "ben"], units=units)


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

LABELS = st.integers(min_value=0, max_value=4)


@settings(max_examples=150, deadline=None)
@given(
    coding=st.lists(LABELS, min_size=2, max_size=40),
    level=st.sampled_from(LEVELS),
)
def test_identical_codings_give_alpha_one(coding: list[int], level: str) -> None:
    assume(len(set(coding)) > 1)
    assert krippendorff_alpha([coding, list(coding)], level=level) == pytest.approx(1.0)
    assert cohen_kappa(coding, coding) == pytest.approx(1.0)


@st.composite
def reliability_data(draw: st.DrawFn) -> list[list[int | None]]:
    n_coders = draw(st.integers(min_value=2, max_value=4))
    n_units = draw(st.integers(min_value=1, max_value=15))
    cell = st.one_of(st.none(), LABELS)
    return [draw(st.lists(cell, min_size=n_units, max_size=n_units)) for _ in range(n_coders)]


def _alpha_or_error(data: Any) -> float | str:
    try:
        return krippendorff_alpha(data)
    except ValueError:
        return "error"


@settings(max_examples=200, deadline=None)
@given(
    data=reliability_data(),
    permutation=st.permutations(range(5)),
    prefix=st.sampled_from(["code-", "", "thème "]),
)
def test_nominal_alpha_invariant_to_relabelling(
    data: list[list[int | None]], permutation: list[int], prefix: str
) -> None:
    relabelled = [[None if v is None else f"{prefix}{permutation[v]}" for v in row] for row in data]
    original = _alpha_or_error(data)
    renamed = _alpha_or_error(relabelled)
    if isinstance(original, str) or isinstance(renamed, str):
        assert original == renamed
    elif math.isnan(original):
        assert math.isnan(renamed)
    else:
        assert renamed == pytest.approx(original, abs=1e-12)


@settings(max_examples=100, deadline=None)
@given(data=reliability_data())
def test_alpha_bootstrap_engine_unit_weights_equal_point_estimate(
    data: list[list[int | None]],
) -> None:
    for level in LEVELS:
        try:
            units = pairable_units(data, level)
        except ValueError:
            return
        fast = alpha_weighted(units, np.ones((1, units.counts.shape[0])), level)[0]
        point = krippendorff_alpha(data, level=level)
        if math.isnan(point):
            assert math.isnan(fast)
        else:
            assert fast == pytest.approx(point, abs=1e-9)
