"""Agreement between coders of a project: from its codings to tables, disagreements and scores.

The coefficients themselves live in :mod:`interviewkit.analysis.agreement`, applied to a
matrix of decisions by :mod:`interviewkit.analysis.agreement_table`; this module decides
what is compared with what (see ``docs/agreement.md``):

* **Whose codings.** A person's codings are their manual codings plus the automatic suggestions
  they accepted; an automatic coder's are its suggestions that were not rejected.
* **Which documents.** A coder coded a document when it holds at least one of their codings or
  reviews (rejections too) or a memo of theirs on the document; in other documents the coder's
  decisions are *missing*, not "absent". The store records no visits, so this is the best trace.
* **Which units.** Unit mode: every respondent unit (interviewer turns only if someone coded
  them) of those documents, as stored; each code is present (1) or absent (0) on each unit.
  Overlap mode: codings of a code are matched across coders when they overlap by at least the
  given share of their union (as MAXQDA does); a matched group, or an unmatched coding, is one
  unit.
* **Variables.** A code family the codebook declares exclusive is one variable, one row: on
  each unit a coder's value is the child they applied
  (:mod:`~interviewkit.analysis.reliability_variables`).

Everything here returns data; nothing prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from interviewkit.analysis.coding_sheet import read_codings
from interviewkit.analysis.counting import code_members, roll_up
from interviewkit.analysis.reliability_units import (
    by_overlap,
    by_unit,
    coded_documents,
    machine_notes,
    undecided,
    waiting_note,
)
from interviewkit.analysis.reliability_variables import (
    Choice,
    Variable,
    choose,
    variable_by_overlap,
    variable_by_unit,
    variable_disagreements,
    variable_notes,
    variable_rows,
)
from interviewkit.analysis.selection import coder_coding
from interviewkit.errors import DataError, UsageError
from interviewkit.models import AUTO

if TYPE_CHECKING:
    import pandas as pd

    from interviewkit.codebook.model import Codebook
    from interviewkit.store import Project

#: Reading aid printed with every table (Krippendorff 2004, p. 241).
READING_AID = (
    "Reading aid (Krippendorff 2004): alpha >= 0.800 reliable; 0.667-0.800 tentative "
    "conclusions only; below 0.667 unreliable. Read it with the number of units and the "
    "95% interval: a rare code gives a wide interval. Not a verdict on its own."
)


@dataclass(frozen=True)
class Reliability:
    """What :func:`reliability_of_frames` finds: a row per code and the pooled row, and its sense.

    ``table`` is indexed by code id and has the columns ``name``, ``level`` (``binary`` for a
    code present or absent, ``nominal`` or ``ordinal`` for a variable: an exclusive code family,
    indexed by its code), ``n_units``, ``percent_agreement``, ``cohen_kappa``, ``fleiss_kappa``,
    ``brennan_prediger``, ``alpha`` (at the row's level), ``alpha_low``, ``alpha_high``,
    ``coded_<coder>`` (units on which each coder applied the code, or gave the variable a
    value), with an ordinal variable ``weighted_kappa_linear`` and
    ``weighted_kappa_quadratic``, and, when an automatic coder is compared with people,
    ``precision``, ``recall`` and ``f1`` (``precision <person>`` … with more than one person;
    binary rows only). The pooled row pools the binary rows.
    """

    table: pd.DataFrame
    disagreements: pd.DataFrame
    coders: tuple[str, ...]
    automatic: tuple[str, ...]
    mode: str
    unit_kind: str
    overlap: float | None
    documents: dict[str, tuple[str, ...]]
    shared_documents: tuple[str, ...]
    notes: tuple[str, ...] = field(default=())
    variables: tuple[Variable, ...] = field(default=())

    def unit_of_analysis(self) -> str:
        """One plain sentence saying what a unit is and when two coders agree."""
        if self.mode == "overlap":
            return (
                f"Unit of analysis: coded segments. Two codings of a code agree when they overlap "
                f"by at least {self.overlap:.0%} of their union (as MAXQDA does); each matched "
                "pair, and each coding without a match, is one unit"
                + (
                    "; the codings of a variable's values are matched whatever their value."
                    if self.variables
                    else "."
                )
            )
        return (
            f"Unit of analysis: the {self.unit_kind}s of the transcripts (respondent units; "
            "interviewer units only where someone coded them). Each code is present or absent "
            "on each unit" + ("; each variable takes one of its values." if self.variables else ".")
        )


def is_automatic(codings: pd.DataFrame, coder: str) -> bool:
    """Whether ``coder`` is an automatic coder (its codings are suggestions)."""
    suggested = (codings["coder"] == coder) & (codings["origin"] == "auto")
    return coder == AUTO or bool(suggested.any())


def reliability(
    project: Project,
    *,
    coders: Sequence[str],
    unit: str | None = None,
    codes: Sequence[str] | None = None,
    doc_ids: Sequence[str] | None = None,
    overlap: float | None = None,
    bootstrap: int = 1000,
    seed: int = 0,
) -> Reliability:
    """Agreement between ``coders`` on a project; :func:`reliability_of_frames` has the options."""
    known = project.coders()
    for name in coders:
        if name not in known:
            from interviewkit.store.lookup import unknown

            raise unknown(
                "coder",
                name,
                known,
                hint="Import a coding made elsewhere with 'interviewkit "
                "import-codings FILE --coder NAME'.",
            )
    book = project.codebook()
    if book is None:
        raise UsageError(
            "the project has no codebook", hint="Run 'interviewkit codebook load FILE'."
        )
    if doc_ids is not None:
        for doc_id in doc_ids:
            project.transcript(doc_id)  # raises, naming the valid ids
    return reliability_of_frames(
        project.codings(),
        project.units(),
        project.memos(),
        book,
        decisions=project.decisions(),
        coders=coders,
        unit=unit,
        codes=codes,
        doc_ids=doc_ids,
        overlap=overlap,
        bootstrap=bootstrap,
        seed=seed,
    )


def reliability_of_frames(
    codings: pd.DataFrame,
    units: pd.DataFrame,
    memos: pd.DataFrame,
    codebook: Codebook,
    *,
    coders: Sequence[str],
    decisions: pd.DataFrame | None = None,
    unit: str | None = None,
    codes: Sequence[str] | None = None,
    doc_ids: Sequence[str] | None = None,
    overlap: float | None = None,
    bootstrap: int = 1000,
    seed: int = 0,
) -> Reliability:
    """Agreement of ``coders`` from a project's frames (``codings()``, ``units()``, ``memos()``).

    Args:
        unit: the unit of analysis; only the kind the transcripts were stored with is possible
            (default: that kind).
        codes: code ids or names (a parent stands for itself and every code below it); default:
            the codebook's codes without children, then any other code the coders used.
        doc_ids: compare only in these documents.
        overlap: segment-overlap mode with this minimal overlap (share of the union, 0-1].
        bootstrap: resamples for the 95% interval of alpha (0: none).
    """
    names = list(dict.fromkeys(coders))
    if len(names) < 2:
        raise UsageError(
            "agreement needs at least two coders",
            hint="Name them with --coders, e.g. --coders anna,ben or auto,anna.",
        )
    kind = _unit_kind(units, unit)
    if overlap is not None and not 0 < overlap <= 1:
        raise UsageError(
            f"the overlap must lie between 0 and 100 percent, got {overlap:.0%}",
            hint="MAXQDA's default is 90: --overlap 90.",
        )
    if decisions is None:
        import pandas as pd

        decisions = pd.DataFrame(columns=["coding", "doc_id", "coder", "verdict"])
    choice = choose(codebook, codes, codings, decisions, names)
    code_list, members = choice.codes, code_members(codebook, choice.codes)
    wanted = None if doc_ids is None else set(doc_ids)
    universe = {
        name: sorted(
            d
            for d in coded_documents(codings, decisions, memos, name)
            if wanted is None or d in wanted
        )
        for name in names
    }
    counts: dict[str, int] = {}
    for docs in universe.values():
        for doc in docs:
            counts[doc] = counts.get(doc, 0) + 1
    shared = tuple(sorted(d for d, n in counts.items() if n >= 2))
    if not shared:
        listed = "; ".join(f"{n}: {len(d)} document(s)" for n, d in universe.items())
        raise DataError(
            f"no document was coded by at least two of {', '.join(names)} ({listed})",
            hint="A coder coded a document when it holds at least one of their codings; "
            "check the names with 'interviewkit status' and the --docs you chose.",
        )
    waiting = undecided(codings, decisions, names, shared)
    own = {name: coder_coding(codings, decisions, name) for name in names}
    per_coder = {name: roll_up(frame, members, once=False) for name, frame in own.items()}
    if overlap is None:
        decisions, places = by_unit(per_coder, units, universe, code_list)
        variables = [variable_by_unit(f, own, units, universe) for f in choice.families]
    else:
        decisions, places = by_overlap(per_coder, units, universe, code_list, overlap)
        variables = [variable_by_overlap(f, own, units, universe, overlap) for f in choice.families]
    automatic = tuple(n for n in names if is_automatic(codings, n))
    people = [n for n in names if n not in automatic]
    table = _table(decisions, names, code_list, codebook, bootstrap, seed)
    if automatic and people:
        table = table.join(_scores(decisions, automatic[0], people, code_list))
    if variables:
        table = _with_variables(table, variable_rows(variables, names, bootstrap, seed), choice)
    notes = (
        choice.notes + variable_notes(variables) + machine_notes(automatic) + waiting_note(waiting)
    )
    if overlap is not None:
        notes += (
            "In segment-overlap mode no unit is left uncoded by every coder, so kappa and alpha "
            "have no agreeing 'absent' units and come out low, often negative, even when the "
            "coders agree well; read percent agreement (MAXQDA's segment agreement) and, for "
            "an automatic coder, precision and recall.",
        )
    return Reliability(
        table=table,
        disagreements=_disagreements(decisions, places, names, codebook, variables),
        coders=tuple(names),
        automatic=automatic,
        mode="unit" if overlap is None else "overlap",
        unit_kind=kind,
        overlap=overlap,
        documents={n: tuple(d) for n, d in universe.items()},
        shared_documents=shared,
        notes=notes,
        variables=tuple(variables),
    )


def _unit_kind(units: pd.DataFrame, unit: str | None) -> str:
    from interviewkit.transcripts.units import check_unit_kind

    stored = sorted(set(units["kind"].astype(str))) or ["turn"]
    if unit is None:
        return stored[0] if len(stored) == 1 else "unit"
    check_unit_kind(unit)
    if stored != [unit]:
        raise UsageError(
            f"the transcripts were added with {' and '.join(s + 's' for s in stored)} as units, "
            f"not {unit}s; agreement is measured on the stored units",
            hint="Codings made on whole turns cannot be split into sentences afterwards: add the "
            f"transcripts to a new project with 'interviewkit add --unit {unit}' and code "
            "there, or compare coded spans with --overlap PERCENT.",
        )
    return unit


def _table(
    decisions: pd.DataFrame,
    coders: list[str],
    codes: list[str],
    codebook: Codebook,
    bootstrap: int,
    seed: int,
) -> pd.DataFrame:
    """The coefficients per code and pooled, from the decisions matrix."""
    import math

    import pandas as pd

    from interviewkit.analysis.agreement_table import POOLED, TABLE_COLUMNS

    rows = []
    for code in [*codes, POOLED]:
        part = decisions if code == POOLED else _of_code(decisions, code)
        row: dict[str, Any] = dict.fromkeys(TABLE_COLUMNS, math.nan)
        row["n_units"] = 0
        if len(part):
            row.update(_coefficients(part, coders, bootstrap, seed))
        for name in coders:
            row[f"coded_{name}"] = int((part[name] == 1).sum()) if len(part) else 0
        rows.append(row)
    table = pd.DataFrame(rows, index=pd.Index([*codes, POOLED], name="code", dtype=object))
    names = {c.id: c.name for c in codebook.codes}
    table.insert(0, "name", [names.get(c, "all codes" if c == POOLED else c) for c in table.index])
    table.insert(1, "level", "binary")
    table["n_units"] = table["n_units"].astype(int)
    return table


def _with_variables(table: pd.DataFrame, rows: pd.DataFrame, choice: Choice) -> pd.DataFrame:
    """The binary rows and the variables' rows in the order chosen, the pooled row last.

    The pooled row pools the binary rows only; without binary codes there is none.
    """
    import pandas as pd

    from interviewkit.analysis.agreement_table import POOLED, TABLE_COLUMNS, WEIGHTED_COLUMNS

    pooled = table.loc[[POOLED]].assign(name="all binary codes") if choice.codes else None
    combined = pd.concat([table.drop(index=POOLED), rows])
    ordered = combined.loc[[c for c in choice.order if c in combined.index]]
    out = ordered if pooled is None else pd.concat([ordered, pooled])
    first = ["name", "level", *TABLE_COLUMNS, *(c for c in WEIGHTED_COLUMNS if c in out.columns)]
    out = out[[*first, *(c for c in out.columns if c not in first)]]
    out.index.name = "code"
    out["n_units"] = out["n_units"].astype(int)
    return out


def _of_code(decisions: pd.DataFrame, code: str) -> pd.DataFrame:
    return decisions[decisions.index.get_level_values("code") == code]


def _coefficients(
    part: pd.DataFrame, coders: list[str], bootstrap: int, seed: int
) -> dict[str, Any]:
    """The coefficients of one block of decisions (each row a unit, each column a coder).

    The decisions are put in the order of their (document, place, code) keys,
    so that the bootstrap draws the same units whatever order they came in.
    """
    import numpy as np

    from interviewkit.analysis.agreement_table import binary_agreement

    keys = list(part.index)
    order = sorted(range(len(keys)), key=keys.__getitem__)
    matrix = part[coders].to_numpy(dtype=float)[order].T
    if not ((~np.isnan(matrix)).sum(axis=0) >= 2).any():
        return {}
    return binary_agreement(matrix, bootstrap=bootstrap, seed=seed)


def _scores(
    decisions: pd.DataFrame, auto: str, people: list[str], codes: list[str]
) -> pd.DataFrame:
    """Precision, recall and F1 of ``auto`` against each person, per code and pooled."""
    import math

    import pandas as pd

    from interviewkit.analysis.agreement import precision_recall_f1
    from interviewkit.analysis.agreement_table import POOLED

    rows: dict[str, dict[str, float]] = {}
    for code in [*codes, POOLED]:
        part = decisions if code == POOLED else _of_code(decisions, code)
        row: dict[str, float] = {}
        for person in people:
            both = part[[person, auto]].dropna()
            suffix = "" if len(people) == 1 else f" {person}"
            scores = (math.nan, math.nan, math.nan)
            if len(both):
                scores = precision_recall_f1(both[person].astype(int), both[auto].astype(int))
            for key, value in zip(("precision", "recall", "f1"), scores, strict=True):
                row[key + suffix] = value
        rows[code] = row
    return pd.DataFrame.from_dict(rows, orient="index")


def _disagreements(
    decisions: pd.DataFrame,
    places: pd.DataFrame,
    coders: list[str],
    codebook: Codebook,
    variables: Sequence[Variable] = (),
) -> pd.DataFrame:
    """The units where the coders who coded them differ, with their text."""
    values = decisions[coders]
    known = values.notna().sum(axis=1) >= 2
    differ = known & (values.max(axis=1) != values.min(axis=1))
    rows = decisions[differ].reset_index()
    names = {c.id: c.name for c in codebook.codes}
    out = rows.merge(places, on=["doc_id", "place"], how="left")
    out.insert(out.columns.get_loc("code") + 1, "code_name", [names.get(c, c) for c in out["code"]])
    for name in coders:
        out[name] = out[name].map(lambda v: "—" if v != v else ("yes" if v == 1 else "no"))
        if f"span_{name}" in out.columns:
            spans = out.pop(f"span_{name}")
            out[name] = [
                s if v == "yes" and isinstance(s, str) else v
                for v, s in zip(out[name], spans, strict=True)
            ]
    first = [
        c
        for c in ("doc_id", "unit", "speaker", "start", "end", "code", "code_name")
        if c in out.columns
    ]
    found = out[[*first, *coders, "text"]]
    valued = variable_disagreements(variables, coders)
    if valued.empty:
        return found.reset_index(drop=True)
    import pandas as pd

    both = pd.concat([found, valued[[*first, *coders, "text"]]], ignore_index=True)
    return both.sort_values(["doc_id", "unit"], kind="stable").reset_index(drop=True)


__all__ = [
    "READING_AID",
    "Reliability",
    "coded_documents",
    "is_automatic",
    "read_codings",
    "reliability",
    "reliability_of_frames",
]
