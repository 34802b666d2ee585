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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from interviewkit.analysis.counting import DocumentCounts
from interviewkit.analysis.groups import GroupCounts, count_coded_units, group_document_counts
from interviewkit.analysis.selection import CountingBasis, Selection
from interviewkit.errors import UsageError

if TYPE_CHECKING:
    import pandas as pd

    from interviewkit.analysis.stats import ComparisonResult, OverallTest
    from interviewkit.codebook.model import Codebook

__all__ = [
    "Comparison",
    "compare_counts",
    "compare_themes",
    "compare_themes_counted",
]

LEAF = "leaf"
PARENT = "parent"


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


# --------------------------------------------------------------------------- comparing


def compare_counts(
    counts: GroupCounts,
    groups: Sequence[str],
    *,
    title: str,
    by: Sequence[str],
    n_permutations: int,
    seed: int | None,
) -> Comparison:
    """Test leaf and parent codes (two Holm families) over ``groups`` and merge them.

    ``groups`` are columns of ``counts.coded``: all of them, or a pair (partnerships).
    """
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
            f"{counts.dropped} coding(s) on interviewer turns, headers or headings not counted: "
            "the shares are of "
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
    coders: Sequence[str] | Selection | None = None,
    decisions: pd.DataFrame | None = None,
    kinds: Mapping[str, str] | None = None,
    n_permutations: int = 10000,
    seed: int | None = 0,
) -> Comparison:
    """Crosstab, shares, per-code tests (Holm), residuals and the overall test by group.

    Takes the frames of a project (``segments``, respondent ``units``,
    ``documents``); see :mod:`~interviewkit.analysis.counting` for what counts and
    :func:`~interviewkit.analysis.stats.compare_groups` for the tests.
    """
    counts = count_coded_units(
        segments, units, documents, codebook, by=by, coders=coders, decisions=decisions, kinds=kinds
    )
    return _compare_all(counts, by=by, n_permutations=n_permutations, seed=seed)


def compare_themes_counted(
    counted: DocumentCounts,
    codebook: Codebook,
    *,
    by: Sequence[str] = ("city",),
    n_permutations: int = 10000,
    seed: int | None = 0,
) -> Comparison:
    """:func:`compare_themes` from per-document counts (:mod:`~interviewkit.analysis.counting`)."""
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
    return compare_counts(
        counts,
        list(counts.coded.columns),
        title=title,
        by=by,
        n_permutations=n_permutations,
        seed=seed,
    )
