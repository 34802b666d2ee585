"""Importing a REFI-QDA project (.qdpx) or codebook (.qdc) into a project.

Everything is read and checked first; only then is it stored, in one
transaction (:meth:`Project.import_exchange`). A coding that points outside
its text or to a code the file does not define, a broken archive or a
missing ``project.qde`` is an :class:`~interviewkit.errors.ExchangeError`
that names it, and the project is left as it was.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from interviewkit.errors import ExchangeError, UsageError
from interviewkit.models import Transcript, Unit
from interviewkit.refi.codebook_xml import RefiCode, read_codebook
from interviewkit.refi.codes import CodePlan, plan_codes
from interviewkit.refi.exports import codebook_version
from interviewkit.refi.positions import (
    DESCRIPTIONS,
    PositionMap,
    Selection,
    detect_counting,
    normalize_text,
)
from interviewkit.refi.project_xml import RefiProject, RefiSource, read_project
from interviewkit.store.exchange import ExchangeBundle, ExchangeCoding, ExchangeMemo

if TYPE_CHECKING:
    from interviewkit.store import Project

UNKNOWN_CODER = "unknown coder"
#: Below this share of selections on word boundaries, the import warns.
POOR_FIT = 0.8
_NO_VERSION = (
    "{what}, so the new codebook is version 1; load your codebook file with "
    "'interviewkit codebook load FILE' to set its version"
)


@dataclass(frozen=True)
class ImportReport:
    """What an import did, and what it left out and why."""

    file: str
    origin: str
    sources: list[str] = field(default_factory=list)
    sources_present: list[str] = field(default_factory=list)
    codes_added: list[str] = field(default_factory=list)
    codes_matched: list[str] = field(default_factory=list)
    codings: int = 0
    codings_present: int = 0
    memos: int = 0
    users: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def import_file(project: Project, path: str | Path) -> ImportReport:
    """Import a .qdpx project or a .qdc codebook into ``project``; one transaction."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".qdpx", ".qdc"):
        raise UsageError(
            f"{path}: {suffix or 'no suffix'} is not a REFI-QDA file; use one of: .qdpx "
            "(a project), .qdc (a codebook)",
        )
    if not path.is_file():
        raise UsageError(f"{path}: no such file", hint="Check the path.")
    if suffix == ".qdc":
        return _import_codebook(project, path)
    return _import_project(project, read_project(path), path)


def _plan(project: Project, codes: Sequence[RefiCode]) -> CodePlan:
    known = {guid: local for local, guid in project.exchange_guids()["code"].items()}
    return plan_codes(
        codes, current=project.codebook(), all_codes=project.code_names(), known=known
    )


def _import_codebook(project: Project, path: Path) -> ImportReport:
    codes, skipped = read_codebook(path)
    if not codes:
        raise ExchangeError(f"{path} holds no codes", hint="Export the codebook again.")
    plan = _plan(project, codes)
    current = project.codebook()
    book = plan.codebook(current, name=path.stem, source=str(path))
    stored = project.import_exchange(
        ExchangeBundle(
            codebook=book,
            guids=tuple(("code", plan.ids[c.guid], c.guid) for c in codes),
        )
    )
    notes = (
        [_NO_VERSION.format(what="a REFI-QDA codebook (.qdc) has no version field")]
        if current is None and book is not None
        else []
    )
    return ImportReport(
        file=str(path),
        origin=_origin_of(path),
        codes_added=stored.codes_added,
        codes_matched=plan.matched,
        skipped=skipped,
        notes=notes,
    )


def _origin_of(path: Path) -> str:
    from interviewkit.refi.xml import parse

    try:
        root = parse(path.read_bytes(), str(path))
    except ExchangeError:
        return "an unnamed tool"
    return root.get("origin") or "an unnamed tool"


def _import_project(project: Project, data: RefiProject, path: Path) -> ImportReport:
    plan = _plan(project, data.codes)
    coder_of = _coder_names(data)
    existing = set(project.doc_ids())
    transcripts: list[Transcript] = []
    present: list[str] = []
    codings: list[ExchangeCoding] = []
    memos: list[ExchangeMemo] = []
    notes: list[str] = []
    skipped = list(data.skipped)
    used_notes: set[str] = set()
    doc_of_source: dict[str, str] = {}
    taken: set[str] = set()
    for source in data.sources:
        text = normalize_text(source.raw_text)
        if not text.strip():
            skipped.append(f"text source {source.name!r}: it has no text")
            continue
        doc_id = _doc_id(source.name, taken)
        transcript = _transcript(project, doc_id, text, source, existing, path)
        if doc_id in existing:
            present.append(doc_id)
        else:
            transcripts.append(transcript)
            if not any(u.speaker for u in transcript.units):
                # REFI-QDA keeps the text only; captions and other texts without
                # speaker labels lose their turns on the way.
                notes.append(
                    f"{doc_id}: the text has no speaker labels, so its units are its "
                    f"{len(transcript.units)} paragraphs or lines, not speaker turns; "
                    "unit numbers and shares differ from a project the transcript was added to "
                    "directly"
                )
        doc_of_source[source.guid] = doc_id
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
        codings += _codings(
            source, transcript, counting, plan, data, coder_of, used_notes, skipped, path
        )
    for source in data.sources:
        for note in source.notes:
            if source.guid in doc_of_source and note in data.notes and note not in used_notes:
                used_notes.add(note)
                memos.append(
                    _memo(
                        data,
                        note,
                        coder_of,
                        doc=doc_of_source[source.guid],
                        code=_code_with_note(data, plan, note),
                    )
                )
    for code_guid, refs in data.code_notes.items():
        for note in refs:
            if note in data.notes and note not in used_notes and code_guid in plan.ids:
                used_notes.add(note)
                memos.append(_memo(data, note, coder_of, code=plan.ids[code_guid]))
    for guid, found in data.notes.items():
        if guid not in used_notes:
            skipped.append(
                f"note {found.text[:40]!r}: it is on the whole project; interviewkit "
                "keeps memos on transcripts, codes and codings"
            )
    users = sorted({*coder_of.values(), *(c.coder for c in codings), *(m.coder for m in memos)})
    current = project.codebook()
    version = codebook_version(data.description)
    book = plan.codebook(current, name=data.name, source=str(path), version=version or "1")
    if current is None and book is not None and version is None:
        notes.append(_NO_VERSION.format(what="the file names no codebook version"))
    # Memos on codings travel inside the codings: count them with the other memos,
    # as the export does.
    memos_before = _memo_count(project)
    guid_rows = [("code", plan.ids[c.guid], c.guid) for c in data.codes]
    guid_rows += [("source", doc_id, guid) for guid, doc_id in doc_of_source.items()]
    guid_rows += [("user", name, guid) for guid, name in coder_of.items() if guid in data.users]
    stored = project.import_exchange(
        ExchangeBundle(
            transcripts=tuple(transcripts),
            codebook=book,
            codings=tuple(codings),
            memos=tuple(memos),
            coders=tuple(u for u in users if u != "auto"),
            guids=tuple(guid_rows),
        )
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
        memos=_memo_count(project) - memos_before,
        users=users,
        skipped=skipped,
        notes=notes,
    )


def _memo_count(project: Project) -> int:
    """Memos on transcripts and codes, and memos on codings."""
    return len(project.memos())


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
    project: Project, doc_id: str, text: str, source: RefiSource, existing: set[str], path: Path
) -> Transcript:
    if doc_id in existing:
        stored = project.transcript(doc_id)
        if stored.text != text:
            raise ExchangeError(
                f"{path.name}: the source {source.name!r} differs from the transcript "
                f"{doc_id!r} already in the project; nothing was imported",
                hint="Import into a new project (--project NEW.db), or rename the source in "
                "the tool that made the file.",
            )
        return stored
    return make_transcript(
        doc_id, text, dict(source.variables), source=f"{path.name}: {source.name}"
    )


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
    selections = [Selection(s.start, s.end, s.name) for s in source.selections]
    return detect_counting(source.raw_text, selections)


def unit_at(units: Sequence[Unit], position: int) -> Unit:
    """The unit a coding starting at ``position`` belongs to: the one holding it, else the next."""
    ends = [u.end for u in units]
    index = bisect.bisect_right(ends, position)
    if index < len(units) and units[index].start <= position:
        return units[index]
    return units[min(index, len(units) - 1)]


def _codings(
    source: RefiSource,
    transcript: Transcript,
    counting: str,
    plan: CodePlan,
    data: RefiProject,
    coder_of: dict[str, str],
    used_notes: set[str],
    skipped: list[str],
    path: Path,
) -> list[ExchangeCoding]:
    pmap = PositionMap(source.raw_text, counting)
    units = sorted(transcript.units, key=lambda u: u.start)
    out: list[ExchangeCoding] = []
    empty = 0
    for sel in source.selections:
        start = pmap.convert(sel.start)
        end = pmap.convert(sel.end, end=True)
        if start is None or end is None or sel.start > sel.end:
            raise ExchangeError(
                f"{path.name}: the selection {sel.guid} in {source.name!r} "
                f"({sel.start}–{sel.end}) lies outside its text of {pmap.length} "
                f"{DESCRIPTIONS[counting].split(' (')[0]}; nothing was imported",
                hint="The file is damaged or its positions are counted in an unknown way; "
                "export it again from the tool that made it.",
            )
        if start == end or not sel.codings:
            empty += 1
            continue
        for coding in sel.codings:
            if coding.code not in plan.ids:
                raise ExchangeError(
                    f"{path.name}: a coding in {source.name!r} ({sel.start}–{sel.end}) names "
                    f"the code {coding.code}, which the file's codebook does not hold; "
                    "nothing was imported",
                    hint="Export the project again from the tool that made it.",
                )
            user = coding.user or sel.user
            coder = coder_of.get(user, UNKNOWN_CODER) if user else UNKNOWN_CODER
            refs = [n for n in (*sel.notes, *coding.notes) if n in data.notes]
            used_notes.update(refs)
            memo = "\n".join(data.notes[n].text for n in dict.fromkeys(refs)) or None
            out.append(
                ExchangeCoding(
                    doc_id=transcript.id,
                    unit_index=unit_at(units, start).index,
                    start=start,
                    end=end,
                    code=plan.ids[coding.code],
                    coder=coder,
                    origin="auto" if coder == "auto" else "manual",
                    memo=memo,
                    created=coding.created,
                )
            )
    if empty:
        skipped.append(f"{empty} selection(s) in {source.name!r}: empty, or coded with nothing")
    return out


def _code_with_note(data: RefiProject, plan: CodePlan, note: str) -> str | None:
    for code_guid, refs in data.code_notes.items():
        if note in refs and code_guid in plan.ids:
            return plan.ids[code_guid]
    return None


def _memo(
    data: RefiProject,
    note: str,
    coder_of: dict[str, str],
    *,
    doc: str | None = None,
    code: str | None = None,
) -> ExchangeMemo:
    found = data.notes[note]
    coder = coder_of.get(found.user or "", UNKNOWN_CODER)
    return ExchangeMemo(found.text, coder, doc_id=doc, code=code, created=found.created)


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
