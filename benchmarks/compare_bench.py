"""Speed of ``compare`` on a synthetic study of a million coded units.

Builds, in memory, documents (cities, countries, partner cities), respondent
units and codings of the shipped codebook's leaf codes, shaped like the frames
a project returns, then times the pure comparison functions end to end
(counting, per-code tests, Holm, residuals, overall test), ``--pairs`` too.
Reading the frames from a project file is not included: that is the store's
``segments()``/``units()``, which also fetch every segment's text and evidence.

    python benchmarks/compare_bench.py [--units 1000000] [--docs 2000]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
CODEBOOK = ROOT / "codebooks" / "city_partnerships.yaml"
CITIES = {  # city: (country, partner city)
    "Bonn": ("Germany", "Chengdu"), "Düsseldorf": ("Germany", "Chongqing"),
    "Duisburg": ("Germany", "Wuhan"), "Chengdu": ("China", "Bonn"),
    "Chongqing": ("China", "Düsseldorf"), "Wuhan": ("China", "Duisburg"),
}


def study(n_units: int, n_docs: int, leaves: list[str], seed: int = 7):  # type: ignore[no-untyped-def]
    """(segments, units, documents): every unit coded with one to three leaf codes."""
    rng = np.random.default_rng(seed)
    names = list(CITIES)
    city = np.array(names)[np.arange(n_docs) % len(names)]
    documents = pd.DataFrame({
        "doc_id": [f"doc{i:05d}" for i in range(n_docs)], "city": city,
        "country": [CITIES[c][0] for c in city], "partner_city": [CITIES[c][1] for c in city],
    })
    per_doc = n_units // n_docs
    units = pd.DataFrame({
        "doc_id": np.repeat(documents["doc_id"].to_numpy(), per_doc),
        "unit": np.tile(np.arange(2, 2 * per_doc + 2, 2), n_docs),
    })
    # Each city leans towards some codes, so the tests have something to find.
    weights = rng.dirichlet(np.ones(len(leaves)) * 5, size=len(names))
    city_of_unit = np.repeat(np.arange(n_docs) % len(names), per_doc)
    parts = []
    for k in range(3):  # first code for every unit, a second for half, a third for a quarter
        chosen = rng.random(len(units)) < (1.0, 0.5, 0.25)[k]
        cumulative = weights.cumsum(axis=1)[city_of_unit[chosen]]
        pick = (rng.random(chosen.sum())[:, None] > cumulative).sum(axis=1)
        parts.append(units[chosen].assign(code=np.array(leaves)[np.minimum(pick, len(leaves) - 1)]))
    segments = pd.concat(parts, ignore_index=True).assign(coder="auto", status="suggested")
    return segments, units, documents


def timed(label: str, function, repeat: int = 3):  # type: ignore[no-untyped-def]
    best = float("inf")
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<58} {best:7.3f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--docs", type=int, default=2000)
    args = parser.parse_args()

    from interviewkit.analysis.compare import compare_pairs, compare_themes, count_coded_units
    from interviewkit.codebook import load_codebook

    book = load_codebook(CODEBOOK)
    leaves = [c.id for c in book.codes if not book.children(c.id)]
    segments, units, documents = study(args.units, args.docs, leaves)
    print(f"{len(documents):,} documents, {len(units):,} respondent units, "
          f"{len(segments):,} codings, {segments[['doc_id', 'unit']].drop_duplicates().shape[0]:,} "
          "coded units")
    timed("count coded units by city", lambda: count_coded_units(
        segments, units, documents, book, by=["city"]))
    result = timed("compare --by city (count + tests + Holm + residuals)", lambda: compare_themes(
        segments, units, documents, book, by=["city"]))
    timed("compare --by country", lambda: compare_themes(
        segments, units, documents, book, by=["country"]))
    timed("compare --pairs (3 partnerships + countries)", lambda: compare_pairs(
        segments, units, documents, book))
    print(result.tests[["chi2", "p_holm", "method"]].round(4).to_string())


if __name__ == "__main__":
    main()
