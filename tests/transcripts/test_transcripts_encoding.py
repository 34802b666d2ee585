"""Encodings: byte order marks, legacy encodings detected and reported, binary files."""

from __future__ import annotations

import codecs

import pytest

from interviewkit.errors import TranscriptError, UsageError
from interviewkit.transcripts import read_transcript

GERMAN = (
    "I: Wie beurteilen Sie die Städtepartnerschaft mit Wuhan?\n"
    "B: Die Zusammenarbeit ist für uns sehr wichtig. Düsseldorf und Chongqing "
    "pflegen Grüße, Besuche und Austausch – „gelebte“ Partnerschaft, größer als gedacht.\n"
)
CHINESE = (
    "问：请您介绍一下武汉和杜伊斯堡的友好城市关系。\n"
    "答：我们两个城市从一九八二年开始合作，在经济、文化和教育方面交流很多。\n"
)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF8 + GERMAN.encode("utf-8"), "utf-8-sig"),
        (GERMAN.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + GERMAN.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + GERMAN.encode("utf-16-be"), "utf-16"),
        (codecs.BOM_UTF16_LE + CHINESE.encode("utf-16-le"), "utf-16"),
    ],
    ids=["utf8-bom", "utf8", "utf16le-bom", "utf16be-bom", "utf16-chinese"],
)
def test_unicode_encodings_read_without_warning(write, data, encoding):
    transcript = read_transcript(write("t.txt", data))

    assert transcript.text in (GERMAN, CHINESE)
    assert not transcript.text.startswith("\ufeff")
    assert transcript.encoding == encoding
    assert transcript.warnings == ()
    assert len(transcript.units) == 2


@pytest.mark.parametrize(
    ("text", "codec", "language"),
    [
        (CHINESE, "gb18030", "zh"),
        (GERMAN, "cp1252", "de"),
        ("B: Grüße aus Köln.\n", "cp1252", None),
    ],
    ids=["gb18030-chinese", "cp1252-german", "cp1252-short"],
)
def test_legacy_encoding_is_detected_and_reported(write, text, codec, language):
    transcript = read_transcript(write("legacy.txt", text.encode(codec)))

    assert transcript.text == text
    assert transcript.encoding == codec
    assert len(transcript.warnings) == 1
    assert "legacy.txt" in transcript.warnings[0]
    assert codec in transcript.warnings[0]
    if language:
        assert transcript.language == language


def test_short_gb18030_text_is_detected(write):
    transcript = read_transcript(write("kurz.txt", "问：你好。\n答：好。\n".encode("gb18030")))

    assert transcript.text == "问：你好。\n答：好。\n"
    assert transcript.encoding == "gb18030"


def test_forced_encoding(write):
    path = write("t.txt", GERMAN.encode("latin-1", errors="replace"))

    assert "Städtepartnerschaft" in read_transcript(path, encoding="latin-1").text


def test_forced_encoding_that_does_not_fit_names_line(write):
    path = write("t.txt", ("I: a\nB: " + "ä").encode("latin-1"))

    with pytest.raises(TranscriptError, match=r"line 2 cannot be decoded as utf-8"):
        read_transcript(path, encoding="utf-8")


def test_unknown_encoding_name_is_a_usage_error(write):
    with pytest.raises(UsageError, match="not an encoding"):
        read_transcript(write("t.txt", b"I: a\n"), encoding="klingon")


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + bytes(range(256)) * 4,
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200),
        b"I: hallo\x00\x00\x00 welt\n",
        b"%PDF-1.7\n\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12\x13\x14",
    ],
    ids=["zip", "png", "nul-bytes", "control-bytes"],
)
def test_binary_file_is_refused(write, data):
    path = write("interview.txt", data)

    with pytest.raises(TranscriptError) as caught:
        read_transcript(path)

    assert str(path) in caught.value.message
    assert "not look like a text file" in caught.value.message
    assert ".txt" in (caught.value.hint or "") and ".docx" in (caught.value.hint or "")


def test_utf16_without_bom_is_detected(write):
    transcript = read_transcript(write("t.txt", GERMAN.encode("utf-16-le")))

    assert transcript.text == GERMAN
    assert transcript.encoding == "utf-16-le"


def test_a_big5_file_is_named_with_its_fix(write):
    """Big5 is not guessed (short simplified Chinese texts would be taken for it), but the
    warning names the option that reads it."""
    text = "問：請問合作的情況如何？\n\n答：合作很好，我們對德國的夥伴很信任。\n"
    path = write("big5.txt", text.encode("big5"))
    guessed = read_transcript(path)
    assert "--encoding big5 for Traditional Chinese" in guessed.warnings[0]
    forced = read_transcript(path, encoding="big5")
    assert forced.text == text and [u.speaker for u in forced.units] == ["問", "答"]
