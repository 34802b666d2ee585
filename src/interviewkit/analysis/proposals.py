"""Changes to a codebook that the reference's decisions argue for, each with its evidence.

Three kinds of change, all readable in the codebook afterwards:

* **drop** a rule: of the units only this rule found (the units dropping it
  would take away), the reference coded fewer than ``min_precision``;
* **narrow** a glob or a regular expression: a form it matched (say
  ``exportkontrolle`` for ``*export*``) becomes a near miss of the code, when
  the units the rule found only by that form fall below ``min_precision`` and
  the rule has other forms the reference did code;
* **add** a word or a two-word phrase: over-represented in the units the
  reference coded with the code (keyness G² of at least ``min_keyness``, in
  at least ``min_count`` coded units; :mod:`interviewkit.analysis.keyness`),
  coded in at least ``min_precision`` of the units it is in, and finding
  more coded units than not among those no rule finds yet.

Every change is decided on at least ``min_count`` units, and none may take
a code's recall on these units below ``min_recall`` (where it is lower
already, a change may not lower it at all). Drops and narrowings come first,
one at a time, the one that removes most wrong suggestions net first; then
additions, the key words first. Nothing here changes a file: see
:mod:`interviewkit.analysis.tune_yaml`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from interviewkit.errors import UsageError

if TYPE_CHECKING:
    from interviewkit.analysis.keyness import Featurizer
    from interviewkit.analysis.observations import Observation
    from interviewkit.codebook.model import Codebook, Rule

NARROWABLE = ("glob", "regex")


@dataclass(frozen=True)
class TuneSettings:
    """The thresholds a user sets (see the module docstring)."""

    min_precision: float = 0.5
    min_keyness: float = 10.83
    min_count: int = 3
    min_recall: float = 0.85
    max_added: int = 10
    correction: str = "williams"

    def __post_init__(self) -> None:
        for name in ("min_precision", "min_recall"):
            value = getattr(self, name)
            if not 0 <= value <= 1:
                flag = "--" + name.replace("_", "-")
                raise UsageError(
                    f"{flag} must lie between 0 and 1, not {value}", hint=f"e.g. {flag} 0.5"
                )
        if self.min_count < 1:
            raise UsageError(f"--min-count must be 1 or more, not {self.min_count}")
        if self.max_added < 0:
            raise UsageError(f"--max-added must be 0 or more, not {self.max_added}")
        if self.min_keyness < 0:
            raise UsageError(
                f"--min-keyness must be 0 or more, not {self.min_keyness}",
                hint="10.83 is p < 0.001 for G² with one degree of freedom; 6.63 p < 0.01.",
            )


@dataclass(frozen=True)
class Change:
    """One change: ``action`` drop, narrow or add, on ``code`` in ``language``.

    ``rule``: the rule dropped or narrowed; ``value``: the near miss (narrow)
    or the new rule (add), as written in a codebook; ``coded``/``units``: of
    the units the change is decided on, how many the reference coded;
    ``g2``/``p``: the keyness of an added feature. ``evidence`` says it in
    words, for the comment in the codebook.
    """

    action: str
    code: str
    language: str
    rule: Rule | None
    value: str
    coded: int
    units: int
    evidence: str
    g2: float = 0.0
    p: float = 1.0


def propose(
    codebook: Codebook,
    observations: Sequence[Observation],
    codes: Sequence[str],
    settings: TuneSettings,
    *,
    featurizers: Mapping[str, Featurizer],
    reference: str = "the reference",
    avoid: frozenset[str] = frozenset(),
) -> list[Change]:
    """The changes ``observations`` argue for, code by code (see the module docstring).

    ``avoid``: words (lowercase) never added, alone or in a phrase: the names of
    the places the interviews were made in, say, which tell where an interview
    was, not what it is about.
    """
    changes: list[Change] = []
    for code in codes:
        labelled = [o for o in observations if o.labels.get(code) is not None]
        if not any(o.labels[code] for o in labelled):
            continue  # the reference never coded it here: nothing to learn
        state = _State(code, labelled, settings)
        changes += state.remove(reference)
        changes += state.add(codebook, featurizers, reference, avoid)
    return changes


class _State:
    """One code's rules as the changes so far leave them, on the labelled units."""

    def __init__(self, code: str, units: Sequence[Observation], settings: TuneSettings) -> None:
        self.code, self.units, self.settings = code, list(units), settings
        self.dropped: set[Rule] = set()
        self.narrowed: dict[Rule, set[str]] = {}
        self.added: set[tuple[str, int]] = set()  # units found by added rules
        self.positives = sum(1 for o in self.units if o.labels[code])

    def forms(self, o: Observation, rule: Rule) -> frozenset[str]:
        """The words by which ``rule`` still fires on ``o``."""
        if rule in self.dropped:
            return frozenset()
        return o.fired.get(self.code, {}).get(rule, frozenset()) - self.narrowed.get(rule, set())

    def firing(self, o: Observation) -> list[Rule]:
        return [r for r in o.fired.get(self.code, {}) if self.forms(o, r)]

    def found(self, o: Observation) -> bool:
        return bool(self.firing(o)) or (o.doc_id, o.unit) in self.added

    def recall_allows(self, lost: int) -> bool:
        """Whether losing ``lost`` coded units keeps recall at the floor (or where it was)."""
        if not lost:
            return True
        if not self.positives:
            return False
        found = sum(1 for o in self.units if o.labels[self.code] and self.found(o))
        return (found - lost) / self.positives >= self.settings.min_recall

    # -- drop and narrow -------------------------------------------------------------

    def remove(self, reference: str) -> list[Change]:
        changes: list[Change] = []
        while True:
            best = None
            for candidate in self._candidates():
                action, rule, form, coded, units = candidate
                wrong = units - coded
                if units < self.settings.min_count or wrong <= coded:
                    continue
                if coded / units >= self.settings.min_precision:
                    continue
                if not self.recall_allows(coded):
                    continue
                rank = (wrong - coded, action == "narrow", rule.label, form)
                if best is None or rank > best[0]:
                    best = (rank, candidate)
            if best is None:
                return changes
            action, rule, form, coded, units = best[1]
            if action == "drop":
                self.dropped.add(rule)
                evidence = (
                    f"dropped: of the {units} unit(s) only this rule found, {reference} coded "
                    f"{coded} (precision {coded / units:.2f} < {self.settings.min_precision})"
                )
            else:
                self.narrowed.setdefault(rule, set()).add(form)
                evidence = (
                    f"narrows {rule.value!r}: of the {units} unit(s) it alone found by "
                    f"{form!r}, {reference} coded {coded}"
                )
            changes.append(
                Change(action, self.code, rule.language, rule, form, coded, units, evidence)
            )

    def _candidates(self) -> list[tuple[str, Rule, str, int, int]]:
        """(action, rule, form, coded units, units) for every drop and narrowing possible."""
        decisive: dict[Rule, list[Observation]] = {}
        seen_forms: dict[Rule, dict[str, int]] = {}  # rule → form → coded units by it
        for o in self.units:
            firing = self.firing(o)
            for rule in firing:
                for form in self.forms(o, rule):
                    tally = seen_forms.setdefault(rule, {})
                    tally[form] = tally.get(form, 0) + int(bool(o.labels[self.code]))
            if len(firing) == 1:
                decisive.setdefault(firing[0], []).append(o)
        out = []
        for rule, units in decisive.items():
            coded = sum(1 for o in units if o.labels[self.code])
            out.append(("drop", rule, "", coded, len(units)))
            if rule.kind not in NARROWABLE:
                continue
            tally = seen_forms.get(rule, {})
            for form in sorted({f for o in units for f in self.forms(o, rule)}):
                if not any(n for f, n in tally.items() if f != form) or not _writable(form):
                    continue  # its other forms found nothing coded: drop it instead
                only = [o for o in units if self.forms(o, rule) == {form}]
                if only:
                    coded_only = sum(1 for o in only if o.labels[self.code])
                    out.append(("narrow", rule, form, coded_only, len(only)))
        return out

    # -- add -------------------------------------------------------------------------

    def add(
        self,
        codebook: Codebook,
        featurizers: Mapping[str, Featurizer],
        reference: str,
        avoid: frozenset[str],
    ) -> list[Change]:
        from interviewkit.analysis.keyness import Feature, key_features

        settings = self.settings
        changes: list[Change] = []
        existing = {
            " ".join(r.value.lower().split())
            for table in (codebook.get(self.code).keywords, codebook.get(self.code).near_misses)
            for rules in table.values()
            for r in rules
        }
        for language in sorted({o.language for o in self.units}):
            units = [o for o in self.units if o.language == language]
            table = key_features(
                [o.features for o in units],
                [int(bool(o.labels[self.code])) for o in units],
                correction=settings.correction,
                min_count=settings.min_count,
            )
            featurizer = featurizers.get(language)
            n_target = sum(1 for o in units if o.labels[self.code])
            for row in table.itertuples(index=False):
                if len(changes) >= settings.max_added:
                    return changes
                a, b, g2 = int(row.n_target), int(row.n_reference), float(row.G2)
                if g2 < settings.min_keyness:
                    break  # sorted by G²: the rest are smaller
                if a < settings.min_count or a / (a + b) < settings.min_precision:
                    continue
                value = featurizer.surface(str(row.feature)) if featurizer else str(row.feature)
                if not _writable(value) or " ".join(value.lower().split()) in existing:
                    continue
                if _names(avoid, value, str(row.feature)):
                    continue
                feature = Feature(str(row.feature), str(row.kind))
                new = [o for o in units if feature in o.features and not self.found(o)]
                coded = sum(1 for o in new if o.labels[self.code])
                if coded <= len(new) - coded:
                    continue
                self.added |= {(o.doc_id, o.unit) for o in new}
                existing.add(" ".join(value.lower().split()))
                evidence = (
                    f"added: in {a} of the {n_target} {language} unit(s) {reference} coded "
                    f"{self.code} and {b} of the {len(units) - n_target} other(s) (G² "
                    f"{g2:.1f}, p {_p(row.p)}); finds {coded} of them that no rule found"
                )
                changes.append(
                    Change(
                        "add",
                        self.code,
                        language,
                        None,
                        value,
                        coded,
                        len(new),
                        evidence,
                        g2,
                        float(row.p),
                    )
                )
        return changes


def _names(avoid: frozenset[str], *texts: str) -> bool:
    """Whether one of ``texts`` holds a word of ``avoid`` (Chinese ones: anywhere)."""
    if not avoid:
        return False
    for text in texts:
        low = text.lower()
        if set(re.split(r"[\s\-]+", low)) & avoid:
            return True
        if any(_CJK.search(word) and word in low for word in avoid):
            return True
    return False


_CJK = re.compile("[\u3400-\u9fff]")


def _p(p: float) -> str:
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def _writable(value: str) -> bool:
    """Whether ``value`` reads back as a word or phrase (not a glob or an expression)."""
    return bool(value.strip()) and not (set(value) & set("*?/#:\"'[]{}"))


def apply_changes(codebook: Codebook, changes: Sequence[Change]) -> Codebook:
    """A copy of ``codebook`` with ``changes`` made (the original is unchanged)."""
    from interviewkit.codebook.rules import parse_rule

    keywords = {c.id: {k: list(v) for k, v in c.keywords.items()} for c in codebook.codes}
    near = {c.id: {k: list(v) for k, v in c.near_misses.items()} for c in codebook.codes}
    for change in changes:
        where = f"tuned: {change.code} ({change.language})"
        if change.action == "drop" and change.rule is not None:
            rules = keywords[change.code].get(change.rule.language, [])
            if change.rule in rules:
                rules.remove(change.rule)
        elif change.action == "narrow":
            rule = parse_rule(change.value, language=change.language, location=where)
            near[change.code].setdefault(change.language, []).append(rule)
        elif change.action == "add":
            rule = parse_rule(change.value, language=change.language, location=where)
            keywords[change.code].setdefault(change.language, []).append(rule)
    codes = tuple(
        dataclasses.replace(
            c,
            keywords={k: tuple(v) for k, v in keywords[c.id].items()},
            near_misses={k: tuple(v) for k, v in near[c.id].items()},
        )
        for c in codebook.codes
    )
    return dataclasses.replace(codebook, codes=codes)
