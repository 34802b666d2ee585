"""A coder's review session: the document in view, its codings, and undoable actions.

Plain Python on top of :class:`~interviewkit.store.Project`; the Textual app
only shows it and forwards keys. Every action is stored the moment it is made,
in one transaction; undo and redo store the inverse action the same way.
A person's work is only ever changed by that person: suggestions someone
else reviewed, and other coders' codings, are shown but never written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from interviewkit.errors import InterviewkitError
from interviewkit.models import AUTO, Transcript, Unit
from interviewkit.store.review import UnitCoding, UnitMemo

if TYPE_CHECKING:
    from interviewkit.codebook.model import Code
    from interviewkit.store import Project


class ReviewRefused(InterviewkitError):
    """An action the app will not do (someone else's work, nothing under the cursor)."""


@dataclass
class Action:
    """One stored change with its inverse; ``unit`` is where undo moves the cursor."""

    label: str
    doc: str
    unit: int
    do: Callable[[], None]
    undo: Callable[[], None]


@dataclass
class Chip:
    """A coding as the coder sees it on a unit: whose it is and what may be done with it."""

    coding: UnitCoding
    kind: str  # pending | accepted | rejected | mine | other

    @property
    def editable(self) -> bool:
        return self.kind != "other"


@dataclass
class DocState:
    """The document in view: its transcript, codings by unit, unit memos by unit."""

    transcript: Transcript
    codings: dict[int, list[UnitCoding]] = field(default_factory=dict)
    memos: dict[int, list[UnitMemo]] = field(default_factory=dict)


class Session:
    """What one coder sees and does in ``interviewkit review``."""

    def __init__(self, project: Project, coder: str, *, suggester: str = AUTO) -> None:
        if not coder.strip() or coder == AUTO:
            raise ReviewRefused(
                "the review needs your name as the coder",
                hint="Add --coder YOUR_NAME (or set INTERVIEWKIT_CODER).",
            )
        self.project = project
        self.store = project.reviewing()
        self.coder = coder
        self.suggester = suggester
        self.show_others = True
        book = project.codebook()
        self.codes: list[Code] = list(book.codes) if book else []
        self.names = project.code_names()
        self.doc_ids = project.doc_ids()
        self.progress = self.store.progress(coder)
        self.doc: DocState | None = None
        self.cursor = 1
        self.undo_stack: list[Action] = []
        self.redo_stack: list[Action] = []

    # -- documents ---------------------------------------------------------------

    def open(self, doc_id: str, unit: int | None = None) -> None:
        """Show ``doc_id``, at ``unit`` (else where the coder left it, else at the top)."""
        self.doc = DocState(self.project.transcript(doc_id))
        self.reload()
        state = self.store.state(self.coder)
        if unit is None and state.get("doc") == doc_id and state.get("unit", "").isdigit():
            unit = int(state["unit"])
        self.cursor = min(max(unit or 1, 1), max(len(self.units), 1))
        self.remember()

    def resume(self, doc_id: str | None = None) -> None:
        """Open ``doc_id``, or the document the coder left off in, or the first one."""
        if doc_id is None:
            last = self.store.state(self.coder).get("doc")
            doc_id = last if last in self.doc_ids else next(iter(self.doc_ids), None)
        if doc_id is None:
            raise ReviewRefused(
                "the project has no transcripts to review",
                hint="Add them with 'interviewkit add FILES_OR_FOLDERS'.",
            )
        if doc_id not in self.doc_ids:
            from interviewkit.store.lookup import unknown

            raise unknown("transcript", doc_id, self.doc_ids)
        self.open(doc_id)

    def remember(self) -> None:
        """Store where the coder is, so that reopening returns there."""
        if self.doc is not None and not self.project.readonly:
            self.store.save_state(self.coder, {"doc": self.doc_id, "unit": str(self.cursor)})

    def reload(self, unit: int | None = None) -> None:
        """Read the codings and memos of the document (or of one unit) again."""
        doc = self._doc()
        if unit is None:
            doc.codings, doc.memos = {}, {}
        else:
            doc.codings.pop(unit, None)
            doc.memos.pop(unit, None)
        for coding in self.store.unit_codings(doc.transcript.id, unit):
            doc.codings.setdefault(coding.unit, []).append(coding)
        for memo in self.store.unit_memos(doc.transcript.id, unit):
            doc.memos.setdefault(memo.unit, []).append(memo)
        done, total = self.reviewed()
        self.progress[doc.transcript.id] = (done, total)

    @property
    def doc_id(self) -> str:
        return self._doc().transcript.id

    @property
    def units(self) -> tuple[Unit, ...]:
        return self._doc().transcript.units if self.doc else ()

    @property
    def unit(self) -> Unit:
        return self._doc().transcript.unit(self.cursor)

    def text(self, unit: Unit) -> str:
        return self._doc().transcript.unit_text(unit)

    def _doc(self) -> DocState:
        if self.doc is None:
            raise ReviewRefused("no transcript is open")
        return self.doc

    # -- what the coder sees -------------------------------------------------------

    def chips(self, index: int) -> list[Chip]:
        """The codings on unit ``index`` the coder sees, pending suggestions first."""
        out = []
        for coding in self._doc().codings.get(index, ()):
            kind = self._kind(coding)
            if kind == "other" and not self.show_others:
                continue
            out.append(Chip(coding, kind))
        order = {"pending": 0, "accepted": 1, "mine": 1, "rejected": 2, "other": 3}
        return sorted(out, key=lambda c: order[c.kind])

    def _kind(self, coding: UnitCoding) -> str:
        if coding.origin == "auto":
            if coding.coder != self.suggester:
                return "other"
            # Each coder decides for themselves: another coder's decision is theirs.
            return coding.decision_of(self.coder) or "pending"
        if coding.status == "rejected":  # the final coding's "not this code here"
            return "rejected" if coding.coder == self.coder else "other"
        return "mine" if coding.coder == self.coder else "other"

    def memos(self, index: int) -> list[UnitMemo]:
        return self._doc().memos.get(index, [])

    def needs_review(self, index: int) -> bool:
        """A respondent's unit with a pending suggestion, or with no code at all."""
        unit = self._doc().transcript.unit(index)
        if unit.interviewer:
            return False
        chips = [c for c in self.chips(index) if c.kind != "rejected"]
        return not chips or any(c.kind == "pending" for c in chips)

    def reviewed(self) -> tuple[int, int]:
        """(units reviewed by the coder, respondent units) of the open document."""
        done = total = 0
        for unit in self.units:
            if unit.interviewer:
                continue
            total += 1
            codings = self._doc().codings.get(unit.index, ())
            if any(self._kind(c) == "pending" for c in codings):
                continue
            if any(c.coder == self.coder or c.decision_of(self.coder) for c in codings):
                done += 1
        return done, total

    # -- moving ---------------------------------------------------------------------

    def move(self, delta: int) -> None:
        self.cursor = min(max(self.cursor + delta, 1), max(len(self.units), 1))

    def goto(self, index: int) -> None:
        self.cursor = min(max(index, 1), max(len(self.units), 1))

    def next_to_review(self) -> bool:
        """Move to the next unit with a pending suggestion or no code; False if none."""
        count = len(self.units)
        for step in range(1, count + 1):
            index = (self.cursor - 1 + step) % count + 1
            if self.needs_review(index):
                self.cursor = index
                return True
        return False

    def find(self, query: str, *, after: int | None = None) -> int | None:
        """The next unit (wrapping around) whose text contains ``query``, ignoring case."""
        needle = query.casefold()
        if not needle:
            return None
        count = len(self.units)
        start = self.cursor if after is None else after
        for step in range(1, count + 1):
            unit = self.units[(start - 1 + step) % count]
            if needle in self.text(unit).casefold():
                return unit.index
        return None

    # -- actions ----------------------------------------------------------------------

    def run(self, action: Action) -> Action:
        """Store an action, and make it undoable."""
        action.do()
        self.undo_stack.append(action)
        self.redo_stack.clear()
        self.reload(action.unit)
        return action

    def undo(self) -> Action | None:
        if not self.undo_stack:
            return None
        action = self.undo_stack.pop()
        action.undo()
        self.redo_stack.append(action)
        self._back_to(action)
        return action

    def redo(self) -> Action | None:
        if not self.redo_stack:
            return None
        action = self.redo_stack.pop()
        action.do()
        self.undo_stack.append(action)
        self._back_to(action)
        return action

    def _back_to(self, action: Action) -> None:
        """Show where an undone or redone action took place."""
        if self.doc is None or action.doc != self.doc_id:
            self.open(action.doc, action.unit)
        else:
            self.reload(action.unit)
        self.goto(action.unit)

    def review(self, chips: list[Chip], status: str) -> Action:
        """Accept or reject suggestions (pending, or reviewed by this coder before)."""
        changes = [
            (c.coding.code, c.coding.decision_of(self.coder) or "suggested")
            for c in chips
            if c.coding.origin == "auto"
            and c.editable
            and (c.coding.decision_of(self.coder) or "suggested") != status
        ]
        if not changes:
            raise ReviewRefused(
                "no suggestion here to " + ("accept" if status == "accepted" else "reject")
            )
        doc_id, unit = self.doc_id, self.cursor
        verb = "accepted" if status == "accepted" else "rejected"

        def apply(pairs: list[tuple[str, str]]) -> None:
            with self.store.batch():
                for code, to in pairs:
                    self.project.review(
                        doc_id, unit, code, status=to, reviewer=self.coder, coder=self.suggester
                    )

        label = f"{verb} {', '.join(self.name(code) for code, _ in changes)}"
        return self.run(
            Action(
                label,
                doc_id,
                unit,
                lambda: apply([(code, status) for code, _ in changes]),
                lambda: apply(changes),
            )
        )

    def tag(self, code: str, start: int | None = None, end: int | None = None) -> Action:
        """Code the unit (or the span ``start``–``end`` of it) with ``code``."""
        doc_id, unit = self.doc_id, self.unit
        start = unit.start if start is None else start
        end = unit.end if end is None else end
        mine = [c.coding for c in self.chips(unit.index) if c.kind == "mine"]
        if any(c.code == code and (c.start, c.end) == (start, end) for c in mine):
            raise ReviewRefused(f"you coded this with {self.name(code)} already")
        part = "" if (start, end) == (unit.start, unit.end) else " (part)"

        def do() -> None:
            self.project.tag(doc_id, unit.index, code, coder=self.coder, start=start, end=end)

        def undo() -> None:
            self.store.remove_coding(
                doc_id, unit.index, code, coder=self.coder, start=start, end=end
            )

        return self.run(Action(f"coded {self.name(code)}{part}", doc_id, unit.index, do, undo))

    def remove(self, chip: Chip) -> Action:
        """Remove one of the coder's own codings (a suggestion is rejected instead)."""
        if chip.kind != "mine":
            return self.review([chip], "rejected")
        coding, doc_id = chip.coding, self.doc_id

        def do() -> None:
            self.store.remove_coding(
                doc_id,
                coding.unit,
                coding.code,
                coder=self.coder,
                start=coding.start,
                end=coding.end,
            )

        def undo() -> None:
            self.project.tag(
                doc_id,
                coding.unit,
                coding.code,
                coder=self.coder,
                start=coding.start,
                end=coding.end,
                memo=coding.memo,
            )

        return self.run(Action(f"removed {self.name(coding.code)}", doc_id, coding.unit, do, undo))

    def toggle(self, code: str) -> Action:
        """The code's key: apply the code to the whole unit, or take it off again."""
        unit = self.unit
        chips = [c for c in self.chips(unit.index) if c.coding.code == code and c.editable]
        whole = [c for c in chips if (c.coding.start, c.coding.end) == (unit.start, unit.end)]
        for chip in whole:
            if chip.kind in ("accepted", "mine"):
                return self.remove(chip) if chip.kind == "mine" else self.review([chip], "rejected")
        suggestion = [c for c in chips if c.coding.origin == "auto"]
        if suggestion:
            return self.review(suggestion, "accepted")
        return self.tag(code)

    def memo(self, text: str, chip: Chip | None) -> Action:
        """A memo on a coding (``chip``), or on the whole unit (``None``)."""
        text = text.strip()
        if not text:
            raise ReviewRefused("the memo is empty")
        doc_id, index = self.doc_id, self.cursor
        if chip is not None and not chip.editable:
            raise ReviewRefused(
                f"that coding is {chip.coding.coder}'s; write your memo on "
                "the unit instead (select no code)"
            )
        made: list[int] = []

        def add() -> None:
            if chip is None:
                made.append(self.store.add_unit_memo(doc_id, index, text, coder=self.coder))
                return
            found = self.store.add_coding_memo(doc_id, chip.coding.key, text, coder=self.coder)
            if not found:
                raise ReviewRefused(f"the coding of {self.name(chip.coding.code)} is gone")
            made.append(found)

        def delete() -> None:
            self.store.delete_memo(made.pop(), coder=self.coder)

        where = f"unit {index}" if chip is None else self.name(chip.coding.code)
        return self.run(Action(f"memo on {where}", doc_id, index, add, delete))

    def name(self, code: str) -> str:
        return self.names.get(code, code)
