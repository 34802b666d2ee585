"""A few lines of text that repaint alone: the status bar, the message line, a code's definition."""

from __future__ import annotations

from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget

from interviewkit.tui.render import shown


class Line(Widget):
    """Text of a fixed place (status, message, code definition); a change repaints only it.

    A ``Static`` would lay the whole screen out again on every update, which
    costs more than everything else a key press does; rich renders the text
    straight into lines, without Textual's conversion of rich text.
    """

    def __init__(self, *, wrap: bool = False, **kwargs: str) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.wrap = wrap
        self.text = Text()
        self._lines: list[Strip] = []
        self._width = -1

    def show(self, text: str | Text) -> None:
        # Text, never markup: a message may quote a code name such as "[/]".
        text = shown(Text(text) if isinstance(text, str) else text)
        if not self.wrap:
            text.no_wrap, text.overflow = True, "ellipsis"
        if text != self.text:
            self.text = text
            self._width = -1
            self.refresh()

    def refresh_lines(self) -> None:
        """Draw again with the current theme's colours."""
        self._width = -1
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        if width != self._width:
            console, base = self.app.console, self.rich_style
            lines = console.render_lines(self.text, console.options.update_width(width), pad=True)
            self._lines = [Strip(line, width).apply_style(base) for line in lines]
            self._blank = Strip.blank(width, base)
            self._width = width
        return self._lines[y] if y < len(self._lines) else self._blank
