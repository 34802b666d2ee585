"""Real processes: killed in the middle of a command, and two at once.

A command is one transaction: a process killed (SIGKILL, no chance to clean
up) while it adds transcripts or stores suggestions leaves the project as it
was before the command, and running the command again completes the work.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from interviewkit.store import Project
from tests.conftest import ROOT
from tests.store.factory import book, md_file, transcript

pytestmark = pytest.mark.skipif(os.name != "posix", reason="uses POSIX signals")

WORDS = ["port", "trade", "image", "doubt", "city", "council", "delegation", "weather",
         "memorandum", "school", "exchange", "partner"]


def _turns(i: int, n: int = 8) -> list[tuple[str, str]]:
    turns = []
    for t in range(n):
        said = " ".join(WORDS[(i * 7 + t * 3 + k) % len(WORDS)] for k in range(12))
        turns.append(("I" if t % 2 == 0 else "R", f"Turn {t} of {i}: {said}."))
    return turns


def _corpus(folder: Path, count: int) -> Path:
    folder.mkdir()
    for i in range(count):
        md_file(folder, f"doc{i:03d}", _turns(i), city=("Bonn", "Wuhan")[i % 2])
    return folder


def _python(code: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _cli(*args: str | Path) -> subprocess.Popen[bytes]:
    argv = [str(a) for a in args]
    return _python(f"from interviewkit.cli import main; raise SystemExit(main({argv!r}))")


def _kill(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


def _restore(baseline: Path, path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.copy(baseline, path)


def _counts(path: Path) -> tuple[int, int]:
    with Project(path) as project:
        return len(project.doc_ids()), len(project.codings())


ADD_SLOWLY = """
import pathlib, sys, time
from interviewkit.store import Project
from tests.store.factory import transcript
from tests.store.test_reliability import _turns

path, marker = %r, %r

def docs():
    for i in range(400):
        if i == 300:
            pathlib.Path(marker).write_text("inside the transaction")
            time.sleep(120)
        yield transcript(f"d{i:03d}", _turns(i, 20))

with Project(path) as project:
    project._db.conn.execute("PRAGMA cache_size = 20")  # spill pages to the WAL early
    project.add_transcripts(docs())
"""


def test_killed_inside_the_add_transaction_leaves_the_project_as_it_was(
    tmp_path: Path,
) -> None:
    path, marker = tmp_path / "p.db", tmp_path / "marker"
    with Project.create(path, codebook=book(tmp_path)) as project:
        project.add_transcripts([])
    proc = _python(ADD_SLOWLY % (str(path), str(marker)))
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""  # type: ignore[union-attr]
        assert time.monotonic() < deadline
        time.sleep(0.05)
    wal = Path(f"{path}-wal")
    assert wal.stat().st_size > 0  # uncommitted pages are on disk
    _kill(proc)
    assert _counts(path) == (0, 0)
    with Project(path) as project:  # running it again completes the work
        report = project.add_transcripts(transcript(f"d{i:03d}", _turns(i, 20))
                                         for i in range(400))
        assert len(report.added) == 400


def _kill_at(proc: subprocess.Popen[bytes], moment: float | str, path: Path) -> None:
    """Kill after ``moment`` seconds, or as soon as the write-ahead log grows ("wal")."""
    if moment == "wal":
        wal = Path(f"{path}-wal")
        while proc.poll() is None:
            if wal.exists() and wal.stat().st_size > 0:
                break
            time.sleep(0.001)
    else:
        assert isinstance(moment, float)
        time.sleep(moment)
    _kill(proc)


@pytest.mark.slow
def test_add_and_autocode_killed_at_any_moment_are_all_or_nothing(tmp_path: Path) -> None:
    from interviewkit.coding import Coder
    from interviewkit.workflow import autocode

    corpus = _corpus(tmp_path / "corpus", 80)
    empty, added_only, path = tmp_path / "empty.db", tmp_path / "added.db", tmp_path / "p.db"
    with Project.create(empty, codebook=book(tmp_path)):
        pass
    # A full run, timed, tells what "all" is and when to kill.
    _restore(empty, path)
    start = time.monotonic()
    assert _cli("add", corpus, "--project", path).wait(timeout=120) == 0
    add_time = time.monotonic() - start
    shutil.copy(path, added_only)
    with Project(path) as project:
        autocode(project, Coder(project.codebook()))  # type: ignore[arg-type]
    full = _counts(path)
    assert full[0] == 80 and full[1] > 80

    # add: killed as soon as its transaction writes, and late in its run.
    for moment in ("wal", add_time * 0.9):
        _restore(empty, path)
        _kill_at(_cli("add", corpus, "--project", path), moment, path)
        assert _counts(path) in {(0, 0), (80, 0)}, moment
    assert _cli("add", corpus, "--project", path).wait(timeout=120) == 0  # completes the work
    assert _counts(path) == (80, 0)
    # autocode: killed as soon as its transaction writes.
    _restore(added_only, path)
    _kill_at(_cli("autocode", "--project", path), "wal", path)
    assert _counts(path) in {(80, 0), full}
    assert _cli("autocode", "--project", path).wait(timeout=300) == 0  # completes the work
    assert _counts(path) == full


@pytest.mark.slow
def test_a_reader_and_writers_at_the_same_time(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", 60)
    path = tmp_path / "p.db"
    with Project.create(path, codebook=book(tmp_path)) as project:
        from interviewkit.transcripts import read_transcripts

        project.add_transcripts(read_transcripts(corpus))
    stop = tmp_path / "stop"
    reader = _python(f"""
        import pathlib
        from interviewkit.cli import main
        runs = 0
        while not pathlib.Path({str(stop)!r}).exists() or runs < 3:
            argv = ["segments", "--project", {str(path)!r}, "-o", {str(tmp_path / "s.csv")!r}]
            assert main(argv) == 0
            runs += 1
        print(runs)
    """)
    tagger = _python(f"""
        from interviewkit.store import Project
        for i in range(40):
            with Project({str(path)!r}) as project:
                project.tag(f"doc{{i % 60:03d}}", 2, "economy", coder="anna")
    """)
    coder = _cli("autocode", "--project", path)
    for proc in (coder, tagger):
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
    stop.touch()  # the reader exported all the while
    out, err = reader.communicate(timeout=300)
    assert reader.returncode == 0, err.decode()
    assert int(out.decode().split()[-1]) >= 3
    with Project(path) as project:
        coders = {c.name: c for c in project.status().coders}
        assert coders["anna"].codings == 40 and coders["auto"].codings > 0
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []

