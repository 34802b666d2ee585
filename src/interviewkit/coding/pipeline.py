"""spaCy pipelines per language, built once per process and reused.

The embedded default works offline: blank ``en``/``de`` pipelines (the lemma
lookup tables of spacy-lookups-data are used at compile time, see
:mod:`interviewkit.coding.forms`) and blank ``zh`` with the jieba segmenter.
A user who has a trained pipeline installed names it per language.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import TYPE_CHECKING

from interviewkit.errors import UsageError

if TYPE_CHECKING:
    from spacy.language import Language

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
