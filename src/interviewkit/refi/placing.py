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
- A code set becomes a code group (same name, description and GUID).
- Notes become memos: on a transcript, a code, a coding, or the whole project
  (project notes, and notes nothing refers to).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from interviewkit.codebook.qdc import RefiSet
from interviewkit.models import Transcript
from interviewkit.refi.codes import CodePlan
from interviewkit.refi.positions import DESCRIPTIONS, PositionMap
from interviewkit.refi.project_xml import RefiProject, RefiSource
from interviewkit.store.exchange import ExchangeCoding, ExchangeGroup, ExchangeMemo, split_span

UNKNOWN_CODER = "unknown coder"


@dataclass
class Placed:
    """The codings of one source, and what could not be placed."""

    codings: list[ExchangeCoding] = field(default_factory=list)
    not_placed: list[str] = field(default_factory=list)
    empty: int = 0
    spans: int = 0


def place_codings(
    source: RefiSource,
    transcript: Transcript,
    counting: str,
    plan: CodePlan,
    data: RefiProject,
    coder_of: dict[str, str],
    used_notes: set[str],
) -> Placed:
    """Every coding of ``source`` on the units of ``transcript``."""
    pmap = PositionMap(source.raw_text, counting)
    units = [(u.index, u.start, u.end) for u in sorted(transcript.units, key=lambda u: u.start)]
    out = Placed()
    bad_positions: list[str] = []
    unknown_codes: dict[str, int] = {}
    for sel in source.selections:
        if not sel.codings:
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
        for coding in sel.codings:
            if coding.code not in plan.ids:
                unknown_codes[coding.code] = unknown_codes.get(coding.code, 0) + 1
                continue
            user = coding.user or sel.user
            coder = coder_of.get(user, UNKNOWN_CODER) if user else UNKNOWN_CODER
            refs = [n for n in (*sel.notes, *coding.notes) if n in data.notes]
            used_notes.update(refs)
            memo = "\n".join(data.notes[n].text for n in dict.fromkeys(refs)) or None
            out.spans += len(pieces) > 1
            out.codings.append(
                ExchangeCoding(
                    doc_id=transcript.id,
                    pieces=pieces,
                    code=plan.ids[coding.code],
                    coder=coder,
                    origin="auto" if coder == "auto" else "manual",
                    memo=memo,
                    created=coding.created or sel.created,
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


def code_groups(sets: Sequence[RefiSet], plan: CodePlan) -> list[ExchangeGroup]:
    """A code group for every set that holds codes."""
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
        out.append(ExchangeGroup(name, codes, found.description, found.written or None))
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
    coder_of: dict[str, str],
    *,
    doc: str | None = None,
    code: str | None = None,
    prefix: str = "",
) -> ExchangeMemo:
    """The memo of a note, written by the note's author."""
    found = data.notes[note]
    coder = coder_of.get(found.user or "", UNKNOWN_CODER)
    return ExchangeMemo(prefix + found.text, coder, doc_id=doc, code=code, created=found.created)


def memos(
    data: RefiProject,
    plan: CodePlan,
    coder_of: dict[str, str],
    doc_of_source: dict[str, str],
    used: set[str],
) -> list[ExchangeMemo]:
    """Memos from the notes on transcripts, codes and the project; ``used`` gains their GUIDs."""
    out: list[ExchangeMemo] = []
    code_of_note = {
        n: plan.ids[guid]
        for guid, refs in data.code_notes.items()
        if guid in plan.ids
        for n in refs
    }
    for source in data.sources:
        for note in source.notes:
            if source.guid in doc_of_source and note in data.notes and note not in used:
                used.add(note)
                doc = doc_of_source[source.guid]
                out.append(memo_of(data, note, coder_of, doc=doc, code=code_of_note.get(note)))
    for note, code in code_of_note.items():
        if note in data.notes and note not in used:
            used.add(note)
            out.append(memo_of(data, note, coder_of, code=code))
    # Notes on sources that could not be placed, on the project, and on
    # nothing: memos on the whole project, so that none is lost.
    for unplaced in data.unplaced:
        for note in unplaced.notes:
            if note in data.notes and note not in used:
                used.add(note)
                prefix = f"On the source {unplaced.name!r}, which was not imported: "
                out.append(memo_of(data, note, coder_of, prefix=prefix))
    for note in [*data.project_notes, *data.notes]:
        if note in data.notes and note not in used:
            used.add(note)
            out.append(memo_of(data, note, coder_of))
    return out
