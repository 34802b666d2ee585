"""Keyness: words over-represented in the units coded with a code, by log-likelihood G².

The statistic is the likelihood-ratio G² of a 2×2 table (Dunning 1993), signed
as quanteda's ``textstat_keyness(measure = "lr")`` signs it: positive when the
feature is more frequent in the target than expected, negative when less::

                 target    reference
    feature        a           b
    other          c           d          c = target total - a, d = reference total - b

    G² = 2 Σ O ln(O / E)      (cells with O = 0 add nothing)

With ``correction="williams"`` (the default) G² is divided by Williams' q
(Williams 1976; Sokal & Rohlf, *Biometry*, the G-test of independence)::

    q = 1 + (N/(a+b) + N/(c+d) - 1)(N/(a+c) + N/(b+d) - 1) / (6N)

which makes the test less eager on small counts. (quanteda applies no
correction when a cell is zero; here q depends on the margins only, as in the
textbook, so a word found only in coded units is corrected too.) ``p`` is the
upper tail of χ² with one degree of freedom.

What is counted (:func:`key_features`): units, not tokens. Each unit either
contains a feature or not; the target is the units coded with the code, the
reference the units not coded with it, and a table's totals are the numbers
of units. A rule fires on a unit, so a word in 8 of 20 coded units says more
about a rule than a word said 8 times in one of them.

Features are lemmas and two-word sequences of lemmas, from the same spaCy
pipelines and lemma tables the coder uses (blank ``de``/``en`` with the
lookups of spacy-lookups-data, ``zh`` segmented by jieba): a feature found
here is a rule the coder can match.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from interviewkit.errors import UsageError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd

CORRECTIONS = ("williams", "none")
#: The columns of :func:`keyness`, as quanteda names them.
KEYNESS_COLUMNS = ("feature", "G2", "p", "n_target", "n_reference")
#: Languages written without spaces: a feature is a run of characters, bigrams join.
_UNSPACED = frozenset({"zh", "ja", "th"})
#: Chinese structural, aspect and modal particles and conjunctions of one character.
_PARTICLES = frozenset("的地得了着过吗呢吧啊呀嘛和与及或")


def log_likelihood(
    a: npt.ArrayLike,
    b: npt.ArrayLike,
    target_total: float,
    reference_total: float,
    *,
    correction: str = "williams",
) -> np.ndarray:
    """Signed G² for each feature: ``a`` its count in the target, ``b`` in the reference.

    Example (Dunning 1993, table 1: "the swiss", uncorrected):
        >>> round(float(log_likelihood([110], [111], 110 + 2442, 111 + 29114,
        ...                            correction="none")[0]), 2)
        270.72
    """
    import numpy as np

    if correction not in CORRECTIONS:
        raise UsageError(
            f"'{correction}' is not a correction of G²",
            hint=f"Use one of: {', '.join(CORRECTIONS)}.",
        )
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    c = target_total - a
    d = reference_total - b
    if (a < 0).any() or (b < 0).any() or (c < 0).any() or (d < 0).any():
        raise ValueError("a count is larger than its total")
    n = a + b + c + d
    with np.errstate(divide="ignore", invalid="ignore"):
        row1, row2 = a + b, c + d
        col1, col2 = a + c, b + d
        cells = (
            (a, row1 * col1 / n),
            (b, row1 * col2 / n),
            (c, row2 * col1 / n),
            (d, row2 * col2 / n),
        )
        g2 = 2 * sum(np.where(o > 0, o * np.log(o / e), 0.0) for o, e in cells)
        if correction == "williams":
            q = 1 + (n / row1 + n / row2 - 1) * (n / col1 + n / col2 - 1) / (6 * n)
            g2 = np.where(np.isfinite(q), g2 / q, g2)
        expected = row1 * col1 / n
    g2 = np.where(np.isfinite(g2), g2, 0.0)
    g2 = np.maximum(g2, 0.0)  # rounding can leave -1e-15 for a table that fits exactly
    signed: np.ndarray = np.where(a > expected, g2, -g2)
    return signed


def keyness(
    target: Mapping[str, int],
    reference: Mapping[str, int],
    target_total: float,
    reference_total: float,
    *,
    correction: str = "williams",
    min_count: int = 0,
) -> pd.DataFrame:
    """quanteda's ``textstat_keyness(measure = "lr")`` on two frequency tables.

    Returns ``feature, G2, p, n_target, n_reference`` for every feature with
    at least ``min_count`` occurrences in target and reference together (as
    ``textplot_keyness``'s ``min_count``), sorted by G² (largest first), then
    by feature.
    """
    import numpy as np
    import pandas as pd
    from scipy.stats import chi2

    features = sorted(
        f
        for f in set(target) | set(reference)
        if target.get(f, 0) + reference.get(f, 0) >= min_count
    )
    a = np.array([target.get(f, 0) for f in features], dtype=np.float64)
    b = np.array([reference.get(f, 0) for f in features], dtype=np.float64)
    g2 = log_likelihood(a, b, target_total, reference_total, correction=correction)
    frame = pd.DataFrame(
        {
            "feature": pd.Series(features, dtype=object),
            "G2": g2,
            "p": chi2.sf(np.abs(g2), 1),
            "n_target": a.astype(np.int64),
            "n_reference": b.astype(np.int64),
        }
    )
    frame = frame.sort_values(["G2", "feature"], ascending=[False, True], kind="stable")
    return frame.reset_index(drop=True)


# --------------------------------------------------------------------------- features


@dataclass(frozen=True)
class Feature:
    """A lemma or two lemmas in sequence; ``kind`` is the rule it would make (word, phrase)."""

    key: str
    kind: str


class Featurizer:
    """The lemmas and lemma bigrams of units' texts in one language (see the module docstring)."""

    def __init__(self, language: str, model: str | None = None) -> None:
        from interviewkit.coding.pipeline import get_pipeline

        self.language = language
        self.nlp = get_pipeline(language, model)
        self.unspaced = language in _UNSPACED
        self._stop = {w.lower() for w in getattr(self.nlp.Defaults, "stop_words", ())}
        self._lemmas: dict[str, str] = {}
        #: For each feature, how often each surface form stood for it (to write a rule).
        self.surfaces: dict[str, Counter[str]] = {}

    def lemma(self, word: str) -> str:
        found = self._lemmas.get(word)
        if found is None:
            if self.unspaced:
                found = word.lower()
            else:
                from interviewkit.coding.forms import lemma

                found = lemma(word, self.language)
            self._lemmas[word] = found
        return found

    def features(self, text: str) -> set[Feature]:
        """Every feature of one unit's text (each once)."""
        out: set[Feature] = set()
        previous: tuple[str, str] | None = None  # (lemma, surface) of the word before
        joiner = "" if self.unspaced else " "
        for token in self.nlp.make_doc(text):
            word = token.text
            if not self._wordlike(word):
                previous = None  # punctuation ends a sequence
                continue
            lemma = self.lemma(word)
            stop = lemma in self._stop or word.lower() in self._stop
            if not stop and len(word) >= 2:
                out.add(self._note(Feature(lemma, "word"), word))
            if previous is not None and self._ends_phrase(word, stop) and self._opens(previous[1]):
                key = previous[0] + joiner + lemma
                out.add(self._note(Feature(key, "phrase"), previous[1] + joiner + word))
            previous = (lemma, word)
        return out

    def _opens(self, word: str) -> bool:
        """Whether a two-word sequence may begin with ``word``: in Chinese not with a
        particle (了多少, 的合作), which only says where a clause turns."""
        return not (self.unspaced and word in _PARTICLES)

    def _ends_phrase(self, word: str, stop: bool) -> bool:
        """Whether a two-word sequence may end with ``word``: not with a function word
        ("keine Ahnung", not "Stadt in"). spaCy's Chinese stop list holds content words
        too (确定, 继续), so there a sequence only may not end in a single character."""
        return len(word) >= 2 if self.unspaced else not stop

    def _wordlike(self, word: str) -> bool:
        if self.unspaced:
            return any("\u3400" <= ch <= "\u9fff" for ch in word)
        return word.isalpha()

    def _note(self, feature: Feature, surface: str) -> Feature:
        self.surfaces.setdefault(feature.key, Counter())[surface] += 1
        return feature

    def find(self, text: str, key: str) -> tuple[int, int] | None:
        """Where the feature ``key`` first stands in ``text`` (offsets), if anywhere."""
        joiner = "" if self.unspaced else " "
        previous: tuple[str, int] | None = None  # (lemma, start) of the word before
        for token in self.nlp.make_doc(text):
            if not self._wordlike(token.text):
                previous = None
                continue
            lemma = self.lemma(token.text)
            end = token.idx + len(token.text)
            if lemma == key:
                return token.idx, end
            if previous is not None and previous[0] + joiner + lemma == key:
                return previous[1], end
            previous = (lemma, token.idx)
        return None

    def surface(self, key: str) -> str:
        """The form to write a rule with: the surface form seen most often."""
        seen = self.surfaces.get(key)
        return seen.most_common(1)[0][0] if seen else key


def key_features(
    features: Sequence[Iterable[Feature]],
    labels: Sequence[int],
    *,
    correction: str = "williams",
    min_count: int = 1,
) -> pd.DataFrame:
    """Keyness of the features of units labelled 1 (target) against those labelled 0.

    ``features``: each unit's features; ``labels``: 1 or 0 per unit. The
    counts are units (see the module docstring). Adds the column ``kind``
    (word or phrase). Features in fewer than ``min_count`` units in all are
    left out.
    """
    import pandas as pd

    target: Counter[str] = Counter()
    reference: Counter[str] = Counter()
    kinds: dict[str, str] = {}
    n_target = n_reference = 0
    for found, label in zip(features, labels, strict=True):
        bucket = target if label else reference
        if label:
            n_target += 1
        else:
            n_reference += 1
        for feature in found:
            bucket[feature.key] += 1
            kinds[feature.key] = feature.kind
    if not n_target or not n_reference:
        return pd.DataFrame(columns=[*KEYNESS_COLUMNS, "kind"])
    table = keyness(
        target, reference, n_target, n_reference, correction=correction, min_count=min_count
    )
    table["kind"] = [kinds[f] for f in table["feature"]]
    return table


def significance(p: float) -> str:
    """``***`` (p < .001), ``**`` (< .01), ``*`` (< .05) or empty."""
    if math.isnan(p):
        return ""
    return "***" if p < 0.001 else "**" if p < 0.01 else "*" if p < 0.05 else ""
