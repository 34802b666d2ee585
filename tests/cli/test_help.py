"""Every command's help ends with examples that run, and shows no Python types."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from typing import Any

import pytest
import typer

from interviewkit.cli.app import app
from interviewkit.cli.help import EXAMPLES

ROOT = typer.main.get_command(app)
# The types typer shows: <str>, <int>, <path>, <list[Path]>, <float range>, <a|b>
# (a regular expression's <name> in a help text is not one).
PYTHON_TYPE = re.compile(
    r"<(?:str|int|float|bool|path|datetime|uuid|list\[[^\]]+\]|\w+ range|[^<>|\s]+(?:\|[^<>|\s]+)+)>"
)


def _commands(command: Any = ROOT, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield path
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, (*path, name))


COMMANDS = list(_commands())


def _command(path: tuple[str, ...]) -> Any:
    command = ROOT
    for name in path:
        command = command.commands[name]
    return command


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "interviewkit")
def test_help_ends_with_examples_and_shows_no_python_type(cli, path: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    result = cli(*path, "--help")
    assert result.exit_code == 0, result
    assert PYTHON_TYPE.findall(result.stdout) == [], result.stdout
    head, _, examples = result.stdout.rpartition("\nExample")
    assert head, f"no examples at the end of:\n{result.stdout}"
    lines = [line.strip() for line in examples.splitlines()[1:] if line.strip()]
    prefix = " ".join(("interviewkit", *path))
    assert lines and all(line.startswith(prefix) for line in lines), examples


def test_every_example_belongs_to_a_command() -> None:
    assert set(EXAMPLES) == {" ".join(path) for path in COMMANDS}


@pytest.mark.parametrize("line", [line for lines in EXAMPLES.values() for line in lines])
def test_every_example_parses(line: str) -> None:
    """Its command exists and knows every option the example uses."""
    words = shlex.split(line)[1:]
    command = ROOT
    while words and words[0] in getattr(command, "commands", {}):
        command = command.commands[words.pop(0)]
    assert not hasattr(command, "commands") or not words, f"no such command in {line!r}"
    command.make_context(command.name, words, resilient_parsing=True)
