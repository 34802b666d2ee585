"""Plain text and Markdown: front matter, exact text, f4/f5 timestamps, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewkit.errors import TranscriptError, UsageError
from interviewkit.transcripts import SUPPORTED_SUFFIXES, read_transcript
from tests.conftest import realdata

DATA = Path(__file__).parents[1] / "data" / "transcripts"


def test_front_matter_becomes_metadata():
    transcript = read_transcript(DATA / "bonn_de_01.md")

    assert transcript.id == "bonn_de_01"
    assert dict(transcript.metadata) == {
        "city": "Bonn",
        "country": "Germany",
        "partner_city": "Chengdu",
        "date": "2023-05-04",
        "interviewer": "Frau K.",
        "language": "de",
    }
    with open(DATA / "bonn_de_01.md", encoding="utf-8") as file:
        assert transcript.text == file.read()
    assert [u.speaker for u in transcript.units] == [
        None,
        "Frau K.",
        "Herr L.",
        "Frau K.",
        "Herr L.",
    ]
    assert transcript.unit_text(transcript.units[0]) == "Interview Bonn 1"
    assert transcript.units[0].kind == "heading"
    assert [u.interviewer for u in transcript.units] == [True, True, False, True, False]
    # "Zum Beispiel:" is prose in Herr L.'s turn, not a speaker.
    assert transcript.unit_text(transcript.units[-1]).endswith("Zum Beispiel: Schulaustausch.")
    assert transcript.source == str(DATA / "bonn_de_01.md")


def test_front_matter_values_become_strings(write):
    body = (
        "---\ndate: 2023-05-04\nyear: 2019\nrecorded: true\ntopics: [trade, schools]\n"
        "empty:\n---\nI: a\n"
    )

    transcript = read_transcript(write("x.md", body))

    assert transcript.id == "x"
    assert transcript.metadata["date"] == "2023-05-04"
    assert transcript.metadata["year"] == "2019"
    assert transcript.metadata["recorded"] == "true"
    assert transcript.metadata["topics"] == "trade, schools"
    assert "empty" not in transcript.metadata


def test_text_is_the_file_exactly(write):
    body = "I: Das   bleibt  so.\t\nB: *Markdown* bleibt [auch](x).\n\n\nEnde   \n"
    path = write("x.md", "---\ncity: Bonn\n---\n\n\n" + body)

    transcript = read_transcript(path)

    with open(path, encoding="utf-8") as file:
        assert transcript.text == file.read()
    for unit in transcript.units:
        assert transcript.text[unit.start : unit.end] in body
    assert transcript.unit_text(transcript.units[0]) == "Das   bleibt  so."


@pytest.mark.parametrize(
    ("front_matter", "line", "words"),
    [
        ("---\ncity: Bonn\ncountry: [Germany\n---\nI: a\n", 3, "not valid YAML"),
        ("---\ncity: Bonn\n  bad: indent\n---\nI: a\n", 3, "not valid YAML"),
        ("---\n- a list\n- not a mapping\n---\nI: a\n", 2, "key: value"),
        ("---\ncity: Bonn\nI: a\n", 1, "never closed"),
    ],
)
def test_bad_front_matter_names_the_line(write, front_matter, line, words):
    path = write("bad.md", front_matter)

    with pytest.raises(TranscriptError) as caught:
        read_transcript(path)

    assert f"{path}, line {line}:" in caught.value.message
    assert words in caught.value.message
    assert caught.value.hint


@pytest.mark.parametrize("content", [b"", b"   \n\n\t \r\n", b"---\ncity: Bonn\n---\n\n"])
def test_empty_file(write, content):
    path = write("empty.txt", content)

    with pytest.raises(TranscriptError, match="is empty") as caught:
        read_transcript(path)

    assert str(path) in caught.value.message


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_become_lf(write, newline):
    body = newline.join(["I: Erste Zeile", "zweite Zeile", "", "B: Antwort", ""])

    transcript = read_transcript(write("x.txt", body))

    assert "\r" not in transcript.text
    assert transcript.text == "I: Erste Zeile\nzweite Zeile\n\nB: Antwort\n"
    assert transcript.unit_text(transcript.units[0]) == "Erste Zeile\nzweite Zeile"


def test_f4_timestamps_are_removed_and_become_times():
    transcript = read_transcript(DATA / "f4_interview.txt")

    assert "#" not in transcript.text
    assert transcript.text.startswith(
        "I: Wie lange arbeiten Sie schon in der Städtepartnerschaft?\n\nB: Seit 2009."
    )
    times = [(u.time_start, u.time_end) for u in transcript.units]
    assert times == [(None, 5.2), (5.2, 19.8), (19.8, 24.5), (24.5, 62.0)]


@pytest.mark.parametrize(
    ("stamp", "seconds"),
    [
        ("#00:01:23-4#", 83.4),
        ("#00:01:23.4#", 83.4),
        ("#01:23-4#", 83.4),
        ("#01:00:00-0#", 3600.0),
        ("#00:00:07#", 7.0),
    ],
)
def test_f4_timestamp_forms(write, stamp, seconds):
    transcript = read_transcript(write("x.txt", f"I: Frage? {stamp}\nB: Antwort. {stamp}\n"))

    assert transcript.text == "I: Frage?\nB: Antwort.\n"
    assert transcript.units[0].time_end == pytest.approx(seconds)
    assert transcript.units[1].time_start == pytest.approx(seconds)


def test_f5_timestamp_at_start_of_turn(write):
    body = "#00:00:01-0# I: Frage?\n#00:00:04-5# B: Antwort, #00:00:06-0# weiter.\n"

    transcript = read_transcript(write("x.txt", body))

    assert transcript.text == "I: Frage?\nB: Antwort, weiter.\n"
    assert [(u.time_start, u.time_end) for u in transcript.units] == [(1.0, None), (4.5, None)]


def test_g0v_markdown_real_file():
    path = realdata("transcripts", "g0v_new7_vtaiwan_interview.md")

    transcript = read_transcript(path)

    assert transcript.metadata["title"] == "新新聞採訪共筆：vTaiwan.tw"
    assert transcript.metadata["language"] == "zh"
    with open(path, encoding="utf-8") as file:
        assert transcript.text == file.read()
    turns = [u for u in transcript.units if u.kind == "turn"]
    assert {u.speaker for u in turns} == {"張", "au", "Audrey T"}
    labelled = [u for u in turns if u.speaker in ("張", "au")]
    assert transcript.unit_text(labelled[0]).startswith("早上採訪蔡玉玲政委")
    assert next(transcript.unit_text(u) for u in turns if u.speaker == "Audrey T") == (
        "請美編在排版內文時，同樣保留完整的授權字樣如上。"
    )
    headings = [transcript.unit_text(u) for u in transcript.units if u.kind == "heading"]
    assert headings[0] == "新新聞採訪共筆：vTaiwan.tw"
    assert headings[1] == "0\\. 脈絡"
    assert len(headings) == 9 and headings[-1].startswith("7\\. 可否有關")
    header = [transcript.unit_text(u) for u in transcript.units if u.kind == "header"]
    assert header[-1].startswith("提問人：張家豪（記者）")
    assert all(not transcript.unit_text(u).startswith(("\\>", ">")) for u in turns)
    assert not any("[name=" in transcript.unit_text(u) for u in transcript.units)


@pytest.mark.parametrize("name", ["notes.doc", "slides.pdf", "data.json", "README"])
def test_unknown_suffix_lists_supported(write, name):
    path = write(name, b"I: a\n")

    with pytest.raises(UsageError) as caught:
        read_transcript(path)

    for suffix in SUPPORTED_SUFFIXES:
        assert suffix in caught.value.message
    assert str(path) in caught.value.message


def test_missing_file_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="no such file"):
        read_transcript(tmp_path / "nope.txt")


def test_a_folder_reports_interviews_in_formats_it_cannot_read(tmp_path):  # type: ignore[no-untyped-def]
    import warnings

    from interviewkit.transcripts import SkippedFileWarning, read_transcripts

    (tmp_path / "a.md").write_text("I: Frage?\n\nB: Antwort.\n", encoding="utf-8")
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "notes.csv").write_text("x\n", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = read_transcripts(tmp_path)
    assert [d.id for d in docs] == ["a"]
    messages = [str(w.message) for w in caught if issubclass(w.category, SkippedFileWarning)]
    assert len(messages) == 1 and "b.pdf" in messages[0] and "notes.csv" not in messages[0]


def test_offsets_with_a_byte_order_mark_and_crlf_are_positions_in_the_file(write):
    body = "---\r\ncity: Bonn\r\n---\r\n\r\n\r\nI: Frage?\r\n\r\nB: Antwort über Bonn.\r\n"
    path = write("bom.md", b"\xef\xbb\xbf" + body.encode("utf-8"))

    transcript = read_transcript(path)

    assert transcript.encoding == "utf-8-sig"
    with open(path, encoding=transcript.encoding) as file:
        in_file = file.read()
    assert [in_file[u.start : u.end] for u in transcript.units] == ["Frage?", "Antwort über Bonn."]
