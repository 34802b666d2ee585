"""Which language a transcript is in: Chinese, German or English.

A deliberately small detector for the three languages of our interviews: it
looks at the share of Chinese characters, then weighs common German against
common English function words. The user overrides it with metadata or an
argument whenever it matters.
"""

from __future__ import annotations

import re

#: Share of CJK characters among letters above which a text is Chinese.
CJK_SHARE = 0.3


def _words(*lines: str) -> frozenset[str]:
    """The whitespace-separated words of ``lines``, as a set."""
    return frozenset(" ".join(lines).split())


_GERMAN = _words(
    "der die das und ist nicht wir ich mit den dem des ein eine einen einem",
    "sie es auch auf für von zu im sich dass aber wie noch nur oder wenn",
    "schon sind war hat haben bei aus nach bin mal doch ja also jetzt dann",
    "man",
)
_ENGLISH = _words(
    "the and is not we with a an of to in that it for on are was be this",
    "have has but or you they at by from as so if what which were do does",
    "there our",
)
_WORDS = re.compile(r"[^\W\d_]+")
_LETTER = re.compile(r"[^\W\d_]")
_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0002a6df]")
#: How many characters from the start of a transcript the detection reads.
SAMPLE = 50_000

_NAMES = {
    "german": "de",
    "deutsch": "de",
    "english": "en",
    "englisch": "en",
    "chinese": "zh",
    "chinesisch": "zh",
    "mandarin": "zh",
    "中文": "zh",
    "汉语": "zh",
    "漢語": "zh",
}


def detect_language(text: str) -> str | None:
    """``"zh"``, ``"de"`` or ``"en"``, or None when the text gives no clue.

    The first :data:`SAMPLE` characters decide: an interview does not change
    language halfway, and long files stay fast.
    """
    sample = text[:SAMPLE]
    letters = len(_LETTER.findall(sample))
    if not letters:
        return None
    if len(_CJK.findall(sample)) / letters > CJK_SHARE:
        return "zh"
    german = english = 0
    for word in _WORDS.findall(sample.lower()):
        german += word in _GERMAN
        english += word in _ENGLISH
    if german == english == 0:
        return None
    return "de" if german > english else "en"


def spacy_code(language: str | None) -> str:
    """The spaCy language code for a metadata value such as ``de-DE`` or ``Chinese``.

    Unknown or missing languages give ``"xx"``, spaCy's multi-language code.
    """
    if not language:
        return "xx"
    value = language.strip().lower()
    value = _NAMES.get(value, value)
    code = re.split(r"[-_\s]", value, maxsplit=1)[0]
    return code if re.fullmatch(r"[a-z]{2,3}", code) else "xx"
