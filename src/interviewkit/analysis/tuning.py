"""Tune a codebook on a reference's decisions, and estimate honestly how much it gains.

:func:`tune` runs the codebook over the documents the reference worked on,
proposes changes on all of them (:mod:`interviewkit.analysis.proposals`), and
applies them to a copy: that copy is what ``codebook tune`` writes.

How well would the tuned codebook do on interviews it was not tuned on? That
is estimated by cross-validation over documents (:func:`cross_validate`): the
documents are dealt into folds (seeded, each language spread over the folds);
for each fold the changes are proposed on the other folds' documents only and
the tuned copy codes the fold's documents. Every document is then coded once
by a codebook that never saw its decisions, and α, precision, recall and F1
per code against the reference are computed over all of them, beside the
untuned codebook's on the same units. Scores on the documents a codebook was
tuned on are never reported: they say how well it fits, not how well it works.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewkit.analysis.proposals import Change, TuneSettings, apply_changes, propose
from interviewkit.errors import UsageError

if TYPE_CHECKING:
    import pandas as pd

    from interviewkit.analysis.keyness import Featurizer
    from interviewkit.analysis.observations import Observation
    from interviewkit.analysis.reference import Reference
    from interviewkit.codebook.model import Codebook
    from interviewkit.models import Transcript
    from interviewkit.store import Project

#: The columns of :attr:`Estimate.table`, after ``name``.
ESTIMATE_COLUMNS = (
    "n_units",
    "coded",
    "alpha_before",
    "alpha_after",
    "precision_before",
    "recall_before",
    "f1_before",
    "precision_after",
    "recall_after",
    "f1_after",
    "changes",
)
POOLED = "(all codes)"
#: Below this many coded units, a code's estimate is said to rest on very few.
FEW = 10


@dataclass(frozen=True)
class Estimate:
    """Cross-validated scores per code (index), untuned (``_before``) and tuned (``_after``).

    ``n_units``: labelled units; ``coded``: of them, coded by the reference;
    ``changes``: changes per fold on average. ``folds``: the documents of
    each fold; ``after``: (doc_id, unit, code) each tuned codebook found in
    the documents held out from its tuning.
    """

    table: pd.DataFrame
    folds: tuple[tuple[str, ...], ...]
    seed: int
    after: frozenset[tuple[str, int, str]] = frozenset()

    def describe(self) -> str:
        return (
            f"Estimated by {len(self.folds)}-fold cross-validation over documents (seed "
            f"{self.seed}): each document is coded by a codebook tuned on the other folds' "
            "documents only; the untuned codebook is scored on the same units."
        )


@dataclass(frozen=True)
class TuneResult:
    """What :func:`tune` finds: the tuned copy, its changes, and the honest estimate."""

    codebook: Codebook
    changes: tuple[Change, ...]
    estimate: Estimate | None
    reference: Reference
    settings: TuneSettings
    codes: tuple[str, ...]
    notes: tuple[str, ...] = field(default=())


def tune(
    project: Project,
    codebook: Codebook,
    *,
    coder: str | None = None,
    settings: TuneSettings | None = None,
    codes: Sequence[str] | None = None,
    folds: int = 5,
    seed: int = 0,
    bootstrap: int = 0,
    models: Mapping[str, str] | None = None,
    on_step: Callable[[str], None] | None = None,
) -> TuneResult:
    """Tune ``codebook`` on the decisions of ``coder`` (default: the accepted codings).

    ``folds`` 0 skips the estimate; ``bootstrap`` resamples give α's interval.
    """
    from interviewkit.analysis.observations import observe
    from interviewkit.analysis.reference import reference as reference_of

    settings = settings or TuneSettings()
    ref = reference_of(project, coder)
    chosen = tunable_codes(codebook, codes)
    say = on_step or (lambda _: None)
    say(f"Coding the {len(ref.documents)} document(s) {ref.name} worked on …")
    transcripts = list(project.transcripts(ref.documents))
    featurizers: dict[str, Featurizer] = {}
    observations = observe(
        codebook, transcripts, ref, chosen, models=models, featurizers=featurizers
    )
    avoid = place_names(project)
    changes = propose(
        codebook,
        observations,
        chosen,
        settings,
        featurizers=featurizers,
        reference=ref.name,
        avoid=avoid,
    )
    notes = []
    never = [c for c in chosen if not any(o.labels.get(c) for o in observations)]
    if never:
        notes.append(
            f"Not tuned, since {ref.name} never coded them in these documents: {', '.join(never)}."
        )
    estimate = None
    if folds:
        if len(transcripts) < 2:
            notes.append(
                "No estimate: cross-validation needs at least two documents the reference "
                "worked on."
            )
        else:
            estimate = cross_validate(
                codebook,
                observations,
                transcripts,
                ref,
                chosen,
                settings,
                folds=folds,
                seed=seed,
                bootstrap=bootstrap,
                featurizers=featurizers,
                models=models,
                on_step=say,
                avoid=avoid,
            )
    if estimate is not None:
        table = estimate.table.drop(index=POOLED)
        few = [str(c) for c, n in zip(table.index, table["coded"], strict=True) if n < FEW]
        if few:
            notes.append(
                f"Fewer than {FEW} coded units behind the estimate of {', '.join(few)}: "
                "their figures rest on very few units (--bootstrap 1000 shows how few)."
            )
    return TuneResult(
        apply_changes(codebook, changes),
        tuple(changes),
        estimate,
        ref,
        settings,
        tuple(chosen),
        tuple(notes),
    )


def tuned_header(result: TuneResult, source: Path, *, today: str | None = None) -> list[str]:
    """The lines that head a tuned copy: where it comes from, how, and what it may do."""
    from datetime import date

    settings = result.settings
    counts = {a: sum(1 for c in result.changes if c.action == a) for a in ("drop", "narrow", "add")}
    lines = [
        f"Tuned copy of {source.name}, written by 'interviewkit codebook tune' on "
        f"{today or date.today().isoformat()}.",
        f"{len(result.changes)} change(s) learnt from {result.reference.name}'s coding of "
        f"{len(result.reference.documents)} document(s): {counts['drop']} rule(s) dropped, "
        f"{counts['narrow']} narrowed by a near miss, {counts['add']} word(s) added;",
        "each is marked '# tune:' with its evidence. Read every change before you use the copy.",
        f"Thresholds: precision {settings.min_precision}, keyness G² {settings.min_keyness} "
        f"(Williams-corrected) in at least {settings.min_count} coded units, recall kept at "
        f"{settings.min_recall}.",
    ]
    estimate = result.estimate
    if estimate is not None:
        pooled = estimate.table.loc[POOLED]
        lines.append(
            f"Cross-validated estimate ({len(estimate.folds)} folds over documents, seed "
            f"{estimate.seed}), all codes pooled: alpha {pooled['alpha_before']:.2f} untuned, "
            f"{pooled['alpha_after']:.2f} tuned; recall {pooled['recall_before']:.2f} -> "
            f"{pooled['recall_after']:.2f}."
        )
    return lines


#: The metadata attributes that name where an interview was made.
PLACE_ATTRIBUTES = ("city", "partner_city", "country")


def place_names(project: Project) -> frozenset[str]:
    """The words of the transcripts' places (city, partner city, country), lowercase:
    never proposed as keywords (they say where an interview was, not what it is about)."""
    import re

    documents = project.documents()
    words: set[str] = set()
    for attribute in PLACE_ATTRIBUTES:
        if attribute in documents.columns:
            for value in documents[attribute].dropna():
                words |= {w for w in re.split(r"[\s\-/,]+", str(value).lower()) if len(w) > 1}
    return frozenset(words)


def tunable_codes(codebook: Codebook, codes: Sequence[str] | None = None) -> list[str]:
    """The codes to tune: those with rules and without children (or those named, ids or
    names; a parent stands for the codes below it)."""
    leaves = [c.id for c in codebook.walk() if c.rule_count and not codebook.children(c.id)]
    if codes is None:
        return leaves
    by_name = {c.name.lower(): c.id for c in codebook.codes}
    chosen: list[str] = []
    for name in codes:
        found = name if name in codebook else by_name.get(name.lower())
        if found is None:
            from interviewkit.store.lookup import unknown

            raise unknown("code", name, [c.id for c in codebook.walk()])
        below = [found, *codebook.descendants(found)]
        chosen += [c for c in below if c in leaves]
    if not chosen:
        raise UsageError(
            f"{', '.join(codes)}: no code with rules there to tune",
            hint="Name a code that has keywords in the codebook.",
        )
    return list(dict.fromkeys(chosen))


def fold_documents(languages: Mapping[str, str], folds: int, seed: int) -> list[list[str]]:
    """Documents dealt into ``folds`` folds: shuffled with ``seed`` within each language,
    then dealt in turn, so that every language is spread over the folds."""
    if folds < 2:
        raise UsageError(f"--folds must be 2 or more (or 0: no estimate), not {folds}")
    k = min(folds, len(languages))
    rng = random.Random(seed)
    order: list[str] = []
    for language in sorted(set(languages.values())):
        docs = sorted(d for d, lang in languages.items() if lang == language)
        rng.shuffle(docs)
        order += docs
    dealt: list[list[str]] = [[] for _ in range(k)]
    for i, doc in enumerate(order):
        dealt[i % k].append(doc)
    return [sorted(fold) for fold in dealt]


def cross_validate(
    codebook: Codebook,
    observations: Sequence[Observation],
    transcripts: Sequence[Transcript],
    reference: Reference,
    codes: Sequence[str],
    settings: TuneSettings,
    *,
    folds: int = 5,
    seed: int = 0,
    bootstrap: int = 0,
    featurizers: Mapping[str, Featurizer],
    models: Mapping[str, str] | None = None,
    on_step: Callable[[str], None] | None = None,
    avoid: frozenset[str] = frozenset(),
) -> Estimate:
    """The cross-validated estimate (see the module docstring)."""
    from interviewkit.analysis.observations import observe

    say = on_step or (lambda _: None)
    languages = {t.id: t.language or "xx" for t in transcripts}
    dealt = fold_documents(languages, folds, seed)
    after: set[tuple[str, int, str]] = set()
    n_changes: dict[str, int] = dict.fromkeys(codes, 0)
    for number, held_out in enumerate(dealt, start=1):
        say(f"Fold {number} of {len(dealt)}: tuning without {', '.join(held_out)} …")
        outside = set(held_out)
        training = [o for o in observations if o.doc_id not in outside]
        changes = propose(
            codebook,
            training,
            codes,
            settings,
            featurizers=featurizers,
            reference=reference.name,
            avoid=avoid,
        )
        for change in changes:
            n_changes[change.code] += 1
        tuned = apply_changes(codebook, changes)
        scored = observe(
            tuned,
            [t for t in transcripts if t.id in outside],
            reference,
            codes,
            models=models,
            features=False,
            transient=True,
        )
        after |= {(o.doc_id, o.unit, c) for o in scored for c in o.codes}
    before = {(o.doc_id, o.unit, c) for o in observations for c in o.codes}
    table = _scores(observations, codes, before, after, bootstrap, seed)
    table["changes"] = [n_changes.get(c, 0) / len(dealt) for c in table.index[:-1]] + [
        sum(n_changes.values()) / len(dealt)
    ]
    names = {c.id: c.name for c in codebook.codes}
    table.insert(0, "name", [names.get(c, c) for c in table.index])
    return Estimate(table, tuple(tuple(f) for f in dealt), seed, frozenset(after))


def _scores(
    observations: Sequence[Observation],
    codes: Sequence[str],
    before: set[tuple[str, int, str]],
    after: set[tuple[str, int, str]],
    bootstrap: int,
    seed: int,
) -> pd.DataFrame:
    """α (with the agreement table's coefficients) and P/R/F1 per code and pooled."""
    import math

    import numpy as np
    import pandas as pd

    from interviewkit.analysis.agreement import precision_recall_f1
    from interviewkit.analysis.agreement_table import binary_agreement

    rows: dict[str, dict[str, Any]] = {}
    pooled: dict[str, list[int]] = {"ref": [], "before": [], "after": []}
    for code in [*codes, POOLED]:
        if code == POOLED:
            ref, pred_before, pred_after = pooled["ref"], pooled["before"], pooled["after"]
        else:
            keys = [
                (o.doc_id, o.unit, code) for o in observations if o.labels.get(code) is not None
            ]
            ref = [
                int(bool(o.labels[code])) for o in observations if o.labels.get(code) is not None
            ]
            pred_before = [int(k in before) for k in keys]
            pred_after = [int(k in after) for k in keys]
            pooled["ref"] += ref
            pooled["before"] += pred_before
            pooled["after"] += pred_after
        row: dict[str, Any] = dict.fromkeys(ESTIMATE_COLUMNS, math.nan)
        row["n_units"], row["coded"] = len(ref), sum(ref)
        for suffix, pred in (("before", pred_before), ("after", pred_after)):
            if not ref:
                continue
            found = binary_agreement(
                np.array([ref, pred], dtype=float), bootstrap=bootstrap, seed=seed
            )
            row[f"alpha_{suffix}"] = found["alpha"]
            if bootstrap:
                row[f"alpha_{suffix}_low"] = found["alpha_low"]
                row[f"alpha_{suffix}_high"] = found["alpha_high"]
            p, r, f = precision_recall_f1(ref, pred)
            row[f"precision_{suffix}"], row[f"recall_{suffix}"], row[f"f1_{suffix}"] = p, r, f
        rows[code] = row
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "code"
    return table
