"""Units other than turns, numbering, and the transcript's language."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewkit.errors import UsageError
from interviewkit.transcripts import read_transcript
from interviewkit.transcripts.language import detect_language, spacy_code

DATA = Path(__file__).parents[1] / "data" / "transcripts"


def _units(transcript):
    return [(u.index, u.speaker, u.interviewer, transcript.unit_text(u)) for u in transcript.units]


def test_chinese_sentences_within_turns():
    transcript = read_transcript(DATA / "wuhan_zh_01.txt", unit="sentence")

    assert _units(transcript) == [
        (1, "问", True, "您好！"),
        (2, "问", True, "请介绍一下杜塞尔多夫和重庆的友好城市关系。"),
        (3, "答", False, "我们两个城市从二〇一六年开始合作。"),
        (4, "答", False, "合作很顺利！"),
        (5, "答", False, "你们有哪些项目？"),
        (6, "问", True, "未来呢？"),
        (7, "受访者", False, "我们希望扩大交流。"),
    ]
    assert {u.kind for u in transcript.units} == {"sentence"}


def test_chinese_paragraphs_within_turns():
    transcript = read_transcript(DATA / "wuhan_zh_01.txt", unit="paragraph")

    assert [t for *_, t in _units(transcript)][1:3] == [
        "我们两个城市从二〇一六年开始合作。合作很顺利！",
        "你们有哪些项目？",
    ]


def test_german_sentences_keep_speaker_and_times():
    transcript = read_transcript(DATA / "f4_interview.txt", unit="sentence")

    # German reads "2009." as an ordinal ("am 3. Mai"), so the first two stay one sentence.
    assert _units(transcript)[:3] == [
        (1, "I", True, "Wie lange arbeiten Sie schon in der Städtepartnerschaft?"),
        (2, "B", False, "Seit 2009. Damals kam die erste Delegation aus Chengdu."),
        (3, "I", True, "Und wie hat sich das entwickelt?"),
    ]
    assert (transcript.units[1].time_start, transcript.units[1].time_end) == (5.2, 19.8)


def test_english_sentences_and_paragraphs(write):
    body = "Q: Hello. How are you?\nA: Fine! Thanks.\n\nAnother paragraph here.\n"
    path = write("t.txt", body)

    sentences = read_transcript(path, unit="sentence")
    paragraphs = read_transcript(path, unit="paragraph")

    assert [t for *_, t in _units(sentences)] == [
        "Hello.",
        "How are you?",
        "Fine!",
        "Thanks.",
        "Another paragraph here.",
    ]
    assert [t for *_, t in _units(paragraphs)] == [
        "Hello. How are you?",
        "Fine! Thanks.",
        "Another paragraph here.",
    ]
    assert [u.index for u in paragraphs.units] == [1, 2, 3]


def test_sentence_never_crosses_a_paragraph(write):
    transcript = read_transcript(write("t.txt", "B: ohne Punkt\n\nneuer Absatz\n"), unit="sentence")

    assert [t for *_, t in _units(transcript)] == ["ohne Punkt", "neuer Absatz"]


@pytest.mark.parametrize("unit", ["turns", "word", "Sentence", ""])
def test_invalid_unit_lists_the_choices(unit):
    with pytest.raises(UsageError) as caught:
        read_transcript(DATA / "f4_interview.txt", unit=unit)

    assert "turn, sentence, paragraph" in caught.value.message


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("我们两个城市从二〇一六年开始合作。Partnership with Duisburg.", "zh"),
        ("Ich glaube, dass die Partnerschaft mit Wuhan nicht einfach ist.", "de"),
        ("I think the partnership with Wuhan is not easy, and we work on it.", "en"),
        ("12345 !!!", None),
    ],
)
def test_detect_language(text, language):
    assert detect_language(text) == language


def test_language_precedence(write):
    body = "I: Wie ist die Partnerschaft?\nB: Die ist gut und wir sind froh.\n"
    plain = write("plain.txt", body)
    with_front_matter = write("fm.md", "---\nlanguage: en\n---\n" + body)

    assert read_transcript(plain).language == "de"
    assert read_transcript(plain, language="zh").language == "zh"
    assert read_transcript(with_front_matter, language="zh").language == "en"
    assert read_transcript(plain, metadata={"language": "en"}).language == "en"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("de", "de"),
        ("de-DE", "de"),
        ("zh_CN", "zh"),
        ("Chinese", "zh"),
        ("Deutsch", "de"),
        ("", "xx"),
        (None, "xx"),
        ("??", "xx"),
    ],
)
def test_spacy_code(value, code):
    assert spacy_code(value) == code


def test_unknown_language_uses_multilingual_sentencizer(write):
    transcript = read_transcript(
        write("t.txt", "I: Eins. Zwei.\nB: Drei.\n"), unit="sentence", language="qq"
    )

    assert [t for *_, t in _units(transcript)] == ["Eins.", "Zwei.", "Drei."]
