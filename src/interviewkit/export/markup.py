"""Text from data, made safe for HTML, Markdown and Word.

A transcript, a code name or a metadata value is data, never markup: every
string that reaches a report goes through :func:`esc` (HTML), :func:`md`
(Markdown) or :func:`plain` (Word, whose XML refuses control characters).
Control characters are shown as their visible pictures (``␛`` for ESC), never
passed on; bidirectional overrides (which would show a name reversed) as ``�``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

__all__ = ["anchors", "colour", "esc", "md", "plain", "visible"]

# Bidirectional overrides and isolates too: they would show a name in another order.
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]"
)
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#~$])")
_MD_LINE_START = re.compile(r"^(\s*(?:\d+)?)([-+.)])", re.M)


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def visible(text: object) -> str:
    """``text`` with control characters (and lone surrogates) shown as visible symbols."""
    return _CONTROL.sub(_picture, "" if text is None else str(text))


def esc(text: object) -> str:
    """``text`` for HTML, in an element or an attribute: data, never markup."""
    return html.escape(visible(text), quote=True)


def plain(text: object) -> str:
    """``text`` for a Word document: XML-safe (no control characters)."""
    return visible(text)


def md(text: object) -> str:
    """``text`` for Markdown: no character starts markup, no HTML passes through."""
    text = visible(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # A list marker at a line's start (``- ``, ``+ ``, ``1. ``, ``1) ``) is escaped.
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def colour(value: object) -> str | None:
    """A code's colour if it is a plain ``#rrggbb`` (anything else is left out)."""
    return str(value) if isinstance(value, str) and _COLOUR.fullmatch(value) else None


def anchors(ids: Iterable[str], prefix: str = "c") -> dict[str, str]:
    """A safe, unique HTML id for each id from data (``c1``, ``c2`` …), in order."""
    return {key: f"{prefix}{i}" for i, key in enumerate(dict.fromkeys(ids), 1)}
