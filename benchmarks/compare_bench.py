"""Speed of ``compare`` on a synthetic study of a million coded units.

Builds, in memory, documents (cities, countries, partner cities), respondent
units and codings of the shipped codebook's leaf codes, shaped like the frames
a project returns, then times the pure comparison functions end to end
(counting, per-code tests, Holm, residuals, overall test), ``--pairs`` too.

With ``--project`` it also builds a real project file of the same study (with
the store's bulk methods; every other unit is an interviewer's turn, and 1% of
those carry a coding, which is left out) and times ``compare`` end to end
through it: open the file, count in SQLite, test. The build time is printed
separately. A file built by an interviewkit before schema 6 is upgraded when
it is first opened (index ``codings_tally`` and table ``unit_summary``, which
the count reads; ~10 s for a million coded units): with ``--reuse``, the first
of the repeated runs includes that, the best of them does not.

    python benchmarks/compare_bench.py [--units 1000000] [--docs 2000] [--project [FILE]]
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


def build_project(path: Path, segments, units, documents, book):  # type: ignore[no-untyped-def]
    """A project file of the study: transcripts, the codebook and ``segments`` as suggestions."""
    from interviewkit.models import Coding, Transcript, Unit
    from interviewkit.store import Project

    path.unlink(missing_ok=True)
    per_doc = len(units) // len(documents)
    # Units 1..2n: odd ones the interviewer's question, even ones the answer.
    label_q, label_a, said = "I: ", "R: ", "ok"
    pieces, spans = [], []
    at = 0
    for index in range(1, 2 * per_doc + 1):
        label = label_q if index % 2 else label_a
        start = at + len(label)
        pieces.append(label + said)
        spans.append((index, start, start + len(said), label[0]))
        at = start + len(said) + 2
    text = "\n\n".join(pieces)
    unit_rows = tuple(Unit(i, s, e, who, interviewer=who == "I") for i, s, e, who in spans)
    span_of = {i: (s, e) for i, s, e, _ in spans}
    project = Project.create(path, codebook=book)
    with project:
        attrs = documents.set_index("doc_id")
        project.add_transcripts(
            Transcript(doc_id, text, unit_rows,
                       {"language": "en", **{k: str(v) for k, v in attrs.loc[doc_id].items()}})
            for doc_id in documents["doc_id"]
        )
        rng = np.random.default_rng(11)
        asked = units[rng.random(len(units)) < 0.01].assign(unit=lambda f: f["unit"] - 1)
        extra = asked.assign(code=segments["code"].iloc[: len(asked)].to_numpy())
        rows = pd.concat([segments[["doc_id", "unit", "code"]], extra], ignore_index=True)
        project.store_auto_codings(
            Coding(doc_id, *span_of[unit], code, unit_index=unit)
            for doc_id, unit, code in rows.itertuples(index=False)
        )


def time_project(path: Path, repeat: int = 3) -> None:
    """``compare --by city`` (and ``--pairs``) through the project file, as the CLI does it."""
    from interviewkit.analysis.compare import compare_themes_counted
    from interviewkit.analysis.counting import document_counts
    from interviewkit.analysis.pairs import compare_pairs_counted
    from interviewkit.analysis.themes import theme_table_counted
    from interviewkit.store import Project

    def by_city():  # type: ignore[no-untyped-def]
        with Project(path) as project:
            book = project.codebook()
            counted = document_counts(project, book)
        return compare_themes_counted(counted, book, by=["city"])

    def pairs():  # type: ignore[no-untyped-def]
        with Project(path) as project:
            book = project.codebook()
            counted = document_counts(project, book)
        return compare_pairs_counted(counted, book)

    def count_only():  # type: ignore[no-untyped-def]
        with Project(path) as project:
            return document_counts(project, project.codebook())

    def themes():  # type: ignore[no-untyped-def]
        with Project(path) as project:
            book = project.codebook()
            counted = document_counts(project, book)
        return theme_table_counted(counted, book, by=["city"])

    timed("project: open + count per document (store)", count_only, repeat)
    timed("project: themes --by city (open + count + table)", themes, repeat)
    timed("project: compare --by city (open + count + tests)", by_city, repeat)
    timed("project: compare --pairs (open + count + tests)", pairs, repeat)


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
    parser.add_argument("--project", type=Path, nargs="?", const=Path("/tmp/compare_bench.db"),
                        default=None, help="Also build a project file and time it end to end.")
    parser.add_argument("--reuse", action="store_true",
                        help="Use the --project file as it is (built by an earlier run).")
    args = parser.parse_args()

    from interviewkit.analysis.compare import compare_themes
    from interviewkit.analysis.groups import count_coded_units
    from interviewkit.analysis.pairs import compare_pairs
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
    if args.project is not None:
        if not (args.reuse and args.project.exists()):
            start = time.perf_counter()
            build_project(args.project, segments, units, documents, book)
            print(f"{'build the project file (once, not part of compare)':<58} "
                  f"{time.perf_counter() - start:7.3f} s  ({args.project})")
        time_project(args.project)


if __name__ == "__main__":
    main()
