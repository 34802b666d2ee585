"""Exporting a project as a REFI-QDA codebook (.qdc) or project (.qdpx).

A .qdpx holds ``project.qde`` and each transcript as UTF-8 plain text under
``Sources/``. What the standard has an element for goes there:

- codings: a ``PlainTextSelection`` each, with positions in Unicode code
  points of that text (our offsets, unchanged), holding a ``Coding`` by its
  coder with its ``creatingUser`` and ``creationDateTime``; each coder's
  acceptance of a suggestion: a selection of the same text with a ``Coding``
  of theirs, at the time they decided (see :mod:`interviewkit.refi.selections`);
- memos: a ``Note`` each (its author, its time), referenced from what it is
  on: the project, a transcript, a code, a transcript and a code (both), a
  coding's selection, or a selection of the unit it is on;
- metadata: ``Variables`` and one ``Case`` per transcript;
- code groups: ``Sets`` of codes; users: every coder and memo author.

What it has no element for travels in documented, schema-valid conventions
that other tools read as plain descriptions: the units of each transcript
in its ``Description`` (:mod:`interviewkit.refi.structure`); a suggestion's
origin, status, decisions and evidence, and a rejected coding, in its
selection's ``Description`` (:mod:`interviewkit.refi.records`); the
codebook's name and version, code ids, coder kinds and retired codes in the
project's ``Description`` (:mod:`interviewkit.refi.project_description`).
GUIDs are stable: see :mod:`interviewkit.refi.guids`; those that came in with
an import go back out as the other tool wrote them.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

from interviewkit.codebook.model import Code, Codebook
from interviewkit.errors import ExchangeError
from interviewkit.refi import guids
from interviewkit.refi.codebook_xml import (
    code_elements,
    code_guid,
    origin,
    set_element,
    write_codebook,
)
from interviewkit.refi.project_description import (
    code_ids,
    codebook_version,
    describe_project,
)
from interviewkit.refi.selections import SelectionContext, stamp, write_selections
from interviewkit.refi.structure import describe_units
from interviewkit.refi.xml import PROJECT_NS, write_xml
from interviewkit.store.exchange import ExchangeDecision

if TYPE_CHECKING:
    import pandas as pd

    from interviewkit.models import Transcript
    from interviewkit.store import Project

__all__ = [
    "NO_CODEBOOK",
    "ExportReport",
    "code_ids",
    "codebook_version",
    "export_codebook",
    "export_project",
]

#: Scope of derived GUIDs when a project has no codebook.
NO_CODEBOOK = "interviewkit project"

Tag = Callable[[str], str]
Note = tuple[str, str, str, "str | None"]  # guid, text, coder ("" if not recorded), created


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote."""

    path: str
    sources: int = 0
    codes: int = 0
    codings: int = 0
    memos: int = 0
    users: int = 0
    code_groups: int = 0
    #: Each coder's decisions on suggestions.
    decisions: int = 0


def _codebook(project: Project, retired: tuple[Code, ...] = ()) -> Codebook:
    """The codebook with the retired codes still used by codings or memos (after it)."""
    book = project.codebook()
    if book is None:
        if not project.code_names():
            raise ExchangeError(
                f"{project.path} has no codebook to export",
                hint="Load one with 'interviewkit codebook load FILE'.",
            )
        book = Codebook(name=NO_CODEBOOK, version="1", codes=())
    have = {c.id for c in book.codes}
    if not retired:
        names = project.code_names()
        retired = tuple(Code(id=c, name=n) for c, n in names.items() if c not in have)
    ids = have | {c.id for c in retired}
    # A retired code stays below its parent if that is exported too.
    kept = tuple(c if c.parent in ids else replace(c, parent=None) for c in retired)
    return replace(book, codes=(*book.codes, *kept)) if kept else book


def export_codebook(project: Project, path: str | Path) -> ExportReport:
    """Write the project's codebook, and its code groups as sets, as a .qdc file."""
    book = _codebook(project)
    groups = project.code_groups()
    written = write_codebook(book, path, known=project.exchange_guids()["code"], groups=groups)
    return ExportReport(str(written), codes=len(book.codes), code_groups=len(groups))


@dataclass
class _Notes:
    """Every memo as a note, and where each is referenced from."""

    notes: list[Note]
    project: list[str]
    docs: dict[str, list[str]]
    codes: dict[str, list[str]]
    codings: dict[int, list[str]]
    units: dict[tuple[str, int], list[Note]]


def _notes(scope: str, memos: pd.DataFrame, memo_codings: dict[int, int]) -> _Notes:
    out = _Notes([], [], {}, {}, {}, {})
    for row in memos.itertuples(index=False):
        doc = row.doc_id if isinstance(row.doc_id, str) else None
        code = row.code if isinstance(row.code, str) else None
        unit = None if _missing(row.unit) else int(row.unit)
        coding = memo_codings.get(int(row.id))
        digest = hashlib.sha256(row.text.encode("utf-8")).hexdigest()[:16]
        key = f"{doc}:{unit}:{code}:{coding}:{row.coder}:{row.created}:{digest}"
        guid = guids.derived(scope, "note", key)
        out.notes.append((guid, row.text, row.coder, row.created))
        if coding is not None:
            out.codings.setdefault(coding, []).append(guid)
            continue
        if doc is not None and unit is not None:
            out.units.setdefault((doc, unit), []).append(out.notes[-1])
        elif doc is not None:
            out.docs.setdefault(doc, []).append(guid)
        if code is not None:
            out.codes.setdefault(code, []).append(guid)
        if doc is None and code is None:
            out.project.append(guid)
    return out


def _missing(value: object) -> bool:
    import pandas as pd

    return value is None or bool(pd.isna(value))


def export_project(project: Project, path: str | Path) -> ExportReport:
    """Write the whole project as a .qdpx archive."""
    path = Path(path)
    details = project.exchange_details()
    book = _codebook(project, details.retired)
    scope = book.name
    known = project.exchange_guids()
    ns = PROJECT_NS
    ET.register_namespace("", ns)

    def tag(name: str) -> str:
        return f"{{{ns}}}{name}"

    transcripts = list(project.transcripts())
    codings = project.codings()
    decided = project.decisions()
    memos = project.memos()
    kinds = project.coder_kinds()
    named = [*project.coders(), *codings["coder"], *memos["coder"], *decided["coder"]]
    coders = [c for c in dict.fromkeys(named) if c]
    user_guid = {c: known["user"].get(c) or guids.derived(scope, "user", c) for c in coders}
    source_guid = {
        t.id: known["source"].get(t.id) or guids.derived(scope, "source", t.id) for t in transcripts
    }
    notes = _notes(scope, memos, details.memo_codings)
    decisions: dict[int, list[ExchangeDecision]] = {}
    for row in decided.itertuples(index=False):
        decisions.setdefault(int(row.coding), []).append(
            ExchangeDecision(row.coder, row.verdict, row.decided)
        )

    root = ET.Element(tag("Project"), {"name": scope, "origin": origin()})
    if coders:
        users = ET.SubElement(root, tag("Users"))
        for coder in coders:
            ET.SubElement(users, tag("User"), {"guid": user_guid[coder], "name": coder})
    if book.codes:
        codes_element = ET.SubElement(ET.SubElement(root, tag("CodeBook")), tag("Codes"))
        code_elements(
            codes_element, book, ns=ns, scope=scope, known=known["code"], notes=notes.codes
        )
    _cases(root, tag, transcripts, source_guid, scope)

    by_doc = {doc_id: frame for doc_id, frame in codings.groupby("doc_id", sort=False)}
    archive_texts: dict[str, str] = {}
    count = 0
    context = SelectionContext(
        tag,
        scope,
        known["code"],
        {c.id: c.name for c in book.codes},
        user_guid,
        decisions,
        dict(details.evidence),
        notes.codings,
        notes.units,
    )
    spans = project.coding_spans()
    if transcripts:
        sources = ET.SubElement(root, tag("Sources"))
        for transcript in transcripts:
            guid = source_guid[transcript.id]
            element = ET.SubElement(
                sources,
                tag("TextSource"),
                {"guid": guid, "name": transcript.id, "plainTextPath": f"internal://{guid}.txt"},
            )
            if transcript.units:
                ET.SubElement(element, tag("Description")).text = describe_units(transcript.units)
            archive_texts[f"Sources/{guid}.txt"] = transcript.text
            frame = by_doc.get(transcript.id)
            rows = list(frame.itertuples(index=False)) if frame is not None else []
            count += write_selections(element, transcript, rows, spans, context)
            for note_guid in notes.docs.get(transcript.id, ()):
                ET.SubElement(element, tag("NoteRef"), {"targetGUID": note_guid})
    if notes.notes:
        notes_element = ET.SubElement(root, tag("Notes"))
        for guid, text, coder, created in notes.notes:
            author = {"creatingUser": user_guid[coder]} if coder else {}
            note_element = ET.SubElement(
                notes_element,
                tag("Note"),
                {
                    "guid": guid,
                    "name": f"Memo by {coder}" if coder else "Memo",
                    **author,
                    **stamp("creationDateTime", created),
                },
            )
            ET.SubElement(note_element, tag("PlainTextContent")).text = text
    groups = project.code_groups()
    if groups:
        sets = ET.SubElement(root, tag("Sets"))
        for name, (description, set_guid, members) in groups.items():
            element = set_element(sets, ns, name, description, set_guid, scope)
            for code in members:
                ET.SubElement(
                    element,
                    tag("MemberCode"),
                    {"targetGUID": code_guid(code, scope=scope, known=known["code"])},
                )
    ET.SubElement(root, tag("Description")).text = describe_project(
        book,
        known["code"],
        named_book=book.name != NO_CODEBOOK,
        kinds={user_guid[c]: kind for c, kind in kinds.items() if c in user_guid},
        retired=[c.id for c in details.retired],
    )
    for guid in notes.project:
        ET.SubElement(root, tag("NoteRef"), {"targetGUID": guid})
    _write_archive(path, root, archive_texts)
    return ExportReport(
        str(path),
        sources=len(transcripts),
        codes=len(book.codes),
        codings=count,
        memos=len(notes.notes),
        users=len(coders),
        code_groups=len(groups),
        decisions=len(decided),
    )


def _cases(
    root: ET.Element,
    tag: Tag,
    transcripts: list[Transcript],
    source_guid: dict[str, str],
    scope: str,
) -> None:
    """Metadata as Variables (all text) and one Case per transcript."""
    keys = list(dict.fromkeys(k for t in transcripts for k in t.metadata))
    if not keys:
        return
    variables = ET.SubElement(root, tag("Variables"))
    variable_guid = {k: guids.derived(scope, "variable", k) for k in keys}
    for key in keys:
        ET.SubElement(
            variables,
            tag("Variable"),
            {"guid": variable_guid[key], "name": key, "typeOfVariable": "Text"},
        )
    cases = ET.SubElement(root, tag("Cases"))
    for transcript in transcripts:
        case = ET.SubElement(
            cases,
            tag("Case"),
            {"guid": guids.derived(scope, "case", transcript.id), "name": transcript.id},
        )
        for key, value in transcript.metadata.items():
            item = ET.SubElement(case, tag("VariableValue"))
            ET.SubElement(item, tag("VariableRef"), {"targetGUID": variable_guid[key]})
            ET.SubElement(item, tag("TextValue")).text = value
        ET.SubElement(case, tag("SourceRef"), {"targetGUID": source_guid[transcript.id]})


def _write_archive(path: Path, root: ET.Element, texts: dict[str, str]) -> None:
    """The .qdpx archive, written whole or not at all (see :func:`interviewkit.files.atomic_write`);
    the project's XML goes into it piece by piece."""
    from interviewkit.files import write_with

    def write(temporary: Path) -> None:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            with archive.open("project.qde", "w") as member:
                write_xml(root, member)
            for name, text in texts.items():
                archive.writestr(name, text.encode("utf-8"))

    write_with(path, write)
