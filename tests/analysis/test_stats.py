"""Tests of interviewkit.analysis.stats against independently computed values."""

from __future__ import annotations

import importlib.util
import itertools
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as scipy_stats

if importlib.util.find_spec("interviewkit") is None:  # not installed: use the source tree
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from interviewkit.analysis import contingency as kernel
from interviewkit.analysis import stats as ikstats
from interviewkit.errors import DataError

# Every test here must run without a single warning escaping.
pytestmark = pytest.mark.filterwarnings("error")

# Agresti (2007), Table 2.5: party identification (Democrat, Independent,
# Republican) by gender (females, males).
PARTY_BY_GENDER = [[762, 327, 468], [484, 239, 477]]


def mc_tolerance(p: float, n: int, sds: float = 4.0) -> float:
    """Allowed gap between a Monte Carlo p-value from n draws and the true p."""
    return sds * math.sqrt(p * (1 - p) / n) + 2.0 / n


def exact_permutation_pvalue(with_code: list[int], totals: list[int]) -> float:
    """Exact conditional p-value of Pearson's X² for a 2 × k table, by enumeration.

    Under the null, the with-code row is multivariate hypergeometric:
    P(x) = Π C(c_j, x_j) / C(N, n1).
    """
    n1 = sum(with_code)
    big_n = sum(totals)

    def chi2(row: tuple[int, ...]) -> float:
        other = [c - x for c, x in zip(totals, row, strict=True)]
        n2 = big_n - n1
        value = 0.0
        for x, y, c in zip(row, other, totals, strict=True):
            e1, e2 = n1 * c / big_n, n2 * c / big_n
            value += (x - e1) ** 2 / e1 + (y - e2) ** 2 / e2
        return value

    observed = chi2(tuple(with_code))
    p = 0.0
    for row in itertools.product(*(range(c + 1) for c in totals)):
        if sum(row) != n1:
            continue
        if chi2(row) >= observed - 1e-9:
            p += math.prod(math.comb(c, x) for c, x in zip(totals, row, strict=True))
    return p / math.comb(big_n, n1)


# --------------------------------------------------------------------------- residuals


def test_adjusted_residuals_agresti_party_by_gender() -> None:
    residuals = kernel.adjusted_residuals(PARTY_BY_GENDER)
    np.testing.assert_allclose(residuals.iloc[0], [4.50, 0.70, -5.32], atol=0.005)
    np.testing.assert_allclose(residuals.iloc[1], [-4.50, -0.70, 5.32], atol=0.005)


def test_adjusted_residuals_by_hand_on_small_table() -> None:
    # [[10, 20], [30, 40]]: n = 100, rows 30/70, columns 40/60.
    # Cell (0, 0): E = 12, variance = 12 · 0.7 · 0.6 = 5.04, r = −2 / sqrt(5.04).
    residuals = kernel.adjusted_residuals(
        pd.DataFrame([[10, 20], [30, 40]], index=["x", "y"], columns=["a", "b"])
    )
    expected = 2 / math.sqrt(5.04)
    assert list(residuals.index) == ["x", "y"]
    assert list(residuals.columns) == ["a", "b"]
    np.testing.assert_allclose(residuals.to_numpy(), [[-expected, expected], [expected, -expected]])


def naive_adjusted_residuals(table: list[list[int]]) -> list[list[float]]:
    n = sum(map(sum, table))
    rows = [sum(row) for row in table]
    cols = [sum(column) for column in zip(*table, strict=True)]
    out = []
    for i, row in enumerate(table):
        out.append(
            [
                (value - rows[i] * cols[j] / n)
                / math.sqrt(rows[i] * cols[j] / n * (1 - rows[i] / n) * (1 - cols[j] / n))
                for j, value in enumerate(row)
            ]
        )
    return out


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 4).flatmap(
        lambda r: st.integers(2, 5).flatmap(
            lambda c: st.lists(
                st.lists(st.integers(1, 500), min_size=c, max_size=c), min_size=r, max_size=r
            )
        )
    )
)
def test_adjusted_residuals_match_naive_formula(table: list[list[int]]) -> None:
    np.testing.assert_allclose(
        kernel.adjusted_residuals(table).to_numpy(), naive_adjusted_residuals(table), rtol=1e-10
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 1000), min_size=4, max_size=4))
def test_adjusted_residuals_of_2x2_are_root_chi2(cells: list[int]) -> None:
    table = np.array(cells).reshape(2, 2)
    chi2 = scipy_stats.chi2_contingency(table, correction=False).statistic
    residuals = kernel.adjusted_residuals(table).to_numpy()
    np.testing.assert_allclose(np.abs(residuals), math.sqrt(chi2), rtol=1e-9, atol=1e-12)


def test_adjusted_residuals_nan_for_empty_row_and_column_without_warning() -> None:
    residuals = kernel.adjusted_residuals([[0, 0, 0], [3, 0, 5]])
    assert residuals.isna().all().all()  # one non-empty row: nothing to compare
    residuals = kernel.adjusted_residuals([[1, 0, 4], [3, 0, 5]])
    assert residuals.iloc[:, 1].isna().all()
    assert residuals.iloc[:, [0, 2]].notna().all().all()
    assert kernel.adjusted_residuals([[0, 0], [0, 0]]).isna().all().all()


# --------------------------------------------------------------------------- Cramér's V


def test_cramers_v_by_hand() -> None:
    # [[10, 20], [30, 40]]: E = 12, 18, 28, 42; every |O − E| = 2, so
    # X² = 4 (1/12 + 1/18 + 1/28 + 1/42) = 4 · 50/252 = 50/63 and
    # V = sqrt(X² / (100 · 1)) = sqrt(1/126).
    assert kernel.cramers_v([[10, 20], [30, 40]]) == pytest.approx(1 / math.sqrt(126))
    # [[30, 10], [10, 30]]: X² = 80 · (900 − 100)² / 40⁴ = 20, V = sqrt(20/80) = 0.5.
    assert kernel.cramers_v([[30, 10], [10, 30]]) == pytest.approx(0.5)
    # 2 × 3 table [[10, 0, 0], [0, 5, 5]]: perfect association, V = 1.
    assert kernel.cramers_v([[10, 0, 0], [0, 5, 5]]) == pytest.approx(1.0)


def test_cramers_v_bias_corrected_by_hand() -> None:
    # Bergsma (2013) on [[30, 10], [10, 30]]: φ² = 0.25, n − 1 = 79,
    # φ̃² = 0.25 − 1/79, r̃ − 1 = c̃ − 1 = 1 − 1/79.
    expected = math.sqrt((0.25 - 1 / 79) / (1 - 1 / 79))
    assert kernel.cramers_v([[30, 10], [10, 30]], corrected=True) == pytest.approx(expected)
    # φ² = 1/126 < 1/99: the corrected V is clamped at 0.
    assert kernel.cramers_v([[10, 20], [30, 40]], corrected=True) == 0.0


# Bias-corrected V as R's effectsize::cramers_v(adjust = TRUE) reports it (Bergsma's
# correction), printed in the test snapshots of statsExpressions
# (tests/testthat/_snaps/contingency_table.md): mtcars, am by cyl,
# chi-square(2) = 8.74073 and V = 0.46431; Titanic, sex by survival (n = 2201),
# chi-square(1) = 456.87 and V = 0.455.
EFFECTSIZE_V = [
    ([[3, 4, 12], [8, 3, 2]], 8.74073, 5e-6, 0.46431, 5e-6),
    ([[1364, 367], [126, 344]], 456.87, 5e-3, 0.455, 5e-4),
]


@pytest.mark.parametrize(("table", "chi2", "chi2_tol", "v", "v_tol"), EFFECTSIZE_V)
def test_cramers_v_bias_corrected_gives_effectsize_values(
    table: list[list[int]], chi2: float, chi2_tol: float, v: float, v_tol: float
) -> None:
    assert kernel.chi_square(table)[0] == pytest.approx(chi2, abs=chi2_tol)
    assert kernel.cramers_v(table, corrected=True) == pytest.approx(v, abs=v_tol)


def test_cramers_v_bias_corrected_is_zero_where_effectsize_says_so() -> None:
    # effectsize's own test (test-xtab.R): mtcars, am by vs, phi adjusted = 0
    # (phi² = 0.0283 is below the correction 1/31); uncorrected V = 0.1683451 as
    # confintr's documentation prints for cramersv(mtcars[c("am", "vs")]).
    table = [[12, 7], [6, 7]]
    assert kernel.cramers_v(table) == pytest.approx(0.1683451, abs=5e-8)
    assert kernel.cramers_v(table, corrected=True) == 0.0


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.integers(1, 300), min_size=4, max_size=4), min_size=3, max_size=3))
def test_cramers_v_agrees_with_scipy_association(table: list[list[int]]) -> None:
    expected = scipy_stats.contingency.association(np.array(table), method="cramer")
    assert kernel.cramers_v(table) == pytest.approx(expected, rel=1e-9)
    assert 0.0 <= kernel.cramers_v(table, corrected=True) <= 1.0


def test_cramers_v_ignores_empty_rows_and_is_nan_when_undefined() -> None:
    assert kernel.cramers_v([[10, 20], [0, 0], [30, 40]]) == pytest.approx(1 / math.sqrt(126))
    assert math.isnan(kernel.cramers_v([[1, 2, 3], [0, 0, 0]]))
    assert math.isnan(kernel.cramers_v([[0, 0], [0, 0]]))


def test_table_validation() -> None:
    with pytest.raises(ValueError):
        kernel.cramers_v([[1, -2], [3, 4]])
    with pytest.raises(ValueError):
        kernel.adjusted_residuals([1, 2, 3])
    with pytest.raises(ValueError):
        kernel.adjusted_residuals([[1, np.nan], [3, 4]])


# --------------------------------------------------------------------------- Holm


def test_holm_by_hand() -> None:
    # Sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → max(0.06, 0.04).
    np.testing.assert_allclose(
        kernel.holm([0.01, 0.04, 0.03, 0.005]), [0.03, 0.06, 0.06, 0.02], rtol=1e-12
    )


def test_holm_caps_at_one_and_skips_nan() -> None:
    adjusted = kernel.holm([0.5, np.nan, 0.2, 0.9])
    # m = 3: 0.2·3 = 0.6, 0.5·2 = 1.0, 0.9·1 → max(1.0, 0.9) = 1.0.
    np.testing.assert_allclose(adjusted, [1.0, np.nan, 0.6, 1.0])
    assert np.isnan(kernel.holm([np.nan, np.nan])).all()
    assert kernel.holm([]).shape == (0,)
    np.testing.assert_allclose(kernel.holm(pd.Series([0.04])), [0.04])


def test_holm_rejects_invalid_p_values() -> None:
    with pytest.raises(ValueError):
        kernel.holm([0.1, 1.5])
    with pytest.raises(ValueError):
        kernel.holm([[0.1, 0.2]])


# R's Holm adjustment, as printed by R (package multtest, mt.rawp2adjp, whose Holm
# step is that of stats::p.adjust(p, "holm")); the values are carried to 17 digits
# in the test suite of statsmodels (statsmodels/stats/tests/test_multi.py,
# res_multtest1, res_multtest2 and res_multtest3: raw p-values and the Holm column).
R_HOLM = [
    (
        [
            5.2365677720800003e-05,
            2.8140506198000000e-04,
            1.4987731079600001e-02,
            2.0273268879800001e-02,
            1.7709695272300000e-01,
            6.4219392379499995e-01,
            6.8084594763299999e-01,
            7.1626938238000004e-01,
            8.3854136755300002e-01,
            9.6783382430900000e-01,
        ],
        [
            5.2365677720800005e-04,
            2.5326455578199999e-03,
            1.1990184863680001e-01,
            1.4191288215860001e-01,
            1.0,
            1.0,
            1.0,
            1.0,
            1.0,
            1.0,
        ],
    ),
    (
        [0.002, 0.004, 0.006, 0.008, 0.01, 0.012],
        [0.012, 0.02, 0.024, 0.024, 0.024, 0.024],
    ),
    (
        [0.001, 0.002, 0.003, 0.004, 0.005, 0.05, 0.06, 0.07, 0.08, 0.09],
        [0.01, 0.018, 0.024, 0.028, 0.03, 0.25, 0.25, 0.25, 0.25, 0.25],
    ),
]


@pytest.mark.parametrize(("raw", "adjusted"), R_HOLM)
def test_holm_gives_r_values(raw: list[float], adjusted: list[float]) -> None:
    np.testing.assert_allclose(kernel.holm(raw), adjusted, rtol=1e-14, atol=0)
    # Shuffled, the same values come back in the shuffled order.
    order = np.random.default_rng(len(raw)).permutation(len(raw))
    shuffled = kernel.holm(np.array(raw)[order])
    np.testing.assert_allclose(shuffled, np.array(adjusted)[order], rtol=1e-14, atol=0)


def naive_holm(p: list[float]) -> list[float]:
    m = len(p)
    order = sorted(range(m), key=lambda i: p[i])
    out = [0.0] * m
    for rank, i in enumerate(order):
        out[i] = min(1.0, max((m - j) * p[order[j]] for j in range(rank + 1)))
    return out


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(0, 1, allow_nan=False), min_size=1, max_size=30))
def test_holm_properties(p: list[float]) -> None:
    adjusted = kernel.holm(p)
    np.testing.assert_allclose(adjusted, naive_holm(p), rtol=1e-12, atol=0)
    assert np.all(adjusted >= np.array(p) - 1e-15)
    assert np.all(adjusted <= 1.0)
    order = np.argsort(p, kind="stable")
    assert np.all(np.diff(adjusted[order]) >= 0)


# --------------------------------------------------------------------------- one code


def test_code_agresti_chi_square() -> None:
    # Females carrying the "code" vs. males: Agresti reports X² = 30.07, df = 2.
    females, males = PARTY_BY_GENDER
    groups = ["Democrat", "Independent", "Republican"]
    with_code = pd.Series(females, index=groups, name="female")
    totals = pd.Series([f + m for f, m in zip(females, males, strict=True)], index=groups)
    result = ikstats.test_code(with_code, totals)
    assert result.code == "female"
    assert result.method == "chi-square"
    assert result.chi2 == pytest.approx(30.07, abs=0.005)
    assert result.dof == 2
    assert result.p_value == pytest.approx(scipy_stats.chi2.sf(result.chi2, 2))
    assert result.p_value < 1e-6
    assert result.residuals["Democrat"] == pytest.approx(4.50, abs=0.005)
    assert result.residuals["Independent"] == pytest.approx(0.70, abs=0.005)
    assert result.residuals["Republican"] == pytest.approx(-5.32, abs=0.005)
    n = sum(females) + sum(males)
    assert result.cramers_v == pytest.approx(math.sqrt(result.chi2 / n))
    # Smallest expected count: Independents (566) × males (1200) / 2757.
    assert result.min_expected == pytest.approx(566 * 1200 / 2757)


def test_code_fisher_on_tea_tasting() -> None:
    # Fisher's lady tasting tea: [[3, 1], [1, 3]], two-sided p = (1 + 16 + 16 + 1)/70.
    result = ikstats.test_code(
        pd.Series([3, 1], index=["milk first", "tea first"], name="guessed milk first"),
        pd.Series({"milk first": 4, "tea first": 4}),
    )
    assert result.method == "Fisher's exact"
    assert result.p_value == pytest.approx(34 / 70)
    assert round(result.p_value, 4) == 0.4857
    assert result.chi2 == pytest.approx(2.0)  # 4 cells · (1² / 2)
    assert result.dof == 1
    assert result.min_expected == pytest.approx(2.0)
    assert result.note == "expected counts below 5 in 4 of 4 cells: Fisher's exact test used"


def test_code_expected_exactly_five_uses_chi_square() -> None:
    result = ikstats.test_code(pd.Series([5, 5], index=["a", "b"]), pd.Series({"a": 10, "b": 10}))
    assert result.method == "chi-square"
    assert result.min_expected == pytest.approx(5.0)


def test_code_monte_carlo_matches_exact_enumeration() -> None:
    with_code, totals = [3, 1, 0, 2], [10, 8, 7, 4]
    groups = ["Lyon", "Porto", "Graz", "Ghent"]
    n = 20000
    result = ikstats.test_code(
        pd.Series(with_code, index=groups, name="housing"),
        pd.Series(totals, index=groups),
        n_permutations=n,
        seed=7,
    )
    assert result.method == "Monte Carlo (20000 permutations)"
    assert result.dof == 3
    exact = exact_permutation_pvalue(with_code, totals)
    assert abs(result.p_value - exact) < mc_tolerance(exact, n)
    assert "expected counts below 5 in" in result.note
    assert "Monte Carlo" in result.note


def test_code_default_method_label() -> None:
    result = ikstats.test_code(
        pd.Series([3, 1, 0], index=["a", "b", "c"], name="x"),
        pd.Series({"a": 10, "b": 8, "c": 7}),
    )
    assert result.method == "Monte Carlo (10000 permutations)"
    assert result.p_value >= 1 / 10001


def test_code_is_deterministic_given_seed() -> None:
    with_code = pd.Series([3, 1, 0], index=["a", "b", "c"], name="x")
    totals = pd.Series({"a": 10, "b": 8, "c": 7})
    first = ikstats.test_code(with_code, totals, n_permutations=2000, seed=3)
    second = ikstats.test_code(with_code, totals, n_permutations=2000, seed=3)
    assert first == second
    others = {
        ikstats.test_code(with_code, totals, n_permutations=2000, seed=seed).p_value
        for seed in range(4, 9)
    }
    assert len(others | {first.p_value}) > 1  # the seed matters


def test_code_monte_carlo_is_deterministic_and_matches_the_exact_p_value() -> None:
    with_code, totals = [3, 1, 0, 2], [10, 8, 7, 4]
    groups = ["a", "b", "c", "d"]
    args = (pd.Series(with_code, index=groups, name="c"), pd.Series(totals, index=groups))
    first = ikstats.test_code(*args, n_permutations=20000, seed=1)
    assert first == ikstats.test_code(*args, n_permutations=20000, seed=1)
    exact = exact_permutation_pvalue(with_code, totals)
    assert abs(first.p_value - exact) < mc_tolerance(exact, 20000)


def test_monte_carlo_agrees_with_chi_square_on_moderate_table() -> None:
    table = np.array([[48, 62, 55, 40], [52, 38, 45, 60], [50, 51, 49, 50]])
    asymptotic = scipy_stats.chi2_contingency(table, correction=False).pvalue
    assert 0.02 < asymptotic < 0.2  # a p-value worth comparing
    n = 20000
    p = kernel.monte_carlo_pvalue(table, n, np.random.default_rng(11))
    # Monte Carlo error plus a little for the chi-square approximation (n = 600).
    assert abs(p - asymptotic) < mc_tolerance(asymptotic, n) + 0.01


def test_monte_carlo_agrees_with_literal_label_shuffling() -> None:
    # The test draws tables with fixed margins; check against actually shuffling
    # the group labels of the units.
    table = np.array([[4, 1, 0], [6, 9, 5]])
    rows = np.repeat([0, 1], table.sum(axis=1))
    groups = np.concatenate([np.repeat(np.arange(3), table[i]) for i in range(2)])
    expected = np.outer(table.sum(1), table.sum(0)) / table.sum()
    observed = ((table - expected) ** 2 / expected).sum()
    rng = np.random.default_rng(5)
    n = 20000
    shuffled = rng.permuted(np.tile(groups, (n, 1)), axis=1)
    counts = np.stack([(shuffled[:, rows == 0] == j).sum(axis=1) for j in range(3)], axis=1)
    resampled = np.stack([counts, table.sum(0) - counts], axis=1)
    chi2 = ((resampled - expected) ** 2 / expected).sum(axis=(1, 2))
    brute = (1 + np.count_nonzero(chi2 >= observed - 1e-9)) / (1 + n)
    p = kernel.monte_carlo_pvalue(table, n, np.random.default_rng(6))
    assert abs(p - brute) < 2 * mc_tolerance(brute, n)


def test_code_not_tested_cases() -> None:
    totals = pd.Series({"a": 10, "b": 12, "c": 0})
    never = ikstats.test_code(pd.Series([0, 0, 0], index=["a", "b", "c"], name="n"), totals)
    assert never.method == "not tested"
    assert math.isnan(never.p_value) and math.isnan(never.chi2) and never.dof is None
    assert "does not occur" in never.note
    assert all(math.isnan(value) for value in never.residuals.values())

    always = ikstats.test_code(pd.Series([10, 12, 0], index=["a", "b", "c"], name="e"), totals)
    assert always.method == "not tested"
    assert "every unit" in always.note

    single = ikstats.test_code(
        pd.Series([3, 0], index=["a", "c"], name="s"), pd.Series({"a": 10, "c": 0})
    )
    assert single.method == "not tested"
    assert "fewer than two groups" in single.note


def test_code_leaves_out_group_without_units() -> None:
    totals = pd.Series({"a": 40, "b": 50, "c": 0})
    result = ikstats.test_code(pd.Series([20, 10, 0], index=["a", "b", "c"], name="k"), totals)
    reference = scipy_stats.chi2_contingency([[20, 10], [20, 40]], correction=False)
    assert result.chi2 == pytest.approx(reference.statistic)
    assert result.dof == 1
    assert result.p_value == pytest.approx(reference.pvalue)
    assert math.isnan(result.residuals["c"])
    assert "without units left out ('c')" in result.note


def test_code_groups_missing_from_with_code_count_as_zero() -> None:
    result = ikstats.test_code(
        pd.Series([20], index=["a"], name="k"), pd.Series({"a": 40, "b": 50})
    )
    reference = scipy_stats.chi2_contingency([[20, 0], [20, 50]], correction=False)
    assert result.chi2 == pytest.approx(reference.statistic)
    assert set(result.residuals) == {"a", "b"}


@pytest.mark.parametrize(
    ("with_code", "totals", "message"),
    [
        ([5, 3], {"a": 4, "b": 10}, "more coded units"),
        ([-1, 3], {"a": 4, "b": 10}, "negative"),
        ([1.5, 3], {"a": 4, "b": 10}, "whole numbers"),
        ([np.nan, 3], {"a": 4, "b": 10}, "missing"),
        ([1, 3], {"a": 4}, "no number of units"),
    ],
)
def test_code_rejects_bad_counts(
    with_code: list[float], totals: dict[str, int], message: str
) -> None:
    with pytest.raises(DataError, match=message):
        ikstats.test_code(pd.Series(with_code, index=["a", "b"]), pd.Series(totals))


def test_bad_parameters() -> None:
    args = (pd.Series([1, 2], index=["a", "b"]), pd.Series({"a": 4, "b": 4}))
    with pytest.raises(ValueError, match="n_permutations"):
        ikstats.test_code(*args, n_permutations=0)
    with pytest.raises(ValueError, match="seed"):
        ikstats.test_code(*args, seed=-1)


# --------------------------------------------------------------------------- comparison


def example_data() -> tuple[pd.DataFrame, pd.Series]:
    groups = ["Berlin", "Madrid", "Oslo", "Empty"]
    coded = pd.DataFrame(
        {
            "housing": [30, 12, 25, 0],
            "transport": [20, 22, 18, 0],
            "rare": [2, 0, 1, 0],
            "unused": [0, 0, 0, 0],
        },
        index=groups,
    ).T
    totals = pd.Series([60, 50, 55, 0], index=groups)
    return coded, totals


def test_compare_groups_tables() -> None:
    coded, totals = example_data()
    result = ikstats.compare_groups(coded, totals, n_permutations=2000)
    pd.testing.assert_frame_equal(result.crosstab, coded, check_names=False)
    assert result.shares.loc["housing", "Berlin"] == pytest.approx(0.5)
    assert result.shares.loc["transport", "Madrid"] == pytest.approx(0.44)
    assert result.shares["Empty"].isna().all()
    assert list(result.tests.columns) == [
        "chi2",
        "dof",
        "p_value",
        "p_holm",
        "method",
        "cramers_v",
        "min_expected",
        "note",
    ]
    assert list(result.tests.index) == list(coded.index)
    assert list(result.residuals.columns) == list(coded.columns)

    housing = result.tests.loc["housing"]
    reference = scipy_stats.chi2_contingency([[30, 12, 25], [30, 38, 30]], correction=False)
    assert housing["method"] == "chi-square"
    assert housing["chi2"] == pytest.approx(reference.statistic)
    assert housing["dof"] == 2
    assert housing["p_value"] == pytest.approx(reference.pvalue)
    assert housing["min_expected"] == pytest.approx(reference.expected_freq.min())
    np.testing.assert_allclose(
        result.residuals.loc["housing", ["Berlin", "Madrid", "Oslo"]],
        naive_adjusted_residuals([[30, 12, 25], [30, 38, 30]])[0],
    )
    assert math.isnan(result.residuals.loc["housing", "Empty"])

    assert result.tests.loc["rare", "method"] == "Monte Carlo (2000 permutations)"
    assert result.tests.loc["unused", "method"] == "not tested"
    assert result.tests.loc["unused", ["chi2", "dof", "p_value", "p_holm"]].isna().all()
    assert result.residuals.loc["unused"].isna().all()

    tested = result.tests["p_value"].notna()
    np.testing.assert_allclose(
        result.tests.loc[tested, "p_holm"], kernel.holm(result.tests.loc[tested, "p_value"])
    )


def test_compare_groups_notes() -> None:
    coded, totals = example_data()
    notes = ikstats.compare_groups(coded, totals, n_permutations=500).notes
    text = "\n".join(notes)
    assert "without units was left out of the tests: 'Empty'" in text
    assert "could not be tested" in text and "'unused'" in text
    assert "Monte Carlo permutation test for 1 code" in text
    assert "Holm" in text
    assert all(isinstance(note, str) and note for note in notes)


def test_compare_groups_overall_table() -> None:
    coded, totals = example_data()
    overall = ikstats.compare_groups(coded, totals, n_permutations=500).overall
    # Unused code and group without codings left out: a 3 × 3 table.
    used = np.array([[30, 12, 25], [20, 22, 18], [2, 0, 1]])
    reference = scipy_stats.chi2_contingency(used, correction=False)
    assert overall.chi2 == pytest.approx(reference.statistic)
    assert overall.dof == 4
    assert overall.n_codings == used.sum()
    assert overall.cramers_v == pytest.approx(math.sqrt(reference.statistic / (used.sum() * 2)))
    assert overall.min_expected == pytest.approx(reference.expected_freq.min())
    assert overall.method == "Monte Carlo (500 permutations)"  # the rare code's cells
    assert "1 unused code and 1 group without codings left out" in overall.note

    big = ikstats.compare_groups(coded.loc[["housing", "transport"]], totals).overall
    reference = scipy_stats.chi2_contingency(used[:2], correction=False)
    assert big.method == "chi-square"
    assert big.p_value == pytest.approx(reference.pvalue)


def test_compare_groups_overall_not_tested_with_one_code() -> None:
    coded, totals = example_data()
    result = ikstats.compare_groups(coded.loc[["housing"]], totals)
    assert result.overall.method == "not tested"
    assert result.overall.dof is None and math.isnan(result.overall.p_value)
    assert any("not tested" in note for note in result.notes)


def test_compare_groups_matches_test_code_and_is_deterministic() -> None:
    coded, totals = example_data()
    first = ikstats.compare_groups(coded, totals, n_permutations=3000, seed=9)
    second = ikstats.compare_groups(coded, totals, n_permutations=3000, seed=9)
    pd.testing.assert_frame_equal(first.tests, second.tests)
    assert first.overall == second.overall
    single = ikstats.test_code(coded.loc["rare"], totals, n_permutations=3000, seed=9)
    assert first.tests.loc["rare", "p_value"] == single.p_value
    # A code's p-value does not depend on the other codes analysed with it.
    alone = ikstats.compare_groups(coded.loc[["rare"]], totals, n_permutations=3000, seed=9)
    assert alone.tests.loc["rare", "p_value"] == single.p_value


def test_compare_groups_all_empty_and_no_codes() -> None:
    coded = pd.DataFrame({"a": [0, 0], "b": [0, 0]}, index=["x", "y"])
    result = ikstats.compare_groups(coded, pd.Series({"a": 0, "b": 0}))
    assert (result.tests["method"] == "not tested").all()
    assert result.tests["p_holm"].isna().all()
    assert result.overall.method == "not tested"

    empty = ikstats.compare_groups(coded.iloc[:0], pd.Series({"a": 3, "b": 4}))
    assert empty.tests.empty and empty.residuals.empty
    assert "There are no codes to compare." in empty.notes


def test_compare_groups_rejects_duplicate_codes() -> None:
    coded = pd.DataFrame({"a": [1, 2]}, index=["x", "x"])
    with pytest.raises(DataError, match="more than once"):
        ikstats.compare_groups(coded, pd.Series({"a": 5}))


def test_compare_groups_large_counts() -> None:
    rng = np.random.default_rng(0)
    groups = [f"g{j}" for j in range(6)]
    totals = pd.Series(rng.integers(150_000, 190_000, size=6), index=groups)
    shares = rng.uniform(0.05, 0.6, size=(20, 1)) * rng.uniform(0.9, 1.1, size=(1, 6))
    coded = pd.DataFrame(
        rng.binomial(totals.to_numpy(), shares), index=[f"c{i}" for i in range(20)], columns=groups
    )
    result = ikstats.compare_groups(coded, totals)
    assert (result.tests["method"] == "chi-square").all()
    assert result.tests["p_value"].between(0, 1).all()
