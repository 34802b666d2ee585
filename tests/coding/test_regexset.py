"""The RE2 prefilter never hides a match Python's re would find."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interviewkit.coding.regexset import RegexSet, exact_re2, permissive_re2, plain

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
    assert permissive_re2(r"\bx\w+\b") == r"\bx[^\s\x00-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]+"
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


#: Word boundaries beside plain ASCII letters stay in the twin; beside 'k', 's', 'i'
#: (which also match 'K', 'ſ', 'ı'), an optional letter, a class or an escape they go.
BOUNDED = [
    r"\bjobs\b",
    r"\bties\b",
    r"\bwerben\s+um\b",
    r"\bköln[\s/–-]*bonn\b",
    r"\bkampf\b",
    r"\ba?b\b",
    r"\bx\w+\b",
    r"\x6a\b|\u00e4\b",
    r"do\b|\bdo",
    r"\bBRI\b",
    r"\bk+a\b",
    r"\bsi\b",
]


def test_boundaries_beside_plain_letters_stay_in_the_twin() -> None:
    assert permissive_re2(r"\bjobs\b") == "\\bjob(?:s\\b|[\u017f])"  # 's' also matches 'ſ'
    assert permissive_re2(r"\bwerben\s+um\b").startswith(r"\bwerben[")
    assert permissive_re2(r"\bwerben\s+um\b").endswith(r"um\b")
    assert permissive_re2(r"\bkampf\b") == "(?:\\bk|[\u212a])ampf\\b"  # 'k': the Kelvin sign
    assert permissive_re2(r"\bBRI\b") == "\\bBR(?:I\\b|[\u0131\u0130])"
    assert permissive_re2(r"\ba?b\b") == r"a?b\b"
    assert permissive_re2(r"\bk+x") == "k+x"
    assert permissive_re2(r"\x6a\b|\u00e4\b") == r"\x6a|\u00e4"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="jobstiekampfwrnuäöß \u212a\u017f\u0131\u0130-_1.BbRI", max_size=30))
def test_bounded_prefilter_is_a_superset_on_any_text(text: str) -> None:
    rset = RegexSet(BOUNDED)
    candidates = set(rset.candidates(text))
    for i, p in enumerate(BOUNDED):
        if re.search(p, text, re.IGNORECASE):
            assert i in candidates, (p, text)


def test_plain_texts() -> None:
    assert plain("We do not know. It’s – well – 12 %")  # non-ASCII, but no word character
    assert not plain("Die Städte")  # a word character that is not ASCII
    assert not plain("the end\n")  # Python's '$' matches before a final line break
    assert not plain("the \u212aelvin")
    assert plain("")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="jobs tiekm-_1.’–\n", max_size=30))
def test_on_plain_texts_re2_matches_as_python(text: str) -> None:
    import re2

    options = re2.Options()
    options.case_sensitive = False
    for pattern in [r"\bjobs\b", r"\bto?\b", r"s\b", r"ties$", r"\b\w+\b", r"(?:[.]|$)\s*"]:
        translated = exact_re2(pattern, plain_text=True)
        if translated is None or not plain(text):
            continue
        want = [m.span() for m in re.finditer(pattern, text, re.IGNORECASE)]
        got = [m.span() for m in re2.compile(translated, options).finditer(text)]
        assert got == want, (pattern, text)


def test_letters_that_fold_to_ascii_keep_an_expression_in_python() -> None:
    assert exact_re2(r"\bjobs\b", plain_text=True) is not None
    assert exact_re2(r"\bjobs\b") is None
    assert exact_re2("\u212aelvin\\b", plain_text=True) is None  # Kelvin sign matches 'k'
    assert exact_re2("stra\u017fe\\b", plain_text=True) is None  # long s matches 's'
