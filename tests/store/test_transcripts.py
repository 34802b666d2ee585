"""Adding transcripts: the same again changes nothing, a changed one keeps its codings."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interviewkit.errors import DataError, ProjectError
from interviewkit.models import Transcript, Unit
from interviewkit.store import Orphan, Project
from interviewkit.store.documents import relocate
from tests.store.factory import TURNS_EN, book, suggestion, transcript


@pytest.fixture
def project(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Project.create(tmp_path / "p.db", codebook=book(tmp_path)) as opened:
        yield opened


def test_add_then_read_back(project: Project) -> None:
    t = transcript("bonn_1", city="Bonn", partner_city="Chengdu", extra="x")
    report = project.add_transcripts([t])
    assert report.added == ["bonn_1"] and not report.unchanged
    back = project.transcript("bonn_1")
    assert back.text == t.text and back.units == t.units
    assert dict(back.metadata) == dict(t.metadata)
    assert [d.id for d in project.transcripts()] == ["bonn_1"]
    docs = project.documents()
    assert list(docs.columns) == [
        "doc_id", "source", "language", "city", "country", "partner_city", "institution",
        "date", "extra", "units", "words",
    ]
    assert docs.loc[0, "units"] == 4 and docs.loc[0, "city"] == "Bonn"
    units = project.units()
    assert list(units.columns)[:10] == [
        "doc_id", "unit", "speaker", "interviewer", "start", "end", "time_start", "time_end",
        "words", "text",
    ]
    assert units["text"].tolist() == [said for _, said in TURNS_EN]
    assert units["interviewer"].tolist() == [True, False, True, False]


def test_adding_the_same_again_changes_nothing(project: Project) -> None:
    t = transcript("a")
    project.add_transcripts([t])
    before = project.documents()
    report = project.add_transcripts([t])
    assert report.unchanged == ["a"] and not (report.added or report.replaced or report.updated)
    assert project.documents().equals(before)


def test_new_metadata_for_the_same_text_is_an_update(project: Project) -> None:
    project.add_transcripts([transcript("a")])
    project.store_auto_codings([suggestion(transcript("a"), 2, "economy", "port")])
    report = project.add_transcripts([transcript("a", city="Bonn")])
    assert report.updated == ["a"]
    assert project.documents().loc[0, "city"] == "Bonn"
    assert len(project.segments()) == 1


def test_unknown_transcript_names_the_valid_ones(project: Project) -> None:
    project.add_transcripts([transcript("bonn_de_01"), transcript("wuhan_zh_01")])
    with pytest.raises(DataError, match="did you mean 'bonn_de_01'"):
        project.transcript("bonn_de_1")
    with pytest.raises(DataError, match="use one of: bonn_de_01, wuhan_zh_01"):
        project.transcript("x")


CHANGED = [
    ("I", "Tell me about the partnership, please."),  # longer: everything after moves
    ("R", "The port and the trade matter most for us."),
    ("I", "And the image of the city?"),
    ("R", "We have doubts about the contracts."),  # "The image helps" is gone
]


def _coded_project(project: Project) -> Transcript:
    old = transcript("a")
    project.add_transcripts([old, transcript("b")])
    project.store_auto_codings([
        suggestion(old, 2, "economy", "port"),
        suggestion(old, 4, "prestige", "image"),
    ])
    project.tag("a", 4, "prestige", coder="anna", start=old.text.index("The image helps"),
                end=old.text.index("The image helps") + len("The image helps"))
    project.tag("a", 2, "economy", coder="anna", memo="clearly economic")
    return old


def test_changed_transcript_with_codings_is_refused_whole(project: Project) -> None:
    _coded_project(project)
    before = project.codings()
    with pytest.raises(ProjectError, match=r"changed since they were added.*: a; nothing") as info:
        project.add_transcripts([transcript("new"), transcript("a", CHANGED)])
    assert "--replace" in (info.value.hint or "")
    assert project.doc_ids() == ["a", "b"]  # "new" was not added either
    assert project.codings().equals(before)


def test_replace_moves_codings_with_their_text_and_lists_the_rest(project: Project) -> None:
    _coded_project(project)
    new = transcript("a", CHANGED)
    report = project.add_transcripts([new], replace=True)
    assert report.replaced == ["a"]
    assert report.moved == 2
    assert sorted(report.orphaned) == [
        Orphan("a", 4, "prestige", "anna"), Orphan("a", 4, "prestige", "auto"),
    ]
    frame = project.codings()
    assert len(frame) == 2
    for row in frame.itertuples():
        assert new.text[row.start:row.end] == "The port and the trade matter most for us."
        assert row.unit == 2
    evidence = project._db.conn.execute("SELECT start, end, matched FROM evidence").fetchall()
    assert [new.text[s:e] for s, e, _ in evidence] == [m for _, _, m in evidence]
    assert frame.set_index("coder").loc["anna", "memo"] == "clearly economic"
    assert project.transcript("a").text == new.text


def test_a_changed_transcript_without_codings_is_simply_replaced(project: Project) -> None:
    project.add_transcripts([transcript("a")])
    report = project.add_transcripts([transcript("a", CHANGED)])
    assert report.replaced == ["a"] and report.moved == 0
    assert project.transcript("a").units == transcript("a", CHANGED).units


def test_units_out_of_the_text_are_refused(project: Project) -> None:
    bad = Transcript("bad", "short", (Unit(1, 0, 99),), {})
    with pytest.raises(DataError, match=r"unit 1 .* does not fit"):
        project.add_transcripts([bad])


def test_relocate_prefers_the_nearest_occurrence() -> None:
    old = "aa X bb X cc"
    new = "zzz aa X bb X cc"
    assert relocate("X", old, new, old.rindex("X")) == new.rindex("X")
    assert relocate("X", old, new, old.index("X")) == new.index("X")
    assert relocate("gone", "gone here", "nothing", 0) == -1


TURN = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1,
    max_size=40,
).filter(lambda s: s.strip() == s and s)


@settings(max_examples=40, deadline=None)
@given(turns=st.lists(st.tuples(st.sampled_from(["I", "R", "受访者"]), TURN), min_size=1,
                      max_size=6))
def test_offsets_always_slice_the_stored_text(turns: list[tuple[str, str]]) -> None:
    t = transcript("d", turns)
    with Project(":memory:") as project:
        project.add_transcripts([t])
        back = project.transcript("d")
        assert back == Transcript("d", t.text, t.units, t.metadata)
        units = project.units()
        assert units["text"].tolist() == [said for _, said in turns]


def test_codings_survive_cutting_turns_into_smaller_units(project: Project) -> None:
    old = _coded_project(project)
    cut = old.text.index(" but we")
    last = old.units[-1]
    units = (*old.units[:-1], Unit(4, last.start, cut + 1, "R"), Unit(5, cut + 2, last.end, "R"))
    finer = Transcript("a", old.text, units, old.metadata)
    with pytest.raises(ProjectError, match="changed since"):
        project.add_transcripts([finer])
    report = project.add_transcripts([finer], replace=True)
    assert report.orphaned == [] and report.moved == 4
    frame = project.codings()
    assert (frame["unit"] <= 4).all()
    whole = frame[(frame.code == "prestige") & (frame.coder == "auto")].iloc[0]
    assert (whole.start, whole.end, whole.unit) == (last.start, last.end, 4)
    assert project.transcript("a").units == units
