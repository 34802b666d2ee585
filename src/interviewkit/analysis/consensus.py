"""Consensus between coders: the final coding where they agree, and what to settle where not.

Two (or more) coders code the same transcripts; in a meeting they agree a
final coding, which the paper reports. :func:`plan_consensus` compares their
codings (each coder's coding as :mod:`~interviewkit.analysis.selection`
defines it: their own codings and the suggestions they accepted) unit by
unit, on the documents every one of them coded:

* a code on a unit that every coder applied is *agreed*: it goes into the
  final coding (with the span the coders share, else the whole unit);
* a code on a unit that some applied and others did not is a
  *disagreement*, listed for the meeting with who coded what, and *settled*
  once the final coding says it is there (``tag … --coder final``) or is
  not (``untag … --coder final``).

Codes are compared as the coders applied them (a parent code is a code of
its own here): the final coding is a coding, not a count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from interviewkit.analysis.reliability_units import coded_documents
from interviewkit.analysis.selection import coder_coding
from interviewkit.errors import DataError, UsageError

if TYPE_CHECKING:
    import pandas as pd

    from interviewkit.store import Project

#: The columns of :attr:`ConsensusPlan.disagreements` before one column per coder.
DISAGREEMENT_COLUMNS = ("doc_id", "unit", "speaker", "code", "code_name")


@dataclass(frozen=True)
class ConsensusPlan:
    """What :func:`plan_consensus` found.

    ``agreed``: ``doc_id, unit, code, start, end`` for the final coding.
    ``disagreements``: one row per (document, unit, code) the coders differ
    on: ``doc_id, unit, speaker, code, code_name``, one column per coder
    (``yes``/``no``), ``settled`` (``present``, ``absent`` or empty) and
    ``text``. ``documents``: the documents every coder coded; ``left_out``:
    the documents only some of them coded, with who did.
    """

    final: str
    coders: tuple[str, ...]
    agreed: pd.DataFrame
    disagreements: pd.DataFrame
    documents: tuple[str, ...]
    left_out: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def open(self) -> pd.DataFrame:
        """The disagreements the final coding has not settled yet."""
        return self.disagreements[self.disagreements["settled"] == ""]


def plan_consensus(
    project: Project,
    *,
    coders: Sequence[str],
    final: str = "final",
    doc_ids: Sequence[str] | None = None,
) -> ConsensusPlan:
    """Compare ``coders`` on the documents all of them coded (see the module docstring)."""
    import pandas as pd

    names = list(dict.fromkeys(coders))
    if len(names) < 2:
        raise UsageError(
            "a consensus needs at least two coders",
            hint="Name them with --coders, e.g. --coders anna,ben.",
        )
    if final in names:
        raise UsageError(
            f"'{final}' is one of the coders compared; the final coding needs a name of its own",
            hint="Choose another name with --as, e.g. --as final.",
        )
    kinds = project.coder_kinds()
    for name in names:
        if name not in kinds:
            from interviewkit.store.lookup import unknown

            raise unknown("coder", name, sorted(kinds))
    if kinds.get(final, "consensus") != "consensus":
        raise UsageError(
            f"'{final}' is a {kinds[final]} coder in this project, not a final coding",
            hint="Give the final coding another name with --as.",
        )
    codings = project.codings()
    decisions = project.decisions()
    units = project.units()
    memos = project.memos()
    wanted = None if doc_ids is None else set(doc_ids)
    coded = {
        name: {
            d
            for d in coded_documents(codings, decisions, memos, name)
            if wanted is None or d in wanted
        }
        for name in names
    }
    shared = set.intersection(*coded.values())
    if not shared:
        listed = "; ".join(f"{n}: {len(d)} transcript(s)" for n, d in coded.items())
        raise DataError(
            f"no transcript was coded by all of {', '.join(names)} ({listed})",
            hint="A consensus compares the transcripts every coder coded; check the names with "
            "'interviewkit status'.",
        )
    left_out = {
        doc: tuple(n for n in names if doc in coded[n])
        for doc in sorted(set().union(*coded.values()) - shared)
    }
    found = {name: _places(coder_coding(codings, decisions, name), shared) for name in names}
    settled = _places(coder_coding(codings, decisions, final), shared) if final in kinds else {}
    absent = _absent(codings, final, shared)
    agreed_keys = set.intersection(*(set(f) for f in found.values()))
    rows = []
    for key in sorted(agreed_keys):
        spans = [found[name][key] for name in names]
        same = all(len(s) == 1 and s == spans[0] for s in spans)
        start, end = spans[0][0] if same else (None, None)
        rows.append((*key, start, end))
    agreed = pd.DataFrame(rows, columns=["doc_id", "unit", "code", "start", "end"])
    unit_of = units.set_index(["doc_id", "unit"])
    names_of = project.code_names()
    differ = []
    for key in sorted(set().union(*(set(f) for f in found.values())) - agreed_keys):
        doc_id, unit, code = key
        place = unit_of.loc[(doc_id, unit)]
        state = "present" if key in settled else "absent" if key in absent else ""
        differ.append(
            {
                "doc_id": doc_id,
                "unit": unit,
                "speaker": place["speaker"],
                "code": code,
                "code_name": names_of.get(code, code),
                **{name: "yes" if key in found[name] else "no" for name in names},
                "settled": state,
                "text": place["text"],
            }
        )
    columns = [*DISAGREEMENT_COLUMNS, *names, "settled", "text"]
    return ConsensusPlan(
        final,
        tuple(names),
        agreed,
        pd.DataFrame(differ, columns=columns),
        tuple(sorted(shared)),
        left_out,
    )


def _places(
    frame: pd.DataFrame, documents: set[str]
) -> dict[tuple[str, int, str], list[tuple[int, int]]]:
    """(doc_id, unit, code) → the spans coded there, in the given documents."""
    out: dict[tuple[str, int, str], list[tuple[int, int]]] = {}
    inside = frame[frame["doc_id"].isin(documents)]
    for doc_id, unit, code, start, end in zip(
        inside["doc_id"],
        inside["unit"],
        inside["code"],
        inside["start"],
        inside["end"],
        strict=True,
    ):
        spans = out.setdefault((str(doc_id), int(unit), str(code)), [])
        if (int(start), int(end)) not in spans:
            spans.append((int(start), int(end)))
    return out


def _absent(codings: pd.DataFrame, final: str, documents: set[str]) -> set[tuple[str, int, str]]:
    """Where the final coding says a code is not there (its rejected codings)."""
    marks = codings[
        (codings["coder"] == final)
        & (codings["status"] == "rejected")
        & codings["doc_id"].isin(documents)
    ]
    return {
        (str(d), int(u), str(c))
        for d, u, c in zip(marks["doc_id"], marks["unit"], marks["code"], strict=True)
    }
