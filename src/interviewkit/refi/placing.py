"""Placing what a REFI-QDA project holds in a project: codings on units, sets, notes.

- A selection's positions are converted to our text (see
  :mod:`interviewkit.refi.positions`) and the coding is cut into one piece
  per unit it covers (:func:`~interviewkit.store.exchange.split_span`).
  A selection that cannot be placed (positions outside the text, a code the
  file does not define) is listed with its reason; the rest comes in.
- A document set becomes a document attribute, usable in ``--by`` and
  ``--where``: ``yes`` for its members and ``no`` for the other imported
  transcripts; a set named ``Key::Value`` (ATLAS.ti's way of writing an
  attribute as a document group) sets ``Key`` to ``Value``.
- A selection that carries interviewkit's coding record in its Description
  (:mod:`interviewkit.refi.records`) comes back as that coding: its coder,
  origin, status, each coder's decision and the evidence; the ``<Coding>``
  elements the record accounts for (its coder's in its selection, and those
  of the coders who accepted it in selections of the same text) are not read
  again. A record that cannot be read or no longer fits (a coding it names is
  gone) is set aside and the codings are read as they are.
- A code set becomes a code group (same name, description and GUID).
- Notes become memos, each by its author: on a transcript, a code, both, a
  coding, a unit (a selection with notes and no code: the unit where it
  starts), or the whole project (project notes, and notes nothing refers to).
  Another tool's comment in a selection's Description (MAXQDA) is a memo on
  its coding, or on its unit when it has no code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from interviewkit.codebook.qdc import RefiSet
from interviewkit.models import AUTO, Transcript
from interviewkit.refi import guids
from interviewkit.refi.codes import CodePlan
from interviewkit.refi.positions import DESCRIPTIONS, PositionMap
from interviewkit.refi.project_xml import (
    RefiCoding,
    RefiNote,
    RefiProject,
    RefiSelection,
    RefiSource,
)
from interviewkit.refi.records import CodingRecord, is_coding_block, read_coding
from interviewkit.store.exchange import ExchangeCoding, ExchangeGroup, ExchangeMemo, split_span

UNKNOWN_CODER = "unknown coder"


@dataclass(frozen=True)
class People:
    """Who is who in a project file: coder names by user GUID key, the kinds of coders who
    are not people, and the author of a note that names none."""

    names: dict[str, str]
    kinds: dict[str, str] = field(default_factory=dict)
    #: ``""`` for our own files (the author was not recorded), else :data:`UNKNOWN_CODER`.
    unknown: str = UNKNOWN_CODER

    def coder(self, user: str | None) -> str:
        return self.names.get(user, UNKNOWN_CODER) if user else UNKNOWN_CODER

    def origin(self, coder: str) -> str:
        """``auto`` for an automatic coder's codings (suggestions), else ``manual``."""
        return "auto" if self.kinds.get(coder) == "auto" or coder == AUTO else "manual"

    def author(self, note: RefiNote, fallback: str | None = None) -> str:
        if note.user:
            return self.names.get(note.user, UNKNOWN_CODER)
        return self.unknown if fallback is None or not self.unknown else fallback


@dataclass
class Placed:
    """The codings and unit memos of one source, and what could not be placed."""

    codings: list[ExchangeCoding] = field(default_factory=list)
    memos: list[ExchangeMemo] = field(default_factory=list)
    not_placed: list[str] = field(default_factory=list)
    empty: int = 0
    spans: int = 0
    #: Selections whose coding record cannot be read or does not fit their codings
    #: (their codings are read as they are).
    stale: int = 0


def place_codings(
    source: RefiSource,
    transcript: Transcript,
    counting: str,
    plan: CodePlan,
    data: RefiProject,
    people: People,
    used_notes: set[str],
    code_of_note: dict[str, str],
) -> Placed:
    """Every coding of ``source`` on the units of ``transcript``, and its memos on units."""
    pmap = PositionMap(source.raw_text, counting)
    units = [(u.index, u.start, u.end) for u in sorted(transcript.units, key=lambda u: u.start)]
    out = Placed()
    bad_positions: list[str] = []
    unknown_codes: dict[str, int] = {}
    records, plain, taken_whole = _records(source.selections, people, out)
    for number, sel in enumerate(source.selections):
        record, codings = records[number], plain[number]
        comment = "" if is_coding_block(sel.description) else sel.description
        if number in taken_whole and not _notes(sel, data) and not comment:
            continue  # an acceptance, read with the suggestion it accepts
        if not codings and record is None and not _notes(sel, data) and not comment:
            out.empty += 1
            continue
        start = pmap.convert(sel.start) if sel.start is not None else None
        end = pmap.convert(sel.end, end=True) if sel.end is not None else None
        if start is None or end is None or sel.start is None or sel.end is None:
            bad_positions.append(f"{sel.start}–{sel.end}")
            continue
        if sel.start > sel.end:
            bad_positions.append(f"{sel.start}–{sel.end}")
            continue
        if start == end:
            out.empty += 1
            continue
        pieces = split_span(units, start, end, transcript.text)
        if not codings and record is None:
            # A note or comment on a stretch of text, with no code: a memo on its unit.
            for note in _notes(sel, data):
                used_notes.add(note)
                out.memos.append(
                    _memo(
                        data.notes[note],
                        people,
                        doc_id=transcript.id,
                        unit=pieces[0][0],
                        code=code_of_note.get(note),
                    )
                )
            if comment:
                author = people.coder(sel.user) if sel.user else people.unknown
                out.memos.append(
                    ExchangeMemo(comment, author, transcript.id, None, sel.created, pieces[0][0])
                )
            continue
        if record is not None:
            if record.code not in plan.ids:
                unknown_codes[record.code] = unknown_codes.get(record.code, 0) + 1
                continue
            notes = _notes(sel, data)
            used_notes.update(notes)
            out.spans += len(pieces) > 1
            out.codings.append(
                ExchangeCoding(
                    doc_id=transcript.id,
                    pieces=pieces,
                    code=plan.ids[record.code],
                    coder=record.coder,
                    origin=record.origin,
                    created=record.created or sel.created,
                    status=record.status,
                    decisions=record.decisions,
                    evidence=record.evidence,
                    memos=tuple(_memo(data.notes[n], people) for n in dict.fromkeys(notes)),
                )
            )
        for coder, coding in codings:
            if coding.code not in plan.ids:
                unknown_codes[coding.code] = unknown_codes.get(coding.code, 0) + 1
                continue
            refs = [n for n in (*sel.notes, *coding.notes) if n in data.notes]
            used_notes.update(refs)
            memos = [_memo(data.notes[n], people, fallback=coder) for n in dict.fromkeys(refs)]
            if comment:
                # A comment on a coded selection (QualCoder's coding memo) is a memo on it.
                memos.append(ExchangeMemo(comment, coder, created=sel.created))
            out.spans += len(pieces) > 1
            out.codings.append(
                ExchangeCoding(
                    doc_id=transcript.id,
                    pieces=pieces,
                    code=plan.ids[coding.code],
                    coder=coder,
                    origin=people.origin(coder),
                    created=coding.created or sel.created,
                    memos=tuple(memos),
                )
            )
    if bad_positions:
        shown = ", ".join(bad_positions[:5]) + (" …" if len(bad_positions) > 5 else "")
        out.not_placed.append(
            f"{len(bad_positions)} selection(s) in {source.name!r} ({shown}): their positions "
            f"lie outside the text of {pmap.length} "
            f"{DESCRIPTIONS[counting].split(' (')[0]} or are not numbers"
        )
    for code, count in unknown_codes.items():
        out.not_placed.append(
            f"{count} coding(s) in {source.name!r}: they name the code {code}, which the "
            "file's codebook does not hold"
        )
    return out


_Plain = list[tuple[str, RefiCoding]]


def _records(
    selections: Sequence[RefiSelection], people: People, out: Placed
) -> tuple[list[CodingRecord | None], list[_Plain], set[int]]:
    """The coding record of each selection (``None``: none, or set aside), the codings of
    each selection that are read as they are, and the selections a record took whole.

    A record takes the ``<Coding>`` of its coder from its own selection and that of each
    coder who accepted it from a selection of the same text (its own, or one beside it);
    a record that misses one is set aside (counted in ``out.stale``).
    """
    records = [read_coding(s.description) if s.description else None for s in selections]
    plain: list[_Plain] = [
        [(people.coder(c.user or s.user), c) for c in s.codings] for s in selections
    ]
    same_text: dict[tuple[int | None, int | None], list[int]] = {}
    for number, sel in enumerate(selections):
        same_text.setdefault((sel.start, sel.end), []).append(number)
    taken_from: set[int] = set()
    for number, record in enumerate(records):
        sel = selections[number]
        if record is None:
            out.stale += is_coding_block(sel.description)
            continue
        mates = [number] + [n for n in same_text[(sel.start, sel.end)] if n != number]
        # The coder's own coding is in the record's selection; an acceptance is in one
        # of the same text, the one made when they decided if there are two.
        wanted: list[tuple[str, str | None, list[int]]] = []
        if record.status != "rejected":
            wanted.append((record.coder, record.created, [number]))
        wanted += [(d.coder, d.decided, mates) for d in record.decisions if d.verdict == "accepted"]
        found: list[tuple[int, tuple[str, RefiCoding]]] = []
        for coder, made, places in wanted:
            candidates = [
                (n, item)
                for n in places
                for item in plain[n]
                if item[0] == coder and item[1].code == record.code and (n, item) not in found
            ]
            candidates.sort(key=lambda c: c[1][1].created != made)
            if not candidates:
                break
            found.append(candidates[0])
        if len(found) < len(wanted):
            records[number] = None
            out.stale += 1
            continue
        for n, item in found:
            plain[n].remove(item)
            if n != number:
                taken_from.add(n)
    whole = {n for n in taken_from if not plain[n]}
    return records, plain, whole


def _notes(sel: RefiSelection, data: RefiProject) -> list[str]:
    return [n for n in sel.notes if n in data.notes]


def _memo(
    note: RefiNote,
    people: People,
    *,
    fallback: str | None = None,
    doc_id: str | None = None,
    unit: int | None = None,
    code: str | None = None,
) -> ExchangeMemo:
    return ExchangeMemo(
        note.text,
        people.author(note, fallback),
        doc_id=doc_id,
        code=code,
        created=note.created,
        unit=unit,
    )


def code_groups(
    sets: Sequence[RefiSet], plan: CodePlan, scope: str | None = None
) -> list[ExchangeGroup]:
    """A code group for every set that holds codes.

    A set's GUID is kept, unless it is the one an interviewkit export derives
    for the group in ``scope`` (the next export derives it again).
    """
    out: list[ExchangeGroup] = []
    names: set[str] = set()
    for found in sets:
        codes = tuple(dict.fromkeys(plan.ids[c] for c in found.codes if c in plan.ids))
        if not found.codes:
            continue
        name, number = found.name, 2
        while name in names:
            name, number = f"{found.name} ({number})", number + 1
        names.add(name)
        guid = found.written or None
        if scope is not None and found.guid == guids.derived(scope, "set", found.name):
            guid = None
        out.append(ExchangeGroup(name, codes, found.description, guid))
    return out


def set_attributes(
    sets: Sequence[RefiSet], doc_of_source: dict[str, str], variables: set[str]
) -> tuple[dict[str, dict[str, str]], list[str]]:
    """Document attributes from document sets: ``({doc id: {attribute: value}}, attributes)``."""
    values: dict[str, dict[str, str]] = {doc: {} for doc in doc_of_source.values()}
    made: list[str] = []
    for found in sets:
        members = {doc_of_source[s] for s in found.sources if s in doc_of_source}
        if not found.sources or not values:
            continue
        key, sep, value = found.name.partition("::")
        if sep and key.strip() and value.strip():
            attribute = key.strip()
            for doc in members:
                values[doc][attribute] = value.strip()
        else:
            attribute = found.name if found.name not in variables else f"{found.name} (set)"
            for doc in values:
                values[doc][attribute] = "yes" if doc in members else "no"
        if attribute not in made:
            made.append(attribute)
    return values, made


def memo_of(
    data: RefiProject,
    note: str,
    people: People,
    *,
    doc: str | None = None,
    code: str | None = None,
    prefix: str = "",
) -> ExchangeMemo:
    """The memo of a note, written by the note's author."""
    found = data.notes[note]
    return ExchangeMemo(
        prefix + found.text, people.author(found), doc_id=doc, code=code, created=found.created
    )


def notes_on_codes(data: RefiProject, plan: CodePlan) -> dict[str, str]:
    """``{note GUID key: code id}`` of the notes codes refer to."""
    return {
        n: plan.ids[guid]
        for guid, refs in data.code_notes.items()
        if guid in plan.ids
        for n in refs
    }


def memos(
    data: RefiProject,
    code_of_note: dict[str, str],
    people: People,
    doc_of_source: dict[str, str],
    used: set[str],
) -> list[ExchangeMemo]:
    """Memos from the notes on transcripts, codes and the project; ``used`` gains their GUIDs."""
    out: list[ExchangeMemo] = []
    for source in data.sources:
        for note in source.notes:
            if source.guid in doc_of_source and note in data.notes and note not in used:
                used.add(note)
                doc = doc_of_source[source.guid]
                out.append(memo_of(data, note, people, doc=doc, code=code_of_note.get(note)))
    for note, code in code_of_note.items():
        if note in data.notes and note not in used:
            used.add(note)
            out.append(memo_of(data, note, people, code=code))
    # Notes on sources that could not be placed, on the project, and on
    # nothing: memos on the whole project, so that none is lost.
    for unplaced in data.unplaced:
        for note in unplaced.notes:
            if note in data.notes and note not in used:
                used.add(note)
                prefix = f"On the source {unplaced.name!r}, which was not imported: "
                out.append(memo_of(data, note, people, prefix=prefix))
    for note in [*data.project_notes, *data.notes]:
        if note in data.notes and note not in used:
            used.add(note)
            out.append(memo_of(data, note, people))
    return out
