"""Statistics for comparing how often codes (themes) occur across groups.

Every function here is pure: it reads counts and returns numbers, pandas objects
or frozen dataclasses, and prints nothing.

The input of the comparison is always a pair

``coded``
    a DataFrame indexed by code, one column per group (city, country, ...); a cell
    is the number of units (interviews, segments, ...) of that group that carry
    the code;
``totals``
    a Series indexed by group: the number of units in the group, coded or not.

For one code this gives a 2 × k contingency table: per group, the units with
the code (``coded``) and the units without it (``totals - coded``). Whether
the share of units carrying the code differs between the groups is a test of
independence in that table:

* Pearson's chi-square test (no continuity correction) when every expected
  count is at least 5 (Cochran's rule);
* otherwise Fisher's exact test for a 2 × 2 table, and a Monte Carlo
  permutation test for larger tables (the group labels of the units are
  shuffled, i.e. random tables with the observed margins are drawn).

The p-values of all codes are then adjusted for multiple testing with
Holm's method, and the adjusted standardized residuals tell which groups
have more (positive) or fewer (negative) units with the code than expected.

References
----------
Agresti, A. (2007). *An Introduction to Categorical Data Analysis*, 2nd ed.
Wiley. Sections 2.4 (chi-square test, residuals) and 2.6 (Fisher's test).

Cochran, W. G. (1954). Some methods for strengthening the common χ² tests.
*Biometrics* 10(4), 417–451.

Importing ``scipy.stats`` takes about a second (it builds every distribution
and parses their docstrings), most of the start of ``interviewkit compare``.
The chi-square test, which large tables always use, therefore needs only
``scipy.special`` (:func:`_chi_square`); ``scipy.stats`` is imported when a
table calls for Fisher's exact or the Monte Carlo test.
"""

from __future__ import annotations

import inspect
import math
import warnings
import zlib
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from interviewkit.errors import DataError

__all__ = [
    "METHOD_CHI_SQUARE",
    "METHOD_FISHER",
    "METHOD_NOT_TESTED",
    "MIN_EXPECTED",
    "CodeTest",
    "ComparisonResult",
    "OverallTest",
    "adjusted_residuals",
    "compare_groups",
    "cramers_v",
    "holm",
    "monte_carlo_method_name",
    "test_code",
]

#: Smallest expected count for which the chi-square approximation is trusted.
MIN_EXPECTED = 5.0

# Expected counts are products and quotients of integers; allow for rounding so
# that an expected count of exactly 5 is not taken for 4.999999999.
_EXPECTED_TOLERANCE = 1e-9

# Upper bound on the number of table cells sampled at once in a Monte Carlo run
# (keeps memory below roughly 100 MB whatever the table size).
_MONTE_CARLO_CELLS_PER_BATCH = 4_000_000

METHOD_CHI_SQUARE = "chi-square"
METHOD_FISHER = "Fisher's exact"
METHOD_NOT_TESTED = "not tested"


def _scipy_has_monte_carlo() -> bool:
    """Whether ``scipy.stats.chi2_contingency`` accepts ``method=MonteCarloMethod``."""
    from scipy import stats

    if not hasattr(stats, "MonteCarloMethod"):
        return False
    try:
        parameters = inspect.signature(stats.chi2_contingency).parameters
    except (TypeError, ValueError):  # pragma: no cover - signature unavailable
        return False
    return "method" in parameters


# Module flag, so that tests can exercise the NumPy fallback as well. None: not
# known yet (finding out imports scipy.stats), asked at the first Monte Carlo test.
_SCIPY_MONTE_CARLO: bool | None = None


def monte_carlo_method_name(n_permutations: int) -> str:
    """The ``method`` label of a Monte Carlo test, e.g. ``"Monte Carlo (10000 permutations)"``."""
    return f"Monte Carlo ({n_permutations} permutations)"


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class CodeTest:
    """The test of one code: does the share of units carrying it differ between groups?

    Attributes
    ----------
    code:
        The code (the name of the ``with_code`` Series).
    chi2:
        Pearson's chi-square statistic of the 2 × k table (without continuity
        correction), also when the p-value comes from another method. NaN if
        the code was not tested.
    dof:
        Degrees of freedom ``(2 - 1) * (k - 1)`` of the groups tested; ``None``
        if the code was not tested.
    p_value:
        The p-value of the method in ``method``; NaN if not tested.
    method:
        ``"chi-square"``, ``"Fisher's exact"``, ``"Monte Carlo (N permutations)"``
        or ``"not tested"``.
    cramers_v:
        Cramér's V of the table (bias-uncorrected), between 0 and 1.
    min_expected:
        The smallest expected count of the table under independence.
    residuals:
        Adjusted standardized residual of the "with code" cell, per group (NaN
        for a group without units or when the code was not tested). Beyond about
        ±2 a group has clearly more (+) or fewer (−) units with the code than
        the groups' sizes lead one to expect.
    note:
        What was done, in plain words.
    """

    code: Hashable
    chi2: float
    dof: int | None
    p_value: float
    method: str
    cramers_v: float
    min_expected: float
    residuals: dict[Hashable, float] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True)
class OverallTest:
    """The test of the whole code × group table of codings (see `compare_groups`).

    Attributes
    ----------
    chi2, dof, p_value, method, cramers_v, min_expected:
        As in `CodeTest`, for the table of codings with unused codes and groups
        without codings left out. ``dof`` is ``None`` and the numbers are NaN
        when the table could not be tested.
    n_codings:
        The number of codings in the table (the sum of ``coded``).
    note:
        What was done, in plain words.
    """

    chi2: float
    dof: int | None
    p_value: float
    method: str
    cramers_v: float
    min_expected: float
    n_codings: int
    note: str = ""


@dataclass(frozen=True)
class ComparisonResult:
    """Everything `compare_groups` finds.

    Attributes
    ----------
    crosstab:
        Code × group counts of coded units (integers), groups in the order of
        ``coded``'s columns followed by any further groups of ``totals``.
    shares:
        ``crosstab / totals``: the proportion (0–1) of each group's units that
        carry the code; NaN for a group without units.
    tests:
        One row per code with columns ``chi2, dof, p_value, p_holm, method,
        cramers_v, min_expected, note`` (``p_holm`` is the Holm-adjusted p-value
        over all tested codes).
    residuals:
        Code × group adjusted standardized residuals of the "with code" cells.
    overall:
        The test of the code × group table of codings as a whole.
    notes:
        Plain-language remarks about the comparison.
    """

    crosstab: pd.DataFrame
    shares: pd.DataFrame
    tests: pd.DataFrame
    residuals: pd.DataFrame
    overall: OverallTest
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- helpers


@contextmanager
def _quiet() -> Iterator[None]:
    """Silence floating-point and RuntimeWarnings of NumPy/SciPy inside the block.

    Every place that can produce such a warning (0/0 for an empty row, a
    degenerate table) is handled explicitly and yields NaN instead.
    """
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def _as_count_table(table: ArrayLike | pd.DataFrame) -> NDArray[np.float64]:
    """A two-dimensional float array of non-negative finite counts."""
    values = np.asarray(table, dtype=float)
    if values.ndim != 2:
        raise ValueError(f"a contingency table must be two-dimensional, not {values.ndim}-D")
    if not np.all(np.isfinite(values)):
        raise ValueError("a contingency table must not contain NaN or infinite counts")
    if np.any(values < 0):
        raise ValueError("a contingency table must not contain negative counts")
    return values


def _drop_empty(table: NDArray[np.float64]) -> NDArray[np.float64]:
    """The table without rows and columns that sum to zero."""
    kept = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    return np.asarray(kept, dtype=float)


def _expected(table: NDArray[np.float64]) -> NDArray[np.float64]:
    """Expected counts under independence, ``E_ij = n_i+ n_+j / n``."""
    n = table.sum()
    if n == 0:
        return np.zeros_like(table)
    return np.asarray(np.outer(table.sum(axis=1), table.sum(axis=0)) / n, dtype=float)


def _pearson_chi2(table: NDArray[np.float64]) -> float:
    """Pearson's ``X² = Σ (O − E)² / E`` over the cells with ``E > 0``."""
    expected = _expected(table)
    positive = expected > 0
    return float(np.sum((table[positive] - expected[positive]) ** 2 / expected[positive]))


def _cramers_v_from_chi2(chi2: float, n: float, n_rows: int, n_cols: int) -> float:
    """``V = sqrt(X² / (n (min(r, c) − 1)))``, NaN when undefined."""
    smaller = min(n_rows, n_cols)
    if n <= 0 or smaller < 2 or not math.isfinite(chi2):
        return math.nan
    return min(1.0, math.sqrt(chi2 / (n * (smaller - 1))))


def _label(value: Hashable) -> str:
    return f"'{value}'"


def _join_labels(values: list[Hashable], limit: int = 10) -> str:
    shown = ", ".join(_label(value) for value in values[:limit])
    if len(values) > limit:
        shown += f" and {len(values) - limit} more"
    return shown


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def _rng(seed: int | None, key: Hashable) -> np.random.Generator:
    """A generator determined by ``seed`` and ``key`` (fresh entropy if seed is None).

    Mixing in the code's name makes each code's Monte Carlo p-value independent of
    which other codes are analysed alongside it.
    """
    if seed is None:
        return np.random.default_rng()
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer or None, not {seed!r}")
    return np.random.default_rng([int(seed), zlib.crc32(str(key).encode("utf-8"))])


def _check_permutations(n_permutations: int) -> int:
    if (
        isinstance(n_permutations, bool)
        or not isinstance(n_permutations, (int, np.integer))
        or n_permutations < 1
    ):
        raise ValueError(f"n_permutations must be a positive integer, not {n_permutations!r}")
    return int(n_permutations)


def _counts(values: pd.Series | pd.DataFrame, what: str) -> NDArray[np.int64]:
    """Validate user counts: numbers, finite, whole, non-negative."""
    try:
        array = values.to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError) as error:
        raise DataError(f"{what} must hold numbers of units") from error
    if np.any(np.isnan(array)):
        raise DataError(
            f"{what} has missing values",
            hint="Fill groups where a code does not occur with 0.",
        )
    if not np.all(np.isfinite(array)) or np.any(array != np.round(array)):
        raise DataError(f"{what} must hold whole numbers of units")
    if np.any(array < 0):
        raise DataError(f"{what} must not hold negative numbers of units")
    return np.asarray(array, dtype=np.int64)


def _align(coded: pd.DataFrame, totals: pd.Series) -> tuple[pd.DataFrame, pd.Series]:
    """Validate ``coded``/``totals`` and put them on the same groups.

    Groups of ``totals`` that are missing from ``coded`` get zero codings.
    """
    if not isinstance(coded, pd.DataFrame):
        raise DataError("coded must be a DataFrame indexed by code with one column per group")
    if not isinstance(totals, pd.Series):
        raise DataError("totals must be a Series indexed by group")
    if coded.index.has_duplicates:
        duplicated = list(dict.fromkeys(coded.index[coded.index.duplicated()]))
        raise DataError(f"codes appear more than once: {_join_labels(duplicated)}")
    if coded.columns.has_duplicates:
        duplicated = list(dict.fromkeys(coded.columns[coded.columns.duplicated()]))
        raise DataError(f"groups appear more than once: {_join_labels(duplicated)}")
    if totals.index.has_duplicates:
        duplicated = list(dict.fromkeys(totals.index[totals.index.duplicated()]))
        raise DataError(f"totals list groups more than once: {_join_labels(duplicated)}")
    unknown = [group for group in coded.columns if group not in totals.index]
    if unknown:
        raise DataError(
            f"no number of units for {_plural(len(unknown), 'group')}: {_join_labels(unknown)}",
            hint="totals needs the number of units of every group in coded.",
        )
    groups = list(coded.columns) + [g for g in totals.index if g not in set(coded.columns)]
    coded_counts = pd.DataFrame(
        _counts(coded, "coded"), index=coded.index.copy(), columns=coded.columns.copy()
    ).reindex(columns=pd.Index(groups, name=coded.columns.name), fill_value=0)
    total_counts = pd.Series(_counts(totals, "totals"), index=totals.index.copy())
    total_counts = total_counts.reindex(coded_counts.columns)
    total_counts.name = totals.name
    exceeding = coded_counts.columns[(coded_counts > total_counts).any(axis=0).to_numpy()]
    if len(exceeding):
        raise DataError(
            "more coded units than units in "
            f"{_plural(len(exceeding), 'group')}: {_join_labels(list(exceeding))}",
            hint="coded counts units carrying a code; totals counts all units of the group.",
        )
    return coded_counts, total_counts


# --------------------------------------------------------------------------- statistics


def adjusted_residuals(table: ArrayLike | pd.DataFrame) -> pd.DataFrame:
    """Haberman's adjusted standardized residuals of an r × c table of counts.

    .. math::

        r_{ij} = \\frac{O_{ij} - E_{ij}}
                      {\\sqrt{E_{ij}\\,(1 - n_{i+}/n)\\,(1 - n_{+j}/n)}},
        \\qquad E_{ij} = \\frac{n_{i+}\\, n_{+j}}{n}

    Under independence each residual is approximately standard normal, so a
    value beyond about ±2 marks a cell with clearly more (+) or fewer (−)
    counts than independence predicts. In a 2 × 2 table all four residuals
    have the same size, ``sqrt(X²)``; in a 2 × k table the second row is the
    negative of the first.

    Cells whose denominator is zero (an empty row or column, or a table with
    a single non-empty row or column) get NaN.

    Parameters
    ----------
    table:
        Counts; a DataFrame keeps its labels in the result.

    Returns
    -------
    DataFrame of the same shape (and labels) as ``table``.

    References
    ----------
    Haberman, S. J. (1973). The analysis of residuals in cross-classified
    tables. *Biometrics* 29(1), 205–220.
    Agresti, A. (2007). *An Introduction to Categorical Data Analysis*, 2nd ed.,
    Section 2.4.5 (party identification by gender: 4.50, 0.70, −5.32).
    """
    observed = _as_count_table(table)
    n = observed.sum()
    with _quiet():
        expected = _expected(observed)
        row_share = observed.sum(axis=1, keepdims=True) / n if n > 0 else np.ones((1, 1))
        col_share = observed.sum(axis=0, keepdims=True) / n if n > 0 else np.ones((1, 1))
        variance = expected * (1.0 - row_share) * (1.0 - col_share)
        residuals = (observed - expected) / np.sqrt(variance)
    residuals = np.where(variance > 0, residuals, np.nan)
    if isinstance(table, pd.DataFrame):
        return pd.DataFrame(residuals, index=table.index.copy(), columns=table.columns.copy())
    return pd.DataFrame(residuals)


def cramers_v(table: ArrayLike | pd.DataFrame, *, corrected: bool = False) -> float:
    """Cramér's V of an r × c table of counts.

    .. math::

        V = \\sqrt{\\frac{X^2 / n}{\\min(r, c) - 1}}

    with Pearson's ``X²`` (no continuity correction). V runs from 0 (no
    association) to 1. This default is the classic, *bias-uncorrected* V:
    in small samples it is biased upwards (even independent data give V > 0).

    With ``corrected=True`` the bias correction of Bergsma (2013) is used:

    .. math::

        \\tilde\\varphi^2 = \\max\\Bigl(0, \\frac{X^2}{n} - \\frac{(r-1)(c-1)}{n-1}\\Bigr),\\quad
        \\tilde r = r - \\frac{(r-1)^2}{n-1},\\quad
        \\tilde c = c - \\frac{(c-1)^2}{n-1},\\quad
        \\tilde V = \\sqrt{\\frac{\\tilde\\varphi^2}{\\min(\\tilde r - 1, \\tilde c - 1)}}

    Rows and columns without counts are left out (they are not categories
    of the data). NaN if fewer than two rows or columns remain (or ``n < 2``
    with the correction).

    References
    ----------
    Cramér, H. (1946). *Mathematical Methods of Statistics*. Princeton
    University Press, p. 282.
    Bergsma, W. (2013). A bias-correction for Cramér's V and Tschuprow's T.
    *Journal of the Korean Statistical Society* 42(3), 323–328.
    """
    observed = _drop_empty(_as_count_table(table))
    n = float(observed.sum())
    n_rows, n_cols = observed.shape
    if n <= 0 or min(n_rows, n_cols) < 2:
        return math.nan
    chi2 = _pearson_chi2(observed)
    if not corrected:
        return _cramers_v_from_chi2(chi2, n, n_rows, n_cols)
    if n < 2:
        return math.nan
    phi2 = max(0.0, chi2 / n - (n_rows - 1) * (n_cols - 1) / (n - 1))
    rows_tilde = n_rows - (n_rows - 1) ** 2 / (n - 1)
    cols_tilde = n_cols - (n_cols - 1) ** 2 / (n - 1)
    denominator = min(rows_tilde - 1, cols_tilde - 1)
    if denominator <= 0:
        return math.nan
    return min(1.0, math.sqrt(phi2 / denominator))


def holm(p_values: ArrayLike) -> NDArray[np.float64]:
    """Holm–Bonferroni adjusted p-values.

    With the ``m`` non-missing p-values sorted, ``p_(1) ≤ … ≤ p_(m)``:

    .. math::

        \\tilde p_{(i)} = \\min\\Bigl(1, \\max_{j \\le i} (m - j + 1)\\, p_{(j)}\\Bigr)

    The adjusted values keep the order of the raw ones (monotone), never fall
    below them and are capped at 1. Rejecting where ``p̃ ≤ α`` controls the
    family-wise error rate at α for any dependence between the tests. NaN
    entries (codes that were not tested) stay NaN and do not count in ``m``.

    Parameters
    ----------
    p_values:
        One-dimensional p-values in [0, 1], NaN allowed.

    Returns
    -------
    Array of adjusted p-values in the input order.

    References
    ----------
    Holm, S. (1979). A simple sequentially rejective multiple test procedure.
    *Scandinavian Journal of Statistics* 6(2), 65–70.
    """
    p = np.asarray(p_values, dtype=float)
    if p.ndim == 0:
        p = p.reshape(1)
    elif p.ndim != 1:
        raise ValueError("holm() expects a one-dimensional sequence of p-values")
    adjusted = np.full(p.shape, np.nan)
    present = ~np.isnan(p)
    values = p[present]
    if np.any((values < 0) | (values > 1)):
        raise ValueError("p-values must lie between 0 and 1")
    m = values.size
    if m == 0:
        return adjusted
    order = np.argsort(values, kind="stable")
    stepped = np.maximum.accumulate((m - np.arange(m)) * values[order])
    result = np.empty(m)
    result[order] = np.minimum(stepped, 1.0)
    adjusted[present] = result
    return adjusted


# --------------------------------------------------------------------------- Monte Carlo


def _random_tables(
    row_sums: NDArray[np.int64],
    col_sums: NDArray[np.int64],
    size: int,
    rng: np.random.Generator,
) -> NDArray[np.int64]:
    """``size`` random tables with the given margins, drawn as by permuting unit labels.

    Shuffling the column (group) labels of the ``n`` units while their row labels
    stay put makes each row a multivariate hypergeometric draw from the columns'
    remaining units. That draw is made column by column with univariate
    hypergeometric variates, vectorised over the ``size`` tables, so the cost
    does not grow with ``n`` (unlike literally shuffling an array of ``n`` labels).
    """
    n_rows, n_cols = row_sums.size, col_sums.size
    tables = np.zeros((size, n_rows, n_cols), dtype=np.int64)
    remaining = np.broadcast_to(col_sums, (size, n_cols)).astype(np.int64)
    for i in range(n_rows - 1):
        need = np.full(size, row_sums[i], dtype=np.int64)
        others = remaining.sum(axis=1)
        for j in range(n_cols - 1):
            others = others - remaining[:, j]
            drawn = rng.hypergeometric(remaining[:, j], others, need)
            tables[:, i, j] = drawn
            need = need - drawn
        tables[:, i, n_cols - 1] = need
        remaining = remaining - tables[:, i, :]
    tables[:, n_rows - 1, :] = remaining
    return tables


def _numpy_monte_carlo_pvalue(
    table: NDArray[np.int64], n_permutations: int, rng: np.random.Generator
) -> float:
    """Monte Carlo p-value of Pearson's X² with NumPy only: ``(1 + b) / (1 + n)``.

    ``b`` counts the random tables (fixed margins) whose X² reaches the observed
    one, with a relative tolerance of 100 machine epsilons for ties.
    """
    observed = table.astype(float)
    expected = _expected(observed)
    statistic = float(np.sum((observed - expected) ** 2 / expected))
    threshold = statistic - abs(statistic) * 100 * np.finfo(float).eps
    row_sums = table.sum(axis=1)
    col_sums = table.sum(axis=0)
    batch = max(1, _MONTE_CARLO_CELLS_PER_BATCH // table.size)
    at_least = 0
    done = 0
    while done < n_permutations:
        size = min(batch, n_permutations - done)
        tables = _random_tables(row_sums, col_sums, size, rng)
        resampled = np.sum((tables - expected) ** 2 / expected, axis=(1, 2))
        at_least += int(np.count_nonzero(resampled >= threshold))
        done += size
    return (1 + at_least) / (1 + n_permutations)


def _monte_carlo_pvalue(
    table: NDArray[np.int64], n_permutations: int, rng: np.random.Generator
) -> float:
    """Monte Carlo permutation p-value of the chi-square test of independence.

    Draws ``n_permutations`` tables with the observed margins under independence
    (equivalently: permutes the group labels of the units) and returns
    ``p = (1 + #{X²* ≥ X²}) / (1 + n_permutations)``, which is never zero and is a
    valid p-value for any number of permutations.

    Uses ``scipy.stats.chi2_contingency(method=MonteCarloMethod(...))`` (SciPy ≥
    1.15, Patefield's algorithm) when available, otherwise an equivalent NumPy
    implementation.

    References
    ----------
    Hope, A. C. A. (1968). A simplified Monte Carlo significance test procedure.
    *Journal of the Royal Statistical Society B* 30(3), 582–598.
    Patefield, W. M. (1981). Algorithm AS 159: An efficient method of generating
    random r × c tables with given row and column totals. *Applied Statistics*
    30(1), 91–97.
    Phipson, B. & Smyth, G. K. (2010). Permutation p-values should never be zero.
    *Statistical Applications in Genetics and Molecular Biology* 9(1), 39.
    """
    global _SCIPY_MONTE_CARLO
    if _SCIPY_MONTE_CARLO is None:
        _SCIPY_MONTE_CARLO = _scipy_has_monte_carlo()
    if not _SCIPY_MONTE_CARLO:
        return _numpy_monte_carlo_pvalue(table, n_permutations, rng)
    from scipy import stats

    batch = max(1, _MONTE_CARLO_CELLS_PER_BATCH // table.size)
    options: dict[str, Any] = {"n_resamples": n_permutations, "batch": batch}
    try:
        method = stats.MonteCarloMethod(**options, rng=rng)
    except TypeError:  # pragma: no cover - SciPy before the ``rng`` keyword
        method = stats.MonteCarloMethod(**options, random_state=rng)
    result = stats.chi2_contingency(table, correction=False, method=method)
    return float(result.pvalue)


# --------------------------------------------------------------------------- tests


def _chi_square(table: NDArray[np.int64]) -> tuple[float, int, float, NDArray[np.float64]]:
    """Pearson's chi-square test of independence: statistic, dof, p-value, expected counts.

    The numbers of ``scipy.stats.chi2_contingency(table, correction=False)``,
    computed step for step as SciPy does (margins, expected counts, the sum
    of the terms, ``chdtrc`` for the p-value), so that they agree to the
    last bit (a test checks it), without importing ``scipy.stats``.
    """
    from scipy import special

    observed = np.asarray(table, dtype=np.float64)
    expected = (
        observed.sum(axis=1, keepdims=True) * observed.sum(axis=0, keepdims=True) / observed.sum()
    )
    dof = expected.size - sum(expected.shape) + expected.ndim - 1
    if dof == 0:
        return 0.0, 0, 1.0, expected
    statistic = float((((observed - expected) ** 2) / expected).ravel().sum())
    return statistic, dof, float(special.chdtrc(float(dof), statistic)), expected


@dataclass(frozen=True)
class _TableTest:
    chi2: float
    dof: int
    p_value: float
    method: str
    cramers_v: float
    min_expected: float
    note: str


def _test_table(
    table: NDArray[np.int64], n_permutations: int, rng: np.random.Generator
) -> _TableTest:
    """Test independence in a table without empty rows or columns (at least 2 × 2)."""
    with _quiet():
        chi2, dof, chi2_p, expected = _chi_square(table)
    min_expected = float(expected.min())
    small = int(np.count_nonzero(expected < MIN_EXPECTED - _EXPECTED_TOLERANCE))
    v = _cramers_v_from_chi2(chi2, float(table.sum()), *table.shape)
    cells = f"expected counts below {MIN_EXPECTED:g} in {small} of {table.size} cells"
    if small == 0:
        p_value = chi2_p
        method = METHOD_CHI_SQUARE
        note = f"all expected counts are at least {MIN_EXPECTED:g}: chi-square test used"
    elif table.shape == (2, 2):
        from scipy import stats

        with _quiet():
            p_value = float(stats.fisher_exact(table, alternative="two-sided").pvalue)
        method = METHOD_FISHER
        note = f"{cells}: Fisher's exact test used"
    else:
        with _quiet():
            p_value = _monte_carlo_pvalue(table, n_permutations, rng)
        method = monte_carlo_method_name(n_permutations)
        note = (
            f"{cells}: p-value from {n_permutations} random permutations "
            "of the units' groups (Monte Carlo)"
        )
    return _TableTest(chi2, dof, min(1.0, max(0.0, p_value)), method, v, min_expected, note)


def _untested_code(code: Hashable, groups: pd.Index, note: str) -> CodeTest:
    return CodeTest(
        code=code,
        chi2=math.nan,
        dof=None,
        p_value=math.nan,
        method=METHOD_NOT_TESTED,
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
    empty_groups = list(groups[~has_units])
    prefix = ""
    if mention_empty_groups and empty_groups:
        prefix = (
            f"{_plural(len(empty_groups), 'group')} without units left out "
            f"({_join_labels(empty_groups)}); "
        )
    if int(np.count_nonzero(has_units)) < 2:
        return _untested_code(code, groups, prefix + "fewer than two groups have units: not tested")
    if int(with_code.sum()) == 0:
        return _untested_code(code, groups, prefix + "code does not occur in any unit: not tested")
    if np.array_equal(with_code[has_units], totals[has_units]):
        return _untested_code(code, groups, prefix + "code occurs in every unit: not tested")
    table = np.vstack([with_code[has_units], totals[has_units] - with_code[has_units]])
    result = _test_table(table, n_permutations, _rng(seed, code))
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

    Parameters
    ----------
    with_code:
        Units carrying the code, indexed by group; its ``name`` is the code.
    totals:
        All units per group. Groups missing from ``with_code`` count as 0.
    n_permutations:
        Number of random tables of the Monte Carlo test.
    seed:
        Seed of the Monte Carlo test. The random stream is derived from the seed
        and the code's name, so results are reproducible and a code's p-value
        does not depend on which other codes are analysed. ``None``: fresh entropy.

    Raises
    ------
    DataError
        Counts that are not whole non-negative numbers, groups without a total,
        or more coded units than units in a group.

    References
    ----------
    Agresti, A. (2007). *An Introduction to Categorical Data Analysis*, 2nd ed.,
    Sections 2.4 and 2.6. Hope, A. C. A. (1968), *JRSS B* 30, 582–598.
    """
    n_permutations = _check_permutations(n_permutations)
    if not isinstance(with_code, pd.Series):
        raise DataError("with_code must be a Series indexed by group")
    coded, aligned_totals = _align(with_code.to_frame().T, totals)
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
        reason = (
            "fewer than two codes occur"
            if used.shape[0] < 2
            else "codings fall in fewer than two groups"
        )
        return OverallTest(
            chi2=math.nan,
            dof=None,
            p_value=math.nan,
            method=METHOD_NOT_TESTED,
            cramers_v=math.nan,
            min_expected=math.nan,
            n_codings=n_codings,
            note=f"{reason}: the table of codings was not tested",
        )
    result = _test_table(used, n_permutations, _rng(seed, "__overall__"))
    note = result.note
    left_out = table.shape[0] - used.shape[0], table.shape[1] - used.shape[1]
    if any(left_out):
        parts = []
        if left_out[0]:
            parts.append(_plural(left_out[0], "unused code"))
        if left_out[1]:
            parts.append(_plural(left_out[1], "group") + " without codings")
        note = " and ".join(parts) + " left out; " + note
    return OverallTest(
        chi2=result.chi2,
        dof=result.dof,
        p_value=result.p_value,
        method=result.method,
        cramers_v=result.cramers_v,
        min_expected=result.min_expected,
        n_codings=n_codings,
        note=note,
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

    Parameters
    ----------
    coded:
        Units carrying each code: index = codes, columns = groups.
    totals:
        All units per group (coded or not). Groups of ``totals`` missing from
        ``coded`` count as having no coded units.
    n_permutations:
        Number of random tables for Monte Carlo tests.
    seed:
        Seed of the Monte Carlo tests (see `test_code`); ``None`` for fresh entropy.

    Raises
    ------
    DataError
        Invalid counts (see `test_code`) or duplicated codes or groups.

    References
    ----------
    Agresti, A. (2007). *An Introduction to Categorical Data Analysis*, 2nd ed.
    Holm, S. (1979). *Scandinavian Journal of Statistics* 6(2), 65–70.
    """
    n_permutations = _check_permutations(n_permutations)
    crosstab, group_totals = _align(coded, totals)
    groups = crosstab.columns
    crosstab.index.name = crosstab.index.name or "code"
    groups_name = groups.name or "group"
    crosstab.columns.name = groups_name
    total_values = group_totals.to_numpy()
    counts = crosstab.to_numpy()

    with _quiet():
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
    notes = _comparison_notes(results, groups, total_values, p_values, tests["p_holm"], overall)
    return ComparisonResult(
        crosstab=crosstab,
        shares=shares,
        tests=tests,
        residuals=residuals,
        overall=overall,
        notes=notes,
    )


def _comparison_notes(
    results: list[CodeTest],
    groups: pd.Index,
    totals: NDArray[np.int64],
    p_values: NDArray[np.float64],
    p_holm: pd.Series,
    overall: OverallTest,
) -> list[str]:
    """Plain-language remarks about a comparison."""
    notes: list[str] = []
    if not results:
        notes.append("There are no codes to compare.")
    empty = list(groups[totals == 0])
    if empty:
        notes.append(
            f"{_plural(len(empty), 'group')} without units "
            f"{'was' if len(empty) == 1 else 'were'} left out of the tests: "
            f"{_join_labels(empty)}."
        )
    untested = [result.code for result in results if result.method == METHOD_NOT_TESTED]
    if untested:
        notes.append(
            f"{_plural(len(untested), 'code')} could not be tested "
            f"(see the note of each): {_join_labels(untested)}."
        )
    fisher = sum(result.method == METHOD_FISHER for result in results)
    monte_carlo = sum(result.method.startswith("Monte Carlo") for result in results)
    if fisher or monte_carlo:
        used = []
        if fisher:
            used.append(f"Fisher's exact test for {_plural(fisher, 'code')}")
        if monte_carlo:
            used.append(f"a Monte Carlo permutation test for {_plural(monte_carlo, 'code')}")
        notes.append(
            f"Some expected counts were below {MIN_EXPECTED:g}, so the chi-square "
            f"approximation was replaced by {' and '.join(used)}."
        )
    tested = int(np.count_nonzero(~np.isnan(p_values)))
    if tested:
        significant = int(np.count_nonzero(p_holm.to_numpy(dtype=float) <= 0.05))
        notes.append(
            f"p_holm adjusts the p-values of the {_plural(tested, 'tested code')} for "
            f"multiple testing (Holm); {significant} of {tested} differ between groups "
            "at the 5% level after adjustment."
        )
        notes.append(
            "Residuals beyond ±2 mark groups with clearly more (+) or fewer (−) units "
            "carrying a code than the group sizes lead one to expect."
        )
    if overall.method != METHOD_NOT_TESTED:
        notes.append(
            "The overall test counts codings, and a unit can carry several codes, so its "
            "observations are not independent and its p-value is only approximate."
        )
    else:
        notes.append(overall.note[0].upper() + overall.note[1:] + ".")
    return notes
