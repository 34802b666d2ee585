"""RTF transcripts, as the transcription programs f4 and f5 write them.

f4transkript saves ``.rtf`` files (``{\\*\\generator f4transkript 7.0}``) with
the same labels and ``#00:00:27-8#`` stamps as its text export, RTF escapes
(``\\'fc``) beside literal UTF-8, and sometimes the first label inside the
first run of text. The RTF is turned into plain text with striprtf, a small,
maintained, pure-Python converter that handles code pages (``\\ansicpg``, font
charsets), ``\\uN`` escapes and ignorable destinations (font tables, the
generator, pictures); the text is then read like an f4 text export. The text
is derived: ``interviewkit transcripts FILE --text`` writes it out.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from pathlib import Path

from interviewkit.errors import TranscriptError
from interviewkit.textfiles import decode, normalize_newlines
from interviewkit.transcripts.base import Parsed, ReadOptions
from interviewkit.transcripts.text import parse_text

_CODE_PAGE = re.compile(r"\\ansicpg(\d{3,5})")
_HINT = "Open it in Word or LibreOffice and save it as .docx, or export .txt from f4/f5."


class RtfReader:
    """Reads ``.rtf`` files."""

    suffixes: tuple[str, ...] = (".rtf",)

    def read(self, path: Path, data: bytes, options: ReadOptions) -> Parsed:
        """Convert the RTF to text and find its turns and f4/f5 stamps."""
        decoded = decode(data, path, encoding=options.encoding)
        source = decoded.text.lstrip("\ufeff \t\n")
        if not source.startswith("{\\rtf"):
            raise TranscriptError(
                f"{path} is not an RTF document (it does not start with '{{\\rtf')",
                hint=_HINT,
            )
        from striprtf.striprtf import rtf_to_text

        convert: Callable[..., str] = rtf_to_text  # striprtf has no type hints
        try:
            plain = convert(source, encoding=_codec(source), errors="replace")
        except (ValueError, LookupError, IndexError, RecursionError) as exc:
            raise TranscriptError(
                f"{path} is a damaged RTF document ({type(exc).__name__})", hint=_HINT
            ) from None
        text = normalize_newlines(plain).lstrip("\n")
        if not text.strip():
            raise TranscriptError(f"{path} is empty: the RTF document has no text", hint=_HINT)
        return parse_text(
            text,
            path,
            options,
            metadata={},
            body_start=0,
            encoding=decoded.encoding,
            warnings=(decoded.warning,) if decoded.warning else (),
        )


def _codec(source: str) -> str:
    """The code page of the RTF's ``\\'xx`` escapes (Windows-1252 unless it says)."""
    match = _CODE_PAGE.search(source, 0, 2000)
    if match:
        name = f"cp{match[1]}"
        try:
            codecs.lookup(name)
            return name
        except LookupError:
            pass
    return "cp1252"
