"""Theme frequency tables: how often each code occurs, per group of documents.

All functions are pure: they take the DataFrames a :class:`~interviewkit.store.Project`
returns and give DataFrames back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from interviewkit.analysis.counting import (
    DocumentCounts,
    codebook_order,
    document_counts_from_frames,
)
from interviewkit.analysis.selection import CountingBasis, Selection
from interviewkit.errors import UsageError

if TYPE_CHECKING:
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


def without_values(documents: pd.DataFrame, by: Sequence[str]) -> dict[str, list[str]]:
    """The ids of the documents without a value for each attribute of ``by`` (as
    :func:`missing_values` counts them)."""
    return {
        attr: documents.loc[~_has_value(documents[attr]), "doc_id"].astype(str).tolist()
        for attr in missing_values(documents, by)
    }


def _has_value(column: pd.Series) -> pd.Series:
    return column.notna() & (column.astype(str).str.strip() != "")


def theme_table(
    segments: pd.DataFrame,
    units: pd.DataFrame,
    documents: pd.DataFrame,
    codebook: Codebook,
    *,
    by: Sequence[str] = ("city",),
    coders: Sequence[str] | Selection | None = None,
    decisions: pd.DataFrame | None = None,
    kinds: Mapping[str, str] | None = None,
) -> ThemeTable:
    """:func:`theme_table_counted` from DataFrames (``units``: the respondents', with ``words``)."""
    counted = document_counts_from_frames(
        segments, units, documents, codebook, coders=coders, decisions=decisions, kinds=kinds
    )
    return theme_table_counted(counted, codebook, by=by)


def theme_table_counted(
    counted: DocumentCounts, codebook: Codebook, *, by: Sequence[str] = ("city",)
) -> ThemeTable:
    """Coded units, share of units, documents, share of documents and codings per 1,000 words.

    Built from per-document counts (:mod:`interviewkit.analysis.counting`),
    the same as comparisons. Documents without a value for an attribute of
    ``by`` form the group ``(none)``.
    """
    import pandas as pd

    documents = counted.documents
    groups = group_labels(documents, by)
    order = sorted(groups.unique(), key=str)
    codes, _ = codebook_order(codebook, counted.seen)
    counts = counted.counts.assign(group=counted.counts["doc_id"].map(groups))
    scope = counted.doc_units.assign(group=counted.doc_units["doc_id"].map(groups))
    group_units = scope.groupby("group")["units"].sum().reindex(order, fill_value=0)
    group_words = scope.groupby("group")["words"].sum().reindex(order, fill_value=0)
    group_docs = groups.value_counts().reindex(order, fill_value=0)

    def pivot(values: pd.Series) -> pd.DataFrame:
        table = values.unstack(fill_value=0) if len(values) else pd.DataFrame()
        return table.reindex(index=codes, columns=order, fill_value=0).fillna(0).astype(int)

    n_units = pivot(counts.groupby(["code", "group"])["units"].sum())
    n_docs = pivot(counts.groupby(["code", "group"]).size())
    n_units[TOTAL] = counts.groupby("code")["units"].sum().reindex(codes, fill_value=0)
    n_docs[TOTAL] = counts.groupby("code").size().reindex(codes, fill_value=0)
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
        left_out=counted.left_out,
        missing=missing_values(documents, by),
    )
