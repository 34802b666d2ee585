"""Score the automatic coding of transcripts_sample/ against the hand-coded gold standard.

For every code and language: precision, recall, F1 and Krippendorff's alpha
(binary: the code present or absent on each respondent turn), for the
interviewkit coder and, as a baseline, for a plain case-insensitive substring
search of the same keywords (what QualCoder-style tools do).

    python benchmarks/quality.py [--codebook codebooks/city_partnerships.yaml] [--misses CODE]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "transcripts_sample"


def substring_baseline(book, docs) -> set[tuple[str, int, str]]:  # type: ignore[no-untyped-def]
    """Units whose lowercased text contains a keyword (globs without their stars)."""
    found = set()
    for doc in docs:
        lang = doc.language
        for unit in doc.units:
            if unit.interviewer:
                continue
            text = doc.unit_text(unit).lower()
            for code in book.codes:
                for rule in code.rules(lang):
                    if rule.kind == "pattern":
                        continue
                    if rule.kind == "regex":
                        hit = re.search(rule.value, text, re.IGNORECASE) is not None
                    else:
                        needle = rule.value.replace("*", "").replace("?", "").lower()
                        hit = bool(needle) and needle in text
                    if hit:
                        found.add((doc.id, unit.index, code.id))
                        break
    return found


def score(
    gold: set[tuple[str, int, str]],
    found: set[tuple[str, int, str]],
    universe: Iterable[tuple[str, int]],
    code: str,
) -> dict[str, float]:
    from interviewkit.analysis.agreement import krippendorff_alpha, precision_recall_f1

    units = list(universe)
    ref = [int((d, u, code) in gold) for d, u in units]
    pred = [int((d, u, code) in found) for d, u in units]
    p, r, f = precision_recall_f1(ref, pred)
    alpha = krippendorff_alpha([ref, pred]) if units else float("nan")
    return {
        "n": len(units),
        "gold": sum(ref),
        "auto": sum(pred),
        "precision": p,
        "recall": r,
        "f1": f,
        "alpha": alpha,
    }


def main() -> int:
    import pandas as pd

    from interviewkit.codebook import load_codebook
    from interviewkit.coding import Coder
    from interviewkit.transcripts import read_transcripts

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--codebook", type=Path, default=ROOT / "codebooks" / "city_partnerships.yaml"
    )
    parser.add_argument("--misses", help="print the gold units of this code the coder missed")
    parser.add_argument("--false", dest="false_pos", help="print false positives of this code")
    parser.add_argument(
        "--split",
        choices=("all", "train", "test"),
        default="all",
        help="train: Bonn, Chengdu, Duisburg (for tuning the codebook); "
        "test: Düsseldorf, Chongqing, Wuhan (held out, for reporting)",
    )
    args = parser.parse_args()

    book = load_codebook(args.codebook)
    docs = read_transcripts([SAMPLES], metadata_file=SAMPLES / "metadata.csv")
    if args.split != "all":
        train = ("bonn", "chengdu", "duisburg")
        docs = [d for d in docs if d.id.startswith(train) == (args.split == "train")]
    with open(SAMPLES / "gold_standard.csv", encoding="utf-8") as f:
        gold = {(r["doc_id"], int(r["unit"]), r["code"]) for r in csv.DictReader(f)}
    kept = {d.id for d in docs}
    gold = {g for g in gold if g[0] in kept}
    coder = Coder(book)
    found = {(c.doc_id, c.unit_index or 0, c.code) for c in coder.code(docs)}
    baseline = substring_baseline(book, docs)
    leaves = [c.id for c in book.codes if not book.children(c.id)]
    rows = []
    for method, result in (("interviewkit", found), ("substring", baseline)):
        for language in ("de", "en", "zh", "all"):
            universe = [
                (d.id, u.index)
                for d in docs
                if language in ("all", d.language)
                for u in d.units
                if not u.interviewer
            ]
            for code in [*leaves, "(all codes)"]:
                codes = leaves if code == "(all codes)" else [code]
                if code == "(all codes)":
                    uni = [(d, u) for d, u in universe]
                    g = {(d, u, "x") for (d, u, c) in gold if c in codes}
                    # pooled: each unit × code is one binary decision
                    pooled_units = [(f"{d}#{c}", u) for d, u in uni for c in codes]
                    g = {(f"{d}#{c}", u, "x") for (d, u, c) in gold if c in codes}
                    fo = {(f"{d}#{c}", u, "x") for (d, u, c) in result if c in codes}
                    s = score(g, fo, pooled_units, "x")
                else:
                    s = score(gold, result, universe, code)
                rows.append({"method": method, "language": language, "code": code, **s})
    table = pd.DataFrame(rows)
    pd.set_option("display.width", 200)
    pd.set_option("display.max_rows", 500)
    for method in ("interviewkit", "substring"):
        sub = table[table.method == method]
        print(f"\n== {method} ==")
        print(
            sub[sub.language == "all"]
            .drop(columns=["method", "language"])
            .to_string(index=False, float_format=lambda v: f"{v:.2f}")
        )
        overall = sub[sub.code == "(all codes)"].drop(columns=["method", "code"])
        print(overall.to_string(index=False, float_format=lambda v: f"{v:.2f}"))
    for label, wanted, source, other in (
        ("missed", args.misses, gold, found),
        ("false positive", args.false_pos, found, gold),
    ):
        if not wanted:
            continue
        by_id = {d.id: d for d in docs}
        for d, u, c in sorted(source - other):
            if c == wanted:
                doc = by_id[d]
                print(f"--- {label} {c}: {d} unit {u}\n{doc.unit_text(doc.unit(u))[:600]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
