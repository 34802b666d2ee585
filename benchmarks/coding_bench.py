"""Speed and memory of the coding path, against the bare spaCy tokenizer.

Generates a corpus (benchmarks/corpus.py) per language and size, then in a
fresh process each:

* the full coding path: read every transcript from disk, segment it, match
  the shipped codebook, build coding records (streamed, one transcript at a
  time), in words per second. The records are those ``interviewkit code``
  writes and a project stores (``Coder.code_records``: each unit's codes
  with their evidence, plain tuples); ``--objects`` times ``Coder.code``
  instead, which makes a ``Coding`` object of each;
* the bare spaCy tokenizer on the same unit texts (the practical limit);
* their ratio, and the peak memory (max RSS) of the coding process;
* reading the files and tokenizing them, with no matching at all: the best
  the full coding path could do if matching cost nothing (``ceiling``);
* where the time goes: reading and segmenting alone, and coding transcripts
  already read (with its own ratio to the tokenizer);
* the time of ``interviewkit --help``.

Words are counted before the clock starts. ``--jobs 1,2`` prints a row for
each number of processes (the tokenizer always runs in one). Speeds are
words per CPU second (this process and the processes it starts: the helper
that runs regular expressions, the workers of ``--jobs``), the median of
``--repeat`` fresh processes run in turns with the tokenizer, as a shared
machine's speed drifts; the spread of the ratio (lowest to highest) follows
it, and the wall-clock ratio after that.

    python benchmarks/coding_bench.py [--words 100000,1000000] [--languages de,en,zh] [--jobs 1,2]
        [--new-words 0.1]

The generated corpus repeats its sentences, so the tokenizer answers nearly
every word from its cache; ``--new-words 0.1`` draws a tenth of the answers'
words afresh, so that new words keep coming as in real interviews (see
benchmarks/corpus.py). Each row says how many distinct words its corpus has.

Targets (issue 17): at 1M words the whole path at 0.5x the bare tokenizer or
better for German and English, 0.9x for Chinese; the ``ceiling`` column is
the most the path could reach with reading as it is.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODEBOOK = ROOT / "codebooks" / "city_partnerships.yaml"


def _records(coder: object, docs: object, objects: bool) -> int:
    """Code ``docs`` and count what is kept: codes with their evidence, or Coding objects."""
    if objects or not hasattr(coder, "code_records"):
        return sum(1 for _ in coder.code(docs))  # type: ignore[attr-defined]
    return sum(len(r.codes) for r in coder.code_records(docs))  # type: ignore[attr-defined]


def worker(folder: Path, jobs: int, objects: bool = False) -> dict[str, float]:
    """Run in a fresh process: code every transcript in ``folder``, then tokenize."""
    from interviewkit.codebook import load_codebook
    from interviewkit.coding import Coder
    from interviewkit.models import count_words
    from interviewkit.transcripts import read_transcript

    paths = sorted(folder.glob("*.md"))
    book = load_codebook(CODEBOOK)
    coder = Coder(book, jobs=jobs)
    # Compile matchers outside the timing (done once per run, whatever its size).
    first = read_transcript(paths[0])
    coder.matcher(first.language or "xx")
    words = 0
    for path in paths:  # one transcript at a time: memory stays that of the coding
        doc = read_transcript(path)
        words += sum(count_words(doc.unit_text(u)) for u in doc.units if coder.selects(u))
    start, cpu = time.perf_counter(), _cpu()
    codings = _records(coder, (read_transcript(path) for path in paths), objects)
    getattr(coder, "close", lambda: None)()  # its helper's CPU counts once it has ended
    coding_cpu = _cpu() - cpu
    coding_seconds = time.perf_counter() - start
    # The coding process, plus its workers if any (each at most the largest one's peak).
    peak_mb = (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        + (jobs > 1) * jobs * resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    ) / 1024
    # Where the time goes: reading and segmenting the files, then coding them.
    cpu = _cpu()
    docs = [read_transcript(path) for path in paths]
    read_seconds = _cpu() - cpu
    cpu = _cpu()
    _records(coder, docs, objects)
    getattr(coder, "close", lambda: None)()
    match_seconds = _cpu() - cpu
    return {
        "words": words,
        "codings": codings,
        "coding_wps": words / coding_cpu,
        "coding_wall_wps": words / coding_seconds,
        "peak_mb": peak_mb,
        "read_wps": words / read_seconds,
        "match_wps": words / match_seconds,
    }


def _cpu() -> float:
    """CPU seconds of this process and of the children it has waited for."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def tokenizer_worker(folder: Path) -> dict[str, float]:
    """Run in a fresh process: the bare tokenizer over the same unit texts (cold, as coding was)."""
    from interviewkit.coding.pipeline import get_pipeline
    from interviewkit.models import count_words
    from interviewkit.transcripts import read_transcript

    docs = [read_transcript(path) for path in sorted(folder.glob("*.md"))]
    texts = [d.unit_text(u) for d in docs for u in d.units if not u.interviewer]
    words = sum(count_words(t) for t in texts)
    nlp = get_pipeline(docs[0].language or "xx")
    nlp.make_doc("warm up")
    start, cpu = time.perf_counter(), _cpu()
    for text in texts:
        nlp.make_doc(text)
    return {
        "tokenizer_wps": words / (_cpu() - cpu),
        "tokenizer_wall_wps": words / (time.perf_counter() - start),
    }


def floor_worker(folder: Path) -> dict[str, float]:
    """Run in a fresh process: read and tokenize every transcript, streamed (cold), no matching."""
    from interviewkit.coding.pipeline import get_pipeline
    from interviewkit.models import count_words
    from interviewkit.transcripts import read_transcript

    paths = sorted(folder.glob("*.md"))
    words = 0
    for path in paths:
        doc = read_transcript(path)
        words += sum(count_words(doc.unit_text(u)) for u in doc.units if not u.interviewer)
    nlp = get_pipeline(read_transcript(paths[0]).language or "xx")
    nlp.make_doc("warm up")
    cpu = _cpu()
    for path in paths:
        doc = read_transcript(path)
        for unit in doc.units:
            if not unit.interviewer:
                nlp.make_doc(doc.unit_text(unit))
    return {"read_tok_wps": words / (_cpu() - cpu)}


#: Issue 17: the whole path's ratio to the bare tokenizer at 1M words.
TARGETS = {"de": 0.5, "en": 0.5, "zh": 0.9}


def _target(language: str, words: int, ratio: float) -> str:
    goal = TARGETS.get(language)
    if goal is None or words < 1_000_000:
        return "-"
    return f">={goal} {'met' if ratio >= goal else 'not met'}"


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    """Per figure the median of the runs."""
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def _run(*args: str) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def help_seconds() -> float:
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "interviewkit", "--help"], check=True, capture_output=True
        )
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--words", default="100000,1000000")
    parser.add_argument("--languages", default="de,en,zh")
    parser.add_argument("--jobs", default="1", help="Processes, or several: 1,2")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=5, help="Fresh runs per figure (median).")
    parser.add_argument("--tokenizer-worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--floor-worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--objects", action="store_true", help="Time Coder.code (a Coding object per record)."
    )
    parser.add_argument(
        "--new-words",
        type=float,
        default=0.0,
        help="Share of answer words drawn from word frequencies (de, en), e.g. 0.1.",
    )
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, int(args.jobs), args.objects)))
        return 0
    if args.tokenizer_worker:
        print(json.dumps(tokenizer_worker(args.tokenizer_worker)))
        return 0
    if args.floor_worker:
        print(json.dumps(floor_worker(args.floor_worker)))
        return 0
    print(f"interviewkit --help: {help_seconds() * 1000:.0f} ms (best of 5)")
    print("words per CPU second, medians; ratio = coding / tokenizer (spread), wall ratio")
    print(
        f"{'lang':4} {'words':>9} {'jobs':>4} {'coding w/s':>11} {'tokenizer w/s':>14} "
        f"{'ratio':>6} {'spread':>11} {'wall':>5} {'read+tok w/s':>13} {'ceiling':>7} "
        f"{'peak MB':>8} {'codings':>8} {'read w/s':>10} {'match w/s':>10} {'ratio':>6} "
        f"{'target':>12}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for language in args.languages.split(","):
            for size in (int(w) for w in args.words.split(",")):
                folder = Path(tmp) / f"{language}_{size}"
                # In a process of its own: a worker started from this one would report
                # this one's memory (the word frequencies) as its peak.
                subprocess.run(
                    [
                        sys.executable,
                        str(Path(__file__).parent / "corpus.py"),
                        str(folder),
                        f"--words={size}",
                        f"--docs={max(10, size // 2000)}",
                        f"--languages={language}",
                        f"--new-words={args.new_words}",
                    ],
                    check=True,
                    capture_output=True,
                )
                distinct = len({w for p in folder.glob("*.md") for w in p.read_text().split()})
                print(f"{language} corpus: {distinct:,} distinct words", flush=True)
                runs: dict[str, list[dict[str, float]]] = {}
                for _ in range(args.repeat):  # in turns, so that drift hits all alike
                    runs.setdefault("tok", []).append(_run("--tokenizer-worker", str(folder)))
                    runs.setdefault("floor", []).append(_run("--floor-worker", str(folder)))
                    for jobs in args.jobs.split(","):
                        runs.setdefault(jobs, []).append(
                            _run(
                                "--worker",
                                str(folder),
                                "--jobs",
                                jobs,
                                *(["--objects"] if args.objects else []),
                            )
                        )
                tok_runs = runs["tok"]
                tok = _median(tok_runs)["tokenizer_wps"]
                tok_wall = _median(tok_runs)["tokenizer_wall_wps"]
                floor = _median(runs["floor"])["read_tok_wps"]
                for jobs in args.jobs.split(","):
                    r = _median(runs[jobs])
                    # each run against the tokenizer run of its turn
                    ratios = [
                        c["coding_wps"] / t["tokenizer_wps"]
                        for c, t in zip(runs[jobs], tok_runs, strict=True)
                    ]
                    print(
                        f"{language:4} {r['words']:>9,.0f} {jobs:>4} {r['coding_wps']:>11,.0f} "
                        f"{tok:>14,.0f} {r['coding_wps'] / tok:>6.2f} "
                        f"{min(ratios):>5.2f}-{max(ratios):<5.2f} "
                        f"{r['coding_wall_wps'] / tok_wall:>5.2f} {floor:>13,.0f} "
                        f"{floor / tok:>7.2f} {r['peak_mb']:>8.0f} {r['codings']:>8,.0f} "
                        f"{r['read_wps']:>10,.0f} {r['match_wps']:>10,.0f} "
                        f"{r['match_wps'] / tok:>6.2f} "
                        f"{_target(language, size, r['coding_wps'] / tok):>12}",
                        flush=True,
                    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
