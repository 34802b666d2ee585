"""Chinese text: Latin-letter rules as whole words, one word in both scripts, languages without rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewkit.analysis.kwic import kwic
from interviewkit.codebook import load_codebook
from interviewkit.coding import Coder
from interviewkit.coding.chinese import to_simplified
from interviewkit.models import Transcript, Unit

BOOK = """\
name: zh test
version: "1"
codes:
  - id: abbrev
    name: Abbreviations
    keywords:
      zh: [SA, US, EU, "5G网络", "partner*"]
  - id: take_part
    name: Taking part
    keywords:
      zh: [参与, 經濟發展]
"""


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("zh") / "book.yaml"
    path.write_text(BOOK, encoding="utf-8")
    return load_codebook(path)


def _doc(text: str, language: str = "zh", doc_id: str = "d") -> Transcript:
    return Transcript(doc_id, text, (Unit(1, 0, len(text), "R"),), {"language": language})


def _found(book, text: str) -> list[tuple[str, str, int, int]]:  # type: ignore[no-untyped-def]
    coder = Coder(book, cache=False)
    (unit,) = coder.code_transcript(_doc(text))
    return [(m.code, m.text, m.start, m.end) for m in unit.matches]


def test_latin_rules_match_whole_words_in_chinese_text(book) -> None:  # type: ignore[no-untyped-def]
    text = "我们和SA合作，US与EU也是。I saw it; he uses the bus; SARS 不算。"
    found = [(t, s) for code, t, s, _ in _found(book, text) if code == "abbrev"]
    assert found == [("SA", 3), ("US", 8), ("EU", 11)]
    # Never inside a longer Latin word, whatever the case or the segmenter makes of it.
    assert _found(book, "saw uses bus SARS usa Europe") == []
    # A rule that begins in Latin letters and ends in Chinese; a glob open at its end.
    assert [t for _, t, _, _ in _found(book, "建设5G网络，和partners合作；a5G网络不算")] == [
        "5G网络",
        "partners",
    ]


def test_simplified_and_traditional_are_the_same_words(book) -> None:  # type: ignore[no-untyped-def]
    text = "大家都參與了，經濟发展很好；他们参与经济發展。"
    found = [(t, s, e) for code, t, s, e in _found(book, text) if code == "take_part"]
    # Offsets and quoted words are those of the text as written.
    words = ["參與", "經濟发展", "参与", "经济發展"]
    assert found == [(w, text.index(w), text.index(w) + len(w)) for w in words]
    assert [text.index(w) for w in words] == [3, 7, 16, 18]


def test_folding_keeps_every_offset() -> None:
    text = "參與 city 乾隆 臺灣 後來 😀 𠀋"
    folded = to_simplified(text)
    assert len(folded) == len(text)
    assert folded.startswith("参与 city")
    assert to_simplified("plain text") == "plain text"


def test_kwic_finds_a_term_in_the_other_script() -> None:
    docs = [_doc("他们积极參與城市合作。", doc_id="a"), _doc("我们也参与了。", doc_id="b")]
    for term in ("参与", "參與"):
        frame = kwic(docs, term)
        assert list(frame["match"]) == ["參與", "参与"]
        assert list(frame["start"]) == [4, 3]  # 他们积极|參與, 我们也|参与


def test_a_language_without_rules_gets_one_warning_and_no_coding(book) -> None:  # type: ignore[no-untyped-def]
    coder = Coder(book, cache=False)
    docs = [_doc("SA y EU participan.", "es", "madrid"), _doc("SA és EU.", "es", "sevilla")]
    assert list(coder.code(docs)) == []
    assert len(coder.warnings) == 1
    (message,) = coder.warnings
    assert "madrid is in 'es'" in message and "no rules for it" in message
    assert "(it has rules for zh)" in message and "not coded automatically" in message


def test_a_language_with_only_common_rules_is_coded_with_those_and_said_so(
    tmp_path: Path,
) -> None:
    path = tmp_path / "book.yaml"
    path.write_text(
        "name: x\nversion: '1'\ncodes:\n  - id: a\n    name: A\n    keywords:\n"
        "      de: [Stadt]\n      xx: [Chengdu]\n",
        encoding="utf-8",
    )
    coder = Coder(load_codebook(path), cache=False)
    codings = list(coder.code([_doc("Chengdu es una ciudad.", "es")]))
    assert [c.code for c in codings] == ["a"]
    (message,) = coder.warnings
    assert "rules for every language (xx) only" in message


def test_several_processes_warn_once_per_language(book) -> None:  # type: ignore[no-untyped-def]
    docs = [_doc("x " * 60_000, "es", f"d{i}") for i in range(4)]
    coder = Coder(book, cache=False, jobs=2)
    assert list(coder.code(docs)) == []
    assert len(coder.warnings) == 1
