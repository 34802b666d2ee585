"""Whose judgement the codebook learns from: a person's coding, as a label on every unit.

``rules``, ``suggest`` and ``codebook tune`` compare what the rules did with
what people decided. The reference is chosen with ``--coder`` (as everywhere,
:mod:`interviewkit.analysis.selection`): a person (``anna``), several people
pooled (``anna,ben``), a final coding (``final``), or, by default, the
accepted codings (people's codings and the suggestions a person accepted and
nobody rejected). Which units count, and how parents count their children,
is the counting rule (:func:`interviewkit.analysis.counting.coded_units`).

Each respondent unit of a document the reference worked on gets a label per
code:

* **yes**: the code is in the reference's coding there (they accepted the
  suggestion, or coded the unit themselves);
* **left out** (no label): a suggestion the reference has not decided on yet
  in a document where they review suggestions (and nobody of the reference
  coded it without reviewing), or one the coders decided differently on
  (accepted by one, rejected by another);
* **no**: everything else in those documents: a suggestion they rejected, and
  every unit they did not code. A coding made without reviewing (imported,
  say a gold standard) is complete: what it does not code counts as not coded.

Documents the reference never worked on have no labels at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from interviewkit.analysis.selection import Selection
from interviewkit.errors import DataError, UsageError

if TYPE_CHECKING:
    import pandas as pd

    from interviewkit.codebook.model import Codebook
    from interviewkit.store import Project

Key = tuple[str, int, str]


@dataclass(frozen=True)
class Reference:
    """Labels of a reference coding (see the module docstring).

    ``positive``: (doc_id, unit, code) in the reference's coding (parents
    rolled up); ``rejected``: suggestions the reference rejected;
    ``left_out``: suggestions without a label (pending or contested);
    ``units``: the respondent units of ``documents`` (``doc_id, unit``).
    """

    name: str
    selection: Selection
    documents: tuple[str, ...]
    positive: frozenset[Key]
    rejected: frozenset[Key]
    left_out: frozenset[Key]
    units: frozenset[tuple[str, int]]

    def label(self, doc_id: str, unit: int, code: str) -> int | None:
        """1 (coded), 0 (not coded) or ``None`` (no label: see the module docstring)."""
        key = (doc_id, unit, code)
        if (doc_id, unit) not in self.units:
            return None
        if key in self.positive:
            return 1
        if key in self.left_out:
            return None
        return 0

    def describe(self) -> str:
        """One line for a footnote: whose decisions are the reference, on how many documents."""
        docs = f"{len(self.documents)} document(s)"
        if self.selection.kind == "accepted":
            return (
                "Reference: the accepted codings (people's codings and the suggestions a person "
                f"accepted and nobody rejected), in the {docs} people worked on."
            )
        return (
            f"Reference: {self.name}'s coding (own codings and the suggestions they accepted), "
            f"in the {docs} they worked on."
        )


def reference(project: Project, coder: str | None) -> Reference:
    """The reference ``coder`` names (default: the accepted codings) in ``project``."""
    book = project.codebook()
    if book is None:
        raise UsageError(
            "the project has no codebook", hint="Run 'interviewkit codebook load FILE'."
        )
    kinds = project.coder_kinds()
    selection = _selection(coder, kinds)
    if selection.kind == "coders":
        for name in selection.coders:
            project.check_coder(name)  # names the coders there are
    return reference_of_frames(
        project.coding_keys(),
        project.decisions(),
        project.memos(),
        project.respondent_units(),
        book,
        selection=selection,
        kinds=kinds,
    )


def _selection(coder: str | None, kinds: Mapping[str, str]) -> Selection:
    selection = Selection.parse(coder) if coder else Selection("accepted")
    if selection.kind in ("all", "unreviewed"):
        raise UsageError(
            f"--coder {selection.kind} counts unreviewed suggestions: the rules cannot be "
            "judged by their own suggestions",
            hint="Name a person (--coder anna), a final coding (--coder final), or leave "
            "--coder out for the accepted codings.",
        )
    machines = [n for n in selection.coders if kinds.get(n) == "auto"]
    if machines:
        raise UsageError(
            f"{machines[0]} is an automatic coder: its suggestions are what is judged, "
            "not the judge",
            hint="Name a person who coded or reviewed (--coder anna), or leave --coder out.",
        )
    return selection


def reference_of_frames(
    codings: pd.DataFrame,
    decisions: pd.DataFrame,
    memos: pd.DataFrame,
    respondent_units: pd.DataFrame,
    codebook: Codebook,
    *,
    selection: Selection,
    kinds: Mapping[str, str],
) -> Reference:
    """:func:`reference` from a project's frames (``coding_keys()``, ``decisions()``,
    ``memos()``, ``respondent_units()``)."""
    from interviewkit.analysis.counting import coded_units
    from interviewkit.analysis.reliability_units import coded_documents

    people = (
        list(selection.coders)
        if selection.kind == "coders"
        else sorted(
            ({str(c) for c in codings["coder"]} | {str(c) for c in decisions["coder"]})
            - {n for n, k in kinds.items() if k == "auto"}
            - {str(c) for c in codings.loc[codings["origin"] == "auto", "coder"]}
        )
    )
    documents: set[str] = set()
    complete: set[str] = set()  # documents someone coded without reviewing suggestions there
    for name in people:
        theirs = coded_documents(codings, decisions, memos, name)
        documents |= theirs
        complete |= theirs - set(decisions.loc[decisions["coder"] == name, "doc_id"])
    if not documents:
        who = ", ".join(people) if selection.kind == "coders" else "no person"
        raise DataError(
            f"{who} has coded or reviewed nothing yet: there is nothing to learn from",
            hint="Review suggestions (interviewkit review, accept, reject), code by hand "
            "(interviewkit tag) or import a coding (interviewkit import-codings FILE --coder "
            "NAME) first.",
        )
    counted = coded_units(
        codings, respondent_units, codebook, coders=selection, decisions=decisions, kinds=kinds
    )
    positive = frozenset(
        (str(d), int(u), str(c))
        for d, u, c in zip(
            counted.frame["doc_id"], counted.frame["unit"], counted.frame["code"], strict=True
        )
        if d in documents
    )
    mine = decisions[decisions["coder"].isin(people)]
    verdicts: dict[int, set[str]] = {}
    for coding, verdict in zip(mine["coding"], mine["verdict"], strict=True):
        verdicts.setdefault(int(coding), set()).add(str(verdict))
    reviewing = set(mine["doc_id"]) - complete
    suggested = codings[(codings["origin"] == "auto") & codings["doc_id"].isin(documents)]
    rejected: set[Key] = set()
    left_out: set[Key] = set()
    for coding, doc, unit, code in zip(
        suggested["id"], suggested["doc_id"], suggested["unit"], suggested["code"], strict=True
    ):
        key = (str(doc), int(unit), str(code))
        if key in positive:
            continue
        said = verdicts.get(int(coding), set())
        if said == {"rejected"}:
            rejected.add(key)
        elif len(said) > 1 or (not said and doc in reviewing):
            left_out.add(key)
    left_out -= rejected
    units = frozenset(
        (str(d), int(u))
        for d, u in zip(respondent_units["doc_id"], respondent_units["unit"], strict=True)
        if d in documents
    )
    name = ", ".join(selection.coders) if selection.kind == "coders" else "accepted"
    return Reference(
        name,
        selection,
        tuple(sorted(documents)),
        positive,
        frozenset(rejected),
        frozenset(left_out),
        units,
    )
