"""Reading a REFI-QDA project (.qdpx) as other tools write it.

What comes out is plain data (:class:`RefiProject`): users, codes, text
sources with their raw text and selections, notes and variables, plus a list
of what was skipped and why (PDF, picture, audio and video sources; text kept
outside the archive). Deciding what becomes what in the project happens in
:mod:`interviewkit.refi.imports`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from interviewkit.errors import ExchangeError
from interviewkit.refi import guids
from interviewkit.refi.archive import Archive
from interviewkit.refi.codebook_xml import RefiCode, codes_from, split_backslash_paths
from interviewkit.refi.xml import child, children, local, parse, text_of

_SKIPPED_KINDS = {
    "PDFSource": "PDF",
    "PictureSource": "picture",
    "AudioSource": "audio",
    "VideoSource": "video",
}


@dataclass(frozen=True)
class RefiCoding:
    code: str
    user: str | None
    created: str | None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class RefiSelection:
    guid: str
    start: int
    end: int
    name: str
    codings: tuple[RefiCoding, ...]
    user: str | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class RefiSource:
    guid: str
    name: str
    raw_text: str
    selections: tuple[RefiSelection, ...]
    notes: tuple[str, ...] = ()
    variables: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RefiNote:
    guid: str
    text: str
    user: str | None
    created: str | None


@dataclass
class RefiProject:
    """What a .qdpx holds, as far as interviewkit can use it."""

    name: str
    origin: str
    users: dict[str, str]
    codes: list[RefiCode]
    sources: list[RefiSource]
    notes: dict[str, RefiNote]
    code_notes: dict[str, tuple[str, ...]]
    skipped: list[str]
    description: str = ""


def read_project(path: str | Path, *, archive: Archive | None = None) -> RefiProject:
    """Read a .qdpx archive (safely: see :mod:`interviewkit.refi.archive`)."""
    path = Path(path)
    if archive is None:
        with Archive(path) as opened:
            return read_project(path, archive=opened)
    where = f"{path.name}: project.qde"
    root = parse(archive.project_xml(), where)
    if local(root.tag) != "Project":
        raise ExchangeError(
            f"{where} is not a REFI-QDA project: its root element is <{local(root.tag)}>",
            hint="Export the project again with the tool's REFI-QDA project export.",
        )
    users = {}
    for users_element in children(root, "Users"):
        for user in children(users_element, "User"):
            guid = guids.normalize(user.get("guid"))
            if guid:
                users[guid] = (user.get("name") or user.get("id") or guid).strip() or guid
    codes: list[RefiCode] = []
    code_notes: dict[str, tuple[str, ...]] = {}
    book = child(root, "CodeBook")
    codes_element = child(book, "Codes") if book is not None else None
    if codes_element is not None:
        codes = split_backslash_paths(codes_from(codes_element, where), path.name)
        for element in codes_element.iter():
            if local(element.tag) == "Code":
                refs = _note_refs(element)
                guid = guids.normalize(element.get("guid"))
                if refs and guid:
                    code_notes[guid] = refs
    variables = _variables(root)
    case_values = _case_values(root, variables)
    sources: list[RefiSource] = []
    skipped: list[str] = []
    for sources_element in children(root, "Sources"):
        for element in sources_element:
            kind = local(element.tag)
            name = element.get("name") or element.get("guid") or "(unnamed)"
            if kind in _SKIPPED_KINDS:
                skipped.append(
                    f"{_SKIPPED_KINDS[kind]} source {name!r}: interviewkit codes "
                    "text transcripts only"
                )
                continue
            if kind != "TextSource":
                skipped.append(f"source {name!r} of kind <{kind}>: not a kind REFI-QDA knows")
                continue
            source = _text_source(element, archive, where, variables, case_values, skipped)
            if source is not None:
                sources.append(source)
    notes: dict[str, RefiNote] = {}
    for notes_element in children(root, "Notes"):
        for element in children(notes_element, "Note"):
            guid = guids.normalize(element.get("guid"))
            text = _text(element, archive, where, f"note {element.get('name') or guid!r}")
            if guid and text is not None and text.strip():
                notes[guid] = RefiNote(
                    guid,
                    text.replace("\r\n", "\n").strip(),
                    guids.normalize(element.get("creatingUser")),
                    element.get("creationDateTime"),
                )
    return RefiProject(
        name=root.get("name") or path.stem,
        origin=root.get("origin") or "an unnamed tool",
        users=users,
        codes=codes,
        sources=sources,
        notes=notes,
        code_notes=code_notes,
        skipped=skipped,
        description=_description(root),
    )


def _description(root: Element) -> str:
    element = child(root, "Description")
    return (element.text or "").strip() if element is not None else ""


def _note_refs(element: Element) -> tuple[str, ...]:
    out = []
    for ref in children(element, "NoteRef"):
        guid = guids.normalize(ref.get("targetGUID"))
        if guid:
            out.append(guid)
    return tuple(out)


def _text(element: Element, archive: Archive, where: str, what: str) -> str | None:
    """The plain text of a source or note: inline, or a file inside the archive."""
    inline = child(element, "PlainTextContent")
    if inline is not None:
        return inline.text or ""
    location = (element.get("plainTextPath") or "").strip()
    if not location:
        return None
    if not location.lower().startswith("internal://"):
        return None
    entry = "Sources/" + location[len("internal://") :]
    if not archive.has(entry):
        raise ExchangeError(
            f"{where}: {what} names its text {entry}, which the archive does not hold; "
            "nothing was imported",
            hint="Export the project again; the archive seems incomplete.",
        )
    return _decode(archive.read(entry), f"{archive.path.name}: {entry}")


def _decode(data: bytes, where: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ExchangeError(
            f"{where} is not UTF-8 text (byte {exc.start}); nothing was imported",
            hint="REFI-QDA keeps source texts in UTF-8; export the project again.",
        ) from None


def _text_source(
    element: Element,
    archive: Archive,
    where: str,
    variables: dict[str, str],
    case_values: dict[str, dict[str, str]],
    skipped: list[str],
) -> RefiSource | None:
    name = (element.get("name") or "").strip()
    guid = guids.normalize(element.get("guid"))
    if guid is None:
        raise ExchangeError(f"{where}: the text source {name!r} has no valid guid")
    name = name or guid
    raw = _text(element, archive, where, f"the text source {name!r}")
    if raw is None:
        location = element.get("plainTextPath") or element.get("richTextPath") or "nowhere"
        skipped.append(f"text source {name!r}: its text is not inside the archive ({location})")
        return None
    selections = []
    for sel in children(element, "PlainTextSelection"):
        try:
            start, end = int(sel.get("startPosition", "")), int(sel.get("endPosition", ""))
        except ValueError:
            raise ExchangeError(
                f"{where}: a selection in {name!r} ({sel.get('guid')}) has no valid "
                "startPosition/endPosition; nothing was imported"
            ) from None
        codings = [_coding(c) for c in children(sel, "Coding")]
        selections.append(
            RefiSelection(
                guid=guids.normalize(sel.get("guid")) or "",
                start=start,
                end=end,
                name=sel.get("name") or "",
                codings=tuple(c for c in codings if c is not None),
                user=guids.normalize(sel.get("creatingUser")),
                notes=_note_refs(sel),
            )
        )
    values = dict(case_values.get(guid, {}))
    values.update(_values(element, variables))
    return RefiSource(guid, name, raw, tuple(selections), _note_refs(element), values)


def _coding(element: Element) -> RefiCoding | None:
    ref = child(element, "CodeRef")
    code = guids.normalize(ref.get("targetGUID")) if ref is not None else None
    if code is None:
        return None
    return RefiCoding(
        code,
        guids.normalize(element.get("creatingUser")),
        element.get("creationDateTime"),
        _note_refs(element),
    )


def _variables(root: Element) -> dict[str, str]:
    out = {}
    for variables in children(root, "Variables"):
        for variable in children(variables, "Variable"):
            guid = guids.normalize(variable.get("guid"))
            if guid and variable.get("name"):
                out[guid] = str(variable.get("name")).strip()
    return out


def _values(element: Element, variables: dict[str, str]) -> dict[str, str]:
    out = {}
    for value in children(element, "VariableValue"):
        ref = child(value, "VariableRef")
        guid = guids.normalize(ref.get("targetGUID")) if ref is not None else None
        if guid not in variables:
            continue
        for part in value:
            if local(part.tag).endswith("Value") and part.text is not None and part.text.strip():
                out[variables[guid]] = part.text.strip()
    return out


def _case_values(root: Element, variables: dict[str, str]) -> dict[str, dict[str, str]]:
    """Variable values of cases, by the GUID of each source the case holds."""
    out: dict[str, dict[str, str]] = {}
    for cases in children(root, "Cases"):
        for case in children(cases, "Case"):
            values = _values(case, variables)
            for ref in children(case, "SourceRef"):
                guid = guids.normalize(ref.get("targetGUID"))
                if guid:
                    out.setdefault(guid, {}).update(values)
    return out


__all__ = [
    "RefiCoding",
    "RefiNote",
    "RefiProject",
    "RefiSelection",
    "RefiSource",
    "read_project",
    "text_of",
]
