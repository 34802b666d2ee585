"""Each transcript layout researchers bring in, read right: speakers, turns, every unit's text.

The fixtures in tests/data/transcripts/layouts imitate real exports (see the
README there). For each, every unit is checked: its kind, its speaker and
``text[start:end]``; for .txt and .md without f4 stamps also that the offsets
are positions in the file as Python reads it.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from interviewkit.transcripts import InterviewerWarning, read_transcript
from tests.transcripts.layout_units import EXPECTED, LAYOUTS


def read(name: str, **options: object):  # type: ignore[no-untyped-def]
    return _quiet(LAYOUTS / name, **options)


def _quiet(path: Path, **options: object):  # type: ignore[no-untyped-def]
    """The transcript, without the warning that no interviewer was recognised."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InterviewerWarning)
        return read_transcript(path, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_unit_of_every_layout(name: str) -> None:
    transcript = read(name)

    found = [(u.kind, u.speaker, transcript.unit_text(u)) for u in transcript.units]
    assert found == EXPECTED[name]
    assert [u.index for u in transcript.units] == list(range(1, len(found) + 1))
    for unit in transcript.units:
        assert unit.interviewer or unit.kind == "turn"  # headers, headings: never a respondent's


@pytest.mark.parametrize(
    "name",
    [n for n in sorted(EXPECTED) if n.endswith((".txt", ".md")) and not n.startswith("f4")],
)
def test_offsets_are_positions_in_the_file(name: str) -> None:
    transcript = read(name)

    with open(LAYOUTS / name, encoding="utf-8") as file:
        in_file = file.read()
    assert transcript.text == in_file
    for unit in transcript.units:
        assert in_file[unit.start : unit.end] == transcript.unit_text(unit)


@pytest.mark.parametrize(
    ("name", "times"),
    [
        ("otter.txt", [(3, 14), (14, 41), (41, 45)]),
        ("rev.txt", [(2, 7), (7, 10), (10, 16)]),
        ("trint.txt", [(1, 6), (6, 19), (19, 23)]),
        ("stamped.txt", [(3, 11), (11, 24), (24, 27)]),
        ("transcribo.md", [(15, 62), (65, 105), (108, 150), (155, 190)]),
        ("whisperx.srt", [(0.031, 4.512), (5.102, 15.339), (16.12, 18.95)]),
        ("zoom_names.vtt", [(1.23, 5.1), (5.8, 16.2), (16.9, 19.4)]),
        ("whisper_console.txt", [(0, 4.52), (4.52, 9.87), (10, 13.22), (13.22, 19.04)]),
        # the time of day: 14:02:11 is 50,531 s after midnight
        ("zoom_captions.txt", [(50531, 50539), (50539, 50551), (50551, 50555), (50555, 50582)]),
        ("time_after.txt", [(3, 11), (11, 38), (38, 40), (40, None)]),
        ("time_line.txt", [(0, 8.14), (8.14, 21.02), (21.02, 24.19), (24.19, None)]),
        ("bare_time.txt", [(1, 6), (6, 15), (15, 17), (17, None)]),
        ("table_turns.docx", [(2, 5), (5, 11), (11, 13), (13, 21)]),
        ("zoom.vtt", [(2.34, 12.41), (13.02, 19.87), (20.5, 24.0)]),
        ("teams.vtt", [(3.12, 10.2), (11.06, 19.88), (20.5, 22.9)]),
        ("f4.rtf", [(None, 4.6), (4.6, 15.8), (15.8, 18.1)]),
        ("f4_malformed.txt", [(None, 52.1), (53.0, None), (None, 84.7)]),
        ("broken.srt", [(1.0, 4.0), (5.0, 9.5), (10.0, 13.0)]),
    ],
)
def test_times_become_the_units_time_spans(name: str, times: list[tuple[float, float]]) -> None:
    turns = [u for u in read(name).units if u.kind == "turn"]

    assert [(u.time_start, u.time_end) for u in turns[: len(times)]] == times


def test_otter_times_past_the_first_hour() -> None:
    turns = [u for u in read("otter.txt").units if u.kind == "turn"]

    assert (turns[-2].time_start, turns[-1].time_start) == (3723.0, 3728.0)
    assert turns[-1].time_end is None


@pytest.mark.parametrize(
    ("name", "interviewers"),
    [
        ("header_de.txt", {"I"}),
        ("header_zh.txt", {"记者"}),
        ("hackmd_names.md", {"記者"}),
        ("headings.md", {"Redaktion"}),  # named in the front matter
        ("transcribo.md", {"Interviewer"}),
        ("gender_forms.txt", {"Interviewer/in"}),
        ("header_labels.txt", {"Interviewerin"}),
        ("header_zh_record.txt", {"问"}),
        ("zh_brackets.txt", {"问"}),
        ("broken.srt", {"INTERVIEWER"}),
        ("f4.rtf", {"I"}),
    ],
)
def test_interviewers_recognised(name: str, interviewers: set[str]) -> None:
    transcript = read(name)

    assert {u.speaker for u in transcript.units if u.interviewer and u.speaker} == interviewers


def test_interviewer_option_names_exactly_that_label() -> None:
    transcript = read("rev.txt", interviewer_labels=["Speaker 1"])

    flagged = {u.speaker for u in transcript.units if u.interviewer}
    assert flagged == {"Speaker 1"}
    assert sum(not u.interviewer for u in transcript.units) == 5


def test_interviewer_option_s2_does_not_mark_s1(write) -> None:  # type: ignore[no-untyped-def]
    path = write("t.txt", "S1: Wie war es?\nS2: Gut.\nS1: Und dann?\nS2: Auch gut.\n")

    transcript = read_transcript(path, interviewer_labels=["S2"])

    assert [u.interviewer for u in transcript.units] == [False, True, False, True]


@pytest.mark.parametrize(
    ("name", "speaker", "questions"),
    [
        ("otter.txt", "Jane Doe", 3),
        ("rev.txt", "Speaker 1", 3),
        ("trint.txt", "Anna Schmidt", 2),
        ("zoom.vtt", "Jane Doe", 1),
        ("f4_malformed.txt", "entrevistadora", 3),
    ],
)
def test_no_interviewer_is_said_once_with_the_likely_one(
    name: str, speaker: str, questions: int
) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        transcript = read_transcript(LAYOUTS / name)

    said = [str(w.message) for w in caught if issubclass(w.category, InterviewerWarning)]
    assert len(said) == 1
    assert f"{speaker!r} asks the most questions: {questions} question" in said[0]
    assert f"--interviewer {speaker!r}" in said[0]
    assert not any(u.interviewer for u in transcript.units if u.kind == "turn")


def test_named_interviewer_silences_the_warning() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        read_transcript(LAYOUTS / "otter.txt", interviewer_labels=["Jane Doe"])

    assert not [w for w in caught if issubclass(w.category, InterviewerWarning)]


def test_broken_captions_warn_once_naming_the_bad_cue() -> None:
    transcript = read("broken.srt")

    assert len(transcript.warnings) == 1
    assert "line 14" in transcript.warnings[0]
    assert "'00:01:,000 --> 00:00:18,000'" in transcript.warnings[0]


def test_rtf_text_is_derived_and_has_no_rtf_left() -> None:
    transcript = read("f4.rtf")

    assert "\\" not in transcript.text and "{" not in transcript.text
    assert "#00:" not in transcript.text
    assert "Büro für Internationales" in transcript.text  # \\'fc escapes
    assert "Häfen" in transcript.text and "Züge" in transcript.text  # literal UTF-8
    assert transcript.language == "de"


def test_malformed_f4_stamps_leave_no_trace() -> None:
    transcript = read("f4_malformed.txt")

    assert "#" not in transcript.text
    assert transcript.language == "es"


def test_interviewer_column_of_the_metadata_sheet(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from interviewkit.transcripts import read_corpus

    sheet = tmp_path / "meta.csv"
    sheet.write_text("file,interviewer\notter.txt,Jane Doe\ntrint.txt,Anna Schmidt\n", "utf-8")

    corpus = read_corpus(
        [LAYOUTS / "otter.txt", LAYOUTS / "trint.txt", LAYOUTS / "rev.txt"], metadata_file=sheet
    )

    flagged = {
        t.id: {u.speaker for u in t.units if u.interviewer and u.speaker}
        for t in corpus.transcripts
    }
    assert flagged == {"otter": {"Jane Doe"}, "trint": {"Anna Schmidt"}, "rev": set()}
    assert [f.transcript for f in corpus.no_interviewer] == ["rev"]


def test_a_time_then_a_sentence_with_a_colon_is_no_label(write) -> None:  # type: ignore[no-untyped-def]
    """A time first makes no label of the words before a colon: "Die Frage ist" opens one
    turn and looks like none of the labels; a stamped line without any is text."""
    labelled = write(
        "labelled.txt",
        "[00:00:03] Speaker 0: Seit wann gibt es die Partnerschaft?\n"
        "[00:00:09] Speaker 1: Seit 2009.\n"
        "[00:00:15] Die Frage ist: wie geht es weiter?\n"
        "[00:00:21] Speaker 0: Und heute?\n"
        "[00:00:27] Speaker 1: Eher Projekte als Besuche.\n",
    )
    plain = write(
        "plain.txt",
        "[00:00:03] Also gut, fangen wir an.\n[00:00:09] Die Frage ist: wie lange schon?\n",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InterviewerWarning)
        transcript = read_transcript(labelled)
        prose = read_transcript(plain).units
    turns = transcript.units

    assert [u.speaker for u in turns] == ["Speaker 0", "Speaker 1", "Speaker 0", "Speaker 1"]
    assert "Die Frage ist: wie geht es weiter?" in transcript.unit_text(turns[1])
    assert [(u.speaker, u.time_start) for u in prose] == [(None, None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A plain "Erstens:" among bold names is no label, as without the times.
        (
            "[00:00:15 → 00:01:02] **Interviewer:** Was war wichtig?\n\n"
            "[00:01:05 → 00:01:45] **Li Wei:** Zwei Dinge.\n\n"
            "[00:01:48 → 00:02:30] Erstens: der Hafen.\n\n"
            "[00:02:35 → 00:03:00] **Interviewer:** Und?\n\n"
            "[00:03:05 → 00:03:30] **Li Wei:** Die Schulen.\n",
            [("Interviewer", 15, 62), ("Li Wei", 65, 105), ("Interviewer", 155, 180),
             ("Li Wei", 185, 210)],
        ),
        # A name as long as labels with a colon may be, not as a name beside a time.
        (
            "[00:00:03] Frau K.: Guten Tag.\n[00:00:09] Anna: Hallo.\n"
            "[00:00:15] Herr Meier sagte nochmal: warum?\n"
            "[00:00:21] Frau K.: Also.\n[00:00:27] Anna: Ja.\n",
            [("Frau K.", 3, 9), ("Anna", 9, 21), ("Frau K.", 21, 27), ("Anna", 27, None)],
        ),
        # An end before the start is no end: the next turn's start is.
        (
            "[00:01:02 → 00:00:15] **A:** x\n\n[00:01:05 → 00:01:45] **B:** y\n\n"
            "[00:01:48 → 00:02:30] **A:** z\n",
            [("A", 62, 65), ("B", 65, 105), ("A", 108, 150)],
        ),
        # The same label with and without a time is one style; an untimed turn ends the
        # time of the one before it only by having none.
        (
            "[00:00:03] Speaker 0: Q1\n[00:00:09] Speaker 1: A1\nSpeaker 0: Q2\n"
            "[00:00:21] Speaker 1: A2\n",
            [("Speaker 0", 3, 9), ("Speaker 1", 9, None), ("Speaker 0", None, None),
             ("Speaker 1", 21, None)],
        ),
    ],
)  # fmt: skip
def test_labels_with_the_time_first_are_judged_as_without_it(
    write,  # type: ignore[no-untyped-def]
    text: str,
    expected: list[tuple[str, float | None, float | None]],
) -> None:
    transcript = _quiet(write("stamped.md", text))

    assert [(u.speaker, u.time_start, u.time_end) for u in transcript.units] == expected


def test_chinese_labels_with_an_aside_and_other_names_for_the_interviewer(write) -> None:  # type: ignore[no-untyped-def]
    """Imitates a hand-typed Chinese interview: 访谈员 for the interviewer, the
    respondent's surname, sex and age in full-width brackets after the label."""
    path = write(
        "zh_aside.txt",
        "访谈员（李）：您好，请问您在外办工作多久了？\n"
        "受访者（王，女，45岁）：快十年了，一直负责和杜伊斯堡的交流。\n"
        "访谈员（李）：合作主要在哪些方面？\n"
        "受访者（王，女，45岁）：物流和教育。\n",
    )

    transcript = read_transcript(path)

    assert [(u.speaker, u.interviewer, transcript.unit_text(u)) for u in transcript.units] == [
        ("访谈员", True, "您好，请问您在外办工作多久了？"),
        ("受访者", False, "快十年了，一直负责和杜伊斯堡的交流。"),
        ("访谈员", True, "合作主要在哪些方面？"),
        ("受访者", False, "物流和教育。"),
    ]


def _vtt(*cues: str) -> str:
    return "WEBVTT\n\n" + "".join(
        f"00:00:{i:02d}.000 --> 00:00:{i:02d}.900\n{cue}\n\n" for i, cue in enumerate(cues)
    )


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        # One label with different asides: different people of a group.
        ("group.txt", "I: Frage?\n\nTN (Herr Meier): Ich finde ja.\n\nTN (Frau Schulz): Ich nicht."
         "\n\nI: Warum?\n\nTN (Frau Schulz): Darum.\n",
         ["I", "TN (Herr Meier)", "TN (Frau Schulz)", "I", "TN (Frau Schulz)"]),
        ("group_zh.txt", "主持人：大家好。\n\n村民（张）：我先说。\n\n村民（李）：我不同意。\n\n"
         "主持人：为什么？\n\n村民（李）：因为太贵。\n",
         ["主持人", "村民（张）", "村民（李）", "主持人", "村民（李）"]),
        # An aside that declares the abbreviation used below, and one with age and sex.
        ("declared.txt", "Interviewer (I): Wie kam es dazu?\n\nBefragter (B, m, 54 J.): Über den "
         "Sport.\n\nI: Und danach?\n\nB: Jedes zweite Jahr.\n",
         ["Interviewer", "Befragter", "I", "B"]),
        # Prose with an aside or a gender form, once: no speaker.
        ("prose.txt", "I: Wie war das?\n\nB: Schwierig.\n\nA (Anlage): Liste.\n\nI: Und dann?"
         "\n\nB: Dann ging es.\n", ["I", "B", "I", "B"]),
        ("prose_names.txt", "Anna: Wie war das?\n\nBernd: Schwierig.\n\nProblem (leider): kein "
         "Geld.\n\nBürger/innen: kamen kaum.\n\nAnna: Und dann?\n\nBernd: Dann ging es.\n",
         ["Anna", "Bernd", "Anna", "Bernd"]),
        # A legend of the labels before the dialogue is a header.
        ("legend.txt", "Interviewerin (I): Katrin Weiß\nBefragte (B): Sachbearbeiterin, 54\n\n"
         "I: Wie lange schon?\n\nB: Seit 2015.\n\nI: Und?\n\nB: Gut.\n",
         [None, "I", "B", "I", "B"]),
        # The time first, and an aside.
        ("stamped_aside.txt", "[00:00:03] Interviewer/in: Hallo.\n[00:00:10] Befragte/r (w, 47): "
         "Hi.\n[00:00:20] Interviewer/in: Gut.\n[00:00:30] Befragte/r (w, 47): So.\n",
         ["Interviewer/in", "Befragte/r", "Interviewer/in", "Befragte/r"]),
        # Captions: display names only where they recur; prose with a colon is no speaker.
        ("prose.srt", "".join(
            f"{i + 1}\n00:00:{i:02d},000 --> 00:00:{i:02d},900\n{cue}\n\n" for i, cue in enumerate(
                ["Heute sprechen wir über: Partnerschaften.", "Das Thema lautet: Städte.",
                 "Und zwar:", "Das Ergebnis von 2019:", "Bonn und Chengdu."])),
         [None, None, None, None, None]),
        ("display.vtt", _vtt("Hoffmann, Julia: Eins.", "Hoffmann, Julia: Zwei.",
                             "Wang Fang (Wuhan Office): Drei.", "Wang Fang (Wuhan Office): Vier."),
         ["Hoffmann, Julia", "Wang Fang (Wuhan Office)"]),
    ],
)  # fmt: skip
def test_asides_gender_forms_and_display_names_from_a_second_reading(
    write,  # type: ignore[no-untyped-def]
    name: str,
    text: str,
    expected: list[str | None],
) -> None:
    transcript = _quiet(write(name, text))

    assert [u.speaker for u in transcript.units] == expected


def test_a_time_alone_on_the_last_line_of_a_turn_is_no_speech(write) -> None:  # type: ignore[no-untyped-def]
    """The time a tool writes on a line between turns leaves the turn before it; an
    answer that is a time stays an answer."""
    path = write(
        "times.txt",
        "I: Wann fängt es an?\n\nB: 10:30\n\nI: Und dann?\n\nB: Dann die Führung.\n[00:05:00]\n\n"
        "I: Danke.\n",
    )

    transcript = read_transcript(path)

    assert [transcript.unit_text(u) for u in transcript.units] == [
        "Wann fängt es an?", "10:30", "Und dann?", "Dann die Führung.", "Danke.",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        # A header line above the first question: the question is a turn.
        ("first_question.txt", "Datum: 12.03.2024\nInterviewerin: Guten Tag, schön, dass Sie da "
         "sind.\n\nBefragte: Ja, gerne.\n\nInterviewerin: Und?\n\nBefragte: Gut.\n",
         [None, "Interviewerin", "Befragte", "Interviewerin", "Befragte"]),
        ("first_question_zh.txt", "时间：2023年5月\n问：您好，请介绍一下自己。\n\n答：好。\n\n"
         "问：请问？\n\n答：好的。\n", [None, "问", "答", "问", "答"]),
        # Labels with asides that declare nothing used below are turns, not a legend.
        ("asides_first.txt", "I (Anna): Hallo\nB (Herr K.): Guten Tag\n\nI: Wie?\n\nB: So.\n",
         ["I", "B", "I", "B"]),
        # Times of day in speech are no labels and stay in the answer.
        ("schedule.txt", "I: Wie sah der Tag aus?\n\nB: Also, ungefähr so:\n08:00 Uhr: Frühstück"
         "\n12:00 Uhr: Mittagessen\n18:00 Uhr: Abendessen\n\nI: Danke.\n\nB: Gern.\n",
         ["I", "B", "I", "B"]),
        ("schedule_en.txt", "I: What was the day like?\n\nR: Roughly:\n7:30 am: breakfast\n"
         "12:30 pm: lunch\n\nI: Thanks.\n\nR: Sure.\n", ["I", "R", "I", "R"]),
        ("programme.txt", "I: Wie war das Programm?\n\nB: Also:\n10:00 – Begrüßung\n11:00 – Pause"
         "\n12:00 – Mittag\n13:00 – Pause\n\nI: Danke.\n", ["I", "B", "I"]),
        ("times_said.txt", "I: Wann essen Sie?\n\nB: Wir haben feste Zeiten:\n8:00\n12:00\n18:00"
         "\n\nI: Danke.\n", ["I", "B", "I"]),
        # Answer options in lenticular brackets stay in the question.
        ("options_zh.txt", "问：请从下面选一个：\n【A】非常满意\n【B】比较满意\n【C】不满意\n答：A。\n"
         "问：为什么？\n答：因为服务好。\n", ["问", "答", "问", "答"]),
        # Remarks after a label are no other speaker.
        ("remarks.txt", "I: Wie war es?\n\nB (lacht): Gut.\n\nI: Wirklich?\n\nB (zögert): Na ja."
         "\n\nI: Und heute?\n\nB: Besser.\n", ["I", "B", "I", "B", "I", "B"]),
        # The points of an enumeration are no speakers, however often they recur.
        ("points_1.txt", "I: Was sind die Probleme?\n\nB: Zwei Dinge.\nErstens: Geld.\nZweitens: Zeit.\n\n"
         "I: Und bei den Schulen?\n\nB: Auch zwei.\nErstens: Lehrer.\nZweitens: Räume.\n",
         ["I", "B", "I", "B"]),
        ("points_2.txt", "问：合作中有哪些困难？\n答：主要有三点：\n第一：资金不够。\n第二：人员变动太快。\n"
         "问：还有呢？\n答：首先：沟通。\n其次：信任。\n", ["问", "答", "问", "答"]),
        # A Chinese sentence that opens a line with a colon is no speaker...
        ("points_3.txt", "问：您怎么看？\n答：我觉得还好。\n我的问题是：\n钱从哪里来？\n问：好的。\n答：谢谢。\n",
         ["问", "答", "问", "答"]),
        # ... but a name or a role that speaks once is.
        ("points_4.txt", "问：您好。\n答：您好。\n王老师：我补充一句。\n问：谢谢。\n答：不客气。\n",
         ["问", "答", "王老师", "问", "答"]),
        ("points_5.txt", "问：您好。\n答：您好。\n受访者的丈夫：我补充一句。\n问：谢谢。\n答：不客气。\n",
         ["问", "答", "受访者的丈夫", "问", "答"]),
        ("points_6.txt", "问：您好。\n答：他说：\n没问题。\n问：谢谢。\n答：不客气。\n", ["问", "答", "问", "答"]),
        # "Schließlich" as labels are compared (ß folded to ss)
        ("points_7.txt", "I: Was war dann?\n\nB: Wir haben gewartet.\nSchließlich: es kam.\n\nI: Und?\n\n"
         "B: Gut.\nSchließlich: ja.\n", ["I", "B", "I", "B"]),
    ],
)  # fmt: skip
def test_a_third_reading(write, name: str, text: str, expected: list[str | None]) -> None:  # type: ignore[no-untyped-def]
    transcript = _quiet(write(name, text))

    assert [u.speaker for u in transcript.units] == expected
    said = "".join(transcript.unit_text(u) for u in transcript.units)
    for kept in ("Frühstück", "Begrüßung", "18:00", "非常满意", "12:30 pm: lunch"):
        if kept in text:
            assert kept in said, kept  # nothing said is lost


def test_many_header_blocks_one_after_another() -> None:
    from interviewkit.transcripts.labels import accepted, candidates, without_header_lines

    text = "Datum: 1\nOrt: 2\n\n" * 1500 + "I: Wie?\n\nB: So.\n"

    assert [c.speaker for c in without_header_lines(accepted(candidates(text)), text)] == [
        "I", "B",
    ]  # fmt: skip


def test_a_time_after_a_bracketed_name_is_the_turns_only_alone_with_hours(write) -> None:  # type: ignore[no-untyped-def]
    """Zoom's saved captions put the time of day after the name; a time without hours, or
    one that begins the answer, stays what the speaker said."""
    path = write(
        "brackets.txt",
        "[Anna] 14:02:11\nWann fängt es an?\n\n[Ben] 10:30\n\n[Anna] 14:02:40 Und dann?\n\n"
        "[Ben] Dann die Führung.\n",
    )

    transcript = _quiet(path)

    assert [(u.speaker, transcript.unit_text(u), u.time_start) for u in transcript.units] == [
        ("Anna", "Wann fängt es an?", 50531.0),
        ("Ben", "10:30", None),
        ("Anna", "14:02:40 Und dann?", None),
        ("Ben", "Dann die Führung.", None),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Captions in a dialogue with labels: the labels decide.
        ("I: Wie?\n\nB: So.\n[00:00.000 --> 00:04.520] eine Notiz\n\nI: Und?\n\n"
         "B: [00:10.000 --> 00:12.000] Gut.\n", [("I", None), ("B", None), ("I", None),
                                                 ("B", None)]),
        # One caption line among prose: paragraphs, as before.
        ("Notizen zum Gespräch.\n\n[00:00.000 --> 00:04.520] Anfang\n\nDann mehr Text.\n\n"
         "Und noch mehr.\n\nEnde.\n", [(None, None)] * 5),
        # An end before the start is no end.
        ("[00:05.000 --> 00:04.000] Ja.\n[00:06.000 --> 00:07.000] Nein.\n",
         [(None, 5.0), (None, 6.0)]),
    ],
)  # fmt: skip
def test_captions_without_speakers_are_turns_only_where_they_make_the_text(
    write, text: str, expected: list[tuple[str | None, float | None]]
) -> None:  # type: ignore[no-untyped-def]
    transcript = _quiet(write("captions.txt", text))

    assert [(u.speaker, u.time_start) for u in transcript.units] == expected
    if expected[-1][1] == 6.0:
        assert [u.time_end for u in transcript.units] == [6.0, 7.0]




def test_zoom_captions_with_family_names_first_and_past_midnight(write) -> None:  # type: ignore[no-untyped-def]
    transcript = _quiet(
        write(
            "late.txt",
            "[Hoffmann, Julia] 23:59:51\nGuten Abend.\n[Wang, Fang] 23:59:58\nGuten Abend.\n"
            "[Hoffmann, Julia] 00:00:05\nSchon spät.\n[Wang, Fang] 00:00:09\nJa.\n",
        )
    )

    assert [(u.speaker, u.time_start, u.time_end) for u in transcript.units] == [
        ("Hoffmann, Julia", 86391.0, 86398.0),
        ("Wang, Fang", 86398.0, None),  # the next turn is past midnight: no end known
        ("Hoffmann, Julia", 5.0, 9.0),
        ("Wang, Fang", 9.0, None),
    ]
