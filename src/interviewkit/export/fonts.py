"""Fonts for figures: Latin, German and Chinese labels without empty boxes.

matplotlib's default font (DejaVu Sans) has no Chinese characters. The
figures use DejaVu Sans for Latin text and fall back, glyph by glyph, to an
installed CJK font (Noto Sans CJK, Source Han, WenQuanYi, Microsoft YaHei,
PingFang …), or to the font the user names (``--font NAME|FILE``).

Where a label has characters no chosen font can draw, :func:`missing_glyphs`
names them and the figure functions warn once with a :class:`FontWarning`
that says how to get a font; matplotlib's own warnings are never shown.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from interviewkit.errors import UsageError

__all__ = [
    "CJK_FONTS",
    "FontChoice",
    "FontWarning",
    "choose_fonts",
    "installed_fonts",
    "missing_glyphs",
    "quiet_matplotlib",
]

#: Fonts with Chinese characters, the most complete first; the first installed one is used.
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans CJK TC",
    "Noto Sans CJK JP",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Source Han Sans",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "SimHei",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "Arial Unicode MS",
)
LATIN_FONT = "DejaVu Sans"
FONT_SUFFIXES = (".ttf", ".otf", ".ttc")
HOW_TO_GET_ONE = (
    "install a font with Chinese characters (Debian/Ubuntu: 'sudo apt install "
    "fonts-noto-cjk' or the smaller 'fonts-wqy-microhei'; macOS and Windows have one), "
    "or name a font file with --font FILE"
)


class FontWarning(UserWarning):
    """A label has characters the figure's fonts cannot draw (they show as empty boxes)."""


@dataclass(frozen=True)
class FontChoice:
    """The font families a figure uses, in fallback order, and the CJK one among them."""

    families: tuple[str, ...]
    cjk: str | None
    named: str | None = None


def installed_fonts() -> set[str]:
    """The family names matplotlib knows on this machine."""
    from matplotlib import font_manager

    return {font.name for font in font_manager.fontManager.ttflist}


def _named_font(font: str) -> str:
    """The family name of ``font``: an installed family, or a font file (added to matplotlib)."""
    from matplotlib import font_manager

    path = Path(font).expanduser()
    looks_like_file = path.suffix.lower() in FONT_SUFFIXES or "/" in font or "\\" in font
    if looks_like_file:
        if not path.is_file():
            raise UsageError(
                f"--font {font}: no such font file",
                hint="Give an existing .ttf, .otf or .ttc file, or the name of an installed font.",
            )
        try:
            font_manager.fontManager.addfont(str(path))
            return str(font_manager.FontProperties(fname=str(path)).get_name())
        except (OSError, RuntimeError, ValueError) as exc:
            raise UsageError(
                f"--font {font}: not a font file matplotlib can read ({type(exc).__name__})",
                hint="Give a TrueType or OpenType font (.ttf, .otf, .ttc).",
            ) from None
    known = installed_fonts()
    by_lower = {name.lower(): name for name in known}
    if font.lower() in by_lower:
        return by_lower[font.lower()]
    cjk = [name for name in CJK_FONTS if name in known]
    choices = ", ".join(cjk) if cjk else "none with Chinese characters is installed"
    raise UsageError(
        f"--font {font}: no installed font has this name",
        hint=f"Name an installed font (with Chinese characters: {choices}), or give a font "
        "file (.ttf, .otf, .ttc).",
    )


def choose_fonts(font: str | Path | None = None) -> FontChoice:
    """The fonts of a figure: the named one first, then DejaVu Sans, then a CJK font if any."""
    named = _named_font(str(font)) if font else None
    known = installed_fonts()
    cjk = next((name for name in CJK_FONTS if name in known), None)
    families = [f for f in (named, LATIN_FONT, cjk) if f]
    return FontChoice(tuple(dict.fromkeys(families)), cjk if named is None else named, named)


@lru_cache(maxsize=32)
def _charmap(family: str) -> frozenset[int]:
    """The code points the font file of ``family`` has glyphs for."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    try:
        path = font_manager.findfont(
            font_manager.FontProperties(family=family), fallback_to_default=False
        )
        return frozenset(FT2Font(path).get_charmap())
    except (OSError, RuntimeError, ValueError):
        return frozenset()


def missing_glyphs(texts: Iterable[str], choice: FontChoice) -> str:
    """The characters of ``texts`` that none of ``choice``'s fonts can draw, in order."""
    have: set[int] = set()
    for family in choice.families:
        have |= _charmap(family)
    missing: dict[str, None] = {}
    for text in texts:
        for char in text:
            if char.isspace() or not char.isprintable() or ord(char) in have:
                continue
            missing[char] = None
    return "".join(missing)


def font_warning(texts: Iterable[str], choice: FontChoice) -> None:
    """Warn once (:class:`FontWarning`) if some label would show empty boxes."""
    missing = missing_glyphs(texts, choice)
    if not missing:
        return
    shown = missing[:12] + ("…" if len(missing) > 12 else "")
    if any(_is_cjk(c) for c in missing) and choice.cjk is None:
        message = (
            f"the figure's labels have Chinese characters ({shown}) but no installed font has "
            f"them, so they show as empty boxes: {HOW_TO_GET_ONE}."
        )
    else:
        fonts = ", ".join(choice.families)
        message = (
            f"the fonts of the figure ({fonts}) cannot draw some characters of its labels "
            f"({shown}): name a font that has them with --font NAME or --font FILE."
        )
    warnings.warn(FontWarning(message), stacklevel=3)


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x3000 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF
    ) or 0x20000 <= code <= 0x3FFFF


@contextmanager
def quiet_matplotlib() -> Iterator[None]:
    """matplotlib's own warnings and font log lines never reach the user."""
    loggers = [logging.getLogger(name) for name in ("matplotlib", "matplotlib.font_manager")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", module="matplotlib")
            warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from")
            yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def rc_params(choice: FontChoice) -> dict[str, Any]:
    """matplotlib settings of every figure: the fonts, text kept as text, no math in data."""
    return {
        "font.family": list(choice.families),
        # A code name or group value with `$…$` is data, never a formula.
        "text.parse_math": False,
        "svg.fonttype": "none",
        "svg.hashsalt": "interviewkit",
        "pdf.fonttype": 42,
        "axes.unicode_minus": True,
    }
