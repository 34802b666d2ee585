"""Text from data, made safe to show on a terminal.

A codebook name, a code name, a metadata value or a transcript may hold
control characters: ``ESC ] 0 ; title BEL`` retitles the terminal window,
``ESC [ 2 J`` clears the screen, and worse sequences exist. Whatever the
tool prints from data (tables, messages, the review app) passes through
:func:`visible` first: each control character becomes a visible symbol of
the same length (``ESC`` → ``␛``), so that offsets into the text still hold
and the reader sees that something odd is there. The bytes of a file name
that is not UTF-8 (which Python keeps as lone surrogates, and no terminal
can be sent) are shown as ``�``, and so are the bidirectional overrides and
isolates (U+202A–U+202E, U+2066–U+2069), which make a terminal show text in
another order than it is stored (``RLO`` turns a code name around). The marks
U+200E and U+200F, which Arabic and Hebrew text needs, are kept.
"""

from __future__ import annotations

import re

_KEEP = {0x09, 0x0A}  # tab and newline lay text out; they do nothing else
_TABLE: dict[int, int] = {code: 0x2400 + code for code in range(0x20) if code not in _KEEP}
_TABLE[0x7F] = 0x2421  # DEL → ␡
# C1 controls: a terminal may read U+009B as the start of an escape sequence.
_TABLE.update({code: 0xFFFD for code in range(0x80, 0xA0)})
# Lone surrogates: bytes of a file name that is not UTF-8; no terminal can be sent them.
_TABLE.update({code: 0xFFFD for code in range(0xD800, 0xE000)})

# Bidirectional overrides and isolates: the terminal would reorder what follows them.
_TABLE.update({code: 0xFFFD for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """``text`` with every control character (but tab and newline) shown as a symbol."""
    return text.translate(_TABLE) if _CONTROL.search(text) else text


def has_control(text: str) -> bool:
    """Whether :func:`visible` would change ``text``."""
    return _CONTROL.search(text) is not None
