"""Exporting a project as a REFI-QDA codebook (.qdc) or project (.qdpx).

A .qdpx holds ``project.qde`` and each transcript as UTF-8 plain text under
``Sources/``. Codings become PlainTextSelections with positions in Unicode
code points of that text (our offsets, unchanged); rejected suggestions are
left out. Memos become notes, referenced from their transcript, code or
selection; metadata becomes variables and one case per transcript. GUIDs are
stable: see :mod:`interviewkit.refi.guids`.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

from interviewkit.codebook.model import Code, Codebook
from interviewkit.errors import ExchangeError
from interviewkit.refi import guids
from interviewkit.refi.codebook_xml import code_elements, code_guid, origin, write_codebook
from interviewkit.refi.xml import PROJECT_NS, serialize

if TYPE_CHECKING:
    from interviewkit.store import Project

#: Scope of derived GUIDs when a project has no codebook.
NO_CODEBOOK = "interviewkit project"
_NAME_LENGTH = 80
_CODEBOOK_LINE = "codebook: "
_VERSION_LINE = "codebook version: "


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote."""

    path: str
    sources: int = 0
    codes: int = 0
    codings: int = 0
    memos: int = 0
    users: int = 0


def _codebook(project: Project) -> Codebook:
    """The codebook with retired codes still used by codings (top level, as they were)."""
    book = project.codebook()
    names = project.code_names()
    if book is None:
        if not names:
            raise ExchangeError(
                f"{project.path} has no codebook to export",
                hint="Load one with 'interviewkit codebook load FILE'.",
            )
        book = Codebook(name=NO_CODEBOOK, version="1", codes=())
    have = {c.id for c in book.codes}
    retired = tuple(Code(id=cid, name=name) for cid, name in names.items() if cid not in have)
    return replace(book, codes=(*book.codes, *retired)) if retired else book


def export_codebook(project: Project, path: str | Path) -> ExportReport:
    """Write the project's codebook as a .qdc file."""
    book = _codebook(project)
    written = write_codebook(book, path, known=project.exchange_guids()["code"])
    return ExportReport(str(written), codes=len(book.codes))


def export_project(project: Project, path: str | Path) -> ExportReport:
    """Write the whole project as a .qdpx archive."""
    path = Path(path)
    book = _codebook(project)
    scope = book.name
    known = project.exchange_guids()
    ns = PROJECT_NS
    ET.register_namespace("", ns)

    def tag(name: str) -> str:
        return f"{{{ns}}}{name}"

    transcripts = list(project.transcripts())
    codings = project.codings(statuses=["suggested", "accepted"])
    memos = project.memos()
    memos = memos[memos["on"] != "coding"]
    coders = list(dict.fromkeys([*project.coders(), *codings["coder"], *memos["coder"]]))
    user_guid = {c: known["user"].get(c) or guids.derived(scope, "user", c) for c in coders}
    source_guid = {
        t.id: known["source"].get(t.id) or guids.derived(scope, "source", t.id) for t in transcripts
    }

    notes: list[tuple[str, str, str, str | None]] = []  # guid, text, coder, created
    doc_notes: dict[str, list[str]] = {}
    code_notes: dict[str, list[str]] = {}
    for row in memos.itertuples(index=False):
        guid = _note_guid(scope, row.doc_id, row.code, row.coder, row.text, row.created)
        notes.append((guid, row.text, row.coder, row.created))
        if row.doc_id is not None:
            doc_notes.setdefault(row.doc_id, []).append(guid)
        if row.code is not None:
            code_notes.setdefault(row.code, []).append(guid)

    root = ET.Element(tag("Project"), {"name": scope, "origin": origin()})
    if coders:
        users = ET.SubElement(root, tag("Users"))
        for coder in coders:
            ET.SubElement(users, tag("User"), {"guid": user_guid[coder], "name": coder})
    if book.codes:
        codes_element = ET.SubElement(ET.SubElement(root, tag("CodeBook")), tag("Codes"))
        code_elements(
            codes_element, book, ns=ns, scope=scope, known=known["code"], notes=code_notes
        )
    _cases(root, tag, transcripts, source_guid, scope)

    by_doc = {doc_id: frame for doc_id, frame in codings.groupby("doc_id", sort=False)}
    coding_notes: list[tuple[str, str, str, str | None]] = []
    archive_texts: dict[str, str] = {}
    count = 0
    if transcripts:
        sources = ET.SubElement(root, tag("Sources"))
        for transcript in transcripts:
            guid = source_guid[transcript.id]
            element = ET.SubElement(
                sources,
                tag("TextSource"),
                {
                    "guid": guid,
                    "name": transcript.id,
                    "plainTextPath": f"internal://{guid}.txt",
                },
            )
            archive_texts[f"Sources/{guid}.txt"] = transcript.text
            frame = by_doc.get(transcript.id)
            for row in frame.itertuples(index=False) if frame is not None else ():
                key = f"{transcript.id}:{row.start}:{row.end}:{row.code}:{row.coder}:{row.origin}"
                covered = transcript.text[row.start : row.end]
                selection = ET.SubElement(
                    element,
                    tag("PlainTextSelection"),
                    {
                        "guid": guids.derived(scope, "selection", key),
                        "name": _short(covered),
                        "startPosition": str(row.start),
                        "endPosition": str(row.end),
                        "creatingUser": user_guid[row.coder],
                        **_stamp("creationDateTime", row.created),
                    },
                )
                coding = ET.SubElement(
                    selection,
                    tag("Coding"),
                    {
                        "guid": guids.derived(scope, "coding", key),
                        "creatingUser": user_guid[row.coder],
                        **_stamp("creationDateTime", row.created),
                    },
                )
                ET.SubElement(
                    coding,
                    tag("CodeRef"),
                    {"targetGUID": code_guid(row.code, scope=scope, known=known["code"])},
                )
                if isinstance(row.memo, str) and row.memo.strip():
                    note = guids.derived(scope, "note", "coding:" + key)
                    coding_notes.append((note, row.memo, row.coder, row.created))
                    ET.SubElement(selection, tag("NoteRef"), {"targetGUID": note})
                count += 1
            for note_guid in doc_notes.get(transcript.id, ()):
                ET.SubElement(element, tag("NoteRef"), {"targetGUID": note_guid})
    all_notes = notes + coding_notes
    if all_notes:
        notes_element = ET.SubElement(root, tag("Notes"))
        for guid, text, coder, created in all_notes:
            note_element = ET.SubElement(
                notes_element,
                tag("Note"),
                {
                    "guid": guid,
                    "name": f"Memo by {coder}",
                    "creatingUser": user_guid[coder],
                    **_stamp("creationDateTime", created),
                },
            )
            ET.SubElement(note_element, tag("PlainTextContent")).text = text
    if book.name != NO_CODEBOOK:
        # REFI-QDA codebooks have no version: the Project's Description (shown
        # by other tools as the project's description) carries it.
        ET.SubElement(root, tag("Description")).text = describe_codebook(book)
    _write_archive(path, root, archive_texts)
    return ExportReport(
        str(path),
        sources=len(transcripts),
        codes=len(book.codes),
        codings=count,
        memos=len(all_notes),
        users=len(coders),
    )


def describe_codebook(book: Codebook) -> str:
    """The Project Description our exports write; :func:`codebook_version` reads it back."""
    return f"Exported by interviewkit.\n{_CODEBOOK_LINE}{book.name}\n{_VERSION_LINE}{book.version}"


def codebook_version(description: str) -> str | None:
    """The codebook version a Project Description written by interviewkit names, if any."""
    for line in description.splitlines():
        if line.startswith(_VERSION_LINE):
            return line[len(_VERSION_LINE) :].strip() or None
    return None


def _cases(root: ET.Element, tag, transcripts, source_guid, scope) -> None:  # type: ignore[no-untyped-def]
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
            {
                "guid": variable_guid[key],
                "name": key,
                "typeOfVariable": "Text",
            },
        )
    cases = ET.SubElement(root, tag("Cases"))
    for transcript in transcripts:
        case = ET.SubElement(
            cases,
            tag("Case"),
            {
                "guid": guids.derived(scope, "case", transcript.id),
                "name": transcript.id,
            },
        )
        for key, value in transcript.metadata.items():
            item = ET.SubElement(case, tag("VariableValue"))
            ET.SubElement(item, tag("VariableRef"), {"targetGUID": variable_guid[key]})
            ET.SubElement(item, tag("TextValue")).text = value
        ET.SubElement(case, tag("SourceRef"), {"targetGUID": source_guid[transcript.id]})


def _note_guid(
    scope: str, doc: str | None, code: str | None, coder: str, text: str, created: str | None
) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return guids.derived(scope, "note", f"{doc}:{code}:{coder}:{created}:{digest}")


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _NAME_LENGTH else flat[: _NAME_LENGTH - 1] + "…"


def _stamp(name: str, value: object) -> dict[str, str]:
    # Our timestamps are ISO 8601 with an offset: valid xsd:dateTime as they are.
    return {name: value} if isinstance(value, str) and "T" in value else {}


def _write_archive(path: Path, root: ET.Element, texts: dict[str, str]) -> None:
    xml = serialize(root)
    partial = path.with_name(path.name + ".part")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("project.qde", xml)
            for name, text in texts.items():
                archive.writestr(name, text.encode("utf-8"))
        partial.replace(path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ExchangeError(
            f"{path} cannot be written ({exc.strerror})",
            hint="Check that the folder exists and that you may write to it.",
        ) from None
