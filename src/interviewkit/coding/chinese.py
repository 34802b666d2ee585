"""Chinese as a researcher reads it: one word in simplified and traditional script.

``参与`` and ``參與`` are the same word. Before matching, the text of a
Chinese transcript and every Chinese rule are folded to simplified
characters with OpenCC (Open Chinese Convert, the conversion tables that
Chinese input methods and Wikipedia use), character by character, so that
every offset stays where it was: a match is reported on the original text.

Rules in Latin letters (``SA``, ``US``, ``EU``) stand between letters of
Chinese text; found inside Chinese, they must still be whole words, never
the ``sa`` of ``saw`` or ``SARS``: :func:`bounds` tells which edges of a rule
need that check, :func:`whole_word` makes it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

#: Letters of scripts written without spaces between words (Han, kana, Hangul, Thai, …).
_UNSPACED_SCRIPTS = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff"
    "\U00020000-\U0003134f"
)
#: A letter or digit of a script written with spaces (Latin, Cyrillic, Greek, …).
SPACED_LETTER = f"[^\\W_{_UNSPACED_SCRIPTS}]"
_SPACED_WORD = re.compile(SPACED_LETTER)
_HAN = re.compile("[\u2e80-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


@lru_cache(maxsize=1)
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


_TABLE: dict[int, int] = {}
_SEEN: set[str] = set()


def to_simplified(text: str) -> str:
    """``text`` with traditional characters as simplified ones; the same length, always."""
    if not _HAN.search(text):
        return text
    new = () if _SEEN.issuperset(text) else set(text) - _SEEN  # no set built when all were seen
    if new:
        convert = _converter().convert
        for ch in new:
            if _HAN.match(ch):
                out = convert(ch)
                if len(out) == 1 and out != ch:
                    _TABLE[ord(ch)] = ord(out)
        _SEEN.update(new)
    return text.translate(_TABLE) if _TABLE else text


def bounds(value: str) -> tuple[bool, bool]:
    """Whether a rule's first and last letters need a word edge around them in Chinese text.

    A glob's ``*`` at an edge says the word may go on there.
    """
    value = value.strip()
    if not value:
        return False, False
    left = not value.startswith("*") and bool(_SPACED_WORD.match(value[0]))
    right = not value.endswith("*") and bool(_SPACED_WORD.match(value[-1]))
    return left, right


def glob_inside(glob: str, body: str) -> str:
    """The pattern of a glob found inside tokens, its open Latin edges running to the word's end.

    ``partner*`` in Chinese text finds ``partners`` whole; ``*合作*`` still
    finds just ``合作`` inside a longer token.
    """
    core = glob.strip("*")
    if glob.startswith("*") and core and _SPACED_WORD.match(core[0]):
        body = f"{SPACED_LETTER}*{body}"
    if glob.endswith("*") and core and _SPACED_WORD.match(core[-1]):
        body = f"{body}{SPACED_LETTER}*"
    return body


def whole_word(text: str, start: int, end: int, edges: tuple[bool, bool]) -> bool:
    """Whether ``text[start:end]`` has no Latin (Cyrillic, …) letter or digit beside its edges."""
    left, right = edges
    if left and start > 0 and _SPACED_WORD.match(text, start - 1):
        return False
    return not (right and end < len(text) and _SPACED_WORD.match(text, end))
