"""REFI-QDA codebooks (.qdc): writing ours, reading what other tools write.

REFI-QDA knows a code's name, colour, hierarchy and one Description. We fold
the definition, the inclusion and exclusion criteria and the examples into
that Description, in this documented form, and unfold them on import::

    <definition>

    Include: <inclusion criteria>

    Exclude: <exclusion criteria>

    Examples:
    - <example>
    - <example, a second line indented by two spaces>

    Id: <the code's id in interviewkit>

Sections that are empty are left out, and so is the id when it is the one an
import would make from the name anyway (``Economic growth`` →
``economic_growth``); it lets a project exported and imported again keep its
code ids. A Description from another tool that has no such sections is the
definition. Matching rules (keywords, patterns)
do not travel: REFI-QDA has no place for them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from xml.etree import ElementTree as ET

from interviewkit.codebook.model import Code, Codebook
from interviewkit.errors import ExchangeError
from interviewkit.refi import guids
from interviewkit.refi.xml import CODEBOOK_NS, children, local, parse, serialize, text_of

_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_SECTION = re.compile(r"(?:^|\n\n)(Include|Exclude|Examples|Id):(?: |\n|$)")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


@dataclass(frozen=True)
class RefiCode:
    """A code as a REFI-QDA file gives it, hierarchy by GUID."""

    guid: str
    name: str
    parent: str | None = None
    color: str | None = None
    description: str = ""
    codable: bool = True


# -- the Description ---------------------------------------------------------------------------


def fold_description(code: Code) -> str:
    """A code's definition, criteria and examples as one REFI-QDA Description."""
    parts = [code.description.strip()] if code.description.strip() else []
    if code.include.strip():
        parts.append(f"Include: {code.include.strip()}")
    if code.exclude.strip():
        parts.append(f"Exclude: {code.exclude.strip()}")
    examples = [e.strip() for e in code.examples if e.strip()]
    if examples:
        items = ["- " + e.replace("\n", "\n  ") for e in examples]
        parts.append("Examples:\n" + "\n".join(items))
    if code.id != slug(code.name):
        parts.append(f"Id: {code.id}")
    return "\n\n".join(parts)


def slug(name: str) -> str:
    """The id an import makes from a code's name: ASCII letters, digits, underscores."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    made = re.sub(r"[^A-Za-z0-9]+", "_", ascii_name).strip("_").lower()
    return made or "code"


def unfold_description(text: str) -> tuple[str, str, str, tuple[str, ...], str | None]:
    """``(definition, include, exclude, examples, id)`` from a folded Description."""
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


# -- writing -------------------------------------------------------------------------------------


def code_guid(code_id: str, *, scope: str, known: dict[str, str] | None = None) -> str:
    """The GUID of a code: the one it came in with, else derived from scope and id."""
    if known and code_id in known:
        return known[code_id]
    return guids.derived(scope, "code", code_id)


def code_elements(
    parent: ET.Element,
    book: Codebook,
    *,
    ns: str,
    scope: str,
    known: dict[str, str] | None = None,
    notes: dict[str, list[str]] | None = None,
) -> None:
    """Append ``<Code>`` elements for ``book`` (nested as its hierarchy) to ``parent``.

    ``notes`` maps a code id to the GUIDs of notes on it (projects only).
    """
    ids = {c.id for c in book.codes}

    def add(into: ET.Element, code: Code) -> None:
        element = ET.SubElement(
            into,
            f"{{{ns}}}Code",
            {
                "guid": code_guid(code.id, scope=scope, known=known),
                "name": code.name,
                "isCodable": "true",
            },
        )
        if code.color and _COLOR.match(code.color):
            element.set("color", code.color.upper())
        description = fold_description(code)
        if description:
            ET.SubElement(element, f"{{{ns}}}Description").text = description
        for note in (notes or {}).get(code.id, ()):
            ET.SubElement(element, f"{{{ns}}}NoteRef", {"targetGUID": note})
        for child_code in book.children(code.id):
            add(element, child_code)

    for code in book.codes:
        if code.parent is None or code.parent not in ids:
            add(parent, code)


def write_codebook(
    book: Codebook, path: str | Path, *, known: dict[str, str] | None = None
) -> Path:
    """Write ``book`` as a REFI-QDA codebook (.qdc); returns the path."""
    path = Path(path)
    ET.register_namespace("", CODEBOOK_NS)
    root = ET.Element(f"{{{CODEBOOK_NS}}}CodeBook", {"origin": origin()})
    codes = ET.SubElement(root, f"{{{CODEBOOK_NS}}}Codes")
    if not book.codes:
        raise ExchangeError(
            "the codebook has no codes; a REFI-QDA codebook needs at least one",
            hint="Load a codebook into the project first.",
        )
    code_elements(codes, book, ns=CODEBOOK_NS, scope=book.name, known=known)
    write_xml(root, path)
    return path


def origin() -> str:
    from interviewkit import __version__

    return f"interviewkit {__version__}"


def write_xml(root: ET.Element, path: Path) -> None:
    try:
        path.write_bytes(serialize(root))
    except OSError as exc:
        raise ExchangeError(
            f"{path} cannot be written ({exc.strerror})",
            hint="Check that the folder exists and that you may write to it.",
        ) from None


# -- reading -------------------------------------------------------------------------------------


def codes_from(element: ET.Element, where: str) -> list[RefiCode]:
    """Every ``<Code>`` below a ``<Codes>`` element, parents first, in file order."""
    out: list[RefiCode] = []

    def visit(node: ET.Element, parent: str | None) -> None:
        for code in children(node, "Code"):
            raw_guid = code.get("guid")
            guid = guids.normalize(raw_guid)
            name = (code.get("name") or "").strip()
            if guid is None:
                raise ExchangeError(
                    f"{where}: the code {name or '(no name)'!r} has no valid guid ({raw_guid!r})",
                    hint="Every REFI-QDA code needs a GUID; export the codebook again.",
                )
            color = (code.get("color") or "").strip()
            out.append(
                RefiCode(
                    guid=guid,
                    name=name or "(unnamed code)",
                    parent=parent,
                    color=color if _COLOR.match(color) else None,
                    description=text_of(code, "Description"),
                    codable=(code.get("isCodable") or "true").strip().lower() != "false",
                )
            )
            visit(code, guid)

    visit(element, None)
    return out


def split_backslash_paths(codes: Sequence[RefiCode], scope: str) -> list[RefiCode]:
    """Taguette writes a flat list with ``parent\\child`` names; make it a hierarchy.

    A path whose parent is not in the list gets that parent made up (with a
    GUID derived from its path), so no code is lost.
    """
    by_path = {c.name: c for c in codes if c.parent is None}
    out: list[RefiCode] = []
    made: dict[str, RefiCode] = {}

    def parent_of(path: str) -> str:
        if path in by_path:
            return by_path[path].guid
        if path in made:
            return made[path].guid
        head, _, tail = path.rpartition("\\")
        code = RefiCode(
            guids.derived(scope, "path", path), tail or path, parent_of(head) if head else None
        )
        made[path] = code
        out.append(code)
        return code.guid

    for code in codes:
        if code.parent is None and "\\" in code.name.strip("\\"):
            head, _, tail = code.name.strip("\\").rpartition("\\")
            out.append(replace(code, name=tail, parent=parent_of(head)))
        else:
            out.append(code)
    return out


def read_codebook(path: str | Path) -> tuple[list[RefiCode], list[str]]:
    """The codes of a .qdc file, and notes on what was left out (code sets)."""
    path = Path(path)
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
            hint="Name a .qdc codebook, or a .qdpx project.",
        )
    codes_element = next(children(root, "Codes"), None)
    codes = codes_from(codes_element, str(path)) if codes_element is not None else []
    skipped = [
        f"code set {s.get('name')!r}: interviewkit has no code sets; its codes were imported"
        for s in _sets(root)
    ]
    return split_backslash_paths(codes, str(path.name)), skipped


def _sets(root: ET.Element) -> Iterable[ET.Element]:
    for sets in children(root, "Sets"):
        yield from children(sets, "Set")
