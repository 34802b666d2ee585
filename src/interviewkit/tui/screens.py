"""The review app's pop-ups: help, memo, code search and transcript search."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.fuzzy import Matcher
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from interviewkit.display import visible

_MODAL_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 80%; max-width: 90; height: auto; max-height: 90%;
    border: round $accent; background: $panel; padding: 0 1;
}}
{name} .title {{ text-style: bold; }}
{name} .note {{ color: $text-muted; }}
"""


class HelpScreen(ModalScreen[None]):
    """Every key of the review app, from the app's own bindings."""

    DEFAULT_CSS = (
        _MODAL_CSS.format(name="HelpScreen")
        + """
    HelpScreen VerticalScroll { height: auto; max-height: 20; }
    """
    )
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def __init__(self, keys: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        table = Text()
        width = max(len(k) for k, _ in self.keys)
        for key, description in self.keys:
            table.append(f"{key:>{width}}  ", style="bold")
            table.append(f"{description}\n")
        with Vertical():
            yield Static("Keys (Esc closes)", classes="title")
            with VerticalScroll():
                yield Static(table)


class TextPrompt(ModalScreen[str | None]):
    """One line of text: a memo, or words to search for. Enter keeps it, Esc cancels."""

    DEFAULT_CSS = _MODAL_CSS.format(name="TextPrompt")
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, title: str, *, note: str = "", value: str = "", placeholder: str = ""
    ) -> None:
        super().__init__()
        self.title_text, self.note, self.value, self.placeholder = title, note, value, placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            # Titles and notes quote data (a code name, a memo): never read as markup.
            yield Static(visible(self.title_text), classes="title", markup=False)
            if self.note:
                yield Static(visible(self.note), classes="note", markup=False)
            yield Input(self.value, placeholder=self.placeholder)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class CodePicker(ModalScreen[str | None]):
    """Find a code by typing a part of its name (fuzzy); Enter applies it."""

    DEFAULT_CSS = (
        _MODAL_CSS.format(name="CodePicker")
        + """
    CodePicker OptionList { height: auto; max-height: 14; }
    """
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
    ]

    def __init__(self, codes: Sequence[tuple[str, str, str]], title: str) -> None:
        super().__init__()
        self.codes = codes  # (id, number, name)
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(visible(self.title_text), classes="title", markup=False)
            yield Input(placeholder="type a part of the code's name")
            yield OptionList()

    def on_mount(self) -> None:
        self._fill("")

    def _fill(self, query: str) -> None:
        options = self.query_one(OptionList)
        matcher = Matcher(query) if query else None
        scored = []
        for code_id, number, name in self.codes:
            score = 1.0 if matcher is None else max(matcher.match(name), matcher.match(code_id))
            if score > 0:
                label = matcher.highlight(name) if matcher else Content(name)
                scored.append((score, Option(Content.assemble(f"{number:>2} ", label), code_id)))
        options.clear_options()
        options.add_options([o for _, o in sorted(scored, key=lambda s: -s[0])])
        options.highlighted = 0 if scored else None

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            options.highlighted = ((options.highlighted or 0) + step) % options.option_count

    def action_cancel(self) -> None:
        self.dismiss(None)
