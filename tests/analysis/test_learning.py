"""The reference, rule evidence, proposals and the cross-validated tune, on a small study."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewkit.analysis.proposals import TuneSettings, apply_changes
from interviewkit.analysis.reference import reference
from interviewkit.analysis.rule_evidence import rule_evidence
from interviewkit.analysis.suggestions import snippet, suggest
from interviewkit.analysis.tuning import POOLED, fold_documents, tune
from interviewkit.codebook import load_codebook
from interviewkit.errors import DataError, UsageError
from interviewkit.store import Project
from tests.analysis.learn_corpus import study

# Units of every interview of the study (respondents' turns are the even ones).
TRADE, PORT, EXPORT, BUSINESS, SPORTS, INVESTORS, DOUBTS, NOTHING = range(2, 18, 2)
#: Lower than the default (p < 0.001): the study has only a few interviews.
SETTINGS = TuneSettings(min_keyness=3.84)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("study")
    study(path).close()
    return path


@pytest.fixture
def project(folder: Path, tmp_path: Path) -> Project:
    """A fresh copy of the study for each test (some tests review suggestions)."""
    import shutil

    shutil.copy(folder / "study.db", tmp_path / "study.db")
    shutil.copy(folder / "book.yaml", tmp_path / "book.yaml")
    with Project(tmp_path / "study.db") as opened:
        yield opened


# --------------------------------------------------------------------------- reference


def test_an_imported_coding_is_complete(project: Project) -> None:
    gold = reference(project, "gold")
    assert len(gold.documents) == 6
    assert gold.label("doc_01", TRADE, "econ") == 1
    assert gold.label("doc_01", BUSINESS, "econ") == 0  # suggested, not coded: no
    assert gold.label("doc_01", NOTHING, "econ") == 0
    assert gold.label("doc_01", 1, "econ") is None  # the interviewer's turn
    assert gold.label("doc_01", TRADE, "drivers") == 1  # a parent counts its children


def test_a_reviewer_labels_only_what_they_decided(project: Project) -> None:
    project.review("doc_01", BUSINESS, "econ", status="rejected", reviewer="anna")
    project.review("doc_01", TRADE, "econ", status="accepted", reviewer="anna")
    anna = reference(project, "anna")
    assert anna.documents == ("doc_01",)
    assert anna.label("doc_01", BUSINESS, "econ") == 0
    assert anna.label("doc_01", TRADE, "econ") == 1
    assert anna.label("doc_01", SPORTS, "econ") is None  # not reviewed yet: left out
    assert anna.label("doc_01", NOTHING, "econ") == 0  # nothing suggested, nothing coded
    assert anna.label("doc_02", TRADE, "econ") is None  # a document anna did not touch
    assert "anna's coding" in anna.describe()


def test_suggestions_the_coders_decided_differently_on_are_left_out(project: Project) -> None:
    project.review("doc_02", SPORTS, "econ", status="accepted", reviewer="anna")
    project.review("doc_02", SPORTS, "econ", status="rejected", reviewer="ben")
    pooled = reference(project, None)
    assert pooled.label("doc_02", SPORTS, "econ") is None
    assert "accepted codings" in pooled.describe()


@pytest.mark.parametrize(
    ("coder", "error", "words"),
    [
        ("auto", UsageError, "automatic coder"),
        ("all", UsageError, "unreviewed suggestions"),
        ("unreviewed", UsageError, "unreviewed suggestions"),
        ("nobody", DataError, "no coder 'nobody'"),
    ],
)
def test_a_reference_must_be_people(project: Project, coder: str, error: type, words: str) -> None:
    with pytest.raises(error, match=words):
        reference(project, coder)


def test_a_project_without_people_has_nothing_to_learn_from(tmp_path: Path) -> None:
    from tests.store.factory import book, transcript

    with Project.create(tmp_path / "p.db", book(tmp_path)) as empty:
        empty.add_transcripts([transcript("d1")])
        with pytest.raises(DataError, match="nothing to learn from"):
            reference(empty, None)


# --------------------------------------------------------------------------- rules


def test_rule_evidence_counts_what_each_rule_did(project: Project) -> None:
    result = rule_evidence(project, coder="gold")
    table = result.table.set_index(["code", "kind", "rule"])
    business = table.loc[("econ", "word", "business")]
    assert (business["fired"], business["alone"], business["accepted"]) == (6, 6, 0)
    assert (business["rejected"], business["precision"]) == (6, 0.0)
    port = table.loc[("econ", "glob", "*port*")]
    assert (port["fired"], port["accepted"], port["rejected"]) == (18, 12, 6)
    missed = table.loc[("econ", "(no rule)", "units coded that no rule found")]
    assert missed["missed"] == 6  # the investors
    assert result.table.iloc[0]["rejected"] + result.table.iloc[0]["missed"] == 6
    assert "drivers" not in set(result.table.loc[result.table["kind"] == "(no rule)", "code"])


def test_rule_evidence_of_one_code_and_an_undecided_reviewer(project: Project) -> None:
    project.review("doc_01", BUSINESS, "econ", status="rejected", reviewer="anna")
    result = rule_evidence(project, coder="anna", codes=["Economy"])
    assert set(result.table["code"]) == {"econ"}
    business = result.table.set_index("rule").loc["business"]
    assert (business["rejected"], business["undecided"]) == (1, 5)


def test_negations_that_cancelled_a_code_have_their_row(tmp_path: Path) -> None:
    project = study(tmp_path, documents=2, extra=["We have no doubts at all about it."])
    result = rule_evidence(project, coder="gold", codes=["doubt"])
    negation = result.table.set_index("kind").loc["negation"]
    assert (negation["rule"], negation["fired"], negation["accepted"]) == ("no", 1, 1)
    project.close()


def test_without_suggestions_there_is_no_rule_evidence(tmp_path: Path) -> None:
    from interviewkit.store.imports import ImportRow
    from tests.store.factory import book, transcript

    with Project.create(tmp_path / "p.db", book(tmp_path)) as bare:
        bare.add_transcripts([transcript("d1")])
        bare.import_codings([ImportRow(2, "d1", "economy", unit=2)], coder="gold")
        with pytest.raises(DataError, match="no automatic suggestions") as raised:
            rule_evidence(bare, coder="gold")
        assert "autocode" in str(raised.value.hint)


# --------------------------------------------------------------------------- suggest


def test_suggest_finds_the_word_no_rule_finds(project: Project) -> None:
    found = suggest(project, "econ", coder="gold", min_keyness=3.84)
    words = found.keywords.set_index("feature")
    assert "investors" in words.index
    row = words.loc["investors"]
    assert (row["coded"], row["of_coded"], row["others"], row["new"]) == (12, 24, 0, 6)
    assert not row["in_codebook"]
    assert row["example_1"] == "doc_01:12 «Investors» came to look at sites."
    rejected = found.rejected.set_index("rule")
    assert "business" in rejected.index and "trade" not in rejected.index
    assert "«business»" in rejected.loc["business", "example_1"]


def test_suggest_says_when_nothing_passes(project: Project) -> None:
    found = suggest(project, "doubt", coder="gold", min_count=7)
    assert found.keywords.empty
    assert any("lower --min-keyness" in n for n in found.notes)


def test_snippet_marks_the_words_and_cuts_the_context() -> None:
    text = "a" * 100 + "Hafen" + "b\n\nc" * 40
    shown = snippet(text, 100, 105, width=10)
    assert shown == "…aaaaaaaaaa«Hafen»b cb cb …"


# --------------------------------------------------------------------------- tune


def test_tune_drops_narrows_and_adds_with_evidence(project: Project, folder: Path) -> None:
    book = load_codebook(folder / "book.yaml")
    result = tune(project, book, coder="gold", settings=SETTINGS, folds=0)
    made = {(c.action, c.value or (c.rule.value if c.rule else "")) for c in result.changes}
    assert made == {("drop", "business"), ("narrow", "sports"), ("add", "investors")}
    drop = next(c for c in result.changes if c.action == "drop")
    assert drop.evidence.startswith("dropped: of the 6 unit(s) only this rule found, gold coded 0")
    econ = result.codebook.get("econ")
    assert [r.value for r in econ.keywords["en"]] == ["trade", "*port*", "investors"]
    assert [r.value for r in econ.near_misses["en"]] == ["sports"]
    assert [r.value for r in book.get("econ").keywords["en"]] == ["trade", "business", "*port*"]
    assert result.estimate is None


def test_the_recall_floor_keeps_rules_that_find_coded_units(project: Project, folder: Path) -> None:
    book = load_codebook(folder / "book.yaml")
    strict = TuneSettings(min_precision=0.9, min_recall=1.0, max_added=0)
    result = tune(project, book, coder="gold", settings=strict, folds=0)
    # *port* is kept at 12 of 18: dropping it would lose coded units.
    assert all(c.rule is None or c.rule.value != "*port*" or c.action == "narrow"
               for c in result.changes)


def test_the_estimate_is_cross_validated_and_beats_the_untuned_codebook(
    project: Project, folder: Path
) -> None:
    book = load_codebook(folder / "book.yaml")
    result = tune(project, book, coder="gold", settings=SETTINGS, folds=3, seed=1)
    assert result.estimate is not None
    table = result.estimate.table
    assert list(table.index) == ["econ", "doubt", POOLED]
    econ = table.loc["econ"]
    assert econ["alpha_after"] > econ["alpha_before"]
    assert econ["precision_after"] == 1.0 and econ["recall_after"] == 1.0
    assert table.loc["doubt", "alpha_after"] == table.loc["doubt", "alpha_before"]
    folds = result.estimate.folds
    assert sorted(d for fold in folds for d in fold) == [f"doc_{i:02d}" for i in range(1, 7)]
    assert "3-fold cross-validation" in result.estimate.describe()


def test_a_held_out_document_never_teaches_its_own_words(tmp_path: Path) -> None:
    """'zebra' is in one interview only: tuned on all, it is added; in the estimate, the
    interview is scored by codebooks tuned without it, which cannot know the word."""
    zebra = ["The zebra project is new.", "A zebra fund pays.", "The zebra office opens."]
    project = study(tmp_path, documents=6, extra=zebra)
    book = load_codebook(tmp_path / "book.yaml")
    settings = TuneSettings(min_keyness=0.0, min_count=3)
    result = tune(project, book, coder="gold", settings=settings, folds=7)
    assert "zebra" in [r.value for r in result.codebook.get("econ").keywords["en"]]
    assert result.estimate is not None
    found = result.estimate.after
    assert not any(d == "extra_01" and c == "econ" for d, _, c in found)
    project.close()


def test_folds_are_seeded_and_spread_languages() -> None:
    languages = {f"de_{i}": "de" for i in range(3)} | {f"zh_{i}": "zh" for i in range(3)}
    first = fold_documents(languages, 3, seed=0)
    assert first == fold_documents(languages, 3, seed=0)
    assert any(fold_documents(languages, 3, seed=s) != first for s in range(1, 6))
    assert all({d[:2] for d in fold} == {"de", "zh"} for fold in first)
    assert len(fold_documents(languages, 10, seed=0)) == 6  # never more folds than documents
    with pytest.raises(UsageError, match="--folds"):
        fold_documents(languages, 1, seed=0)


def test_settings_are_checked() -> None:
    with pytest.raises(UsageError, match="--min-precision"):
        TuneSettings(min_precision=1.5)
    with pytest.raises(UsageError, match="--min-count"):
        TuneSettings(min_count=0)


def test_apply_changes_leaves_the_original_alone(folder: Path) -> None:
    book = load_codebook(folder / "book.yaml")
    assert apply_changes(book, []) == book
