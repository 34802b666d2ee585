"""Consoles and small rendering helpers shared by the commands.

stdout is for data, stderr for talk. Widths and colours follow the terminal;
tests pin them with ``COLUMNS`` and ``NO_COLOR``.
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


#: Width of tables written to a pipe or a file when COLUMNS does not say:
#: wide enough that tables are not cut, as a terminal's width would cut them.
PIPE_WIDTH = 200


@lru_cache(maxsize=1)
def out() -> Console:
    """The console for data (stdout)."""
    import os

    from rich.console import Console

    width = None
    if not sys.stdout.isatty() and not os.environ.get("COLUMNS"):
        width = PIPE_WIDTH
    console = Console(soft_wrap=False, highlight=False, width=width)
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
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def print_error(message: str, problems: list[str] | None, hint: str | None) -> None:
    from rich.markup import escape

    console = err()
    lines = problems if problems and len(problems) > 1 else None
    console.print(f"[bold red]Error:[/] {escape(message)}", soft_wrap=True)
    for line in lines or ():
        console.print(f"  {escape(line)}", soft_wrap=True)
    if hint:
        console.print(f"[bold]Hint:[/] {escape(hint)}", soft_wrap=True)


def warn(message: str) -> None:
    from rich.markup import escape

    err().print(f"[yellow]Warning:[/] {escape(message)}", soft_wrap=True)


def info(message: str) -> None:
    from rich.markup import escape

    err().print(escape(message), soft_wrap=True)


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
