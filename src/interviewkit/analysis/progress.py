"""Each coder's progress, counted by the same rule as every table.

``interviewkit status`` shows, per coder: what they stored, the respondent
units in their coding (a person's own codings plus the suggestions they
accepted: :mod:`interviewkit.analysis.selection`), the suggestions they have
still to decide on, and the decisions they made.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from interviewkit.analysis.selection import Selection, select_runs
from interviewkit.arrays import distinct

if TYPE_CHECKING:
    from interviewkit.store import Project

#: What each column of :func:`coder_progress` means, for the footnote under the table.
COLUMNS = {
    "kind": "auto = suggestions of the automatic coder; person; final = the final coding "
    "that consensus writes",
    "codings": "codings stored under the coder's name (a person's own; suggestions they "
    "accepted stay the automatic coder's)",
    "coded units": "respondent units in the coder's coding — for a person their own codings "
    "plus the suggestions they accepted, for the automatic coder every suggestion — and "
    "their share of all respondent units",
    "to review": "suggestions the coder has not accepted or rejected yet (for the automatic "
    "coder: that nobody has)",
    "accepted / rejected": "decisions the coder made on suggestions (for the automatic coder: "
    "every decision made on its suggestions)",
}


@dataclass(frozen=True)
class CoderProgress:
    """One coder's row of ``interviewkit status`` (see :data:`COLUMNS`)."""

    name: str
    kind: str
    codings: int
    coded_units: int
    coded_share: float
    to_review: int
    accepted: int
    rejected: int


def coder_progress(project: Project) -> list[CoderProgress]:
    """Every coder's progress, the automatic coder(s) first."""
    import numpy as np

    state = project.status()
    kinds = project.coder_kinds()
    stored = project.counting_keys(statuses=("suggested", "accepted", "rejected"))
    summary = stored.summary
    respondents = int(summary.respondents.sum())
    suggestions = sum(int(run.keys.size) for run in stored.runs if run.origin == "auto")
    out = []
    for coder in state.coders:
        runs, _ = select_runs(stored, Selection("coders", (coder.name,)))
        keys = [run.keys[summary.respondent(run.keys)] for run in runs]
        units = int(distinct(np.concatenate(keys)).size) if keys else 0
        kind = kinds.get(coder.name, "person")
        decided = coder.accepted + coder.rejected
        to_review = coder.pending if kind == "auto" else max(suggestions - decided, 0)
        out.append(
            CoderProgress(
                coder.name,
                "final" if kind == "consensus" else kind,
                coder.codings,
                units,
                units / respondents if respondents else 0.0,
                to_review,
                coder.accepted,
                coder.rejected,
            )
        )
    return out
