"""Keyword in context: lemma-, segmentation- and negation-aware, with attributes."""

from __future__ import annotations

import pytest

from interviewkit.analysis.kwic import KWIC_COLUMNS, kwic
from interviewkit.errors import UsageError
from interviewkit.models import Transcript, Unit


def transcript(doc_id: str, language: str, turns: list[tuple[str, str]], **meta: str) -> Transcript:
    text, units, offset = "", [], 0
    for index, (speaker, said) in enumerate(turns, 1):
        line = f"{speaker}: {said}\n"
        start = offset + len(speaker) + 2
        units.append(Unit(index=index, speaker=speaker, start=start, end=start + len(said),
                          interviewer=speaker == "I"))
        text += line
        offset += len(line)
    return Transcript(id=doc_id, text=text, units=tuple(units),
                      metadata={"language": language, **meta})


@pytest.fixture(scope="module")
def corpus() -> list[Transcript]:
    return [
        transcript("bonn_01", "de", [
            ("I", "Welche Rolle spielt die Stadt?"),
            ("B", "Die Städte in NRW arbeiten zusammen. Es gibt keine Partnerschaft ohne Geld."),
        ], city="Bonn", country="Germany"),
        transcript("wuhan_01", "zh", [
            ("问", "您怎么看？"),
            ("答", "我们和杜伊斯堡的友好合作关系很重要，合作项目很多。"),
        ], city="Wuhan", country="China"),
        transcript("duisburg_02", "en", [
            ("R", "The city partnership has no future without trade. Partnerships matter."),
        ], city="Duisburg", country="Germany"),
    ]


def test_inflected_forms_and_offsets(corpus) -> None:  # type: ignore[no-untyped-def]
    found = kwic(corpus, "Stadt")
    assert list(found["match"]) == ["Stadt", "Städte"]
    assert list(found.columns[: len(KWIC_COLUMNS)]) == list(KWIC_COLUMNS)
    for row in found.itertuples():
        text = next(t for t in corpus if t.id == row.doc_id).text
        assert text[row.start : row.end] == row.match
    assert list(found["speaker"]) == ["I", "B"]
    assert list(found["interviewer"]) == [True, False]
    assert set(found["city"]) == {"Bonn"}


def test_chinese_word_inside_unsegmented_text(corpus) -> None:  # type: ignore[no-untyped-def]
    found = kwic(corpus, "合作")
    assert list(found["match"]) == ["合作", "合作"]
    assert found.loc[0, "left"].endswith("友好")
    assert found.loc[0, "right"].startswith("关系")


def test_negation_does_not_hide_a_hit(corpus) -> None:  # type: ignore[no-untyped-def]
    found = kwic(corpus, "Partnerschaft", languages=["de"])
    assert list(found["match"]) == ["Partnerschaft"]
    assert found.loc[0, "left"].endswith("keine ")


@pytest.mark.parametrize(
    ("term", "matches"),
    [
        ("partnership*", ["partnership", "Partnerships"]),
        ("city partnership", ["city partnership"]),
        ("/partner\\w+/", ["partnership", "Partnerships"]),
    ],
)
def test_globs_phrases_and_regexes(corpus, term: str, matches: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert list(kwic(corpus, term, languages=["en"])["match"]) == matches


def test_context_width_and_interviewer(corpus) -> None:  # type: ignore[no-untyped-def]
    found = kwic(corpus, "Städte", width=8, interviewer=False)
    assert len(found) == 1
    assert found.loc[0, "right"] == " in NRW…"
    assert len(found.loc[0, "right"]) == 8


def test_bad_term_and_unknown_language(corpus) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError, match="regular expression"):
        kwic(corpus, "/(/")
    with pytest.raises(UsageError, match="no transcript is in 'fr'"):
        kwic(corpus, "ville", languages=["fr"])
