"""Proposals for one code, with their evidence: key words to add, rules people reject.

``interviewkit suggest CODE`` lists

* the words and two-word phrases over-represented in the units the reference
  coded with the code, against the units they did not code with it, per
  language (keyness G², :mod:`interviewkit.analysis.keyness`), each with its
  counts, how many coded units it would find that no rule finds yet, and two
  example units;
* the code's rules whose suggestions the reference mostly did not keep
  (:mod:`interviewkit.analysis.rule_evidence`), each with two example units
  where they rejected it.

Nothing changes by itself: ``codebook tune`` applies what passes the
thresholds, to a copy of the codebook.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from interviewkit.codebook.model import RULE_KINDS
from interviewkit.errors import DataError

if TYPE_CHECKING:
    import pandas as pd

    from interviewkit.analysis.keyness import Featurizer
    from interviewkit.analysis.observations import Observation
    from interviewkit.analysis.reference import Reference
    from interviewkit.store import Project

KEYWORD_COLUMNS = (
    "language",
    "feature",
    "kind",
    "G2",
    "p",
    "coded",
    "of_coded",
    "others",
    "of_others",
    "new",
    "in_codebook",
    "example_1",
    "example_2",
)
REJECTED_COLUMNS = (
    "language",
    "kind",
    "rule",
    "fired",
    "alone",
    "accepted",
    "rejected",
    "precision",
    "example_1",
    "example_2",
)
#: Characters of context shown each side of an example's words.
CONTEXT = 60


@dataclass(frozen=True)
class Suggestions:
    """What :func:`suggest` finds for one code (see the module docstring)."""

    code: str
    name: str
    keywords: pd.DataFrame
    rejected: pd.DataFrame
    reference: Reference
    notes: tuple[str, ...] = field(default=())


def suggest(
    project: Project,
    code: str,
    *,
    coder: str | None = None,
    min_count: int = 3,
    min_keyness: float = 10.83,
    min_precision: float = 0.5,
    correction: str = "williams",
    top: int = 15,
    models: Mapping[str, str] | None = None,
) -> Suggestions:
    """Proposals for ``code`` (id or name) from ``coder``'s decisions (default: accepted).

    Key words: positive G² of at least ``min_keyness``, in at least
    ``min_count`` coded units, the ``top`` strongest per language. Rejected
    rules: precision below ``min_precision``, with at least one rejection.
    """
    from interviewkit.analysis.observations import observe
    from interviewkit.analysis.reference import reference as reference_of
    from interviewkit.analysis.rule_evidence import resolve_codes, rule_evidence

    ref = reference_of(project, coder)
    book = project.codebook()
    assert book is not None  # reference() checked it
    target = resolve_codes(book, [code])[0]
    wanted = resolve_codes(book, [target])
    featurizers: dict[str, Featurizer] = {}
    observed = observe(
        book,
        project.transcripts(ref.documents),
        ref,
        wanted,
        models=models,
        featurizers=featurizers,
    )
    keywords = _keywords(
        observed, target, book.get(target), featurizers, min_count, min_keyness, correction, top
    )
    notes = []
    if not any(o.labels.get(target) for o in observed):
        notes.append(f"{ref.name} has not coded {target} in any unit: there is nothing to compare.")
    elif keywords.empty:
        notes.append(
            f"No word is in at least {min_count} coded units with G² ≥ {min_keyness:g}: lower "
            "--min-keyness or --min-count to see weaker candidates."
        )
    evidence = None
    try:
        evidence = rule_evidence(project, coder=coder, codes=[target], observed=observed)
    except DataError as exc:  # no suggestions stored yet: the key words still stand
        notes.append(f"{exc}; rules are judged once there are suggestions ({exc.hint})")
    rejected = _rejected(evidence, project, target, min_precision) if evidence else _empty()
    return Suggestions(target, book.get(target).name, keywords, rejected, ref, tuple(notes))


def _keywords(
    observed: Sequence[Observation],
    code: str,
    definition: Any,
    featurizers: Mapping[str, Featurizer],
    min_count: int,
    min_keyness: float,
    correction: str,
    top: int,
) -> pd.DataFrame:
    import pandas as pd

    from interviewkit.analysis.keyness import Feature, key_features

    existing = {
        " ".join(r.value.lower().split()) for rules in definition.keywords.values() for r in rules
    }
    rows = []
    for language in sorted({o.language for o in observed}):
        units = [o for o in observed if o.language == language and o.labels.get(code) is not None]
        labels = [int(bool(o.labels[code])) for o in units]
        table = key_features(
            [o.features for o in units], labels, correction=correction, min_count=min_count
        )
        featurizer = featurizers[language]
        shown = 0
        for row in table.itertuples(index=False):
            if shown >= top or float(row.G2) < min_keyness:
                break
            if int(row.n_target) < min_count:
                continue
            shown += 1
            feature = Feature(str(row.feature), str(row.kind))
            coded = [o for o in units if o.labels[code] and feature in o.features]
            new = [o for o in coded if code not in o.codes]
            surface = featurizer.surface(feature.key)
            shown_units = list({(o.doc_id, o.unit): o for o in [*new, *coded]}.values())[:2]
            examples = [_example(featurizer, o, feature.key) for o in shown_units] + ["", ""]
            rows.append(
                [
                    language,
                    surface,
                    "word" if language in ("zh", "ja", "th") else feature.kind,
                    float(row.G2),
                    float(row.p),
                    int(row.n_target),
                    sum(labels),
                    int(row.n_reference),
                    len(labels) - sum(labels),
                    len(new),
                    " ".join(surface.lower().split()) in existing or feature.key in existing,
                    examples[0],
                    examples[1],
                ]
            )
    return pd.DataFrame(rows, columns=list(KEYWORD_COLUMNS))


def _example(featurizer: Featurizer, o: Observation, key: str) -> str:
    found = featurizer.find(o.text, key)
    start, end = found if found is not None else (0, 0)
    return f"{o.doc_id}:{o.unit} {snippet(o.text, start, end)}"


def snippet(text: str, start: int, end: int, width: int = CONTEXT) -> str:
    """``… left «words» right …`` on one line, ``width`` characters of context each side."""

    def flat(part: str) -> str:
        return re.sub(r"\s+", " ", part)

    left, right = flat(text[max(0, start - width) : start]), flat(text[end : end + width])
    words = flat(text[start:end])
    head = "…" if start > width else ""
    tail = "…" if end + width < len(text) else ""
    middle = f"«{words}»" if words else ""
    return f"{head}{left}{middle}{right}{tail}".strip()


def _rejected(evidence: Any, project: Project, code: str, min_precision: float) -> pd.DataFrame:
    import math

    import pandas as pd

    table = evidence.table
    table = table[
        (table["code"] == code)
        & table["kind"].isin(RULE_KINDS)
        & (table["rejected"] > 0)
        & ~(table["precision"] >= min_precision)
    ]
    mentions = evidence.mentions
    texts: dict[tuple[str, int], str] = {}
    needed = sorted(set(mentions.loc[mentions["label"] == 0, "doc_id"]))
    if needed:
        units = project.units(needed)
        texts = {
            (str(d), int(u)): str(t)
            for d, u, t in zip(units["doc_id"], units["unit"], units["text"], strict=True)
        }
    rows = []
    for row in table.itertuples(index=False):
        rule = f"{row.kind}:{row.rule}"
        where = mentions[
            (mentions["code"] == code)
            & (mentions["rule"] == rule)
            & (mentions["language"] == row.language)
            & (mentions["label"] == 0)
        ]
        examples = []
        for doc, unit, matched in zip(
            where["doc_id"], where["unit"], where["matched"], strict=True
        ):
            text = texts.get((str(doc), int(unit)), "")
            first = str(matched).split("; ")[0]
            at = text.lower().find(first.lower()) if first else -1
            start, end = (at, at + len(first)) if at >= 0 else (0, 0)
            examples.append(f"{doc}:{unit} {snippet(text, start, end)}")
            if len(examples) == 2:
                break
        examples += ["", ""]
        rows.append(
            [
                row.language,
                row.kind,
                row.rule,
                int(row.fired),
                int(row.alone),
                int(row.accepted),
                int(row.rejected),
                row.precision if not math.isnan(row.precision) else math.nan,
                examples[0],
                examples[1],
            ]
        )
    return pd.DataFrame(rows, columns=list(REJECTED_COLUMNS))


def _empty() -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(columns=list(REJECTED_COLUMNS))
