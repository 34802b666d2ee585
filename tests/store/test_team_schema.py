"""Migration 7 and the audit trail: decisions of their own, memos with authors, every change
recorded by run, and a run taken back.

A schema-6 project (written here by hand, as the older interviewkit wrote it: one
reviewer per suggestion, coding memos as text in the coding, unit memos as a
"unit N: " prefix) is upgraded without losing any of it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from interviewkit.errors import DataError, UsageError
from interviewkit.run_context import set_context
from interviewkit.store import Project
from interviewkit.store.migrations import migrate
from tests.store.factory import book, suggestion, transcript


def _schema_six(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    migrate(conn, target=6)
    conn.execute("COMMIT")
    conn.executescript("""
        INSERT INTO codes (code_id, name) VALUES ('economy', 'Economy'), ('prestige', 'Prestige');
        INSERT INTO coders (name, kind, added) VALUES ('auto', 'auto', 'x'), ('anna', 'person', 'x');
        INSERT INTO documents (id, doc_id, text, text_hash, added, changed)
            VALUES (1, 'a', 'I: Hi. R: The port.', '', 'x', 'x');
        INSERT INTO units (doc, idx, start, end, interviewer) VALUES (1, 1, 0, 6, 1), (1, 2, 7, 19, 0);
        INSERT INTO unit_summary (doc, units, last, respondent_idx) VALUES (1, 2, 2, '2');
        INSERT INTO codings (id, doc, unit, start, end, code, coder, origin, status, memo, created,
                             reviewer, reviewed)
            VALUES (1, 1, 2, 7, 19, 'economy', 'auto', 'auto', 'accepted', 'port counts', 'x',
                    'anna', '2025-01-02T03:04:05+00:00'),
                   (2, 1, 2, 7, 19, 'prestige', 'anna', 'manual', 'accepted', 'mine', 'x',
                    NULL, NULL);
        INSERT INTO memos (doc, code, coder, text, created)
            VALUES (1, NULL, 'anna', 'unit 2: whole answer', 'y'), (1, NULL, 'anna', 'on a', 'y');
    """)
    conn.close()


def test_an_older_project_keeps_its_reviews_and_memos(tmp_path: Path) -> None:
    path = tmp_path / "six.db"
    _schema_six(path)
    with Project(path) as project:
        decided = project.decisions()
        assert decided[["coding", "coder", "verdict", "decided"]].values.tolist() == [
            [1, "anna", "accepted", "2025-01-02T03:04:05+00:00"]]
        memos = project.memos()
        assert memos[["on", "coder", "text"]].values.tolist() == [
            ["unit", "anna", "whole answer"], ["document", "anna", "on a"],
            ["coding", "", "port counts"], ["coding", "anna", "mine"]]
        assert memos["unit"].tolist()[0] == 2 and memos["unit"].isna().tolist()[1]
        assert project.codings().set_index("id")["memo"].to_dict() == {
            1: "port counts", 2: "mine"}
        assert project.coder_kinds() == {"auto": "auto", "anna": "person"}


@pytest.fixture
def project(tmp_path: Path):  # type: ignore[no-untyped-def]
    set_context("interviewkit test", "anna")
    with Project.create(tmp_path / "p.db", codebook=book(tmp_path)) as project:
        yield project
    set_context("", None)


def test_every_change_is_recorded_by_run_and_a_run_is_undone(project: Project) -> None:
    a = transcript("a")
    project.add_transcripts([a])
    made = project.store_auto_codings([suggestion(a, 2, "economy", "port"),
                                       suggestion(a, 4, "prestige", "image")])
    assert made.added == 2
    runs = project.log()
    # One connection, one command: everything so far is one run.
    assert [r.command for r in runs] == ["interviewkit test"]
    assert runs[0].changes["codings"] == {"insert": 2}
    assert runs[0].documents == ("a",)
    before = project.codings()
    # A second command: a review; the first run now cannot be undone alone.
    other = Project(project.path)
    set_context("interviewkit accept a 2 economy --coder ben", "ben")
    other.review("a", 2, "economy", status="accepted", reviewer="ben")
    other.close()
    runs = project.log()
    assert [r.id for r in runs] == [1, 2] and runs[1].coder == "ben"
    assert runs[1].changes == {"coders": {"insert": 1}, "decisions": {"insert": 1},
                               "codings": {"update": 1}}
    with pytest.raises(DataError, match=r"run 1 cannot be undone: later runs depend on it: run 2"):
        project.undo(1)
    # Undo the review: the decision is gone, the status is as before.
    third = Project(project.path)
    set_context("interviewkit undo 2", "ben")
    report = third.undo(2)
    assert report.restored == {"codings": 1, "decisions": 1, "coders": 1}
    assert third.decisions().empty
    assert third.codings()["status"].tolist() == ["suggested", "suggested"]
    third.close()
    log = {r.id: r for r in project.log()}
    assert log[2].undone_by == 3 and log[3].undoes == 2
    with pytest.raises(UsageError, match="undone already, by run 3"):
        project.undo(2)
    with pytest.raises(UsageError, match="no run 9"):
        project.undo(9)
    # Now the first run can go: the transcript and its suggestions with it.
    fourth = Project(project.path)
    fourth.undo(1)
    assert fourth.doc_ids() == [] and fourth.codings().empty
    fourth.close()
    # And undoing that undo brings them back, ids and all.
    fifth = Project(project.path)
    fifth.undo(4)
    assert fifth.codings()[["id", "code", "status"]].values.tolist() == \
        before[["id", "code", "status"]].values.tolist()
    assert {r.id: r.undone_by for r in fifth.log()}[1] is None
    fifth.close()


def test_a_command_that_changes_nothing_leaves_no_run(project: Project) -> None:
    project.add_transcripts([transcript("a")])
    again = Project(project.path)
    again.add_transcripts([transcript("a")])  # the same again: nothing changes
    again.close()
    assert len(project.log()) == 1


def test_a_failed_command_leaves_no_run(project: Project) -> None:
    other = Project(project.path)
    with pytest.raises(DataError):
        other.tag("nope", 1, "economy", coder="anna")
    other.close()
    assert len(project.log()) == 1  # creating the project with its codebook


def test_replacing_keeps_attributes_and_moves_unit_memos(tmp_path: Path) -> None:
    from tests.store.factory import TURNS_EN

    with Project.create(":memory:", codebook=book(tmp_path)) as project:
        project.add_transcripts([transcript("a", city="Bonn", date="2021-03-01")])
        project.tag("a", 4, "uncertainty", coder="anna", memo="doubts, clearly")
        project.memo("the answer that matters", coder="anna", doc_id="a", unit_index=4)
        longer = [TURNS_EN[0], ("R", "A new first answer."), *TURNS_EN[1:]]
        # The new version sets the city anew and says nothing of the date.
        report = project.add_transcripts([transcript("a", longer, city="Köln")], replace=True)
        assert report.replaced == ["a"]
        assert report.attributes == {"a": ["city: Bonn → Köln"]}
        documents = project.documents().set_index("doc_id")
        assert (documents.at["a", "city"], documents.at["a", "date"]) == ("Köln", "2021-03-01")
        memos = project.memos()
        # The turn moved from unit 4 to unit 5: its memos went with it.
        assert memos[["on", "unit", "text"]].values.tolist() == [
            ["coding", 5, "doubts, clearly"], ["unit", 5, "the answer that matters"]]
        assert project.codings()[["unit", "code", "memo"]].values.tolist() == [
            [5, "uncertainty", "doubts, clearly"]]
        # The same file again: nothing changes, nothing is reported.
        again = project.add_transcripts([transcript("a", longer, city="Köln")])
        assert again.unchanged == ["a"] and again.attributes == {}
