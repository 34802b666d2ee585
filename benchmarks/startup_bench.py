"""Start-up of the commands a researcher runs over and over, against spaCy's own start.

Each figure is the CPU time (user + system, of the command and every process
it starts) of a fresh ``interviewkit`` process, and of its reference: the
floor of any spaCy tool, ``python -c "import spacy; spacy.blank(LANG)"``
(Chinese with the jieba segmenter the coder uses, and for inputs in several
languages every language they need). Command and reference run in turns,
``--repeat`` times each (default 5); the table shows the medians, their
ratio, and the spread (lowest to highest) of each, since a shared machine
drifts. Every command runs once before the clock (a warm disk cache, the
compiled codebook in its cache, Python's bytecode written).

    python benchmarks/startup_bench.py [--repeat 5] [--only code-de,themes-files]

Targets (issue 17): ``code`` one file at most 1.3x its floor; ``themes`` and
``compare`` on the twelve samples with ``--codebook`` at most 2x, on a
project at most 1.5x; ``review`` shows its first screen within 1 s of the
floor (wall time, in a pseudo-terminal).
"""

from __future__ import annotations

import argparse
import os
import resource
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "transcripts_sample"
CODEBOOK = ROOT / "codebooks" / "city_partnerships.yaml"
META = SAMPLES / "metadata.csv"
PY = sys.executable

_ZH = "spacy.blank('zh', config={'nlp': {'tokenizer': {'segmenter': 'jieba'}}})"
FLOORS = {
    "de": "import spacy; spacy.blank('de')",
    "en": "import spacy; spacy.blank('en')",
    "zh": f"import spacy; {_ZH}",
    "de+en+zh": f"import spacy; spacy.blank('de'); spacy.blank('en'); {_ZH}",
}


def _env(cache: Path) -> dict[str, str]:
    env = {**os.environ, "INTERVIEWKIT_CACHE_DIR": str(cache), "COLUMNS": "120"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its bytecode
    env.pop("INTERVIEWKIT_NO_CACHE", None)
    src = str(ROOT / "src")
    extra = env.get("PYTHONPATH")
    env["PYTHONPATH"] = src + os.pathsep + extra if extra else src
    return env


def cpu_seconds(args: list[str], env: dict[str, str], cwd: Path) -> float:
    """CPU time of a fresh process and its descendants."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(args, env=env, cwd=cwd, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def cases(work: Path) -> dict[str, tuple[list[str], str]]:
    """name → (interviewkit arguments, floor)."""
    ik = [PY, "-m", "interviewkit"]
    project = str(work / "project.db")
    return {
        "code-de": ([*ik, "code", str(SAMPLES / "bonn_de_01.md"), "-c", str(CODEBOOK),
                     "-o", str(work / "de.csv")], "de"),
        "code-en": ([*ik, "code", str(SAMPLES / "bonn_en_02.md"), "-c", str(CODEBOOK),
                     "-o", str(work / "en.csv")], "en"),
        "code-zh": ([*ik, "code", str(SAMPLES / "wuhan_zh_01.md"), "-c", str(CODEBOOK),
                     "-o", str(work / "zh.csv")], "zh"),
        "themes-files": ([*ik, "themes", str(SAMPLES), "-m", str(META), "-c", str(CODEBOOK),
                          "--by", "city"], "de+en+zh"),
        "compare-files": ([*ik, "compare", str(SAMPLES), "-m", str(META), "-c", str(CODEBOOK),
                           "--by", "country"], "de+en+zh"),
        "themes-project": ([*ik, "themes", "-p", project, "--by", "city"], "de"),
        "compare-project": ([*ik, "compare", "-p", project, "--by", "country"], "de"),
    }


def make_project(work: Path, env: dict[str, str]) -> None:
    ik = [PY, "-m", "interviewkit"]
    project = str(work / "project.db")
    subprocess.run([*ik, "init", "-p", project, "-c", str(CODEBOOK)], env=env, cwd=work,
                   check=True, capture_output=True)
    subprocess.run([*ik, "add", str(SAMPLES), "-m", str(META), "-p", project], env=env, cwd=work,
                   check=True, capture_output=True)
    subprocess.run([*ik, "autocode", "-p", project], env=env, cwd=work, check=True,
                   capture_output=True)


def review_first_screen(work: Path, env: dict[str, str]) -> float:
    """Wall seconds from start to the review app's first screen, in a pseudo-terminal."""
    import fcntl
    import pty
    import re
    import struct
    import termios

    project = str(work / "project.db")
    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(
        [PY, "-m", "interviewkit", "review", "-p", project, "--coder", "bench"],
        env={**env, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"},
        cwd=work, stdin=child, stdout=child, stderr=child, close_fds=True,
    )
    os.close(child)
    seen = b""
    try:
        while time.perf_counter() - start < 60:
            ready, _, _ = select.select([main], [], [], 0.05)
            if ready:
                try:
                    seen += os.read(main, 65536)
                except OSError:
                    break
                if b"bonn_de_01" in re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b"", seen):
                    return time.perf_counter() - start
        raise RuntimeError("the review app showed no transcript within 60 s")
    finally:
        proc.kill()
        proc.wait()
        os.close(main)


def wall_seconds(args: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(args, env=env, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", default="", help="Comma-separated case names (default: all).")
    parser.add_argument("--no-review", action="store_true", help="Leave out the review app.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = _env(work / "cache")
        make_project(work, env)
        chosen = cases(work)
        if args.only:
            chosen = {k: v for k, v in chosen.items() if k in args.only.split(",")}
        print(f"CPU seconds, median of {args.repeat} in turns with the floor (range low-high)")
        print(f"{'case':16} {'interviewkit':>22} {'floor':>22} {'ratio':>6}")
        for name, (command, floor_key) in chosen.items():
            floor = [PY, "-c", FLOORS[floor_key]]
            cpu_seconds(command, env, work)  # warm: bytecode, disk cache, compiled codebook
            cpu_seconds(floor, env, work)
            ours, ref = [], []
            for _ in range(args.repeat):
                ours.append(cpu_seconds(command, env, work))
                ref.append(cpu_seconds(floor, env, work))
            mo, mr = statistics.median(ours), statistics.median(ref)
            print(
                f"{name:16} {mo:6.2f} ({min(ours):.2f}-{max(ours):.2f}) "
                f"{mr:9.2f} ({min(ref):.2f}-{max(ref):.2f})  {mo / mr:5.2f}x  [{floor_key}]",
                flush=True,
            )
        if not args.no_review and (not args.only or "review" in args.only):
            floor = [PY, "-c", FLOORS["de"]]
            review_first_screen(work, env)
            ours, ref = [], []
            for _ in range(args.repeat):
                ours.append(review_first_screen(work, env))
                ref.append(wall_seconds(floor, env, work))
            mo, mr = statistics.median(ours), statistics.median(ref)
            print(
                f"{'review (wall)':16} {mo:6.2f} ({min(ours):.2f}-{max(ours):.2f}) "
                f"{mr:9.2f} ({min(ref):.2f}-{max(ref):.2f})  {mo - mr:+5.2f} s  [de]"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
