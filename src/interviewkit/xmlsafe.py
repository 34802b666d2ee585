"""Parsing XML from elsewhere safely, and finding elements whatever their namespace.

Every XML file from elsewhere (a REFI-QDA project or codebook, a Yoshikoder
dictionary) is parsed with defusedxml: entity declarations (the "billion
laughs") and external entities are refused, with a clear error. Namespaces
are read leniently: tools disagree on them (ATLAS.ti 23 names a schema
location of 0:4 under the 1.0 namespace), so elements are found by their
local name.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import Element

from interviewkit.errors import DataError, ExchangeError


def parse(data: bytes, where: str, *, error: type[DataError] = ExchangeError) -> Element:
    """The root element of ``data``; an ``error`` naming ``where`` otherwise."""
    import defusedxml.ElementTree as safe
    from defusedxml import DefusedXmlException

    try:
        root: Element = safe.fromstring(data)
        return root
    except DefusedXmlException as exc:
        raise error(
            f"{where} declares XML entities or external references ({type(exc).__name__}); "
            "interviewkit refuses them, since they can be used to attack the computer "
            "reading the file",
            hint="Export the file again from the program that made it; such programs do not "
            "write these declarations.",
        ) from None
    except safe.ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        raise error(
            f"{where}, line {line}, column {column}: not well-formed XML ({_reason(exc)})",
            hint="The file is damaged or was not written by the program it claims; "
            "export it again.",
        ) from None


def _reason(exc: Exception) -> str:
    return str(exc).split(":")[0]


def local(tag: Any) -> str:
    """An element's name without its namespace."""
    text = str(tag)
    return text.rsplit("}", 1)[-1]


def children(element: Element, name: str) -> Iterator[Element]:
    """Direct children called ``name``, whatever their namespace."""
    for found in element:
        if local(found.tag) == name:
            yield found


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
