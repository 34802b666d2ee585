"""Writing a transcript's codings and unit memos as ``PlainTextSelection`` elements.

One selection per coding, in text order; a coding stored in pieces over
several units (see :func:`~interviewkit.store.exchange.split_span`) is one
selection again, from the first piece's start to the last piece's end. What
the standard has an element for goes there: a ``<Coding>`` by the coding's
coder (``creatingUser``, ``creationDateTime``) unless the coding is
rejected, and a ``<NoteRef>`` to each memo on the coding; each coder who
accepted a suggestion has a selection of the same text with a ``<Coding>``
of their own, at the time they decided. One ``<Coding>`` a selection, by
the selection's own ``creatingUser``, as most tools write and read them
(QualCoder takes the coder from the selection). The rest (origin, status,
each coder's decision, evidence) is in the selection's Description for the
codings that need it (:mod:`interviewkit.refi.records`). A memo on a unit
is a selection of that unit with its notes and no coding.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree as ET

from interviewkit.models import Evidence, Transcript
from interviewkit.refi import guids
from interviewkit.refi.codebook_xml import code_guid
from interviewkit.refi.records import describe_coding
from interviewkit.store.exchange import ExchangeDecision

Tag = Callable[[str], str]
_NAME_LENGTH = 80


@dataclass(frozen=True)
class SelectionContext:
    """What writing selections needs to know of the whole project."""

    tag: Tag
    scope: str
    code_guids: dict[str, str]
    code_names: dict[str, str]
    user_guid: dict[str, str]
    decisions: dict[int, list[ExchangeDecision]] = field(default_factory=dict)
    evidence: dict[int, tuple[Evidence, ...]] = field(default_factory=dict)
    #: Note GUIDs by coding id; notes ``(guid, text, author, created)`` by (doc id, unit).
    coding_notes: dict[int, list[str]] = field(default_factory=dict)
    unit_notes: dict[tuple[str, int], list[tuple[str, str, str, str | None]]] = field(
        default_factory=dict
    )

    def code(self, code_id: str) -> str:
        return code_guid(code_id, scope=self.scope, known=self.code_guids)


def write_selections(
    into: ET.Element,
    transcript: Transcript,
    rows: Sequence[Any],
    spans: dict[int, int],
    context: SelectionContext,
) -> int:
    """The selections of one transcript's codings (``rows`` of ``Project.codings()``) and
    unit memos, in text order; returns the number of codings written."""
    groups = _spans(rows, spans)
    units = {u.index: u for u in transcript.units}
    memos = [
        (units[index], notes)
        for (doc_id, index), notes in context.unit_notes.items()
        if doc_id == transcript.id and index in units
    ]
    order = sorted(
        [((g[0].start, g[-1].end, 0), i) for i, g in enumerate(groups)]
        + [((u.start, u.end, 1), i) for i, (u, _) in enumerate(memos)]
    )
    for (_, _, kind), i in order:
        if kind == 0:
            _coding(into, transcript, groups[i], context)
        else:
            unit, notes = memos[i]
            _unit(into, transcript, unit.index, unit.start, unit.end, notes, context)
    return len(groups)


def _spans(rows: Sequence[Any], spans: dict[int, int]) -> list[list[Any]]:
    """The codings of a transcript, the pieces of one span together (in text order)."""
    groups: dict[object, list[Any]] = {}
    for row in rows:
        key = ("span", spans[row.id]) if row.id in spans else ("coding", row.id)
        groups.setdefault(key, []).append(row)
    return [sorted(group, key=lambda r: (r.start, r.end)) for group in groups.values()]


def _coding(
    into: ET.Element, transcript: Transcript, group: list[Any], context: SelectionContext
) -> None:
    first, last = group[0], group[-1]
    key = f"{transcript.id}:{first.start}:{first.end}:{first.code}:{first.coder}:{first.origin}"
    head = min(group, key=lambda r: r.id) if len(group) > 1 else first
    decisions = context.decisions.get(int(head.id), []) if first.origin == "auto" else []
    selection = _selection(
        into, transcript, context, key, first.start, last.end, first.coder, first.created
    )
    if first.origin == "auto" or first.status != "accepted":
        ET.SubElement(selection, context.tag("Description")).text = describe_coding(
            coder=first.coder,
            origin=first.origin,
            code_guid=context.code(first.code),
            code_name=context.code_names.get(first.code, first.code),
            status=first.status,
            created=first.created,
            decisions=decisions,
            evidence=context.evidence.get(int(head.id), ()),
        )
    if first.status != "rejected":
        _coding_element(selection, context, first.code, key, first.coder, first.created)
    refs = [n for row in group for n in context.coding_notes.get(int(row.id), ())]
    for note in dict.fromkeys(refs):
        ET.SubElement(selection, context.tag("NoteRef"), {"targetGUID": note})
    # Each acceptance: a selection of its own, so that a tool that takes the coder
    # from the selection (QualCoder) credits the coder who accepted.
    for decision in decisions:
        if decision.verdict == "accepted":
            accepted = f"{key}:accepted by:{decision.coder}"
            selection = _selection(
                into,
                transcript,
                context,
                accepted,
                first.start,
                last.end,
                decision.coder,
                decision.decided,
            )
            _coding_element(
                selection, context, first.code, accepted, decision.coder, decision.decided
            )


def _selection(
    into: ET.Element,
    transcript: Transcript,
    context: SelectionContext,
    key: str,
    start: int,
    end: int,
    coder: str,
    created: object,
) -> ET.Element:
    return ET.SubElement(
        into,
        context.tag("PlainTextSelection"),
        {
            "guid": guids.derived(context.scope, "selection", key),
            "name": short(transcript.text[start:end]),
            "startPosition": str(start),
            "endPosition": str(end),
            "creatingUser": context.user_guid[coder],
            **stamp("creationDateTime", created),
        },
    )


def _coding_element(
    selection: ET.Element,
    context: SelectionContext,
    code: str,
    key: str,
    coder: str,
    created: object,
) -> None:
    coding = ET.SubElement(
        selection,
        context.tag("Coding"),
        {
            "guid": guids.derived(context.scope, "coding", key),
            "creatingUser": context.user_guid[coder],
            **stamp("creationDateTime", created),
        },
    )
    ET.SubElement(coding, context.tag("CodeRef"), {"targetGUID": context.code(code)})


def _unit(
    into: ET.Element,
    transcript: Transcript,
    index: int,
    start: int,
    end: int,
    notes: list[tuple[str, str, str, str | None]],
    context: SelectionContext,
) -> None:
    # Who made it and when: the first memo's author and time (QualCoder needs a date).
    _, _, author, created = notes[0]
    selection = ET.SubElement(
        into,
        context.tag("PlainTextSelection"),
        {
            "guid": guids.derived(context.scope, "selection", f"{transcript.id}:unit:{index}"),
            "name": short(transcript.text[start:end]),
            "startPosition": str(start),
            "endPosition": str(end),
            **({"creatingUser": context.user_guid[author]} if author else {}),
            **stamp("creationDateTime", created),
        },
    )
    for guid, *_ in notes:
        ET.SubElement(selection, context.tag("NoteRef"), {"targetGUID": guid})


def short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _NAME_LENGTH else flat[: _NAME_LENGTH - 1] + "…"


_DATETIME = re.compile(r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")


def stamp(name: str, value: object) -> dict[str, str]:
    """``{name: value}`` when ``value`` is an xsd:dateTime (ours are ISO 8601 with an
    offset; an import may have brought ``2024-06-03 10:11:00``), else nothing."""
    if not isinstance(value, str):
        return {}
    value = value.strip()
    if _DATETIME.fullmatch(value.replace(" ", "T", 1)) and "T" not in value:
        value = value.replace(" ", "T", 1)
    return {name: value} if _DATETIME.fullmatch(value) else {}
