"""Which language a transcript is in.

Chinese, Japanese and Korean are told by their scripts. Every other text goes
to py3langid, the maintained fork of langid.py: a naive Bayes model over byte
n-grams that ships inside the package (4.5 MB, no download at run time), is
deterministic, needs only numpy, and is accurate on texts as long as an
interview. It is restricted to :data:`LANGUAGES`, the languages a researcher
is likely to meet, so that a German interview is never taken for
Luxembourgish. It is imported on first use: reading the model takes about a
second, which a command that never detects a language does not pay. The user
overrides the result with metadata or an argument whenever it matters.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from interviewkit.languages import language_code

#: Share of CJK characters among letters above which a text is Chinese (or Japanese).
CJK_SHARE = 0.3
#: How many characters from the start of a transcript the detection reads.
SAMPLE = 20_000
#: Fewer letters than this give no reliable answer.
MIN_LETTERS = 20
#: Below this probability the detector's answer is not taken.
MIN_PROBABILITY = 0.5

#: The languages detected (ISO 639-1), Chinese, Japanese and Korean by their scripts.
LANGUAGES: tuple[str, ...] = (
    *("af", "ar", "bg", "bn", "bs", "ca", "cs", "cy", "da", "de", "el", "en", "es", "et"),
    *("eu", "fa", "fi", "fr", "ga", "gl", "he", "hi", "hr", "hu", "hy", "id", "is", "it"),
    *("ka", "kk", "lt", "lv", "mk", "ms", "mt", "nl", "no", "pl", "pt", "ro", "ru", "sk"),
    *("sl", "sq", "sr", "sv", "sw", "ta", "th", "tl", "tr", "uk", "ur", "vi"),
)

_LETTER = re.compile(r"[^\W\d_]")
_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0002a6df]")
_KANA = re.compile("[\u3040-\u30ff]")
_HANGUL = re.compile("[\uac00-\ud7af]")
#: A label at a line start (``I:``, ``Speaker 1 (00:01):``): not what was said.
_LABEL = re.compile(r"(?m)^[ \t]*[^\W\d_][\w .'’\-]{0,30}?(?:\([\d:.,]+\))?[:：>][ \t]")


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of ``text``'s language, or None when the text gives no clue.

    The first :data:`SAMPLE` characters decide: an interview does not change
    language halfway, and long files stay fast.
    """
    sample = _LABEL.sub("", text[:SAMPLE])
    letters = len(_LETTER.findall(sample))
    if letters < MIN_LETTERS and not (letters and _CJK.search(sample)):
        return None
    if len(_CJK.findall(sample)) / max(letters, 1) > CJK_SHARE:
        if len(_KANA.findall(sample)) > 0.05 * letters:
            return "ja"
        return "zh"
    if len(_HANGUL.findall(sample)) > 0.3 * letters:
        return "ko"
    code, probability = _identifier().classify(sample)
    return str(code) if probability >= MIN_PROBABILITY else None


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def spacy_code(language: str | None) -> str:
    """The spaCy language code for a metadata value such as ``de-DE`` or ``Chinese``.

    Unknown or missing languages give ``"xx"``, spaCy's multi-language code.
    """
    return language_code(language) or "xx"
