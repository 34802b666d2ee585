"""Which coding is counted: the first step of the counting rule, and what a footnote says.

Every analysis command takes one option, ``--coder``, that says whose coding
it counts (:meth:`Selection.parse`):

``all`` (the default)
    every coder's coding pooled: people's codings, and the suggestions that
    were not rejected (accepted by someone, or not reviewed yet);
``anna`` (a coder, or several: ``anna,ben``)
    that coder's coding: a person's own codings plus the suggestions they
    accepted (another coder's decisions are theirs); an automatic coder's
    suggestions, all of them (what it suggested, reviewed or not); the final
    coding is the coding of the coder ``consensus`` wrote (``--coder final``);
``accepted``
    the accepted codings only: people's codings and the suggestions a person
    accepted and no person rejected (suggestions the coders decided
    differently on are left out, and counted in the footnote);
``unreviewed``
    the suggestions nobody has accepted or rejected yet.

:func:`select` applies it to DataFrames (the tests' oracle, and exports);
:func:`select_runs` to the integer keys a project hands over (every count).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from interviewkit.errors import UsageError

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from interviewkit.store import Project
    from interviewkit.store.counts import CodingKeys, KeyRun

#: The words ``--coder`` takes besides coders' names (no coder may be called so).
KEYWORDS = ("all", "accepted", "unreviewed")
AUTO_ORIGIN = "auto"
#: The origin of a suggestion counted as the coding of the person who accepted it.
DECISION = "decision"


@dataclass(frozen=True)
class Selection:
    """Which coding is counted: ``kind`` is ``all``, ``coders``, ``accepted`` or ``unreviewed``."""

    kind: str = "all"
    coders: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str | Sequence[str] | None) -> Selection:
        """``None``/``all``, ``accepted``, ``unreviewed``, or coder names (comma-separated)."""
        if text is None:
            return cls()
        names = [n.strip() for n in text.split(",")] if isinstance(text, str) else list(text)
        names = [n for n in names if n]
        if not names:
            return cls()
        words = [n for n in names if n.lower() in KEYWORDS]
        if words and len(names) > 1:
            raise UsageError(
                f"'{words[0]}' counts a kind of coding, not a coder: it cannot be combined "
                f"with other names ({', '.join(names)})",
                hint="Give --coder all, accepted or unreviewed alone, or coders' names.",
            )
        if words:
            return cls(words[0].lower())
        return cls("coders", tuple(dict.fromkeys(names)))

    @property
    def pooled(self) -> bool:
        return self.kind == "all"


@dataclass(frozen=True)
class CountingBasis:
    """Whose codings were counted, and with which statuses (for the footnote).

    ``coders`` maps each coder counted to the statuses of the codings that
    counted (``accepted``, ``suggested``, ``rejected``); a coder asked for who
    has no codings maps to ``()``. ``automatic`` names the coders whose
    codings are automatic suggestions; ``final`` the coders that are a final
    coding (written by consensus). ``contested``: suggestions one person
    accepted and another rejected, left out of ``accepted``.
    """

    coders: dict[str, tuple[str, ...]]
    automatic: tuple[str, ...] = ()
    selection: Selection = field(default_factory=Selection)
    final: tuple[str, ...] = ()
    contested: int = 0
    #: (transcripts the coders worked on, transcripts in all) when a person's coding is
    #: counted on the transcripts they worked on only.
    coverage: tuple[int, int] | None = None

    @property
    def unreviewed(self) -> list[str]:
        """Automatic coders with suggestions nobody has accepted or rejected yet."""
        return [c for c in self.automatic if "suggested" in self.coders.get(c, ())]

    @property
    def people(self) -> list[str]:
        return [c for c, statuses in self.coders.items() if c not in self.automatic and statuses]

    @property
    def pooled(self) -> bool:
        """Whether unreviewed automatic suggestions are counted together with people's codings."""
        return self.selection.pooled and bool(self.unreviewed and self.people)

    def describe(self) -> str:
        """One line, e.g. ``Counted: auto (suggestions not rejected), anna — each unit and code
        once.``"""
        once = " — each unit and code once."
        kind = self.selection.kind
        if kind == "accepted":
            left = (
                f"; {self.contested} suggestion(s) accepted by one coder and rejected by "
                "another are left out"
                if self.contested
                else ""
            )
            return (
                "Counted: the accepted codings only (people's codings and the suggestions a "
                f"person accepted and nobody rejected{left})" + once
            )
        if kind == "unreviewed":
            machines = ", ".join(self.automatic) or "no automatic coder"
            return f"Counted: the unreviewed suggestions only ({machines})" + once
        if not any(self.coders.values()):
            asked = ", ".join(self.coders)
            return "Counted: no codings" + (f" (none by {asked})" if asked else "") + "."
        parts = [
            coder + self._qualifier(coder, statuses) for coder, statuses in self.coders.items()
        ]
        covered = ""
        if self.coverage is not None and self.coverage[0] < self.coverage[1]:
            worked, total = self.coverage
            covered = (
                f", on the {worked} of {total} transcripts they worked on (the shares are of "
                "those transcripts' units)"
            )
        return f"Counted: {', '.join(parts)}{covered}" + once

    def _qualifier(self, coder: str, statuses: tuple[str, ...]) -> str:
        if not statuses:
            return " (no codings)"
        if not self.selection.pooled:
            if coder in self.automatic:
                return " (all its suggestions, reviewed or not)"
            if coder in self.final:
                return " (the final coding)"
            return " (own codings and the suggestions they accepted)"
        if coder in self.automatic:
            if statuses == ("accepted",):
                return " (accepted suggestions only)"
            if statuses == ("suggested",):
                return " (unreviewed suggestions)"
            return " (suggestions not rejected)"
        return " (incl. unreviewed suggestions)" if "suggested" in statuses else ""

    def warning(self) -> str | None:
        """A plain sentence when unreviewed suggestions are pooled with people's codings."""
        if not self.pooled:
            return None
        machine = " and ".join(self.unreviewed)
        people = ", ".join(self.people)
        return (
            f"Unreviewed automatic suggestions ({machine}) are pooled with people's codings "
            f"({people}): a unit counts when either of them coded it."
        )


def counting_basis(
    codings: pd.DataFrame,
    *,
    coders: Sequence[str] | None = None,
    selection: Selection | None = None,
    kinds: Mapping[str, str] | None = None,
    contested: int = 0,
    coverage: tuple[int, int] | None = None,
) -> CountingBasis:
    """Whose codings ``codings`` (the counted ones) holds, with which statuses.

    ``kinds``: the project's coders and their kind (``auto``, ``person``,
    ``consensus``), when known; else a coder with codings of origin ``auto``
    is automatic.
    """
    selection = selection or (Selection("coders", tuple(coders)) if coders else Selection())
    asked = list(selection.coders)
    rank = {"accepted": 0, "suggested": 1, "rejected": 2}
    found: dict[str, tuple[str, ...]] = {}
    automatic: set[str] = {c for c, k in (kinds or {}).items() if k == "auto"}
    if len(codings) and "coder" in codings.columns:
        # The distinct (coder, status, origin) triples are few: find them first.
        columns = [c for c in ("coder", "status", "origin") if c in codings.columns]
        triples = codings[columns].drop_duplicates()
        statuses: dict[str, set[str]] = {}
        for row in triples.itertuples(index=False):
            values = dict(zip(columns, map(str, row), strict=True))
            statuses.setdefault(values["coder"], set()).add(values.get("status", ""))
            if values.get("origin") == AUTO_ORIGIN:
                automatic.add(values["coder"])
        for name, found_statuses in statuses.items():
            found[name] = tuple(sorted(found_statuses, key=lambda s: rank.get(s, 9)))
        if "origin" not in codings.columns and kinds is None:
            automatic = {"auto"} & set(found)
    order = asked + sorted(set(found) - set(asked), key=lambda c: (c not in automatic, c))
    final = tuple(c for c, k in (kinds or {}).items() if k == "consensus")
    return CountingBasis(
        {c: found.get(c, ()) for c in dict.fromkeys(order)},
        tuple(sorted(automatic)),
        selection,
        final,
        contested,
        coverage,
    )


#: The statuses a project hands over for each kind of selection (an automatic coder's
#: coding holds its rejected suggestions too).
STATUSES_READ = {
    "all": ("suggested", "accepted"),
    "accepted": ("accepted",),
    "unreviewed": ("suggested",),
    "coders": ("suggested", "accepted", "rejected"),
}


def selection_of(coders: Sequence[str] | Selection | None) -> Selection:
    """A :class:`Selection` from what callers pass: one, coder names, or ``None`` (all)."""
    if isinstance(coders, Selection):
        return coders
    return Selection.parse(list(coders) if coders else None)


def no_decisions() -> pd.DataFrame:
    """An empty frame of decisions (for codings nobody reviewed)."""
    import pandas as pd

    return pd.DataFrame(columns=["coding", "doc_id", "coder", "verdict"])


# --------------------------------------------------------------------------- on frames


def select(
    codings: pd.DataFrame,
    decisions: pd.DataFrame,
    selection: Selection,
    *,
    automatic: Iterable[str] = (),
) -> tuple[pd.DataFrame, int]:
    """The codings that count for ``selection``, and how many suggestions are contested.

    ``codings`` needs ``id, coder, origin, status``; ``decisions`` (of
    :meth:`Project.decisions`) ``coding, coder, verdict``. A person's accepted
    suggestions come out as theirs: ``coder`` is the person, ``origin`` is
    ``decision`` (the rows keep their ``id``, to find the suggestion).
    """
    import pandas as pd

    if "origin" not in codings.columns:
        codings = codings.assign(
            origin=codings["coder"].map(lambda c: "auto" if c == "auto" else "manual")
        )
    contested_ids = contested(decisions)
    if selection.kind == "all":
        return codings[codings["status"].to_numpy() != "rejected"], len(contested_ids)
    if selection.kind == "unreviewed":
        wanted = (codings["origin"] == "auto") & (codings["status"] == "suggested")
        return codings[wanted], len(contested_ids)
    if selection.kind == "accepted":
        manual = (codings["origin"] == "manual") & (codings["status"] == "accepted")
        taken = (
            (codings["origin"] == "auto")
            & (codings["status"] == "accepted")
            & ~codings["id"].isin(contested_ids)
        )
        return codings[manual | taken], len(contested_ids)
    machines = set(automatic) | set(codings.loc[codings["origin"] == "auto", "coder"])
    parts = []
    for coder in selection.coders:
        if coder in machines:
            parts.append(codings[codings["coder"] == coder])
            continue
        parts.append(codings[(codings["coder"] == coder) & (codings["status"] != "rejected")])
        mine = decisions.loc[
            (decisions["coder"] == coder) & (decisions["verdict"] == "accepted"), "coding"
        ]
        accepted = codings[codings["id"].isin(mine) & (codings["origin"] == "auto")]
        parts.append(accepted.assign(coder=coder, origin=DECISION, status="accepted"))
    frame = pd.concat(parts, ignore_index=True) if parts else codings.iloc[0:0]
    return frame, len(contested_ids)


def coding_ids(project: Project, selection: Selection) -> list[int] | None:
    """The ids of the codings that make up ``selection`` (``None``: every coding), e.g. to
    export one coder's coding with :meth:`Project.segments`."""
    if selection.kind == "all":
        return None
    frame, _ = select(
        project.coding_keys(),
        project.decisions(),
        selection,
        automatic=[c for c, k in project.coder_kinds().items() if k == "auto"],
    )
    return sorted({int(i) for i in frame["id"]})


def worked_documents(
    codings: pd.DataFrame,
    decisions: pd.DataFrame,
    selection: Selection,
    *,
    automatic: Iterable[str] = (),
) -> set[str] | None:
    """The transcripts the coders of ``selection`` worked on (a coding or a decision of
    theirs), or ``None`` when every transcript counts (not a selection of people: an
    automatic coder looked at every transcript, found something there or not)."""
    if selection.kind != "coders":
        return None
    machines = set(automatic)
    if "origin" in codings.columns:
        machines |= set(codings.loc[codings["origin"] == "auto", "coder"])
    if any(name in machines for name in selection.coders):
        return None
    names = set(selection.coders)
    docs = set(codings.loc[codings["coder"].isin(names), "doc_id"])
    if "doc_id" in decisions.columns:
        docs |= set(decisions.loc[decisions["coder"].isin(names), "doc_id"])
    return {str(d) for d in docs}


def contested(decisions: pd.DataFrame) -> set[int]:
    """Suggestions one coder accepted and another rejected."""
    if decisions.empty:
        return set()
    verdicts = decisions.groupby("coding")["verdict"].nunique()
    return {int(i) for i in verdicts[verdicts > 1].index}


def coder_coding(codings: pd.DataFrame, decisions: pd.DataFrame, coder: str) -> pd.DataFrame:
    """``coder``'s coding (for agreement): see the module docstring."""
    frame, _ = select(codings, decisions, Selection("coders", (coder,)))
    return frame


# --------------------------------------------------------------------------- on key runs


def select_runs(stored: CodingKeys, selection: Selection) -> tuple[list[KeyRun], int]:
    """The runs of keys that count for ``selection``, and how many suggestions are contested.

    ``stored`` must hold every status (rejected too: an automatic coder's
    coding holds its rejected suggestions). A person's accepted suggestions
    come out as runs of theirs with the origin ``decision``.
    """
    from interviewkit.store.counts import KeyRun

    contested_keys = {(run.code, run.coder): run.keys for run in stored.contested}
    n_contested = sum(int(k.size) for k in contested_keys.values())
    runs = stored.runs
    if selection.kind == "all":
        return [r for r in runs if r.status != "rejected"], n_contested
    if selection.kind == "unreviewed":
        return [r for r in runs if r.origin == AUTO_ORIGIN and r.status == "suggested"], n_contested
    if selection.kind == "accepted":
        out = [r for r in runs if r.origin != AUTO_ORIGIN and r.status == "accepted"]
        for run in runs:
            if run.origin == AUTO_ORIGIN and run.status == "accepted":
                drop = contested_keys.get((run.code, run.coder))
                out.append(run if drop is None else _without(run, drop))
        return out, n_contested
    machines = {r.coder for r in runs if r.origin == AUTO_ORIGIN}
    out = []
    for coder in selection.coders:
        if coder in machines:
            out += [r for r in runs if r.coder == coder]
            continue
        out += [r for r in runs if r.coder == coder and r.status != "rejected"]
        out += [
            KeyRun(d.code, coder, "accepted", DECISION, d.keys)
            for d in stored.decisions
            if d.decider == coder and d.verdict == "accepted"
        ]
    return out, n_contested


def _without(run: KeyRun, keys: np.ndarray) -> KeyRun:
    import numpy as np

    from interviewkit.store.counts import KeyRun

    return KeyRun(run.code, run.coder, run.status, run.origin, run.keys[~np.isin(run.keys, keys)])


def counted_lines(
    basis: CountingBasis | None, left_out: int = 0, *, hint: bool = False
) -> list[str]:
    """Which codings were counted, in the words every table's footnote uses.

    ``left_out``: codings on interviewer turns, headers or headings, which are not
    counted. ``hint``: with pooled suggestions, name the ``--coder`` options that
    count one coder only (for the terminal).
    """
    if basis is None:
        return []
    lines = [basis.describe()]
    pooled = basis.warning()
    if pooled and hint:
        choices = " or ".join(f"--coder {c}" for c in [*basis.people, *basis.unreviewed][:3])
        lines.append(f"Note: {pooled} To count one coder only, add {choices}.")
    elif pooled:
        lines.append(f"Note: {pooled}")
    if left_out:
        lines.append(
            f"{left_out} coding(s) on interviewer turns, headers or headings were not counted: "
            "the shares are of respondent units."
        )
    return lines
