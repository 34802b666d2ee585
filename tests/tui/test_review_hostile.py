"""The review app shows data as written: no markup read from it, no escape sequence sent on.

A code named ``[/]``, a memo about ``Costs [EUR]``, a transcript with
``[laughs]`` or with terminal escape sequences are all shown literally; an
unexpected error ends the app without the crash screen, which would list
local variables (transcript text, memos).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewkit.codebook import Code, Codebook
from interviewkit.store import Project
from interviewkit.tui.app import ReviewApp
from interviewkit.tui.session import Session
from tests.store.factory import suggestion, transcript

SIZE = (100, 30)
pytestmark = pytest.mark.anyio
ESCAPES = "\x1b]0;owned\x07\x1b[2J"

BOOK = Codebook(
    "[bold]CB[/]",
    "1",
    (
        Code("close", "[/]", description="Closes [i]nothing[/i]"),
        Code("bold", f"[bold]Loud[/] {ESCAPES}"),
    ),
)
TURNS = [
    ("I", "What did it cost?"),
    ("R", f"Costs [EUR] were high [laughs]. {ESCAPES}Really."),
]


@pytest.fixture
def hostile_project(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    doc = transcript(f"doc[/]{ESCAPES}", TURNS)
    with Project.create(path, BOOK) as project:
        project.add_transcripts([doc])
        project.store_auto_codings([suggestion(doc, 2, "close", "Costs")])
        project.tag(doc.id, 2, "bold", coder="anna", memo="Costs [EUR] and [laughs]")
        project.memo(
            "A unit memo [laughs] " + ESCAPES,
            coder="anna",
            doc_id=doc.id,
            unit_index=2,
            code="bold",
        )
    return path


def _strips_text(app: ReviewApp) -> str:
    view = app.query_one("#transcript")
    return "\n".join(strip.text for block in view._blocks for strip in block)


async def test_names_memos_and_text_are_shown_as_written(hostile_project: Path) -> None:
    session = Session(Project(hostile_project), "anna")
    session.open(session.doc_ids[0], 2)
    app = ReviewApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = _strips_text(app)
        assert "Costs [EUR] were high [laughs]." in shown
        assert "[/]" in shown and "[bold]Loud[/]" in shown
        assert "\x1b" not in shown and "\x07" not in shown
        assert "␛]0;owned␇␛[2J" in shown
        tree = app.query_one("#codes")
        labels = [str(node.label) for node in tree.root.children]
        assert any(label.endswith(" [/]") for label in labels), labels
        assert all("\x1b" not in label for label in labels)
        # The memo prompt quotes the memo so far: brackets and all.
        await pilot.press("l")  # select the first chip, anna's code with the memo
        while app._selected() is not None and app._selected().coding.memo is None:
            await pilot.press("l")
        await pilot.press("m")
        await pilot.pause()
        note = app.screen.query_one(".note")
        assert "Memo so far: Costs [EUR] and [laughs]" in str(note.render())
        title = app.screen.query_one(".title")
        assert "[bold]Loud[/]" in str(title.render())
        assert "\x1b" not in str(title.render())
        await pilot.press("escape")
        status = app.query_one("#status").text.plain
        assert "doc[/]" in status and "\x1b" not in status
    app.session.project.close()


async def test_a_crash_shows_no_local_variables(hostile_project: Path) -> None:
    session = Session(Project(hostile_project), "anna")
    session.open(session.doc_ids[0], 1)
    app = ReviewApp(session)
    secret = "confidential transcript text"

    def broken(delta: int) -> None:
        text = secret  # a local variable Textual's crash screen would print
        raise ZeroDivisionError(len(text))

    session.move = broken  # type: ignore[method-assign]
    with pytest.raises(ZeroDivisionError):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("j")
            await pilot.pause()
    assert isinstance(app.crash, ZeroDivisionError)
    assert app._exit_renderables == []  # no traceback with locals kept for the screen
    app.session.project.close()


def test_run_review_hands_a_crash_to_the_command_line(
    hostile_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from interviewkit.tui import run_review

    def crashing_run(self: ReviewApp) -> None:
        self.crash = RuntimeError("boom")

    monkeypatch.setattr(ReviewApp, "run", crashing_run)
    with pytest.raises(RuntimeError, match="boom"):
        run_review(hostile_project, coder="anna")
