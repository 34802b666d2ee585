"""Benchmark the project store: add 500 transcripts (1 million words) and auto-code them.

    python benchmarks/store_bench.py [--docs 500] [--words 1000000] [--jobs 1] [--keep DIR]

Writes a synthetic de/en/zh corpus (Markdown with front matter and speaker
turns; ``benchmarks/corpus.py`` when present) to a temporary folder, then
times, through the library: reading the files, ``Project.add_transcripts``
into a new project file, the automatic coding with the shipped codebook and
``Project.store_auto_codings`` (timed apart), a second ``add`` of the same files (nothing
changes), and exporting every segment. Prints the time of each step, the
peak memory (``ru_maxrss``) and the size of the project file.
"""

from __future__ import annotations

import argparse
import platform
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CODEBOOK = ROOT / "codebooks" / "city_partnerships.yaml"


def _generate(out: Path, *, words: int, docs: int) -> list[Path]:
    sys.path.insert(0, str(HERE))
    try:
        from corpus import generate  # type: ignore[import-not-found]
    except ImportError:
        return _fallback(out, words=words, docs=docs)
    result: list[Path] = generate(out, words=words, docs=docs, seed=1)
    return result


def _fallback(out: Path, *, words: int, docs: int) -> list[Path]:
    """A small generator for when benchmarks/corpus.py is not there."""
    phrases = {
        "de": ["die Partnerschaft mit Chengdu ist wichtig", "der Hafen und der Handel",
               "wir haben keine Zweifel", "das Image der Stadt", "dann gab es Mittagessen"],
        "en": ["the partnership with Wuhan matters", "the port and trade links",
               "we had no doubts", "the image of the city", "then there was lunch"],
        "zh": ["我们和波恩的友好城市关系", "中欧班列对经济发展很重要", "我们对合同没有担心",
               "城市的国际化形象", "然后大家一起吃了火锅"],
    }
    rng = random.Random(1)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(docs):
        lang = ("de", "en", "zh")[i % 3]
        lines = ["---", f"id: gen_{lang}_{i:05d}", f"language: {lang}", "---", ""]
        count = 0
        while count < words // docs:
            turn = " ".join(rng.choice(phrases[lang]) for _ in range(rng.randint(3, 9)))
            count += len(turn) if lang == "zh" else len(turn.split())
            lines += ["I: Können Sie das erklären?", "", f"B: {turn}.", ""]
        path = out / f"gen_{lang}_{i:05d}.md"
        path.write_text("\n".join(lines), encoding="utf-8")
        paths.append(path)
    return paths


def _peak_mb() -> float:
    """Peak resident memory of this process and its finished children, in MB."""
    scale = 1 if platform.system() == "Darwin" else 1024  # bytes on macOS, KiB on Linux
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale
    return max(own, children) / 1e6


def _timed(label: str, step: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = step()
    print(f"{label:<42} {time.perf_counter() - start:8.1f} s   peak {_peak_mb():7.0f} MB",
          flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--keep", type=Path,
                        help="Write the corpus and project here, and keep them.")
    args = parser.parse_args()

    from interviewkit.codebook import load_codebook
    from interviewkit.coding import Coder
    from interviewkit.store import Project
    from interviewkit.transcripts import read_transcripts

    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        corpus, db = folder / "corpus", folder / "bench.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        print(f"interviewkit store benchmark: {args.docs} transcripts, ~{args.words:,} words, "
              f"jobs={args.jobs}, Python {platform.python_version()}, {platform.machine()}")
        _timed("generate corpus", lambda: _generate(corpus, words=args.words, docs=args.docs))
        docs = _timed("read transcripts", lambda: read_transcripts(corpus))
        words = sum(d.word_count for d in docs)
        book = load_codebook(CODEBOOK)
        with Project.create(db, codebook=book) as project:
            report = _timed("add (one transaction)", lambda: project.add_transcripts(docs))
            assert len(report.added) == len(docs)
            coder = Coder(book, jobs=args.jobs)
            codings = _timed("autocode: coding (spaCy, matchers)",
                             lambda: list(coder.code(project.transcripts())))
            auto = _timed("autocode: storing (one transaction)",
                          lambda: project.store_auto_codings(codings, doc_ids=project.doc_ids()))
            again = _timed("add the same files again", lambda: project.add_transcripts(docs))
            assert len(again.unchanged) == len(docs)
            store = _timed("store the same suggestions again",
                           lambda: project.store_auto_codings(codings, doc_ids=project.doc_ids()))
            frame = _timed("segments() (every coded segment)", project.segments)
            state = project.status()
        size = sum(Path(f"{db}{s}").stat().st_size for s in ("", "-wal", "-shm")
                   if Path(f"{db}{s}").exists())
        print()
        print(f"transcripts {state.documents:,}; words {words:,}; units {state.units:,} "
              f"({state.respondent_units:,} of respondents)")
        print(f"suggestions {auto.added:,} (re-storing: {store.replaced:,} refreshed, "
              f"{store.added} added); segments {len(frame):,}")
        print(f"project file {size / 1e6:.1f} MB ({db.name})")
        print(f"peak memory {_peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
