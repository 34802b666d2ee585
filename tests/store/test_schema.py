"""Opening project files: migrations, WAL, and files that must be left untouched."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from interviewkit.errors import DataError, ProjectError
from interviewkit.store import Project
from interviewkit.store.migrations import LATEST, MIGRATIONS, migrate, statements
from tests.store.factory import book, suggestion, transcript


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_create_makes_a_wal_project_at_the_latest_schema(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with Project.create(path, codebook=book(tmp_path)) as project:
        assert project.status().schema_version == LATEST
        assert project.codebook() is not None
        conn = project._db.conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        versions = [r[0] for r in conn.execute("SELECT version FROM schema_migrations")]
        assert versions == [v for v, _ in MIGRATIONS]


def test_create_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    path.write_text("precious", encoding="utf-8")
    with pytest.raises(ProjectError, match="exists already") as info:
        Project.create(path)
    assert info.value.hint
    assert path.read_text(encoding="utf-8") == "precious"


def test_missing_file_points_to_init(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="no project file") as info:
        Project(tmp_path / "nope.db")
    assert "interviewkit init" in (info.value.hint or "")
    assert not (tmp_path / "nope.db").exists()


def test_memory_project() -> None:
    with Project(":memory:") as project:
        project.add_transcripts([transcript("a")])
        assert project.doc_ids() == ["a"]


def _first_schema_project(path: Path) -> None:
    """A project file as the first schema made it, with a transcript and a coding."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    migrate(conn, target=1)
    conn.execute("COMMIT")
    conn.execute(
        "INSERT INTO documents (doc_id, text, text_hash, words, added, changed) "
        "VALUES ('d1', 'R: the port', 'x', 2, '2024-01-01', '2024-01-01')"
    )
    conn.execute("INSERT INTO units (doc, idx, start, end, speaker) VALUES (1, 1, 3, 11, 'R')")
    conn.execute(
        "INSERT INTO codebook_loads (name, version, negation_window, loaded) "
        "VALUES ('old', '0.9', 3, '2024-01-01')"
    )
    conn.execute("INSERT INTO codes (code_id, name) VALUES ('economy', 'Economy')")
    conn.execute(
        "INSERT INTO codings (doc, unit, start, end, code, coder, origin, status, created) "
        "VALUES (1, 1, 3, 11, 'economy', 'anna', 'manual', 'accepted', '2024-01-01')"
    )
    conn.close()


def test_a_project_of_the_first_schema_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _first_schema_project(path)
    with Project(path) as project:
        conn = project._db.conn
        assert [r[0] for r in conn.execute("SELECT version FROM schema_migrations")] == list(
            range(1, LATEST + 1)
        )
        # Migration 2 filled the coders table from the codings and added memos.
        assert project.coders() == ["anna"]
        project.memo("a note", coder="anna", doc_id="d1")
        assert list(project.memos()["text"]) == ["a note"]
        assert project.segments()["text"].tolist() == ["the port"]
        assert project.codebook().version == "0.9"  # type: ignore[union-attr]
    with Project(path) as again:  # opening a current project changes nothing
        assert again.status().schema_version == LATEST


def test_migrations_are_ordered_and_split_into_statements() -> None:
    versions = [v for v, _ in MIGRATIONS]
    assert versions == sorted(versions) == list(range(1, len(versions) + 1))
    for _, sql in MIGRATIONS:
        assert all(sqlite3.complete_statement(s) for s in statements(sql))


def test_newer_schema_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with Project.create(path) as project:
        project.add_transcripts([transcript("a")])
        with project._db.transaction() as conn:
            conn.execute("INSERT INTO schema_migrations VALUES (?, 'future')", (LATEST + 1,))
    before = digest(path)
    with pytest.raises(ProjectError, match="made by a newer interviewkit") as info:
        Project(path)
    assert "Update interviewkit" in (info.value.hint or "")
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.db"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name,city\nbonn,Bonn\n", "not a SQLite database"),
        (b"\x00\x01binary garbage" * 100, "not a SQLite database"),
        (b"", "empty SQLite database"),
    ],
)
def test_not_a_project_is_refused_and_left_untouched(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "thing.db"
    path.write_bytes(content)
    with pytest.raises(ProjectError, match=message):
        Project(path)
    assert path.read_bytes() == content


def test_sqlite_without_our_tables_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE people (name TEXT)")
    conn.execute("INSERT INTO people VALUES ('x')")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(ProjectError, match="without interviewkit's tables"):
        Project(path)
    assert digest(path) == before


def test_a_folder_is_not_a_project(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="is a folder"):
        Project(tmp_path)


@pytest.fixture
def readonly_project(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "ro.db"
    t = transcript("a", city="Bonn")
    with Project.create(path, codebook=book(tmp_path)) as project:
        project.add_transcripts([t])
        project.store_auto_codings([suggestion(t, 2, "economy", "port")])
    path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    yield path
    path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_readonly_file_reads_and_refuses_writes(readonly_project: Path) -> None:
    before = digest(readonly_project)
    with Project(readonly_project) as project:
        assert project.readonly
        assert len(project.segments()) == 1
        assert project.status().documents == 1
        assert project.transcript("a").metadata["city"] == "Bonn"
        with pytest.raises(ProjectError, match="read-only") as info:
            project.tag("a", 2, "economy", coder="anna")
        assert "copy" in (info.value.hint or "")
        with pytest.raises(ProjectError, match="read-only"):
            project.add_transcripts([transcript("b")])
    assert digest(readonly_project) == before
    assert sorted(p.name for p in readonly_project.parent.iterdir() if p.name.startswith("ro"))\
        == ["ro.db"]


def test_old_readonly_project_cannot_be_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _first_schema_project(path)
    before = digest(path)
    os.chmod(path, stat.S_IRUSR)
    try:
        with pytest.raises(ProjectError, match=r"older interviewkit.*read-only"):
            Project(path)
    finally:
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    assert digest(path) == before


def test_a_failed_action_leaves_nothing_behind(tmp_path: Path) -> None:
    """One transaction per action: an error half-way rolls everything back."""
    with Project.create(tmp_path / "p.db", codebook=book(tmp_path)) as project:
        good = transcript("good")
        bad = transcript("bad")
        with pytest.raises(DataError, match="two transcripts have the id 'good'"):
            project.add_transcripts([good, bad, transcript("good")])  # the id comes twice
        assert project.doc_ids() == []
