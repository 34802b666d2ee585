"""Speaker labels: every style we promise to read, and what is not a label."""

from __future__ import annotations

import re

import pytest

from interviewkit.errors import UsageError
from interviewkit.transcripts import read_transcript


def _turns(transcript):
    return [(u.speaker, transcript.unit_text(u)) for u in transcript.units]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            "I: Wie geht es?\nB: Gut, danke.\n",
            [("I", "Wie geht es?"), ("B", "Gut, danke.")],
            id="I-B",
        ),
        pytest.param(
            "I: Question?\nR: Answer.\n", [("I", "Question?"), ("R", "Answer.")], id="I-R"
        ),
        pytest.param(
            "I: Frage?\nB1: Eins.\nB2: Zwei.\n",
            [("I", "Frage?"), ("B1", "Eins."), ("B2", "Zwei.")],
            id="numbered",
        ),
        pytest.param(
            "Interviewer: Hello.\nS1: Hi.\n",
            [("Interviewer", "Hello."), ("S1", "Hi.")],
            id="Interviewer-S1",
        ),
        pytest.param("Q: Why?\nA: Because.\n", [("Q", "Why?"), ("A", "Because.")], id="Q-A"),
        pytest.param(
            "Frau K.: Guten Tag.\nHerr Li: Hallo.\nFrau K.: Bitte.\nHerr Li: Gern.\n",
            [
                ("Frau K.", "Guten Tag."),
                ("Herr Li", "Hallo."),
                ("Frau K.", "Bitte."),
                ("Herr Li", "Gern."),
            ],
            id="names",
        ),
        pytest.param(
            "[Anna] Hello there.\n[Ben] Hi Anna.\n[Anna] How are you?\n[Ben] Fine.\n",
            [
                ("Anna", "Hello there."),
                ("Ben", "Hi Anna."),
                ("Anna", "How are you?"),
                ("Ben", "Fine."),
            ],
            id="brackets",
        ),
        pytest.param(
            "**Interviewer:** Welcome.\n\n**Respondent:** Thanks.\n",
            [("Interviewer", "Welcome."), ("Respondent", "Thanks.")],
            id="markdown-bold",
        ),
        pytest.param(
            "问：你好。\n答：你好！\n受访者：我补充一下。\n",
            [("问", "你好。"), ("答", "你好！"), ("受访者", "我补充一下。")],
            id="chinese-known",
        ),
        pytest.param(
            "张：您好。\n李：您好。\n张：请讲。\n李：好的。\n",
            [("张", "您好。"), ("李", "您好。"), ("张", "请讲。"), ("李", "好的。")],
            id="chinese-names",
        ),
        pytest.param(
            "張\\> 早上好。\nau> 你好。\n張\\> 請問？\nau> 好。\n",
            [("張", "早上好。"), ("au", "你好。"), ("張", "請問？"), ("au", "好。")],
            id="markdown-escaped",
        ),
    ],
)
def test_label_styles(write, body, expected):
    transcript = read_transcript(write("t.md", body))

    assert _turns(transcript) == expected
    assert transcript.warnings == ()


def test_unit_span_excludes_label_and_whitespace(write):
    transcript = read_transcript(write("t.txt", "I:   Wie geht es?  \n\n  B:\tGut.\n"))

    for unit in transcript.units:
        content = transcript.unit_text(unit)
        assert content == content.strip()
        assert not content.startswith(("I:", "B:"))
    assert _turns(transcript) == [("I", "Wie geht es?"), ("B", "Gut.")]


def test_generic_label_must_recur(write):
    body = "I: Ein Beispiel?\nB: Ja.\nBeispiel: die Messe in Chengdu.\n"

    transcript = read_transcript(write("t.txt", body))

    assert _turns(transcript) == [
        ("I", "Ein Beispiel?"),
        ("B", "Ja.\nBeispiel: die Messe in Chengdu."),
    ]


def test_urls_and_times_are_not_labels(write):
    body = "I: Wann?\nB: Um\n10:30 Uhr, siehe\nhttps://example.org\nhttps://example.com\n"

    transcript = read_transcript(write("t.txt", body))

    assert [u.speaker for u in transcript.units] == ["I", "B"]


def test_text_before_first_label_is_a_header_and_headings_are_units(write):
    body = "# Interview Duisburg 3\n\nDatum: 2023\n\nI: Erste Frage?\nB: Antwort.\n"

    transcript = read_transcript(write("t.md", body))

    assert _turns(transcript) == [
        (None, "Interview Duisburg 3"),
        (None, "Datum: 2023"),
        ("I", "Erste Frage?"),
        ("B", "Antwort."),
    ]
    assert [u.kind for u in transcript.units] == ["heading", "header", "turn", "turn"]
    assert [u.interviewer for u in transcript.units] == [True, True, True, False]


def test_a_header_block_without_a_title_above_it_stays_a_header(write):
    """Participants and dates as the file's first lines: a role described ("Befragte:
    Sachbearbeiterin") followed by more header lines ("Dauer: 48 Min.") is not a turn."""
    body = (
        "Interviewerin: K. Weiß; Datum: 12.03.2024; Ort: Stadthaus Bonn\n"
        "Befragte: Sachbearbeiterin, seit 2015 im Amt\n"
        "Dauer: 48 Min.\n\n"
        "I: Wie kam die Partnerschaft zustande?\n\nB: Über einen Besuch.\n\n"
        "I: Und heute?\n\nB: Eher ruhig.\n"
    )

    transcript = read_transcript(write("t.txt", body))

    assert [u.kind for u in transcript.units] == ["header", "turn", "turn", "turn", "turn"]
    assert transcript.unit_text(transcript.units[0]).endswith("Dauer: 48 Min.")
    assert [u.speaker for u in transcript.units[1:]] == ["I", "B", "I", "B"]


@pytest.mark.parametrize(
    "body",
    [
        "Interviewer: Herzlich willkommen, danke dass Sie sich Zeit nehmen\n"
        "Meine erste Frage: Wie sind Sie zu der Stelle gekommen\n\n"
        "B: Über einen Aushang.\n\nI: Und dann?\n\nB: Dann blieb ich.\n\nI: Danke.\n",
        "受访者：我在这里工作了十年\n他说：你要坚持下去\n我说：好的\n\n"
        "问：后来呢？\n\n答：后来就好了。\n\n问：谢谢。\n\n答：不客气。\n",
        "Respondent: well I started in 2010, it was hard\nNote: my boss said no at first\n\n"
        "Q: And now?\n\nA: Better.\n\nQ: Thanks.\n\nA: Welcome.\n",
    ],
)
def test_a_first_turn_with_lines_of_speech_is_not_taken_for_a_header(write, body):
    """Only lines of header keys ("Dauer:", "Ort:") after a role line make it a header."""
    transcript = read_transcript(write("t.txt", body))

    assert transcript.units[0].kind == "turn"
    assert "\n" in transcript.unit_text(transcript.units[0])  # the whole first turn


def test_turn_runs_until_next_label(write):
    body = "I: Frage?\n\nB: Erster Absatz.\n\nZweiter Absatz.\n- ein Punkt\nI: Danke.\n"

    transcript = read_transcript(write("t.txt", body))

    assert _turns(transcript)[1] == ("B", "Erster Absatz.\n\nZweiter Absatz.\n- ein Punkt")


def test_empty_turn_is_skipped(write):
    transcript = read_transcript(write("t.txt", "I:\nB: Antwort.\n"))

    assert _turns(transcript) == [("B", "Antwort.")]


@pytest.mark.parametrize(
    ("body", "flags"),
    [
        ("I: a\nB: b\n", [True, False]),
        ("Interviewer: a\nRespondent: b\n", [True, False]),
        ("Q: a\nA: b\n", [True, False]),
        ("F: a\nA: b\n", [True, False]),
        ("Frage 1: a\nAntwort 1: b\nFrage 2: c\nAntwort 2: d\n", [True, False, True, False]),
        ("Moderator: a\nTN1: b\n", [True, False]),
        ("问：a\n答：b\n", [True, False]),
        ("访谈者：a\n受访者：b\n", [True, False]),
        ("采访者：a\n受访者：b\n", [True, False]),
        ("I1: a\nB: b\n", [True, False]),
        # German abbreviations: IV (Interviewer/in) and IP (Interviewpartner/in), labels
        # once they recur (a Roman numeral at a line start is no label by itself)
        ("IV: a\nIP: b\nIV: c\nIP: d\n", [True, False, True, False]),
    ],
)
def test_interviewer_turns_are_flagged(write, body, flags):
    transcript = read_transcript(write("t.txt", body))

    assert [u.interviewer for u in transcript.units] == flags


def test_interviewer_from_front_matter_and_argument(write):
    body = "---\ninterviewer: [Anna, Ben]\n---\nAnna: a\nCarla: b\nBen: c\nCarla: d\nAnna: e\n"
    path = write("t.md", body)

    assert [u.interviewer for u in read_transcript(path).units] == [True, False, True, False, True]
    flagged = read_transcript(path, interviewer_labels=["carla"])
    assert all(u.interviewer for u in flagged.units)


def test_speaker_pattern_replaces_builtin_labels(write):
    body = "ANNA >> Hallo.\nBEN >> Hi.\nI: kein Label hier\n"

    transcript = read_transcript(
        write("t.txt", body), speaker_pattern=r"(?P<speaker>[A-Z]+) >>", interviewer_labels=["anna"]
    )

    assert _turns(transcript) == [("ANNA", "Hallo."), ("BEN", "Hi.\nI: kein Label hier")]
    assert transcript.units[0].interviewer


@pytest.mark.parametrize("pattern", [r"(unclosed", r"\w+:"])
def test_bad_speaker_pattern_is_a_usage_error(write, pattern):
    with pytest.raises(UsageError) as caught:
        read_transcript(write("t.txt", "I: a\n"), speaker_pattern=pattern)

    assert "speaker pattern" in caught.value.message
    assert "(?P<speaker>" in (caught.value.hint or "")


def test_no_labels_makes_paragraphs_units_with_warning(write):
    body = "Erster Absatz,\nüber zwei Zeilen.\n\n\nZweiter Absatz.\n"

    transcript = read_transcript(write("notes.txt", body))

    assert _turns(transcript) == [
        (None, "Erster Absatz,\nüber zwei Zeilen."),
        (None, "Zweiter Absatz."),
    ]
    assert len(transcript.warnings) == 1
    assert "no speaker labels found in notes.txt" in transcript.warnings[0]
    assert "--speaker-pattern" in transcript.warnings[0]


def test_a_long_header_is_pointed_out(write):
    speech = "Also, wir haben damals angefangen, und das war nicht einfach. " * 12
    transcript = read_transcript(write("t.txt", speech + "\n\nI: Und dann?\nB: Dann ging es.\n"))

    assert transcript.units[0].kind == "header"
    assert len(transcript.warnings) == 1
    assert (
        "before the first speaker label are read as the transcript's header"
        in (transcript.warnings[0])
    )


# The line-start searches run in "\n" + text (fast); each must find what a search
# with ^ and $ in MULTILINE mode, line by line, finds.
_HEADING_BY_LINE = re.compile(
    r"^[ ]{0,3}#{1,6}[ \t]+(?P<content>[^\n]*?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE
)


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("# Title\n\nI: Frage?\n\nB: Antwort.", 0),
        ("I: Frage?\n\n## Teil 2 ##\nB: Antwort.\n### Ende", 0),
        ("---\nid: x\n---\n# Kopf\nI: a\n   #### eingerückt  \n", 14),
        ("#hashtag is no heading\n\n####### seven\n# \n#\tTab heading", 0),
        ("B: #1 ist wichtig\n    # four spaces is code\n  # two spaces", 0),
    ],
)
def test_headings_are_found_at_line_starts_as_by_line(text: str, start: int) -> None:
    from interviewkit.transcripts.markdown import headings

    expected = [
        (m.start(), m.end(), *m.span("content"))
        for m in _HEADING_BY_LINE.finditer(text, start)
        if m["content"].strip()
    ]
    found = [(b.start, b.end, b.content_start, b.content_end) for b in headings(text, start)]
    assert found == expected
    assert all(b.kind == "heading" for b in headings(text, start))


@pytest.mark.parametrize(
    "text",
    [
        "I: Wie lange?\n\nB: Seit 2009, so 10:30 Uhr.\n\nI: Gut.",  # a time, but no timed label
        "Jane Doe  00:03\nHello there.\n\nJohn Roe  00:09\nHi.",
        "Speaker 1 (00:01:03): Hello.\nSpeaker 2 (00:01:09): Hi.",
        "I: Frage\nB: Antwort\nI: Noch eine",
    ],
)
def test_label_candidates_without_a_time_are_those_of_the_full_search(text: str) -> None:
    from interviewkit.transcripts import labels

    shifted = "\n" + text
    full = [m.start() for m in labels._CANDIDATE.finditer(shifted)]
    assert [c.start for c in labels.candidates(text)] == full
    if labels._ANY_TIME.search(text) is None:
        assert [m.start() for m in labels._UNTIMED_CANDIDATE.finditer(shifted)] == full
