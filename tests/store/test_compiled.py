"""A project keeps its compiled codebook with its codebook version (migration 9)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from interviewkit.coding import Coder
from interviewkit.coding import compiler as compiling
from interviewkit.coding.cache import DiskCache, cache_dir
from interviewkit.coding.pipeline import get_pipeline
from interviewkit.coding.stored import compiled_from_data
from interviewkit.store import Project
from interviewkit.store.migrations import migrate
from interviewkit.workflow import autocode
from tests.store.factory import BOOK, book, transcript

GLOB_BOOK = BOOK.replace("de: [Hafen, Handel]", "de: [Hafen, Handel, '*partnerschaft*']").replace(
    "en: [trade, port]", "en: [trade, port, 'partner*', 'cit* hall']"
)


def _project(tmp_path: Path, text: str = GLOB_BOOK) -> Project:
    project = Project.create(tmp_path / "p.db", book(tmp_path, text))
    project.add_transcripts(
        [
            transcript("en1", city="Bonn"),
            transcript("en2", [("I", "Where?"), ("R", "At city hall, with our partners.")]),
            transcript(
                "de1",
                [("I", "Und?"), ("B", "Die Städtepartnerschaft und der Hafen, kein Handel.")],
                language="de",
            ),
        ]
    )
    return project


def _rows(project: Project) -> list[tuple[str, str]]:
    with sqlite3.connect(project.path) as conn:
        return conn.execute(
            "SELECT kind, codebook_version FROM compiled_codebooks ORDER BY kind"
        ).fetchall()


def _suggestions(project: Project) -> list[tuple[object, ...]]:
    frame = project.segments()
    return sorted(zip(frame["doc_id"], frame["unit"], frame["code"], frame["evidence"], strict=True))


def _no_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(compiling, "compile_rules", refuse)
    monkeypatch.setattr("interviewkit.coding.matcher.compile_rules", refuse)


def test_autocode_keeps_the_compiled_codebook_in_the_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path)
    (tmp_path / "fresh").mkdir()
    fresh = _project(tmp_path / "fresh")
    autocode(fresh, Coder(fresh.codebook(), cache=False))  # nothing kept anywhere
    assert _rows(fresh) == [] and DiskCache(cache_dir()).entries() == []

    autocode(project, Coder(project.codebook()))
    kinds = [kind for kind, _ in _rows(project)]
    assert kinds == ["rules-de", "rules-en"]
    assert [kind for kind, _, _ in project.compiled_store().kinds()] == kinds
    assert _suggestions(project) == _suggestions(fresh)
    # The next run takes it from the project, even with the user's cache emptied.
    DiskCache(cache_dir()).clear()
    _no_compiling(monkeypatch)
    coder = Coder(project.codebook())
    autocode(project, coder)
    assert coder.store is None  # the coder is given back as it was
    assert _suggestions(project) == _suggestions(fresh)


def test_the_users_cache_fills_the_project_and_no_cache_uses_neither(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path)
    Coder(project.codebook()).matcher("en")  # compiled into the user's cache only
    assert _rows(project) == []
    monkeypatch.setenv("INTERVIEWKIT_NO_CACHE", "1")
    autocode(project, Coder(project.codebook()))
    assert _rows(project) == []
    monkeypatch.delenv("INTERVIEWKIT_NO_CACHE")
    autocode(project, Coder(project.codebook()), doc_ids=["en1"])
    assert [kind for kind, _ in _rows(project)] == ["rules-en"]


def test_a_changed_codebook_drops_what_was_compiled_from_the_old_one(tmp_path: Path) -> None:
    project = _project(tmp_path)
    autocode(project, Coder(project.codebook()))
    before = _rows(project)
    assert len({version for _, version in before}) == 1
    project.load_codebook(book(tmp_path, GLOB_BOOK))  # the same codebook again: kept
    assert _rows(project) == before
    project.load_codebook(book(tmp_path, GLOB_BOOK.replace("[image]", "[image, brand]")))
    assert _rows(project) == []
    autocode(project, Coder(project.codebook()))
    after = _rows(project)
    assert [kind for kind, _ in after] == ["rules-de", "rules-en"]
    assert {version for _, version in after}.isdisjoint(version for _, version in before)


def test_the_table_is_no_change_of_the_project_and_undo_is_not_refused(tmp_path: Path) -> None:
    _project(tmp_path).close()
    path = tmp_path / "p.db"
    with Project(path) as project:  # each block: one command, one run of the log
        runs_before = len(project.log())
        store = project.compiled_store()
        store.put("rules-xx", "k1", {"a": 1})  # a write of the cache alone
        assert store.get("rules-xx", "k1") == {"a": 1}
        assert len(project.log()) == runs_before  # no run, no change recorded
    with Project(path) as project:
        autocode(project, Coder(project.codebook()))
        run = project.log()[-1]
        assert "compiled_codebooks" not in run.changes
        assert run.changes["codings"]["insert"] > 0
    with Project(path) as project:  # compiled again in a later run (another kind)
        project.compiled_store().put("rules-yy", "k2", {"b": 2})
    with Project(path) as project:
        project.undo(run.id)  # not refused
        assert project.segments().empty
        # The cache is not part of what is undone.
        assert project.compiled_store().get("rules-yy", "k2") == {"b": 2}
        assert len(project.log()) == runs_before + 2  # the autocode and its undo


def test_rows_that_do_not_check_out_are_ignored(tmp_path: Path) -> None:
    project = _project(tmp_path)
    store = project.compiled_store()
    store.put("rules-en", "key", {"x": [1, 2]})
    with sqlite3.connect(project.path) as conn:
        for data, digest in (
            ('{"x":[1,3]}', None),  # changed without its checksum
            ("not json", hashlib.sha256(b"not json").hexdigest()),
            ('{"x":[1,2]}', hashlib.sha256(b'{"x":[1,2]}').hexdigest()),  # good again
        ):
            conn.execute(
                "UPDATE compiled_codebooks SET data = ?, sha256 = COALESCE(?, sha256)",
                (data, digest),
            )
            conn.commit()
            expected = {"x": [1, 2]} if data.endswith("2]}") else None
            assert store.get("rules-en", "key") == expected
        conn.execute("UPDATE compiled_codebooks SET codebook_version = 'another'")
        conn.commit()
    assert store.get("rules-en", "key") is None  # compiled from another codebook


def test_a_forged_expression_in_the_project_never_runs(tmp_path: Path) -> None:
    """Only words are taken from a stored codebook; every expression is made again."""
    project = _project(tmp_path)
    autocode(project, Coder(project.codebook(), cache=False))
    expected = _suggestions(project)
    evidence = " ".join(str(row[3]) for row in expected)
    assert "glob:partner*" in evidence and "glob:cit* hall" in evidence  # what a forgery would change
    autocode(project, Coder(project.codebook()))
    with sqlite3.connect(project.path) as conn:
        kind, key, text = conn.execute(
            "SELECT kind, key, data FROM compiled_codebooks WHERE kind = 'rules-en'"
        ).fetchone()
        data = json.loads(text)
        data["types"] = [[idx, "(a+)+$", "a"] for idx, _, _ in data["types"]]
        for _, pattern in data["patterns"]:
            for token in pattern:
                if "REGEX" in token["LOWER"]:
                    token["LOWER"]["REGEX"] = "(a+)+$"
        forged = json.dumps(data)
        conn.execute(
            "UPDATE compiled_codebooks SET data = ?, sha256 = ? WHERE kind = ?",
            (forged, hashlib.sha256(forged.encode()).hexdigest(), kind),
        )
        conn.commit()
    DiskCache(cache_dir()).clear()
    store = project.compiled_store()
    assert store.get(kind, key) == data  # the row checks out: it is read
    autocode(project, Coder(project.codebook()))
    assert _suggestions(project) == expected
    # Its expressions were made afresh from the codebook, its words kept.
    codebook = project.codebook()
    assert codebook is not None
    made, _, _ = compiled_from_data(data, codebook, "en")
    fresh = compiling.compile_rules(codebook, "en", get_pipeline("en"))
    assert made.types == fresh.types and made.patterns == fresh.patterns
    assert made.regexes == fresh.regexes and made.phrases == fresh.phrases


def test_a_read_only_project_is_let_be(tmp_path: Path) -> None:
    project = _project(tmp_path)
    project.close()
    path = tmp_path / "p.db"
    path.chmod(0o444)
    try:
        readonly = Project(path)
        assert readonly.readonly
        readonly.compiled_store().put("rules-en", "k", {"a": 1})  # no error, nothing kept
        assert readonly.compiled_store().get("rules-en", "k") is None
        readonly.close()
    finally:
        path.chmod(0o644)


def test_an_older_project_gets_the_table(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    migrate(conn, target=8)
    conn.execute("COMMIT")
    conn.close()
    with Project(path) as project:
        assert project.status().schema_version == 9
        assert project.compiled_store().kinds() == []
