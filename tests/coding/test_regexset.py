"""The RE2 prefilter never hides a match Python's re would find."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interviewkit.coding.regexset import RegexSet, permissive_re2

PATTERNS = [
    r"\bsorg\w*\s+dafür\b",
    r"\bÄrger\b",
    r"[\w-]+partner",
    r"(?<!nicht )sicher",  # a look-behind: RE2 cannot, so it always runs
    r"(\w+)\s+\1",  # a back-reference: likewise
    r"\d+\s*%",
    r"[^\W\d]+schaft",
    r"合作\S*",
    r"[]x]y",
    r"partner.{,3}ship",
    r"ship\s$",
    r"end$",
]
TEXTS = [
    "Wir sorgfältig dafür. Wir sorgen dafür!",
    "Der ärger war groß; ÄRGER überall",
    "Städte-partner und Ökopartner",
    "Das ist sicher, aber nicht sicher.",
    "das das ist doppelt doppelt",
    "٣٤ % und 12%",
    "Städtepartnerschaft Ölgesellschaft",
    "我们的合作伙伴 合作",
    "]y and xy",
    "Straße\u00a0dafür sorgen\u00a0dafür",
    "A partnership.",
    "a ship\x0b",
    "the end\n",
]


@pytest.mark.parametrize("text", TEXTS)
def test_same_matches_as_python_re(text: str) -> None:
    rset = RegexSet(PATTERNS)
    got = sorted((i, m.span()) for i, m in rset.finditer(text))
    want = sorted(
        (i, m.span())
        for i, p in enumerate(PATTERNS)
        for m in re.compile(p, re.IGNORECASE).finditer(text)
    )
    assert got == want


def test_translation_keeps_classes_valid() -> None:
    assert permissive_re2(r"\bx\w+\b") == r"x[^\s\x00-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]+"
    assert permissive_re2(r"[\w-]") == r"[\pL\pN\pM_-]"
    assert permissive_re2(r"[\b]") == r"[\b]"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="aäsorgßdf合作 \u00a0.-_1٣", max_size=40))
def test_prefilter_is_a_superset_on_any_text(text: str) -> None:
    rset = RegexSet(PATTERNS)
    candidates = set(rset.candidates(text))
    for i, p in enumerate(PATTERNS):
        if re.search(p, text, re.IGNORECASE):
            assert i in candidates, (p, text)
