"""Positions: UTF-16 code units, CRLF and the byte-order mark, converted to our code points."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from interviewkit.refi.positions import (
    PositionMap,
    Selection,
    detect_counting,
    normalize_text,
)

RAW = "\ufeffHallo 🚢 Welt\r\nZweite 😀 Zeile\r\nEnde"


def utf16(text: str, index: int) -> int:
    """The UTF-16 position of code point ``index`` of ``text`` (BOM excluded)."""
    return len(text[:index].encode("utf-16-le")) // 2


@pytest.mark.parametrize("word", ["Welt", "Zweite", "Zeile", "Ende", "🚢"])
def test_utf16_positions_land_on_the_word_in_our_text(word: str) -> None:
    body = RAW[1:]
    start = body.index(word)
    pmap = PositionMap(RAW, "utf16")
    ours = normalize_text(RAW)
    s = pmap.convert(utf16(body, start))
    e = pmap.convert(utf16(body, start + len(word)), end=True)
    assert s is not None and e is not None
    assert ours[s:e] == word


def test_positions_outside_the_text_are_none() -> None:
    pmap = PositionMap(RAW, "codepoints")
    assert pmap.convert(len(RAW)) is None
    assert pmap.convert(-1) is None


def test_a_half_surrogate_snaps_outwards() -> None:
    pmap = PositionMap("a😀b", "utf16")
    assert pmap.convert(2) == 1  # start inside the emoji: from the emoji
    assert pmap.convert(2, end=True) == 2  # end inside the emoji: past it


def test_detection_prefers_the_counting_under_which_selections_fit() -> None:
    body = RAW[1:]
    words = ["Welt", "Zeile", "Ende"]
    selections = [Selection(utf16(body, body.index(w)), utf16(body, body.index(w) + len(w)))
                  for w in words]
    counting, fit = detect_counting(RAW, selections)
    assert counting == "utf16" and fit == 1.0


def test_plain_text_keeps_the_standard() -> None:
    counting, _ = detect_counting("one two three", [Selection(4, 7)])
    assert counting == "codepoints"


def test_a_stored_name_decides() -> None:
    text = "ab😀 cd ef"
    # Under code points "cd" is 4-6; under UTF-16 it is 5-7.
    assert detect_counting(text, [Selection(5, 7, "cd")])[0] == "utf16"
    assert detect_counting(text, [Selection(4, 6, "cd")])[0] == "codepoints"


@given(st.text(alphabet=st.sampled_from("ab 😀\r\n中"), max_size=40), st.data())
def test_conversion_matches_python_slicing(text: str, data: st.DataObject) -> None:
    raw = "\ufeff" + text
    i = data.draw(st.integers(0, len(text)))
    j = data.draw(st.integers(i, len(text)))
    for k in (i, j):  # a position between CR and LF has no place in our text
        assume(not (0 < k < len(text) and text[k - 1] == "\r" and text[k] == "\n"))
    pmap = PositionMap(raw, "utf16")
    s, e = pmap.convert(utf16(text, i)), pmap.convert(utf16(text, j), end=True)
    assert s is not None and e is not None
    assert normalize_text(text)[s:e] == normalize_text(text[i:j])
