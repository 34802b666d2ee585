"""The speed targets that tests once asserted, measured and printed.

A test that fails because the machine is busy says nothing about the code, so
the suite checks what these steps do and this script says how long they take,
each the best of a few runs, beside its target:

* ``interviewkit --help`` in a fresh interpreter (target: well under 3 s; it
  imports no heavy library, which tests/cli/test_cli_basics.py checks);
* the 95% bootstrap interval of Krippendorff's alpha, two coders, 500 units,
  1000 resamples (target: under 1 s);
* ``compare_themes`` on 300 transcripts of 1000 units each, every unit coded
  once (target: under 5 s; benchmarks/compare_bench.py times a million units).

    python benchmarks/timings_bench.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CODEBOOK = ROOT / "codebooks" / "city_partnerships.yaml"


def best_of(repeat: int, step: Callable[[], Any]) -> float:
    """The shortest of ``repeat`` runs of ``step``, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        step()
        best = min(best, time.perf_counter() - start)
    return best


def help_step() -> None:
    subprocess.run(
        [sys.executable, "-m", "interviewkit", "--help"], capture_output=True, check=True
    )


def bootstrap_step() -> Callable[[], Any]:
    import numpy as np

    from interviewkit.analysis.bootstrap import bootstrap_alpha_ci

    rng = np.random.default_rng(0)
    first = rng.integers(0, 3, 500)
    second = np.where(rng.random(500) < 0.8, first, rng.integers(0, 3, 500))
    data = np.vstack([first, second]).astype(float)
    bootstrap_alpha_ci(data, n_boot=10)  # imports and caches
    return lambda: bootstrap_alpha_ci(data, n_boot=1000)


def compare_step() -> Callable[[], Any]:
    import numpy as np
    import pandas as pd

    from interviewkit.analysis.compare import compare_themes
    from interviewkit.codebook import load_codebook

    book = load_codebook(CODEBOOK)
    leaves = [c.id for c in book.walk() if not book.children(c.id)]
    rng = np.random.default_rng(1)
    n_docs, per_doc = 300, 1000
    documents = pd.DataFrame(
        {
            "doc_id": [f"d{i:04d}" for i in range(n_docs)],
            "city": rng.choice(["Bonn", "Chengdu", "Wuhan"], n_docs),
        }
    )
    units = pd.DataFrame(
        {
            "doc_id": np.repeat(documents["doc_id"].to_numpy(), per_doc),
            "unit": np.tile(np.arange(per_doc), n_docs),
        }
    )
    segments = units.assign(code=rng.choice(leaves, len(units)), coder="auto", status="suggested")
    return lambda: compare_themes(segments, units, documents, book)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="Runs of each step (best counts).")
    args = parser.parse_args()
    rows = [
        ("interviewkit --help (fresh interpreter)", 3.0, best_of(args.repeat, help_step)),
        ("bootstrap of alpha, 500 units x 1000", 1.0, best_of(args.repeat, bootstrap_step())),
        ("compare_themes, 300 x 1000 units", 5.0, best_of(args.repeat, compare_step())),
    ]
    print(f"{'step':<42} {'best':>8}  {'target':>8}")
    for label, target, seconds in rows:
        verdict = "ok" if seconds < target else "SLOWER THAN TARGET"
        print(f"{label:<42} {seconds:7.3f}s  < {target:5.1f}s  {verdict}")


if __name__ == "__main__":
    main()
