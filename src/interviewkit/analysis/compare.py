"""Compare themes across groups of transcripts: crosstab, shares, tests, residuals.

The statistics are those of :func:`interviewkit.analysis.stats.compare_groups`;
this module turns a project's frames into its inputs and puts the results in
the codebook's order:

``coded``
    code × group: respondent units carrying the code (each unit once per code,
    whoever coded it; rejected codings never count; ``coders`` selects whose);
``totals``
    respondent units per group (the units that could be coded).

Leaf codes are one family of tests (Holm's adjustment runs over them, and the
overall test of the code × group table uses them only, since a parent repeats
its children). Parent codes are shown with their counts, shares, residuals and
their own test, adjusted as a separate family: a parent's test is not a new,
independent question but a summary of its children's.

All functions are pure: they take DataFrames and return dataclasses of
DataFrames, and print nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from interviewkit.analysis.themes import (
    MISSING,
    CountingBasis,
    codebook_order,
    coded_units,
    complete_documents,
    counting_basis,
    group_labels,
    missing_values,
)
from interviewkit.errors import UsageError

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from interviewkit.analysis.stats import ComparisonResult, OverallTest
    from interviewkit.codebook.model import Codebook
    from interviewkit.store import Project

__all__ = [
    "Comparison",
    "DocumentCounts",
    "GroupCounts",
    "compare_pairs",
    "compare_pairs_counted",
    "compare_themes",
    "compare_themes_counted",
    "count_coded_units",
    "group_document_counts",
    "partner_pairs",
    "project_unit_counts",
]

LEAF = "leaf"
PARENT = "parent"
PAIR_SEPARATOR = " ↔ "


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


@dataclass(frozen=True)
class Comparison:
    """One comparison of themes between groups, codes in the codebook's order.

    ``tests`` has the columns of :class:`~interviewkit.analysis.stats.ComparisonResult`
    plus ``family`` (``leaf`` or ``parent``: the set of codes over which
    ``p_holm`` adjusts). ``overall`` tests the table of leaf codes.
    """

    title: str
    by: tuple[str, ...]
    crosstab: pd.DataFrame
    shares: pd.DataFrame
    residuals: pd.DataFrame
    tests: pd.DataFrame
    overall: OverallTest
    totals: pd.Series
    names: dict[str, str]
    levels: dict[str, int]
    notes: list[str] = field(default_factory=list)
    basis: CountingBasis | None = None
    missing: dict[str, int] = field(default_factory=dict)

    @property
    def groups(self) -> list[str]:
        return [str(g) for g in self.crosstab.columns]

    def table(self) -> pd.DataFrame:
        """Everything in one wide table, for CSV/JSON/Markdown.

        One row per code with ``name, level, family``, per group ``<g>: units``,
        ``<g>: %`` and ``<g>: residual``, then the test columns. A first row
        ``(all units)`` gives each group's number of units; a last row
        ``(overall)`` the test of the whole table of leaf codes.
        """
        import pandas as pd

        columns: dict[str, object] = {
            "name": [self.names.get(c, c) for c in self.crosstab.index],
            "level": [self.levels.get(c, 0) for c in self.crosstab.index],
        }
        frame = pd.DataFrame(columns, index=self.crosstab.index)
        for group in self.crosstab.columns:
            frame[f"{group}: units"] = self.crosstab[group]
            frame[f"{group}: %"] = (self.shares[group] * 100).round(1)
            frame[f"{group}: residual"] = self.residuals[group].round(2)
        tests = self.tests.copy()
        for column in ("chi2", "cramers_v", "min_expected"):
            tests[column] = tests[column].round(3)
        frame = frame.join(tests)
        head: dict[str, Any] = dict.fromkeys(frame.columns)
        head.update({"name": "respondent units in the group", "level": None})
        for group in self.crosstab.columns:
            head[f"{group}: units"] = int(self.totals[group])
        tail: dict[str, Any] = dict.fromkeys(frame.columns)
        tail.update(
            name="all leaf codes (codings)",
            chi2=round(self.overall.chi2, 3),
            dof=self.overall.dof,
            p_value=self.overall.p_value,
            method=self.overall.method,
            cramers_v=round(self.overall.cramers_v, 3),
            min_expected=round(self.overall.min_expected, 3),
            note=self.overall.note,
        )
        extra = pd.DataFrame([head, tail], index=["(all units)", "(overall)"])
        out = pd.concat([extra.iloc[:1], frame, extra.iloc[1:]])
        whole = ["level", "dof", *(f"{g}: units" for g in self.crosstab.columns)]
        for column in whole:
            out[column] = pd.to_numeric(out[column]).round().astype("Int64")
        out.index.name = "code"
        return out


# --------------------------------------------------------------------------- counting


def count_coded_units(
    segments: pd.DataFrame,
    units: pd.DataFrame,
    documents: pd.DataFrame,
    codebook: Codebook,
    *,
    by: Sequence[str] = ("city",),
    coders: Sequence[str] | None = None,
) -> GroupCounts:
    """Coded units per code and group, and units per group (see the module docstring).

    ``segments`` needs ``doc_id, unit, code, status`` (and ``coder`` when
    ``coders`` is given); ``units`` the units that could be coded (``doc_id``,
    ``unit``); ``documents`` ``doc_id`` and the attributes in ``by``. What
    counts is :func:`~interviewkit.analysis.themes.coded_units`' rule, the
    same as that of theme tables. Documents without a value for an attribute
    of ``by`` belong to no group: they are left out (``GroupCounts.missing``).
    """
    import numpy as np
    import pandas as pd

    order_groups, group_of = _document_groups(documents, by)
    counted = coded_units(segments, units, codebook, coders=coders)
    codes, parents = counted.codes, counted.parents
    n_groups, n_codes = len(order_groups), len(codes)
    frame = counted.frame
    group = group_of(frame)
    code = pd.Index(codes).get_indexer(frame["code"].to_numpy())
    inside = group >= 0
    counts = np.bincount(code[inside] * n_groups + group[inside], minlength=n_codes * n_groups)
    unit_group = group_of(units.drop_duplicates(["doc_id", "unit"]))
    totals = np.bincount(unit_group[unit_group >= 0], minlength=n_groups)
    return _group_counts(
        counts.reshape(n_codes, n_groups),
        totals,
        order_groups,
        codes,
        parents,
        codebook=codebook,
        by=by,
        documents=documents,
        left_out=len(counted.left_out),
        basis=counted.basis,
    )


def _document_groups(
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


def _group_counts(
    counts: np.ndarray,
    totals: np.ndarray,
    order_groups: list[Any],
    codes: list[str],
    parents: list[str],
    *,
    codebook: Codebook,
    by: Sequence[str],
    documents: pd.DataFrame,
    left_out: int,
    basis: Any,
) -> GroupCounts:
    """A :class:`GroupCounts` from the code × group counts and the units per group."""
    import pandas as pd

    coded = pd.DataFrame(
        counts,
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
        left_out,
        basis=basis,
        missing=missing_values(documents, by),
    )


@dataclass(frozen=True)
class DocumentCounts:
    """Coded units per document and code, counted by the project (:func:`project_unit_counts`).

    ``counts``: ``doc_id, code, units`` (parents rolled up, each unit once);
    ``doc_units``: ``doc_id, units``, respondent units per document;
    ``documents``: the project's documents; ``seen``: the codes the counted
    coders' codings use (interviewer turns included); ``left_out``: codings
    on interviewer turns; ``basis``: whose codings counted.
    """

    counts: pd.DataFrame
    doc_units: pd.DataFrame
    documents: pd.DataFrame
    seen: list[str]
    left_out: int
    basis: CountingBasis


def project_unit_counts(
    project: Project, codebook: Codebook, *, coders: Sequence[str] | None = None
) -> DocumentCounts:
    """:func:`~interviewkit.analysis.themes.coded_units`' rule, counted by SQLite per document.

    Each code counts the units coded with it or any of its descendants; codes
    the codebook no longer has count their own units. Gives the same numbers
    as the frames path, without reading every coding out of the project.
    """
    known = [c.id for c in codebook.walk()]
    members: dict[str, set[str]] = {c: {c, *codebook.descendants(c)} for c in known}
    for code in project.code_names():
        members.setdefault(code, {code})
    found = project.coded_unit_counts(members=members, coders=coders)
    return DocumentCounts(
        found.counts,
        found.doc_units,
        project.documents(),
        found.codes,
        found.left_out,
        counting_basis(found.basis, coders=coders),
    )


def group_document_counts(
    counted: DocumentCounts, codebook: Codebook, *, by: Sequence[str] = ("city",)
) -> GroupCounts:
    """:func:`count_coded_units`' result from per-document counts: each group sums its documents."""
    import numpy as np
    import pandas as pd

    documents = counted.documents
    order_groups, group_of = _document_groups(documents, by)
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
    return _group_counts(
        counts.reshape(n_codes, n_groups),
        totals,
        order_groups,
        codes,
        parents,
        codebook=codebook,
        by=by,
        documents=documents,
        left_out=counted.left_out,
        basis=counted.basis,
    )


# --------------------------------------------------------------------------- comparing


def _compare_counts(
    counts: GroupCounts,
    groups: Sequence[str],
    *,
    title: str,
    by: Sequence[str],
    n_permutations: int,
    seed: int | None,
) -> Comparison:
    """Test leaf and parent codes (two Holm families) over ``groups`` and merge them."""
    import pandas as pd

    from interviewkit.analysis.stats import compare_groups

    coded = counts.coded[list(groups)]
    totals = counts.totals[list(groups)]
    leaf = compare_groups(
        coded.loc[counts.leaves], totals, n_permutations=n_permutations, seed=seed
    )
    parts: list[tuple[str, ComparisonResult]] = [(LEAF, leaf)]
    if counts.parents:
        parent = compare_groups(
            coded.loc[counts.parents], totals, n_permutations=n_permutations, seed=seed
        )
        parts.append((PARENT, parent))
    order = list(counts.coded.index)

    def merged(attribute: str) -> pd.DataFrame:
        frames = [getattr(result, attribute) for _, result in parts]
        return pd.concat(frames).reindex(order)

    tests = pd.concat([result.tests.assign(family=family) for family, result in parts]).reindex(
        order
    )
    tests.index.name = "code"
    notes = _notes(leaf, counts, with_parents=bool(counts.parents))
    return Comparison(
        title=title,
        by=tuple(by),
        crosstab=merged("crosstab"),
        shares=merged("shares"),
        residuals=merged("residuals"),
        tests=tests,
        overall=leaf.overall,
        totals=leaf.crosstab.columns.to_series().map(totals).astype(int),
        names=counts.names,
        levels=counts.levels,
        notes=notes,
        basis=counts.basis,
        missing=counts.missing,
    )


def _notes(leaf: ComparisonResult, counts: GroupCounts, *, with_parents: bool) -> list[str]:
    notes = list(leaf.notes)
    if with_parents:
        notes.insert(
            0,
            f"Holm's adjustment runs over the {len(counts.leaves)} leaf codes; parent codes "
            "(a summary of their children) are tested as a separate family.",
        )
    if counts.dropped:
        notes.append(
            f"{counts.dropped} coding(s) on interviewer turns not counted: the shares are of "
            "respondent units."
        )
    return notes


def compare_themes(
    segments: pd.DataFrame,
    units: pd.DataFrame,
    documents: pd.DataFrame,
    codebook: Codebook,
    *,
    by: Sequence[str] = ("city",),
    coders: Sequence[str] | None = None,
    n_permutations: int = 10000,
    seed: int | None = 0,
) -> Comparison:
    """Crosstab, shares, per-code tests (Holm), residuals and the overall test by group.

    Takes the frames of a project (``segments``, respondent ``units``,
    ``documents``); see :func:`count_coded_units` for what counts and
    :func:`~interviewkit.analysis.stats.compare_groups` for the tests.
    """
    counts = count_coded_units(segments, units, documents, codebook, by=by, coders=coders)
    return _compare_all(counts, by=by, n_permutations=n_permutations, seed=seed)


def compare_themes_counted(
    counted: DocumentCounts,
    codebook: Codebook,
    *,
    by: Sequence[str] = ("city",),
    n_permutations: int = 10000,
    seed: int | None = 0,
) -> Comparison:
    """:func:`compare_themes` from a project's per-document counts (:func:`project_unit_counts`)."""
    counts = group_document_counts(counted, codebook, by=by)
    return _compare_all(counts, by=by, n_permutations=n_permutations, seed=seed)


def _compare_all(
    counts: GroupCounts, *, by: Sequence[str], n_permutations: int, seed: int | None
) -> Comparison:
    if counts.coded.columns.empty:
        attrs = ", ".join(by)
        raise UsageError(
            f"no transcript has a value for {attrs}: there are no groups to compare",
            hint="Give the transcripts' attributes with --metadata SHEET (a CSV with doc_id "
            f"and {attrs}), or choose another attribute with --by.",
        )
    title = " / ".join(by) if by else "all"
    return _compare_counts(
        counts,
        list(counts.coded.columns),
        title=title,
        by=by,
        n_permutations=n_permutations,
        seed=seed,
    )


# --------------------------------------------------------------------------- partnerships


def partner_pairs(documents: pd.DataFrame) -> list[tuple[str, str]]:
    """The partnerships in the data: (city, partner city) pairs from ``partner_city``.

    Each pair is listed once, the city of the country that comes first in the
    documents (sorted by id) on the left; a pair needs transcripts from both
    cities.
    """
    for column in ("city", "partner_city"):
        if column not in documents.columns or documents[column].isna().all():
            raise UsageError(
                f"--pairs needs the attribute '{column}' in the transcripts' metadata",
                hint="Add city, country and partner_city columns to the metadata sheet "
                "('interviewkit add FILES --metadata SHEET').",
            )
    docs = documents.sort_values("doc_id")
    cities = set(docs["city"].dropna().astype(str))
    country_rank: dict[str, int] = {}
    if "country" in docs.columns:
        for country in docs["country"].dropna().astype(str):
            country_rank.setdefault(country, len(country_rank))
    city_country = {}
    if "country" in docs.columns:
        city_country = dict(zip(docs["city"].astype(str), docs["country"].astype(str), strict=True))
    pairs: dict[frozenset[str], tuple[str, str]] = {}
    for city, partner in zip(docs["city"], docs["partner_city"], strict=True):
        if not isinstance(city, str) or not isinstance(partner, str):
            continue
        if partner not in cities or partner == city:
            continue
        pair = sorted(
            (city, partner),
            key=lambda c: (country_rank.get(city_country.get(c, ""), math.inf), c),
        )
        pairs.setdefault(frozenset(pair), (pair[0], pair[1]))
    return list(pairs.values())


def compare_pairs(
    segments: pd.DataFrame,
    units: pd.DataFrame,
    documents: pd.DataFrame,
    codebook: Codebook,
    *,
    coders: Sequence[str] | None = None,
    n_permutations: int = 10000,
    seed: int | None = 0,
) -> list[Comparison]:
    """Each city against its partner city, then country against country.

    Every comparison is a family of its own for Holm's adjustment (the notes
    say so). Countries are compared when there are exactly two.
    """

    def count(by: Sequence[str]) -> GroupCounts:
        return count_coded_units(segments, units, documents, codebook, by=by, coders=coders)

    return _compare_pairs(documents, count, n_permutations=n_permutations, seed=seed)


def compare_pairs_counted(
    counted: DocumentCounts,
    codebook: Codebook,
    *,
    n_permutations: int = 10000,
    seed: int | None = 0,
) -> list[Comparison]:
    """:func:`compare_pairs` from a project's per-document counts (:func:`project_unit_counts`)."""

    def count(by: Sequence[str]) -> GroupCounts:
        return group_document_counts(counted, codebook, by=by)

    return _compare_pairs(counted.documents, count, n_permutations=n_permutations, seed=seed)


def _compare_pairs(
    documents: pd.DataFrame,
    count: Callable[[Sequence[str]], GroupCounts],
    *,
    n_permutations: int,
    seed: int | None,
) -> list[Comparison]:
    pairs = partner_pairs(documents)
    if not pairs:
        raise UsageError(
            "no partnership has transcripts from both cities",
            hint="--pairs pairs each city with its partner_city; check the metadata.",
        )
    by_city = count(["city"])
    out = [
        _compare_counts(
            by_city,
            list(pair),
            title=PAIR_SEPARATOR.join(pair),
            by=["city"],
            n_permutations=n_permutations,
            seed=seed,
        )
        for pair in pairs
    ]
    if "country" in documents.columns:
        by_country = count(["country"])
        ranked = list(dict.fromkeys(documents.sort_values("doc_id")["country"].dropna()))
        countries = [c for c in ranked if c in by_country.coded.columns and c != MISSING]
        if len(countries) == 2:
            out.append(
                _compare_counts(
                    by_country,
                    countries,
                    title=PAIR_SEPARATOR.join(countries),
                    by=["country"],
                    n_permutations=n_permutations,
                    seed=seed,
                )
            )
    return out


def pairs_table(comparisons: Sequence[Comparison]) -> pd.DataFrame:
    """Pair comparisons as one long table: one row per comparison and code, sides a and b."""
    import pandas as pd

    rows = []
    for comparison in comparisons:
        left, right = comparison.groups
        for code in comparison.crosstab.index:
            test = comparison.tests.loc[code]
            row = {
                "comparison": comparison.title,
                "code": code,
                "name": comparison.names.get(code, code),
                "level": comparison.levels.get(code, 0),
            }
            for side, group in (("a", left), ("b", right)):
                row[f"group_{side}"] = group
                row[f"n_{side}"] = int(comparison.totals[group])
                row[f"units_{side}"] = int(comparison.crosstab.at[code, group])
                row[f"pct_{side}"] = round(float(comparison.shares.at[code, group]) * 100, 1)
                row[f"residual_{side}"] = round(float(comparison.residuals.at[code, group]), 2)
            row.update({key: test[key] for key in comparison.tests.columns})
            rows.append(row)
    return pd.DataFrame(rows)
