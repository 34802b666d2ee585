"""The review app, driven by key presses; we check what the project file holds afterwards."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from interviewkit.store import Project
from interviewkit.tui.app import ReviewApp
from interviewkit.tui.session import Session

SIZE = (80, 24)
pytestmark = pytest.mark.anyio


def _codings(path: Path, **where: object) -> list[dict[str, object]]:
    """The project's codings as a fresh reader (another connection) sees them."""
    with Project(path) as project:
        rows = project.codings().to_dict("records")
    where = {"doc_id": "de_01", **where}
    return [r for r in rows if all(r[k] == v for k, v in where.items())]


def _decisions(path: Path, coder: str) -> list[dict[str, object]]:
    with Project(path) as project:
        rows = project.decisions().to_dict("records")
    return [r for r in rows if r["coder"] == coder]


def _app(path: Path, coder: str = "anna", doc: str | None = "de_01") -> ReviewApp:
    session = Session(Project(path), coder)
    if doc:
        session.open(doc, 1)
    return ReviewApp(session)


async def _press(app: ReviewApp, *keys: str) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
        await pilot.pause()
    app.session.project.close()


async def test_accept_and_reject_are_stored_at_once(project_file: Path) -> None:
    app = _app(project_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")  # unit 2, the first with pending suggestions
        assert app.session.cursor == 2
        await pilot.press("a")  # the first pending: economy
        # Stored before the app ends: a second reader sees it now.
        stored = _codings(project_file, unit=2, code="economy")
        assert stored[0]["status"] == "accepted"
        assert stored[0]["decisions"].startswith("anna accepted")
        # The selection stays on what was just accepted: the next key acts on what is seen.
        assert app._selected().coding.code == "economy"
        await pilot.press("h", "r")  # the other code (pending first): prestige, rejected
        assert _codings(project_file, unit=2, code="prestige")[0]["status"] == "rejected"
        assert app._selected().coding.code == "prestige"  # still selected, now last
        await pilot.press("a")  # changing one's mind acts on the same code
        assert _codings(project_file, unit=2, code="prestige")[0]["status"] == "accepted"
        await pilot.press("r")
        assert "reviewed 33%" in app.query_one("#status").text.plain
    app.session.project.close()


async def test_accept_all_then_undo_and_redo(project_file: Path) -> None:
    await _press(_app(project_file), "down", "A")
    assert {r["status"] for r in _codings(project_file, unit=2)} == {"accepted"}
    app = _app(project_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "l", "r")  # change of mind: reject the selected one
        assert _codings(project_file, unit=2, code="economy")[0]["status"] == "rejected"
        await pilot.press("u")
        assert {r["status"] for r in _codings(project_file, unit=2)} == {"accepted"}
        await pilot.press("u")  # the previous session's work is not this one's to undo
        assert {r["status"] for r in _codings(project_file, unit=2)} == {"accepted"}
        assert "Nothing to undo" in app.query_one("#message").text.plain
        await pilot.press("ctrl+r")
        assert _codings(project_file, unit=2, code="economy")[0]["status"] == "rejected"
    app.session.project.close()


async def test_number_keys_tag_and_untag_and_accept(project_file: Path) -> None:
    # Unit 6 has no suggestion: 4 tags it with Uncertainty (the 4th code), 4 again removes it.
    await _press(_app(project_file), "G", "4")
    tagged = _codings(project_file, coder="anna")
    assert [(r["unit"], r["code"], r["origin"], r["status"]) for r in tagged] == [
        (6, "uncertainty", "manual", "accepted")
    ]
    await _press(_app(project_file), "G", "4")
    assert _codings(project_file, coder="anna") == []
    # On unit 4 the code's key accepts auto's suggestion instead of coding it anew.
    await _press(_app(project_file), "j", "j", "j", "4")
    assert _codings(project_file, unit=4)[0]["status"] == "accepted"
    assert _codings(project_file, coder="anna") == []


async def test_code_a_sentence_and_a_span(project_file: Path) -> None:
    await _press(_app(project_file), "j", "s", "s", "3")  # second sentence: "Das Image hilft auch."
    with Project(project_file) as project:
        text = project.transcript("de_01").text
    coding = _codings(project_file, coder="anna")[0]
    assert (coding["code"], text[coding["start"]:coding["end"]]) == (
        "prestige", "Das Image hilft auch.")
    await _press(_app(project_file), "j", "shift+right", "shift+right", "2")
    spans = {text[r["start"]:r["end"]] for r in _codings(project_file, coder="anna")}
    assert "Der Hafen" in spans


async def test_fuzzy_code_search_applies_the_code(project_file: Path) -> None:
    await _press(_app(project_file), "G", "c", "u", "n", "c", "e", "r", "enter")
    assert [r["code"] for r in _codings(project_file, coder="anna")] == ["uncertainty"]


async def test_memos_on_a_coding_and_on_a_unit_and_undo(project_file: Path) -> None:
    app = _app(project_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "m", *"Hafen zählt", "enter")  # the selected suggestion
        assert _codings(project_file, unit=2, code="economy")[0]["memo"] == "Hafen zählt"
        await pilot.press("h", "m", *"ganze Antwort", "enter")  # no code selected: the unit
        with Project(project_file) as project:
            memos = project.memos()
        unit_memo = memos.query("on == 'unit'")
        assert unit_memo[["unit", "coder", "text"]].values.tolist() == [[2, "anna", "ganze Antwort"]]
        assert memos.query("on == 'coding'")["coder"].tolist() == ["anna"]  # its author
        await pilot.press("u", "u")
        assert _codings(project_file, unit=2, code="economy")[0]["memo"] is None
        with Project(project_file) as project:
            assert project.memos().empty
    app.session.project.close()


async def test_another_coders_work_is_never_changed(project_file: Path) -> None:
    with Project(project_file) as project:
        project.tag("de_01", 4, "uncertainty", coder="bob", memo="bob's")
        project.review("de_01", 2, "economy", status="rejected", reviewer="bob")
    before = (_codings(project_file, coder="bob"), _decisions(project_file, "bob"))
    # anna: accept, reject, toggle the codes, memo, accept all, undo, on units 2 and 4.
    await _press(_app(project_file), "j", "l", "a", "r", "2", "A", "R", "u", "j", "j",
                 "4", "l", "r", "m", *"x", "enter", "u")
    after = (_codings(project_file, coder="bob"), _decisions(project_file, "bob"))
    assert after == before
    # Hidden with o, shown again with o.
    app = _app(project_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "j")
        assert any(c.kind == "other" for c in app.session.chips(4))  # bob's tag
        # bob's rejection is his: for anna the suggestion is still hers to decide.
        assert [c.kind for c in app.session.chips(2) if c.coding.code == "economy"] == ["pending"]
        await pilot.press("o")
        assert not any(c.kind == "other" for c in app.session.chips(4))
    app.session.project.close()


async def test_reopening_returns_where_the_coder_left_off(project_file: Path) -> None:
    await _press(_app(project_file, doc=None), "right_square_bracket", "j", "q")
    with Project(project_file) as project:
        session = Session(project, "anna")
        session.resume()
        assert (session.doc_id, session.cursor) == ("zh_01", 2)
        other = Session(project, "bob")
        other.resume()
        assert (other.doc_id, other.cursor) == ("de_01", 1)


async def test_search_jumps_to_the_unit(project_file: Path) -> None:
    app = _app(project_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"zweifel", "enter")
        assert app.session.cursor == 4
        await pilot.press("N")  # only one unit has it: stays
        assert app.session.cursor == 4
    app.session.project.close()


async def test_help_lists_every_key(project_file: Path) -> None:
    app = _app(project_file)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.press("question_mark")
        text = str(app.screen.query("Static").last().render())
        for binding in ReviewApp.BINDINGS:
            assert binding.description in text  # type: ignore[union-attr]
        await pilot.press("escape")
        assert not app.screen.is_modal
    app.session.project.close()


def test_a_read_only_project_is_shown_and_refuses_changes(project_file: Path) -> None:
    project_file.chmod(0o444)
    try:
        with Project(project_file) as project:
            session = Session(project, "anna")
            session.resume("de_01")
            session.goto(2)
            with pytest.raises(Exception, match="read-only"):
                session.toggle("economy")
    finally:
        project_file.chmod(0o644)


def test_the_core_does_not_import_textual() -> None:
    code = (
        "import sys; import interviewkit.store, interviewkit.coding, interviewkit.cli.app, "
        "interviewkit.tui; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_review_needs_a_coder_and_a_terminal(cli, project_file: Path,  # type: ignore[no-untyped-def]
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INTERVIEWKIT_CODER", raising=False)
    result = cli("review", "--project", project_file)
    assert result.exit_code == 2 and "--coder" in result.stderr
    monkeypatch.setenv("INTERVIEWKIT_CODER", "anna")
    result = cli("review", "--project", project_file)  # pytest's stdin is no terminal
    assert result.exit_code == 2 and "terminal" in result.stderr


async def test_the_final_coding_sees_each_coders_decision_beside_a_suggestion(
    project_file: Path,
) -> None:
    from interviewkit.tui.render import chip_text

    with Project(project_file) as project:
        project.review("de_01", 2, "prestige", status="accepted", reviewer="anna")
        project.review("de_01", 2, "prestige", status="rejected", reviewer="ben")
    app = _app(project_file, coder="final")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        session = app.session
        unit = session.units[1]
        chips = {c.coding.code: c for c in session.chips(2)}
        assert chips["prestige"].kind == "pending"  # final has not decided
        shown = chip_text(session, chips["prestige"], unit, {}, selected=False).plain
        assert "anna✓" in shown and "ben✗" in shown
        await pilot.press("o")  # others hidden: only final's own view
        shown = chip_text(session, chips["prestige"], unit, {}, selected=False).plain
        assert "anna" not in shown
    app.session.project.close()


async def test_more_than_ten_codes_by_typing_their_number(tmp_path: Path) -> None:
    from interviewkit.codebook import load_codebook
    from tests.store.factory import transcript

    codes = "\n".join(f"  - {{id: c{i:02d}, name: Code {i}}}" for i in range(1, 13))
    book = tmp_path / "book.yaml"
    book.write_text(f'name: many\nversion: "1"\ncodes:\n{codes}\n', encoding="utf-8")
    path = tmp_path / "many.db"
    with Project.create(path, load_codebook(book)) as project:
        project.add_transcripts([transcript("t", [("I", "Q?"), ("R", "An answer.")])])
    app = _app(path, doc="t")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "1", "2")  # code 12
        await pilot.pause(0.1)
        await pilot.press("3")  # code 3, alone after a pause
        await pilot.pause(1.2)
    app.session.project.close()
    coded = sorted(r["code"] for r in _codings(path, doc_id="t", coder="anna"))
    assert coded == ["c03", "c12"]
    assert app.numbers["c12"] == "12"
