"""The automatic coder on real spaCy pipelines: lemmas, globs, negation, evidence."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewkit.codebook import load_codebook
from interviewkit.coding import Coder
from interviewkit.errors import CodebookError, UsageError
from interviewkit.models import Transcript, Unit

BOOK = """\
name: test
version: "1"
codes:
  - id: cities
    name: Cities
    keywords:
      en: [city, partner city]
      de: [Stadt, kooperieren, "*partnerschaft*", neue Märkte]
      zh: [合作, 经济发展]
  - id: uncertainty
    name: Uncertainty
    keywords:
      en: [doubt, risk, /unpredictab\\w+/, {pattern: [{LOWER: hard}, {LOWER: to}, {LOWER: tell}]}]
      de: [Zweifel, Sicherheit]
      zh: [担心]
    near_misses:
      de: ["*verkehrssicherheit*"]
  - id: prestige
    name: Prestige
    negation: false
    keywords:
      en: [image]
"""


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("book") / "book.yaml"
    path.write_text(BOOK, encoding="utf-8")
    return load_codebook(path)


def transcript(text: str, language: str, doc_id: str = "d1") -> Transcript:
    """One respondent turn holding all of ``text``, after an interviewer turn."""
    full = "Q\n" + text
    units = (
        Unit(1, 0, 1, "I", interviewer=True),
        Unit(2, 2, len(full), "R"),
    )
    return Transcript(doc_id, full, units, {"language": language})


def codes_of(coder: Coder, text: str, language: str) -> set[str]:
    return {c.code for c in coder.code([transcript(text, language)])}


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Several cities were involved.", "en", {"cities"}),  # cities → city
        ("The partner cities met.", "en", {"cities"}),  # phrase, inflected
        ("Die Städte arbeiten zusammen.", "de", {"cities"}),  # Städte → Stadt
        ("Wir kooperierten lange.", "de", {"cities"}),  # kooperierten → kooperieren
        ("Die Städtepartnerschaften laufen.", "de", {"cities"}),  # glob inside a compound
        ("Wir suchen neue Märkte.", "de", {"cities"}),  # phrase
        ("Auf neuen Märkten auch.", "de", {"cities"}),  # phrase, inflected
        ("我们的合作伙伴很多。", "zh", {"cities"}),  # 合作 inside a jieba token
        ("经济发展很快。", "zh", {"cities"}),
        ("Some doubts remain.", "en", {"uncertainty"}),
        ("It is quite unpredictable.", "en", {"uncertainty"}),  # regex
        ("It is hard to tell.", "en", {"uncertainty"}),  # token pattern
        ("Nothing relevant here.", "en", set()),
        ("We have no doubts at all.", "en", set()),  # negation
        ("We don't see any risk.", "en", set()),  # n't within the window
        ("Not now, but the risk is real.", "en", {"uncertainty"}),  # a comma ends the window
        ("Es gibt keine Zweifel.", "de", set()),
        ("我们没有担心。", "zh", set()),
        ("Die Verkehrssicherheit ist gut.", "de", set()),  # near miss (also inside a compound)
        ("Die Sicherheit der Daten.", "de", {"uncertainty"}),
        ("Not the image we wanted.", "en", {"prestige"}),  # negation: false
        ("THE CITY AND ITS IMAGE", "en", {"cities", "prestige"}),  # case-insensitive, overlap
    ],
)
def test_rules_match_as_a_researcher_expects(
    book, text: str, language: str, expected: set[str]
) -> None:  # type: ignore[no-untyped-def]
    assert codes_of(Coder(book), text, language) == expected


def test_evidence_has_rule_words_and_absolute_offsets(book) -> None:  # type: ignore[no-untyped-def]
    doc = transcript("Die Städte und die Städtepartnerschaft.", "de")
    (coding,) = list(Coder(book).code([doc]))
    assert (coding.doc_id, coding.unit_index, coding.coder, coding.origin, coding.status) == (
        "d1",
        2,
        "auto",
        "auto",
        "suggested",
    )
    assert (coding.start, coding.end) == (2, len(doc.text))
    rules = [(e.rule, e.matched) for e in coding.evidence]
    assert rules == [("word:Stadt", "Städte"), ("glob:*partnerschaft*", "Städtepartnerschaft")]
    for e in coding.evidence:
        assert doc.text[e.start : e.end] == e.matched


def test_interviewer_turns_are_not_coded_unless_asked(book) -> None:  # type: ignore[no-untyped-def]
    text = "risk\nrisk"
    doc = Transcript(
        "d", text, (Unit(1, 0, 4, "I", interviewer=True), Unit(2, 5, 9, "R")), {"language": "en"}
    )
    assert [c.unit_index for c in Coder(book).code([doc])] == [2]
    assert [c.unit_index for c in Coder(book, include_interviewer=True).code([doc])] == [1, 2]
    assert [c.unit_index for c in Coder(book, speakers=["I"]).code([doc])] == [1]


def test_headers_and_headings_are_never_coded(book) -> None:  # type: ignore[no-untyped-def]
    text = "risk\nrisk\nrisk"
    doc = Transcript(
        "d",
        text,
        (
            Unit(1, 0, 4, None, kind="header", interviewer=True),
            Unit(2, 5, 9, None, kind="heading", interviewer=True),
            Unit(3, 10, 14, "R"),
        ),
        {"language": "en"},
    )
    assert [c.unit_index for c in Coder(book, include_interviewer=True).code([doc])] == [3]


def test_language_without_rules_warns_and_codes_nothing(book) -> None:  # type: ignore[no-untyped-def]
    coder = Coder(book)
    assert list(coder.code([transcript("risk", "fr", "french_doc")])) == []
    assert len(coder.warnings) == 1
    assert "french_doc is in 'fr'" in coder.warnings[0] and "de, en, zh" in coder.warnings[0]


def test_a_transcript_without_a_language_is_said_so_in_words(book) -> None:  # type: ignore[no-untyped-def]
    coder = Coder(book)
    assert list(coder.code([transcript("risk", "", "no_lang")])) == []
    assert len(coder.warnings) == 1
    assert coder.warnings[0].startswith("no_lang has no language (none in its metadata")
    assert "transcripts without a language are read but not coded" in coder.warnings[0]
    assert "in 'xx'" not in coder.warnings[0]


def test_parallel_jobs_give_the_same_codings(book) -> None:  # type: ignore[no-untyped-def]
    docs = [transcript(f"risk {i} and the city", "en", f"d{i}") for i in range(12)]
    one = list(Coder(book).code(docs))
    two = list(Coder(book, jobs=2).code(docs))
    assert one == two and len(one) == 24


@pytest.mark.parametrize("jobs", [2, 3])
def test_many_batches_in_several_processes_keep_their_order(book, monkeypatch, jobs) -> None:  # type: ignore[no-untyped-def]
    """Small batches: the workers and this process share them, and the order holds."""
    from interviewkit.coding import coder as module

    monkeypatch.setattr(module, "_BATCH_CHARS", 1)  # one transcript per batch
    texts = ["risk and the city", "Nothing relevant here.", "the image", "doubts, doubts"]
    docs = [transcript(texts[i % 4] * (1 + i % 7), "en", f"d{i:02d}") for i in range(60)]
    serial = Coder(book)
    parallel = Coder(book, jobs=jobs)
    assert list(parallel.code(docs)) == list(serial.code(docs))
    assert [(u.doc_id, u.unit.index, u.matches) for u in parallel.code_units(docs)] == [
        (u.doc_id, u.unit.index, u.matches) for u in serial.code_units(docs)
    ]


def test_rejected_token_pattern_is_reported_with_its_place(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_text(
        "name: x\nversion: '1'\ncodes:\n  - id: a\n    name: A\n    keywords:\n"
        "      en: [{pattern: [{LOWER: {NOPE: 1}}]}]\n",
        encoding="utf-8",
    )
    coder = Coder(load_codebook(path))
    with pytest.raises(CodebookError, match=r"codes\[0\]\.keywords\.en\[0\]: spaCy rejects"):
        list(coder.code([transcript("x", "en")]))


def test_bad_jobs_and_models_are_usage_errors(book) -> None:  # type: ignore[no-untyped-def]
    from interviewkit.coding.pipeline import parse_models

    with pytest.raises(UsageError):
        Coder(book, jobs=0)
    with pytest.raises(UsageError, match="LANG=PIPELINE"):
        parse_models(["de_core_news_sm"])
    coder = Coder(book, models={"en": "en_no_such_pipeline_xyz"})
    with pytest.raises(UsageError, match="not installed"):
        list(coder.code([transcript("risk", "en")]))


def _matcher(rules: str, language: str, nlp=None):  # type: ignore[no-untyped-def]
    import tempfile

    from interviewkit.coding.matcher import LanguageMatcher
    from interviewkit.coding.pipeline import get_pipeline

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "b.yaml"
        path.write_text(
            f"name: x\nversion: '1'\ncodes:\n  - id: a\n    name: A\n    keywords:\n"
            f"      {language}: {rules}\n",
            encoding="utf-8",
        )
        book = load_codebook(path)
    nlp = nlp or get_pipeline(language)
    return LanguageMatcher(book, language, nlp)


def _found(matcher, text: str) -> list[tuple[str, int, int, str | None]]:  # type: ignore[no-untyped-def]
    return [(m.text, m.start, m.end, m.cancelled) for m in matcher.match(matcher.nlp(text), text)]


def test_long_phrases_match_every_inflection() -> None:
    matcher = _matcher("[gute wirtschaftliche Zusammenarbeit]", "de")
    text = "wegen der guten wirtschaftlichen Zusammenarbeit"
    assert _found(matcher, text) == [("guten wirtschaftlichen Zusammenarbeit", 10, 47, None)]


def test_a_pipeline_that_lemmatizes_keeps_inflected_matching() -> None:
    import spacy

    nlp = spacy.blank("de")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    matcher = _matcher("[Stadt]", "de", nlp)
    assert _found(matcher, "Die Städte kooperieren.") == [("Städte", 4, 10, None)]
    # Such a pipeline codes unit by unit (its tags could differ in a longer doc).
    (first, second) = matcher.match_units(["Die Städte.", "Keine Stadt."])
    assert [(m.text, m.start) for m in first] == [("Städte", 4)]
    assert [(m.text, m.start, m.cancelled) for m in second] == [
        ("Stadt", 6, "negated by 'Keine'")
    ]


def test_a_rule_word_that_is_a_lemma_is_not_widened_to_another_word() -> None:
    from interviewkit.coding.forms import forms

    assert "well" not in forms("better", "en")
    assert {"städte", "stadt"} <= forms("Städte", "de")


def test_chinese_matches_inside_tokens_have_exact_offsets_and_see_fused_negation() -> None:
    matcher = _matcher("[城市, 合理]", "zh")
    assert _found(matcher, "成都是友好城市。") == [("城市", 5, 7, None)]
    ((text, start, end, cancelled),) = _found(matcher, "这是不合理的")
    assert (text, start, end) == ("合理", 3, 5) and cancelled == "negated by '不'"


def test_globs_find_words_the_vocabulary_learned_from_anywhere() -> None:
    """A glob is tested once per word the vocabulary learns, whoever taught it the word."""
    import spacy

    nlp = spacy.blank("de")
    matcher = _matcher('["*hafen*", "*logistik*"]', "de", nlp)
    assert _found(matcher, "Der Binnenhafen wächst.") == [("Binnenhafen", 4, 15, None)]
    # Words another user of the pipeline tokenized before and after this matcher looked.
    nlp.make_doc("Logistikzentrum und Hafenbecken")
    assert _found(matcher, "Nichts davon.") == []
    assert _found(matcher, "Hafenbecken") == [("Hafenbecken", 0, 11, None)]  # no new word
    nlp.make_doc("Hafenrundfahrt")
    assert _found(matcher, "Ein Logistikzentrum, eine Hafenrundfahrt.") == [
        ("Logistikzentrum", 4, 19, None), ("Hafenrundfahrt", 26, 40, None)
    ]
    # Case never matters, and a word seen once is not tested again.
    assert _found(matcher, "HAFENRUNDFAHRT") == [("HAFENRUNDFAHRT", 0, 14, None)]


def test_phrases_with_very_many_forms_match_through_the_index(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from interviewkit.coding import compiler as module

    text = "wegen der guten wirtschaftlichen Zusammenarbeit, nicht der guten Zusammenarbeit"
    combos = _found(_matcher("[gute wirtschaftliche Zusammenarbeit]", "de"), text)
    monkeypatch.setattr(module, "MAX_COMBINATIONS", 1)
    indexed = _matcher("[gute wirtschaftliche Zusammenarbeit]", "de")
    assert indexed._phrase_starts  # the phrase went to the index, not the PhraseMatcher
    assert _found(indexed, text) == combos == [
        ("guten wirtschaftlichen Zusammenarbeit", 10, 47, None)
    ]


def test_negation_words_are_whole_tokens_in_the_window() -> None:
    matcher = _matcher("[Zweifel]", "de")
    assert _found(matcher, "keine Zweifel") == [("Zweifel", 6, 13, "negated by 'keine'")]
    assert _found(matcher, "KEINE großen, echten Zweifel")[0][3] is None  # comma ends the window
    assert _found(matcher, "Keineswegs Zweifel")[0][3] is None  # not the word kein
    assert _found(matcher, "nicht so große Zweifel")[0][3] == "negated by 'nicht'"
    assert _found(matcher, "nicht so sehr große Zweifel")[0][3] is None  # beyond 3 tokens


def test_units_tokenized_together_match_as_each_alone() -> None:
    """One doc for many units: nothing reaches across them, anchors hold per unit."""
    matcher = _matcher('[partner city, risk, "/^risk/", "big c*"]', "en")
    assert not matcher._token_patterns  # so the units are tokenized together
    texts = ["We are a partner", "city of Bonn", "not", "risk is high in a big city", "no risk"]
    together = [[(m.text, m.start, m.end, m.cancelled) for m in ms]
                for ms in matcher.match_units(texts)]
    alone = [_found(matcher, text) for text in texts]
    assert together == alone
    assert together[1] == []  # "partner" / "city": two units, no phrase
    assert together[3] == [  # after "not" in the unit before: not negated; ^ anchors here
        ("risk", 0, 4, None), ("risk", 0, 4, None), ("big city", 18, 26, None)
    ]
    assert together[4] == [("risk", 3, 7, "negated by 'no'")]


def test_negation_applies_when_a_language_has_only_regexes_and_patterns() -> None:
    matcher = _matcher(r'["/Städtepartner\\w*/", {pattern: [{LOWER: stadt}]}]', "de")
    found = _found(matcher, "Keine Städtepartnerschaft, nicht die Stadt.")
    assert [cancelled for *_, cancelled in found] == ["negated by 'Keine'", "negated by 'nicht'"]


def test_token_patterns_that_ask_for_context_see_each_unit_alone() -> None:
    matcher = _matcher("[{pattern: [{IS_SENT_START: true, LOWER: city}]}]", "en")
    found = [[m.text for m in ms] for ms in matcher.match_units(["city a", "city b"])]
    assert found == [["city"], ["city"]]


def test_globs_after_a_memory_zone_do_not_wait_for_words_that_are_gone() -> None:
    """spaCy's memory zones forget words but keep counting them: learning must still end."""
    import spacy

    nlp = spacy.blank("en")
    if not hasattr(nlp, "memory_zone"):  # pragma: no cover - spaCy before 3.8
        pytest.skip("this spaCy has no memory zones")
    matcher = _matcher('["part*"]', "en", nlp)
    with nlp.memory_zone():
        nlp.make_doc("zzqx yyqq partnership")
    assert [[m.text for m in ms] for ms in matcher.match_units(["partners agree"])] == [
        ["partners"]
    ]
