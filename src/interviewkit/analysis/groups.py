"""Coded units per code and group of documents: the inputs of a comparison.

A group is a value of the attributes compared (``Bonn``, ``Bonn /
university``); a document without a value for one of them belongs to no
group and is left out (and counted as such). Each group sums the
per-document counts of :mod:`interviewkit.analysis.counting`, so that
comparisons count exactly what theme tables count.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from interviewkit.analysis.counting import (
    DocumentCounts,
    codebook_order,
    document_counts_from_frames,
)
from interviewkit.analysis.selection import CountingBasis, Selection
from interviewkit.analysis.themes import complete_documents, group_labels, missing_values

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from interviewkit.codebook.model import Codebook


@dataclass(frozen=True)
class GroupCounts:
    """The inputs of a comparison: coded units per code and group, units per group.

    ``coded`` holds every code of the codebook (parents roll up their
    children, each unit once), in the codebook's order, then any codes the
    codebook no longer has. ``dropped`` counts codings left out because their
    unit is not among the units compared (an interviewer's turn); ``basis``
    says whose codings counted; ``missing`` how many documents were left out
    for having no value for an attribute of ``by``.
    """

    coded: pd.DataFrame
    totals: pd.Series
    leaves: list[str]
    parents: list[str]
    names: dict[str, str]
    levels: dict[str, int]
    dropped: int = 0
    basis: CountingBasis | None = None
    missing: dict[str, int] = field(default_factory=dict)


def count_coded_units(
    segments: pd.DataFrame,
    units: pd.DataFrame,
    documents: pd.DataFrame,
    codebook: Codebook,
    *,
    by: Sequence[str] = ("city",),
    coders: Sequence[str] | Selection | None = None,
    decisions: pd.DataFrame | None = None,
    kinds: Mapping[str, str] | None = None,
) -> GroupCounts:
    """:func:`group_document_counts` from DataFrames (``units``: the respondents')."""
    counted = document_counts_from_frames(
        segments, units, documents, codebook, coders=coders, decisions=decisions, kinds=kinds
    )
    return group_document_counts(counted, codebook, by=by)


def document_groups(
    documents: pd.DataFrame, by: Sequence[str]
) -> tuple[list[Any], Callable[[pd.DataFrame], np.ndarray]]:
    """The groups of ``by`` in order, and a function: rows with ``doc_id`` → group position.

    A document without a value for an attribute of ``by`` is in no group (-1).
    """
    import numpy as np
    import pandas as pd

    groups = group_labels(documents, by)
    groups = groups[complete_documents(documents, by).reindex(groups.index).to_numpy()]
    order_groups = sorted(groups.unique(), key=str)
    doc_ids = pd.Index(groups.index)
    # A last -1 so that position -1 (a document in no group) maps to no group.
    group_of_doc = np.append(pd.Index(order_groups).get_indexer(groups.to_numpy()), -1)

    def group_of(frame: pd.DataFrame) -> np.ndarray:
        found: np.ndarray = group_of_doc[doc_ids.get_indexer(frame["doc_id"].to_numpy())]
        return found

    return order_groups, group_of


def group_document_counts(
    counted: DocumentCounts, codebook: Codebook, *, by: Sequence[str] = ("city",)
) -> GroupCounts:
    """Coded units per code and group, and respondent units per group: each group sums its
    documents. Documents without a value for an attribute of ``by`` are left out
    (``GroupCounts.missing``)."""
    import numpy as np
    import pandas as pd

    documents = counted.documents
    order_groups, group_of = document_groups(documents, by)
    codes, parents = codebook_order(codebook, counted.seen)
    n_groups, n_codes = len(order_groups), len(codes)
    frame = counted.counts
    group = group_of(frame)
    code = pd.Index(codes).get_indexer(frame["code"].to_numpy())
    inside = (group >= 0) & (code >= 0)
    counts = np.zeros(n_codes * n_groups, dtype=np.int64)
    np.add.at(
        counts,
        code[inside] * n_groups + group[inside],
        frame["units"].to_numpy(dtype=np.int64)[inside],
    )
    unit_group = group_of(counted.doc_units)
    totals = np.zeros(n_groups, dtype=np.int64)
    np.add.at(
        totals,
        unit_group[unit_group >= 0],
        counted.doc_units["units"].to_numpy(dtype=np.int64)[unit_group >= 0],
    )
    coded = pd.DataFrame(
        counts.reshape(n_codes, n_groups),
        index=pd.Index(codes, name="code"),
        columns=pd.Index(order_groups, name=" / ".join(by) or "group"),
    )
    return GroupCounts(
        coded,
        pd.Series(totals, index=coded.columns.copy(), name="units"),
        [c for c in codes if c not in set(parents)],
        parents,
        {c.id: c.name for c in codebook.codes},
        {c.id: codebook.depth(c.id) for c in codebook.codes},
        counted.left_out,
        basis=counted.basis,
        missing=missing_values(documents, by),
    )
