"""REFI-QDA codes as other tools write them: a codebook file (.qdc), or a project's ``<CodeBook>``.

This is the reading half that a codebook needs (``interviewkit codebook check
study.qdc``); importing a whole project, and writing, are in
:mod:`interviewkit.refi`, which builds on it.

- Codes nest as XML elements. Tools that write a flat list spell the
  hierarchy in the name instead: Taguette ``parent\\child``, ATLAS.ti
  ``Parent::Child``; both become a hierarchy, with parents made up where the
  list lacks them (so no code is lost).
- A GUID is kept as the file wrote it (tools disagree on case and braces,
  and a tool may look its codes up by the exact string); it is compared in
  one canonical form (:func:`guid_key`).
- A code's Description is its definition. interviewkit's own exports fold
  the inclusion and exclusion criteria, examples and an exclusive code's
  kind of variable into it, in the form :func:`unfold_description` reads
  back.
- Nesting deeper than :data:`MAX_DEPTH` is a located error (a crafted file
  may nest thousands deep).
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from xml.etree.ElementTree import Element

from interviewkit.codebook.model import Code, Codebook
from interviewkit.errors import ExchangeError

#: Codes nested deeper than this are refused with the path to the code.
MAX_DEPTH = 64
_GUID = re.compile(
    r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$"
)
_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_SECTION = re.compile(
    r"(?:^|\n\n)(Include|Exclude|Examples|Id|Exclusive(?=: (?:nominal|ordinal)(?:\n|$))):"
    r"(?: |\n|$)"
)
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
#: How tools spell a hierarchy in a flat code name: Taguette, then ATLAS.ti.
_PATH = re.compile(r"\s*::\s*|\\")
#: The namespace of GUIDs made up for parents that a flat list only names.
_MADE_UP = uuid.uuid5(uuid.NAMESPACE_URL, "https://interviewkit.invalid/refi-qda/paths")


@dataclass(frozen=True)
class RefiCode:
    """A code as a REFI-QDA file gives it, hierarchy by GUID (:func:`guid_key` form)."""

    guid: str
    name: str
    parent: str | None = None
    color: str | None = None
    description: str = ""
    codable: bool = True
    #: The GUID exactly as the file wrote it.
    written: str = ""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class RefiSet:
    """A code set (ATLAS.ti: code group) or document set, members by GUID key."""

    guid: str
    name: str
    description: str = ""
    codes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    written: str = ""


def guid_key(guid: str | None) -> str | None:
    """A GUID in one canonical form (lower case, no braces); ``None`` if it is none.

    Tools write GUIDs in upper case (Taguette, ATLAS.ti), lower case (NVivo)
    or in braces; they name the same thing.
    """
    if guid is None:
        return None
    match = _GUID.match(guid.strip())
    return match.group(1).lower() if match else None


def slug(name: str) -> str:
    """The id made from a code's name: ASCII letters, digits, underscores."""
    spelled = name.replace("ß", "ss").replace("ẞ", "SS")
    ascii_name = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode()
    made = re.sub(r"[^A-Za-z0-9]+", "_", ascii_name).strip("_").lower()
    return made or "code"


def unfold_description(text: str) -> tuple[str, str, str, tuple[str, ...], str | None]:
    """``(definition, include, exclude, examples, id)`` of a Description.

    The sections ``Include:``, ``Exclude:`` and ``Examples:`` are those
    interviewkit's exports write; ``Id:``, which exports before 0.2 wrote,
    is still read. A Description without sections is the definition.
    ``Exclusive: nominal`` (or ``ordinal``) is read by :func:`exclusive_of`.
    """
    text = text.replace("\r\n", "\n").strip()
    marks = list(_SECTION.finditer(text))
    definition = text[: marks[0].start()].strip() if marks else text
    found: dict[str, str] = {}
    for i, mark in enumerate(marks):
        stop = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        found.setdefault(mark.group(1), text[mark.end() : stop].strip())
    examples: list[str] = []
    for line in found.get("Examples", "").split("\n"):
        if line.startswith("- "):
            examples.append(line[2:])
        elif line.startswith("  ") and examples:
            examples[-1] += "\n" + line[2:]
        elif line.strip():
            examples.append(line.strip())
    code_id = found.get("Id", "").strip()
    return (
        definition,
        found.get("Include", ""),
        found.get("Exclude", ""),
        tuple(e.strip() for e in examples),
        code_id if _ID.match(code_id) else None,
    )


def exclusive_of(text: str) -> str | None:
    """``nominal`` or ``ordinal`` when a Description declares its code exclusive.

    interviewkit's exports end an exclusive code's Description with a line
    ``Exclusive: nominal`` (or ``ordinal``) of its own: the code's children
    are the values of one variable, at most one per coded unit (ordinal: in
    the order of the children). Other text after ``Exclusive:`` is no
    declaration and stays part of the Description.
    """
    body = text.replace("\r\n", "\n").strip()
    for mark in _SECTION.finditer(body):
        if mark.group(1) == "Exclusive":
            return body[mark.end() :].split(None, 1)[0]
    return None


def note_refs(element: Element) -> tuple[str, ...]:
    """The GUID keys of an element's ``<NoteRef>`` children."""
    from interviewkit.xmlsafe import children

    out = []
    for ref in children(element, "NoteRef"):
        key = guid_key(ref.get("targetGUID"))
        if key:
            out.append(key)
    return tuple(out)


def codes_from(element: Element, where: str) -> list[RefiCode]:
    """Every ``<Code>`` below a ``<Codes>`` element, parents first, in file order."""
    from interviewkit.xmlsafe import children, text_of

    out: list[RefiCode] = []
    stack: list[tuple[Element, str | None, tuple[str, ...]]] = [
        (code, None, ()) for code in reversed(list(children(element, "Code")))
    ]
    while stack:
        node, parent, path = stack.pop()
        raw_guid = node.get("guid")
        key = guid_key(raw_guid)
        name = (node.get("name") or "").strip()
        if key is None:
            raise ExchangeError(
                f"{where}: the code {name or '(no name)'!r} has no valid guid ({raw_guid!r})",
                hint="Every REFI-QDA code needs a GUID; export the codebook again.",
            )
        path = (*path, name or "(unnamed code)")
        if len(path) > MAX_DEPTH:
            shown = " > ".join([*path[:3], "…", *path[-2:]])
            raise ExchangeError(
                f"{where}: the code {name!r} is nested {len(path)} deep ({shown}); "
                f"interviewkit reads codebooks up to {MAX_DEPTH} levels deep",
                hint="No codebook needs that many levels; the file may have been made to harm.",
            )
        color = (node.get("color") or "").strip()
        out.append(
            RefiCode(
                guid=key,
                name=name or "(unnamed code)",
                parent=parent,
                color=color if _COLOR.match(color) else None,
                description=text_of(node, "Description"),
                codable=(node.get("isCodable") or "true").strip().lower() != "false",
                written=(raw_guid or "").strip(),
                notes=note_refs(node),
            )
        )
        stack.extend((c, key, path) for c in reversed(list(children(node, "Code"))))
    return out


def split_flat_paths(codes: Sequence[RefiCode], scope: str) -> list[RefiCode]:
    """Make a hierarchy of names that spell one: ``parent\\child``, ``Parent::Child``.

    Only top-level codes are split (tools that spell paths write flat lists).
    A path whose parent is not in the list gets that parent made up (with a
    GUID derived from its path), so no code is lost.
    """
    by_path = {_path_key(c.name): c for c in codes if c.parent is None}
    out: list[RefiCode] = []
    made: dict[tuple[str, ...], RefiCode] = {}

    def parent_of(parts: tuple[str, ...]) -> str:
        if parts in by_path:
            return by_path[parts].guid
        if parts in made:
            return made[parts].guid
        guid = str(uuid.uuid5(_MADE_UP, f"{scope}\n" + "\n".join(parts)))
        code = RefiCode(
            guid, parts[-1], parent_of(parts[:-1]) if len(parts) > 1 else None, written=guid
        )
        made[parts] = code
        out.append(code)
        return code.guid

    for code in codes:
        parts = _path_key(code.name)
        if code.parent is None and len(parts) > 1:
            out.append(replace(code, name=parts[-1], parent=parent_of(parts[:-1])))
        else:
            out.append(code)
    return parents_first(out)


def parents_first(codes: Sequence[RefiCode]) -> list[RefiCode]:
    """``codes`` with every code after its parent, otherwise in their order.

    A flat list may name ``Relationship::Trust`` before ``Relationship``.
    """
    known = {c.guid for c in codes}
    children: dict[str | None, list[RefiCode]] = {}
    for code in codes:
        parent = code.parent if code.parent in known else None
        children.setdefault(parent, []).append(code)
    out: list[RefiCode] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        code = stack.pop()
        out.append(code)
        stack.extend(reversed(children.get(code.guid, [])))
    if len(out) < len(codes):  # a cycle of parents: keep the rest, top level
        placed = {c.guid for c in out}
        out += [replace(c, parent=None) for c in codes if c.guid not in placed]
    return out


def _path_key(name: str) -> tuple[str, ...]:
    parts = tuple(p.strip() for p in _PATH.split(name.strip()) if p.strip())
    return parts or (name,)


def read_sets(root: Element) -> list[RefiSet]:
    """The ``<Sets>`` of a codebook or project: members of either schema's spelling."""
    from interviewkit.xmlsafe import children, text_of

    out = []
    for sets in children(root, "Sets"):
        for element in children(sets, "Set"):
            raw = element.get("guid")
            # The project schema names members by targetGUID, the codebook schema by guid.
            codes = [_member(m) for m in children(element, "MemberCode")]
            sources = [_member(m) for m in children(element, "MemberSource")]
            out.append(
                RefiSet(
                    guid=guid_key(raw) or "",
                    name=(element.get("name") or "").strip() or "(unnamed set)",
                    description=text_of(element, "Description").strip(),
                    codes=tuple(c for c in codes if c),
                    sources=tuple(s for s in sources if s),
                    written=(raw or "").strip(),
                )
            )
    return out


def _member(element: Element) -> str | None:
    return guid_key(element.get("targetGUID") or element.get("guid"))


def read_qdc(path: Path) -> tuple[list[RefiCode], list[RefiSet], str]:
    """The codes and sets of a .qdc file, and the tool that wrote it."""
    from interviewkit.xmlsafe import children, local, parse

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ExchangeError(f"{path}: no such file", hint="Check the path.") from None
    except OSError as exc:
        raise ExchangeError(f"{path} cannot be read ({exc.strerror})") from None
    root = parse(data, str(path))
    if local(root.tag) != "CodeBook":
        raise ExchangeError(
            f"{path} is not a REFI-QDA codebook: its root element is <{local(root.tag)}>, "
            "not <CodeBook>",
            hint="Name a .qdc codebook, or import a .qdpx project with 'interviewkit import'.",
        )
    codes_element = next(children(root, "Codes"), None)
    codes = codes_from(codes_element, str(path)) if codes_element is not None else []
    return split_flat_paths(codes, path.name), read_sets(root), root.get("origin") or ""


def code_from_refi(code: RefiCode, code_id: str, parent: str | None) -> Code:
    """The interviewkit code of a REFI-QDA code, its Description unfolded."""
    definition, include, exclude, examples, _ = unfold_description(code.description)
    return Code(
        id=code_id,
        name=code.name,
        description=definition,
        include=include,
        exclude=exclude,
        examples=examples,
        color=code.color,
        parent=parent,
        exclusive=exclusive_of(code.description),
    )


def unique_id(base: str, parent: str | None, taken: set[str]) -> str:
    """``base``, else ``parent_base``, else ``base_2``, ``base_3`` … not in ``taken``."""
    if base not in taken:
        return base
    if parent is not None and f"{parent}_{base}" not in taken:
        return f"{parent}_{base}"
    number = 2
    while f"{base}_{number}" in taken:
        number += 1
    return f"{base}_{number}"


def new_ids(codes: Iterable[RefiCode], taken: set[str]) -> dict[str, str]:
    """Ids for new codes, by GUID key: the one a Description names, else one made from the name."""
    ids: dict[str, str] = {}
    parents = {c.guid: c.parent for c in codes}
    for code in codes:
        named = unfold_description(code.description)[4]
        parent = ids.get(parents[code.guid] or "")
        cid = named if named and named not in taken else unique_id(slug(code.name), parent, taken)
        taken.add(cid)
        ids[code.guid] = cid
    return ids


def codebook_from_qdc(path: Path, *, warn: list[str]) -> Codebook:
    """A .qdc file as a codebook (for ``codebook check/show/load``); sets become warnings."""
    codes, sets, origin = read_qdc(path)
    if not codes:
        raise ExchangeError(f"{path} holds no codes", hint="Export the codebook again.")
    ids = new_ids(codes, set())
    book_codes = tuple(
        code_from_refi(c, ids[c.guid], ids.get(c.parent) if c.parent else None) for c in codes
    )
    book_codes = tuple(_checked_family(c, book_codes, path, warn) for c in book_codes)
    for found in sets:
        members = ", ".join(ids[m] for m in found.codes if m in ids) or "no codes"
        warn.append(
            f"{path}: code set {found.name!r} ({members}) is not part of a codebook file; "
            "'interviewkit import' keeps it as a code group of the project"
        )
    return Codebook(
        name=path.stem,
        version="1",
        description=f"REFI-QDA codebook read from {path.name}"
        + (f", made by {origin}" if origin else ""),
        codes=book_codes,
        source=str(path),
        warnings=tuple(warn),
    )


def _checked_family(code: Code, codes: tuple[Code, ...], path: Path, warn: list[str]) -> Code:
    """``code``, its ``Exclusive:`` declaration dropped (with a warning) without two children."""
    if code.exclusive is None:
        return code
    count = sum(1 for c in codes if c.parent == code.id)
    if count >= 2:
        return code
    warn.append(
        f"{path}: code {code.name!r} says 'Exclusive: {code.exclusive}' but has {count} "
        "child code(s); it is read as an ordinary code"
    )
    return replace(code, exclusive=None)
