"""spaCy pipelines per language, built once per process and reused.

The embedded default works offline: blank ``en``/``de`` pipelines (the lemma
lookup tables of spacy-lookups-data are used at compile time, see
:mod:`interviewkit.coding.forms`) and blank ``zh`` with the jieba segmenter.
A user who has a trained pipeline installed names it per language.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache
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
    tokenizer = nlp.tokenizer
    segmenter = getattr(tokenizer, "jieba_seg", None)
    if segmenter is None:  # any other tokenizer: nothing to import for it
        return nlp.make_doc
    from spacy.lang.zh import ChineseTokenizer
    from spacy.tokens import Doc

    if not isinstance(tokenizer, ChineseTokenizer):
        return nlp.make_doc
    cut = segmenter.cut
    vocab = nlp.vocab

    def make_doc(text: str) -> Doc:
        if len(text) > nlp.max_length:
            return nlp.make_doc(text)  # spaCy's error E088
        words = [word for word in cut(text, cut_all=False) if word]
        placed = words_and_spaces(words, text)
        if placed is None:
            return nlp.make_doc(text)  # spaCy's error E194
        return Doc(vocab, words=placed[0], spaces=placed[1])

    return make_doc


def words_and_spaces(words: list[str], text: str) -> tuple[list[str], list[bool]] | None:
    """spaCy's ``get_words_and_spaces`` in linear time; None where spaCy raises E194."""
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
