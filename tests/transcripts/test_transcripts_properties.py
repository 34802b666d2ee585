"""Property: whatever the transcript, units slice the text cleanly and lose nothing."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviewkit.transcripts import read_transcript

# (label as written, speaker found); all are known labels, so each counts from its first use.
LABELS = [
    ("I: ", "I"),
    ("B1:  ", "B1"),
    ("Interviewer:\t", "Interviewer"),
    ("  S2: ", "S2"),
    ("**Q:** ", "Q"),
    ("A: ", "A"),
    ("问：", "问"),
    ("答： ", "答"),
    ("受访者：", "受访者"),
    ("[R] ", "R"),
    ("B\\> ", "B"),
    ("Moderator> ", "Moderator"),
]
# No colon, '>', '[', '#', '*', '-' or '\\': content can never look like a label,
# a timestamp or front matter.
SPECIAL = [*"  \t\u3000\xa0.,!?;。！？，…–()'\"\u0301\u2028\x0b😀🇩🇪äßÉ中文字重庆09"]
CHARS = st.one_of(
    st.sampled_from(SPECIAL),
    st.characters(categories=("Lu", "Ll", "Lo", "Nd", "So"), max_codepoint=0x1FAFF),
)
LINE = st.lists(CHARS, max_size=25).map("".join)
PARAGRAPH = st.lists(LINE, min_size=1, max_size=3)
CONTENT = st.lists(PARAGRAPH, min_size=1, max_size=3)
NEWLINE = st.sampled_from(["\n", "\r\n", "\r"])
STAMP = st.sampled_from(["", " #00:01:23-4#", "#00:02:05.5#", " #01:07-0#"])


@st.composite
def transcripts(draw: st.DrawFn) -> tuple[str, str, list[str | None], bool]:
    """A file body, the characters its units must hold, the speakers, whether labelled."""
    newline = draw(NEWLINE)
    labelled = draw(st.booleans())
    turns = draw(st.lists(st.tuples(st.sampled_from(LABELS), CONTENT, STAMP, STAMP), max_size=6))
    pieces = [newline * draw(st.integers(0, 2))]
    expected: list[str] = []
    speakers: list[str | None] = []
    for (label, speaker), content, opening, closing in turns:
        text = (newline * 2).join(newline.join(lines) for lines in content)
        if labelled:
            pieces.append(opening.strip() + " " + label if opening else label)
            if text.strip():
                speakers.append(speaker)
        pieces.append(text + closing + newline * draw(st.integers(1, 3)))
        expected.append(text)
    visible = "".join(ch for ch in "".join(expected) if not ch.isspace())
    return "".join(pieces), visible, speakers, labelled


@pytest.mark.parametrize(("unit", "examples"), [("turn", 150), ("paragraph", 60), ("sentence", 40)])
def test_units_slice_the_text(unit: str, examples: int) -> None:
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(transcripts(), st.sampled_from([".txt", ".md"]))
    def check(case: tuple[str, str, list[str | None], bool], suffix: str) -> None:
        body, visible, speakers, labelled = case
        if not visible:
            return  # an empty transcript is an error, tested elsewhere
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"t{suffix}"
            path.write_bytes(body.encode("utf-8"))
            transcript = read_transcript(path, unit=unit)
        text = transcript.text
        previous_end = 0
        for number, unit_ in enumerate(transcript.units, start=1):
            assert unit_.index == number
            assert 0 <= unit_.start <= unit_.end <= len(text)
            assert unit_.start >= previous_end
            content = text[unit_.start : unit_.end]
            assert content
            assert content == content.strip()
            previous_end = unit_.end
        joined = "".join(text[u.start : u.end] for u in transcript.units)
        assert "".join(ch for ch in joined if not ch.isspace()) == visible
        assert "\r" not in text and "#0" not in text
        if labelled and unit == "turn":
            assert [u.speaker for u in transcript.units] == speakers
        if not labelled:
            assert transcript.warnings and "no speaker labels" in transcript.warnings[0]

    check()
