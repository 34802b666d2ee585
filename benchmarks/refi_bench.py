"""Benchmark REFI-QDA export and import of a project with several coders' work.

    python benchmarks/refi_bench.py [--docs 200] [--turns 60] [--keep DIR]

Builds a project of synthetic transcripts (German, English and Chinese turns),
the automatic coder's suggestions on every second respondent turn (with their
evidence), two coders' decisions on two thirds of them (they differ on some),
a person's codings and memos; then times, through the library, ``export_project``,
``import_file`` into a new project, and the round-trip check (the same segments,
memos and decisions). Prints the time of each step, the peak memory
(``ru_maxrss``) and the size of the .qdpx.
"""

from __future__ import annotations

import argparse
import platform
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from interviewkit.codebook.model import Code, Codebook  # noqa: E402
from interviewkit.models import Coding, Evidence, Transcript, Unit  # noqa: E402
from interviewkit.refi import export_project, import_file  # noqa: E402
from interviewkit.store import Project  # noqa: E402

SAYINGS = {
    "de": "Der Hafen und der Handel zählen, das Vertrauen wächst langsam, Zweifel bleiben.",
    "en": "The port and trade matter, trust grows slowly, and some doubts remain.",
    "zh": "港口和贸易很重要，信任慢慢增长，但是还有一些疑问。",
}
CODES = ("economy", "trust", "doubt", "exchange")


def _peak_mb() -> float:
    scale = 1 / 1024 if platform.system() == "Linux" else 1 / 1024**2
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale


def _timed(label: str, step: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = step()
    print(
        f"{label:<34} {time.perf_counter() - start:8.2f} s   peak {_peak_mb():7.0f} MB", flush=True
    )
    return result


def _transcript(number: int, turns: int) -> Transcript:
    language = ("de", "en", "zh")[number % 3]
    text, units = "", []
    for index in range(1, turns + 1):
        speaker = "I" if index % 2 else "B"
        said = "Wie ist das?" if speaker == "I" else SAYINGS[language]
        if text:
            text += "\n\n"
        start = len(text) + len(speaker) + 2
        text += f"{speaker}: {said}"
        units.append(Unit(index, start, len(text), speaker, interviewer=speaker == "I"))
    return Transcript(
        f"doc_{number:04d}",
        text,
        tuple(units),
        {"language": language, "city": ("Bonn", "Wuhan", "Duisburg")[number % 3]},
    )


def build(path: Path, docs: int, turns: int) -> None:
    with Project.create(path) as project:
        project.load_codebook(Codebook("bench", "1", tuple(Code(c, c.title()) for c in CODES)))
        transcripts = [_transcript(n, turns) for n in range(docs)]
        project.add_transcripts(transcripts)
        suggestions = []
        for t in transcripts:
            for unit in t.units[1::4]:
                code = CODES[unit.index % len(CODES)]
                suggestions.append(
                    Coding(
                        t.id,
                        unit.start,
                        unit.end,
                        code,
                        unit_index=unit.index,
                        evidence=(Evidence("word:x", "x", unit.start, unit.start + 3),),
                    )
                )
        project.store_auto_codings(suggestions)
        for n, s in enumerate(suggestions):
            assert s.unit_index is not None
            if n % 3:
                project.review(s.doc_id, s.unit_index, s.code, status="accepted", reviewer="anna")
            if n % 3 == 1:
                project.review(s.doc_id, s.unit_index, s.code, status="rejected", reviewer="ben")
            if n % 7 == 0:
                project.tag(
                    s.doc_id,
                    s.unit_index + 2,
                    CODES[n % 4],
                    coder="ben",
                    memo="Said twice." if n % 14 == 0 else None,
                )


def state(project: Project) -> tuple[Any, ...]:
    segments = project.segments(statuses=None)
    memos = project.memos().drop(columns=["id"])
    decisions = project.decisions().drop(columns=["coding"])
    return (
        sorted(map(tuple, segments.astype(str).values)),
        sorted(map(tuple, memos.astype(str).values)),
        sorted(map(tuple, decisions.astype(str).values)),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--turns", type=int, default=60)
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for name in ("bench.db", "again.db", "bench.qdpx"):
            (folder / name).unlink(missing_ok=True)
        print(f"interviewkit REFI-QDA benchmark: {args.docs} transcripts of {args.turns} turns")
        _timed("building the project", lambda: build(folder / "bench.db", args.docs, args.turns))
        with Project(folder / "bench.db") as project:
            codings, decisions = len(project.codings()), len(project.decisions())
            report = _timed(
                "export_project", lambda: export_project(project, folder / "bench.qdpx")
            )
            before = state(project)
        with Project.create(folder / "again.db") as again:
            _timed("import_file (a new project)", lambda: import_file(again, folder / "bench.qdpx"))
            after = _timed("reading the state back", lambda: state(again))
        print()
        print(
            f"codings {codings:,} (in the file: {report.codings:,}); decisions {decisions:,}; "
            f"memos {report.memos:,}"
        )
        print(f".qdpx {(folder / 'bench.qdpx').stat().st_size / 1e6:.1f} MB")
        same = "the same segments, memos and decisions" if before == after else "DIFFERS"
        print(f"round trip: {same}")
        print(f"peak memory {_peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
