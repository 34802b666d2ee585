"""Turn the bytes of a text file (a transcript, a CSV sheet) into a string, and say how.

UTF-8 (with or without a byte order mark) and UTF-16/32 with a byte order
mark are read as they are. A UTF-8 file with a few stray bytes of another
encoding (one Windows-1252 ``ä`` pasted into a UTF-8 file) stays UTF-8: each
stray byte is read as Windows-1252 and reported with its line, so that the
rest of the file is not turned into mojibake. Anything else is a legacy
encoding; we let charset-normalizer choose among the few that our users meet
(GB18030 for Chinese, Windows-1252 for German and other Western text) and
report the choice, because a wrong guess silently corrupts every umlaut or
hanzi.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from interviewkit.errors import TranscriptError, UsageError

#: Legacy encodings we consider, in order of preference on a tie.
LEGACY_CANDIDATES: tuple[str, ...] = ("gb18030", "cp1252")

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
)
_EXPORT_HINT = "Export or save it as plain text (.txt, UTF-8) or as a Word document (.docx)."
_SHEET_HINT = (
    "Remove the character (a terminal escape pasted into a cell) and save the sheet again "
    "as CSV (UTF-8) or .xlsx."
)
_SHEETS = frozenset({".csv", ".tsv", ".tab"})
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")


@dataclass(frozen=True)
class Decoded:
    """Text with newlines normalised, the encoding used, and any warning."""

    text: str
    encoding: str
    warning: str | None = None


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF; nothing else changes."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode(data: bytes, path: Path, *, encoding: str | None = None) -> Decoded:
    """Decode the bytes of ``path`` into text with ``\\n`` line ends.

    ``encoding`` forces a codec. Raises :class:`TranscriptError` for empty
    and binary files.
    """
    if not data.strip():
        raise _empty(path)
    if encoding is not None:
        text = _decode_forced(data, path, encoding)
        return Decoded(_checked(normalize_newlines(text), path), encoding)
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise _binary(path, f"it starts like {name} but byte {exc.start} is not") from exc
            return Decoded(_checked(normalize_newlines(text), path), name)
    try:
        return Decoded(_checked(normalize_newlines(data.decode("utf-8")), path), "utf-8")
    except UnicodeDecodeError:
        pass
    stray = _utf8_with_stray_bytes(data, path) if b"\x00" not in data else None
    if b"\x00" in data:
        utf16 = _bomless_utf16(data)
        if utf16 is None:
            raise _binary(path, "it contains NUL bytes")
        text, name = utf16
        return Decoded(_checked(normalize_newlines(text), path), name, _legacy_warning(path, name))
    try:
        text, name = _detect_legacy(data, path)
    except TranscriptError:
        if stray is None:
            raise
        return stray
    # A UTF-8 file with a stray byte reads well as UTF-8 and as mojibake in a legacy
    # encoding; a short GB18030 text the other way round.
    if stray is not None and _plausibility(stray.text) >= _plausibility(text):
        return stray
    return Decoded(_checked(normalize_newlines(text), path), name, _legacy_warning(path, name))


#: A UTF-8 sequence of two to four bytes (well-formed enough to tell UTF-8 from legacy text).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
#: How many stray bytes a UTF-8 file may hold before it is taken for a legacy file.
MAX_STRAY_BYTES = 20


def _utf8_with_stray_bytes(data: bytes, path: Path) -> Decoded | None:
    """A UTF-8 file with a few bytes that are not UTF-8, each read as Windows-1252.

    None when the file is not mostly UTF-8: then it is a legacy file, and
    decoding it as UTF-8 would be the wrong guess.
    """
    valid = len(_UTF8_MULTIBYTE.findall(data))
    if valid == 0:
        return None
    pieces: list[str] = []
    bad: list[int] = []
    position = 0
    while True:
        try:
            pieces.append(data[position:].decode("utf-8"))
            break
        except UnicodeDecodeError as exc:
            stray = position + exc.start
            if len(bad) >= MAX_STRAY_BYTES:
                return None
            pieces.append(data[position:stray].decode("utf-8"))
            pieces.append(data[stray : stray + 1].decode("cp1252", errors="replace"))
            bad.append(stray)
            position = stray + 1
    text = "".join(pieces)
    # In GB18030 text some byte pairs are valid UTF-8 by chance, but fewer than the
    # pairs that are not; in a UTF-8 file the stray bytes are the few.
    if len(bad) > 2 * valid:
        return None
    lines = sorted({data.count(b"\n", 0, position) + 1 for position in bad})
    shown = ", ".join(str(n) for n in lines[:10]) + (" …" if len(lines) > 10 else "")
    places = f"line {shown}" if len(lines) == 1 else f"lines {shown}"
    warning = (
        f"{path} is UTF-8 except for {len(bad)} byte(s) on {places}, read as Windows-1252 "
        f"({', '.join(repr(text_at) for text_at in _stray_characters(data, bad))}). "
        "Check those lines and save the file as UTF-8."
    )
    return Decoded(_checked(normalize_newlines(text), path), "utf-8", warning)


def _stray_characters(data: bytes, positions: list[int]) -> list[str]:
    return sorted({data[p : p + 1].decode("cp1252", errors="replace") for p in positions})[:5]


def _decode_forced(data: bytes, path: Path, encoding: str) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError as exc:
        raise UsageError(
            f"{encoding!r} is not an encoding Python knows",
            hint="Use a name such as utf-8, gb18030, cp1252 or latin-1, or leave it out.",
        ) from exc
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise TranscriptError(
            f"{path}: line {line} cannot be decoded as {encoding} (byte {exc.start})",
            hint="Leave out the encoding to let interviewkit detect it, or name the right one.",
        ) from exc


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a byte order mark, if the NUL bytes fall where it puts them."""
    if len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    for codec, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros.count(0) > 0.3 * len(zeros) and other.count(0) == 0:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None
            if not _has_bad_controls(text):
                return text, codec
    return None


def _detect_legacy(data: bytes, path: Path) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(LEGACY_CANDIDATES), threshold=0.5).best()
    if best is not None and not _has_bad_controls(str(best)):
        return str(best), _canonical(best.encoding)
    # Short texts defeat the statistics; fall back to the most plausible strict decoding.
    scored: list[tuple[float, int, str, str]] = []
    for rank, codec in enumerate(LEGACY_CANDIDATES):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if not _has_bad_controls(text):
            scored.append((_plausibility(text), -rank, text, codec))
    if not scored:
        raise _binary(path, "it is neither UTF-8 nor GB18030 nor Windows-1252 text")
    _, _, text, codec = max(scored)
    return text, codec


def _canonical(name: str) -> str:
    return {"windows-1252": "cp1252", "gb18030": "gb18030"}.get(name.lower(), name.lower())


def _plausibility(text: str) -> float:
    """Share of characters that a German, English or Chinese transcript would hold."""
    good = 0
    for ch in text:
        cp = ord(ch)
        if (
            cp < 0x80
            or ch in "äöüÄÖÜßéèàç€„“”‘’–—…«»"
            or 0x4E00 <= cp <= 0x9FFF
            or 0x3000 <= cp <= 0x303F
            or 0xFF00 <= cp <= 0xFFEF
        ):
            good += 1
    return good / max(len(text), 1)


_BAD_CONTROL_CHARS = tuple(
    chr(cp) for cp in [*range(0x20), 0x7F] if chr(cp) not in _ALLOWED_CONTROLS
)


def _has_bad_controls(text: str) -> bool:
    head = text[:100_000]
    return any(ch in head for ch in _BAD_CONTROL_CHARS)  # a substring test each: C speed


def _checked(text: str, path: Path) -> str:
    if not text.strip():
        raise _empty(path)
    if "\x00" in text or _has_bad_controls(text):
        # The first one anywhere: a NUL is looked for in the whole text, the others at its start.
        at = min(i for i in (text.find(ch) for ch in ("\x00", *_BAD_CONTROL_CHARS)) if i >= 0)
        line = text.count("\n", 0, at) + 1
        raise TranscriptError(
            f"{path} does not look like a text file: line {line} holds the control character "
            f"U+{ord(text[at]):04X}, which text does not contain",
            hint=_SHEET_HINT if path.suffix.lower() in _SHEETS else _EXPORT_HINT,
        )
    return text


def _legacy_warning(path: Path, encoding: str) -> str:
    return (
        f"{path} is not UTF-8; read it as {encoding} (detected). If letters look wrong, "
        "save the file as UTF-8, or give the encoding with --encoding (e.g. --encoding big5 "
        "for Traditional Chinese, cp1252 for Western European text)."
    )


def _empty(path: Path) -> TranscriptError:
    return TranscriptError(
        f"{path} is empty",
        hint="Check that you exported the transcript and not an empty template.",
    )


def _binary(path: Path, why: str) -> TranscriptError:
    return TranscriptError(f"{path} does not look like a text file ({why})", hint=_EXPORT_HINT)
