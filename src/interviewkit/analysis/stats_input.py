"""The counts given to a comparison, checked and put on the same groups.

A researcher's counts come from a sheet or a project; :func:`aligned_counts`
turns any mistake in them into one clear :class:`~interviewkit.errors.DataError`
before a test runs. Used by :mod:`interviewkit.analysis.stats`.
"""

from __future__ import annotations

import zlib
from collections.abc import Hashable

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from interviewkit.analysis import stats_notes as words
from interviewkit.errors import DataError

__all__ = ["aligned_counts", "check_permutations", "code_rng"]


def code_rng(seed: int | None, key: Hashable) -> np.random.Generator:
    """A generator determined by ``seed`` and ``key`` (fresh entropy if seed is None).

    Mixing in the code's name makes each code's Monte Carlo p-value independent of
    which other codes are analysed alongside it.
    """
    if seed is None:
        return np.random.default_rng()
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer or None, not {seed!r}")
    return np.random.default_rng([int(seed), zlib.crc32(str(key).encode("utf-8"))])


def check_permutations(n_permutations: int) -> int:
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


def aligned_counts(coded: pd.DataFrame, totals: pd.Series) -> tuple[pd.DataFrame, pd.Series]:
    """Validate ``coded``/``totals`` and put them on the same groups.

    Groups of ``totals`` that are missing from ``coded`` get zero codings.
    """
    join, plural = words.join_labels, words.plural
    if not isinstance(coded, pd.DataFrame):
        raise DataError("coded must be a DataFrame indexed by code with one column per group")
    if not isinstance(totals, pd.Series):
        raise DataError("totals must be a Series indexed by group")
    if coded.index.has_duplicates:
        duplicated = list(dict.fromkeys(coded.index[coded.index.duplicated()]))
        raise DataError(f"codes appear more than once: {join(duplicated)}")
    if coded.columns.has_duplicates:
        duplicated = list(dict.fromkeys(coded.columns[coded.columns.duplicated()]))
        raise DataError(f"groups appear more than once: {join(duplicated)}")
    if totals.index.has_duplicates:
        duplicated = list(dict.fromkeys(totals.index[totals.index.duplicated()]))
        raise DataError(f"totals list groups more than once: {join(duplicated)}")
    unknown = [group for group in coded.columns if group not in totals.index]
    if unknown:
        raise DataError(
            f"no number of units for {plural(len(unknown), 'group')}: {join(unknown)}",
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
            f"{plural(len(exceeding), 'group')}: {join(list(exceeding))}",
            hint="coded counts units carrying a code; totals counts all units of the group.",
        )
    return coded_counts, total_counts
