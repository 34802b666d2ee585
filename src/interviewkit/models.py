"""The data model shared by every part of interviewkit.

Offsets are in Unicode code points into :attr:`Transcript.text`, end exclusive,
so that ``transcript.text[unit.start:unit.end]`` is always the unit's text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

UnitKind = Literal["turn", "sentence", "paragraph", "header", "heading"]
#: The units a user can choose to code: speaker turns, or sentences or paragraphs within them.
UNIT_KINDS: tuple[str, ...] = ("turn", "sentence", "paragraph")
#: Units a reader adds of its own: the lines before the first turn (title, date, place,
#: participants) and headings between turns. They are shown but never coded or counted,
#: so they carry ``interviewer=True`` like every unit that is not a respondent's.
NON_RESPONDENT_KINDS: tuple[str, ...] = ("header", "heading")
Origin = Literal["auto", "manual"]
Status = Literal["suggested", "accepted", "rejected"]
STATUSES: tuple[str, ...] = ("suggested", "accepted", "rejected")
#: The name of the automatic coder, unless a run is given another one.
AUTO = "auto"

#: Metadata keys every transcript may carry; any other key is kept as well.
STANDARD_ATTRIBUTES: tuple[str, ...] = (
    "city",
    "country",
    "partner_city",
    "institution",
    "language",
    "date",
)


def _frozen_mapping(data: Mapping[str, str] | None) -> Mapping[str, str]:
    return dict(data or {})


@dataclass(frozen=True)
class Unit:
    """The stretch of a transcript a code is attached to.

    ``index`` counts units from 1 in document order, interviewer turns,
    headers and headings included, so that "unit 7 of bonn_de_01" means the
    same to every coder. ``kind`` is the unit chosen (``turn``, ``sentence``,
    ``paragraph``) or one of :data:`NON_RESPONDENT_KINDS`; ``interviewer`` is
    True for every unit that is not a respondent's.
    """

    index: int
    start: int
    end: int
    speaker: str | None = None
    kind: str = "turn"
    interviewer: bool = False
    time_start: float | None = None
    time_end: float | None = None

    def text_of(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True)
class Transcript:
    """One interview: its id, its exact text, its metadata and its units."""

    id: str
    text: str
    units: tuple[Unit, ...]
    metadata: Mapping[str, str] = field(default_factory=dict)
    source: str | None = None
    encoding: str = "utf-8"
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "metadata", _frozen_mapping(self.metadata))

    @property
    def language(self) -> str | None:
        return self.metadata.get("language") or None

    def unit_text(self, unit: Unit) -> str:
        return self.text[unit.start : unit.end]

    def unit(self, index: int) -> Unit:
        """The unit with this 1-based index."""
        return self.units[index - 1]

    @property
    def word_count(self) -> int:
        """Words in what was said: the units' text, without labels, front matter,
        headers and headings."""
        return sum(
            count_words(self.text[u.start : u.end])
            for u in self.units
            if u.kind not in NON_RESPONDENT_KINDS
        )


_CJK = "\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0002a6df"
_CJK_CHAR = re.compile(f"[{_CJK}]")
#: A run of letters or digits that is not Chinese: one word.
_WORD = re.compile(f"[^\\W{_CJK}]+")


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) spans in order, those that overlap or touch made one."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def count_words(text: str) -> int:
    """Words in ``text``: runs of letters and digits, plus one per Chinese character.

    Chinese is written without spaces; counting characters as words is the
    convention of corpus linguistics for per-1,000-word rates. Hyphenated and
    apostrophe forms count per part (``China-Desk`` is two).
    """
    return len(_CJK_CHAR.findall(text)) + len(_WORD.findall(text))


@dataclass(frozen=True)
class Evidence:
    """What made the automatic coder fire: the rule and the matched words."""

    rule: str
    matched: str
    start: int
    end: int

    def describe(self) -> str:
        return f"{self.rule} → {self.matched!r}"


@dataclass(frozen=True)
class Coding:
    """One code on one span of one transcript, by one coder."""

    doc_id: str
    start: int
    end: int
    code: str
    coder: str = AUTO
    origin: str = "auto"
    status: str = "suggested"
    unit_index: int | None = None
    evidence: tuple[Evidence, ...] = ()
    memo: str | None = None
    created: str | None = None
