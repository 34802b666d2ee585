"""What the rules do on the units a reference coded: the material of suggest and tune.

The codebook is run (:class:`interviewkit.coding.Coder`, the same coder as
``autocode``) over the documents the reference worked on. For each of their
respondent units an :class:`Observation` keeps which rules fired for which
code and by which words, which mentions a negation word or a near miss
cancelled, the unit's features for keyness, and the reference's label per
code (:class:`interviewkit.analysis.reference.Reference`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interviewkit.analysis.keyness import Feature, Featurizer
    from interviewkit.analysis.reference import Reference
    from interviewkit.codebook.model import Codebook, Rule
    from interviewkit.models import Transcript


@dataclass(frozen=True)
class Observation:
    """One respondent unit: what fired there, and the reference's labels.

    ``fired``: code → rule → the words it matched (lowercase), uncancelled
    mentions only. ``cancelled``: code → what cancelled a mention (``negated by
    'nicht'``, ``inside the near miss 'export control'``). ``labels``: code →
    1, 0 or ``None`` (no label).
    """

    doc_id: str
    unit: int
    language: str
    text: str
    fired: Mapping[str, Mapping[Rule, frozenset[str]]]
    cancelled: Mapping[str, tuple[str, ...]]
    labels: Mapping[str, int | None]
    features: frozenset[Feature] = field(default_factory=frozenset)

    @property
    def codes(self) -> frozenset[str]:
        """The codes the rules suggest on this unit."""
        return frozenset(code for code, rules in self.fired.items() if rules)


def observe(
    codebook: Codebook,
    transcripts: Iterable[Transcript],
    reference: Reference,
    codes: Sequence[str],
    *,
    models: Mapping[str, str] | None = None,
    featurizers: dict[str, Featurizer] | None = None,
    features: bool = True,
    transient: bool = False,
    on_unit: Callable[[], None] | None = None,
) -> list[Observation]:
    """Run ``codebook`` over ``transcripts`` and observe every unit ``reference`` labels.

    ``codes``: the codes to label. ``featurizers``: one per language, made
    when missing (pass a dict to keep them, with the surface forms they saw);
    without ``features`` the units' features are not collected. A
    ``transient`` codebook (one fold's tuned copy) is compiled for this run
    only, never kept in the user's cache of compiled codebooks.
    """
    from interviewkit.coding import Coder

    # A fold's copy is used once: it is not kept in the user's cache of compiled codebooks.
    coder = Coder(codebook, models=dict(models or {}), cache=False if transient else None)
    featurizers = {} if featurizers is None else featurizers
    languages: dict[str, str] = {}

    def noted(docs: Iterable[Transcript]) -> Iterable[Transcript]:
        for doc in docs:
            languages[doc.id] = doc.language or "xx"
            yield doc

    out = []
    for coded in coder.code_units(noted(transcripts)):
        if on_unit is not None:
            on_unit()
        place = (coded.doc_id, coded.unit.index)
        if place not in reference.units:
            continue
        fired: dict[str, dict[Rule, set[str]]] = {}
        cancelled: dict[str, list[str]] = {}
        for match in coded.matches:
            if match.cancelled is None:
                words = fired.setdefault(match.code, {}).setdefault(match.rule, set())
                words.add(" ".join(match.text.lower().split()))
            else:
                cancelled.setdefault(match.code, []).append(match.cancelled)
        language = languages[coded.doc_id]
        found: frozenset[Feature] = frozenset()
        if features:
            featurizer = featurizers.get(language)
            if featurizer is None:
                from interviewkit.analysis.keyness import Featurizer

                featurizer = Featurizer(language, (models or {}).get(language))
                featurizers[language] = featurizer
            found = frozenset(featurizer.features(coded.text))
        out.append(
            Observation(
                coded.doc_id,
                coded.unit.index,
                language,
                coded.text,
                {c: {r: frozenset(w) for r, w in rules.items()} for c, rules in fired.items()},
                {c: tuple(v) for c, v in cancelled.items()},
                {c: reference.label(coded.doc_id, coded.unit.index, c) for c in codes},
                found,
            )
        )
    return out


def predicted(observations: Iterable[Observation]) -> set[tuple[str, int, str]]:
    """(doc_id, unit, code) of every suggestion the observed run made."""
    return {(o.doc_id, o.unit, code) for o in observations for code in o.codes}
