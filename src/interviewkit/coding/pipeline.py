"""spaCy pipelines per language, built once per process and reused.

The embedded default works offline: blank ``en``/``de`` pipelines (the lemma
lookup tables of spacy-lookups-data are used at compile time, see
:mod:`interviewkit.coding.forms`) and blank ``zh`` with the jieba segmenter.
A user who has a trained pipeline installed names it per language.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import compress, count
from typing import TYPE_CHECKING

from interviewkit.errors import UsageError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: Languages written without spaces: a word is found wherever it is written.
UNSPACED = frozenset({"zh", "ja", "th"})


def parse_models(specs: list[str] | None) -> dict[str, str]:
    """``["de=de_core_news_sm"]`` → ``{"de": "de_core_news_sm"}``."""
    models: dict[str, str] = {}
    for spec in specs or ():
        lang, sep, name = spec.partition("=")
        if not sep or not lang.strip() or not name.strip():
            raise UsageError(
                f"--model {spec!r} is not LANG=PIPELINE",
                hint="Write it like --model de=de_core_news_sm",
            )
        models[lang.strip()] = name.strip()
    return models


@lru_cache(maxsize=16)
def get_pipeline(language: str, model: str | None = None) -> Language:
    """The tokenizing pipeline for a language, cached for the process."""
    import spacy

    if model:
        try:
            return spacy.load(model, exclude=["ner", "textcat", "textcat_multilabel"])
        except OSError:
            raise UsageError(
                f"the spaCy pipeline '{model}' is not installed",
                hint=f"Install it with pip (python -m pip install {model}) or leave out --model; "
                "the built-in pipelines work without it.",
            ) from None
    if language == "zh":
        logging.getLogger("jieba").setLevel(logging.WARNING)
        import jieba

        jieba.setLogLevel(logging.WARNING)
        return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    try:
        return spacy.blank(language)
    except Exception:  # spaCy raises ImportError or its own error for unknown codes
        return spacy.blank("xx")


def doc_maker(nlp: Language) -> Callable[[str], Doc]:
    """``nlp.make_doc``, or for spaCy's Chinese tokenizer with jieba the same docs, made faster.

    spaCy's Chinese tokenizer places jieba's words in the text with
    ``get_words_and_spaces``, which looks for each word in a fresh copy of
    the rest of the text: time that grows with the square of a text's
    length, a third of all the time outside jieba on a doc of a few turns.
    This looks for each word from where the last one ended, with the same
    result; where spaCy would refuse the words it is asked to (its error).
    """
    cutter = cutting_doc_maker(nlp)
    if cutter is None:
        return nlp.make_doc
    return lambda text: cutter(text, None)


#: A doc maker that segments only some stretches of a text (see :func:`cutting_doc_maker`).
Cutter = Callable[[str, "Sequence[tuple[int, int]] | None"], "Doc"]


def cutting_doc_maker(nlp: Language) -> Cutter | None:
    """For spaCy's Chinese tokenizer with jieba: docs segmented by jieba only where asked.

    ``make(text, regions)`` gives the doc :func:`doc_maker` gives when
    ``regions`` is None; otherwise jieba segments only the (start, end)
    stretches in ``regions`` (in order, apart), and every other character
    is a token of its own. jieba segments a run of Han letters, Latin
    letters and digits as a whole, and whatever stands between such runs
    (punctuation, blanks) character by character: a stretch that begins and
    ends beside such a character gets the same words as in the whole text.
    None for any other tokenizer.
    """
    tokenizer = nlp.tokenizer
    segmenter = getattr(tokenizer, "jieba_seg", None)
    if segmenter is None:  # any other tokenizer: nothing to import for it
        return None
    from spacy.lang.zh import ChineseTokenizer
    from spacy.tokens import Doc

    if not isinstance(tokenizer, ChineseTokenizer):
        return None
    cut = segmenter.cut
    vocab = nlp.vocab

    def make_doc(text: str, regions: Sequence[tuple[int, int]] | None) -> Doc:
        if len(text) > nlp.max_length:
            return nlp.make_doc(text)  # spaCy's error E088
        if regions is None:
            words = [word for word in cut(text, cut_all=False) if word]
        else:
            words = []
            done = 0
            for start, end in regions:
                words.extend(text[done:start])  # a word per character
                words += [word for word in cut(text[start:end], cut_all=False) if word]
                done = end
            words.extend(text[done:])
        placed = words_and_spaces(words, text)
        if placed is None:
            return nlp.make_doc(text)  # spaCy's error E194
        return Doc(vocab, words=placed[0], spaces=placed[1])

    return make_doc


def words_and_spaces(words: list[str], text: str) -> tuple[list[str], list[bool]] | None:
    """spaCy's ``get_words_and_spaces`` in linear time; None where spaCy raises E194."""
    if "".join(words) == text:  # jieba keeps every character: only its blanks need a look
        placed = _placed(words, text)
        if placed is not None:
            return placed
    if "".join("".join(words).split()) != "".join(text.split()):
        return None
    out: list[str] = []
    spaces: list[bool] = []
    position, length = 0, len(text)
    for word in words:
        if word.isspace():
            continue
        start = text.find(word, position)
        if start < 0:
            return None
        if start > position:
            out.append(text[position:start])
            spaces.append(False)
            position = start
        out.append(word)
        position += len(word)
        if position < length and text[position] == " ":
            spaces.append(True)
            position += 1
        else:
            spaces.append(False)
    if position < length:
        out.append(text[position:])
        spaces.append(False)
    return out, spaces


def _placed(words: list[str], text: str) -> tuple[list[str], list[bool]] | None:
    """:func:`words_and_spaces` for words that, joined, are the text.

    The words between blanks stay as they are; each run of blank words is
    what spaCy makes of it: one space after a word is that word's space, the
    rest one token of its own (all of a run that no word precedes). None when
    a word mixes blanks and letters (not jieba's): spaCy's way then.
    """
    blank = list(compress(count(), map(str.isspace, words)))
    blanks = len(text) - len("".join(text.split()))  # blank characters in the text
    if blanks != sum(len(words[i]) for i in blank):
        return None
    if not blank:
        return words, [False] * len(words)
    out: list[str] = []
    spaces: list[bool] = []
    done = 0  # words up to here are placed
    i, last = 0, len(blank)
    while i < last:
        j = i
        while j + 1 < last and blank[j + 1] == blank[j] + 1:
            j += 1
        start, end = blank[i], blank[j] + 1
        out += words[done:start]
        spaces += [False] * (start - done)
        run = "".join(words[start:end])
        if start and run[0] == " ":
            spaces[-1] = True
            run = run[1:]
        if run:
            out.append(run)
            spaces.append(False)
        done, i = end, j + 1
    out += words[done:]
    spaces += [False] * (len(words) - done)
    return out, spaces
