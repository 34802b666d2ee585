"""The compiler's glob expressions are the codebook's, spelt faster."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from interviewkit.codebook.rules import glob_to_regex
from interviewkit.coding.compiler import glob_regex, glob_twin

GLOBS = st.text(alphabet="ab*?\\.[](){}+|^$-ÄSßİ合 \t#&~", max_size=10)


def _twin_one_by_one(glob: str, anchored: bool) -> str:
    """The twin as it was first written: one character at a time."""
    if not anchored:
        glob = glob.strip("*")
    body = "".join(
        ".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in glob.lower()
    )
    return f"^{body}$" if anchored else body


@settings(max_examples=500, deadline=None)
@given(GLOBS, st.booleans())
def test_the_same_text_as_one_character_at_a_time(glob: str, anchored: bool) -> None:
    assert glob_regex(glob, anchored=anchored) == glob_to_regex(glob, anchored=anchored)
    assert glob_twin(glob, anchored=anchored) == _twin_one_by_one(glob, anchored)


def test_an_escaped_backslash_before_a_star() -> None:
    assert glob_regex("a\\*") == glob_to_regex("a\\*") == "^a\\\\\\w*$"
