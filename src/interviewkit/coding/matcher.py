"""A codebook compiled for one language into fast matchers.

* words and phrases: spaCy's ``PhraseMatcher`` on lowercase text, with each
  word expanded into its inflected forms (:mod:`interviewkit.coding.forms`);
  in languages written without spaces (Chinese) also wherever the word is
  written inside a longer token;
* phrases: every combination of their words' forms in the same
  ``PhraseMatcher`` (or, for a phrase with very many combinations, an index
  of the forms of its first two words);
* globs over one token: tested once per word the vocabulary learns, and each
  word that fits becomes a ``PhraseMatcher`` pattern of the glob, so that a
  unit costs one pass of the ``PhraseMatcher`` whatever the codebook holds;
* regular expressions: Python ``re`` on the unit's text, case-insensitive,
  run only where RE2 says they may match (:mod:`interviewkit.coding.regexset`);
* token patterns: spaCy's ``Matcher``.

A mention is cancelled by a negation word shortly before it (unless the code
says ``negation: false``) or when it lies inside one of the code's near misses.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from interviewkit.codebook.model import Codebook, Rule
from interviewkit.codebook.rules import glob_to_regex
from interviewkit.coding import forms as inflection
from interviewkit.coding.pipeline import UNSPACED
from interviewkit.coding.regexset import RegexSet
from interviewkit.errors import CodebookError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

_CLAUSE_BREAKS = frozenset(".,;:!?。，；：！？、")
#: Between units tokenized as one doc: a line break ends every negation window.
_UNIT_BREAK = "\n\n"
#: A phrase with more combinations of its words' forms than this is matched by
#: an index of its first two words instead of as PhraseMatcher patterns.
_MAX_COMBINATIONS = 2000


def _positions(items: list[int], value: int) -> Iterator[int]:
    """Every index of ``value`` in ``items`` (list.index scans in C, a loop would not)."""
    i = -1
    while True:
        try:
            i = items.index(value, i + 1)
        except ValueError:
            return
        yield i


def _by_place(item: tuple[tuple[int, int, int], tuple[int, int]]) -> tuple[int, int, int]:
    """Mentions in text order; at one place, in the codebook's order of rules."""
    (idx, start, end), _ = item
    return start, end, idx


def _glob_twin(glob: str, *, anchored: bool) -> str:
    """A permissive RE2 pattern for a glob over one token: '*' any run, '?' any character."""
    if not anchored:
        glob = glob.strip("*")
    body = "".join(
        ".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in glob.lower()
    )
    return f"^{body}$" if anchored else body


class Match(NamedTuple):
    """One rule firing on a stretch of a unit (offsets into the unit's text).

    A named tuple, not a dataclass: a run makes one per mention, and tuples
    are made several times faster.
    """

    code: str
    rule: Rule
    start: int
    end: int
    text: str
    cancelled: str | None = None


@dataclass(frozen=True)
class _Entry:
    code: str
    rule: Rule
    near_miss: bool
    negation: bool


class LanguageMatcher:
    """Every rule of a codebook that applies to one language, compiled once."""

    def __init__(self, codebook: Codebook, language: str, nlp: Language) -> None:
        from spacy.attrs import LOWER
        from spacy.matcher import Matcher, PhraseMatcher

        self.language = language
        self.nlp = nlp
        self._lower = LOWER
        self.window = codebook.negation_window
        self.negations = frozenset(w.lower() for w in codebook.negation_words.get(language, ()))
        self._shortest_negation = min(map(len, self.negations), default=0)
        self.entries: list[_Entry] = []
        self._phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        # PhraseMatcher key → (rule, whether it finds its letters inside a token)
        self._rule_of: dict[int, tuple[int, bool]] = {}
        self._patterns = Matcher(nlp.vocab, validate=True)
        self._regex_rules: list[int] = []
        self._type_rules: list[tuple[int, re.Pattern[str]]] = []
        # RE2 twins of the token rules: tokens hold no spaces, so '.*' may stand for '\w*'.
        self._type_twins: list[tuple[int, str, str]] = []
        self._type_rx: dict[int, re.Pattern[str]] = {}
        # Phrases with very many combinations of forms, by the hashes of the forms of
        # their first and second words → (rule, forms per word).
        self._phrase_starts: dict[int, dict[int, list[tuple[int, tuple[frozenset[int], ...]]]]] = {}
        # Token rules: the lexemes (by ORTH) whose lowercase form has been tested,
        # the lowercase forms tested, and the vocabulary's size when last looked at.
        self._known: set[int] = set()
        self._tested: set[str] = set()
        self._vocab_size = -1
        self._has_phrases = self._has_patterns = False
        # A user's token pattern may ask for context (IS_SENT_START, IS_SPACE) that
        # tokenizing units together would change: then units are matched one by one.
        self._token_patterns = False
        self._forms_of: dict[str, frozenset[str]] = {}
        if language not in UNSPACED:
            # One pass over the lemma table for every word of every rule.
            words = [
                token.text
                for code in codebook.codes
                for table in (code.keywords, code.near_misses)
                for rule in (*table.get(language, ()), *table.get("xx", ()))
                if rule.kind in ("word", "phrase", "glob")
                for token in nlp.make_doc(rule.value)
                if "*" not in token.text and "?" not in token.text
            ]
            self._forms_of = inflection.expand(words, language)
        for code in codebook.codes:
            for near, table in ((False, code.keywords), (True, code.near_misses)):
                for rule in (*table.get(language, ()), *table.get("xx", ())):
                    self._add(_Entry(code.id, rule, near, code.negation))
        self._regexes = RegexSet([self.entries[i].rule.value for i in self._regex_rules])
        # Negation words are found by the same PhraseMatcher pass, as whole tokens; in
        # languages without spaces they may also end a longer token (不合理): see _resolve.
        self._negation_key = nlp.vocab.strings.add("negation")
        if self.negations and language not in UNSPACED:
            from spacy.tokens import Doc

            self._phrases.add(
                "negation", [Doc(nlp.vocab, words=[w]) for w in sorted(self.negations)]
            )
            self._has_phrases = True
        self._types = RegexSet(
            [rx.pattern for _, rx in self._type_rules],
            twins=[twin for _, _, twin in self._type_twins],
        )
        if self._type_rules:
            self._learn_vocabulary()

    @property
    def rule_count(self) -> int:
        return len(self.entries)

    # -- compilation ---------------------------------------------------------

    def _add(self, entry: _Entry) -> None:
        idx = len(self.entries)
        self.entries.append(entry)
        rule, key = entry.rule, f"r{idx}"
        self._rule_of[self.nlp.vocab.strings.add(key)] = (idx, False)
        if rule.kind in ("word", "phrase"):
            if self.language in UNSPACED:
                # Found wherever it is written, inside longer tokens too, and as the
                # token sequence the segmenter makes of it.
                literal = "".join(rule.value.split()).lower()
                self._add_type_rule(idx, re.escape(literal), re.escape(literal))
                self._phrases.add(key, [self.nlp.make_doc(literal)])
                self._has_phrases = True
                return
            tokens = [t.text for t in self.nlp.make_doc(rule.value)]
            if len(tokens) == 1:
                forms = sorted(self._forms(tokens[0]))
                self._phrases.add(key, [self.nlp.make_doc(form) for form in forms])
                self._has_phrases = True
            else:  # each word of a phrase by any of its forms
                from spacy.tokens import Doc

                words = [sorted(self._forms(t)) for t in tokens]
                if math.prod(len(w) for w in words) <= _MAX_COMBINATIONS:
                    combos = itertools.product(*words)
                    self._phrases.add(key, [Doc(self.nlp.vocab, words=list(c)) for c in combos])
                    self._has_phrases = True
                    return
                strings = self.nlp.vocab.strings
                steps = tuple(frozenset(strings.add(f) for f in w) for w in words)
                for first in steps[0]:
                    by_second = self._phrase_starts.setdefault(first, {})
                    for second in steps[1]:
                        by_second.setdefault(second, []).append((idx, steps))
        elif rule.kind == "glob":
            tokens = rule.value.split()
            if len(tokens) == 1:
                # In languages without spaces a glob finds its letters inside tokens.
                anchored = self.language not in UNSPACED
                body = glob_to_regex(tokens[0], anchored=anchored)
                self._add_type_rule(idx, body, _glob_twin(tokens[0], anchored=anchored))
            else:
                pattern = [
                    {"LOWER": {"REGEX": glob_to_regex(t)}}
                    if ("*" in t or "?" in t)
                    else {"LOWER": {"IN": sorted(self._forms(t))}}
                    for t in tokens
                ]
                self._add_pattern(key, pattern, rule)
        elif rule.kind == "regex":
            self._regex_rules.append(idx)
        elif rule.kind == "pattern":
            self._add_pattern(key, json.loads(rule.value), rule)
            self._token_patterns = True

    def _add_type_rule(self, idx: int, pattern: str, twin: str) -> None:
        self._type_rx[idx] = re.compile(pattern)
        self._type_rules.append((idx, self._type_rx[idx]))
        self._type_twins.append((idx, pattern, twin))

    def _forms(self, word: str) -> frozenset[str]:
        if self.language in UNSPACED:
            return frozenset({word.lower()})
        found = self._forms_of.get(word)
        return found if found is not None else inflection.forms(word, self.language)

    def _add_pattern(self, key: str, pattern: list[dict[str, Any]], rule: Rule) -> None:
        try:
            self._patterns.add(key, [pattern])
        except Exception as exc:  # spaCy raises ValueError/MatchPatternError
            first = str(exc).strip().splitlines()
            raise CodebookError(
                f"{rule.location}: spaCy rejects the token pattern {rule.value}: "
                f"{first[-1] if first else type(exc).__name__}",
                hint="See https://spacy.io/usage/rule-based-matching for token patterns.",
            ) from None
        self._has_patterns = True

    # -- matching ------------------------------------------------------------

    def match(self, doc: Doc, text: str | None = None) -> list[Match]:
        """Every rule firing in the doc, with cancelled ones marked.

        ``text`` is the doc's text when the caller has it (``Doc.text`` is
        rebuilt token by token on every access).
        """
        if text is None:
            text = doc.text
        return self._match(doc, text, [(0, len(text))])[0]

    def match_units(self, texts: list[str]) -> list[list[Match]]:
        """:meth:`match` for each of several units' texts, tokenized as one doc.

        One doc for a transcript's units, a blank line between them, costs a
        third less to make than a doc per unit, and one pass of each matcher.
        Nothing reaches across units: a match must lie inside one, and the
        negation window stops at the line break. Only for pipelines that just
        tokenize (a trained pipeline's tags could differ in context) and
        codebooks without token patterns (one may ask for a sentence start).
        """
        if self.nlp.pipe_names or self._token_patterns:
            docs = self.nlp.pipe(texts)
            return [self.match(doc, text) for doc, text in zip(docs, texts, strict=True)]
        spans = []
        at = 0
        for text in texts:
            spans.append((at, at + len(text)))
            at += len(text) + len(_UNIT_BREAK)
        joined = _UNIT_BREAK.join(texts)
        return self._match(self.nlp.make_doc(joined), joined, spans)

    def _match(self, doc: Doc, text: str, units: list[tuple[int, int]]) -> list[list[Match]]:
        """The matches in each of the ``units`` (character spans of ``text``, in order)."""
        if self._type_rules and len(self.nlp.vocab) != self._vocab_size:
            self._learn_doc(doc)
        found: dict[tuple[int, int, int], tuple[int, int]] = {}  # (idx, start, end) → tokens
        negations: list[int] = []  # tokens that are negation words
        if self._has_phrases:
            rule_of = self._rule_of
            for key, ts, te in self._phrases(doc):
                if key == self._negation_key:
                    negations.append(ts)
                    continue
                idx, inside = rule_of[key]
                if inside:  # a token rule finds its exact letters inside the token
                    token = doc[ts]
                    for m in self._type_rx[idx].finditer(token.lower_):
                        start = token.idx + m.start()
                        found[(idx, start, start + len(m.group()))] = (ts, te)
                    continue
                first = doc[ts]
                if te == ts + 1:
                    found[(idx, first.idx, first.idx + len(first))] = (ts, te)
                else:
                    last = doc[te - 1]
                    found[(idx, first.idx, last.idx + len(last))] = (ts, te)
        if self._has_patterns:
            for key, ts, te in self._patterns(doc):
                idx = int(self.nlp.vocab.strings[key][1:])
                found[(idx, doc[ts].idx, doc[te - 1].idx + len(doc[te - 1].text))] = (ts, te)
        if self._phrase_starts:
            hashes: list[int] = doc.to_array(self._lower).tolist()
            if not self._phrase_starts.keys().isdisjoint(hashes):
                self._match_phrases(doc, hashes, set(hashes), found)
        negations.sort()
        per_unit: list[dict[tuple[int, int, int], tuple[int, int]]] = [{} for _ in units]
        if len(units) == 1:
            per_unit[0] = found
        elif found:
            starts = [start for start, _ in units]
            for place, tokens in found.items():
                u = bisect_right(starts, place[1]) - 1
                if u >= 0 and place[2] <= units[u][1]:  # inside one unit
                    per_unit[u][place] = tokens
        if self._regex_rules:  # on each unit's own text: anchors and look-arounds as there
            for (offset, stop), found_here in zip(units, per_unit, strict=True):
                for slot, m in self._regexes.finditer(text[offset:stop]):
                    start, end = offset + m.start(), offset + m.end()
                    if end > start:
                        span = doc.char_span(start, end, alignment_mode="expand")
                        tokens = (span.start, span.end) if span is not None else (0, 0)
                        found_here[(self._regex_rules[slot], start, end)] = tokens
        return [
            self._resolve(doc, text, found_here, negations, offset, stop) if found_here else []
            for (offset, stop), found_here in zip(units, per_unit, strict=True)
        ]

    # -- token rules (globs; in Chinese, words inside longer tokens) -----------------

    def _learn_doc(self, doc: Doc) -> None:
        """Test the doc's words the token rules have not seen yet.

        The vocabulary only grows, so while its size is unchanged no unit can
        hold an untested word, and a unit costs no more than the
        ``PhraseMatcher`` pass. Words added to the vocabulary by anything
        else than this matcher's docs are found by a scan of the vocabulary.
        """
        from spacy.attrs import ORTH

        self._test_lexemes(set(doc.to_array(ORTH).tolist()))
        if len(self.nlp.vocab) > len(self._known):
            self._learn_vocabulary()
        self._vocab_size = len(self.nlp.vocab)

    def _learn_vocabulary(self) -> None:
        """Test every lexeme of the vocabulary not tested yet."""
        vocab = self.nlp.vocab
        while len(vocab) > len(self._known):  # new patterns may add lexemes
            before = len(self._known)
            self._test_lexemes({lexeme.orth for lexeme in vocab})
            if len(self._known) == before:  # the count says more than there is to see
                break
        self._vocab_size = len(vocab)

    def _test_lexemes(self, orths: set[int]) -> None:
        """Each new word that fits a token rule becomes a pattern of that rule."""
        from spacy.tokens import Doc

        new = orths - self._known
        if not new:
            return
        self._known |= new
        vocab, rules = self.nlp.vocab, self._type_rules
        fitting: dict[int, list[str]] = {}
        for orth in new:
            lower = vocab[orth].lower_
            if lower in self._tested:
                continue
            self._tested.add(lower)
            for slot in self._types.candidates(lower):
                idx, rx = rules[slot]
                if rx.search(lower):
                    fitting.setdefault(idx, []).append(lower)
        for idx, words in fitting.items():
            key = f"t{idx}"
            self._rule_of[vocab.strings.add(key)] = (idx, self.language in UNSPACED)
            self._phrases.add(key, [Doc(vocab, words=[w]) for w in words])
            self._has_phrases = True
        # The patterns' docs may have added lexemes (lowercase forms): known already.
        self._known |= {vocab.strings[w] for ws in fitting.values() for w in ws}

    def _match_phrases(
        self,
        doc: Doc,
        hashes: list[int],
        types: set[int],
        found: dict[tuple[int, int, int], tuple[int, int]],
    ) -> None:
        starts = self._phrase_starts
        n = len(hashes)
        for h in types.intersection(starts):
            by_second = starts[h]
            for i in _positions(hashes, h):
                if i + 1 >= n:
                    continue
                for idx, steps in by_second.get(hashes[i + 1], ()):
                    end = i + len(steps)
                    if end <= n and all(hashes[i + j] in steps[j] for j in range(2, len(steps))):
                        last = doc[end - 1]
                        found[(idx, doc[i].idx, last.idx + len(last.text))] = (i, end)

    def _resolve(
        self,
        doc: Doc,
        text: str,
        found: dict[tuple[int, int, int], tuple[int, int]],
        negations: list[int],
        offset: int = 0,
        stop: int | None = None,
    ) -> list[Match]:
        """Matches in text order, cancelled by near misses and negation words.

        ``negations``: the tokens that are negation words (languages with
        spaces), in order; a mention with none in the window before it needs
        no look.
        ``offset``, ``stop``: where the unit lies in ``text``; the matches'
        offsets are the unit's.
        """
        near: dict[str, list[tuple[int, int, str]]] = {}
        for (idx, start, end), _ in found.items():
            entry = self.entries[idx]
            if entry.near_miss:
                near.setdefault(entry.code, []).append((start, end, text[start:end]))
        out: list[Match] = []
        negation_from = -1  # no negation word can end before this offset (-1: not looked)
        inner_negation, window = self.language in UNSPACED, self.window
        for (idx, start, end), (ts, _te) in sorted(found.items(), key=_by_place):
            entry = self.entries[idx]
            if entry.near_miss:
                continue
            cancelled = None
            for n_start, n_end, n_text in near.get(entry.code, ()):
                if n_start <= start and end <= n_end:
                    cancelled = f"inside the near miss {n_text!r}"
                    break
            if cancelled is None and entry.negation and self.negations:
                if inner_negation:
                    if negation_from < 0:
                        negation_from = offset + self._negation_from(text[offset:stop])
                    unnegated = start < negation_from
                else:  # the first negation token at or after the window's start
                    k = bisect_left(negations, ts - window)
                    unnegated = k == len(negations) or negations[k] >= ts
                if unnegated:
                    out.append(
                        Match(
                            entry.code,
                            entry.rule,
                            start - offset,
                            end - offset,
                            text[start:end],
                            None,
                        )
                    )
                    continue
                inner = self.language in UNSPACED and ts < len(doc)
                negator = self._negator(doc, ts, text[doc[ts].idx : start] if inner else "")
                if negator:
                    cancelled = f"negated by {negator!r}"
            out.append(
                Match(
                    entry.code, entry.rule, start - offset, end - offset, text[start:end], cancelled
                )
            )
        return out

    def _negation_from(self, text: str) -> int:
        """The first offset at which a negation word can have ended in ``text``.

        A mention before it cannot be negated, and its tokens need no look
        (most mentions in most units: far cheaper than looking).
        """
        lowered = text.lower()
        if len(lowered) != len(text):  # lowercasing moved the offsets: look everywhere
            return 0
        found = [at for at in map(lowered.find, self.negations) if at >= 0]
        return min(found) + self._shortest_negation if found else len(text) + 1

    def _negator(self, doc: Doc, token_start: int, prefix: str = "") -> str | None:
        """The negation word before a match: inside its token (不合理), or in the window."""
        if prefix:
            prefix = prefix.lower()
            for word in self.negations:
                if prefix.endswith(word):
                    return word
        for i in range(token_start - 1, max(-1, token_start - 1 - self.window), -1):
            token = doc[i]
            if token.text in _CLAUSE_BREAKS or (token.is_space and "\n" in token.text):
                return None
            if token.lower_ in self.negations:
                return token.text
        return None
