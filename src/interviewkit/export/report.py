"""What a study report holds, gathered from a project: one call, plain data.

:func:`gather_report` reads a project and runs the analysis (theme tables,
comparisons, agreement) the way the terminal commands do, with the same
counting rule and footnotes; :mod:`.html_report` and :mod:`.docx_report` only
lay the result out. Which coding is counted comes in through one value,
:class:`CodingChoice`, made by :func:`coding_choice`.

Quotes are the units that count (respondent units, codings not rejected, by
the chosen coders; each unit once per code), so that a code's number of quotes
is its number in the theme table. Each quote keeps the spans of the words that
made the code fire (the evidence of an automatic coding) or the span a person
coded, to be highlighted.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from interviewkit.models import merge_spans

if TYPE_CHECKING:
    import pandas as pd

    from interviewkit.analysis.compare import Comparison
    from interviewkit.analysis.reliability import Reliability
    from interviewkit.analysis.selection import Selection
    from interviewkit.analysis.themes import ThemeTable
    from interviewkit.codebook.model import Codebook
    from interviewkit.store import Project

__all__ = [
    "CodeQuotes",
    "CodingChoice",
    "Glance",
    "Quote",
    "StudyReport",
    "coding_choice",
    "gather_report",
]

#: Quotes shown per group before "and N more".
QUOTES_PER_GROUP = 5
PARENT_RULE = "A parent counts each unit coded with it or with any of its children once."


@dataclass(frozen=True)
class CodingChoice:
    """Which coding the report counts (``--coder``; see :mod:`interviewkit.analysis.selection`)."""

    selection: Selection = field(default_factory=lambda: _selection(None))

    @property
    def coders(self) -> tuple[str, ...] | None:
        """The coders named, or ``None`` (all, accepted or unreviewed codings)."""
        return self.selection.coders or None


def _selection(coder: str | None) -> Selection:
    from interviewkit.analysis.selection import Selection

    return Selection.parse(coder)


def coding_choice(coder: str | None) -> CodingChoice:
    """The user's choice of coding (``--coder anna,ben``, ``final``, ``accepted``…) as the report
    counts it.

    Every count, table and quote of the report goes through the value this
    returns, and nothing else: the one place to change what "counted" means.
    """
    return CodingChoice(_selection(coder))


@dataclass(frozen=True)
class Quote:
    """One coded unit: its text, the coded words (offsets into ``text``) and where it is."""

    doc_id: str
    unit: int
    speaker: str | None
    time: float | None
    text: str
    marks: tuple[tuple[int, int], ...]
    coders: tuple[str, ...]


@dataclass(frozen=True)
class CodeQuotes:
    """A code's quotes, grouped by the value of an attribute (groups in order)."""

    code: str
    groups: dict[str, list[Quote]]

    @property
    def count(self) -> int:
        return sum(len(q) for q in self.groups.values())


@dataclass(frozen=True)
class Glance:
    """The study at a glance."""

    documents: int
    words: int
    units: int
    respondent_units: int
    attributes: dict[str, dict[str, int]]
    coders: dict[str, int]


@dataclass(frozen=True)
class StudyReport:
    """Everything a report shows, in the order it shows it."""

    title: str
    codebook: Codebook
    glance: Glance
    choice: CodingChoice
    counted: list[str]
    themes: list[ThemeTable]
    comparisons: list[Comparison | str]
    quote_by: str
    quotes: dict[str, CodeQuotes]
    per_group: int
    agreement: Reliability | None
    memos: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    agreement_note: str = ""

    @property
    def names(self) -> dict[str, str]:
        return {c.id: c.name for c in self.codebook.codes}


def gather_report(
    project: Project,
    *,
    by: Sequence[str] = ("city",),
    choice: CodingChoice | None = None,
    per_group: int = QUOTES_PER_GROUP,
    title: str | None = None,
    permutations: int = 10000,
    seed: int = 0,
    bootstrap: int = 1000,
) -> StudyReport:
    """Read ``project`` and analyse it for a report: one theme table and one comparison per
    attribute of ``by``, quotes grouped by the first, agreement where several coders coded."""
    from interviewkit.analysis.compare import compare_themes_counted
    from interviewkit.analysis.counting import document_counts
    from interviewkit.analysis.selection import coding_ids, counted_lines
    from interviewkit.analysis.themes import group_labels, theme_table_counted
    from interviewkit.errors import UsageError

    choice = choice or CodingChoice()
    book = project.codebook()
    if book is None:
        raise UsageError(
            "the project has no codebook", hint="Run 'interviewkit codebook load FILE'."
        )
    by = [a for a in by if a] or ["city"]
    documents = project.documents()
    group_labels(documents, by)  # an unknown attribute fails here, naming the known ones
    keys = project.coding_keys()
    counted = document_counts(project, book, coders=choice.selection)
    themes = [theme_table_counted(counted, book, by=[attr]) for attr in by]
    comparisons: list[Comparison | str] = []
    for attr, table in zip(by, themes, strict=True):
        groups = [g for g in table.groups if g != "total"]
        if len(groups) < 2:
            comparisons.append(f"Only one group by {attr}: nothing to compare.")
            continue
        comparisons.append(
            compare_themes_counted(counted, book, by=[attr], n_permutations=permutations, seed=seed)
        )
    units = project.units()
    agreement, agreement_note = _agreement(
        project, keys, choice=choice, bootstrap=bootstrap, seed=seed
    )
    quotes = _quotes(project, book, units, documents, by[0], coding_ids(project, choice.selection))
    return StudyReport(
        title=title or f"{book.name}: themes by {', '.join(by)}",
        codebook=book,
        glance=_glance(documents, units, keys, by),
        choice=choice,
        counted=counted_lines(themes[0].basis, themes[0].left_out),
        themes=themes,
        comparisons=comparisons,
        quote_by=by[0],
        quotes=quotes,
        per_group=per_group,
        agreement=agreement,
        memos=project.memos(),
        notes=[PARENT_RULE],
        agreement_note=agreement_note,
    )


def _glance(
    documents: pd.DataFrame, units: pd.DataFrame, keys: pd.DataFrame, by: Sequence[str]
) -> Glance:
    from interviewkit.analysis.themes import MISSING

    attributes: dict[str, dict[str, int]] = {}
    shown = [*by, *(a for a in ("country", "language", "institution") if a not in by)]
    for attr in shown:
        if attr in documents.columns and documents[attr].notna().any():
            values = documents[attr].fillna(MISSING).astype(str).replace("", MISSING)
            counts = values.value_counts().sort_index()
            attributes[attr] = {str(k): int(v) for k, v in counts.items()}
    coders = {str(k): int(v) for k, v in keys["coder"].value_counts().sort_index().items()}
    return Glance(
        documents=len(documents),
        words=int(documents["words"].sum()) if "words" in documents.columns else 0,
        units=len(units),
        respondent_units=int((~units["interviewer"].astype(bool)).sum()),
        attributes=attributes,
        coders=coders,
    )


def _quotes(
    project: Project,
    book: Codebook,
    units: pd.DataFrame,
    documents: pd.DataFrame,
    attr: str,
    counted: Sequence[int] | None,
) -> dict[str, CodeQuotes]:
    """Each code's counted units as quotes, grouped by ``attr``, in the codebook's order.

    ``counted``: the ids of the codings that count (``None``: all not rejected)."""
    from interviewkit.analysis.themes import group_labels

    groups = group_labels(documents, [attr])
    unit_rows = {
        (str(r.doc_id), int(r.unit)): r
        for r in units.itertuples(index=False)
        if not bool(r.interviewer)
    }
    found: dict[str, dict[tuple[str, int], tuple[set[tuple[int, int]], set[str]]]] = {}
    review = project.reviewing()
    wanted = None if counted is None else set(counted)
    for doc_id in documents["doc_id"]:
        for coding in review.unit_codings(str(doc_id)):
            if coding.status == "rejected" if wanted is None else coding.id not in wanted:
                continue
            row = unit_rows.get((str(doc_id), coding.unit))
            if row is None:  # an interviewer's turn: not counted
                continue
            marks, who = found.setdefault(coding.code, {}).setdefault(
                (str(doc_id), coding.unit), (set(), set())
            )
            who.add(coding.coder)
            spans = list(coding.evidence)
            if not spans and (coding.start, coding.end) != (int(row.start), int(row.end)):
                spans = [(coding.start, coding.end)]
            for start, end in spans:
                a, b = max(start, int(row.start)), min(end, int(row.end))
                if a < b:
                    marks.add((a - int(row.start), b - int(row.start)))
    order = [c.id for c in book.walk()]
    order += sorted(set(found) - set(order))
    out: dict[str, CodeQuotes] = {}
    group_order = sorted({str(g) for g in groups}, key=str)
    for code in order:
        by_group: dict[str, list[Quote]] = {g: [] for g in group_order}
        for (doc_id, unit), (marks, who) in sorted(found.get(code, {}).items()):
            row = unit_rows[(doc_id, unit)]
            time = row.time_start if row.time_start == row.time_start else None
            by_group.setdefault(str(groups.get(doc_id, "")), []).append(
                Quote(
                    doc_id=doc_id,
                    unit=unit,
                    speaker=None if row.speaker is None else str(row.speaker),
                    time=None if time is None or math.isnan(time) else float(time),
                    text=str(row.text),
                    marks=tuple(merge_spans(marks)),
                    coders=tuple(sorted(who)),
                )
            )
        out[code] = CodeQuotes(code, {g: q for g, q in by_group.items() if q})
    return out


def _agreement(
    project: Project,
    keys: pd.DataFrame,
    *,
    choice: CodingChoice,
    bootstrap: int,
    seed: int,
) -> tuple[Reliability | None, str]:
    """Agreement between the coders a report is about, or a note on why there is none.

    The coders named with ``--coder`` when they are two or more; else the people
    who coded (the automatic coder and a final coding are not independent
    coders); else one person against the automatic coder. ``None`` when there
    are not two to compare, or when they coded no document in common: the rest
    of the report is still made, and the note says why agreement is missing.
    """
    from interviewkit.analysis.reliability import reliability
    from interviewkit.errors import DataError

    kinds = project.coder_kinds()
    decided = set(project.decisions()["coder"])
    worked = set(keys["coder"]) | decided if len(keys) else decided
    named = list(choice.selection.coders)
    if len(named) >= 2:
        coders = named
    else:
        people = [c for c in project.coders() if kinds.get(c) == "person" and c in worked]
        machines = [c for c in project.coders() if kinds.get(c) == "auto" and c in worked]
        coders = people if len(people) >= 2 else [*machines[:1], *people]
    if len(coders) < 2:
        return None, ""
    try:
        return reliability(project, coders=coders, bootstrap=bootstrap, seed=seed), ""
    except DataError as error:
        return None, f"No agreement to report: {error.message}."


def time_label(seconds: float | None) -> str:
    """``1:02:03`` or ``2:03`` for a unit's start time; empty without one."""
    if seconds is None:
        return ""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
