"""A hierarchy of codes that loops (a code its own parent, A → B → A) is refused on every path.

Before, such a codebook (from a merged or imported project) made ``themes``
run until killed. Each path that builds or changes a codebook is tried here:
a file, the model itself, the project's stored codebook, a merge, a REFI-QDA
import. Commands run in a subprocess with a timeout, so a loop that comes
back fails the test instead of hanging the suite.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from interviewkit.codebook import Code, Codebook, load_codebook
from interviewkit.codebook.model import find_cycle
from interviewkit.errors import CodebookError, ProjectError
from interviewkit.store import Project
from tests.conftest import DATA
from tests.hostile import assert_no_crash, folder_state, project_state, run_bounded
from tests.store.factory import BOOK, book, suggestion, transcript, write_book

A = transcript("a", city="Bonn")


def _project(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    with Project.create(path, codebook=book(tmp_path)) as project:
        project.add_transcripts([A])
        project.store_auto_codings([suggestion(A, 2, "economy", "port")], doc_ids=["a"])
    return path


def _loop(path: Path, sql: str) -> None:
    """Make the stored codes loop, as a project written by another tool could."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(sql)
    conn.close()


# --------------------------------------------------------------------------- the model


@pytest.mark.parametrize(
    ("parents", "cycle"),
    [
        ({"a": "a"}, ("a", "a")),
        ({"a": "b", "b": "a"}, ("a", "b", "a")),
        ({"x": None, "a": "x", "b": "c", "c": "d", "d": "b"}, ("b", "c", "d", "b")),
        ({"a": None, "b": "a", "c": "b", "d": "missing"}, None),
    ],
)
def test_find_cycle(parents: dict[str, str | None], cycle: tuple[str, ...] | None) -> None:
    assert find_cycle(parents) == cycle


def test_find_cycle_is_linear_on_a_deep_chain() -> None:
    chain: dict[str, str | None] = {f"c{i}": f"c{i - 1}" if i else None for i in range(200_000)}
    assert find_cycle(chain) is None
    chain["c0"] = "c199999"
    found = find_cycle(chain)
    assert found is not None and len(found) == 200_001


def test_a_codebook_that_loops_cannot_be_built() -> None:
    with pytest.raises(CodebookError, match=r"form a cycle: a → b → a") as caught:
        Codebook("study", "1", (Code("a", "A", parent="b"), Code("b", "B", parent="a")))
    assert "another parent" in (caught.value.hint or "")
    with pytest.raises(CodebookError, match=r"cycle: self → self"):
        Codebook("study", "1", (Code("self", "Self", parent="self"),))


def test_a_deep_hierarchy_walks_without_recursion() -> None:
    codes = tuple(Code(f"c{i}", f"C{i}", parent=f"c{i - 1}" if i else None) for i in range(5000))
    tree = Codebook("deep", "1", codes)
    assert [c.id for c in tree.walk()] == [c.id for c in codes]
    assert len(tree.descendants("c0")) == 4999
    assert tree.ancestors("c4999")[-1] == "c0"


# --------------------------------------------------------------------------- files


def test_a_yaml_codebook_that_loops_names_the_codes_and_lines(tmp_path: Path) -> None:
    path = write_book(
        tmp_path,
        "name: s\nversion: 1\ncodes:\n"
        "  - id: a\n    name: A\n    parent: b\n"
        "  - id: b\n    name: B\n    parent: a\n"
        "  - id: c\n    name: C\n    parent: c\n",
    )
    with pytest.raises(CodebookError) as caught:
        load_codebook(path)
    assert caught.value.problems == [
        f"{path}:6: codes[0].parent: the parents form a cycle: a → b → a",
        f"{path}:9: codes[1].parent: the parents form a cycle: b → a → b",
        f"{path}:12: codes[2].parent: the parents form a cycle: c → c",
    ]


def test_a_codebook_sheet_that_loops_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "book.csv"
    path.write_text("id,name,parent\na,A,b\nb,B,a\n", encoding="utf-8")
    with pytest.raises(CodebookError) as caught:
        load_codebook(path)
    assert caught.value.problems == [
        f"{path}:2: row 2.parent: the parents form a cycle: a → b → a",
        f"{path}:3: row 3.parent: the parents form a cycle: b → a → b",
    ]


# --------------------------------------------------------------------------- the project


def test_a_stored_codebook_that_loops_is_refused_not_looped_over(tmp_path: Path) -> None:
    db = _project(tmp_path, "loop.db")
    _loop(db, "UPDATE codes SET parent = 'economy' WHERE code_id = 'drivers'")
    before = project_state(db)
    run = run_bounded("themes", "-p", db, cwd=tmp_path, timeout=60)
    assert_no_crash(run)
    assert run.exit_code == 1, run
    assert "form a cycle: drivers → economy → drivers" in run.stderr
    assert "Hint: Load the codebook file again" in run.stderr
    assert project_state(db) == before
    # Loading the codebook file again mends it.
    run = run_bounded("codebook", "load", write_book(tmp_path), "-p", db, cwd=tmp_path)
    assert run.exit_code == 0, run
    assert run_bounded("themes", "-p", db, cwd=tmp_path).exit_code == 0


def test_merging_a_project_whose_codebook_loops_is_refused(tmp_path: Path) -> None:
    theirs = _project(tmp_path, "theirs.db")
    _loop(theirs, "UPDATE codes SET parent = 'prestige' WHERE code_id = 'drivers'")
    ours = tmp_path / "ours.db"
    Project.create(ours).close()
    before = project_state(ours)
    with Project(ours) as project, pytest.raises(ProjectError) as caught:
        project.merge(theirs)
    assert f"{theirs} cannot be merged" in caught.value.message
    assert "cycle: drivers → prestige → drivers" in caught.value.message
    assert project_state(ours) == before


def test_merging_codes_that_loop_among_retired_ones_is_refused(tmp_path: Path) -> None:
    ours, theirs = _project(tmp_path, "ours.db"), _project(tmp_path, "theirs.db")
    _loop(
        theirs,
        "INSERT INTO codes (code_id, name, parent, position, retired, added_in, changed_in) "
        "VALUES ('x', 'X', 'y', 10, 1, 1, 1), ('y', 'Y', 'x', 11, 1, 1, 1)",
    )
    before = project_state(ours)
    folder = folder_state(tmp_path)
    run = run_bounded("merge", theirs, "-p", ours, cwd=tmp_path)
    assert_no_crash(run)
    assert run.exit_code == 1, run
    assert "cannot be merged: the parents of the codes would form a cycle: x → y → x" in run.stderr
    assert "nothing was merged" in run.stderr
    assert project_state(ours) == before
    assert folder_state(tmp_path) == folder


def test_importing_into_a_project_whose_codebook_loops_is_refused(tmp_path: Path) -> None:
    db = _project(tmp_path, "loop.db")
    _loop(db, "UPDATE codes SET parent = 'economy' WHERE code_id = 'drivers'")
    before = project_state(db)
    run = run_bounded("import", DATA / "refi" / "small_codebook.qdc", "-p", db, cwd=tmp_path)
    assert_no_crash(run)
    assert run.exit_code == 1, run
    assert "cycle: drivers → economy → drivers" in run.stderr
    assert project_state(db) == before


def test_an_import_plan_that_would_loop_is_refused() -> None:
    """What a REFI-QDA import hands to the store is a Codebook: it cannot loop either."""
    from interviewkit.refi.codes import CodePlan

    current = Codebook("s", "1", (Code("a", "A"), Code("b", "B", parent="a")))
    plan = CodePlan(new=[Code("a", "A again", parent="b")])
    with pytest.raises(CodebookError, match="cycle"):
        plan.codebook(current, name="s", source="x.qdc")


def test_the_shipped_book_still_loads(tmp_path: Path) -> None:
    assert len(load_codebook(write_book(tmp_path, BOOK))) == 4
