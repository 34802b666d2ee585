"""Language codes as people write them: ``de``, ``DE``, ``de-DE``, ``German``, ``eng``.

Transcripts are coded with the codebook's rules for their language, looked up
by its two-letter code (ISO 639-1): a metadata sheet that says ``German``,
``EN`` or ``zh-CN`` must find the rules under ``de``, ``en`` and ``zh``.
"""

from __future__ import annotations

import re

#: Names of languages, and their three-letter codes (ISO 639-2/3), → ISO 639-1.
_NAMES = {
    **dict.fromkeys(("german", "deutsch", "deu", "ger"), "de"),
    **dict.fromkeys(("english", "englisch", "eng"), "en"),
    **dict.fromkeys(
        ("chinese", "chinesisch", "mandarin", "中文", "汉语", "漢語", "zho", "chi", "cmn"), "zh"
    ),
    **dict.fromkeys(("spanish", "spanisch", "español", "spa"), "es"),
    **dict.fromkeys(("french", "französisch", "français", "fra", "fre"), "fr"),
    **dict.fromkeys(("italian", "italienisch", "italiano", "ita"), "it"),
    **dict.fromkeys(("portuguese", "portugiesisch", "português", "por"), "pt"),
    **dict.fromkeys(("russian", "russisch", "русский", "rus"), "ru"),
    **dict.fromkeys(("dutch", "niederländisch", "nederlands", "nld", "dut"), "nl"),
    **dict.fromkeys(("polish", "polnisch", "polski", "pol"), "pl"),
    **dict.fromkeys(("turkish", "türkisch", "türkçe", "tur"), "tr"),
    **dict.fromkeys(("arabic", "arabisch", "ara"), "ar"),
    **dict.fromkeys(("japanese", "japanisch", "日本語", "jpn"), "ja"),
    **dict.fromkeys(("korean", "koreanisch", "한국어", "kor"), "ko"),
}
_CODE = re.compile(r"[a-z]{2,3}")


def language_code(value: str | None) -> str | None:
    """The code a written language stands for (``de`` for ``DE``, ``de-DE``, ``de_DE``,
    ``German``, ``Deutsch``, ``deu``), or None if it names no language."""
    if not value or not value.strip():
        return None
    lowered = value.strip().lower()
    if lowered in _NAMES:
        return _NAMES[lowered]
    first = re.split(r"[-_\s]", lowered, maxsplit=1)[0]
    first = _NAMES.get(first, first)
    return first if _CODE.fullmatch(first) else None
