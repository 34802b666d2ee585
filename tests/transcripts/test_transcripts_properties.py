"""Property: whatever the transcript, units slice the text cleanly and lose nothing.

For .txt and .md without f4 stamps the offsets are positions in the file:
``open(path, encoding="utf-8").read()[start:end]`` is the unit's text, front
matter and leading blank lines included.
"""

from __future__ import annotations

import re
import tempfile
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviewkit.transcripts import InterviewerWarning, read_transcript

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
STAMP = st.sampled_from(["", " #00:01:23-4#", "#00:02:05.5#", " #01:07-0#", " #00:0:52-1#"])
NAMES = ["Jane Doe", "Markus Weber", "Speaker 1", "Speaker 2", "Unknown Speaker", "Li Wei"]
#: Transcription services: a name and a time on a line of its own (or before the text).
TIMED = {
    "otter": "{name}  {time}{newline}",
    "rev": "{name} ({time}):{newline}",
    "trint": "{name} [{time}] ",
}
TIMES = st.sampled_from(["00:03", "1:02:03", "00:01:03", "12:45"])
FRONT_MATTER = st.sampled_from(["", "---{n}city: Bonn{n}---{n}", "---{n}id: x{n}---{n}{n}"])


@st.composite
def transcripts(draw: st.DrawFn) -> tuple[str, str, list[str | None], bool]:
    """A file body, the characters its units must hold, the speakers, whether labelled.

    A labelled transcript uses the common labels of transcribers (mixed) or a
    transcription service's layout, may open with a header line and may have
    a Markdown heading before a turn (a unit without a speaker).
    """
    newline = draw(NEWLINE)
    labelled = draw(st.booleans())
    layout = draw(st.sampled_from(["labels", *TIMED])) if labelled else "labels"
    turns = draw(
        st.lists(
            st.tuples(
                st.sampled_from(LABELS),
                st.sampled_from(NAMES),
                TIMES,
                CONTENT,
                STAMP,
                STAMP,
                st.booleans(),
            ),
            max_size=6,
        )
    )
    pieces = [draw(FRONT_MATTER).format(n=newline), newline * draw(st.integers(0, 2))]
    expected: list[str] = []
    speakers: list[str | None] = []
    if labelled and turns and draw(st.booleans()):
        pieces.append("Interview 3 – Stadthaus Bonn" + newline * 2)
        expected.append("Interview 3 – Stadthaus Bonn")
        speakers.append(None)
    for (label, speaker), name, time, content, opening, closing, heading in turns:
        text = (newline * 2).join(newline.join(lines) for lines in content)
        if labelled and heading and text.strip():
            pieces.append(f"## Teil {len(speakers)}" + newline * 2)
            expected.append(f"Teil {len(speakers)}")
            speakers.append(None)
        if labelled and layout != "labels":
            pieces.append(TIMED[layout].format(name=name, time=time, newline=newline))
            label, speaker, opening = "", name, ""
        if labelled:
            pieces.append(opening.strip() + " " + label if opening else label)
            if text.strip():
                speakers.append(speaker)
        pieces.append(text + closing + newline * draw(st.integers(1, 3)))
        expected.append(text)
    visible = "".join(ch for ch in "".join(expected) if not ch.isspace())
    return "".join(pieces), visible, speakers, labelled


_F4_STAMP = re.compile(r"#\d{1,2}:\d{1,2}(?::\d{1,2})?[-.]\d#")


def _squeeze(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace())


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
        with tempfile.TemporaryDirectory() as folder, warnings.catch_warnings():
            warnings.simplefilter("ignore", InterviewerWarning)
            path = Path(folder) / f"t{suffix}"
            path.write_bytes(body.encode("utf-8"))
            transcript = read_transcript(path, unit=unit)
            with open(path, encoding="utf-8") as file:
                in_file = file.read()
        text = transcript.text
        if "#" not in body.replace("## Teil", ""):  # no f4 stamps: the text is the file's
            assert text == in_file
        previous_end = 0
        for number, unit_ in enumerate(transcript.units, start=1):
            assert unit_.index == number
            assert 0 <= unit_.start <= unit_.end <= len(text)
            assert unit_.start >= previous_end
            content = text[unit_.start : unit_.end]
            assert content
            assert content == content.strip()
            previous_end = unit_.end
        # A header unit holds what stands before the first turn: the header line, or a
        # label with nothing said after it (read as part of the header, not lost).
        headers = [text[u.start : u.end] for u in transcript.units if u.kind == "header"]
        # f4 stamps are taken out of the text: compare without them (and without spaces).
        stamped = "#" in body.replace("## Teil", "")
        unstamped = _squeeze(_F4_STAMP.sub("", in_file)) if stamped else ""
        for header in headers:
            assert _squeeze(header) in unstamped if stamped else header in in_file
        # What a header holds besides the header line: turns before the first one the reader
        # is sure of (a label followed by punctuation only), their labels included.
        said = "".join(headers).replace("Interview 3 – Stadthaus Bonn", "", 1)
        for label, _ in LABELS:
            said = said.replace(label.strip(), "")
        joined = said + "".join(
            text[u.start : u.end] for u in transcript.units if u.kind != "header"
        )
        squeezed = "".join(ch for ch in joined if not ch.isspace())
        line = "Interview 3 – Stadthaus Bonn"
        spoken = visible.replace(line.replace(" ", ""), "", 1) if line in body else visible
        assert sorted(squeezed) == sorted(spoken)  # nothing lost, nothing added
        assert "\r" not in text and "#0" not in text
        if labelled and unit == "turn" and not headers:
            assert [u.speaker for u in transcript.units] == speakers
        elif labelled and unit == "turn":
            # A turn of punctuation or a symbol only that the reader took for header text
            # is not a turn: the others keep the speakers written.
            found = [u.speaker for u in transcript.units if u.kind != "header"]
            assert set(found) - {None} <= set(speakers)
        if not labelled:
            assert transcript.warnings and "no speaker labels" in transcript.warnings[0]
        if labelled:
            assert all(
                (u.kind != "turn") == u.interviewer for u in transcript.units if not u.speaker
            )

    check()


def test_a_label_with_nothing_said_before_a_heading_is_kept_in_the_header(tmp_path: Path) -> None:
    """Found by the property above: nothing is lost, and the turns keep their speakers."""
    path = tmp_path / "t.txt"
    path.write_bytes("受访者：\n## Teil 0\n\nI: .\nI: \n".encode())
    transcript = read_transcript(path, unit="turn")
    assert [(u.kind, u.speaker, transcript.unit_text(u)) for u in transcript.units] == [
        ("header", None, "受访者："), ("heading", None, "Teil 0"), ("turn", "I", ".")]
