"""The few XML helpers every REFI-QDA module shares: safe parsing, lenient lookup, writing.

Parsing and lookup are :mod:`interviewkit.xmlsafe`'s (re-exported here);
writing is here.
"""

from __future__ import annotations

import re
from typing import IO
from xml.etree.ElementTree import Element

from interviewkit.xmlsafe import child, children, descendants, local, parse, text_of

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"

__all__ = [
    "CODEBOOK_NS",
    "PROJECT_NS",
    "child",
    "children",
    "descendants",
    "local",
    "parse",
    "serialize",
    "text_of",
    "write_xml",
]


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


def write_xml(root: Element, stream: IO[bytes]) -> None:
    """Write what :func:`serialize` returns to ``stream``, piece by piece.

    The document is never held whole in memory (as a string, then cleaned, then
    encoded: three copies of a project's XML, gigabytes for 50,000 transcripts).
    """
    from xml.etree import ElementTree as ET

    pieces: list[str] = []
    size = 0

    def flush() -> None:
        nonlocal size
        stream.write(_INVALID.sub("\ufffd", "".join(pieces)).encode("utf-8"))
        pieces.clear()
        size = 0

    class _Clean:  # the XML writer hands over many small pieces: pass them on by the MB
        def write(self, piece: str) -> int:
            nonlocal size
            pieces.append(piece)
            size += len(piece)
            if size > 1 << 20:
                flush()
            return len(piece)

    ET.indent(root, space="  ")
    stream.write(b'<?xml version="1.0" encoding="utf-8"?>\n')
    ET.ElementTree(root).write(_Clean(), encoding="unicode")
    flush()
    stream.write(b"\n")
