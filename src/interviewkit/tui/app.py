"""``interviewkit review``: code a transcript by keyboard, every key stored at once.

Three panes: the documents with each one's progress, the transcript, and the
codebook with the definition and criteria of the code in question. The app
only shows the :class:`~interviewkit.tui.session.Session` and forwards keys
to it; the session stores each action in its own transaction.

Why this module is long: it is one Textual app, and Textual sends each key to an
``action_*`` method of the app; every such method is a few lines that forward to
the session (what the keys are is in :mod:`.keys`, how things look in :mod:`.render`).
"""

from __future__ import annotations

import gc
from contextlib import suppress
from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import OptionList, Tree
from textual.widgets.option_list import Option
from textual.widgets.tree import TreeNode

from interviewkit.display import visible
from interviewkit.errors import InterviewkitError
from interviewkit.tui.keys import BINDINGS, CODE_KEYS, help_rows
from interviewkit.tui.lines import Line
from interviewkit.tui.render import Look, code_colors, code_detail, sentences, word_ends
from interviewkit.tui.screens import CodePicker, HelpScreen, TextPrompt
from interviewkit.tui.session import Chip, Session
from interviewkit.tui.transcript import TranscriptView

#: Seconds after the last move before "where the coder left off" is stored.
REMEMBER_AFTER = 0.5
#: Seconds a first digit waits for a second one, when there are more than ten codes.
TYPED_WAIT = 0.8


class ReviewApp(App[None]):
    """The review app on an open project, for one coder."""

    TITLE = "interviewkit review"
    ENABLE_COMMAND_PALETTE = False
    CSS_PATH = "review.tcss"
    BINDINGS: ClassVar[list[BindingType]] = BINDINGS

    def __init__(self, session: Session, *, doc_id: str | None = None) -> None:
        super().__init__()
        self.session = session
        self.start_doc = doc_id
        self.chip: int | None = None
        self.selection: tuple[int, int] | None = None
        self.search_text = ""
        self.message = ""
        self.detail_code: str | None = None
        self._detail_shown: str | None = None
        self._save_timer: Timer | None = None
        many = len(session.codes) > len(CODE_KEYS)
        self.numbers = {
            code.id: str(i + 1) if many else CODE_KEYS[i]
            for i, code in enumerate(session.codes if many else session.codes[:10])
        }
        self._typed = ""
        self._typed_timer: Timer | None = None
        #: An unexpected error that ended the app, for the command line to report.
        self.crash: BaseException | None = None

    # -- an unexpected error ------------------------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        if self.crash is None:
            self.crash = error
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        """End the app without Textual's crash screen, which lists local variables.

        Those would be transcript text and memos, which are confidential; the
        command line's error boundary reports the error instead (its kind, and
        a traceback without local variables only with --debug).
        """
        self.bell()
        self._close_messages_no_wait()

    # -- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            documents = OptionList(id="documents")
            documents.border_title = "Documents"
            yield documents
            yield TranscriptView(self.session, id="transcript")
            with Vertical(id="codebook"):
                tree: Tree[str] = Tree("Codebook", id="codes")
                tree.show_root = False
                yield tree
                yield Line(id="code-text", wrap=True)
        yield Line(id="message")
        yield Line(id="status")

    def on_mount(self) -> None:
        self.query_one("#codebook").border_title = "Codebook"
        self._fill_tree()
        if self.session.doc is None or self.start_doc is not None:
            self.session.resume(self.start_doc)
        self._fill_documents()
        self._open_view()
        self.query_one(TranscriptView).focus()

    def _fill_documents(self) -> None:
        documents = self.query_one("#documents", OptionList)
        documents.clear_options()
        documents.add_options(Option(self._doc_label(d), d) for d in self.session.doc_ids)
        documents.highlighted = self.session.doc_ids.index(self.session.doc_id)

    def _doc_label(self, doc_id: str) -> Text:
        done, total = self.session.progress.get(doc_id, (0, 0))
        share = f"{100 * done // total:3d}%" if total else "   –"
        style = "bold" if self.session.doc and doc_id == self.session.doc_id else ""
        label = Text.assemble((share, "dim"), " ", (visible(doc_id), style))
        label.no_wrap, label.overflow = True, "ellipsis"
        return label

    def _fill_tree(self) -> None:
        tree = self.query_one("#codes", Tree)
        colors = code_colors(self.session)
        nodes: dict[str, TreeNode[str]] = {}
        for code in self.session.codes:
            parent = nodes.get(code.parent or "", tree.root)
            color = colors[code.id]
            label = Text.assemble(
                (f"{self.numbers.get(code.id, ' ')} ", "bold"),
                (" ", f"on {color}"),
                f" {visible(code.name)}",
            )
            nodes[code.id] = parent.add(label, data=code.id, expand=True)
            if not any(c.parent == code.id for c in self.session.codes):
                nodes[code.id].allow_expand = False

    def _open_view(self) -> None:
        """Show the session's document from scratch."""
        self.chip, self.selection = self._first_pending(), None
        view = self.query_one(TranscriptView)
        view.look = self._look()
        view.rebuild()
        view.scroll_to_unit(self.session.cursor)
        self._show_detail()
        self._update_status()
        # The rendered transcript is many long-lived objects: keep them out of the
        # garbage collector's full passes, which would otherwise stall a key press.
        gc.collect()
        gc.freeze()

    # -- what is shown -----------------------------------------------------------------

    def _look(self) -> Look:
        return Look(chip=self.chip, selection=self.selection, search=self.search_text)

    def _chips(self) -> list[Chip]:
        return self.session.chips(self.session.cursor)

    def _first_pending(self) -> int | None:
        chips = self._chips() if self.session.units else []
        return next((i for i, c in enumerate(chips) if c.kind == "pending"), None)

    def _selected(self) -> Chip | None:
        chips = self._chips()
        return chips[self.chip] if self.chip is not None and self.chip < len(chips) else None

    def _update_status(self) -> None:
        s = self.session
        done, total = s.progress.get(s.doc_id, (0, 0))
        share = f"{100 * done // total}%" if total else "–"
        others = "" if s.show_others else " · others hidden"
        status = (
            f" {s.doc_id} · unit {s.cursor} of {len(s.units)} · reviewed {share} · "
            f"coder {s.coder}{others} · ? help"
        )
        self.query_one("#status", Line).show(status)
        self.query_one("#message", Line).show(f" {self.message}")

    def _show_detail(self, code_id: str | None = None) -> None:
        chip = self._selected()
        code_id = code_id or (chip.coding.code if chip else None) or self.detail_code
        code = next((c for c in self.session.codes if c.id == code_id), None)
        if code is not None and code.id == self._detail_shown:
            return  # unchanged: repainting it would lay out the whole screen again
        self._detail_shown = code.id if code is not None else None
        if code is None:
            self.query_one("#code-text", Line).show(
                Text(
                    "Select a code (h/l on a unit, or in the tree) to see its definition.",
                    style="dim",
                )
            )
            return
        self.detail_code = code.id
        text = code_detail(code, code_colors(self.session)[code.id])
        self.query_one("#code-text", Line).show(text)

    def _changed(self, *, moved: bool = False, units: tuple[int, ...] = ()) -> None:
        """Repaint what a key changed: the cursor's unit (and ``units``), status, detail."""
        view = self.query_one(TranscriptView)
        view.look = self._look()
        if moved:
            view.move_cursor(view.look)
            self._remember_soon()
        view.update_units(self.session.cursor, *units)
        self._show_detail()
        self._update_status()

    def _say(self, message: str) -> None:
        self.message = message
        self._update_status()

    # -- moving ---------------------------------------------------------------------------

    def _moved(self) -> None:
        self.chip, self.selection = self._first_pending(), None
        self._changed(moved=True)

    def action_move(self, delta: int) -> None:
        self.session.move(delta)
        self._moved()

    def action_first(self) -> None:
        self.session.goto(1)
        self._moved()

    def action_last(self) -> None:
        self.session.goto(len(self.session.units))
        self._moved()

    def action_next_pending(self) -> None:
        if self.session.next_to_review():
            self._say("")
            self._moved()
        else:
            self._say("Every unit of this transcript is reviewed.")

    def action_chip(self, step: int) -> None:
        count = len(self._chips())
        if not count:
            return
        # The cycle includes "no code selected" (the unit itself, for a unit memo).
        position = count if self.chip is None else self.chip
        position = (position + step) % (count + 1)
        self.chip = None if position == count else position
        self._changed()

    def on_transcript_view_clicked(self, event: TranscriptView.Clicked) -> None:
        self.session.goto(event.index)
        self._moved()

    def _remember_soon(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(REMEMBER_AFTER, self._remember)

    def _remember(self) -> None:
        with suppress(InterviewkitError):  # busy or read-only: the place is not worth an error
            self.session.remember()

    # -- parts of a unit ------------------------------------------------------------------

    def action_sentence(self, step: int) -> None:
        unit = self.session.unit
        parts = sentences(self.session.text(unit), unit.start)
        if not parts:
            return
        if self.selection in parts:
            position = parts.index(self.selection) + step
        else:
            position = 0 if step > 0 else len(parts) - 1
        self.selection = parts[position] if 0 <= position < len(parts) else None
        self._changed()

    def action_extend(self, step: int) -> None:
        unit = self.session.unit
        ends = word_ends(self.session.text(unit), unit.start)
        if not ends:
            return
        if self.selection is None:
            start = (
                unit.start + len(self.session.text(unit)) - len(self.session.text(unit).lstrip())
            )
            self.selection = (start, ends[0])
            self._changed()
            return
        start, end = self.selection
        later = [e for e in ends if (e > end if step > 0 else e < end) and e > start]
        if later:
            self.selection = (start, later[0] if step > 0 else later[-1])
        self._changed()

    def action_clear(self) -> None:
        if self.selection is None and self.search_text:
            self.search_text = ""
            self.query_one(TranscriptView).look = self._look()
            self.query_one(TranscriptView).rebuild()
        self.selection = None
        self._say("")
        self._changed()

    # -- coding ---------------------------------------------------------------------------

    def _do(self, work: str, *args: object) -> None:
        """Run a session action; show what was stored, or why nothing was."""
        session = self.session
        doc_before = session.doc_id
        cursor_before = session.cursor
        selected = self._selected()
        try:
            action = getattr(session, work)(*args)
        except InterviewkitError as exc:
            self._say(f"Not done: {exc.message}")
            return
        if session.doc_id != doc_before:
            self._open_view()
            self._fill_documents()
        else:
            moved = session.cursor != cursor_before
            if moved:
                self.chip, self.selection = self._first_pending(), None
            else:
                # The chips are sorted anew (a rejected one goes last): stay on the same
                # code, so that the next key acts on what the coder sees selected.
                self.chip = self._same_chip(selected)
            self._changed(moved=moved, units=(cursor_before,))
            documents = self.query_one("#documents", OptionList)
            documents.replace_option_prompt_at_index(
                session.doc_ids.index(session.doc_id), self._doc_label(session.doc_id)
            )
        self._say(action.label if action is not None else "Nothing to " + work + ".")

    def action_accept(self) -> None:
        chip = self._selected() or self._pending_chip()
        self._do("review", [chip] if chip else [], "accepted")

    def action_reject(self) -> None:
        chip = self._selected() or self._pending_chip()
        if chip is not None and chip.kind == "mine":
            self._do("remove", chip)
        else:
            self._do("review", [chip] if chip else [], "rejected")

    def _same_chip(self, before: Chip | None) -> int | None:
        chips = self._chips()
        if before is not None:
            code = before.coding.code
            for i, chip in enumerate(chips):
                if chip.coding.key == before.coding.key:
                    return i
            for i, chip in enumerate(chips):  # the coding was replaced (removed, re-tagged)
                if chip.coding.code == code:
                    return i
        if self.chip is not None and self.chip >= len(chips):
            return len(chips) - 1 if chips else None
        return self.chip

    def _pending_chip(self) -> Chip | None:
        return next((c for c in self._chips() if c.kind == "pending"), None)

    def action_accept_all(self) -> None:
        self._do("review", [c for c in self._chips() if c.kind == "pending"], "accepted")

    def action_reject_all(self) -> None:
        self._do("review", [c for c in self._chips() if c.kind == "pending"], "rejected")

    def action_code(self, number: int) -> None:
        """A number key: the code of that number; with more than ten codes, one or two
        digits typed one after the other (``1`` ``2``: code 12)."""
        codes = self.session.codes
        if len(codes) <= len(CODE_KEYS):
            if number < len(codes):
                self._apply(codes[number].id)
            return
        self._typed += CODE_KEYS[number]
        if self._typed_timer is not None:
            self._typed_timer.stop()
        if len(self._typed) >= len(str(len(codes))):
            self._apply_typed()
        else:
            self._say(f"Code {self._typed}…")
            self._typed_timer = self.set_timer(TYPED_WAIT, self._apply_typed)

    def _apply_typed(self) -> None:
        typed, self._typed = self._typed, ""
        self._typed_timer = None
        number = int(typed) if typed.strip("0") else 10  # 0 alone is the tenth, as on 1 … 9, 0
        if 1 <= number <= len(self.session.codes):
            self._apply(self.session.codes[number - 1].id)
        else:
            self._say(f"Not done: there is no code {typed} (1 to {len(self.session.codes)})")

    def _apply(self, code_id: str) -> None:
        if self.selection is not None:
            start, end = self.selection
            mine = [
                c
                for c in self._chips()
                if c.kind == "mine"
                and c.coding.code == code_id
                and (c.coding.start, c.coding.end) == (start, end)
            ]
            if mine:
                self._do("remove", mine[0])
            else:
                self._do("tag", code_id, start, end)
            self.selection = None
            self._changed()
        else:
            self._do("toggle", code_id)
        self._show_detail(code_id)

    def action_pick_code(self) -> None:
        choices = [(c.id, self.numbers.get(c.id, ""), visible(c.name)) for c in self.session.codes]
        what = "the selected part" if self.selection else f"unit {self.session.cursor}"

        def chosen(code_id: str | None) -> None:
            if code_id:
                self._apply(code_id)

        self.push_screen(CodePicker(choices, f"Apply or remove a code on {what}"), chosen)

    def on_tree_node_selected(self, event: Tree.NodeSelected[str]) -> None:
        if event.node.data:
            self._apply(event.node.data)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        if event.node.data:
            self._show_detail(event.node.data)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "documents" and event.option.id:
            self._open_doc(event.option.id)
            self.query_one(TranscriptView).focus()

    def action_doc(self, step: int) -> None:
        ids = self.session.doc_ids
        self._open_doc(ids[(ids.index(self.session.doc_id) + step) % len(ids)])

    def _open_doc(self, doc_id: str) -> None:
        self._remember()
        self.session.open(doc_id)
        self._fill_documents()
        self._open_view()
        self._say("")

    def action_memo(self) -> None:
        chip = self._selected()
        if chip is not None:
            on = f"the coding {self.session.name(chip.coding.code)} on unit {self.session.cursor}"
            note = f"Memo so far: {chip.coding.memo}" if chip.coding.memo else ""
        else:
            on, note = f"unit {self.session.cursor}", "(select a code with h/l to write on it)"

        def written(text: str | None) -> None:
            if text:
                self._do("memo", text, chip)

        self.push_screen(TextPrompt(f"Memo on {on}", note=note), written)

    def action_undo(self) -> None:
        self._history("undo")

    def action_redo(self) -> None:
        self._history("redo")

    def _history(self, which: str) -> None:
        doc_before, cursor_before = self.session.doc_id, self.session.cursor
        try:
            action = getattr(self.session, which)()
        except InterviewkitError as exc:
            self._say(f"Not done: {exc.message}")
            return
        if action is None:
            self._say(f"Nothing to {which}.")
            return
        if self.session.doc_id != doc_before:
            self._fill_documents()
            self._open_view()
        else:
            self.chip, self.selection = self._first_pending(), None
            self._changed(moved=self.session.cursor != cursor_before, units=(cursor_before,))
            documents = self.query_one("#documents", OptionList)
            documents.replace_option_prompt_at_index(
                self.session.doc_ids.index(self.session.doc_id),
                self._doc_label(self.session.doc_id),
            )
        self._say(f"{'Undone' if which == 'undo' else 'Redone'}: {action.label}")

    # -- search, others, help -----------------------------------------------------------

    def action_search(self) -> None:
        def search(text: str | None) -> None:
            if text is None:
                return
            self.search_text = text.strip()
            view = self.query_one(TranscriptView)
            view.look = self._look()
            view.rebuild()
            self.action_search_next()

        self.push_screen(
            TextPrompt(
                "Search the transcript",
                value=self.search_text,
                placeholder="words to find (Enter jumps to the next)",
            ),
            search,
        )

    def action_search_next(self) -> None:
        if not self.search_text:
            self._say("Nothing to search for: press / first.")
            return
        found = self.session.find(self.search_text)
        if found is None:
            self._say(f"'{self.search_text}' is not in this transcript.")
            return
        self.session.goto(found)
        self._say(f"'{self.search_text}' in unit {found} (N: next)")
        self._moved()

    def action_others(self) -> None:
        self.session.show_others = not self.session.show_others
        self.chip = self._first_pending()
        self.query_one(TranscriptView).rebuild()
        self._say("Other coders' work " + ("shown." if self.session.show_others else "hidden."))

    def action_theme(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"
        self.call_after_refresh(self._repaint)  # once the new theme's styles apply

    def _repaint(self) -> None:
        """Draw the lines again that hold the theme's colours."""
        self.query_one(TranscriptView).rebuild()
        for line in self.query(Line):
            line.refresh_lines()

    def action_help(self) -> None:
        self.push_screen(HelpScreen(help_rows(self.BINDINGS)))

    async def action_quit(self) -> None:
        self._remember()
        self.exit()
