"""Reading a REFI-QDA project as other tools write it: a .qdpx archive, or a bare .qde.

What comes out is plain data (:class:`RefiProject`): users, codes, sets,
text sources with their raw text and selections, notes and variables, and
what could not be read and why: a source whose text file is not there (an
export with an empty ``Sources`` folder; a bare .qde sent without its
folder), PDF, picture, audio and video sources (counted). Deciding what
becomes what in the project happens in :mod:`interviewkit.refi.imports`.

Where a source's text is, tools disagree: ``internal://GUID.txt`` (the
standard) is ``Sources/GUID.txt`` in the archive; some write the bare file
name (``board_2017.txt``) or a path on their own disk (``absolute://``,
``file:///``), and store the file as ``Sources/board_2017.txt``. Each is
looked up under ``Sources/``, by its path and by its file name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from interviewkit.codebook.qdc import (
    RefiCode,
    RefiSet,
    codes_from,
    guid_key,
    note_refs,
    read_sets,
    split_flat_paths,
)
from interviewkit.errors import ExchangeError
from interviewkit.refi.archive import Archive, Files, Folder, safe_name
from interviewkit.xmlsafe import child, children, local, parse, text_of

#: Sources interviewkit does not code, by element, as the report names them.
OTHER_KINDS = {
    "PDFSource": "PDF",
    "PictureSource": "picture",
    "AudioSource": "audio",
    "VideoSource": "video",
}
_SELECTIONS = ("PDFSelection", "PictureSelection", "AudioSelection", "VideoSelection")


@dataclass(frozen=True)
class RefiCoding:
    code: str
    user: str | None
    created: str | None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class RefiSelection:
    guid: str
    start: int | None
    end: int | None
    name: str
    codings: tuple[RefiCoding, ...]
    user: str | None = None
    notes: tuple[str, ...] = ()
    created: str | None = None
    description: str = ""


@dataclass(frozen=True)
class RefiSource:
    guid: str
    name: str
    raw_text: str
    selections: tuple[RefiSelection, ...]
    notes: tuple[str, ...] = ()
    variables: dict[str, str] = field(default_factory=dict)
    description: str = ""
    written: str = ""


@dataclass(frozen=True)
class Unplaced:
    """A text source whose text could not be read: why, and how many codings it held."""

    guid: str
    name: str
    reason: str
    codings: int
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class RefiNote:
    guid: str
    text: str
    user: str | None
    created: str | None
    name: str = ""


@dataclass
class RefiProject:
    """What a project file holds, as far as interviewkit can use it (GUIDs as keys)."""

    name: str
    origin: str
    users: dict[str, str]
    codes: list[RefiCode]
    sources: list[RefiSource]
    notes: dict[str, RefiNote]
    sets: list[RefiSet] = field(default_factory=list)
    project_notes: tuple[str, ...] = ()
    unplaced: list[Unplaced] = field(default_factory=list)
    #: Sources of other kinds by the report's word for them, and the codings on them.
    other_sources: dict[str, int] = field(default_factory=dict)
    other_codings: int = 0
    skipped: list[str] = field(default_factory=list)
    description: str = ""
    #: GUIDs as the file wrote them, by key (users; codes and sources carry theirs).
    written: dict[str, str] = field(default_factory=dict)

    @property
    def code_notes(self) -> dict[str, tuple[str, ...]]:
        return {c.guid: c.notes for c in self.codes if c.notes}


def read_project(path: str | Path) -> RefiProject:
    """Read a .qdpx archive or a bare .qde (safely: see :mod:`interviewkit.refi.archive`)."""
    path = Path(path)
    if path.suffix.lower() == ".qde":
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ExchangeError(f"{path} cannot be read ({exc.strerror})") from None
        return _read(path, data, Folder(path.parent), bare=True)
    with Archive(path) as archive:
        return _read(path, archive.project_xml(), archive, bare=False)


def _read(path: Path, xml: bytes, files: Files, *, bare: bool) -> RefiProject:
    where = f"{path.name}: project.qde" if not bare else path.name
    root = parse(xml, where)
    if local(root.tag) != "Project":
        raise ExchangeError(
            f"{where} is not a REFI-QDA project: its root element is <{local(root.tag)}>",
            hint="Export the project again with the tool's REFI-QDA project export.",
        )
    project = RefiProject(
        name=root.get("name") or path.stem,
        origin=root.get("origin") or "an unnamed tool",
        users={},
        codes=[],
        sources=[],
        notes={},
        sets=read_sets(root),
        project_notes=note_refs(root),
        description=(text_of(root, "Description") or "").strip(),
    )
    for users_element in children(root, "Users"):
        for user in children(users_element, "User"):
            key = guid_key(user.get("guid"))
            if key:
                name = (user.get("name") or user.get("id") or "").strip()
                project.users[key] = name or key
                project.written[key] = (user.get("guid") or "").strip()
    book = child(root, "CodeBook")
    codes_element = child(book, "Codes") if book is not None else None
    if codes_element is not None:
        project.codes = split_flat_paths(codes_from(codes_element, where), path.name)
    texts = _Texts(files, where, bare=bare)
    variables = _variables(root)
    case_values = _case_values(root, variables)
    for sources_element in children(root, "Sources"):
        for element in sources_element:
            kind = local(element.tag)
            if kind == "TextSource":
                _text_source(element, texts, variables, case_values, project, where)
                continue
            word = OTHER_KINDS.get(kind, f"<{kind}>")
            project.other_sources[word] = project.other_sources.get(word, 0) + 1
            project.other_codings += sum(
                1
                for selection in element.iter()
                if local(selection.tag) in _SELECTIONS
                for _ in children(selection, "Coding")
            )
    for notes_element in children(root, "Notes"):
        for element in children(notes_element, "Note"):
            key = guid_key(element.get("guid"))
            name = (element.get("name") or "").strip()
            text, reason = texts.text(element)
            if key is None:
                continue
            if text is None:
                project.skipped.append(f"note {name or key!r}: {reason}")
            elif text.strip():
                project.notes[key] = RefiNote(
                    key,
                    text.replace("\r\n", "\n").strip(),
                    guid_key(element.get("creatingUser")),
                    element.get("creationDateTime"),
                    name,
                )
    return project


class _Texts:
    """Finding and decoding the text of a source or note."""

    def __init__(self, files: Files, where: str, *, bare: bool) -> None:
        self.files, self.where, self.bare = files, where, bare

    def text(self, element: Element) -> tuple[str | None, str]:
        """``(text, "")``, or ``(None, why not)``."""
        inline = child(element, "PlainTextContent")
        if inline is not None:
            return inline.text or "", ""
        location = (element.get("plainTextPath") or "").strip()
        if not location:
            rich = (element.get("richTextPath") or "").strip()
            if rich:
                return None, (
                    f"only a formatted version ({rich}) is named, no plain text; "
                    "export the project again with plain-text sources"
                )
            return None, "the file names no text for it"
        for entry in candidates(location):
            if self.files.has(entry):
                data = self.files.read(entry)
                try:
                    return _decode(data), ""
                except UnicodeDecodeError as exc:
                    return None, f"{entry} is not UTF-8 text (byte {exc.start})"
        if self.bare:
            return None, (
                f"its text file ({location}) was not sent with {self.where}; put the "
                "Sources folder of the export beside it, or import the .qdpx archive"
            )
        return None, (
            f"its text file ({location}) is not in the archive (Sources/ "
            + ("holds other files)" if _any_source(self.files) else "is empty)")
        )


def _any_source(files: Files) -> bool:
    return any(name.startswith("sources/") for name in files.entries())


def candidates(location: str) -> list[str]:
    """Where a ``plainTextPath`` may be inside an archive or folder, most likely first."""
    text = location.strip().replace("\\", "/")
    scheme, sep, rest = text.partition("://")
    if not sep:
        scheme, rest = "", text
    rest = rest.lstrip("/")
    base = rest.rsplit("/", 1)[-1]
    found = [f"Sources/{rest}", rest, f"Sources/{base}"]
    if scheme.lower() == "internal":
        found = found[:1]
    return [c for c in dict.fromkeys(found) if c and safe_name(c)]


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.decode("utf-8")


def _text_source(
    element: Element,
    texts: _Texts,
    variables: dict[str, str],
    case_values: dict[str, dict[str, str]],
    project: RefiProject,
    where: str,
) -> None:
    name = (element.get("name") or "").strip()
    key = guid_key(element.get("guid"))
    if key is None:
        raise ExchangeError(f"{where}: the text source {name!r} has no valid guid")
    name = name or key
    selections = []
    for sel in children(element, "PlainTextSelection"):
        codings = [_coding(c) for c in children(sel, "Coding")]
        selections.append(
            RefiSelection(
                guid=guid_key(sel.get("guid")) or "",
                start=_int(sel.get("startPosition")),
                end=_int(sel.get("endPosition")),
                name=sel.get("name") or "",
                codings=tuple(c for c in codings if c is not None),
                user=guid_key(sel.get("creatingUser")),
                notes=note_refs(sel),
                created=sel.get("creationDateTime"),
                description=text_of(sel, "Description").strip(),
            )
        )
    raw, reason = texts.text(element)
    if raw is None:
        count = sum(len(s.codings) for s in selections)
        notes = [*note_refs(element), *(n for s in selections for n in s.notes)]
        notes += [n for s in selections for c in s.codings for n in c.notes]
        project.unplaced.append(Unplaced(key, name, reason, count, tuple(notes)))
        return
    values = dict(case_values.get(key, {}))
    values.update(_values(element, variables))
    project.sources.append(
        RefiSource(
            key,
            name,
            raw,
            tuple(selections),
            note_refs(element),
            values,
            text_of(element, "Description").strip(),
            (element.get("guid") or "").strip(),
        )
    )


def _int(value: str | None) -> int | None:
    try:
        return int((value or "").strip())
    except ValueError:
        return None


def _coding(element: Element) -> RefiCoding | None:
    ref = child(element, "CodeRef")
    code = guid_key(ref.get("targetGUID")) if ref is not None else None
    if code is None:
        return None
    return RefiCoding(
        code,
        guid_key(element.get("creatingUser")),
        element.get("creationDateTime"),
        note_refs(element),
    )


def _variables(root: Element) -> dict[str, str]:
    out = {}
    for variables in children(root, "Variables"):
        for variable in children(variables, "Variable"):
            key = guid_key(variable.get("guid"))
            if key and variable.get("name"):
                out[key] = str(variable.get("name")).strip()
    return out


def _values(element: Element, variables: dict[str, str]) -> dict[str, str]:
    out = {}
    for value in children(element, "VariableValue"):
        ref = child(value, "VariableRef")
        key = guid_key(ref.get("targetGUID")) if ref is not None else None
        if key not in variables:
            continue
        for part in value:
            if local(part.tag).endswith("Value") and part.text is not None and part.text.strip():
                out[variables[key]] = part.text.strip()
    return out


def _case_values(root: Element, variables: dict[str, str]) -> dict[str, dict[str, str]]:
    """Variable values of cases, by the GUID of each source the case holds."""
    out: dict[str, dict[str, str]] = {}
    for cases in children(root, "Cases"):
        for case in children(cases, "Case"):
            values = _values(case, variables)
            for ref in children(case, "SourceRef"):
                key = guid_key(ref.get("targetGUID"))
                if key:
                    out.setdefault(key, {}).update(values)
    return out


__all__ = [
    "RefiCode",
    "RefiCoding",
    "RefiNote",
    "RefiProject",
    "RefiSelection",
    "RefiSet",
    "RefiSource",
    "Unplaced",
    "candidates",
    "read_project",
]
