"""REFI-QDA codebooks (.qdc): writing ours; reading is :mod:`interviewkit.codebook.qdc`'s.

REFI-QDA knows a code's name, colour, hierarchy and one Description. We fold
the definition, the inclusion and exclusion criteria and the examples into
that Description, in this documented form, and unfold them on import::

    <definition>

    Include: <inclusion criteria>

    Exclude: <exclusion criteria>

    Examples:
    - <example>
    - <example, a second line indented by two spaces>

    Exclusive: nominal

Sections that are empty are left out, so a code with a definition only comes
back exactly as written, and so does a Description from another tool. The
code's id is not written into the Description (other tools would show it to
their users): a project (.qdpx) names the ids in its own Description (see
:mod:`interviewkit.refi.exports`); a codebook (.qdc) has no place for them,
so an import makes ids from the names. Matching rules (keywords, patterns)
do not travel: REFI-QDA has no place for them. ``Exclusive: nominal`` (or
``ordinal``) is written for a code whose children are one variable
(``Code.exclusive``); an ordinal variable's order is the order of its
child codes, which REFI-QDA keeps.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from xml.etree import ElementTree as ET

from interviewkit.codebook.model import Code, Codebook
from interviewkit.codebook.qdc import (
    RefiCode,
    RefiSet,
    codes_from,
    read_qdc,
    slug,
    split_flat_paths,
    unfold_description,
)
from interviewkit.errors import ExchangeError
from interviewkit.refi import guids
from interviewkit.refi.xml import CODEBOOK_NS, serialize

__all__ = [
    "RefiCode",
    "RefiSet",
    "code_elements",
    "code_guid",
    "codes_from",
    "fold_description",
    "read_codebook",
    "set_element",
    "slug",
    "split_flat_paths",
    "unfold_description",
    "write_codebook",
]

_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


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
    if code.exclusive:
        parts.append(f"Exclusive: {code.exclusive}")
    return "\n\n".join(parts)


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
    # Iterative: a hierarchy is as deep as its codebook, which may come from anywhere.
    stack = [(parent, c) for c in reversed(book.codes) if c.parent is None or c.parent not in ids]
    while stack:
        into, code = stack.pop()
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
        stack.extend((element, c) for c in reversed(book.children(code.id)))


def write_codebook(
    book: Codebook,
    path: str | Path,
    *,
    known: dict[str, str] | None = None,
    groups: Mapping[str, tuple[str, str | None, list[str]]] | None = None,
) -> Path:
    """Write ``book`` as a REFI-QDA codebook (.qdc), ``groups`` as its sets; returns the path.

    ``groups`` maps a code group's name to its description, GUID and code ids.
    """
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
    if groups:
        sets = ET.SubElement(root, f"{{{CODEBOOK_NS}}}Sets")
        for name, (description, guid, members) in groups.items():
            element = set_element(sets, CODEBOOK_NS, name, description, guid, book.name)
            for code in members:
                # The codebook schema names a member by "guid" (the project schema by
                # "targetGUID").
                ET.SubElement(
                    element,
                    f"{{{CODEBOOK_NS}}}MemberCode",
                    {"guid": code_guid(code, scope=book.name, known=known)},
                )
    write_xml(root, path)
    return path


def set_element(
    into: ET.Element, ns: str, name: str, description: str, guid: str | None, scope: str
) -> ET.Element:
    """A ``<Set>`` (a code group) with its GUID (the one it came in with, else derived)."""
    element = ET.SubElement(
        into, f"{{{ns}}}Set", {"guid": guid or guids.derived(scope, "set", name), "name": name}
    )
    if description:
        ET.SubElement(element, f"{{{ns}}}Description").text = description
    return element


def origin() -> str:
    from interviewkit import __version__

    return f"interviewkit {__version__}"


def write_xml(root: ET.Element, path: Path) -> None:
    """Write ``root`` to ``path`` whole or not at all (a file beside it, then renamed)."""
    partial = path.with_name(path.name + ".part")
    try:
        partial.write_bytes(serialize(root))
        partial.replace(path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ExchangeError(
            f"{path} cannot be written ({exc.strerror})",
            hint="Check that the folder exists and that you may write to it.",
        ) from None


# -- reading -------------------------------------------------------------------------------------


def read_codebook(path: str | Path) -> tuple[list[RefiCode], list[RefiSet], str]:
    """The codes and code sets of a .qdc file, and the tool that wrote it."""
    return read_qdc(Path(path))
