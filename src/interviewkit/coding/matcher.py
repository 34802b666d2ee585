"""A codebook compiled for one language into fast matchers.

* words and phrases: spaCy's ``PhraseMatcher`` on lowercase text, with each
  word expanded into its inflected forms (:mod:`interviewkit.coding.forms`);
  in languages written without spaces (Chinese) also wherever the word is
  written inside a longer token;
* globs: tested once per distinct token type, then looked up by hash;
* regular expressions: Python ``re`` on the unit's text, case-insensitive;
* token patterns: spaCy's ``Matcher``.

A mention is cancelled by a negation word shortly before it (unless the code
says ``negation: false``) or when it lies inside one of the code's near misses.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

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


def _positions(items: list[int], value: int) -> Iterator[int]:
    """Every index of ``value`` in ``items`` (list.index scans in C, a loop would not)."""
    i = -1
    while True:
        try:
            i = items.index(value, i + 1)
        except ValueError:
            return
        yield i


def _glob_twin(glob: str, *, anchored: bool) -> str:
    """A permissive RE2 pattern for a glob over one token: '*' any run, '?' any character."""
    if not anchored:
        glob = glob.strip("*")
    body = "".join(
        ".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in glob.lower()
    )
    return f"^{body}$" if anchored else body


@dataclass(frozen=True)
class Match:
    """One rule firing on a stretch of a unit (offsets into the unit's text)."""

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
        self.entries: list[_Entry] = []
        self._phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._patterns = Matcher(nlp.vocab, validate=True)
        self._regex_rules: list[int] = []
        self._type_rules: list[tuple[int, re.Pattern[str]]] = []
        # RE2 twins of the token rules: tokens hold no spaces, so '.*' may stand for '\w*'.
        self._type_twins: list[tuple[int, str, str]] = []
        self._type_hits: dict[int, tuple[int, ...]] = {}
        self._type_rx: dict[int, re.Pattern[str]] = {}
        # Phrases by the hashes of the forms of their first and second words
        # → (rule, forms per word): a common first word ("the") costs nothing.
        self._phrase_starts: dict[
            int, dict[int, list[tuple[int, tuple[frozenset[int], ...]]]]
        ] = {}
        self._seen: set[int] = set()
        self._has_phrases = self._has_patterns = False
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
        self._types = RegexSet(
            [rx.pattern for _, rx in self._type_rules],
            twins=[twin for _, _, twin in self._type_twins],
        )

    @property
    def rule_count(self) -> int:
        return len(self.entries)

    # -- compilation ---------------------------------------------------------

    def _add(self, entry: _Entry) -> None:
        idx = len(self.entries)
        self.entries.append(entry)
        rule, key = entry.rule, f"r{idx}"
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
            else:  # each word of a phrase by any of its forms: no combinatorial limit
                strings = self.nlp.vocab.strings
                steps = tuple(frozenset(strings.add(f) for f in self._forms(t)) for t in tokens)
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
        found: dict[tuple[int, int, int], tuple[int, int]] = {}  # (idx, start, end) → tokens
        if self._has_phrases:
            for key, ts, te in self._phrases(doc):
                idx = int(self.nlp.vocab.strings[key][1:])
                found[(idx, doc[ts].idx, doc[te - 1].idx + len(doc[te - 1].text))] = (ts, te)
        if self._has_patterns:
            for key, ts, te in self._patterns(doc):
                idx = int(self.nlp.vocab.strings[key][1:])
                found[(idx, doc[ts].idx, doc[te - 1].idx + len(doc[te - 1].text))] = (ts, te)
        if self._type_rules or self._phrase_starts:
            self._match_types(doc, found)
        for slot, m in self._regexes.finditer(text):
            idx = self._regex_rules[slot]
            if m.end() > m.start():
                span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                tokens = (span.start, span.end) if span is not None else (0, 0)
                found[(idx, m.start(), m.end())] = tokens
        if not found:
            return []
        return self._resolve(doc, text, found)

    def _match_types(self, doc: Doc, found: dict[tuple[int, int, int], tuple[int, int]]) -> None:
        hashes: list[int] = doc.to_array(self._lower).tolist()
        types = set(hashes)
        if self._phrase_starts and not types.isdisjoint(self._phrase_starts):
            self._match_phrases(doc, hashes, types, found)
        if not self._type_rules:
            return
        new = types - self._seen
        if new:
            strings = self.nlp.vocab.strings
            rules = self._type_rules
            for h in new:
                text = strings[h]
                hits = tuple(
                    rules[slot][0]
                    for slot in self._types.candidates(text)
                    if rules[slot][1].search(text)
                )
                if hits:
                    self._type_hits[h] = hits
            self._seen |= new
        hit_types = types.intersection(self._type_hits)
        if not hit_types:
            return
        inside = self.language in UNSPACED
        for h in hit_types:
            for i in _positions(hashes, h):
                token = doc[i]
                for idx in self._type_hits[h]:
                    if inside:  # the exact letters inside the token, not the whole token
                        lowered = token.lower_
                        for m in self._type_rx[idx].finditer(lowered):
                            start = token.idx + m.start()
                            found[(idx, start, start + len(m.group()))] = (i, i + 1)
                    else:
                        found[(idx, token.idx, token.idx + len(token.text))] = (i, i + 1)

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
        self, doc: Doc, text: str, found: dict[tuple[int, int, int], tuple[int, int]]
    ) -> list[Match]:
        near: dict[str, list[tuple[int, int, str]]] = {}
        for (idx, start, end), _ in found.items():
            entry = self.entries[idx]
            if entry.near_miss:
                near.setdefault(entry.code, []).append((start, end, text[start:end]))
        out: list[Match] = []
        for (idx, start, end), (ts, _te) in sorted(found.items(), key=lambda kv: kv[0][1:]):
            entry = self.entries[idx]
            if entry.near_miss:
                continue
            cancelled = None
            for n_start, n_end, n_text in near.get(entry.code, ()):
                if n_start <= start and end <= n_end:
                    cancelled = f"inside the near miss {n_text!r}"
                    break
            if cancelled is None and entry.negation and self.negations:
                inner = self.language in UNSPACED and ts < len(doc)
                negator = self._negator(doc, ts, text[doc[ts].idx : start] if inner else "")
                if negator:
                    cancelled = f"negated by {negator!r}"
            out.append(Match(entry.code, entry.rule, start, end, text[start:end], cancelled))
        return out

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
