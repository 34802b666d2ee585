"""A codebook's rules for one language, matched in a doc.

:mod:`~interviewkit.coding.compiler` turns the rules into plain data;
:class:`LanguageMatcher` makes of it an index of words and phrases by their
tokens' lowercase hashes (:mod:`~interviewkit.coding.phrases`) and spaCy's
``Matcher`` for token patterns, learns the words of token rules as the
vocabulary grows (:mod:`~interviewkit.coding.vocabulary`), runs the regular
expressions bounded in time (:mod:`~interviewkit.coding.guard`), finds every
mention in a unit, and lets :mod:`~interviewkit.coding.resolve` cancel the
negated ones. In Chinese, jieba segments only the clauses a rule can match
in (:mod:`~interviewkit.coding.clauses`). A match id of spaCy's ``Matcher``
maps to its rule through a dict, as spaCy's ``SpanRuler`` maps ids to labels.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from interviewkit.codebook.model import Codebook
from interviewkit.coding.chinese import bounds, to_simplified, whole_word
from interviewkit.coding.clauses import ClauseFilter
from interviewkit.coding.compiler import CompiledRules, Entry, compile_rules, fold
from interviewkit.coding.guard import RegexRunner, Spans
from interviewkit.coding.phrases import NEGATION, PhraseIndex
from interviewkit.coding.pieces import pieces
from interviewkit.coding.pipeline import UNSPACED, cutting_doc_maker, doc_maker
from interviewkit.coding.resolve import Found, Match, Resolver
from interviewkit.coding.vocabulary import GlobVocabulary
from interviewkit.errors import CodebookError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["LanguageMatcher", "Match"]

#: Between units tokenized as one doc: a line break ends every negation window.
_UNIT_BREAK = "\n\n"
#: About how many characters of units go into one doc. spaCy's tokenizer keeps what
#: it made of a stretch of text for the next time only until the first special case
#: in a doc ("don't", "z.B."): in a doc of a whole English transcript most words
#: are tokenized afresh, which costs more than a doc per few turns (measured with
#: benchmarks/coding_bench.py: English a tenth faster, German and Chinese the same).
_CHUNK_CHARS = 3000


def _positions(items: list[int], value: int) -> Iterator[int]:
    """Every index of ``value`` in ``items`` (list.index scans in C, a loop would not)."""
    i = -1
    while True:
        try:
            i = items.index(value, i + 1)
        except ValueError:
            return
        yield i


class LanguageMatcher:
    """Every rule of a codebook that applies to one language, ready to match.

    Made from a codebook (compiled here) or from rules compiled before
    (:meth:`from_compiled`, e.g. out of the cache).
    """

    def __init__(self, codebook: Codebook, language: str, nlp: Language) -> None:
        self._build(compile_rules(codebook, language, nlp), nlp)
        self.vocabulary.learn_vocabulary()

    @classmethod
    def from_compiled(
        cls,
        compiled: CompiledRules,
        nlp: Language,
        *,
        learned: dict[int, list[str]] | None = None,
        tested: list[str] | None = None,
    ) -> LanguageMatcher:
        """A matcher of rules compiled before; ``learned``/``tested`` as :meth:`learned_words`."""
        matcher = cls.__new__(cls)
        matcher._build(compiled, nlp)
        if learned is not None:
            matcher.vocabulary.learned(learned, tested or ())
        matcher.vocabulary.learn_vocabulary()
        return matcher

    def _build(self, compiled: CompiledRules, nlp: Language) -> None:
        from spacy.attrs import IDX, LOWER
        from spacy.matcher import Matcher

        self.compiled = compiled
        self.language = language = compiled.language
        self.nlp = nlp
        self._make_doc = doc_maker(nlp)
        # Chinese with jieba: only the clauses a rule can match in are segmented
        # (see :mod:`.clauses`); None: every clause is.
        self._cutter = cutting_doc_maker(nlp)
        self.clauses = ClauseFilter.of(compiled) if self._cutter is not None else None
        self.entries: list[Entry] = compiled.entries
        self.window = compiled.negation_window
        self.negations = frozenset(compiled.negations)
        self._lower_idx = [LOWER, IDX]
        vocab, strings = nlp.vocab, nlp.vocab.strings
        self._phrases = PhraseIndex()
        for idx, patterns in compiled.phrases.items():
            for words in patterns:
                self._phrases.add(idx, words)
        # Negation words are found by the same pass, as whole tokens; in languages
        # without spaces they may also end a longer token (不合理): see resolve.
        if self.negations and language not in UNSPACED:
            for word in sorted(self.negations):
                self._phrases.add(NEGATION, [word])
        # Matcher match id → entry
        self._patterns = Matcher(vocab, validate=True)
        self._pattern_rule: dict[int, int] = {}
        for idx, pattern in compiled.patterns.items():
            self._add_pattern(idx, pattern)
        self._token_patterns = compiled.token_patterns
        # Phrases with very many combinations of forms, by the hashes of the forms of
        # their first and second words → (entry, forms per word).
        self._phrase_starts: dict[int, dict[int, list[tuple[int, tuple[frozenset[int], ...]]]]] = {}
        for idx, choices in compiled.phrase_index:
            steps = tuple(frozenset(strings.add(f) for f in w) for w in choices)
            for first in steps[0]:
                by_second = self._phrase_starts.setdefault(first, {})
                for second in steps[1]:
                    by_second.setdefault(second, []).append((idx, steps))
        self._regexes = RegexRunner(
            [self.entries[i].rule for i in compiled.regexes],
            source=compiled.source,
            fold=lambda pattern: fold(language, pattern),
        )
        # Chinese: text folded to simplified script before matching; rules in Latin
        # letters found as whole words only (entry → whether each edge needs a check).
        self._fold = language == "zh"
        self._edges: dict[int, tuple[bool, bool]] = {}
        if language in UNSPACED:
            for idx, entry in enumerate(self.entries):
                if entry.rule.kind in ("word", "phrase", "glob"):
                    edges = bounds(entry.rule.value)
                    if any(edges):
                        self._edges[idx] = edges
        self._resolver = Resolver(self.entries, language, self.negations, self.window)
        self.vocabulary = GlobVocabulary(nlp, compiled.types, self._add_learned)
        # (entry → words) the token rules learned, for the cache
        self.learned_words: dict[int, list[str]] = {}

    def close(self) -> None:
        """Stop the process that runs the regular expressions (see :mod:`.guard`)."""
        self._regexes.close()

    @property
    def rule_count(self) -> int:
        return len(self.entries)

    def _add_pattern(self, idx: int, pattern: list[dict[str, Any]]) -> None:
        key = f"r{idx}"
        rule = self.entries[idx].rule
        try:
            self._patterns.add(key, [pattern])
        except Exception as exc:  # spaCy raises ValueError/MatchPatternError
            first = str(exc).strip().splitlines()
            raise CodebookError(
                f"{rule.location}: spaCy rejects the token pattern {rule.value}: "
                f"{first[-1] if first else type(exc).__name__}",
                hint="See https://spacy.io/usage/rule-based-matching for token patterns.",
            ) from None
        self._pattern_rule[self.nlp.vocab.strings.add(key)] = idx

    def _add_learned(self, idx: int, words: list[str]) -> None:
        """Words a token rule learned: patterns of that rule from now on."""
        inside = self.language in UNSPACED
        for word in words:
            self._phrases.add(idx, [word], inside=inside)
        self.learned_words.setdefault(idx, []).extend(words)

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

        One doc for a few units (:data:`_CHUNK_CHARS`), a blank line between
        them, costs less to make than a doc per unit, and one pass of each
        matcher; every unit's regular expressions go to the helper at once.
        Nothing reaches across units: a match must lie inside one, and the
        negation window stops at the line break. Only for pipelines that just
        tokenize (a trained pipeline's tags could differ in context) and
        codebooks without token patterns (one may ask for a sentence start).
        """
        if self.nlp.pipe_names or self._token_patterns:
            folded = [to_simplified(t) for t in texts] if self._fold else texts
            docs = self.nlp.pipe(folded)
            return [
                self._match(doc, seen, [(0, len(text))], shown=text)[0]
                for doc, seen, text in zip(docs, folded, texts, strict=True)
            ]
        # Every unit's regular expressions go to the helper first, in one message: it
        # runs them while this process tokenizes and looks up the words (in Chinese,
        # where to segment depends on their matches: this process waits for them).
        chunks = []
        for chunk in self._chunks(texts):
            spans = []
            at = 0
            for text in chunk:
                spans.append((at, at + len(text)))
                at += len(text) + len(_UNIT_BREAK)
            joined = _UNIT_BREAK.join(chunk)
            chunks.append((spans, joined, to_simplified(joined) if self._fold else joined))
        pending = None
        if self._regexes:
            units = [seen[a:b] for spans, _, seen in chunks for a, b in spans]
            pending = self._regexes.submit(units)
        regex_spans = None
        if self.clauses is not None and pending is not None:
            regex_spans = self._regexes.collect(pending)  # where to segment depends on them
            pending = None
        found = []
        first = 0  # the chunk's first unit
        for spans, _, seen in chunks:
            mine = regex_spans[first : first + len(spans)] if regex_spans is not None else None
            first += len(spans)
            doc = self._doc(seen, spans, mine)
            found.append((doc, *self._found(doc, seen, spans)))
        if pending is not None:
            regex_spans = self._regexes.collect(pending)
        out: list[list[Match]] = []
        for (spans, joined, seen), (doc, per_unit, negations) in zip(chunks, found, strict=True):
            mine = None
            if regex_spans is not None:
                mine, regex_spans = regex_spans[: len(spans)], regex_spans[len(spans) :]
            out += self._settle(doc, seen, spans, per_unit, negations, mine, joined)
        return out

    def _doc(self, text: str, units: list[tuple[int, int]], regex_spans: Spans | None) -> Doc:
        """The doc of a chunk's (folded) text: segmented where a rule can match, or all of it.

        ``regex_spans``: the matches of the regular expressions in each of its ``units``.
        """
        if self.clauses is None or self._cutter is None:
            return self._make_doc(text)
        matched: list[tuple[int, int]] = []
        if regex_spans is not None:
            for (offset, _), found in zip(units, regex_spans, strict=True):
                matched += [(offset + a, offset + b) for _, a, b in found]
        return self._cutter(text, self.clauses.regions(text, matched))

    def match_all(self, texts: list[str]) -> tuple[list[list[Match]], list[tuple[int, int]]]:
        """:meth:`match_units` for units of any length, and which units were cut.

        A unit longer than spaCy takes in one doc (``nlp.max_length``) is
        matched in pieces (:mod:`~interviewkit.coding.pieces`); the second
        list holds (position of the unit in ``texts``, number of pieces) for each.
        """
        limit = self.nlp.max_length
        if all(len(text) <= limit for text in texts):
            return self.match_units(texts), []
        flat: list[str] = []
        owners: list[tuple[int, int]] = []  # per piece: (unit, offset in the unit)
        cut: list[tuple[int, int]] = []
        for u, text in enumerate(texts):
            parts = pieces(text, limit)
            if len(parts) > 1:
                cut.append((u, len(parts)))
            for offset, piece in parts:
                flat.append(piece)
                owners.append((u, offset))
        found: list[list[Match]] = [[] for _ in texts]
        for (u, offset), matches in zip(owners, self.match_units(flat), strict=True):
            found[u] += [
                m._replace(start=m.start + offset, end=m.end + offset) if offset else m
                for m in matches
            ]
        return found, cut

    def _chunks(self, texts: list[str]) -> Iterator[list[str]]:
        """The units in runs of about :data:`_CHUNK_CHARS` characters (a unit longer than
        that alone), each one doc for spaCy (never over ``nlp.max_length``)."""
        limit = min(self.nlp.max_length, _CHUNK_CHARS)
        chunk: list[str] = []
        size = 0
        for text in texts:
            if chunk and size + len(_UNIT_BREAK) + len(text) > limit:
                yield chunk
                chunk, size = [], 0
            size += len(text) + (len(_UNIT_BREAK) if chunk else 0)
            chunk.append(text)
        if chunk:
            yield chunk

    def _match(
        self,
        doc: Doc,
        text: str,
        units: list[tuple[int, int]],
        shown: str | None = None,
    ) -> list[list[Match]]:
        """The matches in each of the ``units`` (character spans of ``text``, in order).

        ``shown``: the text as written when ``text`` is its folded form (Chinese).
        """
        pending = None
        if self._regexes:  # on each unit's own text: anchors and look-arounds as there
            pending = self._regexes.submit([text[offset:stop] for offset, stop in units])
        per_unit, negations = self._found(doc, text, units)
        spans = self._regexes.collect(pending) if pending is not None else None
        return self._settle(doc, text, units, per_unit, negations, spans, shown)

    def _found(
        self, doc: Doc, text: str, units: list[tuple[int, int]]
    ) -> tuple[list[Found], list[int]]:
        """What the words, phrases and token patterns find in each unit, and the tokens that
        are negation words (in order)."""
        vocabulary = self.vocabulary
        if vocabulary and vocabulary.stale():
            vocabulary.learn_doc(doc)
        found: Found = {}
        negations: list[int] = []  # tokens that are negation words
        lowers: Any = None
        if self._phrases or self._phrase_starts:
            # each token's lowercase hash and where it starts, in one pass over the doc
            table = doc.to_array(self._lower_idx)
            lowers, token_starts = table[:, 0], table[:, 1]
        if self._phrases:
            self._find_phrases(doc, lowers, token_starts, found, negations)
        if self._pattern_rule:
            pattern_rule = self._pattern_rule
            for key, ts, te in self._patterns(doc):
                found[(pattern_rule[key], doc[ts].idx, doc[te - 1].idx + len(doc[te - 1].text))] = (
                    ts,
                    te,
                )
        if self._phrase_starts:
            hashes: list[int] = lowers.tolist()
            if not self._phrase_starts.keys().isdisjoint(hashes):
                self._match_phrases(doc, hashes, set(hashes), found)
        if self._edges and found:
            edges = self._edges
            for place in [p for p in found if p[0] in edges]:
                if not whole_word(text, place[1], place[2], edges[place[0]]):
                    del found[place]
        negations.sort()
        per_unit: list[Found] = [{} for _ in units]
        if len(units) == 1:
            per_unit[0] = found
        elif found:
            starts = [start for start, _ in units]
            for place, tokens in found.items():
                u = bisect_right(starts, place[1]) - 1
                if u >= 0 and place[2] <= units[u][1]:  # inside one unit
                    per_unit[u][place] = tokens
        return per_unit, negations

    def _settle(
        self,
        doc: Doc,
        text: str,
        units: list[tuple[int, int]],
        per_unit: list[Found],
        negations: list[int],
        regex_spans: Spans | None,
        shown: str | None,
    ) -> list[list[Match]]:
        """Each unit's matches with those of its regular expressions, cancelled or not."""
        if regex_spans is not None:
            regex_rules = self.compiled.regexes
            for (offset, _), found_here, found_spans in zip(
                units, per_unit, regex_spans, strict=True
            ):
                for slot, m_start, m_end in found_spans:
                    start, end = offset + m_start, offset + m_end
                    if end > start:
                        span = doc.char_span(start, end, alignment_mode="expand")
                        tokens = (span.start, span.end) if span is not None else (0, 0)
                        found_here[(regex_rules[slot], start, end)] = tokens
        resolve = self._resolver.resolve
        return [
            resolve(doc, text, found_here, negations, offset, stop, shown) if found_here else []
            for (offset, stop), found_here in zip(units, per_unit, strict=True)
        ]

    def _find_phrases(
        self, doc: Doc, lowers: Any, starts: Any, found: Found, negations: list[int]
    ) -> None:
        """Words and phrases: ``lowers`` and ``starts`` hold each token's LOWER hash and its
        offset in the doc's text."""
        hits = self._phrases.find(lowers)
        tokens, entries = hits.tokens, hits.entries
        if len(tokens):
            negated = entries == NEGATION
            if negated.any():
                negations += tokens[negated].tolist()
                kept = ~negated
                tokens, entries, lengths = tokens[kept], entries[kept], hits.lengths[kept]
            else:
                lengths = hits.lengths
            at = starts[tokens].astype(lengths.dtype)
            places = zip(entries.tolist(), at.tolist(), (at + lengths).tolist(), strict=True)
            spans = zip(tokens.tolist(), (tokens + 1).tolist(), strict=True)
            found.update(zip(places, spans, strict=True))
        for idx, inside, ts, te in hits.others:
            if idx == NEGATION:
                negations.append(ts)
                continue
            first = doc[ts]
            if inside:  # a token rule finds its exact letters inside the token
                for m in self.vocabulary.rx(idx).finditer(first.lower_):
                    start = first.idx + m.start()
                    found[(idx, start, start + len(m.group()))] = (ts, te)
            elif te == ts + 1:
                found[(idx, first.idx, first.idx + len(first))] = (ts, te)
            else:
                last = doc[te - 1]
                found[(idx, first.idx, last.idx + len(last))] = (ts, te)

    def _match_phrases(self, doc: Doc, hashes: list[int], types: set[int], found: Found) -> None:
        """Phrases of the index: the forms of the first two words, then of the others."""
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
