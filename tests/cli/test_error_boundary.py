"""The command line's error boundary: bad input that slips past every check is still one line."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from interviewkit.cli import project_cmd


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (MemoryError(), "there is not enough memory for this command on this input"),
        (OverflowError("int too large"), "a number is too large (it must fit in 64 bits)"),
        (
            UnicodeEncodeError("utf-8", "\udcff", 0, 1, "surrogates not allowed"),
            "a text cannot be stored: it is not valid UTF-8",
        ),
        (
            sqlite3.DatabaseError("database disk image is malformed"),
            "a project file cannot be read: SQLite says: database disk image is malformed",
        ),
    ],
)
def test_bad_input_that_slipped_through_is_one_clear_line(
    cli,
    monkeypatch: pytest.MonkeyPatch,
    error: BaseException,
    expected: str,  # type: ignore[no-untyped-def]
) -> None:
    def failing(project: Path | None, *, write: bool = False) -> None:
        raise error

    monkeypatch.setattr(project_cmd, "open_project", failing)
    result = cli("status")
    assert result.exit_code == 1, result
    assert result.stderr.startswith(f"Error: {expected}")
    assert "Hint: " in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def test_debug_tracebacks_show_no_control_characters(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    def failing(project: Path | None, *, write: bool = False) -> None:
        raise OverflowError("\x1b]0;owned\x07")

    monkeypatch.setattr(project_cmd, "open_project", failing)
    result = cli("--debug", "status")
    assert "Traceback" in result.stderr
    assert "\x1b" not in result.stderr and "␛]0;owned␇" in result.stderr


def test_an_argument_that_names_a_file_may_be_any_bytes(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import os

    name = os.fsdecode(b"caf\xe9.db")  # a Latin-1 file name on a UTF-8 system
    result = cli("init", tmp_path / name)
    assert result.exit_code == 0, result
    assert (tmp_path / name).exists()
    result = cli(
        "tag", "doc", "1", "code", "--coder", os.fsdecode(b"b\xe9n"), "-p", tmp_path / name
    )
    assert result.exit_code == 2
    assert "the argument 'b\\xe9n' is not valid UTF-8 text" in result.stderr
