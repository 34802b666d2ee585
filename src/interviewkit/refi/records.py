"""What a coding is beyond its code and user: a documented convention in a selection's Description.

REFI-QDA says who applied a code where and when (a ``<Coding>`` with its
``creatingUser`` and ``creationDateTime``), and nothing more. What else a
coding is in interviewkit is written, where it matters, into the
``<Description>`` of its ``<PlainTextSelection>`` (schema-valid; other tools
show it as the selection's comment and otherwise ignore it)::

    interviewkit coding v1 (who made this coding, its status and each coder's decision; …)
    {"coder": "auto", "origin": "auto", "code": "GUID", "name": "Economy",
     "status": "accepted", "created": "2026-03-01T09:00:00+00:00"}
    {"decision": "accepted", "coder": "anna", "decided": "2026-03-02T10:11:12+00:00"}
    {"decision": "rejected", "coder": "ben", "decided": "2026-03-02T11:00:00+00:00"}
    {"evidence": "word:Hafen", "matched": "Hafen", "start": 130, "end": 135}

one JSON object a line (the first is shown on two lines here): the coding
(its coder and origin, the GUID of its code and, for people reading it, the
code's name, its status and when it was made), then each coder's decision on
it, then the evidence that made the automatic coder suggest it (offsets in
code points of the text). The standard's own elements say the rest, and
other tools read them: the selection holds a ``<Coding>`` by the coding's
coder unless the coding is rejected (a rejected suggestion; a final coding's
"this code is absent here"), and a ``<Coding>`` by each coder who accepted
the suggestion, at the time they decided. Only codings that need it carry
the block: every suggestion, and every rejected coding; a person's coding is
a plain ``<Coding>``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from interviewkit.codebook.qdc import guid_key
from interviewkit.models import STATUSES, Evidence
from interviewkit.store.exchange import ExchangeDecision

MARK = "interviewkit coding v1"
_HEADER = (
    f"{MARK} (who made this coding, its status and each coder's decision on it; "
    "interviewkit's import reads them back)"
)
_VERDICTS = ("accepted", "rejected")
_ORIGINS = ("auto", "manual")


@dataclass(frozen=True)
class CodingRecord:
    """A coding as the block records it; ``code`` is a GUID key."""

    coder: str
    origin: str
    code: str
    status: str
    created: str | None = None
    decisions: tuple[ExchangeDecision, ...] = ()
    evidence: tuple[Evidence, ...] = ()


def describe_coding(
    *,
    coder: str,
    origin: str,
    code_guid: str,
    code_name: str,
    status: str,
    created: str | None,
    decisions: Sequence[ExchangeDecision] = (),
    evidence: Sequence[Evidence] = (),
) -> str:
    """The Description block of one coding."""
    head: dict[str, Any] = {
        "coder": coder,
        "origin": origin,
        "code": code_guid,
        "name": code_name,
        "status": status,
        "created": created,
    }
    lines = [_HEADER, _line(head)]
    lines += [
        _line({"decision": d.verdict, "coder": d.coder, "decided": d.decided}) for d in decisions
    ]
    lines += [
        _line({"evidence": e.rule, "matched": e.matched, "start": e.start, "end": e.end})
        for e in evidence
    ]
    return "\n".join(lines)


def _line(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False)


def is_coding_block(description: str) -> bool:
    return description.lstrip().startswith(MARK)


def read_coding(description: str) -> CodingRecord | None:
    """The coding a Description block records, or ``None`` if it has none or it is malformed."""
    if not is_coding_block(description):
        return None
    lines = [line for line in description.replace("\r\n", "\n").strip().split("\n")[1:] if line]
    try:
        rows = [json.loads(line) for line in lines]
    except ValueError:
        return None
    if not rows or not all(isinstance(row, dict) for row in rows):
        return None
    head, rest = rows[0], rows[1:]
    code = guid_key(head.get("code"))
    created = head.get("created")
    if not (
        _text(head.get("coder"))
        and head.get("origin") in _ORIGINS
        and head.get("status") in STATUSES
        and code is not None
        and (created is None or isinstance(created, str))
    ):
        return None
    decisions: list[ExchangeDecision] = []
    evidence: list[Evidence] = []
    for row in rest:
        if "decision" in row:
            if not (
                row["decision"] in _VERDICTS
                and _text(row.get("coder"))
                and isinstance(row.get("decided"), str)
            ):
                return None
            decisions.append(ExchangeDecision(row["coder"], row["decision"], row["decided"]))
        elif "evidence" in row:
            start, end = row.get("start"), row.get("end")
            if not (
                isinstance(row["evidence"], str)
                and isinstance(row.get("matched"), str)
                and _integer(start)
                and _integer(end)
            ):
                return None
            evidence.append(Evidence(row["evidence"], row["matched"], start, end))
        else:
            return None
    if len({d.coder for d in decisions}) != len(decisions):
        return None
    return CodingRecord(
        head["coder"],
        head["origin"],
        code,
        head["status"],
        created,
        tuple(decisions),
        tuple(evidence),
    )


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _integer(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
