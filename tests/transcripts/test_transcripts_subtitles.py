"""WebVTT and SRT captions: voices, ``Name:`` prefixes, ``>>`` changes, real captions."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewkit.errors import TranscriptError
from interviewkit.transcripts import read_transcript
from interviewkit.transcripts.subtitles import parse_cues
from tests.conftest import realdata

DATA = Path(__file__).parents[1] / "data" / "transcripts"


def _turns(transcript):
    return [
        (u.speaker, transcript.unit_text(u), u.time_start, u.time_end) for u in transcript.units
    ]


def test_vtt_voices_make_turns():
    transcript = read_transcript(DATA / "voices.vtt")

    assert transcript.text == (
        "Welcome to the interview.\nWe talk about Bonn & Wuhan.\n"
        "Thank you. It is a pleasure.\nFirst question."
    )
    assert _turns(transcript) == [
        ("Anna", "Welcome to the interview.\nWe talk about Bonn & Wuhan.", 1.0, 6.5),
        ("Ben", "Thank you. It is a pleasure.", 7.0, 9.0),
        ("Anna", "First question.", 9.5, 11.0),
    ]


def test_vtt_voices_with_interviewer_label():
    transcript = read_transcript(DATA / "voices.vtt", interviewer_labels=["Anna"])

    assert [u.interviewer for u in transcript.units] == [True, False, True]


def test_srt_name_prefixes():
    transcript = read_transcript(DATA / "dialogue.srt")

    assert "{\\an8}" not in transcript.text and "<i>" not in transcript.text
    # The second "GUEST:" goes on with the same speaker: one turn, the label left out.
    assert transcript.text.endswith("GUEST: Thanks for having me.\nIt is great to be here.")
    assert _turns(transcript) == [
        ("MODERATOR", "Good evening.\nTonight we talk about cities.", 1.0, 5.0),
        ("GUEST", "Thanks for having me.\nIt is great to be here.", 5.5, 9.0),
    ]
    assert [u.interviewer for u in transcript.units] == [True, False]


def test_double_chevron_starts_turns_mid_cue():
    transcript = read_transcript(DATA / "council.vtt")

    assert transcript.text.split("\n")[0] == "call to order. >> good morning, welcome"
    assert _turns(transcript) == [
        (None, "call to order.", 1.0, 3.0),
        (None, "good morning, welcome\nto the meeting. roll call, councilmember fife?", 1.0, 5.0),
        (None, "present.", 3.0, 5.0),
        ("CLERK", "thank you.\nnext item.", 5.0, 9.0),
        ("CLERK", "item one is the budget.", 7.0, 9.0),
    ]
    assert transcript.units[0].speaker is None


def test_real_council_captions():
    path = realdata("transcripts", "cdp_oakland_captions.vtt")

    cues = parse_cues(path.read_text(encoding="utf-8").replace("\r\n", "\n"), path)
    transcript = read_transcript(path)

    assert len(cues) == 424
    assert len(transcript.text.split("\n")) == sum(1 for cue in cues if "".join(cue.payload))
    assert transcript.language == "en"
    assert len(transcript.units) > 50
    assert transcript.unit_text(transcript.units[1]).startswith("good morning, welcome to")
    assert all(u.time_start is not None and u.time_end is not None for u in transcript.units)
    assert all(u.time_start <= u.time_end for u in transcript.units)
    assert transcript.units[-1].time_end == pytest.approx(25 * 60 + 50.373)
    assert all(">>" not in transcript.unit_text(u) for u in transcript.units)


def test_real_council_captions_sentences():
    transcript = read_transcript(realdata("transcripts", "cdp_oakland_captions.vtt"), unit="sentence")

    assert len(transcript.units) > 100
    assert all(transcript.unit_text(u) == transcript.unit_text(u).strip() for u in transcript.units)


def test_captions_without_speakers_are_one_unit_per_cue(write):
    path = write(
        "plain.srt",
        "1\n00:00:01,000 --> 00:00:02,000\nHello.\n\n2\n00:00:02,500 --> 00:00:04,000\nWorld.\n",
    )

    transcript = read_transcript(path)

    assert _turns(transcript) == [(None, "Hello.", 1.0, 2.0), (None, "World.", 2.5, 4.0)]
    assert "no speakers marked in plain.srt" in transcript.warnings[0]


def test_bad_cue_timing_names_the_line(write):
    path = write("bad.vtt", "WEBVTT\n\n00:00:01.000 --> soon\nHello.\n")

    with pytest.raises(TranscriptError) as caught:
        read_transcript(path)

    assert f"{path}, line 3:" in caught.value.message


def test_captions_without_cues_are_empty(write):
    with pytest.raises(TranscriptError, match="is empty"):
        read_transcript(write("none.vtt", "WEBVTT\n\nNOTE nothing here\n"))


def test_crlf_captions(write):
    path = write("crlf.vtt", "WEBVTT\r\n\r\n00:00:01.000 --> 00:00:02.000\r\n<v Li>Ni hao.\r\n")

    assert _turns(read_transcript(path)) == [("Li", "Ni hao.", 1.0, 2.0)]


def test_zoom_names_on_every_cue_are_all_speakers(write):
    cues = [
        ("Jane Doe", "Welcome, everyone."),
        ("iPhone von Anna", "Hallo, can you hear me?"),
        ("Jane Doe", "Yes, we can."),
    ]
    body = "WEBVTT\n\n" + "".join(
        f"{i}\n00:00:0{i}.000 --> 00:00:0{i}.900\n{name}: {text}\n\n"
        for i, (name, text) in enumerate(cues, start=1)
    )

    transcript = read_transcript(write("zoom.vtt", body))

    assert [(u.speaker, transcript.unit_text(u)) for u in transcript.units] == [
        ("Jane Doe", "Welcome, everyone."),
        ("iPhone von Anna", "Hallo, can you hear me?"),
        ("Jane Doe", "Yes, we can."),
    ]
