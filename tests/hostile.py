"""Helpers for tests with hostile input: was anything written, is the project unchanged?

A test of a refused input takes :func:`folder_state` and :func:`project_state`
before and after the command and compares them: nothing outside the target
may appear or change, and the project keeps every row and passes SQLite's
integrity check.
"""

from __future__ import annotations

import os
import resource
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: SQLite's companions of a project file: they come and go as commands open it.
_JOURNALS = ("-wal", "-shm", "-journal")


def folder_state(folder: Path) -> dict[str, tuple[int, int]]:
    """``{relative path: (size, mtime in ns)}`` of every file and link below ``folder``.

    SQLite's journals, which come and go as a project is opened, are left aside;
    a link is taken as itself, not as the file it points to.
    """
    state = {}
    for path in sorted(folder.rglob("*")):
        if path.name.endswith(_JOURNALS) or (path.is_dir() and not path.is_symlink()):
            continue
        info = path.lstat()
        state[str(path.relative_to(folder))] = (info.st_size, info.st_mtime_ns)
    return state


def project_state(path: Path) -> dict[str, object]:
    """Rows in every table of a project, and the result of ``PRAGMA integrity_check``."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        state: dict[str, object] = {
            table: conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables
        }
        state["integrity_check"] = conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
    return state


@dataclass
class Run:
    """One command run in its own process."""

    args: tuple[str, ...]
    exit_code: int
    stdout: str
    stderr: str

    def __repr__(self) -> str:
        return (
            f"<Run {' '.join(self.args)!r} exit={self.exit_code}>\n--- stdout ---\n"
            f"{self.stdout[-3000:]}\n--- stderr ---\n{self.stderr[-3000:]}"
        )


def run_bounded(
    *args: str | Path,
    cwd: Path,
    timeout: float = 60,
    memory_mb: int = 1500,
    file_size_kb: int | None = None,
    env: dict[str, str] | None = None,
) -> Run:
    """``interviewkit ARGS`` in a subprocess, bounded in time, address space and file size.

    A run that would hang or eat the machine (a billion laughs, a regular
    expression that backtracks forever, a loop in a hierarchy) fails the test
    at the timeout instead of stopping the suite.
    """
    limits = [(resource.RLIMIT_AS, memory_mb * 2**20)]
    if file_size_kb is not None:
        limits.append((resource.RLIMIT_FSIZE, file_size_kb * 1024))

    def bound() -> None:
        for kind, value in limits:
            resource.setrlimit(kind, (value, value))

    environment = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "COLUMNS": "120",
        "NO_COLOR": "1",
        "PYTHONIOENCODING": "utf-8",
        **(env or {}),
    }
    environment.pop("INTERVIEWKIT_DEBUG", None)
    argv = [sys.executable, "-m", "interviewkit", *map(str, args)]
    done = subprocess.run(
        argv,
        cwd=cwd,
        env=environment,
        capture_output=True,
        timeout=timeout,
        preexec_fn=bound,
        check=False,
    )
    return Run(
        tuple(map(str, args)),
        done.returncode,
        done.stdout.decode("utf-8", "backslashreplace"),
        done.stderr.decode("utf-8", "backslashreplace"),
    )


def assert_no_crash(run: Run) -> None:
    """A clear result or a clear error: never a traceback or an internal error."""
    text = run.stdout + run.stderr
    assert "Traceback" not in text, run
    assert "internal error" not in text, run
    assert "Exception ignored" not in text, run
    assert run.exit_code in (0, 1, 2), run
    if run.exit_code:  # warnings may come first; the error is one line of its own
        assert any(line.startswith("Error: ") for line in run.stderr.splitlines()), run


# --------------------------------------------------------------------------- many runs, one process

_DRIVER = r"""
import contextlib, io, json, os, resource, signal, sys, time
from pathlib import Path

sys.path.insert(0, os.environ["HOSTILE_TESTS"])
from tests.hostile import folder_state, project_state

class Hung(BaseException):
    pass

def hung(signum, frame):
    raise Hung()

signal.signal(signal.SIGALRM, hung)
limit = int(os.environ["HOSTILE_MEMORY_MB"]) * 2**20
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from interviewkit.cli import main
from interviewkit.cli import output

request = json.load(sys.stdin)
folder, project = Path(request["folder"]), request["project"]
results = []
for args in request["commands"]:
    output.out.cache_clear()
    output.err.cache_clear()
    out, err = io.StringIO(), io.StringIO()
    began = time.monotonic()
    signal.alarm(int(request["timeout"]))
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
    except Hung:
        code = "timeout"
    except SystemExit as exc:
        code = exc.code
    except BaseException as exc:
        code = "escaped: " + type(exc).__name__
    finally:
        signal.alarm(0)
    state = project_state(Path(project)) if project and Path(project).exists() else None
    results.append({
        "args": args, "exit_code": code, "stdout": out.getvalue(), "stderr": err.getvalue(),
        "seconds": time.monotonic() - began, "project": state,
        "folder": {k: list(v) for k, v in folder_state(folder).items()},
    })
json.dump(results, sys.stdout)
"""


@dataclass
class BatchRun(Run):
    """One command of a batch, with the project's and the folder's state after it."""

    seconds: float = 0.0
    project: dict[str, object] | None = None
    folder: dict[str, list[int]] | None = None


def run_batch(
    commands: list[list[str]],
    *,
    folder: Path,
    project: Path | None = None,
    timeout: int = 60,
    memory_mb: int = 2000,
) -> list[BatchRun]:
    """Run many commands in one process (bounded in memory; each bounded in time).

    Starting Python, pandas and spaCy once instead of once per command keeps a
    corpus of a hundred hostile runs fast. After each command the project's
    rows and integrity check and the folder's files are recorded.
    """
    import json

    environment = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "HOSTILE_TESTS": str(ROOT),
        "HOSTILE_MEMORY_MB": str(memory_mb),
        "COLUMNS": "120",
        "NO_COLOR": "1",
        "PYTHONIOENCODING": "utf-8",
    }
    environment.pop("INTERVIEWKIT_DEBUG", None)
    environment.pop("INTERVIEWKIT_PROJECT", None)
    request = {
        "commands": commands,
        "folder": str(folder),
        "project": str(project) if project else "",
        "timeout": timeout,
    }
    done = subprocess.run(
        [sys.executable, "-c", _DRIVER],
        cwd=folder,
        env=environment,
        input=json.dumps(request).encode("utf-8"),
        capture_output=True,
        timeout=timeout * len(commands) + 120,
        check=False,
    )
    if done.returncode != 0:
        raise AssertionError(
            f"the batch driver failed ({done.returncode}):\n"
            + done.stderr.decode("utf-8", "backslashreplace")[-5000:]
        )
    return [
        BatchRun(
            tuple(r["args"]),
            r["exit_code"] if isinstance(r["exit_code"], int) else -1,
            r["stdout"] if isinstance(r["exit_code"], int) else f"{r['exit_code']}\n{r['stdout']}",
            r["stderr"],
            r["seconds"],
            r["project"],
            r["folder"],
        )
        for r in json.loads(done.stdout)
    ]


@contextmanager
def bounded(seconds: int, memory_mb: int) -> Iterator[None]:
    """Bound a block run in this process: a hang raises, an allocation beyond the bound fails.

    The address-space limit is set above what the process uses now and lifted
    afterwards (only the soft limit is lowered, so it can be raised again).
    """
    import signal

    def hung(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} seconds")

    with open("/proc/self/statm", encoding="ascii") as statm:
        used = int(statm.read().split()[0]) * resource.getpagesize()
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = used + memory_mb * 2**20
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    previous = signal.signal(signal.SIGALRM, hung)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
