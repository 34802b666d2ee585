"""The transcript pane: every unit, drawn line by line, fast on long transcripts.

Each unit is rendered once into lines at the pane's width and kept; a key
press re-renders only the units it changed (the cursor's old and new unit,
or the unit just coded), and Textual asks only for the lines on screen.
"""

from __future__ import annotations

from bisect import bisect_right

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from interviewkit.tui.render import Look, code_colors, shown, unit_text
from interviewkit.tui.session import Session

GUTTER = 2


class TranscriptView(ScrollView, can_focus=True, inherit_bindings=False):
    """The units of the open transcript, with a cursor on one of them."""

    DEFAULT_CSS = """
    TranscriptView { background: $surface; }
    TranscriptView:focus { background-tint: $foreground 3%; }
    """

    class Clicked(Message):
        """The coder clicked on a unit."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, session: Session, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.session = session
        self.look = Look()
        self._blocks: list[list[Strip]] = []
        self._starts: list[int] = []
        self._width = 0
        self._colors: dict[str, str] = {}
        self._cursor = 0
        self._base = Style()
        self._accent = Style()

    # -- building lines ----------------------------------------------------------

    def rebuild(self) -> None:
        """Render every unit again (a new document, a new width, others shown or hidden)."""
        if not self.scrollable_content_region.width:
            return  # not laid out yet: on_resize builds it at the right width
        self._colors = code_colors(self.session)
        # Looked up once here, not per line: a style lookup costs as much as a line.
        self._base = self.rich_style
        self._accent = Style(color=self.app.current_theme.accent or "magenta", bold=True)
        self._width = max(self.scrollable_content_region.width, GUTTER + 10)
        self._blocks = [self._render_unit(u.index) for u in self.session.units]
        self._cursor = self.session.cursor
        self._restack()

    def update_units(self, *indexes: int) -> None:
        """Render only these units again (1-based), then repaint."""
        if not self._blocks:
            self.rebuild()
            return
        old = [len(self._blocks[i - 1]) for i in indexes if 0 < i <= len(self._blocks)]
        for index in dict.fromkeys(indexes):
            if 0 < index <= len(self._blocks):
                self._blocks[index - 1] = self._render_unit(index)
        new = [len(self._blocks[i - 1]) for i in indexes if 0 < i <= len(self._blocks)]
        if old != new:
            self._restack()
        else:
            self.refresh()

    def move_cursor(self, look: Look) -> None:
        """Show the session's cursor (and ``look``): re-render the old and the new unit."""
        previous, self._cursor = self._cursor, self.session.cursor
        self.look = look
        self.update_units(previous, self._cursor)
        self.scroll_to_unit(self._cursor)

    def _render_unit(self, index: int) -> list[Strip]:
        """The unit's lines, gutter and base style included, so drawing is a lookup."""
        session = self.session
        unit = session.units[index - 1]
        look = self.look if index == session.cursor else Look(search=self.look.search)
        text = shown(unit_text(session, unit, self._colors, look))
        console = self.app.console
        width = self._width - GUTTER
        lines = console.render_lines(text, console.options.update_width(width), pad=True)
        lines.append([Segment(" " * width)])
        gutter = Segment("▌ ", self._accent) if index == session.cursor else Segment(" " * GUTTER)
        return [Strip([gutter, *line], self._width).apply_style(self._base) for line in lines]

    def _restack(self) -> None:
        starts, total = [], 0
        for block in self._blocks:
            starts.append(total)
            total += len(block)
        self._starts = starts
        self.virtual_size = Size(self._width, total)
        self.refresh()

    # -- drawing -------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        line = self.scroll_offset.y + y
        if not self._starts or line >= self.virtual_size.height:
            return Strip.blank(self.scrollable_content_region.width, self._base)
        unit = bisect_right(self._starts, line) - 1
        return self._blocks[unit][line - self._starts[unit]]

    def scroll_to_unit(self, index: int, *, animate: bool = False) -> None:
        """Bring the unit into view; a unit taller than the pane shows its top."""
        if not self._starts or not 0 < index <= len(self._starts):
            return
        top = self._starts[index - 1]
        height = min(len(self._blocks[index - 1]), self.scrollable_content_region.height)
        self.scroll_to_region(Region(0, top, 1, max(height, 1)), animate=animate, force=True)

    def on_resize(self, event: events.Resize) -> None:
        width = self.scrollable_content_region.width
        if self.session.doc is not None and width and width != self._width:
            self.rebuild()
            # After the new height is laid out; before, the scroll would be cut short.
            self.call_after_refresh(self.scroll_to_unit, self.session.cursor)

    def on_click(self, event: events.Click) -> None:
        line = self.scroll_offset.y + event.y
        if self._starts and 0 <= line < self.virtual_size.height:
            self.post_message(self.Clicked(bisect_right(self._starts, line)))
