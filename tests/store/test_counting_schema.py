"""Migration 6, what counting reads instead of the codings and units tables.

``codings_tally`` (an index of each coding's coder, status, code, origin, doc
and unit) and ``unit_summary`` (per document: its units, the largest index,
the respondents' indexes). The summary must follow every change of units;
an older project gets both when it is opened, and counts the same.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from interviewkit.analysis.counting import document_counts, document_counts_from_frames
from interviewkit.models import Coding
from interviewkit.store import Project
from interviewkit.store.migrations import LATEST, migrate
from tests.store.factory import book, transcript


def summary(project: Project) -> dict[str, tuple[int, int, list[int]]]:
    rows = project._db.conn.execute(
        "SELECT d.doc_id, s.units, s.last, s.respondent_idx FROM unit_summary s "
        "JOIN documents d ON d.id = s.doc"
    ).fetchall()
    return {doc: (n, last, sorted(int(i) for i in text.split(",") if i))
            for doc, n, last, text in rows}


def from_units(project: Project) -> dict[str, tuple[int, int, list[int]]]:
    units = project.units()
    return {doc: (len(group), int(group["unit"].max()),
                  sorted(group.loc[~group["interviewer"], "unit"].tolist()))
            for doc, group in units.groupby("doc_id")}


def test_the_summary_follows_adding_and_replacing(tmp_path: Path) -> None:
    with Project.create(":memory:", codebook=book(tmp_path)) as project:
        project.add_transcripts([transcript("a"), transcript("b", [("I", "Only a question?")])])
        assert summary(project) == from_units(project) == {
            "a": (4, 4, [2, 4]), "b": (1, 1, [])}
        project.tag("a", 2, "economy", coder="anna")
        longer = [("I", "Tell me about the partnership."),
                  ("R", "The port and the trade matter most for us."),
                  ("R", "And the image of the city."), ("I", "Thanks."), ("R", "Bye.")]
        project.add_transcripts([transcript("a", longer)], replace=True)
        assert summary(project)["a"] == (5, 5, [2, 3, 5]) == from_units(project)["a"]
        assert dict(zip(project.documents()["doc_id"], project.documents()["units"],
                        strict=True)) == {"a": 5, "b": 1}


def _schema_five_project(path: Path, folder: Path) -> None:
    """A project file as interviewkit wrote it before migration 6, with codings."""
    with Project.create(":memory:", codebook=book(folder)) as source:
        source.add_transcripts([transcript("a"), transcript("b")])
        source.store_auto_codings([
            Coding(doc, u.start, u.end, code, unit_index=u.index)
            for doc in ("a", "b") for u in source.transcript(doc).units
            for code in ("economy", "uncertainty")
        ])
        source.tag("a", 1, "prestige", coder="anna")  # an interviewer's turn
        units = source.units()
        codings = source.codings()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    migrate(conn, target=5)
    conn.execute("COMMIT")
    conn.execute("INSERT INTO codes (code_id, name) VALUES ('economy', 'Economy'), "
                 "('uncertainty', 'Uncertainty'), ('prestige', 'Prestige')")
    conn.execute("INSERT INTO coders (name, kind, added) VALUES ('auto', 'auto', 'x'), "
                 "('anna', 'person', 'x')")
    for rowid, doc in enumerate(("a", "b"), start=1):
        conn.execute("INSERT INTO documents (id, doc_id, text, text_hash, added, changed) "
                     "VALUES (?, ?, '', '', 'x', 'x')", (rowid, doc))
    rowid_of = {"a": 1, "b": 2}
    conn.executemany(
        "INSERT INTO units (doc, idx, start, end, interviewer) VALUES (?, ?, ?, ?, ?)",
        [(rowid_of[r.doc_id], r.unit, r.start, r.end, int(r.interviewer))
         for r in units.itertuples()])
    conn.executemany(
        "INSERT INTO codings (doc, unit, start, end, code, coder, origin, status, created) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'x')",
        [(rowid_of[r.doc_id], r.unit, r.start, r.end, r.code, r.coder, r.origin, r.status)
         for r in codings.itertuples()])
    conn.close()


def test_an_older_project_gets_the_index_and_the_summary(tmp_path: Path) -> None:
    path = tmp_path / "five.db"
    _schema_five_project(path, tmp_path)
    with Project(path) as project:
        conn = project._db.conn
        assert project.status().schema_version == LATEST
        indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master "
                                              "WHERE type = 'index'")}
        assert "codings_tally" in indexes and "codings_coder" not in indexes
        assert summary(project) == from_units(project)
        codebook = book(tmp_path)
        found = document_counts(project, codebook)
        expected = document_counts_from_frames(project.coding_keys(), project.respondent_units(),
                                               project.documents(), codebook)
    pd.testing.assert_frame_equal(found.counts, expected.counts, check_dtype=False)
    assert found.left_out == expected.left_out > 0  # interviewer turns are coded


@pytest.mark.parametrize("query", [
    "SELECT MIN(coder) FROM codings",
    "SELECT MIN(coder) FROM codings WHERE coder > ?",
    "SELECT MIN(code) FROM codings WHERE coder = ? AND status = ?",
    "SELECT MIN(code) FROM codings WHERE coder = ? AND status = ? AND code > ?",
    "SELECT group_concat(doc * 7 + unit) FROM codings "
    "WHERE coder = ? AND status = ? AND code = ? AND origin = ?",
])
def test_counting_reads_the_index_alone(tmp_path: Path, query: str) -> None:
    """Every query of store/counts.py on the codings is answered by ``codings_tally``."""
    with Project.create(":memory:", codebook=book(tmp_path)) as project:
        plan = " ".join(str(row[3]) for row in project._db.conn.execute(
            f"EXPLAIN QUERY PLAN {query}", ("a", "b", "c", "d")[:query.count("?")]))
    assert "COVERING INDEX codings_tally" in plan, plan
