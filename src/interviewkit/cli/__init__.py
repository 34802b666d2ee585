"""The command line: one error boundary around the typer application."""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import sys
import traceback
from collections.abc import Sequence
from typing import Any

#: Set by :func:`end_at_once`: the process may end without the interpreter's teardown.
_AT_ONCE = [False]


def end_at_once() -> None:
    """Let this process end as soon as the running command returns, without the teardown.

    Only for a command that has closed everything it opened (files written,
    helper processes joined): an interpreter that frees spaCy's objects one by
    one takes a tenth of a second or more, longer than coding one transcript.
    """
    _AT_ONCE[0] = True


_SURROGATES = re.compile("[\ud800-\udfff]")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code.

    Errors of the tool print ``Error: …`` and ``Hint: …`` on stderr; bad data
    exits 1, bad usage 2. A traceback is shown only with ``--debug`` (or
    ``INTERVIEWKIT_DEBUG=1``), and never with local variables: transcripts are
    confidential.
    """
    code = _main(argv)
    if _AT_ONCE[0] and argv is None:  # the program itself, not a caller of main
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        os._exit(code)
    return code


def _main(argv: Sequence[str] | None) -> int:
    import typer

    from interviewkit.cli.app import app
    from interviewkit.cli.output import print_error
    from interviewkit.errors import InterviewkitError

    click = _click_exceptions()
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args or os.environ.get("INTERVIEWKIT_DEBUG") == "1"
    _record(args)
    try:
        _check_arguments(args)
        result = app(args=args, prog_name="interviewkit", standalone_mode=False)
    except InterviewkitError as exc:
        if debug:
            _print_traceback()
        print_error(exc.message, getattr(exc, "problems", None), exc.hint)
        code = exc.exit_code
        _forget(exc)
        return code
    except click.NoArgsIsHelpError as exc:
        exc.show()
        return 2
    except click.UsageError as exc:
        if debug:
            _print_traceback()
        hint = None
        if exc.ctx is not None:
            hint = f"Run '{exc.ctx.command_path} --help' to see the options."
        print_error(exc.format_message(), None, hint)
        return 2
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.Abort:
        print_error("Interrupted.", None, None)
        return 130
    except KeyboardInterrupt:
        return _interrupted(argv is None)
    except BrokenPipeError:
        return _pipe_closed()
    except OSError as exc:  # a file the system would not let us read or write
        if debug:
            _print_traceback()
        where = f"{exc.filename}: " if exc.filename else ""
        print_error(
            f"{where}{exc.strerror or type(exc).__name__}",
            None,
            "Check that the path exists and that you may read or write it.",
        )
        return 1
    except MemoryError:
        if debug:
            _print_traceback()
        print_error(
            "there is not enough memory for this command on this input; nothing was changed",
            None,
            "Narrow the input (fewer documents, a smaller codebook) or run the command on "
            "a machine with more memory.",
        )
        return 1
    except (OverflowError, UnicodeEncodeError, sqlite3.DatabaseError) as exc:
        # Bad input that slipped past the checks: still one plain line, never a traceback.
        if debug:
            _print_traceback()
        print_error(*_plain_error(exc))
        return 1
    except Exception as exc:  # the last line of defence
        if debug:
            _print_traceback()
        # Only the kind of error: its text may quote a transcript.
        print_error(
            f"unexpected internal error ({type(exc).__name__})",
            None,
            "This is a bug in interviewkit. Run the command again with --debug "
            "and report the traceback (it shows no local variables).",
        )
        return 1
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        return _pipe_closed()
    if result == _INTERRUPTED:  # typer turns Ctrl-C into this exit code, silently
        return _interrupted(argv is None)
    if isinstance(result, int):
        return result
    return 0


#: Options whose value is a path: a name in another encoding may still name a file.
_PATH_OPTIONS = frozenset(
    {"-o", "--output", "--plot", "-p", "--project", "-m", "--metadata", "-c", "--codebook"}
)


def _check_arguments(args: Sequence[str]) -> None:
    """An argument that is not valid UTF-8 (a coder's name, a memo) is refused by name.

    Python keeps such bytes as lone surrogates, which no file or database can
    store. File names are the exception: they name files as they are.
    """
    from interviewkit.errors import UsageError

    for i, arg in enumerate(args):
        if not _SURROGATES.search(arg):
            continue
        after_path_option = i > 0 and args[i - 1] in _PATH_OPTIONS
        if after_path_option or os.path.lexists(arg) or _file_name(arg):
            continue
        shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        raise UsageError(
            f"the argument '{shown}' is not valid UTF-8 text",
            hint="Your terminal or script sends text in another encoding. Set it to UTF-8 "
            "(e.g. export LANG=C.UTF-8) and give the value again.",
        )


def _file_name(arg: str) -> bool:
    """Whether ``arg`` reads as a file to be made: a suffix, no spaces, an existing folder."""
    folder, name = os.path.split(arg)
    suffix = os.path.splitext(name)[1][1:]
    return (
        bool(suffix)
        and len(suffix) <= 5
        and suffix.isalnum()
        and not any(ch.isspace() for ch in arg)
        and os.path.isdir(folder or ".")
    )


def _plain_error(exc: BaseException) -> tuple[str, None, str]:
    """The message and hint for bad input that reached Python or SQLite unchecked."""
    if isinstance(exc, OverflowError):
        return (
            "a number is too large (it must fit in 64 bits)",
            None,
            "Check the numbers given on the command line or in the input files.",
        )
    if isinstance(exc, UnicodeEncodeError):
        return (
            "a text cannot be stored: it is not valid UTF-8 (an odd byte in a name, a value, "
            "or a file name that becomes a transcript's id); nothing was changed",
            None,
            "Rename such files (or give the transcript an id in its front matter), save input "
            "files as UTF-8, set your terminal to UTF-8 (e.g. export LANG=C.UTF-8), and run "
            "the command again.",
        )
    return (
        f"a project file cannot be read: SQLite says: {exc}",
        None,
        "The file may be damaged: restore it from a backup. Nothing was changed.",
    )


def _print_traceback() -> None:
    """The traceback for --debug: no local variables, no control characters from data."""
    from interviewkit.display import visible

    sys.stderr.write(visible(traceback.format_exc()))


def _forget(exc: BaseException) -> None:
    """Drop what an error still holds (a writer's half-closed files) without noise at exit."""
    from interviewkit.files import quiet_cleanup

    with quiet_cleanup():
        exc.__traceback__ = None
        exc.__context__ = None
        exc.__cause__ = None


#: The exit code of a command stopped with Ctrl-C (128 + SIGINT).
_INTERRUPTED = 130


def _interrupted(program: bool) -> int:
    """Ctrl-C: say so, and when this is the program itself (not a caller of main), end now.

    Nothing is left to write (outputs are written at the end, the project in
    one transaction), and an interpreter that frees spaCy's memory object by
    object takes a second or more to end.
    """
    from interviewkit.cli.output import print_error

    print_error("Interrupted; nothing already stored was lost.", None, None)
    if program:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        os._exit(_INTERRUPTED)
    return _INTERRUPTED


def _pipe_closed() -> int:
    """The reader of our output went away (``| head``): not an error of ours.

    Point stdout at /dev/null so that the interpreter's last flush does not
    fail again (the recipe of the Python documentation on SIGPIPE).
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 0


def _click_exceptions() -> Any:
    """Click's exception module, wherever this typer version keeps it."""
    try:
        from typer._click import exceptions as vendored  # typer >= 0.22 vendors click

        return vendored
    except ImportError:  # pragma: no cover - older typer uses click itself
        from click import exceptions

        return exceptions


def _record(args: list[str]) -> None:
    """What the project's log says of this command: its line, and the coder it acts for."""
    import shlex

    from interviewkit.run_context import set_context

    coder = None
    for i, arg in enumerate(args):
        if arg == "--coder" and i + 1 < len(args):
            coder = args[i + 1]
        elif arg.startswith("--coder="):
            coder = arg.split("=", 1)[1]
    # A file name that is not UTF-8 is kept in the log as its bytes, written out.
    line = shlex.join(["interviewkit", *args])
    set_context(line.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"), coder)
