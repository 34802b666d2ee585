"""Consoles and small rendering helpers shared by the commands.

stdout is for data, stderr for talk. Widths and colours follow the terminal;
tests pin them with ``COLUMNS`` and ``NO_COLOR``.

Data never drives the terminal. Both consoles show control characters in
anything they print as visible symbols (see :mod:`interviewkit.display`),
so an escape sequence in a code name cannot retitle the window or clear the
screen. Rich markup is a separate matter: a string printed with markup is
read as markup, so data goes into tables and messages as :class:`rich.text.Text`
(see :func:`plain`) or through :func:`rich.markup.escape`, never raw: a code
named ``[/]`` or a memo about ``Costs [EUR]`` is printed as written.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress
    from rich.segment import Segment
    from rich.text import Text


#: Width of tables written to a pipe or a file when COLUMNS does not say:
#: wide enough that tables are not cut, as a terminal's width would cut them.
PIPE_WIDTH = 200


def _console_class() -> type[Console]:
    from rich.console import Console
    from rich.segment import Segment
    from rich.text import Text

    from interviewkit.display import has_control, visible

    class SafeConsole(Console):
        """A rich console that prints no control character from data (see the module)."""

        def render_str(self, text: str, **kwargs: Any) -> Text:
            return super().render_str(visible(text), **kwargs)

        def render(self, renderable: Any, options: Any = None) -> Iterator[Segment]:
            if isinstance(renderable, Text) and has_control(renderable.plain):
                renderable = plain_copy(renderable)
            for segment in super().render(renderable, options):
                # Rich's own cursor moves are control segments; anything else is text.
                if not segment.control and has_control(segment.text):
                    yield Segment(visible(segment.text), segment.style)
                else:
                    yield segment

    return SafeConsole


def plain_copy(text: Text) -> Text:
    """A copy of ``text`` with its control characters visible (same length: styles still fit)."""
    from interviewkit.display import visible

    copy = text.copy()
    copy.plain = visible(text.plain)
    return copy


def plain(value: object, style: str = "") -> Text:
    """Data as a table cell or a part of a message: shown as written, never read as markup."""
    from rich.text import Text

    from interviewkit.display import visible

    return Text(visible("" if value is None else str(value)), style=style)


@lru_cache(maxsize=1)
def out() -> Console:
    """The console for data (stdout)."""
    import os

    width = None
    if not sys.stdout.isatty() and not os.environ.get("COLUMNS"):
        width = PIPE_WIDTH
    console = _console_class()(soft_wrap=False, highlight=False, width=width)
    # rich exits with status 1 when the reader of a pipe goes away (``| head``);
    # for a command line that is a normal end, not an error.
    console.on_broken_pipe = _pipe_closed  # type: ignore[method-assign]
    return console


def _pipe_closed() -> None:
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    raise SystemExit(0)


@lru_cache(maxsize=1)
def err() -> Console:
    """The console for messages (stderr)."""
    return _console_class()(stderr=True, highlight=False)


def print_error(message: str, problems: list[str] | None, hint: str | None) -> None:
    """``Error: …``, the problems one per line, ``Hint: …``: messages are text, never markup."""
    from rich.text import Text

    console = err()
    lines = problems if problems and len(problems) > 1 else None
    console.print(Text.assemble(("Error:", "bold red"), " ", plain(message)), soft_wrap=True)
    for line in lines or ():
        console.print(Text.assemble("  ", plain(line)), soft_wrap=True)
    if hint:
        console.print(Text.assemble(("Hint:", "bold"), " ", plain(hint)), soft_wrap=True)


def warn(message: str) -> None:
    from rich.text import Text

    err().print(Text.assemble(("Warning:", "yellow"), " ", plain(message)), soft_wrap=True)


def info(message: str) -> None:
    err().print(plain(message), soft_wrap=True)


@contextmanager
def progress(description: str, total: int | None, *, enabled: bool = True) -> Iterator[Any]:
    """A progress bar on a terminal; silent in a pipe, in a test, or when not ``enabled``."""
    if not enabled or not sys.stderr.isatty():
        yield _Silent()
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    bar: Progress = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err(),
        transient=True,
    )
    with bar:
        task = bar.add_task(description, total=total)
        yield _Advance(bar, task)


class _Silent:
    def advance(self, n: int = 1) -> None:
        pass


class _Advance:
    def __init__(self, bar: Progress, task: Any) -> None:
        self.bar, self.task = bar, task

    def advance(self, n: int = 1) -> None:
        self.bar.advance(self.task, n)


def track(items: Iterable[Any], description: str, total: int | None = None) -> Iterator[Any]:
    with progress(description, total) as bar:
        for item in items:
            yield item
            bar.advance()


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``1 code``, ``12 codes``: a number with its noun in the right number."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"
