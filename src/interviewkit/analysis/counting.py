"""The counting rule: which codings count, on which units, for which codes.

Every theme table, comparison, co-occurrence, matrix and agreement in
interviewkit counts through this module, so that one change of the rule
changes every number at once:

1. **Whose codings.** The coding chosen with ``--coder`` (every coder's
   pooled, a coder's, the accepted codings, the unreviewed suggestions):
   :mod:`interviewkit.analysis.selection`.
2. **Which units.** Respondents' units only (the denominators of every
   share); codings on other units (an interviewer's turn) are left out, and
   how many is said.
3. **Which codes.** A parent code counts a unit coded with it or with any of
   its descendants (:func:`code_members`, :func:`roll_up`).
4. **Each unit once** per code, whoever coded it.

Two producers of the same :class:`DocumentCounts` (coded units per document
and code): :func:`document_counts` from the keys a project hands over
(:meth:`Project.counting_keys`, integer arrays: a million coded units in a
fraction of a second), and :func:`document_counts_from_frames` from
DataFrames, which is also the tests' oracle (:func:`coded_units`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from interviewkit.analysis.selection import (
    STATUSES_READ,
    CountingBasis,
    Selection,
    counting_basis,
    no_decisions,
    select,
    select_runs,
    selection_of,
    worked_documents,
)
from interviewkit.arrays import distinct, expand
from interviewkit.store.counts import KeyRun

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from interviewkit.codebook.model import Codebook
    from interviewkit.store import Project

# --------------------------------------------------------------------------- which codes


def codebook_order(codebook: Codebook, seen: Iterable[str]) -> tuple[list[str], list[str]]:
    """(every code in the codebook's order, then unknown ones; the parents among them)."""
    order = [c.id for c in codebook.walk()]
    known = set(order)
    order += sorted({str(c) for c in seen} - known)
    parents = [c.id for c in codebook.walk() if codebook.children(c.id)]
    return order, parents


def code_members(codebook: Codebook, codes: Iterable[str]) -> dict[str, set[str]]:
    """Step 3: for each code to count, the codes that count for it (itself and below it).

    A code the codebook does not have (retired, or used by another tool)
    counts its own codings only.
    """
    return {c: {c, *(codebook.descendants(c) if c in codebook else ())} for c in codes}


def roll_up(
    codings: pd.DataFrame, members: Mapping[str, Iterable[str]], *, once: bool = True
) -> pd.DataFrame:
    """Each coding once for every code of ``members`` it counts for (``code`` = that code).

    With ``once`` (the default) each (doc_id, unit, code) is kept once (step
    4); without, every coding is kept, with its span, for segment-level work.
    """
    import pandas as pd

    parts = [
        codings[codings["code"].isin(list(inside))].assign(code=code)
        for code, inside in members.items()
    ]
    if not parts:
        return codings.iloc[0:0]
    frame = pd.concat(parts, ignore_index=True)
    return frame.drop_duplicates(["doc_id", "unit", "code"]) if once else frame


# --------------------------------------------------------------------------- the whole rule


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
    seen: tuple[str, ...] = ()


def coded_units(
    segments: pd.DataFrame,
    units: pd.DataFrame,
    codebook: Codebook,
    *,
    coders: Sequence[str] | Selection | None = None,
    decisions: pd.DataFrame | None = None,
    kinds: Mapping[str, str] | None = None,
) -> CodedUnits:
    """The whole rule on DataFrames: the units that count for each code.

    ``segments`` needs ``id, doc_id, unit, code, coder, origin, status``;
    ``decisions`` every coder's decisions (:meth:`Project.decisions`; none
    when not given); ``units`` the units that can count (``doc_id, unit``:
    the respondents'); ``coders`` which coding counts (a
    :class:`~interviewkit.analysis.selection.Selection`, coders' names, or
    ``None`` for all). Vectorised with NumPy: a million codings take a
    fraction of a second.
    """
    import numpy as np
    import pandas as pd

    selection = selection_of(coders)
    if "id" not in segments.columns:
        segments = segments.assign(id=range(len(segments)))
    kept, n_contested = select(
        segments,
        no_decisions() if decisions is None else decisions,
        selection,
        automatic=[c for c, k in (kinds or {}).items() if k == "auto"],
    )
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
        counting_basis(kept[inside], selection=selection, kinds=kinds, contested=n_contested),
        tuple(str(c) for c in pd.unique(kept["code"])),
    )


# --------------------------------------------------------------------------- per document


@dataclass(frozen=True)
class DocumentCounts:
    """Coded units per document and code: what every table and test is built from.

    ``counts``: ``doc_id, code, units`` (respondent units of the document
    carrying the code, parents rolled up, each unit once; a code with no such
    unit in a document has no row), sorted by document and code.
    ``doc_units``: ``doc_id, units, words``, the respondent units per document
    and their words (documents without respondent units have no row).
    ``documents``: the documents with their attributes. ``seen``: the codes
    the counted coders' codings use (interviewer turns included).
    ``left_out``: distinct (document, unit, code) codings on other units than
    respondents'. ``basis``: whose codings counted.
    """

    counts: pd.DataFrame
    doc_units: pd.DataFrame
    documents: pd.DataFrame
    seen: list[str]
    left_out: int
    basis: CountingBasis


def document_counts(
    project: Project,
    codebook: Codebook,
    *,
    coders: Sequence[str] | Selection | None = None,
    where: Mapping[str, object] | None = None,
    split: str | None = None,
) -> DocumentCounts:
    """The rule applied to the keys ``project`` hands over (fast; see the module docstring).

    Gives the same numbers as :func:`document_counts_from_frames`, without
    reading every coding out of the project. ``where``: only the documents
    whose attributes match (``{"city": ["bonn", "Wuhan"]}``, as people type
    them: :func:`interviewkit.folding.select_rows`). ``split``: a unit
    attribute (``speaker``): each document counts as one part per value, so
    that tables can be grouped by it (:mod:`interviewkit.analysis.parts`).
    """
    import numpy as np
    import pandas as pd

    selection = selection_of(coders)
    names = list(selection.coders) if selection.kind == "coders" else None
    kinds = project.coder_kinds()
    documents = project.documents()
    if where:
        documents = documents_where(documents, where)
    coverage = None
    if names is not None:
        for name in names:
            project.check_coder(name)  # a misspelt name is an error, never an empty table
        if not any(kinds.get(name) == "auto" for name in names):
            # People's coding is counted where they worked: elsewhere nobody coded yet.
            total = len(documents)
            documents = documents[documents["doc_id"].isin(project.worked_documents(names))]
            coverage = (len(documents), total)
    stored = project.counting_keys(coders=names, statuses=STATUSES_READ[selection.kind])
    runs, n_contested = select_runs(stored, selection)
    summary = stored.summary
    if where or coverage is not None:
        wanted = {
            rowid for rowid, name in summary.doc_name.items() if name in set(documents["doc_id"])
        }
        allowed = np.array(sorted(wanted), dtype=np.int64)
        runs = [
            KeyRun(
                r.code,
                r.coder,
                r.status,
                r.origin,
                r.keys[np.isin(r.keys // summary.stride, allowed)],
            )
            for r in runs
        ]
    respondent = [summary.respondent(run.keys) for run in runs]
    members = code_members(codebook, [c.id for c in codebook.walk()])
    for code in project.code_names():
        members.setdefault(code, {code})
    seen = sorted({run.code for run in runs if run.keys.size})
    left_out = sum(
        distinct(
            np.concatenate(
                [
                    r.keys[~inside]
                    for r, inside in zip(runs, respondent, strict=True)
                    if r.code == code
                ]
            )
        ).size
        for code in seen
    )
    basis = pd.DataFrame(
        sorted(
            {
                (r.coder, r.status, r.origin)
                for r, inside in zip(runs, respondent, strict=True)
                if inside.any()
            }
        ),
        columns=["coder", "status", "origin"],
    )
    if split is None:
        names = [""] * (max(summary.doc_name, default=-1) + 1)
        for rowid, name in summary.doc_name.items():
            names[rowid] = name
        counts = _per_document(runs, respondent, members, lambda k: k // summary.stride, names)
        doc_units = pd.DataFrame(
            {"doc_id": summary.names, "units": summary.respondents, "words": summary.words}
        )
    else:
        from interviewkit.analysis.parts import split_documents

        parts = split_documents(project.unit_values(split), summary, split)
        counts = _per_document(runs, respondent, members, parts.part_of, parts.names)
        doc_units = parts.units
        documents = parts.documents(documents)
    doc_units = doc_units[
        (doc_units["units"] > 0) & doc_units["doc_id"].isin(documents["doc_id"])
    ].sort_values("doc_id", ignore_index=True)
    return DocumentCounts(
        counts,
        doc_units,
        documents.reset_index(drop=True),
        seen,
        int(left_out),
        counting_basis(
            basis, selection=selection, kinds=kinds, contested=n_contested, coverage=coverage
        ),
    )


def _per_document(
    runs: list[KeyRun],
    respondent: list[np.ndarray],
    members: Mapping[str, Iterable[str]],
    part_of: Callable[[np.ndarray], np.ndarray],
    names: Sequence[str],
) -> pd.DataFrame:
    """``doc_id, code, units`` for each code of ``members``: distinct respondent units per
    document (or per part of a document: ``part_of`` maps keys to ``names``' positions)."""
    import numpy as np
    import pandas as pd

    docs, targets, tallies = [], [], []
    for target, codes in members.items():
        wanted = set(codes)
        keys = [
            run.keys[inside]
            for run, inside in zip(runs, respondent, strict=True)
            if run.code in wanted
        ]
        if not keys:
            continue
        # distinct() sorts; the runs come sorted from the index, so that is a quick merge.
        per_doc = np.bincount(part_of(distinct(np.concatenate(keys))))
        present = np.flatnonzero(per_doc)
        docs.append(present)
        tallies.append(per_doc[present])
        targets += [target] * present.size
    found = np.concatenate(docs) if docs else np.zeros(0, np.int64)
    frame = pd.DataFrame(
        {
            "doc_id": np.asarray(names, dtype=object)[found] if found.size else [],
            "code": np.asarray(targets, dtype=object),
            "units": (np.concatenate(tallies) if tallies else np.zeros(0)).astype(np.int64),
        }
    )
    return frame.sort_values(["doc_id", "code"], ignore_index=True)


#: Columns of :meth:`Project.documents` that are not attributes of the study.
NOT_ATTRIBUTES = ("doc_id", "source", "units", "words")


def documents_where(documents: pd.DataFrame, where: Mapping[str, object]) -> pd.DataFrame:
    """The documents whose attributes match ``where`` (values as people type them)."""
    from interviewkit.folding import select_rows

    attributes = [c for c in documents.columns if c not in NOT_ATTRIBUTES]
    return select_rows(documents, where, attributes=attributes, columns=("doc_id",))


def document_counts_from_frames(
    segments: pd.DataFrame,
    units: pd.DataFrame,
    documents: pd.DataFrame,
    codebook: Codebook,
    *,
    coders: Sequence[str] | Selection | None = None,
    decisions: pd.DataFrame | None = None,
    kinds: Mapping[str, str] | None = None,
    split: str | None = None,
) -> DocumentCounts:
    """:class:`DocumentCounts` from DataFrames (see :func:`coded_units`; ``units``: the
    respondents', with ``words``, and with the ``split`` attribute when one is given)."""
    selection = selection_of(coders)
    worked = worked_documents(
        segments,
        no_decisions() if decisions is None else decisions,
        selection,
        automatic=[c for c, k in (kinds or {}).items() if k == "auto"],
    )
    coverage = None
    if worked is not None:
        coverage = (int(documents["doc_id"].isin(worked).sum()), len(documents))
        documents = documents[documents["doc_id"].isin(worked)]
        units = units[units["doc_id"].isin(worked)]
        segments = segments[segments["doc_id"].isin(worked)]
    counted = coded_units(
        segments, units, codebook, coders=selection, decisions=decisions, kinds=kinds
    )
    if coverage is not None:
        from dataclasses import replace

        counted = replace(counted, basis=replace(counted.basis, coverage=coverage))
    frame = counted.frame
    scope = units.drop_duplicates(["doc_id", "unit"])
    if "words" not in scope.columns:
        scope = scope.assign(words=0)
    if split is not None:
        from interviewkit.analysis.parts import split_frames

        frame, scope, documents = split_frames(frame, scope, documents, split)
    counts = (
        frame.groupby(["doc_id", "code"])
        .size()
        .rename("units")
        .reset_index()
        .sort_values(["doc_id", "code"], ignore_index=True)
    )
    doc_units = (
        scope.groupby("doc_id")
        .agg(units=("unit", "size"), words=("words", "sum"))
        .reset_index()
        .sort_values("doc_id", ignore_index=True)
    )
    return DocumentCounts(
        counts,
        doc_units,
        documents,
        sorted({str(c) for c in counted.seen}),
        len(counted.left_out),
        counted.basis,
    )
