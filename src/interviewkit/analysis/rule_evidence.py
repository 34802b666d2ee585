"""Rule evidence: for each rule, what it suggested and what the coders made of it.

``interviewkit rules`` reads the suggestions the automatic coder stored, with
their evidence (which rule fired on which words), and the reference's labels
(:mod:`interviewkit.analysis.reference`). One row per rule of a code in a
language:

``fired``
    units it suggested the code on (each unit once, whatever the number of
    mentions); ``alone``: of them, units no other rule of the code fired on
    (dropping the rule would take these suggestions away);
``accepted`` / ``rejected``
    of them, units the reference coded with the code (accepted the suggestion
    or coded it themselves) / did not (rejected it, or left the unit uncoded
    in a document they coded); ``undecided``: units without a label
    (documents nobody coded, suggestions not reviewed yet);
``precision``
    accepted / (accepted + rejected).

Negation words and near misses leave no suggestion behind, so the codebook
is run over the reference's documents to see them: a row per negation word
and per near miss, counting the units where they cancelled every mention of
the code (``fired``), the units the reference left uncoded there (``accepted``:
the cancellation was right) and those the reference coded anyway
(``missed``). A row ``(no rule)`` per code and language counts the units
the reference coded that no suggestion covered. Rows are sorted by what
costs the coders most: rejected suggestions and missed units.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from interviewkit.errors import DataError

if TYPE_CHECKING:
    import pandas as pd

    from interviewkit.analysis.observations import Observation
    from interviewkit.analysis.reference import Reference
    from interviewkit.codebook.model import Codebook
    from interviewkit.store import Project

RULE_COLUMNS = (
    "code",
    "code_name",
    "language",
    "kind",
    "rule",
    "fired",
    "alone",
    "accepted",
    "rejected",
    "missed",
    "undecided",
    "precision",
)
NO_RULE = "(no rule)"


@dataclass(frozen=True)
class RuleEvidence:
    """The rules table (:data:`RULE_COLUMNS`), and every mention behind it.

    ``mentions``: one row per unit, code and rule of a stored suggestion:
    ``doc_id, unit, code, language, kind, rule, matched, label`` (1, 0 or
    NaN), for examples.
    """

    table: pd.DataFrame
    mentions: pd.DataFrame
    reference: Reference
    notes: tuple[str, ...] = field(default=())


def rule_evidence(
    project: Project,
    *,
    coder: str | None = None,
    codes: Sequence[str] | None = None,
    suggested_by: str | None = None,
    models: Mapping[str, str] | None = None,
    observed: Sequence[Observation] | None = None,
) -> RuleEvidence:
    """The rules table of ``project`` against ``coder`` (default: the accepted codings).

    ``codes``: only these codes (ids or names; a parent stands for the codes
    below it); ``suggested_by``: only this automatic coder's suggestions;
    ``observed``: the codebook's run over the reference's documents, when the
    caller has made it already.
    """
    import pandas as pd

    from interviewkit.analysis.observations import observe
    from interviewkit.analysis.reference import reference as reference_of

    ref = reference_of(project, coder)
    book = project.codebook()
    assert book is not None  # reference() checked it
    evidence = project.evidence()
    if suggested_by is not None:
        kinds = project.coder_kinds()
        if kinds.get(project.check_coder(suggested_by)) != "auto":
            raise DataError(
                f"{suggested_by} is not an automatic coder",
                hint="--suggested-by names the coder whose suggestions are judged, e.g. auto.",
            )
        evidence = evidence[evidence["coder"] == suggested_by]
    if evidence.empty:
        raise DataError(
            "the project holds no automatic suggestions yet: there is no rule evidence",
            hint="Run 'interviewkit autocode' first.",
        )
    wanted = resolve_codes(book, codes)
    evidence = evidence[evidence["code"].isin(wanted)]
    mentions = _mentions(evidence, ref)
    if observed is None:
        observed = observe(
            book, project.transcripts(ref.documents), ref, wanted, models=models, features=False
        )
    languages = {d: str(lang or "xx") for d, lang in _languages(project).items()}
    # A parent counts its children's units: only a code without children misses units.
    suggestible = [c for c in wanted if book.get(c).rule_count and not book.children(c)]
    rows = (
        _rule_rows(mentions)
        + _cancel_rows(observed, mentions)
        + _missed_rows(ref, mentions, observed, suggestible, languages)
    )
    table = pd.DataFrame(rows, columns=[c for c in RULE_COLUMNS if c != "code_name"])
    names = {c.id: c.name for c in book.codes}
    table.insert(1, "code_name", [names.get(c, c) for c in table["code"]])
    table["cost"] = table["rejected"] + table["missed"]
    table = table.sort_values(
        ["cost", "fired", "code", "rule"], ascending=[False, False, True, True], kind="stable"
    ).drop(columns="cost")
    notes = []
    known = {r.label for c in book.codes for rules in c.keywords.values() for r in rules}
    gone = sorted({r for r in mentions["rule"] if r not in known})
    if gone:
        notes.append(
            f"{len(gone)} rule(s) made suggestions but are no longer in the codebook "
            f"(e.g. {gone[0]}): run 'interviewkit autocode' to bring the suggestions up to date."
        )
    return RuleEvidence(table.reset_index(drop=True), mentions, ref, tuple(notes))


def resolve_codes(book: Codebook, codes: Sequence[str] | None) -> list[str]:
    """Every code of the codebook, or those named (a parent with the codes below it)."""
    if codes is None:
        return [c.id for c in book.walk()]
    by_name = {c.name.lower(): c.id for c in book.codes}
    out: list[str] = []
    for name in codes:
        found = name if name in book else by_name.get(name.lower())
        if found is None:
            from interviewkit.store.lookup import unknown

            raise unknown("code", name, [c.id for c in book.walk()])
        out += [found, *book.descendants(found)]
    return list(dict.fromkeys(out))


def _languages(project: Project) -> dict[str, Any]:
    documents = project.documents()
    return dict(zip(documents["doc_id"], documents["language"], strict=True))


def _mentions(evidence: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    """One row per (doc, unit, code, rule) of the stored suggestions, with the label."""
    frame = evidence.assign(language=evidence["language"].replace("", "xx"))
    frame = frame.groupby(["doc_id", "unit", "code", "language", "kind", "rule"], sort=False).agg(
        matched=("matched", lambda m: "; ".join(dict.fromkeys(" ".join(str(x).split()) for x in m)))
    )
    frame = frame.reset_index()
    labels = [
        ref.label(str(d), int(u), str(c))
        for d, u, c in zip(frame["doc_id"], frame["unit"], frame["code"], strict=True)
    ]
    return frame.assign(label=[math.nan if v is None else float(v) for v in labels])


def _rule_rows(mentions: pd.DataFrame) -> list[list[Any]]:
    rules_on = mentions.groupby(["doc_id", "unit", "code"])["rule"].nunique()
    alone = {key for key, n in rules_on.items() if n == 1}
    rows = []
    for (code, language, kind, rule), part in mentions.groupby(
        ["code", "language", "kind", "rule"], sort=True
    ):
        labels = part["label"]
        keys = zip(part["doc_id"], part["unit"], part["code"], strict=True)
        accepted, rejected = int((labels == 1).sum()), int((labels == 0).sum())
        rows.append(
            [
                code,
                language,
                kind,
                str(rule).partition(":")[2],
                len(part),
                sum(1 for k in keys if k in alone),
                accepted,
                rejected,
                0,
                int(labels.isna().sum()),
                accepted / (accepted + rejected) if accepted + rejected else math.nan,
            ]
        )
    return rows


def _cancel_rows(observed: Sequence[Observation], mentions: pd.DataFrame) -> list[list[Any]]:
    """Negation words and near misses that cancelled every mention of a code on a unit."""
    suggested = set(zip(mentions["doc_id"], mentions["unit"], mentions["code"], strict=True))
    tally: dict[tuple[str, str, str, str], list[int]] = {}
    for o in observed:
        for code, reasons in o.cancelled.items():
            if o.fired.get(code) or (o.doc_id, o.unit, code) in suggested:
                continue  # another mention still suggested the code: nothing was decided
            label = o.labels.get(code)
            for kind, what in dict.fromkeys(_reason(r) for r in reasons):
                counts = tally.setdefault((code, o.language, kind, what), [0, 0, 0])
                counts[0] += 1
                if label == 0:
                    counts[1] += 1
                elif label == 1:
                    counts[2] += 1
    rows = []
    for (code, language, kind, what), (fired, right, wrong) in sorted(tally.items()):
        rows.append(
            [
                code,
                language,
                kind,
                what,
                fired,
                fired,
                right,
                0,
                wrong,
                fired - right - wrong,
                right / (right + wrong) if right + wrong else math.nan,
            ]
        )
    return rows


def _reason(reason: str) -> tuple[str, str]:
    """``negated by 'nicht'`` → (negation, nicht); ``inside the near miss 'x'`` → (near miss, x)."""
    for prefix, kind in (("negated by ", "negation"), ("inside the near miss ", "near miss")):
        if reason.startswith(prefix):
            return kind, reason[len(prefix) :].strip("'\"")
    return "cancelled", reason


def _missed_rows(
    ref: Reference,
    mentions: pd.DataFrame,
    observed: Sequence[Observation],
    codes: Sequence[str],
    languages: Mapping[str, str],
) -> list[list[Any]]:
    """Per code and language: units the reference coded that no suggestion covered and no
    cancellation explains (those are in the cancellation rows)."""
    suggested = set(zip(mentions["doc_id"], mentions["unit"], mentions["code"], strict=True))
    cancelled = {(o.doc_id, o.unit, c) for o in observed for c in o.cancelled if not o.fired.get(c)}
    wanted = set(codes)
    tally: dict[tuple[str, str], int] = {}
    for doc, unit, code in ref.positive:
        if code not in wanted or (doc, unit) not in ref.units:
            continue
        if (doc, unit, code) in suggested or (doc, unit, code) in cancelled:
            continue
        key = (code, languages.get(doc, "xx"))
        tally[key] = tally.get(key, 0) + 1
    return [
        [code, language, NO_RULE, "units coded that no rule found", 0, 0, 0, 0, n, 0, math.nan]
        for (code, language), n in sorted(tally.items())
    ]
