"""Importing a REFI-QDA project (.qdpx, or a bare .qde) or codebook (.qdc) into a project.

Everything is read and placed first; only then is it stored, in one
transaction (:meth:`Project.import_exchange`). What is there comes in: the
codebook, code sets (as code groups), document sets (as attributes), notes
(as memos), users, and every source whose text can be read with its codings.
What cannot be placed (a source whose text file is missing, a selection
outside its text) is listed in the report with the reason, and the rest is
imported. A broken archive, a project.qde that is not XML, or a source that
differs from the transcript of the same name already in the project is an
:class:`~interviewkit.errors.ExchangeError`, and the project is left as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from interviewkit.codebook.model import Code
from interviewkit.codebook.qdc import RefiCode
from interviewkit.errors import ExchangeError, UsageError
from interviewkit.models import Transcript
from interviewkit.refi.codebook_xml import read_codebook
from interviewkit.refi.codes import CodePlan, plan_codes
from interviewkit.refi.placing import (
    UNKNOWN_CODER,
    People,
    code_groups,
    memos,
    notes_on_codes,
    place_codings,
    set_attributes,
)
from interviewkit.refi.positions import DESCRIPTIONS, Selection, detect_counting, normalize_text
from interviewkit.refi.project_description import (
    code_ids,
    codebook_version,
    coder_kinds,
    is_ours,
    retired_codes,
)
from interviewkit.refi.project_xml import RefiProject, RefiSource, read_project
from interviewkit.refi.structure import is_units_block, read_units
from interviewkit.store.exchange import ExchangeBundle, ExchangeCoding, ExchangeMemo

if TYPE_CHECKING:
    from interviewkit.store import Project

__all__ = ["UNKNOWN_CODER", "ImportReport", "import_file", "import_to_path", "make_transcript"]

#: Below this share of selections on word boundaries, the import warns.
POOR_FIT = 0.8
SUFFIXES = (".qdpx", ".qde", ".qdc")
_NO_VERSION = (
    "{what}, so the new codebook is version 1; load your codebook file with "
    "'interviewkit codebook load FILE' to set its version"
)


@dataclass(frozen=True)
class ImportReport:
    """What an import did, what it could not place and why, and what it left out."""

    file: str
    origin: str
    sources: list[str] = field(default_factory=list)
    sources_present: list[str] = field(default_factory=list)
    codes_added: list[str] = field(default_factory=list)
    codes_matched: list[str] = field(default_factory=list)
    codings: int = 0
    codings_present: int = 0
    #: Codings over several units, stored as one linked piece per unit.
    spans: int = 0
    memos: int = 0
    #: Coders' decisions on suggestions.
    decisions: int = 0
    users: list[str] = field(default_factory=list)
    code_groups: list[str] = field(default_factory=list)
    attributes: list[str] = field(default_factory=list)
    #: Sources interviewkit does not code (PDF, picture, audio, video), counted.
    other_sources: dict[str, int] = field(default_factory=dict)
    other_codings: int = 0
    not_placed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def import_file(project: Project, path: str | Path) -> ImportReport:
    """Import a .qdpx or .qde project or a .qdc codebook into ``project``; one transaction."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(
            f"{path}: {suffix or 'no suffix'} is not a REFI-QDA file; use one of: .qdpx "
            "(a project archive), .qde (a project file without its archive), .qdc (a codebook)",
        )
    if not path.is_file():
        raise UsageError(f"{path}: no such file", hint="Check the path.")
    if suffix == ".qdc":
        return _import_codebook(project, path)
    return _import_project(project, read_project(path), path)


def _plan(project: Project, codes: list[RefiCode], named: dict[str, str] | None = None) -> CodePlan:
    known = {guid: local for local, guid in project.exchange_guids()["code"].items()}
    return plan_codes(
        codes, current=project.codebook(), all_codes=project.code_names(), known=known, named=named
    )


def _import_codebook(project: Project, path: Path) -> ImportReport:
    codes, sets, origin = read_codebook(path)
    if not codes:
        raise ExchangeError(f"{path} holds no codes", hint="Export the codebook again.")
    plan = _plan(project, codes)
    current = project.codebook()
    book = plan.codebook(current, name=path.stem, source=str(path))
    groups = code_groups(sets, plan)
    stored = project.import_exchange(
        ExchangeBundle(
            codebook=book,
            guids=tuple(("code", plan.ids[c.guid], c.written or c.guid) for c in codes),
            groups=tuple(groups),
        )
    )
    notes = (
        [_NO_VERSION.format(what="a REFI-QDA codebook (.qdc) has no version field")]
        if current is None and book is not None
        else []
    )
    return ImportReport(
        file=str(path),
        origin=origin or "an unnamed tool",
        codes_added=stored.codes_added,
        codes_matched=plan.matched,
        code_groups=stored.groups,
        notes=notes,
    )


def _import_project(project: Project, data: RefiProject, path: Path) -> ImportReport:
    plan = _plan(project, data.codes, code_ids(data.description))
    coder_of = _coder_names(data)
    people = People(
        coder_of,
        {coder_of[k]: kind for k, kind in coder_kinds(data.description).items() if k in coder_of},
        "" if is_ours(data.description) else UNKNOWN_CODER,
    )
    code_of_note = notes_on_codes(data, plan)
    existing = set(project.doc_ids())
    chosen: list[tuple[RefiSource, str, str]] = []
    skipped = list(data.skipped)
    taken: set[str] = set()
    for source in data.sources:
        text = normalize_text(source.raw_text)
        if not text.strip():
            skipped.append(f"text source {source.name!r}: it has no text")
            continue
        chosen.append((source, _doc_id(source.name, taken), text))
    doc_of_source = {source.guid: doc_id for source, doc_id, _ in chosen}
    variables = {k for source in data.sources for k in source.variables}
    set_values, attributes = set_attributes(data.sets, doc_of_source, variables)
    transcripts: list[Transcript] = []
    present: list[str] = []
    codings: list[ExchangeCoding] = []
    memo_list: list[ExchangeMemo] = []
    notes: list[str] = []
    not_placed = [
        f"text source {u.name!r}"
        + (f" and its {u.codings} coding(s)" if u.codings else "")
        + f": {u.reason}"
        for u in data.unplaced
    ]
    used_notes: set[str] = set()
    spans = stale = 0
    for source, doc_id, text in chosen:
        metadata = {**source.variables, **set_values.get(doc_id, {})}
        transcript, how = _transcript(project, doc_id, text, source, metadata, existing, path)
        if doc_id in existing:
            present.append(doc_id)
        else:
            transcripts.append(transcript)
            if how:
                notes.append(how)
        counting, fit = _counting(source)
        if counting != "codepoints":
            notes.append(
                f"{doc_id}: positions were counted in {DESCRIPTIONS[counting]}; "
                "converted to code points"
            )
        if source.selections and fit < POOR_FIT:
            notes.append(
                f"{doc_id}: only {fit:.0%} of the codings begin and end at word "
                "boundaries; check a few of them"
            )
        placed = place_codings(
            source, transcript, counting, plan, data, people, used_notes, code_of_note
        )
        codings += placed.codings
        memo_list += placed.memos
        not_placed += placed.not_placed
        spans += placed.spans
        stale += placed.stale
        if placed.empty:
            skipped.append(
                f"{placed.empty} selection(s) in {source.name!r}: empty, or coded with nothing"
            )
        if source.description and not is_units_block(source.description) and doc_id not in existing:
            memo_list.append(
                ExchangeMemo(f"Description: {source.description}", UNKNOWN_CODER, doc_id=doc_id)
            )
    if stale:
        notes.append(
            f"{stale} selection(s) carry a record of interviewkit that cannot be read or no "
            "longer fits their codings (changed in another tool?); their codings were read "
            "as they are"
        )
    memo_list += memos(data, code_of_note, people, doc_of_source, used_notes)
    deciders = {d.coder for c in codings for d in c.decisions}
    users = sorted(
        {*coder_of.values(), *(c.coder for c in codings), *(m.coder for m in memo_list), *deciders}
        - {""}
    )
    current = project.codebook()
    version = codebook_version(data.description)
    retired = _retired(plan, retired_codes(data.description))
    book = plan.codebook(current, name=data.name, source=str(path), version=version or "1")
    if current is None and book is not None and version is None:
        notes.append(_NO_VERSION.format(what="the file names no codebook version"))
    memos_before = len(project.memos())
    guid_rows = [("code", plan.ids[c.guid], c.written or c.guid) for c in data.codes]
    guid_rows += [
        ("source", doc_of_source[s.guid], s.written or s.guid)
        for s in data.sources
        if s.guid in doc_of_source
    ]
    guid_rows += [
        ("user", name, data.written.get(key, key))
        for key, name in coder_of.items()
        if key in data.users
    ]
    stored = project.import_exchange(
        ExchangeBundle(
            transcripts=tuple(transcripts),
            codebook=book,
            codings=tuple(codings),
            memos=tuple(memo_list),
            coders=tuple(u for u in users if people.origin(u) != "auto"),
            guids=tuple(guid_rows),
            groups=tuple(code_groups(data.sets, plan, data.name)),
            retired=tuple(retired),
            kinds=tuple(people.kinds.items()),
        )
    )
    for doc_id, unit, code, coder in stored.decision_conflicts[:5]:
        notes.append(
            f"{doc_id}, unit {unit}: {coder} decided differently on the suggestion "
            f"'{code}' in the file; this project's decision was kept"
        )
    if len(stored.decision_conflicts) > 5:
        notes.append(
            f"… and {len(stored.decision_conflicts) - 5} more decisions that differ (this "
            "project's were kept)"
        )
    return ImportReport(
        file=str(path),
        origin=data.origin,
        sources=stored.documents_added,
        sources_present=present,
        codes_added=stored.codes_added,
        codes_matched=plan.matched,
        codings=stored.codings_added,
        codings_present=stored.codings_present,
        spans=spans,
        memos=len(project.memos()) - memos_before,
        decisions=stored.decisions_added,
        users=users,
        code_groups=stored.groups,
        attributes=attributes,
        other_sources=dict(data.other_sources),
        other_codings=data.other_codings,
        not_placed=not_placed,
        skipped=skipped,
        notes=notes,
    )


def _retired(plan: CodePlan, keys: set[str]) -> list[Code]:
    """Take the new codes the file names as retired out of ``plan``; returns them.

    A code that is the parent of a code that stays keeps its place in the codebook.
    """
    wanted = {plan.ids[k] for k in keys if k in plan.ids}
    parents = {c.parent for c in plan.new if c.id not in wanted}
    out = [c for c in plan.new if c.id in wanted and c.id not in parents]
    plan.new = [c for c in plan.new if c not in out]
    return out


def _coder_names(data: RefiProject) -> dict[str, str]:
    """Coder names by user GUID; two users of one name stay apart."""
    out: dict[str, str] = {}
    seen: dict[str, int] = {}
    for guid, name in data.users.items():
        seen[name] = seen.get(name, 0) + 1
        out[guid] = name if seen[name] == 1 else f"{name} ({seen[name]})"
    return out


def _doc_id(name: str, taken: set[str]) -> str:
    base = " ".join(name.split()) or "source"
    doc_id, number = base, 2
    while doc_id in taken:
        doc_id, number = f"{base}_{number}", number + 1
    taken.add(doc_id)
    return doc_id


def _transcript(
    project: Project,
    doc_id: str,
    text: str,
    source: RefiSource,
    metadata: dict[str, str],
    existing: set[str],
    path: Path,
) -> tuple[Transcript, str]:
    """The transcript of a source, and a note on how its units were found (or ``""``)."""
    if doc_id in existing:
        stored = project.transcript(doc_id)
        if stored.text != text:
            raise ExchangeError(
                f"{path.name}: the source {source.name!r} differs from the transcript "
                f"{doc_id!r} already in the project; nothing was imported",
                hint="Import into a new project (--project NEW.db), or rename the source in "
                "the tool that made the file.",
            )
        return stored, ""
    origin = f"{path.name}: {source.name}"
    units = read_units(source.description, text) if source.description else None
    if units is not None:
        language = metadata.get("language")
        if not language:
            from interviewkit.transcripts.language import detect_language

            language = detect_language(text)
            if language:
                metadata["language"] = language
        return Transcript(doc_id, text, units, metadata, source=origin), ""
    transcript = make_transcript(doc_id, text, metadata, source=origin)
    note = ""
    if not any(u.speaker for u in transcript.units):
        # REFI-QDA keeps the text only; captions and other texts without
        # speaker labels lose their turns on the way.
        note = (
            f"{doc_id}: the text has no speaker labels, so its units are its "
            f"{len(transcript.units)} paragraphs or lines, not speaker turns"
        )
    if is_units_block(source.description):
        note = (
            f"{doc_id}: the units interviewkit wrote into the file do not fit its text "
            "(was it edited?); the text was cut into units again"
        )
    return transcript, note


def make_transcript(doc_id: str, text: str, metadata: dict[str, str], *, source: str) -> Transcript:
    """A transcript of imported plain text, cut into speaker turns like any other."""
    from interviewkit.transcripts.language import detect_language
    from interviewkit.transcripts.speakers import segment
    from interviewkit.transcripts.units import build_units, interviewer_matcher

    language = metadata.get("language") or detect_language(text)
    if language:
        metadata["language"] = language
    # Without speaker labels, paragraphs are the units; a text with no blank
    # line (captions exported as text) has one paragraph per line.
    breaks = "blank" if "\n\n" in text.strip() else "line"
    segments, _ = segment(text, Path(doc_id), pattern=None, paragraph_break=breaks)
    units = build_units(
        text,
        segments,
        kind="turn",
        language=language,
        paragraph_break=breaks,
        interviewer_labels=interviewer_matcher([metadata.get("interviewer", "")]),
    )
    return Transcript(doc_id, text, units, metadata, source=source)


def _counting(source: RefiSource) -> tuple[str, float]:
    selections = [
        Selection(s.start, s.end, s.name)
        for s in source.selections
        if s.start is not None and s.end is not None
    ]
    return detect_counting(source.raw_text, selections)


def import_to_path(project_path: str | Path, path: str | Path) -> tuple[ImportReport, bool]:
    """Import into the project file at ``project_path``, created if it does not exist.

    Returns the report and whether the project was created. A project made
    for an import that fails is removed again, so a failed import leaves
    nothing behind.
    """
    from interviewkit.store import Project

    target = Path(project_path)
    created = not target.exists()
    project = Project.create(target) if created else Project(target)
    try:
        return import_file(project, path), created
    except BaseException:
        project.close()
        if created:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
        raise
    finally:
        project.close()
