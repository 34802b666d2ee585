"""Parts of a text transcript that are units of their own: headings, marked paragraphs.

- A Markdown heading (``### 問題三``, a reporter's question written as a
  heading) between turns is a heading unit, not the end of the previous answer.
- Note tools such as HackMD attribute a paragraph at its end:
  ``> text … [name=kiang]``; such a paragraph is a turn of that speaker.
- A transcription service's closing line (``Transcribed by https://otter.ai``,
  ``Meeting ended after 00:06:12``)
  belongs to no turn.
"""

from __future__ import annotations

import re
from typing import NamedTuple

#: Searched in ``"\n" + text``: the literal newline lets the regex engine skip from
#: line to line instead of trying every character (as ``^`` in MULTILINE mode would).
_HEADING = re.compile(r"\n[ ]{0,3}#{1,6}[ \t]+(?P<content>[^\n]*?)(?:[ \t]+#+)?[ \t]*(?=\n|\Z)")
_NAME_MARK = re.compile(
    r"[ \t]*\[name=(?P<name>[^\]\n]{1,60})\](?:[ \t]*\[(?:time|color)=[^\]\n]*\])*[ \t]*$",
    re.MULTILINE,
)
_TRAILER = re.compile(
    r"[ \t]*(?:Transcribed by https?://\S+"  # Otter
    r"|Meeting ended after \d{1,2}:\d{2}(?::\d{2})?\b.*)"  # Google Meet
)


class Block(NamedTuple):
    """A stretch of the text that is one unit: ``start:end`` is all of it, label or
    mark included; ``content_start:content_end`` is the unit's text."""

    start: int
    end: int
    content_start: int
    content_end: int
    kind: str
    speaker: str | None = None


def headings(text: str, start: int = 0) -> list[Block]:
    """The Markdown (ATX) headings of ``text[start:]``."""
    if "#" not in text:
        return []
    blocks = []
    shifted = "\n" + text  # offsets one past the text's: the newline is the line start
    for match in _HEADING.finditer(shifted, start):
        content_start, content_end = match.span("content")
        if match["content"].strip():
            blocks.append(
                Block(match.start(), match.end() - 1, content_start - 1, content_end - 1, "heading")
            )
    return blocks


def heading_blocks(text: str, lines: frozenset[int]) -> list[Block]:
    """Whole lines of ``text`` (numbered from 0) as heading units."""
    if not lines:
        return []
    blocks = []
    start = 0
    for number, line in enumerate(text.split("\n")):
        if number in lines:
            begin = start + len(line) - len(line.lstrip())
            end = start + len(line.rstrip())
            if begin < end:
                blocks.append(Block(start, start + len(line), begin, end, "heading"))
        start += len(line) + 1
    return blocks


def named_blocks(text: str, start: int = 0) -> list[Block]:
    """Paragraphs (or blockquotes) that end with ``[name=…]``, as turns of that name."""
    if "[name=" not in text:
        return []
    blocks = []
    for match in _NAME_MARK.finditer(text, start):
        line_start = text.rfind("\n", start, match.start()) + 1
        quoted = text[line_start : match.start()].lstrip().startswith(">")
        first = line_start
        while first > start:
            previous = text.rfind("\n", start, first - 1) + 1
            line = text[previous : first - 1]
            if not line.strip() or (quoted and not line.lstrip().startswith(">")):
                break
            first = previous
        content_start = first
        while content_start < match.start() and text[content_start] in " \t>":
            content_start += 1
        content_end = match.start()
        if not text[line_start : match.start()].strip(" \t>"):
            content_end = max(line_start - 1, content_start)  # the mark is on a line of its own
        while content_end > content_start and text[content_end - 1].isspace():
            content_end -= 1
        if content_start < content_end:
            name = match["name"].strip()
            blocks.append(
                Block(first, match.end(), content_start, content_end, "turn", name or None)
            )
    return blocks


def trailer(text: str, start: int = 0) -> Block | None:
    """A service's closing line at the end of the text, if there is one."""
    end = len(text.rstrip())
    line = text.rfind("\n", start, end) + 1  # the last line, matched whole
    if line <= start or not _TRAILER.fullmatch(text, line, end):
        return None
    begin = line
    while text[begin] in " \t":
        begin += 1
    return Block(begin, len(text), begin, end, "header")
