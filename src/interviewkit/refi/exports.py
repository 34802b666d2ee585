"""Exporting a project as a REFI-QDA codebook (.qdc) or project (.qdpx).

A .qdpx holds ``project.qde`` and each transcript as UTF-8 plain text under
``Sources/``. What the standard has an element for goes there:

- codings: a ``PlainTextSelection`` each, with positions in Unicode code
  points of that text (our offsets, unchanged); a coding stored in pieces
  over several units is one selection again; rejected suggestions are left
  out;
- memos: ``Note`` elements, referenced from their transcript, code,
  selection, or (memos on the whole project) from the project;
- metadata: ``Variables`` and one ``Case`` per transcript;
- code groups: ``Sets`` of codes.

What it has no element for travels in a documented, schema-valid convention
that other tools read as plain descriptions: the units of each transcript
in its ``Description`` (:mod:`interviewkit.refi.structure`), and the
codebook's name, version and the code ids an import could not make from
the names in the project's ``Description`` (:func:`describe_codebook`).
Each selection is built by one function (:func:`_selection`), which is
where reviewers' decisions on a suggestion will be written.
GUIDs are stable: see :mod:`interviewkit.refi.guids`; those that came in with
an import go back out as the other tool wrote them.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree as ET

from interviewkit.codebook.model import Code, Codebook
from interviewkit.codebook.qdc import guid_key, slug, unique_id
from interviewkit.errors import ExchangeError
from interviewkit.refi import guids
from interviewkit.refi.codebook_xml import (
    code_elements,
    code_guid,
    origin,
    set_element,
    write_codebook,
)
from interviewkit.refi.structure import describe_units
from interviewkit.refi.xml import PROJECT_NS, serialize

if TYPE_CHECKING:
    from interviewkit.models import Transcript
    from interviewkit.store import Project

#: Scope of derived GUIDs when a project has no codebook.
NO_CODEBOOK = "interviewkit project"
_NAME_LENGTH = 80
_CODEBOOK_LINE = "codebook: "
_VERSION_LINE = "codebook version: "
_IDS_LINE = "code ids (where an import could not make them from the names):"

Tag = Callable[[str], str]
Note = tuple[str, str, str, "str | None"]  # guid, text, coder, created


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
    """Write the project's codebook, and its code groups as sets, as a .qdc file."""
    book = _codebook(project)
    groups = project.code_groups()
    written = write_codebook(book, path, known=project.exchange_guids()["code"], groups=groups)
    return ExportReport(str(written), codes=len(book.codes), code_groups=len(groups))


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
    spans = project.coding_spans()
    memos = project.memos()
    memos = memos[memos["on"] != "coding"]
    coders = list(dict.fromkeys([*project.coders(), *codings["coder"], *memos["coder"]]))
    user_guid = {c: known["user"].get(c) or guids.derived(scope, "user", c) for c in coders}
    source_guid = {
        t.id: known["source"].get(t.id) or guids.derived(scope, "source", t.id) for t in transcripts
    }

    notes: list[Note] = []
    doc_notes: dict[str, list[str]] = {}
    code_notes: dict[str, list[str]] = {}
    project_notes: list[str] = []
    for row in memos.itertuples(index=False):
        guid = _note_guid(scope, row.doc_id, row.code, row.coder, row.text, row.created)
        notes.append((guid, row.text, row.coder, row.created))
        if row.doc_id is not None:
            doc_notes.setdefault(row.doc_id, []).append(guid)
        if row.code is not None:
            code_notes.setdefault(row.code, []).append(guid)
        if row.doc_id is None and row.code is None:
            project_notes.append(guid)

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
    coding_notes: list[Note] = []
    archive_texts: dict[str, str] = {}
    count = 0
    context = _Context(tag, scope, known["code"], user_guid)
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
            for group in _spans(rows, spans):
                coding_notes += _selection(element, transcript, group, context)
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
    ET.SubElement(root, tag("Description")).text = describe_codebook(
        book, known["code"], named_book=book.name != NO_CODEBOOK
    )
    for guid in project_notes:
        ET.SubElement(root, tag("NoteRef"), {"targetGUID": guid})
    _write_archive(path, root, archive_texts)
    return ExportReport(
        str(path),
        sources=len(transcripts),
        codes=len(book.codes),
        codings=count,
        memos=len(all_notes),
        users=len(coders),
        code_groups=len(groups),
    )


@dataclass(frozen=True)
class _Context:
    tag: Tag
    scope: str
    code_guids: dict[str, str]
    user_guid: dict[str, str]


def _spans(rows: list[Any], spans: dict[int, int]) -> list[list[Any]]:
    """The codings of a transcript, the pieces of one span together (in text order)."""
    groups: dict[object, list[Any]] = {}
    for row in rows:
        key = ("span", spans[row.id]) if row.id in spans else ("coding", row.id)
        groups.setdefault(key, []).append(row)
    return [sorted(group, key=lambda r: (r.start, r.end)) for group in groups.values()]


def _selection(
    into: ET.Element, transcript: Transcript, group: list[Any], context: _Context
) -> list[Note]:
    """One ``PlainTextSelection`` with its ``Coding``; returns the notes it refers to.

    A coding's pieces (a span over several units) are one selection from the
    first piece's start to the last piece's end.
    """
    tag, scope = context.tag, context.scope
    first, last = group[0], group[-1]
    key = f"{transcript.id}:{first.start}:{first.end}:{first.code}:{first.coder}:{first.origin}"
    covered = transcript.text[first.start : last.end]
    user = context.user_guid[first.coder]
    selection = ET.SubElement(
        into,
        tag("PlainTextSelection"),
        {
            "guid": guids.derived(scope, "selection", key),
            "name": _short(covered),
            "startPosition": str(first.start),
            "endPosition": str(last.end),
            "creatingUser": user,
            **_stamp("creationDateTime", first.created),
        },
    )
    coding = ET.SubElement(
        selection,
        tag("Coding"),
        {
            "guid": guids.derived(scope, "coding", key),
            "creatingUser": user,
            **_stamp("creationDateTime", first.created),
        },
    )
    ET.SubElement(
        coding,
        tag("CodeRef"),
        {"targetGUID": code_guid(first.code, scope=scope, known=context.code_guids)},
    )
    memo = "\n".join(dict.fromkeys(r.memo for r in group if isinstance(r.memo, str) and r.memo))
    if not memo.strip():
        return []
    note = guids.derived(scope, "note", "coding:" + key)
    ET.SubElement(selection, tag("NoteRef"), {"targetGUID": note})
    return [(note, memo, first.coder, first.created)]


def describe_codebook(book: Codebook, known: dict[str, str], *, named_book: bool = True) -> str:
    """The Project Description our exports write; :func:`codebook_version` and
    :func:`code_ids` read it back.

    It names the codebook and its version (REFI-QDA codebooks have neither)
    and the ids of the codes whose id an import would not make from the name
    (``Economic growth`` → ``economic_growth``), by GUID.
    """
    lines = ["Exported by interviewkit."]
    if named_book:
        lines += [f"{_CODEBOOK_LINE}{book.name}", f"{_VERSION_LINE}{book.version}"]
    differing = []
    taken: set[str] = set()
    for code in _export_order(book):
        made = unique_id(slug(code.name), code.parent, taken)
        taken.add(code.id)
        if made != code.id:
            differing.append(f"  {code_guid(code.id, scope=book.name, known=known)} {code.id}")
    if differing:
        lines += [_IDS_LINE, *differing]
    return "\n".join(lines)


def _export_order(book: Codebook) -> Iterable[Code]:
    """The codes in the order :func:`code_elements` writes them (parents first)."""
    ids = {c.id for c in book.codes}
    stack = [c for c in reversed(book.codes) if c.parent is None or c.parent not in ids]
    while stack:
        code = stack.pop()
        yield code
        stack.extend(reversed(book.children(code.id)))


def codebook_version(description: str) -> str | None:
    """The codebook version a Project Description written by interviewkit names, if any."""
    for line in description.splitlines():
        if line.startswith(_VERSION_LINE):
            return line[len(_VERSION_LINE) :].strip() or None
    return None


def code_ids(description: str) -> dict[str, str]:
    """``{GUID key: code id}`` a Project Description written by interviewkit names."""
    out: dict[str, str] = {}
    lines = description.splitlines()
    if _IDS_LINE not in lines:
        return out
    for line in lines[lines.index(_IDS_LINE) + 1 :]:
        guid, _, code_id = line.strip().partition(" ")
        key = guid_key(guid)
        if key is None or not code_id.strip():
            break
        out[key] = code_id.strip()
    return out


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
