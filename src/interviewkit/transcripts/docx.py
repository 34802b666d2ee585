"""Word transcripts (.docx), read with python-docx.

The text is the document's paragraphs joined by one newline, table cells'
paragraphs included in document order. A paragraph that starts with a
speaker label opens a turn; the paragraphs after it continue that turn.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from interviewkit.errors import TranscriptError
from interviewkit.transcripts.base import Parsed, ReadOptions
from interviewkit.transcripts.encoding import normalize_newlines
from interviewkit.transcripts.speakers import segment
from interviewkit.transcripts.timestamps import assign_times, strip_timestamps


class DocxReader:
    """Reads ``.docx`` files."""

    suffixes: tuple[str, ...] = (".docx",)

    def read(self, path: Path, data: bytes, options: ReadOptions) -> Parsed:
        """Join the document's paragraphs and find its turns."""
        if not data.strip():
            raise TranscriptError(
                f"{path} is empty", hint="Save the transcript again from Word and retry."
            )
        document = _open(path, data)
        lines = [normalize_newlines(text) for text in _paragraph_texts(document)]
        while lines and not lines[0].strip():
            lines.pop(0)
        text, stamps = strip_timestamps("\n".join(lines))
        if not text.strip():
            raise TranscriptError(
                f"{path} is empty: the document has no text",
                hint="Check that the transcript is typed into the document, not pasted as "
                "an image or a text box.",
            )
        segments, warnings = segment(
            text,
            path,
            pattern=options.speaker_pattern,
            paragraph_break="line",
            known=options.known_labels,
        )
        return Parsed(
            text=text,
            segments=tuple(assign_times(segments, stamps)),
            encoding="utf-8",
            warnings=tuple(warnings),
            paragraph_break="line",
        )


def _open(path: Path, data: bytes) -> Any:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TranscriptError(
            f"{path} is not a Word document that can be read ({type(exc).__name__})",
            hint="Open it in Word or LibreOffice and save it again as .docx, or export .txt.",
        ) from exc


def _paragraph_texts(container: Any) -> Iterator[str]:
    """Texts of the paragraphs in ``container``, tables' cells in reading order."""
    from docx.table import Table

    for block in container.iter_inner_content():
        if isinstance(block, Table):
            seen: set[Any] = set()
            for row in block.rows:
                for cell in row.cells:
                    # A merged cell appears once per grid column it spans.
                    if cell._tc in seen:
                        continue
                    seen.add(cell._tc)
                    yield from _paragraph_texts(cell)
        else:
            yield block.text
