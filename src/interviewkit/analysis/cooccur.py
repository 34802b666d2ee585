"""Which codes occur together, and the code × document matrix.

Co-occurrence is counted per unit: two codes co-occur when one unit carries
both. What counts is the rule of every table (:mod:`interviewkit.analysis.counting`):
the coding chosen with ``coders``, respondents' units only, each unit once per
code whoever coded it, a parent counting its children's units.

All functions are pure: DataFrames in, DataFrames out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from interviewkit.analysis.counting import DocumentCounts, coded_units, document_counts_from_frames
from interviewkit.analysis.selection import CountingBasis, Selection

if TYPE_CHECKING:
    import pandas as pd

    from interviewkit.codebook.model import Codebook

__all__ = ["Cooccurrence", "code_document_matrix", "cooccurrence", "matrix_counted"]


@dataclass(frozen=True)
class Cooccurrence:
    """Code × code tables over the same codes.

    ``counts``: units carrying both codes (the diagonal: units carrying the
    code). ``jaccard``: ``|A ∩ B| / |A ∪ B|`` of the two codes' sets of units
    (1 on the diagonal of a code that occurs, NaN for a pair that never occurs).
    """

    counts: pd.DataFrame
    jaccard: pd.DataFrame
    names: dict[str, str]
    basis: CountingBasis | None = None

    def long(self) -> pd.DataFrame:
        """One row per pair of different codes (each pair once), most frequent first."""
        import numpy as np
        import pandas as pd

        codes = list(self.counts.index)
        upper = np.triu_indices(len(codes), k=1)
        frame = pd.DataFrame(
            {
                "code_a": [codes[i] for i in upper[0]],
                "code_b": [codes[j] for j in upper[1]],
                "units_both": self.counts.to_numpy()[upper],
                "units_a": np.diag(self.counts.to_numpy())[upper[0]],
                "units_b": np.diag(self.counts.to_numpy())[upper[1]],
                "jaccard": self.jaccard.to_numpy()[upper].round(3),
            }
        )
        frame = frame.sort_values(
            ["units_both", "code_a", "code_b"], ascending=[False, True, True], kind="stable"
        )
        return frame.reset_index(drop=True)


def _counted(
    codings: pd.DataFrame,
    codebook: Codebook,
    *,
    units: pd.DataFrame | None,
    coders: Sequence[str] | Selection | None,
    decisions: pd.DataFrame | None,
    kinds: Mapping[str, str] | None,
    parents: bool,
) -> tuple[pd.DataFrame, CountingBasis]:
    """(doc_id, unit, code) that count, each once; parent codes only if asked; and whose
    codings were counted."""
    scope = codings[["doc_id", "unit"]].drop_duplicates() if units is None else units
    counted = coded_units(codings, scope, codebook, coders=coders, decisions=decisions, kinds=kinds)
    frame = counted.frame
    if not parents:
        frame = frame[~frame["code"].isin(counted.parents)]
    return frame, counted.basis


def _codes(codebook: Codebook, seen: Sequence[str], *, parents: bool) -> list[str]:
    order = [c.id for c in codebook.walk() if parents or not codebook.children(c.id)]
    known = {c.id for c in codebook.codes}
    return order + sorted({str(c) for c in seen} - known)


def cooccurrence(
    codings: pd.DataFrame,
    codebook: Codebook,
    *,
    units: pd.DataFrame | None = None,
    coders: Sequence[str] | Selection | None = None,
    decisions: pd.DataFrame | None = None,
    kinds: Mapping[str, str] | None = None,
    parents: bool = False,
) -> Cooccurrence:
    """Units carrying both codes, and the Jaccard index, for every pair of codes.

    ``units``: the units that count (the respondents'; ``None``: every unit
    coded). By default leaf codes only: a parent always co-occurs with its
    children. With ``parents``, parent codes are added (each counting the
    units of its children).
    """
    import numpy as np
    import pandas as pd
    from scipy import sparse

    codings, basis = _counted(
        codings,
        codebook,
        units=units,
        coders=coders,
        decisions=decisions,
        kinds=kinds,
        parents=parents,
    )
    codes = _codes(codebook, pd.unique(codings["code"]), parents=parents)
    codings = codings[codings["code"].isin(codes)]
    unit_index, _ = pd.factorize(pd.MultiIndex.from_frame(codings[["doc_id", "unit"]]))
    code_index = pd.Index(codes).get_indexer(codings["code"].to_numpy())
    n_units = int(unit_index.max()) + 1 if len(unit_index) else 0
    incidence = sparse.csr_matrix(
        (np.ones(len(codings), dtype=np.int64), (unit_index, code_index)),
        shape=(n_units, len(codes)),
    )
    both = np.asarray((incidence.T @ incidence).todense(), dtype=np.int64)
    alone = np.diag(both)
    union = alone[:, None] + alone[None, :] - both
    with np.errstate(invalid="ignore", divide="ignore"):
        jaccard = np.where(union > 0, both / np.maximum(union, 1), np.nan)
    index = pd.Index(codes, name="code")
    names = {c.id: c.name for c in codebook.codes}
    return Cooccurrence(
        counts=pd.DataFrame(both, index=index, columns=index.rename(None)),
        jaccard=pd.DataFrame(jaccard, index=index, columns=index.rename(None)),
        names=names,
        basis=basis,
    )


def code_document_matrix(
    codings: pd.DataFrame,
    documents: pd.DataFrame,
    codebook: Codebook,
    *,
    units: pd.DataFrame | None = None,
    coders: Sequence[str] | Selection | None = None,
    decisions: pd.DataFrame | None = None,
    kinds: Mapping[str, str] | None = None,
    binary: bool = False,
    parents: bool = True,
) -> pd.DataFrame:
    """:func:`matrix_counted` from DataFrames (``units``: the units that count; ``None``:
    every unit coded)."""
    scope = codings[["doc_id", "unit"]].drop_duplicates() if units is None else units
    counted = document_counts_from_frames(
        codings, scope, documents, codebook, coders=coders, decisions=decisions, kinds=kinds
    )
    return matrix_counted(counted, codebook, binary=binary, parents=parents)


def matrix_counted(
    counted: DocumentCounts, codebook: Codebook, *, binary: bool = False, parents: bool = True
) -> pd.DataFrame:
    """Code × document: coded units per document, or 1/0 whether the case has the code.

    Every document is a column (in ``doc_id`` order), so a case without any
    coding shows zeros. Parents count their children's units once, as in the
    theme table; ``parents=False`` leaves them out.
    """
    import pandas as pd

    codes = _codes(codebook, counted.seen, parents=parents)
    doc_ids = sorted(counted.documents["doc_id"].astype(str))
    counts = counted.counts.set_index(["code", "doc_id"])["units"]
    table = counts.unstack(fill_value=0) if len(counts) else pd.DataFrame()
    table = table.reindex(index=codes, columns=doc_ids, fill_value=0).fillna(0).astype(int)
    if binary:
        table = (table > 0).astype(int)
    table.index.name = "code"
    table.columns.name = "document"
    return table
