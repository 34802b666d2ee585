"""Inter-coder agreement: percent agreement, kappas, Krippendorff's alpha, bootstrap intervals.

Every function here is pure: it takes data, returns numbers (or a table) and neither prints
nor writes anything.

Reliability data
    Most functions take *reliability data*: a 2-D array-like (list of lists, numpy array or
    pandas DataFrame) with one **row per coder** and one **column per unit**.  A cell holds the
    label the coder gave the unit (any hashable scalar: ``"theme A"``, ``3``, ``True``) or a
    missing value (``None``, ``float("nan")``, ``pandas.NA``) when the coder did not code the
    unit.  Labels must be scalars; tuples would be taken for extra array dimensions.

Undefined statistics
    Chance-corrected coefficients (Cohen's and Fleiss' kappa, Krippendorff's alpha) divide by the
    disagreement expected by chance.  When the data show no variation at all (every value is the
    same) that expectation is zero and the coefficient is undefined: the functions then return
    ``nan`` -- they do not raise and they emit no ``RuntimeWarning``.

Errors
    Input that cannot be measured at all (no coders, no units, no unit coded by two coders,
    sequences of different lengths, unknown options) raises :class:`ValueError` with a message
    that says what is missing.

References
    * Krippendorff, K. (2011). *Computing Krippendorff's alpha-reliability*. Annenberg School
      for Communication, University of Pennsylvania. https://repository.upenn.edu/asc_papers/43
    * Krippendorff, K. (2004). *Content analysis: An introduction to its methodology* (2nd ed.).
      Sage. (Section 11.4 on the interpretation of alpha.)
    * Artstein, R., & Poesio, M. (2008). Inter-coder agreement for computational linguistics.
      *Computational Linguistics*, 34(4), 555-596.
    * Cohen, J. (1960). A coefficient of agreement for nominal scales. *Educational and
      Psychological Measurement*, 20(1), 37-46.
    * Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters.
      *Psychological Bulletin*, 76(5), 378-382.
    * Brennan, R. L., & Prediger, D. J. (1981). Coefficient kappa: Some uses, misuses, and
      alternatives. *Educational and Psychological Measurement*, 41(3), 687-699.
    * Efron, B., & Tibshirani, R. J. (1993). *An introduction to the bootstrap*. Chapman & Hall.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = [
    "LEVELS",
    "OVERALL_LABEL",
    "TABLE_COLUMNS",
    "agreement_table",
    "bootstrap_alpha_ci",
    "brennan_prediger_kappa",
    "cohen_kappa",
    "cohen_kappa_from_table",
    "coincidence_matrix",
    "fleiss_kappa",
    "fleiss_kappa_from_counts",
    "interpret_alpha",
    "krippendorff_alpha",
    "percent_agreement",
    "precision_recall_f1",
]

#: The levels of measurement :func:`krippendorff_alpha` knows.
LEVELS: tuple[str, ...] = ("nominal", "ordinal", "interval", "ratio")

#: Index label of the pooled row of :func:`agreement_table`.
OVERALL_LABEL = "(all codes)"

#: Column order of :func:`agreement_table`.
TABLE_COLUMNS: tuple[str, ...] = (
    "n_units",
    "percent_agreement",
    "cohen_kappa",
    "fleiss_kappa",
    "brennan_prediger",
    "alpha",
    "alpha_low",
    "alpha_high",
)

# Krippendorff's reading aid (2004, p. 241).
_ALPHA_RELIABLE = 0.800
_ALPHA_TENTATIVE = 0.667
_TOLERANCE = 1e-9

# Bootstrap work is done in blocks of resamples so that memory stays bounded.
_BLOCK_ELEMENTS = 4_000_000


# ---------------------------------------------------------------------------
# Input preparation
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Units:
    """Reliability data reduced to what every coefficient needs.

    ``values`` are the distinct labels (sorted when they can be sorted), ``counts`` is an
    ``(N, V)`` matrix: ``counts[u, c]`` is how many coders gave unit ``u`` the label
    ``values[c]``.  Only *pairable* units (coded by at least two coders) are kept.
    """

    values: npt.NDArray[Any]
    counts: npt.NDArray[np.float64]

    @property
    def m(self) -> npt.NDArray[np.float64]:
        """Number of values in each unit (``m_u``)."""
        return np.asarray(self.counts.sum(axis=1), dtype=np.float64)


def _as_matrix(data: Any, *, name: str = "data") -> npt.NDArray[np.object_]:
    """Return ``data`` as a 2-D object array (rows coders, columns units), or raise."""
    if isinstance(data, pd.DataFrame):
        array = data.to_numpy(dtype=object)
    else:
        try:
            array = np.asarray(data, dtype=object)
        except ValueError as error:  # ragged nested lists
            raise ValueError(
                f"{name} must be a rectangular table (rows = coders, columns = units); "
                "pad coders with missing values (None or NaN) for units they did not code"
            ) from error
    ragged = array.ndim == 1 and any(
        isinstance(row, (list, tuple, np.ndarray, pd.Series)) for row in array
    )
    if ragged:
        raise ValueError(
            f"{name} must be a rectangular table (rows = coders, columns = units); "
            "pad coders with missing values (None or NaN) for units they did not code"
        )
    if array.ndim != 2:
        raise ValueError(
            f"{name} must be 2-dimensional (rows = coders, columns = units), "
            f"got {array.ndim} dimension(s)"
        )
    if array.size == 0:
        raise ValueError(
            f"{name} is empty (shape {array.shape[0]} coders x {array.shape[1]} units); "
            "agreement needs at least one unit coded by two coders"
        )
    return np.asarray(array, dtype=object)


def _missing(array: npt.NDArray[Any]) -> npt.NDArray[np.bool_]:
    """Boolean mask of missing cells (None, NaN, pandas.NA, NaT)."""
    return np.asarray(pd.isna(array), dtype=bool)


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; choose one of {', '.join(LEVELS)}")


def _encode(
    array: npt.NDArray[np.object_], level: str
) -> tuple[npt.NDArray[Any], npt.NDArray[np.intp]]:
    """Map labels to integer category indices; missing cells become -1.

    Returns the distinct values and a coder x unit matrix of indices into them.
    Numeric levels sort the values numerically; nominal labels are sorted when they can be.
    """
    missing = _missing(array)
    present = array[~missing]
    if present.size == 0:
        raise ValueError("data holds only missing values; there is nothing to compare")
    if level == "nominal":
        try:
            codes, uniques = pd.factorize(present, sort=True)
        except TypeError:  # labels of mixed, unorderable types
            codes, uniques = pd.factorize(present, sort=False)
        values = np.asarray(uniques, dtype=object)
    else:
        try:
            numeric = present.astype(np.float64)
        except (TypeError, ValueError) as error:
            raise ValueError(f"level {level!r} needs numeric values, got non-numbers") from error
        if not np.all(np.isfinite(numeric)):
            raise ValueError(f"level {level!r} needs finite numeric values")
        if level == "ratio" and np.any(numeric < 0):
            raise ValueError("level 'ratio' needs non-negative values (a true zero point)")
        values, codes = np.unique(numeric, return_inverse=True)
    index = np.full(array.shape, -1, dtype=np.intp)
    index[~missing] = np.asarray(codes, dtype=np.intp).ravel()
    return values, index


def _unit_counts(index: npt.NDArray[np.intp], n_values: int) -> npt.NDArray[np.float64]:
    """``(N_units, V)`` matrix of how many coders gave each unit each value."""
    n_units = index.shape[1]
    unit_of = np.broadcast_to(np.arange(n_units), index.shape)
    keep = index >= 0
    flat = unit_of[keep] * n_values + index[keep]
    counts = np.bincount(flat, minlength=n_units * n_values)
    return counts.reshape(n_units, n_values).astype(np.float64)


def _pairable_units(data: Any, level: str) -> _Units:
    """Encode ``data`` and keep the units with at least two values, or raise ValueError."""
    array = _as_matrix(data)
    if array.shape[0] < 2:
        raise ValueError(f"agreement needs at least two coders (rows), got {array.shape[0]}")
    values, index = _encode(array, level)
    counts = _unit_counts(index, len(values))
    pairable = counts.sum(axis=1) >= 2
    if not pairable.any():
        raise ValueError("no unit was coded by at least two coders; agreement cannot be computed")
    counts = counts[pairable]
    used = counts.sum(axis=0) > 0
    return _Units(values=values[used], counts=counts[:, used])


# ---------------------------------------------------------------------------
# Percent agreement
# ---------------------------------------------------------------------------


def percent_agreement(data: Any) -> float:
    """Observed agreement: the mean, over units, of the share of coder pairs that agree.

    For a unit ``u`` with ``m_u >= 2`` values, of which ``n_uc`` equal category ``c``::

        A_u = sum_c n_uc (n_uc - 1) / (m_u (m_u - 1))
        A_o = mean of A_u over the units with m_u >= 2

    Units coded by fewer than two coders are ignored.  With two coders and no missing data this
    is the plain share of units on which they agree (Artstein & Poesio 2008, section 2.1;
    the multi-coder form is their section 2.5 / Fleiss 1971).

    Args:
        data: reliability data, rows = coders, columns = units, missing = None/NaN.

    Returns:
        A value in ``[0, 1]``; 1.0 when every pair agrees (also when there is no variation).

    Raises:
        ValueError: empty data, fewer than two coders, or no unit coded by two coders.
    """
    units = _pairable_units(data, "nominal")
    m = units.m
    agreeing = (units.counts * (units.counts - 1)).sum(axis=1)
    return float(np.mean(agreeing / (m * (m - 1))))


# ---------------------------------------------------------------------------
# Cohen's kappa
# ---------------------------------------------------------------------------


def cohen_kappa_from_table(table: Any) -> float:
    """Cohen's kappa from a square contingency table of two coders.

    ``table[i][j]`` is the number of units coder A put in category ``i`` and coder B in
    category ``j`` (same category order on both axes).  With ``N`` the total::

        P_o = sum_i table[i][i] / N
        P_e = sum_i (row_i / N) (col_i / N)
        kappa = (P_o - P_e) / (1 - P_e)

    Reference: Cohen (1960); Artstein & Poesio (2008), section 2.4.

    Returns:
        kappa, or ``nan`` when ``P_e == 1`` (both coders used one and the same category for
        every unit: no variation, kappa undefined).

    Raises:
        ValueError: the table is not square, has negative or non-finite cells, or sums to 0.
    """
    matrix = np.asarray(table, dtype=np.float64)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1] or matrix.size == 0:
        raise ValueError(
            f"a contingency table must be a non-empty square matrix, got shape {matrix.shape}"
        )
    if not np.all(np.isfinite(matrix)) or np.any(matrix < 0):
        raise ValueError("contingency table cells must be finite, non-negative counts")
    total = matrix.sum()
    if total <= 0:
        raise ValueError("contingency table is empty (all cells are 0)")
    p_o = np.trace(matrix) / total
    p_e = float(np.dot(matrix.sum(axis=1), matrix.sum(axis=0)) / total**2)
    if p_e >= 1.0 - _TOLERANCE:
        return math.nan
    return float((p_o - p_e) / (1.0 - p_e))


def cohen_kappa(a: Iterable[Hashable | None], b: Iterable[Hashable | None]) -> float:
    """Cohen's kappa of two coders' label sequences.

    ``a[i]`` and ``b[i]`` are the labels the two coders gave unit ``i``.  Units where either
    label is missing (None/NaN) are dropped.  The contingency table is built over the labels
    either coder used and passed to :func:`cohen_kappa_from_table`::

        kappa = (P_o - P_e) / (1 - P_e),  P_e = sum_c p_A(c) p_B(c)

    Reference: Cohen (1960); Artstein & Poesio (2008), section 2.4.

    Returns:
        kappa, or ``nan`` when both coders used a single, identical label throughout.

    Raises:
        ValueError: sequences of different lengths, or no unit coded by both coders.
    """
    first = np.asarray(list(a), dtype=object)
    second = np.asarray(list(b), dtype=object)
    if first.ndim != 1 or second.ndim != 1:
        raise ValueError("cohen_kappa takes two flat sequences of labels")
    if len(first) != len(second):
        raise ValueError(
            f"the two coders' sequences differ in length ({len(first)} vs {len(second)})"
        )
    keep = ~(_missing(first) | _missing(second))
    if not keep.any():
        raise ValueError("no unit was coded by both coders; Cohen's kappa cannot be computed")
    both = np.concatenate([first[keep], second[keep]])
    codes, uniques = pd.factorize(both, sort=False)
    n_kept = int(keep.sum())
    size = len(uniques)
    flat = codes[:n_kept] * size + codes[n_kept:]
    table = np.bincount(flat, minlength=size * size).reshape(size, size)
    return cohen_kappa_from_table(table)


# ---------------------------------------------------------------------------
# Fleiss' kappa
# ---------------------------------------------------------------------------


def fleiss_kappa_from_counts(counts: Any) -> float:
    """Fleiss' kappa from a units x categories table of counts.

    ``counts[i][j]`` is the number of coders who put unit ``i`` in category ``j``; every unit
    must have the same number ``n >= 2`` of ratings.  With ``N`` units::

        P_i   = (sum_j n_ij^2 - n) / (n (n - 1))
        P_bar = mean_i P_i
        p_j   = sum_i n_ij / (N n)
        P_e   = sum_j p_j^2
        kappa = (P_bar - P_e) / (1 - P_e)

    Reference: Fleiss (1971); Artstein & Poesio (2008), section 2.5 (their "multi-pi").

    Returns:
        kappa, or ``nan`` when every rating falls into one category (``P_e == 1``).

    Raises:
        ValueError: empty table, negative counts, or units with different or < 2 ratings.
    """
    matrix = np.asarray(counts, dtype=np.float64)
    if matrix.ndim != 2 or matrix.size == 0:
        raise ValueError(
            f"counts must be a non-empty units x categories table, got shape {matrix.shape}"
        )
    if not np.all(np.isfinite(matrix)) or np.any(matrix < 0):
        raise ValueError("counts must be finite, non-negative numbers")
    ratings = matrix.sum(axis=1)
    n = float(ratings[0])
    if not np.allclose(ratings, n):
        raise ValueError(
            "every unit needs the same number of ratings for Fleiss' kappa "
            f"(got between {ratings.min():g} and {ratings.max():g})"
        )
    if n < 2:
        raise ValueError("Fleiss' kappa needs at least two ratings per unit")
    p_i = ((matrix**2).sum(axis=1) - n) / (n * (n - 1))
    p_bar = float(p_i.mean())
    p_j = matrix.sum(axis=0) / (matrix.shape[0] * n)
    p_e = float((p_j**2).sum())
    if p_e >= 1.0 - _TOLERANCE:
        return math.nan
    return (p_bar - p_e) / (1.0 - p_e)


def fleiss_kappa(data: Any) -> float:
    """Fleiss' kappa of reliability data (rows = coders, columns = units).

    Fleiss' kappa needs the same number of ratings for every unit, so units with a missing value
    are dropped (complete units only).  The remaining units are turned into a units x categories
    count table and passed to :func:`fleiss_kappa_from_counts` (formula there).  With two coders
    it equals Scott's pi.

    Returns:
        kappa, or ``nan`` when all ratings fall into one category.

    Raises:
        ValueError: empty data, fewer than two coders, or no unit coded by every coder.
    """
    array = _as_matrix(data)
    if array.shape[0] < 2:
        raise ValueError(f"Fleiss' kappa needs at least two coders (rows), got {array.shape[0]}")
    complete = ~_missing(array).any(axis=0)
    if not complete.any():
        raise ValueError("no unit was coded by every coder; Fleiss' kappa uses complete units only")
    values, index = _encode(array[:, complete], "nominal")
    return fleiss_kappa_from_counts(_unit_counts(index, len(values)))


# ---------------------------------------------------------------------------
# Brennan-Prediger
# ---------------------------------------------------------------------------


def brennan_prediger_kappa(data: Any, *, n_categories: int | None = None) -> float:
    """Brennan and Prediger's kappa (Bennett's S): chance agreement taken as uniform.

    ::

        kappa_BP = (P_o - 1/q) / (1 - 1/q)

    ``P_o`` is :func:`percent_agreement` (missing values allowed) and ``q`` the number of
    categories coders could choose from.  Reference: Brennan & Prediger (1981); Artstein &
    Poesio (2008), section 2.4 ("S").

    Args:
        data: reliability data, rows = coders, columns = units.
        n_categories: ``q``.  Default: the number of distinct labels observed, at least 2.

    Returns:
        kappa_BP, always defined: 1.0 for perfect agreement, ``-1/(q-1)`` at worst.

    Raises:
        ValueError: as :func:`percent_agreement`; also when ``n_categories`` is below 2 or below
        the number of labels actually used.
    """
    units = _pairable_units(data, "nominal")
    observed = len(_encode(_as_matrix(data), "nominal")[0])
    if n_categories is None:
        q = max(2, observed)
    else:
        if n_categories < 2:
            raise ValueError(f"n_categories must be at least 2, got {n_categories}")
        if n_categories < observed:
            raise ValueError(
                f"n_categories={n_categories} but the data use {observed} distinct labels"
            )
        q = n_categories
    m = units.m
    p_o = float(np.mean((units.counts * (units.counts - 1)).sum(axis=1) / (m * (m - 1))))
    return (p_o - 1.0 / q) / (1.0 - 1.0 / q)


# ---------------------------------------------------------------------------
# Krippendorff's alpha
# ---------------------------------------------------------------------------


def _coincidences(units: _Units) -> npt.NDArray[np.float64]:
    """Coincidence matrix ``o_ck = sum_u (n_uc n_uk - [c == k] n_uc) / (m_u - 1)``."""
    counts = units.counts
    weights = 1.0 / (units.m - 1.0)
    pairs = np.einsum("u,uc,uk->ck", weights, counts, counts)
    diagonal = np.diag((counts * weights[:, None]).sum(axis=0))
    return np.asarray(pairs - diagonal, dtype=np.float64)


def _delta_squared(
    values: npt.NDArray[Any], n_c: npt.NDArray[np.float64], level: str
) -> npt.NDArray[np.float64]:
    """Difference function ``delta^2_ck`` of Krippendorff (2011) for one level."""
    size = len(values)
    if level == "nominal":
        return 1.0 - np.eye(size)
    if level == "ordinal":
        # sum_{g=c..k} n_g - (n_c + n_k)/2 equals the distance between the mid-ranks
        # r_c = cumsum(n)_c - n_c/2 of the two categories.
        ranks = np.cumsum(n_c) - n_c / 2.0
        return (ranks[:, None] - ranks[None, :]) ** 2
    numeric = values.astype(np.float64)
    diff = numeric[:, None] - numeric[None, :]
    if level == "interval":
        return diff**2
    total = numeric[:, None] + numeric[None, :]
    ratio = np.divide(diff, total, out=np.zeros_like(diff), where=total != 0)
    return ratio**2


def coincidence_matrix(data: Any, *, level: str = "nominal") -> pd.DataFrame:
    """Krippendorff's coincidence matrix of reliability data.

    ``o_ck = sum_u (number of c-k pairs of values in unit u) / (m_u - 1)``, counting ordered
    pairs of values from different coders, over units with ``m_u >= 2`` values
    (Krippendorff 2011, step B).  Its margins ``n_c`` are the pairable values of each category
    and ``n = sum_c n_c`` their total.

    Returns:
        A square DataFrame indexed (rows and columns) by the categories, sorted when possible.

    Raises:
        ValueError: as :func:`krippendorff_alpha`.
    """
    _check_level(level)
    units = _pairable_units(data, level)
    labels = list(units.values)
    return pd.DataFrame(_coincidences(units), index=labels, columns=labels)


def krippendorff_alpha(data: Any, *, level: str = "nominal") -> float:
    """Krippendorff's alpha for reliability data with any number of coders and missing values.

    Following Krippendorff (2011), from the coincidence matrix ``o_ck``
    (see :func:`coincidence_matrix`), its margins ``n_c`` and total ``n``::

        alpha = 1 - D_o / D_e
              = 1 - (n - 1) * sum_c sum_k o_ck delta2_ck / sum_c sum_k n_c n_k delta2_ck

    with the difference function ``delta2_ck`` of the level of measurement:

    * nominal:  0 if c == k else 1
    * ordinal:  (sum_{g=c..k} n_g - (n_c + n_k) / 2)^2   (categories in numeric order)
    * interval: (c - k)^2
    * ratio:    ((c - k) / (c + k))^2                      (values must be >= 0)

    Only units coded by at least two coders count.

    Args:
        data: reliability data, rows = coders, columns = units, missing = None/NaN.  For the
            ordinal, interval and ratio levels the labels must be numbers.
        level: ``"nominal"`` (default), ``"ordinal"``, ``"interval"`` or ``"ratio"``.

    Returns:
        alpha (1.0 = perfect reliability, 0.0 = chance, negative = systematic disagreement),
        or ``nan`` when only one value occurs in the pairable data (``D_e = 0``: no variation).

    Raises:
        ValueError: unknown level, empty data, fewer than two coders, no unit coded by two
        coders, or non-numeric values for a numeric level.
    """
    _check_level(level)
    units = _pairable_units(data, level)
    if len(units.values) < 2:
        return math.nan
    o = _coincidences(units)
    n_c = o.sum(axis=0)
    n = n_c.sum()
    delta2 = _delta_squared(units.values, n_c, level)
    observed = float((o * delta2).sum())
    expected = float((np.outer(n_c, n_c) * delta2).sum())
    if expected <= 0:
        return math.nan
    return float(1.0 - (n - 1.0) * observed / expected)


def _alpha_weighted(
    units: _Units, weights: npt.NDArray[np.float64], level: str
) -> npt.NDArray[np.float64]:
    """Alpha for many re-weightings of the units at once (the bootstrap engine).

    ``weights`` is ``(B, N)``: row ``b`` says how often each unit occurs in resample ``b``.
    Alpha is linear in the per-unit coincidences, so with unit count vectors ``n_u``::

        n_b   = W @ counts                                   (margins per resample)
        D_o,b = sum_u W_bu * n_u' delta2 n_u / (m_u - 1)
        D_e,b = n_b' delta2 n_b

    For interval and ordinal data ``delta2_ck = (x_c - x_k)^2`` (values resp. mid-ranks), and
    ``sum_ck a_c a_k (x_c - x_k)^2 = 2 A sum_c a_c (x_c - xbar)^2`` with ``A = sum a``, which is
    evaluated without forming a V x V matrix per resample.  Resamples without variation
    give ``nan``.
    """
    counts = units.counts
    m = units.m
    margins = weights @ counts  # (B, V)
    totals = margins.sum(axis=1)  # (B,)
    varied = (margins > 0).sum(axis=1) >= 2

    if level == "nominal":
        per_unit = (m**2 - (counts**2).sum(axis=1)) / (m - 1.0)
        observed = weights @ per_unit
        expected = totals**2 - (margins**2).sum(axis=1)
    elif level == "ratio":
        delta2 = _delta_squared(units.values, counts.sum(axis=0), level)
        per_unit = ((counts @ delta2) * counts).sum(axis=1) / (m - 1.0)
        observed = weights @ per_unit
        expected = ((margins @ delta2) * margins).sum(axis=1)
    elif level == "interval":
        x = units.values.astype(np.float64)
        x = x - (counts.sum(axis=0) @ x) / m.sum()  # centre for numerical stability
        unit_mean = (counts @ x) / m
        spread = (counts * (x[None, :] - unit_mean[:, None]) ** 2).sum(axis=1)
        per_unit = 2.0 * m * spread / (m - 1.0)
        observed = weights @ per_unit
        with np.errstate(invalid="ignore", divide="ignore"):
            grand = (margins @ x) / totals
        expected = 2.0 * totals * (margins * (x[None, :] - grand[:, None]) ** 2).sum(axis=1)
    else:  # ordinal: mid-ranks depend on each resample's margins
        ranks = np.cumsum(margins, axis=1) - margins / 2.0 - totals[:, None] / 2.0  # centred
        with np.errstate(invalid="ignore", divide="ignore"):
            grand = (margins * ranks).sum(axis=1) / totals
        expected = 2.0 * totals * (margins * (ranks - grand[:, None]) ** 2).sum(axis=1)
        # sum_c n_uc (r_c - rbar_u)^2 = sum_c n_uc r_c^2 - (sum_c n_uc r_c)^2 / m_u, per resample
        first = counts @ (ranks**2).T  # (N, B)
        second = (counts @ ranks.T) ** 2 / m[:, None]
        spread = np.maximum(first - second, 0.0)
        per_unit = 2.0 * m[:, None] * spread / (m[:, None] - 1.0)  # (N, B)
        observed = (weights.T * per_unit).sum(axis=0)

    observed = np.maximum(observed, 0.0)
    alpha = np.full(len(weights), np.nan)
    ok = varied & (expected > 0)
    alpha[ok] = 1.0 - (totals[ok] - 1.0) * observed[ok] / expected[ok]
    return alpha


def bootstrap_alpha_ci(
    data: Any,
    *,
    level: str = "nominal",
    n_boot: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
) -> tuple[float, float]:
    """Percentile bootstrap confidence interval of Krippendorff's alpha, resampling units.

    The ``N`` pairable units (columns coded by at least two coders) are drawn ``N`` times with
    replacement, ``n_boot`` times; alpha is computed for each resample (all resamples at once,
    vectorised) and the interval is the ``(1 - confidence)/2`` and ``(1 + confidence)/2``
    quantiles of the resampled alphas (percentile method, Efron & Tibshirani 1993, ch. 13).

    Resamples in which only one value occurs have no defined alpha and are left out.  The result
    depends only on the data and ``seed`` (numpy ``default_rng``).

    Returns:
        ``(low, high)``; ``(nan, nan)`` when no resample has a defined alpha (for example when
        the data show no variation at all).

    Raises:
        ValueError: as :func:`krippendorff_alpha`, or ``n_boot < 1``, or ``confidence`` not
        strictly between 0 and 1.
    """
    _check_level(level)
    if int(n_boot) != n_boot or n_boot < 1:
        raise ValueError(f"n_boot must be a positive integer, got {n_boot!r}")
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be strictly between 0 and 1, got {confidence!r}")
    units = _pairable_units(data, level)
    n_units, n_values = units.counts.shape
    if n_values < 2:
        return (math.nan, math.nan)
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, n_units, size=(int(n_boot), n_units))
    block = max(1, _BLOCK_ELEMENTS // max(n_units * max(n_values, 1), 1))
    alphas = np.empty(int(n_boot))
    offsets = np.arange(min(block, int(n_boot)))[:, None] * n_units
    for start in range(0, int(n_boot), block):
        chunk = draws[start : start + block]
        flat = (chunk + offsets[: len(chunk)]).ravel()
        hits = np.bincount(flat, minlength=len(chunk) * n_units)
        weights = hits.reshape(len(chunk), n_units).astype(np.float64)
        alphas[start : start + len(chunk)] = _alpha_weighted(units, weights, level)
    defined = alphas[~np.isnan(alphas)]
    if defined.size == 0:
        return (math.nan, math.nan)
    tail = (1.0 - confidence) / 2.0
    low, high = np.quantile(defined, [tail, 1.0 - tail])
    return (float(low), float(high))


def interpret_alpha(alpha: float) -> str:
    """Krippendorff's reading aid for alpha (Krippendorff 2004, p. 241).

    * ``alpha >= 0.800``: ``"reliable"``
    * ``0.667 <= alpha < 0.800``: ``"tentative conclusions only"``
    * ``alpha < 0.667``: ``"unreliable"``
    * ``nan``: ``"not defined (no variation)"``

    The thresholds are compared with a 1e-9 tolerance so that a computed 0.7999999999 counts as
    0.800.  Note that 2/3 (0.6667) falls below the literal 0.667 threshold.
    """
    if alpha is None or math.isnan(alpha):
        return "not defined (no variation)"
    if alpha >= _ALPHA_RELIABLE - _TOLERANCE:
        return "reliable"
    if alpha >= _ALPHA_TENTATIVE - _TOLERANCE:
        return "tentative conclusions only"
    return "unreliable"


# ---------------------------------------------------------------------------
# Precision / recall against a person
# ---------------------------------------------------------------------------


def precision_recall_f1(
    reference: Iterable[Any], predicted: Iterable[Any]
) -> tuple[float, float, float]:
    """Precision, recall and F1 of automatic coding against a person's coding.

    Both sequences hold 0/1 (or False/True) decisions for the same units, ``reference`` from a
    person and ``predicted`` from the automatic coder.  Positions where either is missing
    (None/NaN) are dropped.  With true positives ``TP``, false positives ``FP`` and false
    negatives ``FN``::

        precision = TP / (TP + FP)
        recall    = TP / (TP + FN)
        F1        = 2 TP / (2 TP + FP + FN)      (the harmonic mean of the two)

    Zero denominators (documented choices):

    * nothing predicted (``TP + FP == 0``): precision is undefined -> ``nan``;
    * nothing in the reference (``TP + FN == 0``): recall is undefined -> ``nan``;
    * F1 uses the count form, so it is 0.0 whenever either side has positives but they never
      meet (for example the automatic coder found none of the person's codes), and ``nan`` only
      when neither side has a single positive.

    Reference: van Rijsbergen, C. J. (1979). *Information retrieval* (2nd ed.), ch. 7.

    Raises:
        ValueError: different lengths, nothing left to compare, or values other than 0/1.
    """
    ref = np.asarray(list(reference), dtype=object)
    pred = np.asarray(list(predicted), dtype=object)
    if ref.ndim != 1 or pred.ndim != 1:
        raise ValueError("precision_recall_f1 takes two flat sequences of 0/1 values")
    if len(ref) != len(pred):
        raise ValueError(f"reference and predicted differ in length ({len(ref)} vs {len(pred)})")
    keep = ~(_missing(ref) | _missing(pred))
    if not keep.any():
        raise ValueError("reference and predicted are empty (or all missing)")
    ref_kept, pred_kept = ref[keep], pred[keep]
    for name, values in (("reference", ref_kept), ("predicted", pred_kept)):
        bad = [v for v in values if not (v == 0 or v == 1)]
        if bad:
            raise ValueError(f"{name} must hold only 0/1 values, found {bad[0]!r}")
    truth = ref_kept.astype(np.float64) == 1
    guess = pred_kept.astype(np.float64) == 1
    tp = int(np.sum(truth & guess))
    fp = int(np.sum(~truth & guess))
    fn = int(np.sum(truth & ~guess))
    precision = tp / (tp + fp) if tp + fp else math.nan
    recall = tp / (tp + fn) if tp + fn else math.nan
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else math.nan
    return (precision, recall, f1)


# ---------------------------------------------------------------------------
# Agreement table for a coded project
# ---------------------------------------------------------------------------


def _unit_keys(frame: pd.DataFrame, unit_cols: Sequence[str]) -> list[tuple[Any, ...]]:
    return list(frame[list(unit_cols)].itertuples(index=False, name=None))


def _universe(
    frame: pd.DataFrame,
    units: pd.DataFrame | Sequence[Any] | None,
    coders: Sequence[Hashable],
    unit_cols: Sequence[str],
    coder_col: str,
) -> dict[Hashable, set[tuple[Any, ...]]]:
    """Which units each coder coded."""
    if units is None:
        everything = set(_unit_keys(frame, unit_cols))
        return {coder: set(everything) for coder in coders}
    if isinstance(units, pd.DataFrame):
        missing = [col for col in unit_cols if col not in units.columns]
        if missing:
            raise ValueError(f"units lacks the unit column(s) {missing}")
        if coder_col in units.columns:
            universe: dict[Hashable, set[tuple[Any, ...]]] = {coder: set() for coder in coders}
            for coder, group in units.groupby(coder_col, sort=False):
                if coder in universe:
                    universe[coder].update(_unit_keys(group, unit_cols))
            return universe
        shared = set(_unit_keys(units, unit_cols))
        return {coder: set(shared) for coder in coders}
    keys: set[tuple[Any, ...]] = set()
    for item in units:
        key = tuple(item) if isinstance(item, (tuple, list)) else (item,)
        if len(key) != len(unit_cols):
            raise ValueError(f"unit {item!r} does not match unit_cols {tuple(unit_cols)}")
        keys.add(key)
    return {coder: set(keys) for coder in coders}


def _sort_keys(keys: Iterable[Any]) -> list[Any]:
    items = list(keys)
    try:
        return sorted(items)
    except TypeError:
        return sorted(items, key=repr)


def _row(
    matrix: npt.NDArray[np.float64], n_coders: int, bootstrap: int, seed: int
) -> dict[str, float]:
    """All statistics of one binary coder x decision matrix (NaN = not coded)."""
    present = ~np.isnan(matrix)
    pairable = present.sum(axis=0) >= 2
    data = matrix[:, pairable]
    result: dict[str, float] = {"n_units": int(pairable.sum())}
    result["percent_agreement"] = percent_agreement(data)
    result["cohen_kappa"] = cohen_kappa(data[0], data[1]) if n_coders == 2 else math.nan
    complete = present[:, pairable].all(axis=0)
    result["fleiss_kappa"] = (
        fleiss_kappa(data[:, complete]) if n_coders > 2 and complete.any() else math.nan
    )
    result["brennan_prediger"] = brennan_prediger_kappa(data, n_categories=2)
    result["alpha"] = krippendorff_alpha(data, level="nominal")
    if bootstrap:
        low, high = bootstrap_alpha_ci(data, level="nominal", n_boot=bootstrap, seed=seed)
    else:
        low, high = math.nan, math.nan
    result["alpha_low"], result["alpha_high"] = low, high
    return result


def agreement_table(
    frame: pd.DataFrame,
    *,
    coders: Sequence[Hashable],
    unit_cols: Sequence[str] = ("doc_id", "unit"),
    code_col: str = "code",
    coder_col: str = "coder",
    codes: Sequence[Hashable] | None = None,
    units: pd.DataFrame | Sequence[Any] | None = None,
    bootstrap: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Agreement per code, and pooled over codes, for coded interview units.

    For each code, every unit becomes a binary decision per coder: 1 if the coder applied the
    code to the unit, 0 if the coder coded the unit but did not apply the code, and *missing*
    if the unit is not in the coder's universe (the coder never looked at it).  The statistics
    are computed on that coders x units matrix, over units coded by at least two coders.  The
    pooled row ``"(all codes)"`` treats every (unit, code) pair as a separate binary decision.

    Args:
        frame: one row per presence: columns ``unit_cols``, ``code_col`` and ``coder_col``.
            Rows of coders not named in ``coders`` are ignored; duplicate rows are harmless.
        coders: the coders to compare (at least two).
        unit_cols: the columns that identify a unit.
        code_col: the column holding the code.
        coder_col: the column holding the coder.
        codes: the codes to report, in this order.  Default: every code the coders used, sorted.
            A code nobody applied gets a row of perfect agreement and undefined kappa/alpha.
        units: the universe of units.  Either a DataFrame with columns ``unit_cols`` and
            ``coder_col`` (one row per "this coder coded this unit"), a DataFrame with only
            ``unit_cols`` (every coder coded these units), or a list of unit keys (tuples in
            ``unit_cols`` order, or scalars when there is one unit column).  Default (``None``):
            the units that occur in ``frame``, taken as coded by every coder -- units nobody
            applied any code to are then left out, so pass ``units`` whenever you can.
        bootstrap: number of bootstrap resamples for the alpha interval (0 = no interval).
        seed: seed of the bootstrap (the same seed is used for every row).

    Returns:
        DataFrame indexed by code (index name ``"code"``, last row ``"(all codes)"``) with
        columns ``n_units`` (pairable units; for the pooled row pairable unit x code decisions),
        ``percent_agreement``, ``cohen_kappa`` (only with exactly two coders, else NaN),
        ``fleiss_kappa`` (only with more than two coders and on complete units, else NaN),
        ``brennan_prediger`` (q = 2), ``alpha`` (nominal), ``alpha_low``, ``alpha_high``.

    Raises:
        ValueError: fewer than two coders, missing columns, a code applied to a unit outside the
        coder's universe, or no unit coded by two coders.
    """
    coder_list = list(dict.fromkeys(coders))
    if len(coder_list) < 2:
        raise ValueError(f"agreement needs at least two coders, got {len(coder_list)}")
    needed = [*unit_cols, code_col, coder_col]
    absent = [col for col in needed if col not in frame.columns]
    if absent:
        raise ValueError(f"frame lacks the column(s) {absent}")
    if int(bootstrap) != bootstrap or bootstrap < 0:
        raise ValueError(f"bootstrap must be a non-negative integer, got {bootstrap!r}")

    rows = frame[frame[coder_col].isin(coder_list)]
    universe = _universe(rows, units, coder_list, unit_cols, coder_col)
    all_units = _sort_keys(set().union(*universe.values()))
    if not all_units:
        raise ValueError("there are no units to compare (empty frame and no units given)")
    unit_pos = {key: i for i, key in enumerate(all_units)}
    coder_pos = {coder: i for i, coder in enumerate(coder_list)}

    code_list = list(codes) if codes is not None else _sort_keys(set(rows[code_col]))
    if not code_list:
        raise ValueError("there are no codes to compare (empty frame and no codes given)")
    code_pos = {code: i for i, code in enumerate(code_list)}

    # base[i, u]: 0 when coder i coded unit u, NaN otherwise
    base = np.full((len(coder_list), len(all_units)), np.nan)
    for coder, keys in universe.items():
        for key in keys:
            base[coder_pos[coder], unit_pos[key]] = 0.0
    cube = np.repeat(base[:, None, :], len(code_list), axis=1)  # coder x code x unit

    for coder, code, key in zip(
        rows[coder_col], rows[code_col], _unit_keys(rows, unit_cols), strict=True
    ):
        if code not in code_pos:
            continue
        i, u = coder_pos[coder], unit_pos.get(key)
        if u is None or np.isnan(base[i, u]):
            raise ValueError(
                f"coder {coder!r} applied code {code!r} to unit {key!r}, which is not among "
                "the units that coder coded; add it to `units`"
            )
        cube[i, code_pos[code], u] = 1.0

    if not ((~np.isnan(base)).sum(axis=0) >= 2).any():
        raise ValueError(
            "no unit was coded by at least two of the coders; agreement cannot be computed"
        )

    n_coders = len(coder_list)
    records = [_row(cube[:, k, :], n_coders, int(bootstrap), seed) for k in range(len(code_list))]
    records.append(_row(cube.reshape(n_coders, -1), n_coders, int(bootstrap), seed))
    index = pd.Index([*code_list, OVERALL_LABEL], name="code", dtype=object)
    table = pd.DataFrame.from_records(records, index=index, columns=list(TABLE_COLUMNS))
    table["n_units"] = table["n_units"].astype(int)
    return table
