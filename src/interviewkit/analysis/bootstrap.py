"""Bootstrap confidence intervals of Krippendorff's alpha, all resamples at once.

Alpha is linear in the per-unit coincidences, so a resample of units is a row
of weights (how often each unit was drawn) and a block of resamples is one
matrix product (:func:`alpha_weighted`). :func:`bootstrap_alpha_ci` draws the
resamples and reads the percentile interval off them.

References:
    Efron, B., & Tibshirani, R. J. (1993). *An introduction to the bootstrap*.
    Chapman & Hall.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt

from interviewkit.analysis.agreement import delta_squared
from interviewkit.analysis.reliability_data import PairableUnits, check_level, pairable_units

__all__ = ["alpha_weighted", "bootstrap_alpha_ci"]

# Bootstrap work is done in blocks of resamples so that memory stays bounded.
_BLOCK_ELEMENTS = 4_000_000


def alpha_weighted(
    units: PairableUnits, weights: npt.NDArray[np.float64], level: str
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
        delta2 = delta_squared(units.values, counts.sum(axis=0), level)
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

    Example:
        The data of Krippendorff (2011), section C (alpha = 0.743):

        >>> data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        ...         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        ...         [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        ...         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]]
        >>> low, high = bootstrap_alpha_ci(data, n_boot=200, seed=1)
        >>> round(low, 2), round(high, 2)
        (0.39, 1.0)
    """
    check_level(level)
    if int(n_boot) != n_boot or n_boot < 1:
        raise ValueError(f"n_boot must be a positive integer, got {n_boot!r}")
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be strictly between 0 and 1, got {confidence!r}")
    units = pairable_units(data, level)
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
        alphas[start : start + len(chunk)] = alpha_weighted(units, weights, level)
    defined = alphas[~np.isnan(alphas)]
    if defined.size == 0:
        return (math.nan, math.nan)
    tail = (1.0 - confidence) / 2.0
    low, high = np.quantile(defined, [tail, 1.0 - tail])
    return (float(low), float(high))
