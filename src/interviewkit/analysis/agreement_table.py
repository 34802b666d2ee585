"""Agreement per code, and pooled over codes, for coded interview units.

:func:`agreement_table` turns rows of "this coder applied this code to this
unit" into one binary coders x units matrix per code (1 applied, 0 not
applied, missing where the coder did not code the unit) and measures each with
:func:`binary_agreement`, which
:mod:`interviewkit.analysis.reliability` also calls on its decisions matrix.
:func:`variable_agreement` measures one variable of several values (an
exclusive code family) the same way, at its level of measurement.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from interviewkit.analysis.agreement import (
    brennan_prediger_kappa,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    percent_agreement,
    weighted_kappa,
)
from interviewkit.analysis.bootstrap import bootstrap_alpha_ci

__all__ = [
    "POOLED",
    "TABLE_COLUMNS",
    "WEIGHTED_COLUMNS",
    "agreement_table",
    "binary_agreement",
    "kappa_column",
    "row_level",
    "variable_agreement",
]

#: Index label of the pooled row (every unit x code decision).
POOLED = "(all codes)"

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

#: Columns of an ordinal variable (two coders): Cohen's weighted kappa, both weights.
WEIGHTED_COLUMNS: tuple[str, ...] = ("weighted_kappa_linear", "weighted_kappa_quadratic")


def row_level(row: Any) -> str:
    """The level of measurement of a table row: ``binary`` for a code (no level given)."""
    level = str(row.get("level", "binary"))
    return "binary" if level in ("nan", "None", "binary") else level


def kappa_column(two: bool, level: str = "binary") -> str:
    """The kappa a table shows for a row: Cohen's for two coders, Fleiss' for more; for an
    ordinal variable and two coders, Cohen's weighted kappa (quadratic weights)."""
    if two and level == "ordinal":
        return "weighted_kappa_quadratic"
    return "cohen_kappa" if two else "fleiss_kappa"


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


def binary_agreement(
    matrix: npt.NDArray[np.float64], *, bootstrap: int = 0, seed: int = 0
) -> dict[str, float]:
    """Every coefficient of one binary coders x decisions matrix, over its pairable decisions.

    Args:
        matrix: One row per coder, one column per decision: 1.0 applied, 0.0 not
            applied, NaN not coded by that coder.
        bootstrap: Resamples for the 95% interval of alpha (0: no interval).
        seed: Seed of the bootstrap.

    Returns:
        The values of :data:`TABLE_COLUMNS`: ``n_units`` (decisions coded by at
        least two coders), percent agreement, Cohen's kappa (two coders only),
        Fleiss' kappa (more than two coders, complete decisions only),
        Brennan-Prediger (q = 2), alpha and its interval (NaN without bootstrap).

    Raises:
        ValueError: no decision was coded by two coders.

    Example:
        >>> row = binary_agreement(np.array([[1.0, 0.0, 1.0, 0.0], [1.0, 0.0, 0.0, 0.0]]))
        >>> row["n_units"], row["percent_agreement"], round(row["cohen_kappa"], 3)
        (4, 0.75, 0.5)
    """
    n_coders = matrix.shape[0]
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


def variable_agreement(
    data: npt.NDArray[np.object_],
    *,
    level: str,
    n_categories: int,
    bootstrap: int = 0,
    seed: int = 0,
) -> dict[str, float]:
    """Every coefficient of one variable: a coders x units matrix of its values.

    Args:
        data: One row per coder, one column per unit: the coder's value (a label for a
            nominal variable, its position on the scale, 1, 2, ..., for an ordinal one) or
            None where the coder gave no (valid) value.
        level: ``"nominal"`` or ``"ordinal"``.
        n_categories: the values a coder could choose from (``q`` of Brennan and Prediger).
        bootstrap: Resamples for the 95% interval of alpha (0: no interval).
        seed: Seed of the bootstrap.

    Returns:
        The values of :data:`TABLE_COLUMNS` and, for an ordinal variable,
        :data:`WEIGHTED_COLUMNS`: ``n_units`` (units with values from two coders or more),
        percent agreement (exact), Cohen's kappa (two coders; unweighted), Fleiss' kappa (more
        coders, complete units; unweighted), Brennan-Prediger (nominal only, ``q`` =
        ``n_categories``), alpha at ``level`` with its interval, and Cohen's weighted kappa
        with linear and quadratic weights (ordinal, two coders).  Without a unit coded by two
        coders, ``n_units`` is 0 and the coefficients are NaN.

    Example:
        >>> row = variable_agreement(
        ...     np.array([[1, 2, 3, 3], [1, 3, 3, 2]], dtype=object), level="ordinal",
        ...     n_categories=3)
        >>> round(row["alpha"], 3), round(row["weighted_kappa_linear"], 3)
        (0.562, 0.429)
    """
    n_coders = data.shape[0]
    present = ~pd.isna(data)
    pairable = present.sum(axis=0) >= 2
    result: dict[str, float] = dict.fromkeys(TABLE_COLUMNS, math.nan)
    if level == "ordinal":
        result.update(dict.fromkeys(WEIGHTED_COLUMNS, math.nan))
    result["n_units"] = int(pairable.sum())
    if not pairable.any():
        return result
    kept = data[:, pairable]
    result["percent_agreement"] = percent_agreement(kept)
    if n_coders == 2:
        result["cohen_kappa"] = cohen_kappa(kept[0], kept[1])
        if level == "ordinal":
            for column, weights in zip(WEIGHTED_COLUMNS, ("linear", "quadratic"), strict=True):
                result[column] = weighted_kappa(kept[0], kept[1], weights=weights)
    complete = present[:, pairable].all(axis=0)
    if n_coders > 2 and complete.any():
        result["fleiss_kappa"] = fleiss_kappa(kept[:, complete])
    if level == "nominal":
        result["brennan_prediger"] = brennan_prediger_kappa(kept, n_categories=max(2, n_categories))
    result["alpha"] = krippendorff_alpha(kept, level=level)
    if bootstrap:
        low, high = bootstrap_alpha_ci(kept, level=level, n_boot=bootstrap, seed=seed)
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
    records = [
        binary_agreement(cube[:, k, :], bootstrap=int(bootstrap), seed=seed)
        for k in range(len(code_list))
    ]
    records.append(
        binary_agreement(cube.reshape(n_coders, -1), bootstrap=int(bootstrap), seed=seed)
    )
    index = pd.Index([*code_list, POOLED], name="code", dtype=object)
    table = pd.DataFrame.from_records(records, index=index, columns=list(TABLE_COLUMNS))
    table["n_units"] = table["n_units"].astype(int)
    return table
