"""Token rules learned word by word: globs, and in Chinese words inside longer tokens.

A glob such as ``*partnerschaft*`` cannot be looked up as written. Instead
each word the pipeline's vocabulary learns is tested once against every
token rule (RE2 says which rules may fit, Python's ``re`` decides), and each
word that fits becomes a word of its rule in the phrase index
(:mod:`~interviewkit.coding.phrases`). A unit then costs one lookup pass
whatever the codebook holds. The vocabulary only grows, so while its size is unchanged no
unit can hold an untested word.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from interviewkit.coding.regexset import RegexSet

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


class GlobVocabulary:
    """The token rules of one matcher, and the words of the vocabulary tested so far.

    ``rules`` are (entry, Python pattern, permissive RE2 twin); ``add`` is
    called with an entry and the lowercase words that fit it, to make them
    patterns of that entry.
    """

    def __init__(
        self,
        nlp: Language,
        rules: list[tuple[int, str, str]],
        add: Callable[[int, list[str]], None],
    ) -> None:
        self.nlp = nlp
        self._rules = rules
        self._add = add
        # Compiled when first needed: a run from the cache may need few of them.
        self._source = {idx: pattern for idx, pattern, _ in rules}
        self._rx: dict[int, re.Pattern[str]] = {}
        self._set_made: RegexSet | None = None
        # The lexemes (by ORTH) whose lowercase form has been tested, the lowercase
        # forms tested, and the vocabulary's size when last looked at.
        self._known: set[int] = set()
        self.tested: set[str] = set()
        self._vocab_size = -1

    def __bool__(self) -> bool:
        return bool(self._rules)

    def rx(self, idx: int) -> re.Pattern[str]:
        """The Python pattern of a token rule (on lowercase token text)."""
        found = self._rx.get(idx)
        if found is None:
            found = self._rx[idx] = re.compile(self._source[idx])
        return found

    @property
    def _set(self) -> RegexSet:
        if self._set_made is None:
            rules = self._rules
            self._set_made = RegexSet([p for _, p, _ in rules], twins=[t for _, _, t in rules])
        return self._set_made

    def stale(self) -> bool:
        """Whether the vocabulary has grown since it was last looked at."""
        return len(self.nlp.vocab) != self._vocab_size

    def learn_doc(self, doc: Doc) -> None:
        """Test the doc's words the token rules have not seen yet.

        Words added to the vocabulary by anything else than this matcher's
        docs are found by a scan of the vocabulary.
        """
        from spacy.attrs import ORTH

        self._test_lexemes(set(doc.to_array(ORTH).tolist()))
        if len(self.nlp.vocab) > len(self._known):
            self.learn_vocabulary()
        self._vocab_size = len(self.nlp.vocab)

    def learn_vocabulary(self) -> None:
        """Test every lexeme of the vocabulary not tested yet."""
        if not self._rules:
            return
        vocab = self.nlp.vocab
        while len(vocab) > len(self._known):  # new patterns may add lexemes
            before = len(self._known)
            self._test_lexemes({lexeme.orth for lexeme in vocab})
            if len(self._known) == before:  # the count says more than there is to see
                break
        self._vocab_size = len(vocab)

    def learned(self, fitting: dict[int, list[str]], tested: Iterable[str]) -> None:
        """Take words already known to fit (and the words already tested), e.g. from a cache."""
        for idx, words in fitting.items():
            self._add(idx, words)
        self.tested.update(tested)

    def _test_lexemes(self, orths: set[int]) -> None:
        """Each new word that fits a token rule becomes a pattern of that rule."""
        new = orths - self._known
        if not new:
            return
        self._known |= new
        vocab, rules, tested = self.nlp.vocab, self._rules, self.tested
        fitting: dict[int, list[str]] = {}
        for orth in new:
            lower = vocab[orth].lower_
            if lower in tested:
                continue
            tested.add(lower)
            for slot in self._set.candidates(lower):
                idx = rules[slot][0]
                if self.rx(idx).search(lower):
                    fitting.setdefault(idx, []).append(lower)
        for idx, words in fitting.items():
            self._add(idx, words)
        # The patterns' docs may have added lexemes (lowercase forms): known already.
        self._known |= {vocab.strings[w] for ws in fitting.values() for w in ws}
