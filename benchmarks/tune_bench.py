"""Cross-validated tune of the shipped codebook on the samples' gold standard.

Builds a project from transcripts_sample/ (as `interviewkit init`, `add`,
`autocode` and `import-codings transcripts_sample/gold_standard.csv --coder
gold` do), runs the tune of `interviewkit codebook tune --coder gold`, and
prints, per code, Krippendorff's alpha, precision, recall and F1 of the
untuned and the tuned codebook on the held-out folds: every document is coded
by a codebook tuned on the other folds' documents only.

    python benchmarks/tune_bench.py [--folds 5] [--seed 0] [--split all|test]
        [--min-precision 0.5] [--min-keyness 10.83] [--min-count 3] [--min-recall 0.85]

--split test uses only the six transcripts the shipped codebook was not written
on (Düsseldorf, Chongqing, Wuhan; see benchmarks/quality.py).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "transcripts_sample"
CODEBOOK = ROOT / "codebooks" / "city_partnerships.yaml"
TEST_CITIES = ("duesseldorf", "chongqing", "wuhan")
#: The aim: the agreement of a second trained person, without losing recall.
AIM_ALPHA, AIM_RECALL = 0.80, 0.85


def build(split: str) -> object:
    from interviewkit.analysis.coding_sheet import read_codings
    from interviewkit.codebook import load_codebook
    from interviewkit.coding import Coder
    from interviewkit.store import Project
    from interviewkit.transcripts import read_transcripts
    from interviewkit.workflow import autocode

    book = load_codebook(CODEBOOK)
    docs = read_transcripts([SAMPLES], metadata_file=SAMPLES / "metadata.csv")
    if split == "test":
        docs = [d for d in docs if d.id.startswith(TEST_CITIES)]
    project = Project.create(":memory:", book)
    project.add_transcripts(docs)
    autocode(project, Coder(book))
    kept = {d.id for d in docs}
    rows = [r for r in read_codings(SAMPLES / "gold_standard.csv") if r.doc_id in kept]
    project.import_codings(rows, coder="gold")
    return project


def _interval(row: object) -> str:
    low, high = row.get("alpha_after_low"), row.get("alpha_after_high")  # type: ignore[attr-defined]
    return "" if low is None else f"{low:.2f}–{high:.2f}"


def main() -> int:
    from interviewkit.analysis.proposals import TuneSettings
    from interviewkit.analysis.tuning import POOLED, tune
    from interviewkit.codebook import load_codebook

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--split", choices=("all", "test"), default="all")
    parser.add_argument("--min-precision", type=float, default=0.5)
    parser.add_argument("--min-keyness", type=float, default=10.83)
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--min-recall", type=float, default=0.85)
    parser.add_argument("--bootstrap", type=int, default=1000)
    args = parser.parse_args()
    settings = TuneSettings(
        min_precision=args.min_precision,
        min_keyness=args.min_keyness,
        min_count=args.min_count,
        min_recall=args.min_recall,
    )
    began = time.perf_counter()
    project = build(args.split)
    built = time.perf_counter() - began
    result = tune(
        project,  # type: ignore[arg-type]
        load_codebook(CODEBOOK),
        coder="gold",
        settings=settings,
        folds=args.folds,
        seed=args.seed,
        bootstrap=args.bootstrap,
    )
    took = time.perf_counter() - began - built
    estimate = result.estimate
    assert estimate is not None
    table = estimate.table
    print(
        f"Samples ({args.split}: {len(result.reference.documents)} transcripts), reference gold; "
        f"{estimate.describe()}"
    )
    print(
        f"Thresholds: precision {settings.min_precision}, G² {settings.min_keyness}, "
        f"count {settings.min_count}, recall {settings.min_recall}."
    )
    head = (
        f"{'code':<24}{'n':>5}{'coded':>6}  {'α before':>9}{'α after':>9}"
        f"{'P before':>9}{'P after':>8}{'R before':>9}{'R after':>8}"
        f"{'F1 before':>10}{'F1 after':>9}{'chg/fold':>9}  aim  {'α after 95% CI':>14}"
    )
    print(head)
    print("-" * len(head))
    for code, row in table.iterrows():
        reached = row["alpha_after"] >= AIM_ALPHA and row["recall_after"] >= AIM_RECALL
        print(
            f"{code!s:<24}{int(row['n_units']):>5}{int(row['coded']):>6}  "
            f"{row['alpha_before']:>9.2f}{row['alpha_after']:>9.2f}"
            f"{row['precision_before']:>9.2f}{row['precision_after']:>8.2f}"
            f"{row['recall_before']:>9.2f}{row['recall_after']:>8.2f}"
            f"{row['f1_before']:>10.2f}{row['f1_after']:>9.2f}{row['changes']:>9.1f}  "
            f"{'yes' if reached else 'no ':<3}  {_interval(row):>14}"
        )
    if "alpha_after_low" in table.columns:
        pooled = table.loc[POOLED]
        print(
            f"95% bootstrap interval of α, all codes: before {pooled['alpha_before_low']:.2f}–"
            f"{pooled['alpha_before_high']:.2f}, after {pooled['alpha_after_low']:.2f}–"
            f"{pooled['alpha_after_high']:.2f}"
        )
    print(f"Changes tuned on all {len(result.reference.documents)} transcripts (the copy written):")
    for change in result.changes:
        rule = change.rule.value if change.rule else change.value
        print(f"  {change.action:<6} {change.code:<22} {change.language}  {rule}")
    for note in result.notes:
        print(f"Note: {note}")
    print(f"Project built in {built:.1f} s; tune with {args.folds}-fold estimate in {took:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
