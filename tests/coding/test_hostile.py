"""Hostile input to the coder: runaway regular expressions, Ctrl-C, a unit of millions of characters.

Each test builds its input itself and runs the real command in a subprocess
with a timeout, so that a regression fails instead of hanging the suite.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from interviewkit.codebook.model import Rule
from interviewkit.coding.guard import RegexRunner
from interviewkit.coding.regexset import exact_re2
from tests.conftest import ROOT

RUNAWAY = "(a+)+$"


def _files(tmp_path: Path, turn: str, rules: str = f'"/{RUNAWAY}/", city') -> tuple[Path, Path]:
    book = tmp_path / "book.yaml"
    book.write_text(
        f"name: x\nversion: '1'\ncodes:\n  - id: a\n    name: A\n    keywords:\n      en: [{rules}]\n",
        encoding="utf-8",
    )
    doc = tmp_path / "t.md"
    doc.write_text(f"---\nlanguage: en\n---\nI: Tell me.\n\nR: {turn}\n\nR: the city\n", "utf-8")
    return book, doc


def _command(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "interviewkit", *map(str, args)]


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "INTERVIEWKIT_CACHE_DIR": str(tmp_path / "cache"),
    }


def test_a_runaway_expression_is_stopped_with_an_error_naming_the_rule(tmp_path: Path) -> None:
    book, doc = _files(tmp_path, "a" * 40 + "b a")
    out = tmp_path / "out.csv"
    start = time.monotonic()
    done = subprocess.run(
        _command("code", doc, "-c", book, "-o", out),
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert f"{book}: codes[0].keywords.en[0]: the regular expression /{RUNAWAY}/" in done.stderr
    assert "was stopped" in done.stderr and "Hint: Rewrite it" in done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert not out.exists()
    assert time.monotonic() - start < 60


def test_ctrl_c_stops_a_coding_command_within_a_second(tmp_path: Path) -> None:
    book, doc = _files(tmp_path, "a" * 40 + "b a")
    out = tmp_path / "out.csv"
    out.write_text("what was there\n", encoding="utf-8")
    other = tmp_path / "new.csv"
    proc = subprocess.Popen(
        _command("code", doc, "-c", book, "-o", other),
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # Wait until the runaway expression runs (its helper process exists).
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not _children(proc.pid):
            time.sleep(0.05)
        assert _children(proc.pid), "the expression never started"
        time.sleep(0.3)
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=30)
        assert time.monotonic() - sent < 1.0
    finally:
        proc.kill()
    assert proc.returncode == 130, stderr
    assert "Interrupted" in stderr and "Traceback" not in stderr
    assert not other.exists()
    assert out.read_text(encoding="utf-8") == "what was there\n"
    time.sleep(0.2)
    assert not _children(proc.pid)


def _children(pid: int) -> list[int]:
    if not Path("/proc/self/task").exists():  # pragma: no cover - not Linux
        pytest.skip("needs /proc")
    path = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return [int(p) for p in path.read_text().split()]
    except OSError:
        return []


def test_a_unit_of_over_a_million_characters_is_coded_in_pieces(tmp_path: Path) -> None:
    words = ("city", "the", "partner", "grows", "and")
    turn = " ".join(words[i % len(words)] for i in range(260_000))  # ~1.3M characters
    book, doc = _files(tmp_path, turn, rules="city")
    out = tmp_path / "out.csv"
    done = subprocess.run(
        _command("code", doc, "-c", book, "-o", out),
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "more than spaCy takes at once (1,000,000): coded in 2 pieces" in done.stderr
    assert "internal error" not in done.stderr
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 3  # the header, the long unit, the short one


def test_pieces_cut_at_breaks_and_cover_the_text() -> None:
    from interviewkit.coding.pieces import pieces

    text = ("word " * 50 + "\n") * 40
    cut = pieces(text, 1000)
    assert "".join(p for _, p in cut) == text
    assert all(len(p) <= 1000 for _, p in cut)
    assert all(p.endswith("\n") for _, p in cut[:-1])
    assert [o for o, _ in cut] == [sum(len(p) for _, p in cut[:i]) for i in range(len(cut))]
    assert [len(p) for _, p in pieces("x" * 2500, 1000)] == [1000, 1000, 500]


def test_expressions_re2_can_take_exactly_run_there_and_match_as_python() -> None:
    import re

    patterns = [r"städte\w*", r"\d+\s*%", r"(a+)+", r"[\w-]+partner", r"\bjobs\b", r"end$"]
    assert [exact_re2(p) is not None for p in patterns] == [True, True, True, True, False, False]
    runner = RegexRunner([Rule("regex", p, "de") for p in patterns])
    texts = ["Die STÄDTE und städtebau, 12 % und ٣٤%", "a" * 40 + "b", "Öko-partner jobs end"]
    try:
        got = [sorted(spans) for spans in runner.find(texts)]
    finally:
        runner.close()
    want = [
        sorted(
            (i, m.start(), m.end())
            for i, p in enumerate(patterns)
            for m in re.compile(p, re.IGNORECASE).finditer(text)
        )
        for text in texts
    ]
    assert got == want
