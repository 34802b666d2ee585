"""Reliability data, checked and reduced to what every agreement coefficient needs.

*Reliability data* is a 2-D array-like (list of lists, numpy array or pandas
DataFrame) with one **row per coder** and one **column per unit**. A cell holds
the label the coder gave the unit (any hashable scalar: ``"theme A"``, ``3``,
``True``) or a missing value (``None``, ``float("nan")``, ``pandas.NA``) when
the coder did not code the unit. Labels must be scalars; tuples would be taken
for extra array dimensions. Used by :mod:`interviewkit.analysis.agreement` and
:mod:`interviewkit.analysis.bootstrap`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = [
    "LEVELS",
    "PairableUnits",
    "as_matrix",
    "check_level",
    "encode",
    "is_missing",
    "pairable_units",
    "unit_counts",
]

#: The levels of measurement :func:`~interviewkit.analysis.agreement.krippendorff_alpha` knows.
LEVELS: tuple[str, ...] = ("nominal", "ordinal", "interval", "ratio")


@dataclass(frozen=True)
class PairableUnits:
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


def as_matrix(data: Any, *, name: str = "data") -> npt.NDArray[np.object_]:
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


def is_missing(array: npt.NDArray[Any]) -> npt.NDArray[np.bool_]:
    """Boolean mask of missing cells (None, NaN, pandas.NA, NaT)."""
    return np.asarray(pd.isna(array), dtype=bool)


def check_level(level: str) -> None:
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; choose one of {', '.join(LEVELS)}")


def encode(
    array: npt.NDArray[np.object_], level: str
) -> tuple[npt.NDArray[Any], npt.NDArray[np.intp]]:
    """Map labels to integer category indices; missing cells become -1.

    Returns the distinct values and a coder x unit matrix of indices into them.
    Numeric levels sort the values numerically; nominal labels are sorted when they can be.
    """
    missing = is_missing(array)
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


def unit_counts(index: npt.NDArray[np.intp], n_values: int) -> npt.NDArray[np.float64]:
    """``(N_units, V)`` matrix of how many coders gave each unit each value."""
    n_units = index.shape[1]
    unit_of = np.broadcast_to(np.arange(n_units), index.shape)
    keep = index >= 0
    flat = unit_of[keep] * n_values + index[keep]
    counts = np.bincount(flat, minlength=n_units * n_values)
    return counts.reshape(n_units, n_values).astype(np.float64)


def pairable_units(data: Any, level: str) -> PairableUnits:
    """Encode ``data`` and keep the units with at least two values, or raise ValueError."""
    array = as_matrix(data)
    if array.shape[0] < 2:
        raise ValueError(f"agreement needs at least two coders (rows), got {array.shape[0]}")
    values, index = encode(array, level)
    counts = unit_counts(index, len(values))
    pairable = counts.sum(axis=1) >= 2
    if not pairable.any():
        raise ValueError("no unit was coded by at least two coders; agreement cannot be computed")
    counts = counts[pairable]
    used = counts.sum(axis=0) > 0
    return PairableUnits(values=values[used], counts=counts[:, used])
