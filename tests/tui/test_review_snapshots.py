"""Snapshots of the review app's main screens (pytest-textual-snapshot), at fixed sizes.

Update them after an intended change of the look with ``pytest --snapshot-update``
and look at the report before keeping them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewkit.store import Project
from interviewkit.tui.app import ReviewApp
from interviewkit.tui.session import Session


def _app(path: Path, doc: str = "de_01", *, theme: str | None = None) -> ReviewApp:
    with Project(path) as project:
        project.tag("de_01", 6, "prestige", coder="bob")
    session = Session(Project(path), "anna")
    session.open(doc, 1)
    app = ReviewApp(session)
    if theme:
        app.theme = theme
    return app


@pytest.mark.parametrize("size", [(80, 24), (120, 32)])
def test_main_screen(snap_compare, project_file: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    # Accept one suggestion, select a sentence on the next unit: every kind of mark shows.
    assert snap_compare(_app(project_file), press=["n", "a", "j", "j", "s"],
                        terminal_size=size)


def test_main_screen_light_theme(snap_compare, project_file: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(_app(project_file, theme="textual-light"), press=["n", "l"],
                        terminal_size=(80, 24))


def test_chinese_transcript_wraps_by_cells(snap_compare, project_file: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(_app(project_file, "zh_01"), press=["j"], terminal_size=(80, 24))


def test_help_screen(snap_compare, project_file: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(_app(project_file), press=["question_mark"], terminal_size=(80, 24))


def test_code_search(snap_compare, project_file: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(_app(project_file), press=["c", "p", "r", "e"], terminal_size=(80, 24))
