"""The numbers of an r × c contingency table: expected counts, chi-square, residuals, V, Holm.

A numeric kernel without any notion of codes or groups: every function takes
counts (a list of lists, a NumPy array or a DataFrame) and returns numbers.
:mod:`interviewkit.analysis.stats` builds the comparison of codes across
groups on it.

Importing ``scipy.stats`` takes about a second (it builds every distribution
and parses their docstrings). The chi-square test, which large tables always
use, therefore needs only ``scipy.special`` (:func:`chi_square`);
``scipy.stats`` is imported for the Monte Carlo test only.

References:
    Agresti, A. (2007). *An Introduction to Categorical Data Analysis*, 2nd ed.
    Wiley. Sections 2.4 (chi-square test, residuals) and 2.6 (Fisher's test).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "adjusted_residuals",
    "as_count_table",
    "chi_square",
    "cramers_v",
    "cramers_v_from_chi2",
    "drop_empty",
    "expected_counts",
    "holm",
    "monte_carlo_pvalue",
    "quiet",
]

# Upper bound on the number of table cells sampled at once in a Monte Carlo run
# (keeps memory below roughly 100 MB whatever the table size).
_MONTE_CARLO_CELLS_PER_BATCH = 4_000_000


@contextmanager
def quiet() -> Iterator[None]:
    """Silence floating-point and RuntimeWarnings of NumPy/SciPy inside the block.

    Every place that can produce such a warning (0/0 for an empty row, a
    degenerate table) is handled explicitly and yields NaN instead.
    """
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def as_count_table(table: ArrayLike | pd.DataFrame) -> NDArray[np.float64]:
    """A two-dimensional float array of non-negative finite counts.

    Raises:
        ValueError: the table is not two-dimensional, or holds NaN, infinite or
            negative counts.
    """
    values = np.asarray(table, dtype=float)
    if values.ndim != 2:
        raise ValueError(f"a contingency table must be two-dimensional, not {values.ndim}-D")
    if not np.all(np.isfinite(values)):
        raise ValueError("a contingency table must not contain NaN or infinite counts")
    if np.any(values < 0):
        raise ValueError("a contingency table must not contain negative counts")
    return values


def drop_empty(table: NDArray[Any]) -> NDArray[Any]:
    """The table without rows and columns that sum to zero."""
    kept: NDArray[Any] = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    return kept


def expected_counts(table: NDArray[Any]) -> NDArray[np.float64]:
    """Expected counts under independence, ``E_ij = n_i+ n_+j / n`` (zeros for an empty table).

    The products and the quotient are taken in the order SciPy's
    ``scipy.stats.contingency.expected_freq`` takes them, so that the numbers
    agree with SciPy's to the last bit.

    Example:
        >>> expected_counts(np.array([[10, 20], [30, 40]]))
        array([[12., 18.],
               [28., 42.]])
    """
    observed = np.asarray(table, dtype=np.float64)
    n = observed.sum()
    if n == 0:
        return np.zeros_like(observed)
    expected = observed.sum(axis=1, keepdims=True) * observed.sum(axis=0, keepdims=True) / n
    return np.asarray(expected, dtype=np.float64)


def chi_square(table: ArrayLike) -> tuple[float, int, float, NDArray[np.float64]]:
    """Pearson's chi-square test of independence: statistic, dof, p-value, expected counts.

    ``X² = Σ (O − E)² / E`` with ``(r − 1)(c − 1)`` degrees of freedom, no
    continuity correction. The numbers are those of
    ``scipy.stats.chi2_contingency(table, correction=False)``, computed step
    for step as SciPy does (margins, expected counts, the sum of the terms,
    ``chdtrc`` for the p-value), so that they agree to the last bit (a test
    checks it), without importing ``scipy.stats``. The table must have no
    empty row or column.

    Example:
        Agresti (2007), Table 2.5, party identification by gender
        (X² = 30.07, df = 2):

        >>> statistic, dof, p, _ = chi_square([[762, 327, 468], [484, 239, 477]])
        >>> round(statistic, 2), dof, f"{p:.1e}"
        (30.07, 2, '3.0e-07')
    """
    from scipy import special

    observed = np.asarray(table, dtype=np.float64)
    expected = expected_counts(observed)
    dof = expected.size - sum(expected.shape) + expected.ndim - 1
    if dof == 0:
        return 0.0, 0, 1.0, expected
    statistic = float((((observed - expected) ** 2) / expected).ravel().sum())
    return statistic, dof, float(special.chdtrc(float(dof), statistic)), expected


def cramers_v_from_chi2(chi2: float, n: float, n_rows: int, n_cols: int) -> float:
    """``V = sqrt(X² / (n (min(r, c) − 1)))``, at most 1; NaN when undefined.

    Example:
        >>> cramers_v_from_chi2(20.0, 80.0, 2, 2)
        0.5
    """
    smaller = min(n_rows, n_cols)
    if n <= 0 or smaller < 2 or not math.isfinite(chi2):
        return math.nan
    return min(1.0, math.sqrt(chi2 / (n * (smaller - 1))))


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

    Args:
        table: Counts; a DataFrame keeps its labels in the result.

    Returns:
        A DataFrame of the same shape (and labels) as ``table``.

    Raises:
        ValueError: as :func:`as_count_table`.

    Example:
        Agresti (2007), Section 2.4.5, party identification by gender
        (4.50, 0.70, −5.32):

        >>> adjusted_residuals([[762, 327, 468], [484, 239, 477]]).round(2).to_numpy().tolist()
        [[4.5, 0.7, -5.32], [-4.5, -0.7, 5.32]]

    References:
        Haberman, S. J. (1973). The analysis of residuals in cross-classified
        tables. *Biometrics* 29(1), 205–220.
    """
    observed = as_count_table(table)
    n = observed.sum()
    with quiet():
        expected = expected_counts(observed)
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

    Args:
        table: Counts.
        corrected: Apply Bergsma's bias correction.

    Raises:
        ValueError: as :func:`as_count_table`.

    Example:
        >>> round(cramers_v([[30, 10], [10, 30]]), 4)
        0.5
        >>> round(cramers_v([[30, 10], [10, 30]], corrected=True), 4)
        0.4903

    References:
        Cramér, H. (1946). *Mathematical Methods of Statistics*. Princeton
        University Press, p. 282.
        Bergsma, W. (2013). A bias-correction for Cramér's V and Tschuprow's T.
        *Journal of the Korean Statistical Society* 42(3), 323–328.
    """
    observed = drop_empty(as_count_table(table))
    n = float(observed.sum())
    n_rows, n_cols = observed.shape
    if n <= 0 or min(n_rows, n_cols) < 2:
        return math.nan
    chi2 = chi_square(observed)[0]
    if not corrected:
        return cramers_v_from_chi2(chi2, n, n_rows, n_cols)
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
    entries (codes that were not tested) stay NaN and do not count in ``m``
    (as R's ``p.adjust`` does with ``NA``).

    Args:
        p_values: One-dimensional p-values in [0, 1], NaN allowed.

    Returns:
        The adjusted p-values in the input order.

    Raises:
        ValueError: a p-value outside [0, 1], or more than one dimension.

    Example:
        >>> holm([0.01, 0.04, 0.03, 0.005])
        array([0.03, 0.06, 0.06, 0.02])

    References:
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


def monte_carlo_pvalue(
    table: NDArray[np.int64], n_permutations: int, rng: np.random.Generator
) -> float:
    """Monte Carlo permutation p-value of the chi-square test of independence.

    Draws ``n_permutations`` tables with the observed margins under independence
    (equivalently: permutes the group labels of the units) and returns
    ``p = (1 + #{X²* ≥ X²}) / (1 + n_permutations)``, which is never zero and is a
    valid p-value for any number of permutations.

    The tables are drawn by ``scipy.stats.chi2_contingency`` with
    ``method=MonteCarloMethod(...)`` (SciPy 1.15 or later, Patefield's
    algorithm), in batches that keep memory bounded whatever the table size.

    References:
        Hope, A. C. A. (1968). A simplified Monte Carlo significance test procedure.
        *Journal of the Royal Statistical Society B* 30(3), 582–598.
        Patefield, W. M. (1981). Algorithm AS 159: An efficient method of generating
        random r × c tables with given row and column totals. *Applied Statistics*
        30(1), 91–97.
        Phipson, B. & Smyth, G. K. (2010). Permutation p-values should never be zero.
        *Statistical Applications in Genetics and Molecular Biology* 9(1), 39.
    """
    from scipy import stats

    batch = max(1, _MONTE_CARLO_CELLS_PER_BATCH // table.size)
    method = stats.MonteCarloMethod(n_resamples=n_permutations, batch=batch, rng=rng)
    result = stats.chi2_contingency(table, correction=False, method=method)
    return float(result.pvalue)
