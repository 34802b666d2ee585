"""Adding transcripts: the same again changes nothing, a changed one keeps its codings."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interviewkit.errors import DataError, ProjectError
from interviewkit.models import Transcript, Unit
from interviewkit.store import Orphan, Project
from interviewkit.textdiff import TextMap, relocate
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
    # The attributes the study has: no country, institution or date here.
    assert list(docs.columns) == [
        "doc_id", "source", "language", "city", "partner_city", "extra", "units", "words",
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
    # anna's tag of "The image helps" cannot be placed (that text is gone): the
    # replacement is refused until she removes it; then everything else moves.
    _coded_project(project)
    new = transcript("a", CHANGED)
    before = project.codings()
    with pytest.raises(ProjectError, match=r"a, unit 4: 'prestige' by anna; nothing was added"):
        project.add_transcripts([new], replace=True)
    assert project.codings().equals(before)
    assert project.untag("a", 4, "prestige", coder="anna") == 1
    report = project.add_transcripts([new], replace=True)
    assert report.replaced == ["a"]
    assert report.moved == 2
    # The unreviewed suggestion made by the word "image", now gone, is dropped.
    assert report.orphaned == [Orphan("a", 4, "prestige", "auto")]
    frame = project.codings()
    assert len(frame) == 2
    for row in frame.itertuples():
        assert new.text[row.start:row.end] == "The port and the trade matter most for us."
        assert row.unit == 2
    evidence = project._db.conn.execute("SELECT start, end, matched FROM evidence").fetchall()
    assert [new.text[s:e] for s, e, _ in evidence] == [m for _, _, m in evidence] == ["port"]
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


MAYOR = [
    ("I", "Who started the partnership?"),
    ("R", "The mayor, together with the port authority, signed it in 1998."),
    ("I", "And today?"),
    ("R", "Today the trade office keeps it alive."),
]


def _edited(turns: list[tuple[str, str]], unit: int, old: str, new: str) -> Transcript:
    changed = [(s, said.replace(old, new) if i == unit else said)
               for i, (s, said) in enumerate(turns, start=1)]
    return transcript("m", changed)


def test_a_small_edit_keeps_a_whole_unit_coding_and_its_memo(project: Project) -> None:
    project.add_transcripts([transcript("m", MAYOR)])
    project.tag("m", 2, "economy", coder="anna", memo="key quote")
    new = _edited(MAYOR, 2, "mayor,", "mayor;")
    report = project.add_transcripts([new], replace=True)
    assert report.replaced == ["m"] and report.moved == 1 and report.orphaned == []
    row = project.codings().iloc[0]
    assert (row.unit, row.code, row.coder, row.memo) == (2, "economy", "anna", "key quote")
    assert (row.start, row.end) == (new.unit(2).start, new.unit(2).end)


def test_a_whole_unit_coding_grows_with_its_unit(project: Project) -> None:
    project.add_transcripts([transcript("m", MAYOR)])
    project.tag("m", 4, "economy", coder="anna")
    t = transcript("m", MAYOR)
    project.store_auto_codings([suggestion(t, 4, "economy", "trade")])
    project.review("m", 4, "economy", status="accepted", reviewer="anna")
    new = _edited(MAYOR, 4, "Today the", "Today, as in earlier years, the")
    report = project.add_transcripts([new], replace=True)
    assert report.moved == 2 and report.orphaned == []
    frame = project.codings()
    assert set(zip(frame.start, frame.end, strict=True)) == {(new.unit(4).start, new.unit(4).end)}
    assert set(frame.status) == {"accepted"}
    evidence = project._db.conn.execute("SELECT start, end, matched FROM evidence").fetchall()
    assert [new.text[s:e] for s, e, _ in evidence] == ["trade"]


def test_a_deleted_turn_with_a_persons_coding_refuses_the_replacement(
    project: Project, tmp_path: Path
) -> None:
    project.add_transcripts([transcript("m", MAYOR)])
    project.tag("m", 2, "economy", coder="anna", memo="key quote")
    before = project.codings()
    shorter = transcript("m", [MAYOR[0], MAYOR[2], MAYOR[3]])
    with pytest.raises(ProjectError, match=r"m, unit 2: 'economy' by anna") as info:
        project.add_transcripts([shorter], replace=True)
    assert "interviewkit untag m 2 economy --coder anna" in (info.value.hint or "")
    assert project.transcript("m") == transcript("m", MAYOR)
    assert project.codings().equals(before)


def test_a_deleted_turn_with_a_reviewed_suggestion_refuses_the_replacement(
    project: Project,
) -> None:
    t = transcript("m", MAYOR)
    project.add_transcripts([t])
    project.store_auto_codings([suggestion(t, 2, "economy", "port")])
    project.review("m", 2, "economy", status="rejected", reviewer="anna")
    with pytest.raises(ProjectError, match=r"m, unit 2: 'economy' by auto"):
        project.add_transcripts([transcript("m", [MAYOR[0], MAYOR[2], MAYOR[3]])], replace=True)
    assert project.codings().loc[0, "status"] == "rejected"


def test_an_unreviewed_suggestion_on_a_deleted_turn_is_dropped_and_listed(
    project: Project,
) -> None:
    t = transcript("m", MAYOR)
    project.add_transcripts([t])
    project.store_auto_codings([suggestion(t, 2, "economy", "port"),
                                suggestion(t, 4, "economy", "trade")])
    shorter = transcript("m", [MAYOR[0], MAYOR[2], MAYOR[3]])
    report = project.add_transcripts([shorter], replace=True)
    assert report.orphaned == [Orphan("m", 2, "economy", "auto")]
    assert report.moved == 1
    frame = project.codings()
    assert frame[["unit", "start", "end"]].values.tolist() == [
        [3, shorter.unit(3).start, shorter.unit(3).end]]


def test_of_two_codings_on_one_place_the_reviewed_one_is_kept(project: Project) -> None:
    # Two turns become one: the accepted suggestion wins over the unreviewed one,
    # though the unreviewed one is older.
    turns = [("I", "Why?"), ("R", "Trade first."), ("R", "Then the port.")]
    t = transcript("m", turns)
    project.add_transcripts([t])
    project.store_auto_codings([suggestion(t, 2, "economy", "Trade"),
                                suggestion(t, 3, "economy", "port")])
    project.review("m", 3, "economy", status="accepted", reviewer="anna")
    joined = transcript("m", [("I", "Why?"), ("R", "Trade first.\n\nR: Then the port.")])
    report = project.add_transcripts([joined], replace=True)
    assert report.orphaned == [Orphan("m", 2, "economy", "auto")]
    frame = project.codings()
    assert frame[["unit", "status"]].values.tolist() == [[2, "accepted"]]


def test_text_map_follows_edits() -> None:
    old = "The mayor, together with the port."
    new = "Indeed the mayor; together with the big port."
    edits = TextMap(old, new)
    port = old.index("port")
    assert edits.place(port, port + 4) == (new.index("port"), new.index("port") + 4)
    assert edits.place(0, len(old)) == (0, len(new))
    gone = TextMap("keep this. drop that. keep too.", "keep this. keep too.")
    assert gone.place(11, 21) is None


def test_another_file_with_the_same_id_is_refused_a_new_version_is_not(
    project: Project, tmp_path: Path
) -> None:
    """Two interviews named interview_01.txt in two folders: the second replaces nothing
    unless the user says so; a file moved away and added again is a new version."""
    from dataclasses import replace

    first, other = tmp_path / "Bonn" / "interview_01.txt", tmp_path / "Wuhan" / "interview_01.txt"
    for path in (first, other):
        path.parent.mkdir()
        path.write_text("x", encoding="utf-8")
    project.add_transcripts([replace(transcript("interview_01"), source=str(first))])
    clashing = replace(transcript("interview_01", CHANGED), source=str(other))

    with pytest.raises(ProjectError, match=r"Wuhan.*would replace .*interview_01.*Bonn"):
        project.add_transcripts([clashing])
    assert project.transcript("interview_01").source == str(first)

    assert project.add_transcripts([clashing], replace=True).replaced == ["interview_01"]
    moved = tmp_path / "renamed.txt"
    other.rename(moved)  # the stored file moved away: what comes under its id is a new version
    assert project.add_transcripts(
        [replace(transcript("interview_01"), source=str(moved))]
    ).replaced == ["interview_01"]


def test_a_transcript_is_found_by_its_name_in_either_unicode_form(project: Project) -> None:
    """An id stored as a Mac wrote the file name ('a' and a combining mark) is found by
    the name a researcher types ('ä'), and the other way round."""
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Gespräch")
    project.add_transcripts([transcript(decomposed), transcript("Köln")])
    assert project.transcript("Gespräch").id == decomposed
    assert project.transcript(unicodedata.normalize("NFD", "Köln")).id == "Köln"


def test_a_decomposed_id_of_an_older_project_is_the_same_transcript(project: Project) -> None:
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Gespräch")
    project.add_transcripts([transcript(decomposed)])
    again = project.add_transcripts([transcript("Gespräch")])  # read again: composed
    assert again.unchanged == ["Gespräch"] and again.added == []
    assert project.doc_ids() == [decomposed]


def test_files_of_one_name_added_from_their_own_folders_are_told_apart(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'cd Bonn; add interview_01.txt', then 'cd Wuhan; add interview_01.txt': the same
    relative name, two files."""
    from dataclasses import replace

    for city in ("Bonn", "Wuhan"):
        (tmp_path / city).mkdir()
        (tmp_path / city / "interview_01.txt").write_text(city, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "Bonn")
    project.add_transcripts([replace(transcript("interview_01"), source="interview_01.txt")])
    monkeypatch.chdir(tmp_path / "Wuhan")
    other = replace(transcript("interview_01", CHANGED), source="interview_01.txt")
    with pytest.raises(ProjectError, match="which is another file"):
        project.add_transcripts([other])
