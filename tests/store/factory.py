"""Small synthetic transcripts, codebooks and codings for the store's tests."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from interviewkit.codebook import Codebook, load_codebook
from interviewkit.models import Coding, Evidence, Transcript, Unit

BOOK = """\
name: test book
version: "1"
codes:
  - id: drivers
    name: Drivers
    children:
      - id: economy
        name: Economy
        keywords:
          en: [trade, port]
          de: [Hafen, Handel]
      - id: prestige
        name: Prestige
        keywords:
          en: [image]
          de: [Image]
  - id: uncertainty
    name: Uncertainty
    keywords:
      en: [doubt]
      de: [Zweifel]
"""

TURNS_EN = [
    ("I", "Tell me about the partnership."),
    ("R", "The port and the trade matter most for us."),
    ("I", "And the image of the city?"),
    ("R", "The image helps, but we have doubts about the contracts."),
]


def write_book(folder: Path, text: str = BOOK, name: str = "book.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def book(folder: Path, text: str = BOOK) -> Codebook:
    return load_codebook(write_book(folder, text))


def transcript(
    doc_id: str,
    turns: Sequence[tuple[str, str]] = TURNS_EN,
    *,
    language: str = "en",
    **metadata: str,
) -> Transcript:
    """Speaker turns ``LABEL: text`` separated by blank lines; ``I`` is the interviewer."""
    text = ""
    units = []
    for index, (speaker, said) in enumerate(turns, start=1):
        if text:
            text += "\n\n"
        label = f"{speaker}: "
        start = len(text) + len(label)
        text += label + said
        units.append(Unit(index, start, len(text), speaker, interviewer=speaker == "I"))
    return Transcript(doc_id, text, tuple(units), {"language": language, **metadata})


def suggestion(t: Transcript, unit_index: int, code: str, word: str,
               coder: str = "auto") -> Coding:
    """An automatic suggestion of ``code`` on a unit, with ``word`` as its evidence."""
    unit = t.unit(unit_index)
    at = t.text.index(word, unit.start)
    return Coding(t.id, unit.start, unit.end, code, coder=coder, unit_index=unit_index,
                  evidence=(Evidence(f"word:{word}", word, at, at + len(word)),))


def md_file(folder: Path, doc_id: str, turns: Sequence[tuple[str, str]] = TURNS_EN,
            **metadata: str) -> Path:
    """The same transcript as a Markdown file with front matter."""
    head = "\n".join(f"{k}: {v}" for k, v in {"id": doc_id, "language": "en",
                                               **metadata}.items())
    body = "\n\n".join(f"{speaker}: {said}" for speaker, said in turns)
    path = folder / f"{doc_id}.md"
    path.write_text(f"---\n{head}\n---\n\n{body}\n", encoding="utf-8")
    return path
