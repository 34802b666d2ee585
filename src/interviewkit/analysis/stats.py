"""Compare how often codes (themes) occur across groups: the tests and their results.

Every function here is pure: it reads counts and returns numbers, pandas objects
or frozen dataclasses, and prints nothing. The numbers of a contingency table
come from :mod:`interviewkit.analysis.contingency`, the sentences about them
from :mod:`interviewkit.analysis.stats_notes`.

The input of the comparison is always a pair:

* ``coded``: a DataFrame indexed by code, one column per group (city, country,
  ...); a cell is the number of units (interviews, segments, ...) of that group
  that carry the code;
* ``totals``: a Series indexed by group: the number of units in the group,
  coded or not.

For one code this gives a 2 × k contingency table: per group, the units with
the code (``coded``) and the units without it (``totals - coded``). Whether
the share of units carrying the code differs between the groups is a test of
independence in that table:

* Pearson's chi-square test (no continuity correction) when every expected
  count is at least 5 (Cochran's rule);
* otherwise Fisher's exact test for a 2 × 2 table, and a Monte Carlo
  permutation test for larger tables (the group labels of the units are
  shuffled, i.e. random tables with the observed margins are drawn).

Which test ran is a :class:`~interviewkit.analysis.stats_results.TestMethod`. The
p-values of all codes are then adjusted for multiple testing with Holm's
method, and the adjusted standardized residuals tell which groups have more
(positive) or fewer (negative) units with the code than expected.

References:
    Agresti, A. (2007). *An Introduction to Categorical Data Analysis*, 2nd ed.
    Wiley. Sections 2.4 (chi-square test, residuals) and 2.6 (Fisher's test).

    Cochran, W. G. (1954). Some methods for strengthening the common χ² tests.
    *Biometrics* 10(4), 417–451.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from interviewkit.analysis import stats_notes as words
from interviewkit.analysis.contingency import (
    adjusted_residuals,
    chi_square,
    cramers_v_from_chi2,
    holm,
    monte_carlo_pvalue,
    quiet,
)
from interviewkit.analysis.stats_input import aligned_counts, check_permutations, code_rng
from interviewkit.analysis.stats_results import (
    CHI_SQUARE,
    FISHER,
    NOT_TESTED,
    CodeTest,
    ComparisonResult,
    Method,
    OverallTest,
    TestMethod,
)
from interviewkit.errors import DataError

__all__ = [
    "MIN_EXPECTED",
    "CodeTest",
    "ComparisonResult",
    "Method",
    "OverallTest",
    "TestMethod",
    "compare_groups",
    "test_code",
]

#: Smallest expected count for which the chi-square approximation is trusted.
MIN_EXPECTED = 5.0

# Expected counts are products and quotients of integers; allow for rounding so
# that an expected count of exactly 5 is not taken for 4.999999999.
_EXPECTED_TOLERANCE = 1e-9


# --------------------------------------------------------------------------- tests


@dataclass(frozen=True)
class _TableTest:
    chi2: float
    dof: int
    p_value: float
    method: TestMethod
    cramers_v: float
    min_expected: float
    note: str


def _test_table(
    table: NDArray[np.int64], n_permutations: int, rng: np.random.Generator
) -> _TableTest:
    """Test independence in a table without empty rows or columns (at least 2 × 2)."""
    with quiet():
        chi2, dof, chi2_p, expected = chi_square(table)
    min_expected = float(expected.min())
    small = int(np.count_nonzero(expected < MIN_EXPECTED - _EXPECTED_TOLERANCE))
    v = cramers_v_from_chi2(chi2, float(table.sum()), *table.shape)
    if small == 0:
        p_value, method = chi2_p, CHI_SQUARE
    elif table.shape == (2, 2):
        from scipy import stats

        with quiet():
            p_value = float(stats.fisher_exact(table, alternative="two-sided").pvalue)
        method = FISHER
    else:
        with quiet():
            p_value = monte_carlo_pvalue(table, n_permutations, rng)
        method = TestMethod(Method.MONTE_CARLO, n_permutations)
    note = words.table_test_note(
        method,
        min_expected=MIN_EXPECTED,
        small=small,
        cells=table.size,
        n_permutations=n_permutations,
    )
    return _TableTest(chi2, dof, min(1.0, max(0.0, p_value)), method, v, min_expected, note)


def _untested_code(code: Hashable, groups: pd.Index, note: str) -> CodeTest:
    return CodeTest(
        code=code,
        chi2=math.nan,
        dof=None,
        p_value=math.nan,
        method=NOT_TESTED,
        cramers_v=math.nan,
        min_expected=math.nan,
        residuals={group: math.nan for group in groups},
        note=note,
    )


def _test_aligned(
    code: Hashable,
    with_code: NDArray[np.int64],
    totals: NDArray[np.int64],
    groups: pd.Index,
    *,
    n_permutations: int,
    seed: int | None,
    mention_empty_groups: bool,
) -> CodeTest:
    """`test_code` on validated, aligned counts."""
    has_units = totals > 0
    prefix = words.empty_groups_prefix(list(groups[~has_units]) if mention_empty_groups else [])
    if int(np.count_nonzero(has_units)) < 2:
        return _untested_code(code, groups, prefix + words.NOT_TESTED_FEW_GROUPS)
    if int(with_code.sum()) == 0:
        return _untested_code(code, groups, prefix + words.NOT_TESTED_NEVER)
    if np.array_equal(with_code[has_units], totals[has_units]):
        return _untested_code(code, groups, prefix + words.NOT_TESTED_ALWAYS)
    table = np.vstack([with_code[has_units], totals[has_units] - with_code[has_units]])
    result = _test_table(table, n_permutations, code_rng(seed, code))
    residual_row = adjusted_residuals(table).to_numpy()[0]
    residuals = dict.fromkeys(groups, math.nan)
    for group, value in zip(groups[has_units], residual_row, strict=True):
        residuals[group] = float(value)
    return CodeTest(
        code=code,
        chi2=result.chi2,
        dof=result.dof,
        p_value=result.p_value,
        method=result.method,
        cramers_v=result.cramers_v,
        min_expected=result.min_expected,
        residuals=residuals,
        note=prefix + result.note,
    )


def test_code(
    with_code: pd.Series,
    totals: pd.Series,
    *,
    n_permutations: int = 10000,
    seed: int | None = 0,
) -> CodeTest:
    """Test whether the share of units carrying one code differs between groups.

    Builds the 2 × k table ``[with_code; totals − with_code]`` over the groups
    that have units and tests independence:

    * Pearson's ``X² = Σ (O − E)² / E`` with ``(2 − 1)(k − 1)`` degrees of
      freedom (``scipy.stats.chi2_contingency``, no continuity correction) when
      every expected count ``E = n_i+ n_+j / n`` is at least 5;
    * otherwise, for two groups, Fisher's exact test (two-sided,
      ``scipy.stats.fisher_exact``);
    * otherwise a Monte Carlo permutation test: the groups of the units are
      shuffled ``n_permutations`` times (random tables with the observed
      margins) and ``p = (1 + #{X²* ≥ X²}) / (1 + n_permutations)``.

    ``chi2``, ``dof`` and Cramér's V are reported whatever the method. Groups
    with no units are left out of the test (NaN residual). A code that occurs
    in no unit, or in every unit, is not tested (NaN values and a note).

    Args:
        with_code: Units carrying the code, indexed by group; its ``name`` is the code.
        totals: All units per group. Groups missing from ``with_code`` count as 0.
        n_permutations: Number of random tables of the Monte Carlo test.
        seed: Seed of the Monte Carlo test. The random stream is derived from the
            seed and the code's name, so results are reproducible and a code's
            p-value does not depend on which other codes are analysed. None:
            fresh entropy.

    Returns:
        The test of the code.

    Raises:
        DataError: Counts that are not whole non-negative numbers, groups without
            a total, or more coded units than units in a group.
        ValueError: ``n_permutations`` or ``seed`` out of range.

    Example:
        Agresti (2007), Table 2.5: Democrats, Independents and Republicans, of
        whom the women "carry the code":

        >>> groups = ["Democrat", "Independent", "Republican"]
        >>> women = pd.Series([762, 327, 468], index=groups, name="women")
        >>> everyone = pd.Series([1246, 566, 945], index=groups)
        >>> result = test_code(women, everyone)
        >>> result.method, round(result.chi2, 2), result.dof, round(result.cramers_v, 3)
        (TestMethod(Method.CHI_SQUARE), 30.07, 2, 0.104)
        >>> {group: round(r, 2) for group, r in result.residuals.items()}
        {'Democrat': 4.5, 'Independent': 0.7, 'Republican': -5.32}

    References:
        Agresti, A. (2007). *An Introduction to Categorical Data Analysis*,
        2nd ed., Sections 2.4 and 2.6. Hope, A. C. A. (1968), *JRSS B* 30,
        582–598.
    """
    n_permutations = check_permutations(n_permutations)
    if not isinstance(with_code, pd.Series):
        raise DataError("with_code must be a Series indexed by group")
    coded, aligned_totals = aligned_counts(with_code.to_frame().T, totals)
    return _test_aligned(
        with_code.name,
        coded.to_numpy()[0],
        aligned_totals.to_numpy(),
        coded.columns,
        n_permutations=n_permutations,
        seed=seed,
        mention_empty_groups=True,
    )


# ``test_code`` is not a pytest test, even when imported into a test module.
test_code.__test__ = False  # type: ignore[attr-defined]


def _overall_test(crosstab: pd.DataFrame, *, n_permutations: int, seed: int | None) -> OverallTest:
    """Test the code × group table of codings (see `compare_groups`)."""
    table = crosstab.to_numpy()
    n_codings = int(table.sum())
    used = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    if used.shape[0] < 2 or used.shape[1] < 2:
        return OverallTest(
            chi2=math.nan,
            dof=None,
            p_value=math.nan,
            method=NOT_TESTED,
            cramers_v=math.nan,
            min_expected=math.nan,
            n_codings=n_codings,
            note=words.overall_not_tested(few_codes=used.shape[0] < 2),
        )
    result = _test_table(used, n_permutations, code_rng(seed, "__overall__"))
    prefix = words.left_out_prefix(table.shape[0] - used.shape[0], table.shape[1] - used.shape[1])
    return OverallTest(
        chi2=result.chi2,
        dof=result.dof,
        p_value=result.p_value,
        method=result.method,
        cramers_v=result.cramers_v,
        min_expected=result.min_expected,
        n_codings=n_codings,
        note=prefix + result.note,
    )


def compare_groups(
    coded: pd.DataFrame,
    totals: pd.Series,
    *,
    n_permutations: int = 10000,
    seed: int | None = 0,
) -> ComparisonResult:
    """Compare how often every code occurs across groups.

    For each code, `test_code` tests whether the share of units carrying it
    differs between groups (chi-square, Fisher's exact or Monte Carlo test,
    see there). The p-values of all tested codes are adjusted together with
    Holm's method (column ``p_holm``), which keeps the chance of any false
    finding among the codes at the chosen level.

    ``overall`` tests the code × group table of *coded-unit counts* as a whole:
    whether the distribution of codings over the groups differs between codes,
    i.e. whether the groups' "code profiles" differ (some codes relatively more
    frequent in some groups). Its X² is computed as for any r × c table,
    ``X² = Σ (O − E)² / E`` with ``(r − 1)(c − 1)`` degrees of freedom, on the
    codes and groups that have codings. Caveat: a unit can carry several codes,
    so the codings are not independent observations and this p-value is only
    approximate (it tends to be too small); the per-code tests do not have this
    problem because each unit appears once in each 2 × k table.

    Codes that occur in no unit (or in every unit) and groups without units
    are not tested: their values are NaN and ``notes`` says so.

    Args:
        coded: Units carrying each code: index = codes, columns = groups.
        totals: All units per group (coded or not). Groups of ``totals`` missing
            from ``coded`` count as having no coded units.
        n_permutations: Number of random tables for Monte Carlo tests.
        seed: Seed of the Monte Carlo tests (see `test_code`); None for fresh entropy.

    Returns:
        The crosstab, shares, tests, residuals, overall test and notes.

    Raises:
        DataError: Invalid counts (see `test_code`) or duplicated codes or groups.

    Example:
        >>> coded = pd.DataFrame(
        ...     {"Bonn": [300, 120], "Wuhan": [200, 260]}, index=["housing", "trade"]
        ... )
        >>> result = compare_groups(coded, pd.Series({"Bonn": 1000, "Wuhan": 900}))
        >>> result.tests["chi2"].round(2).to_dict()
        {'housing': 14.78, 'trade': 84.44}
        >>> [method.words for method in result.tests["method"]]
        ['chi-square', 'chi-square']
        >>> result.overall.method.words, result.overall.dof
        ('chi-square', 1)

    References:
        Agresti, A. (2007). *An Introduction to Categorical Data Analysis*, 2nd ed.
        Holm, S. (1979). *Scandinavian Journal of Statistics* 6(2), 65–70.
    """
    n_permutations = check_permutations(n_permutations)
    crosstab, group_totals = aligned_counts(coded, totals)
    groups = crosstab.columns
    crosstab.index.name = crosstab.index.name or "code"
    groups_name = groups.name or "group"
    crosstab.columns.name = groups_name
    total_values = group_totals.to_numpy()
    counts = crosstab.to_numpy()

    with quiet():
        shares = pd.DataFrame(
            np.where(total_values > 0, counts / np.maximum(total_values, 1), np.nan),
            index=crosstab.index.copy(),
            columns=groups.copy(),
        )

    results = [
        _test_aligned(
            code,
            counts[position],
            total_values,
            groups,
            n_permutations=n_permutations,
            seed=seed,
            mention_empty_groups=False,
        )
        for position, code in enumerate(crosstab.index)
    ]
    p_values = np.array([result.p_value for result in results], dtype=float)
    tests = pd.DataFrame(
        {
            "chi2": np.array([result.chi2 for result in results], dtype=float),
            "dof": np.array(
                [math.nan if result.dof is None else result.dof for result in results],
                dtype=float,
            ),
            "p_value": p_values,
            "p_holm": holm(p_values),
            "method": pd.Series([result.method for result in results], dtype=object),
            "cramers_v": np.array([result.cramers_v for result in results], dtype=float),
            "min_expected": np.array([result.min_expected for result in results], dtype=float),
            "note": pd.Series([result.note for result in results], dtype=object),
        }
    )
    tests.index = crosstab.index.copy()
    residuals = pd.DataFrame(
        [[result.residuals[group] for group in groups] for result in results],
        index=crosstab.index.copy(),
        columns=groups.copy(),
        dtype=float,
    )
    overall = _overall_test(crosstab, n_permutations=n_permutations, seed=seed)
    tested = int(np.count_nonzero(~np.isnan(p_values)))
    notes = words.comparison_notes(
        methods=[result.method for result in results],
        codes=[result.code for result in results],
        empty_groups=list(groups[total_values == 0]),
        tested=tested,
        significant=int(np.count_nonzero(tests["p_holm"].to_numpy(dtype=float) <= 0.05)),
        min_expected=MIN_EXPECTED,
        overall=overall.method,
        overall_note=overall.note,
        code_notes=[result.note for result in results],
    )
    return ComparisonResult(
        crosstab=crosstab,
        shares=shares,
        tests=tests,
        residuals=residuals,
        overall=overall,
        notes=notes,
    )
