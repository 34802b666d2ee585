"""Merging another coder's project of the same study."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from interviewkit.errors import ProjectError, UsageError
from interviewkit.store import Project
from tests.store.factory import book, suggestion, transcript
from tests.store.test_transcripts import CHANGED

A, B = transcript("a", city="Bonn"), transcript("b", city="Wuhan")


def _copy(tmp_path: Path, name: str, *docs) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    with Project.create(path, codebook=book(tmp_path)) as project:
        project.add_transcripts(docs or [A, B])
        if not docs:
            project.store_auto_codings([suggestion(A, 2, "economy", "port"),
                                        suggestion(A, 4, "prestige", "image")], doc_ids=["a"])
    return path


def test_merge_brings_in_the_other_coders_work(tmp_path: Path) -> None:
    anna, bo = _copy(tmp_path, "anna.db"), _copy(tmp_path, "bo.db")
    with Project(anna) as project:
        project.tag("a", 2, "economy", coder="anna")
        project.review("a", 4, "prestige", status="rejected", reviewer="anna")
    with Project(bo) as project:
        project.tag("a", 2, "economy", coder="bo", memo="obvious")
        project.tag("b", 4, "uncertainty", coder="bo")
        project.review("a", 2, "economy", status="accepted", reviewer="bo")
        project.review("a", 4, "prestige", status="accepted", reviewer="bo")
        project.memo("bo's note", coder="bo", doc_id="b")
    before = hashlib.sha256(bo.read_bytes()).hexdigest()
    with Project(anna) as project:
        report = project.merge(bo)
        assert report.codings_added == 2  # bo's two tags
        assert report.decisions_added == 2  # bo's own decisions: never overwriting anna's
        assert report.decision_conflicts == []
        assert report.memos_added == 2 and report.documents_added == []  # a coding, a document
        assert project.coders() == ["auto", "anna", "bo"]
        frame = project.codings().set_index(["doc_id", "unit", "code", "coder"])
        assert frame.loc[("a", 2, "economy", "auto"), "status"] == "accepted"
        # anna rejected it, bo accepted it: both decisions are kept, and someone accepted it.
        decided = project.decisions().set_index(["code", "coder"])["verdict"].to_dict()
        assert decided == {("economy", "bo"): "accepted", ("prestige", "anna"): "rejected",
                           ("prestige", "bo"): "accepted"}
        assert frame.loc[("a", 4, "prestige", "auto"), "status"] == "accepted"
        assert frame.loc[("a", 2, "economy", "bo"), "memo"] == "obvious"
        # Merging again changes nothing: nothing is duplicated.
        again = project.merge(bo)
        assert (again.codings_added, again.memos_added, again.decisions_added) == (0, 0, 0)
        assert len(project.codings()) == len(frame)
    assert hashlib.sha256(bo.read_bytes()).hexdigest() == before  # only read
    with Project(bo) as project:
        project.review("a", 4, "prestige", status="rejected", reviewer="bo")
    with Project(anna) as project:
        assert project.merge(bo).decision_conflicts == [("a", 4, "prestige", "bo")]


def test_merge_adds_transcripts_the_project_lacks(tmp_path: Path) -> None:
    other = _copy(tmp_path, "other.db")
    with Project.create(tmp_path / "empty.db") as project:
        report = project.merge(other)
        assert report.documents_added == ["a", "b"]
        assert project.codebook() is not None  # taken over, as there was none
        assert len(project.segments()) == 2
        assert project.transcript("a") == A


def test_conflicting_text_is_refused_and_nothing_merged(tmp_path: Path) -> None:
    anna = _copy(tmp_path, "anna.db")
    bo = _copy(tmp_path, "bo.db", transcript("a", CHANGED, city="Bonn"), B,
               transcript("c"))
    with Project(anna) as project:
        before = project.codings()
        with pytest.raises(ProjectError, match=r"a \(different text\); nothing was merged"):
            project.merge(bo)
        assert project.codings().equals(before)
        assert project.doc_ids() == ["a", "b"]
        with pytest.raises(UsageError, match="this project itself"):
            project.merge(anna)
    with Project(anna) as project, pytest.raises(ProjectError, match="not an interviewkit"):
        (tmp_path / "x.db").write_text("hello", encoding="utf-8")
        project.merge(tmp_path / "x.db")
