"""A codebook compiled for one language: plain data, ready for spaCy's matchers.

Compiling is the expensive part of a coding run (the lemma table for every
rule word, the forms of phrases, the token rules): it is done once per
codebook and language and its result, :class:`CompiledRules`, holds only
strings, numbers and lists, so that it can be kept on disk
(:mod:`interviewkit.coding.cache`) and turned into matchers again
(:class:`~interviewkit.coding.matcher.LanguageMatcher`) without compiling.

* words and phrases: patterns of spaCy's ``PhraseMatcher`` on lowercase
  text, each word expanded into its inflected forms
  (:mod:`interviewkit.coding.forms`); in languages written without spaces
  (Chinese) also a token rule, found wherever the word is written inside a
  longer token;
* phrases: every combination of their words' forms (or, for a phrase with
  very many combinations, an index of the forms of its words, see
  :attr:`CompiledRules.phrase_index`);
* globs over one token: token rules, tested against each word the
  vocabulary learns (:mod:`interviewkit.coding.vocabulary`);
* globs over several tokens and spaCy token patterns: ``Matcher`` patterns;
* regular expressions: run on each unit's text
  (:mod:`interviewkit.coding.regexset`).
"""

from __future__ import annotations

import itertools
import json
import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from interviewkit.codebook.model import Codebook, Rule
from interviewkit.codebook.rules import glob_to_regex
from interviewkit.coding import forms as inflection
from interviewkit.coding.pipeline import UNSPACED

if TYPE_CHECKING:
    from spacy.language import Language

#: A phrase with more combinations of its words' forms than this is matched by
#: an index of its first two words instead of as PhraseMatcher patterns.
MAX_COMBINATIONS = 2000


@dataclass(frozen=True)
class Entry:
    """One rule of one code, in the codebook's order (its place is its index)."""

    code: str
    rule: Rule
    near_miss: bool
    negation: bool


@dataclass
class CompiledRules:
    """Everything the matchers of one language need, as plain data.

    ``phrases`` and ``patterns`` are keyed by the index of the entry they
    belong to; a phrase pattern is the list of its tokens' texts.
    """

    language: str
    entries: list[Entry]
    negation_window: int
    negations: list[str]
    #: entry → PhraseMatcher patterns (each a list of token texts), in entry order
    phrases: dict[int, list[list[str]]] = field(default_factory=dict)
    #: entry → spaCy Matcher pattern
    patterns: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    #: whether a pattern is the user's own (it may ask for context: a sentence start)
    token_patterns: bool = False
    #: entries that are regular expressions, in order
    regexes: list[int] = field(default_factory=list)
    #: token rules: (entry, Python pattern on a lowercase token, permissive RE2 twin)
    types: list[tuple[int, str, str]] = field(default_factory=list)
    #: phrases with very many combinations: (entry, the lowercase forms of each word)
    phrase_index: list[tuple[int, list[list[str]]]] = field(default_factory=list)
    #: the codebook's file, for messages
    source: str = ""

    @property
    def negation_set(self) -> frozenset[str]:
        return frozenset(self.negations)


def fold(language: str, text: str) -> str:
    """Chinese in simplified characters (the text is folded alike, see :mod:`.chinese`)."""
    if language != "zh":
        return text
    from interviewkit.coding.chinese import to_simplified

    return to_simplified(text)


def glob_twin(glob: str, *, anchored: bool) -> str:
    """A permissive RE2 pattern for a glob over one token: '*' any run, '?' any character."""
    if not anchored:
        glob = glob.strip("*")
    body = "".join(
        ".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in glob.lower()
    )
    return f"^{body}$" if anchored else body


def entries_of(codebook: Codebook, language: str) -> list[Entry]:
    """Every rule that applies to ``language`` (its own and the codebook's ``xx`` rules)."""
    return [
        Entry(code.id, rule, near, code.negation)
        for code in codebook.codes
        for near, table in ((False, code.keywords), (True, code.near_misses))
        for rule in (*table.get(language, ()), *table.get("xx", ()))
    ]


def negation_words(codebook: Codebook, language: str) -> list[str]:
    """The language's negation words, lowercase, in the codebook's order.

    A fused negation (不合理) is looked for in this order.
    """
    words = (fold(language, w.lower()) for w in codebook.negation_words.get(language, ()))
    return list(dict.fromkeys(words))


def compile_rules(codebook: Codebook, language: str, nlp: Language) -> CompiledRules:
    """Compile every rule of ``codebook`` that applies to ``language``."""
    negations = negation_words(codebook, language)
    compiled = CompiledRules(
        language, entries_of(codebook, language), codebook.negation_window, negations
    )
    compiled.source = codebook.source or ""
    forms_of: dict[str, frozenset[str]] = {}
    if language not in UNSPACED:
        # One pass over the lemma table for every word of every rule.
        words = [
            token.text
            for entry in compiled.entries
            if entry.rule.kind in ("word", "phrase", "glob")
            for token in nlp.make_doc(entry.rule.value)
            if "*" not in token.text and "?" not in token.text
        ]
        forms_of = inflection.expand(words, language)

    def forms(word: str) -> frozenset[str]:
        if language in UNSPACED:
            return frozenset({word.lower()})
        found = forms_of.get(word)
        return found if found is not None else inflection.forms(word, language)

    def tokens(text: str) -> list[str]:
        return [t.text for t in nlp.make_doc(text)]

    for idx, entry in enumerate(compiled.entries):
        _compile_one(compiled, idx, entry.rule, forms, tokens)
    return compiled


def _compile_one(
    compiled: CompiledRules,
    idx: int,
    rule: Rule,
    forms: Any,
    tokens: Any,
) -> None:
    language = compiled.language
    if rule.kind in ("word", "phrase"):
        if language in UNSPACED:
            # Found wherever it is written, inside longer tokens too, and as the
            # token sequence the segmenter makes of it.
            literal = fold(language, "".join(rule.value.split()).lower())
            compiled.types.append((idx, re.escape(literal), re.escape(literal)))
            compiled.phrases[idx] = [tokens(literal)]
            return
        words = tokens(rule.value)
        if len(words) == 1:
            compiled.phrases[idx] = [tokens(form) for form in sorted(forms(words[0]))]
            return
        # each word of a phrase by any of its forms
        choices = [sorted(forms(t)) for t in words]
        if math.prod(len(w) for w in choices) <= MAX_COMBINATIONS:
            compiled.phrases[idx] = [list(c) for c in itertools.product(*choices)]
        else:
            compiled.phrase_index.append((idx, choices))
    elif rule.kind == "glob":
        parts = rule.value.split()
        if len(parts) == 1:
            # In languages without spaces a glob finds its letters inside tokens.
            anchored = language not in UNSPACED
            glob = fold(language, parts[0])
            body = glob_to_regex(glob, anchored=anchored)
            if not anchored:
                from interviewkit.coding.chinese import glob_inside

                body = glob_inside(glob, body)
            compiled.types.append((idx, body, glob_twin(glob, anchored=anchored)))
        else:
            compiled.patterns[idx] = [
                {"LOWER": {"REGEX": glob_to_regex(t)}}
                if ("*" in t or "?" in t)
                else {"LOWER": {"IN": sorted(forms(t))}}
                for t in parts
            ]
    elif rule.kind == "regex":
        compiled.regexes.append(idx)
    elif rule.kind == "pattern":
        compiled.patterns[idx] = json.loads(rule.value)
        compiled.token_patterns = True
