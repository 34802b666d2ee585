"""Speaker labels at the start of a line, and the turns they open.

Transcribers write labels in many ways: ``I:``, ``B1:``, ``Frau K.:``,
``[Anna]``, ``**Interviewer:**``, ``问：`` with a full-width colon, or
Markdown-escaped ``張\\>`` and ``au>``. A generic ``Name:`` also appears in
prose ("Beispiel: ..."), so it counts as a label only if it opens at least
two lines of the file, or is a label transcribers commonly use.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from interviewkit.errors import UsageError
from interviewkit.transcripts.base import Segment

_WORD = r"[\w.'’\-]+"
#: A speaker name: 1-3 words starting with a letter (``B1``, ``Frau K.``, ``受访者``).
NAME_PATTERN = rf"[^\W\d_][\w.'’\-]*(?:[ ]{_WORD}){{0,2}}"
_LABEL = re.compile(
    r"^[ \t]*(?:"
    rf"(?:\*\*)?(?P<colon>{NAME_PATTERN})(?:\*\*)?[ \t]*(?::(?:\*\*)?(?=\s|$)|：(?:\*\*)?)"
    rf"|\[(?P<bracket>{NAME_PATTERN})\](?:[ \t]*[:：])?(?=\s|$)"
    rf"|(?P<angle>{NAME_PATTERN})\\?>(?=\s|$)"
    r")",
    re.MULTILINE,
)
#: The same, with the line start written as a newline: searched in ``"\n" + text``, the
#: literal newline lets the regex engine skip from line to line instead of trying
#: every character.
_LABEL_AFTER_NEWLINE = re.compile("\n" + _LABEL.pattern.removeprefix("^"), re.MULTILINE)
MAX_LABEL_LENGTH = 30


def _words(*lines: str) -> frozenset[str]:
    """The whitespace-separated words of ``lines``, as a set."""
    return frozenset(" ".join(lines).split())


#: Labels that count from their first use. Compared case-insensitively,
#: with a trailing number ignored (``B1``, ``Interviewer 2``).
KNOWN_LABELS: frozenset[str] = _words(
    "i int interviewer interviewerin interviewee q a f frage antwort r b s",
    "p befragte befragter befragt respondent participant teilnehmer",
    "teilnehmerin tn ip moderator moderatorin 问 問 答 受访者 受訪者 被访者 被訪者 访谈者 訪談者",
    "采访者 採訪者 主持人",
)

#: Labels of the interviewer, compared like :data:`KNOWN_LABELS`.
INTERVIEWER_LABELS: frozenset[str] = _words(
    "i int interviewer interviewerin q f frage moderator moderatorin 问 問",
    "访谈者 訪談者 采访者 採訪者 主持人",
)

_BLANK_LINES = re.compile(r"\n[^\S\n]*\n\s*")
_LINE_BREAK = re.compile(r"\n\s*")


@dataclass(frozen=True)
class Label:
    """A speaker label: where it starts, where its turn's content may start, who."""

    start: int
    end: int
    speaker: str


@lru_cache(maxsize=4096)
def normalize_label(label: str) -> str:
    """The form in which labels are compared: case-folded, without a trailing number."""
    return re.sub(r"[\s.]*\d*$", "", label.strip()).casefold() or label.strip().casefold()


def is_known_label(label: str, extra: frozenset[str] = frozenset()) -> bool:
    """True for labels transcribers commonly use, such as ``I``, ``B2`` or ``受访者``.

    ``extra`` holds more labels, already normalised (see :func:`normalize_label`).
    """
    normalised = normalize_label(label)
    return normalised in KNOWN_LABELS or normalised in extra


def compile_speaker_pattern(pattern: str | re.Pattern[str] | None) -> re.Pattern[str] | None:
    """Compile a user's label pattern; it must have a group named ``speaker``."""
    if pattern is None:
        return None
    try:
        compiled = re.compile(pattern, re.MULTILINE) if isinstance(pattern, str) else pattern
    except re.error as exc:
        raise UsageError(
            f"the speaker pattern {pattern!r} is not a valid regular expression: {exc}",
            hint=r"For labels like 'Anna >> text' use a pattern such as '(?P<speaker>\w+) >>'.",
        ) from exc
    if "speaker" not in compiled.groupindex:
        raise UsageError(
            f"the speaker pattern {compiled.pattern!r} has no group named 'speaker'",
            hint=r"Mark the name with (?P<speaker>...), for example '(?P<speaker>\w+) >>'.",
        )
    return compiled


def find_labels(
    text: str, pattern: re.Pattern[str] | None = None, known: frozenset[str] = frozenset()
) -> list[Label]:
    """The speaker labels at line starts in ``text``, in order.

    With ``pattern`` every match at a line start is a label; otherwise the
    built-in forms are used and generic names must recur or be known
    (built in, or in ``known``).
    """
    if pattern is not None:
        return list(_user_labels(text, pattern))
    candidates = []
    for match in _LABEL_AFTER_NEWLINE.finditer("\n" + text):  # offsets one past the text's
        speaker = (match["colon"] or match["bracket"] or match["angle"] or "").strip()
        if speaker and len(speaker) <= MAX_LABEL_LENGTH:
            candidates.append(Label(match.start(), match.end() - 1, speaker))
    counts = Counter(label.speaker for label in candidates)
    return [c for c in candidates if counts[c.speaker] >= 2 or is_known_label(c.speaker, known)]


def _user_labels(text: str, pattern: re.Pattern[str]) -> Iterable[Label]:
    position = 0
    while position <= len(text):
        match = pattern.match(text, position)
        if match and match.end() > position:
            speaker = (match["speaker"] or "").strip()
            yield Label(position, match.end(), speaker)
        newline = text.find("\n", position)
        if newline < 0:
            break
        position = newline + 1


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow ``start:end`` so that it neither starts nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def paragraph_spans(text: str, start: int, end: int, paragraph_break: str) -> list[tuple[int, int]]:
    """Non-empty paragraphs of ``text[start:end]``, stripped.

    ``paragraph_break`` is ``"blank"`` (blank lines separate paragraphs) or
    ``"line"`` (every line is a paragraph).
    """
    separator = _LINE_BREAK if paragraph_break == "line" else _BLANK_LINES
    spans = []
    position = start
    for match in separator.finditer(text, start, end):
        spans.append(strip_span(text, position, match.start()))
        position = match.end()
    spans.append(strip_span(text, position, end))
    return [(s, e) for s, e in spans if s < e]


def turns(text: str, labels: list[Label]) -> list[Segment]:
    """One segment per label, running to the next label; empty turns are dropped."""
    segments = []
    for i, label in enumerate(labels):
        stop = labels[i + 1].start if i + 1 < len(labels) else len(text)
        start, end = strip_span(text, label.end, stop)
        if start < end:
            segments.append(Segment(start, end, label.speaker or None, region_start=label.start))
    return segments


def segment(
    text: str,
    path: Path,
    *,
    pattern: re.Pattern[str] | None,
    paragraph_break: str,
    known: frozenset[str] = frozenset(),
) -> tuple[list[Segment], list[str]]:
    """Turns of ``text``, or its paragraphs (with a warning) when it has no labels."""
    labels = find_labels(text, pattern, known)
    if labels:
        return turns(text, labels), []
    paragraphs = [
        Segment(s, e, region_start=s)
        for s, e in paragraph_spans(text, 0, len(text), paragraph_break)
    ]
    warning = (
        f"no speaker labels found in {path.name}; paragraphs are the units. "
        "Use --speaker-pattern if your labels look different"
    )
    return paragraphs, [warning]
