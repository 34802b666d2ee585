"""How far the tool scales: a codebook of 50,000 codes, a project of 50,000 documents.

    python benchmarks/scale_bench.py [--codes 50000] [--docs 50000] [--words 100]
                                     [--only codebook|project] [--timeout 1800] [--keep DIR]

Builds both in a temporary folder and runs each command as a researcher
would, through the command line, one process per command, printing its wall
time, its peak memory (the process's ``ru_maxrss``) and how it ended (``ok``,
``error`` with the first line of the message, or ``timeout``):

- **codebook**: a YAML codebook of ``--codes`` codes (500 themes with their
  children, three rules each, English and German) is checked, shown, loaded
  into a project of 30 short transcripts, used to code them, and every
  analysis and export command runs on the result.
- **project**: ``--docs`` transcripts of ``--words`` words each (the corpus
  generator's German, English and Chinese turns) with a metadata sheet are
  added with the shipped codebook, coded, and every analysis and export
  command runs on the project; a second coder's sheet of codings for 1,000
  documents is imported for ``agreement``.

Each command's output goes to files in the folder (or to a pipe), never to
the terminal. A command that runs past ``--timeout`` seconds is stopped and
reported as such; one that needs more than ``--memory-mb`` of address space
fails (and says so) instead of taking the machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHIPPED = ROOT / "codebooks" / "city_partnerships.yaml"


@dataclass
class Figure:
    label: str
    seconds: float
    peak_mb: float
    outcome: str


#: Address space each command may use (MB), so that a command that would need far more
#: fails alone instead of taking the machine; set by --memory-mb.
MEMORY_MB = 6000


def _bounded() -> None:
    import resource

    limit = MEMORY_MB * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run(label: str, args: list[str], folder: Path, timeout: float) -> Figure:
    """Run ``interviewkit ARGS`` in its own process; time it and take its peak memory.

    A command that runs out of its address space ends with an error (``MemoryError``).
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "120", "NO_COLOR": "1"}
    env.pop("INTERVIEWKIT_PROJECT", None)
    began = time.monotonic()
    with open(folder / "stdout.txt", "wb") as out, open(folder / "stderr.txt", "wb") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "interviewkit", *args],
            cwd=folder,
            env=env,
            stdout=out,
            stderr=err,
            preexec_fn=_bounded,
        )
        outcome = ""
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - began > timeout:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                outcome = f"timeout after {timeout:.0f} s"
                break
            time.sleep(0.05)
    seconds = time.monotonic() - began
    process.returncode = os.waitstatus_to_exitcode(status)
    if not outcome:
        message = (folder / "stderr.txt").read_text(encoding="utf-8", errors="replace")
        first = next((ln for ln in message.splitlines() if ln.startswith("Error")), "")
        outcome = "ok" if process.returncode == 0 else f"exit {process.returncode}: {first}"
    figure = Figure(label, seconds, usage.ru_maxrss / 1024, outcome)
    print(f"  {label:<44} {seconds:8.1f} s {figure.peak_mb:8.0f} MB  {outcome[:110]}", flush=True)
    return figure


# --------------------------------------------------------------------------- building


def big_codebook(path: Path, codes: int) -> None:
    """``codes`` codes: themes of about 100 codes each, three rules per child code."""
    themes = max(1, codes // 100)
    per_theme = max(0, codes // themes - 1)
    lines = ["name: Scale test", "version: 1", "languages: [en, de]", "codes:"]
    for t in range(themes):
        lines += [
            f"  - id: t{t}",
            f"    name: Theme {t}",
            f"    description: Theme {t}, the parent of {per_theme} codes.",
            "    children:",
        ]
        for c in range(per_theme):
            lines += [
                f"      - id: t{t}_c{c}",
                f"        name: Code {t}.{c}",
                "        keywords:",
                f"          en: [word{t}x{c}, 'term{t}x{c}*']",
                f"          de: [wort{t}x{c}]",
            ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def corpus(folder: Path, docs: int, words: int) -> Path:
    """``docs`` transcripts and a metadata sheet (city, country) in ``folder``."""
    sys.path.insert(0, str(HERE))
    from corpus import generate  # type: ignore[import-not-found]

    paths = generate(folder, words=docs * words, docs=docs, seed=1)
    cities = ["Bonn", "Düsseldorf", "Duisburg", "Chengdu", "Chongqing", "Wuhan"]
    rng = random.Random(1)
    sheet = folder.parent / f"{folder.name}_metadata.csv"
    rows = ["id,city,country"]
    for path in paths:
        city = rng.choice(cities)
        rows.append(f"{path.stem},{city},{'Germany' if cities.index(city) < 3 else 'China'}")
    sheet.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return sheet


def gold_sheet(path: Path, project: Path, docs: int) -> None:
    """A second coder's codings: the first suggestion of each unit, for ``docs`` documents."""
    import sqlite3

    conn = sqlite3.connect(project)
    rows = conn.execute(
        "SELECT d.doc_id, c.unit, MIN(c.code) FROM codings c JOIN documents d ON d.id = c.doc "
        "WHERE d.id <= ? GROUP BY d.doc_id, c.unit",
        (docs,),
    ).fetchall()
    conn.close()
    path.write_text(
        "doc_id,unit,code\n" + "".join(f"{d},{u},{c}\n" for d, u, c in rows), encoding="utf-8"
    )


# --------------------------------------------------------------------------- the two studies


def analyses(project: str) -> list[tuple[str, list[str]]]:
    p = ["-p", project]
    return [
        ("status", ["status", *p]),
        ("segments -o segments.csv", ["segments", *p, "-o", "segments.csv"]),
        ("segments -o segments.xlsx", ["segments", *p, "-o", "segments.xlsx"]),
        ("themes --by city", ["themes", *p, "--by", "city"]),
        ("themes --by city -o themes.xlsx", ["themes", *p, "--by", "city", "-o", "themes.xlsx"]),
        ("compare --by country", ["compare", *p, "--by", "country", "--permutations", "1000"]),
        ("matrix -o matrix.csv", ["matrix", *p, "-o", "matrix.csv"]),
        ("cooccur -o cooccur.csv", ["cooccur", *p, "-o", "cooccur.csv"]),
        ("kwic partner -o kwic.csv", ["kwic", "partner", *p, "-o", "kwic.csv"]),
        ("export codebook", ["export", "codebook", "book.qdc", *p]),
        ("export project", ["export", "project", "project.qdpx", *p]),
    ]


def codebook_study(folder: Path, codes: int, timeout: float) -> list[Figure]:
    print(f"A codebook of {codes:,} codes")
    book = folder / "big.yaml"
    big_codebook(book, codes)
    texts = folder / "small"
    corpus(texts, 30, 200)
    steps = [
        ("codebook check", ["codebook", "check", "big.yaml"]),
        ("codebook show > file", ["codebook", "show", "big.yaml"]),
        ("init --codebook", ["init", "big.db", "--codebook", "big.yaml"]),
        ("add 30 transcripts", ["add", "small", "-m", "small_metadata.csv", "-p", "big.db"]),
        ("autocode", ["autocode", "-p", "big.db"]),
        ("codebook load (same again)", ["codebook", "load", "big.yaml", "-p", "big.db"]),
        ("code 30 files -q (one-shot)", ["code", "small", "-c", "big.yaml", "-q"]),
        *analyses("big.db"),
    ]
    return [run(label, args, folder, timeout) for label, args in steps]


def project_study(folder: Path, docs: int, words: int, timeout: float) -> list[Figure]:
    print(f"A project of {docs:,} documents ({words} words each, {docs * words:,} words)")
    shutil.copy(SHIPPED, folder / "book.yaml")
    corpus(folder / "docs", docs, words)
    figures = [
        run("init --codebook (shipped)", ["init", "many.db", "-c", "book.yaml"], folder, timeout),
        run(
            f"add {docs:,} transcripts",
            ["add", "docs", "-m", "docs_metadata.csv", "-p", "many.db"],
            folder,
            timeout,
        ),
        run(
            f"add {docs:,} again (unchanged)",
            ["add", "docs", "-m", "docs_metadata.csv", "-p", "many.db"],
            folder,
            timeout,
        ),
        run("autocode", ["autocode", "-p", "many.db"], folder, timeout),
    ]
    gold_sheet(folder / "gold.csv", folder / "many.db", 1000)
    figures.append(
        run(
            "import-codings (1,000 documents)",
            ["import-codings", "gold.csv", "--coder", "gold", "-p", "many.db"],
            folder,
            timeout,
        )
    )
    figures.append(
        run(
            "agreement auto,gold",
            ["agreement", "--coders", "auto,gold", "--bootstrap", "200", "-p", "many.db"],
            folder,
            timeout,
        )
    )
    figures += [run(label, args, folder, timeout) for label, args in analyses("many.db")]
    figures.append(run("transcripts (read all files)", ["transcripts", "docs"], folder, timeout))
    return figures


def main() -> None:
    global MEMORY_MB
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codes", type=int, default=50_000)
    parser.add_argument("--docs", type=int, default=50_000)
    parser.add_argument("--words", type=int, default=100, help="Words per document.")
    parser.add_argument("--only", choices=("codebook", "project"))
    parser.add_argument("--timeout", type=float, default=1800, help="Seconds per command.")
    parser.add_argument("--keep", type=Path, help="Build in this folder and keep it.")
    parser.add_argument(
        "--memory-mb", type=int, default=MEMORY_MB, help="Address space per command (MB)."
    )
    args = parser.parse_args()
    MEMORY_MB = args.memory_mb
    print(
        f"interviewkit scale benchmark: Python {platform.python_version()}, "
        f"{os.cpu_count()} cores, {platform.machine()}"
    )
    base = args.keep or Path(tempfile.mkdtemp(prefix="interviewkit-scale-"))
    base.mkdir(parents=True, exist_ok=True)
    try:
        if args.only in (None, "codebook"):
            folder = base / "codebook"
            folder.mkdir(exist_ok=True)
            codebook_study(folder, args.codes, args.timeout)
        if args.only in (None, "project"):
            folder = base / "project"
            folder.mkdir(exist_ok=True)
            project_study(folder, args.docs, args.words, args.timeout)
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
