"""Theme frequency tables: how often each code occurs, per group of documents.

All functions are pure: they take the DataFrames a :class:`~interviewkit.store.Project`
returns and give DataFrames back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

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


def counted_codings(segments: pd.DataFrame, *, coders: Sequence[str] | None = None) -> pd.DataFrame:
    """The codings that count: not rejected; by the given coders (default: all).

    Each (document, unit, code) counts once, whoever coded it.
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
    denominators), with ``doc_id``, ``unit`` and ``words``.
    """
    import pandas as pd

    groups = group_labels(documents, by)
    order = sorted(groups.unique(), key=str)
    codings = roll_up(counted_codings(segments, coders=coders), codebook)
    codings = codings.assign(group=codings["doc_id"].map(groups))
    scope = units.assign(group=units["doc_id"].map(groups))
    group_units = scope.groupby("group").size().reindex(order, fill_value=0)
    group_words = scope.groupby("group")["words"].sum().reindex(order, fill_value=0)
    group_docs = groups.value_counts().reindex(order, fill_value=0)
    codes = [c.id for c in codebook.walk()]
    extra = sorted(set(codings["code"]) - set(codes))  # retired or unknown codes
    codes += extra

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
    )
