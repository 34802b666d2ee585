"""Inter-coder agreement coefficients: percent agreement, kappas, Krippendorff's alpha.

Every function here is pure: it takes data, returns a number (or a matrix) and neither prints
nor writes anything. Why this module is long: the coefficients stay together, as the
``krippendorff`` package keeps them in one module, so that formulas that share their input
handling and their conventions for undefined values read side by side; the interval of alpha
(:mod:`~interviewkit.analysis.bootstrap`) and the table of a coded project
(:mod:`~interviewkit.analysis.agreement_table`) live in modules of their own.

Reliability data
    Most functions take *reliability data* (see :mod:`~interviewkit.analysis.reliability_data`):
    a 2-D array-like with one **row per coder** and one **column per unit**, a cell holding the
    label the coder gave the unit or a missing value (``None``, NaN) when the coder did not code
    the unit.

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
    * Cohen, J. (1968). Weighted kappa: Nominal scale agreement with provision for scaled
      disagreement or partial credit. *Psychological Bulletin*, 70(4), 213-220.
    * Fleiss, J. L., & Cohen, J. (1973). The equivalence of weighted kappa and the intraclass
      correlation coefficient as measures of reliability. *Educational and Psychological
      Measurement*, 33(3), 613-619.
    * Brennan, R. L., & Prediger, D. J. (1981). Coefficient kappa: Some uses, misuses, and
      alternatives. *Educational and Psychological Measurement*, 41(3), 687-699.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from interviewkit.analysis.reliability_data import (
    LEVELS,
    PairableUnits,
    as_matrix,
    check_level,
    encode,
    is_missing,
    pairable_units,
    unit_counts,
)

__all__ = [
    "LEVELS",
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
    "weighted_kappa",
    "weighted_kappa_from_table",
]

#: The weights :func:`weighted_kappa` knows: disagreement grows with the distance between
#: two categories (linear, Cicchetti & Allison 1971) or with its square (quadratic,
#: Fleiss & Cohen 1973).
KAPPA_WEIGHTS: tuple[str, ...] = ("linear", "quadratic")

# Krippendorff's reading aid (2004, p. 241).
_ALPHA_RELIABLE = 0.800
_ALPHA_TENTATIVE = 0.667
_TOLERANCE = 1e-9


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

    Example:
        Two coders, four units; the second coder left the last one uncoded:

        >>> percent_agreement([["a", "a", "b", None], ["a", "b", "b", "a"]])
        0.6666666666666666
    """
    units = pairable_units(data, "nominal")
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

    Example:
        Artstein & Poesio (2008), Table 1 (kappa = 0.348):

        >>> round(cohen_kappa_from_table([[20, 20], [10, 50]]), 4)
        0.3478
    """
    matrix, total = _square_table(table)
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

    Example:
        >>> cohen_kappa(["a", "a", "b", "b"], ["a", "b", "b", "b"])
        0.5
    """
    first = np.asarray(list(a), dtype=object)
    second = np.asarray(list(b), dtype=object)
    if first.ndim != 1 or second.ndim != 1:
        raise ValueError("cohen_kappa takes two flat sequences of labels")
    if len(first) != len(second):
        raise ValueError(
            f"the two coders' sequences differ in length ({len(first)} vs {len(second)})"
        )
    keep = ~(is_missing(first) | is_missing(second))
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
# Weighted kappa
# ---------------------------------------------------------------------------


def weighted_kappa_from_table(table: Any, weights: Any = "quadratic") -> float:
    """Cohen's weighted kappa from a square contingency table of two coders.

    ``table[i][j]`` counts the units coder A put in category ``i`` and coder B in category
    ``j``, the categories in their order on both axes.  With *disagreement* weights ``v_ij``
    (0 on the diagonal), observed proportions ``p_ij`` and chance proportions
    ``e_ij = p_i. p_.j`` (Cohen 1968)::

        kappa_w = 1 - sum_ij v_ij p_ij / sum_ij v_ij e_ij

    Args:
        table: the square table of counts (or proportions).
        weights: ``"linear"`` (``v_ij = |i - j|``), ``"quadratic"`` (``v_ij = (i - j)^2``),
            or a square matrix of disagreement weights of the table's size.  Scaling the weights
            does not change kappa_w, so ``|i - j| / (k - 1)`` gives the same value; with
            ``v_ij = 1 - [i == j]`` it is Cohen's (1960) kappa.

    Returns:
        kappa_w, or ``nan`` when chance disagreement is 0 (no variation to weigh).

    Raises:
        ValueError: the table is not square, has negative or non-finite cells or sums to 0;
        unknown weights, or a weight matrix of the wrong shape.

    Example:
        Cohen (1968), his example with disagreement weights 1, 3 and 6 (kappa_w = 0.348; the
        unweighted kappa of the same table is 0.492):

        >>> table = [[88, 14, 18], [10, 40, 10], [2, 6, 12]]
        >>> round(weighted_kappa_from_table(table, [[0, 1, 3], [1, 0, 6], [3, 6, 0]]), 3)
        0.348
    """
    matrix, total = _square_table(table)
    size = matrix.shape[0]
    if isinstance(weights, str):
        if weights not in KAPPA_WEIGHTS:
            raise ValueError(
                f"unknown weights {weights!r}; choose one of {', '.join(KAPPA_WEIGHTS)} "
                "or give a matrix"
            )
        steps = np.abs(np.subtract.outer(np.arange(size), np.arange(size))).astype(np.float64)
        disagreement = steps if weights == "linear" else steps**2
    else:
        disagreement = np.asarray(weights, dtype=np.float64)
        if disagreement.shape != matrix.shape:
            raise ValueError(
                f"the weights must be a {size} x {size} matrix, got shape {disagreement.shape}"
            )
    observed = matrix / total
    chance = np.outer(observed.sum(axis=1), observed.sum(axis=0))
    expected = float((disagreement * chance).sum())
    if expected <= _TOLERANCE:
        return math.nan
    return float(1.0 - (disagreement * observed).sum() / expected)


def weighted_kappa(
    a: Iterable[float | None], b: Iterable[float | None], *, weights: str = "quadratic"
) -> float:
    """Cohen's weighted kappa of two coders' values on an ordered scale.

    ``a[i]`` and ``b[i]`` are the values (numbers: the positions of the categories on the
    scale, such as 1, 2, 3) the coders gave unit ``i``; units where either is missing are
    dropped.  The disagreement weight of two values is their distance on the scale (linear)
    or its square (quadratic), so a category nobody used still keeps its place between the
    others.  Formula in :func:`weighted_kappa_from_table`.

    Raises:
        ValueError: sequences of different lengths, non-numeric values, no unit coded by
        both coders, or unknown weights.

    Example:
        >>> round(weighted_kappa([1, 2, 3, 3], [1, 3, 3, 2], weights="linear"), 3)
        0.429
    """
    if weights not in KAPPA_WEIGHTS:
        raise ValueError(f"unknown weights {weights!r}; choose one of {', '.join(KAPPA_WEIGHTS)}")
    first = np.asarray(list(a), dtype=object)
    second = np.asarray(list(b), dtype=object)
    if len(first) != len(second):
        raise ValueError(
            f"the two coders' sequences differ in length ({len(first)} vs {len(second)})"
        )
    keep = ~(is_missing(first) | is_missing(second))
    if not keep.any():
        raise ValueError("no unit was coded by both coders; weighted kappa cannot be computed")
    try:
        x = first[keep].astype(np.float64)
        y = second[keep].astype(np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError("weighted kappa needs numbers: the positions of the values") from error
    scale, index = np.unique(np.concatenate([x, y]), return_inverse=True)
    size = len(scale)
    table = np.bincount(index[: len(x)] * size + index[len(x) :], minlength=size * size)
    distance = np.abs(np.subtract.outer(scale, scale))
    matrix = distance if weights == "linear" else distance**2
    return weighted_kappa_from_table(table.reshape(size, size), matrix)


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

    Example:
        Fleiss (1971) as worked on Wikipedia ("Fleiss' kappa"): 10 subjects, 14 raters,
        5 categories (kappa = 0.210):

        >>> counts = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0],
        ...           [2, 2, 8, 1, 1], [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2],
        ...           [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]]
        >>> round(fleiss_kappa_from_counts(counts), 3)
        0.21
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

    Example:
        >>> round(fleiss_kappa([["a", "a", "b"], ["a", "b", "b"], ["a", "b", "b"]]), 4)
        0.55
    """
    array = as_matrix(data)
    if array.shape[0] < 2:
        raise ValueError(f"Fleiss' kappa needs at least two coders (rows), got {array.shape[0]}")
    complete = ~is_missing(array).any(axis=0)
    if not complete.any():
        raise ValueError("no unit was coded by every coder; Fleiss' kappa uses complete units only")
    values, index = encode(array[:, complete], "nominal")
    return fleiss_kappa_from_counts(unit_counts(index, len(values)))


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

    Example:
        >>> brennan_prediger_kappa([["a", "a", "b", "b"], ["a", "b", "b", "b"]])
        0.5
    """
    units = pairable_units(data, "nominal")
    observed = len(encode(as_matrix(data), "nominal")[0])
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


def _coincidences(units: PairableUnits) -> npt.NDArray[np.float64]:
    """Coincidence matrix ``o_ck = sum_u (n_uc n_uk - [c == k] n_uc) / (m_u - 1)``."""
    counts = units.counts
    weights = 1.0 / (units.m - 1.0)
    pairs = np.einsum("u,uc,uk->ck", weights, counts, counts)
    diagonal = np.diag((counts * weights[:, None]).sum(axis=0))
    return np.asarray(pairs - diagonal, dtype=np.float64)


def delta_squared(
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

    Example:
        Krippendorff (2011), section C, the coincidences of the nominal example (times 3):

        >>> data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        ...         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        ...         [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        ...         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]]
        >>> (coincidence_matrix(data) * 3).round().astype(int)
            1   2   3   4  5
        1  21   4   1   1  0
        2   4  30   4   1  0
        3   1   4  24   1  0
        4   1   1   1  12  0
        5   0   0   0   0  9
    """
    check_level(level)
    units = pairable_units(data, level)
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

    Example:
        Krippendorff (2011), section C: alpha = 0.743 (nominal), 0.849 (interval):

        >>> data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        ...         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        ...         [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        ...         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]]
        >>> round(krippendorff_alpha(data), 3), round(krippendorff_alpha(data, level="interval"), 3)
        (0.743, 0.849)
    """
    check_level(level)
    units = pairable_units(data, level)
    if len(units.values) < 2:
        return math.nan
    o = _coincidences(units)
    n_c = o.sum(axis=0)
    n = n_c.sum()
    delta2 = delta_squared(units.values, n_c, level)
    observed = float((o * delta2).sum())
    expected = float((np.outer(n_c, n_c) * delta2).sum())
    if expected <= 0:
        return math.nan
    return float(1.0 - (n - 1.0) * observed / expected)


def interpret_alpha(alpha: float) -> str:
    """Krippendorff's reading aid for alpha (Krippendorff 2004, p. 241).

    * ``alpha >= 0.800``: ``"reliable"``
    * ``0.667 <= alpha < 0.800``: ``"tentative conclusions only"``
    * ``alpha < 0.667``: ``"unreliable"``
    * ``nan``: ``"not defined (no variation)"``

    The thresholds are compared with a 1e-9 tolerance so that a computed 0.7999999999 counts as
    0.800.  Note that 2/3 (0.6667) falls below the literal 0.667 threshold.

    Example:
        >>> interpret_alpha(0.743), interpret_alpha(0.8), interpret_alpha(float("nan"))
        ('tentative conclusions only', 'reliable', 'not defined (no variation)')
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

    Example:
        >>> precision_recall_f1([1, 1, 0, 0], [1, 0, 1, 0])
        (0.5, 0.5, 0.5)
    """
    ref = np.asarray(list(reference), dtype=object)
    pred = np.asarray(list(predicted), dtype=object)
    if ref.ndim != 1 or pred.ndim != 1:
        raise ValueError("precision_recall_f1 takes two flat sequences of 0/1 values")
    if len(ref) != len(pred):
        raise ValueError(f"reference and predicted differ in length ({len(ref)} vs {len(pred)})")
    keep = ~(is_missing(ref) | is_missing(pred))
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


def _square_table(table: Any) -> tuple[np.ndarray, float]:
    """``table`` as a float matrix and its total; a ValueError unless it is a non-empty
    square table of finite, non-negative counts with a positive sum."""
    matrix = np.asarray(table, dtype=np.float64)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1] or matrix.size == 0:
        raise ValueError(
            f"a contingency table must be a non-empty square matrix, got shape {matrix.shape}"
        )
    if not np.all(np.isfinite(matrix)) or np.any(matrix < 0):
        raise ValueError("contingency table cells must be finite, non-negative counts")
    total = float(matrix.sum())
    if total <= 0:
        raise ValueError("contingency table is empty (all cells are 0)")
    return matrix, total
