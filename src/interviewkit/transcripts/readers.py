"""The registry of transcript formats: a plain list, tried by file suffix."""

from __future__ import annotations

from pathlib import Path

from interviewkit.errors import UsageError
from interviewkit.transcripts.base import Reader
from interviewkit.transcripts.docx import DocxReader
from interviewkit.transcripts.rtf import RtfReader
from interviewkit.transcripts.subtitles import SubtitleReader
from interviewkit.transcripts.text import TextReader

#: Every reader interviewkit knows, in the order their suffixes are listed.
READERS: tuple[Reader, ...] = (TextReader(), DocxReader(), RtfReader(), SubtitleReader())

#: The file suffixes that can be read as transcripts.
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(s for reader in READERS for s in reader.suffixes)

_CONVERT_HINTS = {
    ".doc": "Open it in Word and save it as .docx.",
    ".odt": "Open it in LibreOffice and save it as .docx.",
    ".pdf": "Export the transcript from the program that made the PDF as .docx or .txt.",
    ".pages": "Export it from Pages as Word (.docx).",
}


def is_supported(path: Path) -> bool:
    """True if ``path`` has the suffix of a transcript format we read."""
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def reader_for(path: Path) -> Reader:
    """The reader for ``path``'s suffix; a :class:`UsageError` naming the choices if none."""
    suffix = path.suffix.lower()
    for reader in READERS:
        if suffix in reader.suffixes:
            return reader
    shown = suffix or "a file without a suffix"
    raise UsageError(
        f"{path}: {shown} is not a transcript format; use one of: {', '.join(SUPPORTED_SUFFIXES)}",
        hint=_CONVERT_HINTS.get(suffix, "Save the transcript as .txt (UTF-8) or .docx."),
    )
