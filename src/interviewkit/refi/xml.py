"""Parsing foreign XML safely, and the few helpers every REFI-QDA module shares.

Every XML file from elsewhere is parsed with defusedxml: entity
declarations (the "billion laughs") and external entities are refused, with
a clear error. Namespaces are read leniently: tools disagree on them
(ATLAS.ti 23 names a schema location of 0:4 under the 1.0 namespace), so
elements are found by their local name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import Element

from interviewkit.errors import ExchangeError

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"


def parse(data: bytes, where: str) -> Element:
    """The root element of ``data``; an :class:`ExchangeError` naming ``where`` otherwise."""
    import defusedxml.ElementTree as safe
    from defusedxml import DefusedXmlException

    try:
        root: Element = safe.fromstring(data)
        return root
    except DefusedXmlException as exc:
        raise ExchangeError(
            f"{where} declares XML entities or external references ({type(exc).__name__}); "
            "interviewkit refuses them, since they can be used to attack the computer "
            "reading the file",
            hint="Export the file again from the tool that made it; QDA tools do not write "
            "such declarations.",
        ) from None
    except safe.ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        raise ExchangeError(
            f"{where}, line {line}, column {column}: not well-formed XML ({_reason(exc)})",
            hint="The file is damaged or was not written by a QDA tool; export it again.",
        ) from None


def _reason(exc: Exception) -> str:
    return str(exc).split(":")[0]


def local(tag: Any) -> str:
    """An element's name without its namespace."""
    text = str(tag)
    return text.rsplit("}", 1)[-1]


def children(element: Element, name: str) -> Iterator[Element]:
    """Direct children called ``name``, whatever their namespace."""
    for child in element:
        if local(child.tag) == name:
            yield child


def child(element: Element, name: str) -> Element | None:
    return next(children(element, name), None)


def text_of(element: Element, name: str) -> str:
    """The text of the child ``name`` (``""`` if there is none)."""
    found = child(element, name)
    return (found.text or "") if found is not None else ""


def descendants(element: Element, name: str) -> Iterator[Element]:
    for found in element.iter():
        if local(found.tag) == name:
            yield found


# Characters XML 1.0 does not allow (control characters other than tab, LF and
# CR; lone surrogates; U+FFFE and U+FFFF). A memo may hold one pasted from
# elsewhere; it becomes U+FFFD rather than a file no tool can read.
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def serialize(root: Element) -> bytes:
    """``root`` as indented UTF-8 XML with a declaration, safe for XML 1.0 readers."""
    from xml.etree import ElementTree as ET

    ET.indent(root, space="  ")
    text = ET.tostring(root, encoding="unicode")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n' + _INVALID.sub("\ufffd", text) + "\n"
    ).encode("utf-8")
