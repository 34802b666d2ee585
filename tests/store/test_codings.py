"""Codings: automatic runs never touch people's work; tags, reviews, memos, segments."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from interviewkit.errors import DataError, UsageError
from interviewkit.models import Coding
from interviewkit.store import Project
from interviewkit.store.frames import SEGMENT_COLUMNS
from tests.store.factory import book, suggestion, transcript

A = transcript("a", city="Bonn", country="Germany")
B = transcript("b", city="Wuhan", country="China", language="en")


@pytest.fixture
def project(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Project.create(tmp_path / "p.db", codebook=book(tmp_path)) as opened:
        opened.add_transcripts([A, B])
        yield opened


def run(project: Project, *codings, doc_ids=("a", "b")):  # type: ignore[no-untyped-def]
    return project.store_auto_codings(list(codings), doc_ids=list(doc_ids))


def test_rerunning_replaces_only_unreviewed_suggestions(project: Project) -> None:
    first = run(project, suggestion(A, 2, "economy", "port"), suggestion(A, 4, "prestige", "image"),
                suggestion(A, 4, "uncertainty", "doubts"), suggestion(B, 2, "economy", "trade"))
    assert (first.added, first.replaced, first.kept_reviewed) == (4, 0, 0)
    project.review("a", 2, "economy", status="accepted", reviewer="anna")
    project.review("a", 4, "prestige", status="rejected", reviewer="anna")
    project.tag("a", 4, "uncertainty", coder="anna")
    ids_before = project.codings().set_index(["doc_id", "unit", "code", "coder"])["id"]

    again = run(project, suggestion(A, 2, "economy", "trade"),
                suggestion(A, 4, "prestige", "image"), suggestion(B, 2, "economy", "trade"))
    # a/2 economy and a/4 prestige were reviewed: kept as they were, not made again;
    # b/2 economy is refreshed; a/4 uncertainty (auto, unreviewed) is no longer made.
    assert (again.added, again.replaced, again.kept_reviewed, again.removed) == (0, 1, 2, 1)
    frame = project.codings()
    rows = {(r.doc_id, r.unit, r.code, r.coder): r for r in frame.itertuples()}
    assert set(rows) == {("a", 2, "economy", "auto"), ("a", 4, "prestige", "auto"),
                         ("a", 4, "uncertainty", "anna"), ("b", 2, "economy", "auto")}
    assert rows[("a", 2, "economy", "auto")].status == "accepted"
    assert rows[("a", 2, "economy", "auto")].evidence == "word:port → 'port'"  # untouched
    decided = project.decisions()
    assert decided[["doc_id", "unit", "code", "coder", "verdict"]].values.tolist() == [
        ["a", 2, "economy", "anna", "accepted"], ["a", 4, "prestige", "anna", "rejected"]]
    assert rows[("a", 2, "economy", "auto")].decisions.startswith("anna accepted 20")
    assert rows[("a", 4, "prestige", "auto")].status == "rejected"
    assert rows[("a", 4, "uncertainty", "anna")].origin == "manual"
    # The refreshed suggestion keeps its identity.
    assert rows[("b", 2, "economy", "auto")].id == ids_before[("b", 2, "economy", "auto")]

    third = run(project, suggestion(A, 2, "economy", "trade"),
                suggestion(A, 4, "prestige", "image"), suggestion(B, 2, "economy", "trade"))
    assert (third.added, third.replaced, third.kept_reviewed, third.removed) == (0, 1, 2, 0)
    assert len(project.codings()) == 4  # never duplicated


def test_covered_documents_default_to_those_in_the_codings(project: Project) -> None:
    run(project, suggestion(A, 2, "economy", "port"), suggestion(B, 2, "economy", "trade"))
    report = project.store_auto_codings([suggestion(A, 4, "prestige", "image")])
    assert report.documents == 1 and report.removed == 1
    frame = project.codings()
    assert sorted(zip(frame["doc_id"], frame["code"], strict=True)) == [
        ("a", "prestige"), ("b", "economy"),
    ]


def test_a_suggestion_with_a_memo_is_not_withdrawn(project: Project) -> None:
    run(project, suggestion(A, 2, "economy", "port"))
    project.memo("check with the city", coder="anna", doc_id="a", unit_index=2, code="economy")
    report = run(project)
    assert report.kept_with_memo == 1 and report.removed == 0
    assert project.codings()["memo"].tolist() == ["check with the city"]


def test_other_automatic_coders_are_separate(project: Project) -> None:
    run(project, suggestion(A, 2, "economy", "port"))
    project.store_auto_codings([suggestion(A, 2, "economy", "port")], coder="model-b")
    assert sorted(project.codings()["coder"]) == ["auto", "model-b"]
    assert project.coders() == ["auto", "model-b"]


def test_tag_untag_and_their_errors(project: Project) -> None:
    coding = project.tag("a", 2, "economy", coder="anna", memo="why")
    unit = A.unit(2)
    assert (coding.start, coding.end, coding.status, coding.origin) == (
        unit.start, unit.end, "accepted", "manual")
    assert project.tag("a", 2, "economy", coder="anna").memo == "why"  # the same tag once
    assert len(project.codings()) == 1
    part = project.tag("a", 2, "economy", coder="anna", start=unit.start, end=unit.start + 8)
    assert A.text[part.start:part.end] == "The port"
    with pytest.raises(DataError, match="inside unit 2"):
        project.tag("a", 2, "economy", coder="anna", start=0, end=unit.end)
    with pytest.raises(DataError, match="did you mean 'economy'"):
        project.tag("a", 2, "econmy", coder="anna")
    with pytest.raises(DataError, match="a has no unit 9; its units are 1 to 4"):
        project.tag("a", 9, "economy", coder="anna")
    with pytest.raises(DataError, match="no transcript 'c'"):
        project.tag("c", 1, "economy", coder="anna")
    with pytest.raises(UsageError, match="automatic coder"):
        project.tag("a", 2, "economy", coder="auto")
    assert project.tag("a", 2, "Economy", coder="bo").code == "economy"  # a code's name works
    assert project.untag("a", 2, "economy", coder="anna") == 2
    assert project.untag("a", 2, "economy", coder="anna") == 0
    assert project.coders() == ["anna", "bo"]


def test_review_and_its_errors(project: Project) -> None:
    run(project, suggestion(A, 4, "prestige", "image"), suggestion(A, 4, "uncertainty", "doubts"))
    with pytest.raises(DataError, match=r"suggested no 'economy' .* prestige, uncertainty"):
        project.review("a", 4, "economy", status="accepted", reviewer="anna")
    assert project.review("a", 4, None, status="accepted", reviewer="anna") == 2
    assert set(project.codings()["status"]) == {"accepted"}
    # A second coder decides differently: both decisions are kept, neither overwrites.
    assert project.review("a", 4, "prestige", status="rejected", reviewer="bo") == 1
    with pytest.raises(UsageError, match="not a status"):
        project.review("a", 4, "prestige", status="maybe", reviewer="bo")
    decided = project.decisions()
    assert decided[["code", "coder", "verdict"]].values.tolist() == [
        ["prestige", "anna", "accepted"], ["prestige", "bo", "rejected"],
        ["uncertainty", "anna", "accepted"]]
    # Someone accepted it: together, it stands as accepted.
    assert set(project.codings()["status"]) == {"accepted"}
    state = {c.name: c for c in project.status().coders}
    assert state["anna"].reviewed == 2 and state["bo"].reviewed == 1
    assert (state["anna"].accepted, state["anna"].rejected) == (2, 0)
    assert (state["bo"].accepted, state["bo"].rejected) == (0, 1)
    # The automatic coder's row counts every decision on its suggestions.
    assert (state["auto"].accepted, state["auto"].rejected, state["auto"].reviewed) == (2, 1, 3)
    assert state["auto"].pending == 0
    # Taking a decision back leaves the other coder's.
    project.review("a", 4, "prestige", status="suggested", reviewer="anna")
    assert project.decisions()[["code", "coder"]].values.tolist() == [
        ["prestige", "bo"], ["uncertainty", "anna"]]
    statuses = project.codings().set_index("code")["status"].to_dict()
    assert statuses == {"prestige": "rejected", "uncertainty": "accepted"}


def test_memos_on_documents_codes_and_codings(project: Project) -> None:
    project.tag("a", 2, "economy", coder="anna")
    project.memo("interview was rushed", coder="anna", doc_id="a")
    project.memo("includes logistics", coder="bo", code="economy")
    project.memo("port = economy", coder="anna", doc_id="a", unit_index=2, code="economy")
    project.memo("agreed", coder="anna", doc_id="a", unit_index=2, code="economy")
    project.memo("a study memo", coder="bo")
    project.memo("on this turn", coder="bo", doc_id="a", unit_index=4)
    memos = project.memos()
    assert memos["on"].tolist() == ["document", "code", "coding", "coding", "project", "unit"]
    assert memos["coder"].tolist() == ["anna", "bo", "anna", "anna", "bo", "bo"]
    assert memos["coding_coder"].tolist()[2:4] == ["anna", "anna"]
    assert memos["text"].tolist()[2:4] == ["port = economy", "agreed"]
    assert project.codings()["memo"].tolist() == ["port = economy\nagreed"]
    with pytest.raises(DataError, match="no coding of 'prestige' on unit 2"):
        project.memo("x", coder="anna", doc_id="a", unit_index=2, code="prestige")
    with pytest.raises(UsageError, match="names its transcript"):
        project.memo("x", coder="anna", unit_index=2)
    with pytest.raises(DataError, match="a has no unit 9"):
        project.memo("x", coder="anna", doc_id="a", unit_index=9)


def test_segments_columns_filters_and_parent_codes(project: Project) -> None:
    run(project, suggestion(A, 2, "economy", "port"), suggestion(A, 4, "prestige", "image"),
        suggestion(B, 2, "economy", "trade"), suggestion(B, 4, "uncertainty", "doubts"))
    project.review("b", 4, "uncertainty", status="rejected", reviewer="anna")
    project.tag("b", 2, "economy", coder="anna")
    frame = project.segments()
    assert tuple(frame.columns[: len(SEGMENT_COLUMNS)]) == SEGMENT_COLUMNS
    # The attributes the study has (no partner_city, institution or date here).
    assert list(frame.columns[len(SEGMENT_COLUMNS):]) == ["city", "country", "language"]
    assert len(frame) == 4  # the rejected one is left out
    first = frame.iloc[0]
    assert (first.doc_id, first.unit, first.speaker, first.code, first.code_name) == (
        "a", 2, "R", "economy", "Economy")
    assert first.text == A.unit_text(A.unit(2)) and first.city == "Bonn"
    assert first.evidence == "word:port → 'port'"
    assert len(project.segments(codes=["drivers"])) == 4  # economy and prestige
    assert set(project.segments(codes=["drivers"])["code"]) == {"economy", "prestige"}
    assert project.segments(where={"city": "Wuhan"})["doc_id"].unique().tolist() == ["b"]
    assert len(project.segments(where={"city": ["Bonn", "Wuhan"]})) == 4
    assert project.segments(coders=["anna"])["origin"].tolist() == ["manual"]
    assert len(project.segments(statuses=("rejected",))) == 1
    assert project.segments(doc_ids=["a"])["doc_id"].unique().tolist() == ["a"]
    with pytest.raises(UsageError, match=r"'town' is not an attribute of these transcripts; their attributes are: city"):
        project.segments(where={"town": "Bonn"})
    with pytest.raises(DataError, match=r"no coder 'ana'.*anna"):
        project.segments(coders=["ana"])
    with pytest.raises(DataError, match="no code 'drivrs'"):
        project.segments(codes=["drivrs"])
    codings = project.codings()
    assert list(codings.columns) == [
        "id", "doc_id", "unit", "start", "end", "code", "code_name", "coder", "origin",
        "status", "evidence", "memo", "created", "decisions",
    ]
    assert len(codings) == 5


def test_status_counts(project: Project) -> None:
    run(project, suggestion(A, 2, "economy", "port"), suggestion(A, 2, "uncertainty", "port"),
        suggestion(B, 4, "uncertainty", "doubts"))
    project.tag("a", 4, "prestige", coder="anna")
    state = project.status()
    assert (state.documents, state.units, state.respondent_units) == (2, 8, 4)
    assert state.words == A.word_count + B.word_count
    assert (state.codebook_name, state.codebook_version, state.codes) == ("test book", "1", 4)
    coders = {c.name: c for c in state.coders}
    assert (coders["auto"].codings, coders["auto"].coded_units, coders["auto"].pending) == (3, 2, 3)
    assert coders["auto"].coded_share == 0.5
    assert (coders["anna"].codings, coders["anna"].coded_units) == (1, 1)
    assert [c.name for c in state.coders] == ["auto", "anna"]


def test_suggestions_for_unknown_things_are_refused_whole(project: Project) -> None:
    with pytest.raises(DataError, match="no code 'nope'"):
        project.store_auto_codings([suggestion(A, 2, "economy", "port"),
                                    suggestion(A, 2, "nope", "port")])
    with pytest.raises(DataError, match="a has no unit 7"):
        project.store_auto_codings([replace(suggestion(A, 2, "economy", "port"), unit_index=7)])
    with pytest.raises(DataError, match="outside unit 4 of a"):
        project.store_auto_codings([Coding("a", 0, 5, "economy", unit_index=4)])
    assert project.codings().empty


def test_a_run_withdraws_suggestions_only_on_the_units_it_inspected(project: Project) -> None:
    run(project, suggestion(A, 2, "economy", "port"), suggestion(A, 4, "prestige", "image"),
        suggestion(B, 2, "economy", "trade"))
    report = project.store_auto_codings([], doc_ids=["a", "b"], units=[("a", 4)])
    assert report.removed == 1
    left = project.codings()
    assert sorted(zip(left.doc_id, left.unit, strict=True)) == [("a", 2), ("b", 2)]
    # Without units, the whole transcript was inspected (as before).
    assert project.store_auto_codings([], doc_ids=["a"]).removed == 1
    assert project.codings().doc_id.tolist() == ["b"]


def test_autocode_of_some_speakers_leaves_the_others_suggestions(
    project: Project, tmp_path: Path
) -> None:
    from interviewkit.coding import Coder
    from interviewkit.workflow import autocode

    turns = [("I", "Why?"), ("R", "The port matters."), ("S", "The trade matters.")]
    project.add_transcripts([transcript("c", turns)])
    coder_book = project.codebook()
    assert coder_book is not None
    first = autocode(project, Coder(coder_book), doc_ids=["c"])
    assert first.added == 2
    again = autocode(project, Coder(coder_book, speakers=["S"]), doc_ids=["c"])
    assert again.removed == 0 and again.replaced == 1
    frame = project.codings()
    assert sorted(frame.unit.tolist()) == [2, 3]


def test_suggestions_are_never_stored_under_a_persons_name(project: Project) -> None:
    project.tag("a", 2, "economy", coder="anna")
    with pytest.raises(UsageError, match="'anna' is a person"):
        project.store_auto_codings([suggestion(A, 4, "prestige", "image", coder="anna")],
                                   coder="anna")
    frame = project.codings()
    assert frame[["coder", "origin"]].values.tolist() == [["anna", "manual"]]


def test_lean_frames_for_counting_agree_with_segments(project: Project) -> None:
    run(project, suggestion(A, 2, "economy", "port"), suggestion(B, 4, "uncertainty", "doubts"))
    project.review("b", 4, "uncertainty", status="rejected", reviewer="anna")
    project.tag("b", 2, "economy", coder="anna")
    keys = project.coding_keys()
    assert list(keys.columns) == ["id", "doc_id", "unit", "code", "coder", "origin", "status"]
    columns = ["doc_id", "unit", "code", "coder", "origin", "status"]
    full = project.segments(statuses=None)[columns]
    assert sorted(map(tuple, keys[columns].to_numpy().tolist())) == \
        sorted(map(tuple, full.to_numpy().tolist()))
    assert len(project.coding_keys(statuses=("rejected",))) == 1
    units = project.respondent_units()
    everything = project.units()
    respondents = everything[~everything["interviewer"]]
    assert units["unit"].tolist() == respondents["unit"].tolist()
    assert units["words"].tolist() == respondents["words"].tolist()
