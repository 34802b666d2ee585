"""Theme frequency tables: how often each code occurs, per group of documents.

All functions are pure: they take the DataFrames a :class:`~interviewkit.store.Project`
returns and give DataFrames back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from interviewkit.arrays import distinct, expand
from interviewkit.errors import UsageError

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from interviewkit.codebook.model import Codebook

TOTAL = "total"
MISSING = "(none)"
MEASURES: dict[str, str] = {
    "units": "coded units",
    "unit_share": "% of units",
    "docs": "documents",
    "doc_share": "% of documents",
    "per_1000_words": "per 1,000 words",
}


@dataclass(frozen=True)
class ThemeTable:
    """One DataFrame per measure, each indexed by code, one column per group and ``total``."""

    measures: dict[str, pd.DataFrame]
    by: tuple[str, ...]
    levels: dict[str, int]
    names: dict[str, str]
    group_units: dict[str, int]
    group_docs: dict[str, int]
    basis: CountingBasis | None = None
    left_out: int = 0
    missing: dict[str, int] = field(default_factory=dict)

    @property
    def groups(self) -> list[str]:
        return list(self.measures["units"].columns)

    def wide(self) -> pd.DataFrame:
        """Every measure side by side: columns ``<group> <measure>`` after code and name."""
        import pandas as pd

        parts = []
        for group in self.groups:
            for key, label in MEASURES.items():
                parts.append(self.measures[key][group].rename(f"{group}: {label}"))
        frame = pd.concat(parts, axis=1)
        frame.insert(0, "name", [self.names.get(c, c) for c in frame.index])
        frame.insert(1, "level", [self.levels.get(c, 0) for c in frame.index])
        frame.index.name = "code"
        return frame


def group_labels(documents: pd.DataFrame, by: Sequence[str]) -> pd.Series:
    """The group of each document (``Bonn`` or ``Bonn / university``), indexed by doc_id."""
    missing = [attr for attr in by if attr not in documents.columns]
    if missing:
        known = sorted(
            c for c in documents.columns if c not in ("doc_id", "units", "words", "source")
        )
        raise UsageError(
            f"'{missing[0]}' is not an attribute of these transcripts",
            hint=f"Use one of: {', '.join(known)}",
        )
    docs = documents.set_index("doc_id")
    if not by:
        return docs.index.to_series().map(lambda _: TOTAL)
    parts = [docs[attr].fillna(MISSING).astype(str).replace("", MISSING) for attr in by]
    labels = parts[0]
    for part in parts[1:]:
        labels = labels + " / " + part
    return labels


def missing_values(documents: pd.DataFrame, by: Sequence[str]) -> dict[str, int]:
    """How many documents have no value (empty or missing) for each attribute of ``by``.

    Only attributes that some document lacks are listed; an attribute the
    documents do not have at all is :func:`group_labels`' error, not counted here.
    """
    out = {}
    for attr in by:
        if attr in documents.columns:
            n = int((~_has_value(documents[attr])).sum())
            if n:
                out[attr] = n
    return out


def complete_documents(documents: pd.DataFrame, by: Sequence[str]) -> pd.Series:
    """Whether each document (indexed by doc_id) has a value for every attribute of ``by``."""
    import pandas as pd

    mask = pd.Series(True, index=documents["doc_id"].to_numpy())
    for attr in by:
        if attr in documents.columns:
            mask &= _has_value(documents[attr]).to_numpy()
    return mask


def _has_value(column: pd.Series) -> pd.Series:
    return column.notna() & (column.astype(str).str.strip() != "")


def counted_codings(segments: pd.DataFrame, *, coders: Sequence[str] | None = None) -> pd.DataFrame:
    """The codings that count: not rejected; by the given coders (default: all).

    Each (document, unit, code) counts once, whoever coded it. Unlike
    :func:`coded_units`, this keeps codings on every unit (interviewer turns
    too) and does not roll up; co-occurrence uses it.
    """
    frame = segments[segments["status"] != "rejected"]
    if coders:
        frame = frame[frame["coder"].isin(list(coders))]
    return frame.drop_duplicates(["doc_id", "unit", "code"])[["doc_id", "unit", "code"]]


def roll_up(codings: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Add each coding's ancestors, so a parent counts the units of all its children."""
    import pandas as pd

    rows = [codings]
    for code in codebook.codes:
        descendants = set(codebook.descendants(code.id))
        if descendants:
            sub = codings[codings["code"].isin(descendants)].assign(code=code.id)
            rows.append(sub)
    return pd.concat(rows, ignore_index=True).drop_duplicates(["doc_id", "unit", "code"])


# --------------------------------------------------------------------------- the counting rule


@dataclass(frozen=True)
class CountingBasis:
    """Whose codings were counted, and with which statuses.

    ``coders`` maps each coder counted to the statuses of the codings that
    counted (``accepted``, ``suggested``); a coder asked for with ``coders=``
    who has no codings maps to ``()``. ``automatic`` names the coders whose
    codings are automatic suggestions (origin ``auto``).
    """

    coders: dict[str, tuple[str, ...]]
    automatic: tuple[str, ...] = ()

    @property
    def unreviewed(self) -> list[str]:
        """Automatic coders with suggestions nobody has accepted or rejected yet."""
        return [c for c in self.automatic if "suggested" in self.coders.get(c, ())]

    @property
    def people(self) -> list[str]:
        return [c for c, statuses in self.coders.items() if c not in self.automatic and statuses]

    @property
    def pooled(self) -> bool:
        """Whether unreviewed automatic suggestions are counted together with people's codings."""
        return bool(self.unreviewed and self.people)

    def describe(self) -> str:
        """One line, e.g. ``Counted: auto (suggestions not rejected), anna — each unit and code
        once.``"""
        if not any(self.coders.values()):
            asked = ", ".join(self.coders)
            return "Counted: no codings" + (f" (none by {asked})" if asked else "") + "."
        parts = []
        for coder, statuses in self.coders.items():
            parts.append(coder + _qualifier(statuses, automatic=coder in self.automatic))
        return f"Counted: {', '.join(parts)} — each unit and code once."

    def warning(self) -> str | None:
        """A plain sentence when unreviewed suggestions are pooled with people's codings."""
        if not self.pooled:
            return None
        machine = " and ".join(self.unreviewed)
        people = ", ".join(self.people)
        return (
            f"Unreviewed automatic suggestions ({machine}) are pooled with people's codings "
            f"({people}): a unit counts when either of them coded it."
        )


def _qualifier(statuses: tuple[str, ...], *, automatic: bool) -> str:
    if not statuses:
        return " (no codings)"
    if automatic:
        if statuses == ("accepted",):
            return " (accepted suggestions only)"
        if statuses == ("suggested",):
            return " (unreviewed suggestions)"
        return " (suggestions not rejected)"
    return " (incl. unreviewed suggestions)" if "suggested" in statuses else ""


@dataclass(frozen=True)
class CodedUnits:
    """The result of :func:`coded_units`.

    ``frame``: one row per (doc_id, unit, code) that counts, parents rolled
    up. ``left_out``: the distinct (doc_id, unit, code) codings that were
    not counted because their unit is not among the units given (an
    interviewer's turn). ``codes``: every code, in the codebook's order, then
    codes the codebook no longer has; ``parents``: the codes with children.
    """

    frame: pd.DataFrame
    left_out: pd.DataFrame
    codes: list[str]
    parents: list[str]
    basis: CountingBasis


def coded_units(
    segments: pd.DataFrame,
    units: pd.DataFrame,
    codebook: Codebook,
    *,
    coders: Sequence[str] | None = None,
) -> CodedUnits:
    """THE counting rule of theme tables and comparisons.

    1. codings not rejected, by ``coders`` (default: every coder);
    2. only codings on the units in ``units`` (the respondent units that form
       the denominators); the rest are returned as ``left_out``;
    3. a parent code counts a unit coded with it directly or with any of its
       descendants;
    4. each (doc_id, unit, code) once, whoever coded it.

    ``segments`` needs ``doc_id, unit, code, status`` (``coder`` when
    ``coders`` is given; ``origin`` tells automatic codings apart, else the
    coder ``auto`` is the automatic one). Vectorised with NumPy: a million
    codings take a fraction of a second.
    """
    import numpy as np
    import pandas as pd

    kept = segments[segments["status"].to_numpy() != "rejected"]
    if coders:
        kept = kept[kept["coder"].isin(list(coders))]
    codes, parents = codebook_order(codebook, pd.unique(kept["code"]))
    n_codes = max(len(codes), 1)
    doc_ids = pd.Index(pd.unique(units["doc_id"]))
    width = 1 + int(
        max(units["unit"].max() if len(units) else 0, kept["unit"].max() if len(kept) else 0)
    )

    def unit_keys(frame: pd.DataFrame) -> np.ndarray:
        position = doc_ids.get_indexer(frame["doc_id"].to_numpy()).astype(np.int64)
        key = position * width + frame["unit"].to_numpy(dtype=np.int64)
        return np.where(position >= 0, key, -1)

    scope = distinct(unit_keys(units))
    keys = unit_keys(kept)
    # Membership by binary search in the sorted scope (np.isin hashes, slowly, on NumPy 2.3).
    at = np.minimum(np.searchsorted(scope, keys), max(scope.size - 1, 0))
    inside = (keys >= 0) & (scope[at] == keys) if scope.size else np.zeros(keys.size, bool)
    code_index = pd.Index(codes).get_indexer(kept["code"].to_numpy()).astype(np.int64)
    pairs = distinct(keys[inside] * n_codes + code_index[inside])
    # Roll up: each (unit, code) also counts for every ancestor of the code.
    position = {c: i for i, c in enumerate(codes)}
    lineage = [
        [i] + [position[a] for a in (codebook.ancestors(c) if c in codebook else ())]
        for i, c in enumerate(codes)
    ]
    units_rep, target = expand(pairs // n_codes, pairs % n_codes, lineage)
    rolled = distinct(units_rep * n_codes + target)
    unit_key, code_key = rolled // n_codes, rolled % n_codes
    frame = pd.DataFrame(
        {
            "doc_id": doc_ids.to_numpy(dtype=object)[unit_key // width],
            "unit": unit_key % width,
            "code": np.asarray(codes, dtype=object)[code_key],
        }
    )
    left_out = kept[~inside].drop_duplicates(["doc_id", "unit", "code"])[["doc_id", "unit", "code"]]
    return CodedUnits(
        frame,
        left_out.reset_index(drop=True),
        codes,
        parents,
        counting_basis(kept[inside], coders=coders),
    )


def counting_basis(codings: pd.DataFrame, *, coders: Sequence[str] | None = None) -> CountingBasis:
    """Whose codings ``codings`` holds, with which statuses (see :class:`CountingBasis`)."""
    rank = {"accepted": 0, "suggested": 1}
    found: dict[str, tuple[str, ...]] = {}
    automatic: set[str] = set()
    if len(codings) and "coder" in codings.columns:
        # The distinct (coder, status, origin) triples are few: find them first.
        columns = [c for c in ("coder", "status", "origin") if c in codings.columns]
        triples = codings[columns].drop_duplicates()
        statuses: dict[str, set[str]] = {}
        for row in triples.itertuples(index=False):
            values = dict(zip(columns, map(str, row), strict=True))
            statuses.setdefault(values["coder"], set()).add(values.get("status", ""))
            if values.get("origin") == "auto":
                automatic.add(values["coder"])
        for name, found_statuses in statuses.items():
            found[name] = tuple(sorted(found_statuses, key=lambda s: rank.get(s, 9)))
        if "origin" not in codings.columns:
            automatic = {"auto"} & set(found)
    order = list(coders or []) + sorted(
        set(found) - set(coders or []), key=lambda c: (c not in automatic, c)
    )
    return CountingBasis(
        {c: found.get(c, ()) for c in dict.fromkeys(order)}, tuple(sorted(automatic))
    )


def codebook_order(codebook: Codebook, seen: Sequence[str]) -> tuple[list[str], list[str]]:
    """(every code in the codebook's order, then unknown ones; the parents among them)."""
    order = [c.id for c in codebook.walk()]
    known = set(order)
    order += sorted({str(c) for c in seen} - known)
    parents = [c.id for c in codebook.walk() if codebook.children(c.id)]
    return order, parents


def theme_table(
    segments: pd.DataFrame,
    units: pd.DataFrame,
    documents: pd.DataFrame,
    codebook: Codebook,
    *,
    by: Sequence[str] = ("city",),
    coders: Sequence[str] | None = None,
) -> ThemeTable:
    """Coded units, share of units, documents, share of documents and codings per 1,000 words.

    ``units`` lists the units that could be coded (respondent units; the
    denominators), with ``doc_id``, ``unit`` and ``words``. What counts is
    :func:`coded_units`' rule, the same as that of comparisons.
    """
    import pandas as pd

    groups = group_labels(documents, by)
    order = sorted(groups.unique(), key=str)
    counted = coded_units(segments, units, codebook, coders=coders)
    codings = counted.frame
    codings = codings.assign(group=codings["doc_id"].map(groups))
    scope = units.drop_duplicates(["doc_id", "unit"])
    scope = scope.assign(group=scope["doc_id"].map(groups))
    group_units = scope.groupby("group").size().reindex(order, fill_value=0)
    group_words = scope.groupby("group")["words"].sum().reindex(order, fill_value=0)
    group_docs = groups.value_counts().reindex(order, fill_value=0)
    codes = counted.codes

    def pivot(values: pd.Series) -> pd.DataFrame:
        table = values.unstack(fill_value=0) if len(values) else pd.DataFrame()
        return table.reindex(index=codes, columns=order, fill_value=0).fillna(0).astype(int)

    n_units = pivot(codings.groupby(["code", "group"]).size())
    n_docs = pivot(codings.drop_duplicates(["code", "doc_id"]).groupby(["code", "group"]).size())
    n_units[TOTAL] = codings.groupby("code").size().reindex(codes, fill_value=0)
    n_docs[TOTAL] = (
        codings.drop_duplicates(["code", "doc_id"])
        .groupby("code")
        .size()
        .reindex(codes, fill_value=0)
    )
    totals_units = pd.concat([group_units, pd.Series({TOTAL: group_units.sum()})])
    totals_docs = pd.concat([group_docs, pd.Series({TOTAL: group_docs.sum()})])
    totals_words = pd.concat([group_words, pd.Series({TOTAL: group_words.sum()})])

    def share(counts: pd.DataFrame, totals: pd.Series) -> pd.DataFrame:
        return (counts.div(totals.replace(0, float("nan")), axis=1) * 100).round(1)

    measures = {
        "units": n_units,
        "unit_share": share(n_units, totals_units),
        "docs": n_docs,
        "doc_share": share(n_docs, totals_docs),
        "per_1000_words": (n_units.div(totals_words.replace(0, float("nan")), axis=1) * 1000).round(
            2
        ),
    }
    for frame in measures.values():
        frame.index.name = "code"
        frame.columns.name = " / ".join(by) if by else None
    names = {c.id: c.name for c in codebook.codes}
    levels = {c.id: codebook.depth(c.id) for c in codebook.codes}
    return ThemeTable(
        measures=measures,
        by=tuple(by),
        levels=levels,
        names=names,
        group_units={str(k): int(v) for k, v in totals_units.items()},
        group_docs={str(k): int(v) for k, v in totals_docs.items()},
        basis=counted.basis,
        left_out=len(counted.left_out),
        missing=missing_values(documents, by),
    )
