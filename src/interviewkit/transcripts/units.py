"""From a reader's segments to the units a code is attached to.

Turns are the default unit. Sentences and paragraphs are found *within*
turns, so that every unit has one speaker; they carry the turn's speaker,
interviewer flag and time span. A header or a heading is one unit of its own
kind, whatever the unit chosen, and is never a respondent's. Units are
numbered from 1 in document order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

from interviewkit.errors import UsageError
from interviewkit.models import NON_RESPONDENT_KINDS, UNIT_KINDS, Unit
from interviewkit.transcripts.base import Segment
from interviewkit.transcripts.interviewers import Interviewers, interviewer_matcher
from interviewkit.transcripts.language import spacy_code
from interviewkit.transcripts.speakers import paragraph_spans, strip_span

__all__ = ["build_units", "check_unit_kind", "interviewer_matcher", "sentence_pipeline"]


def check_unit_kind(kind: str) -> str:
    """``kind`` if it is a unit kind, else a :class:`UsageError` listing the kinds."""
    if kind not in UNIT_KINDS:
        raise UsageError(
            f"{kind!r} is not a unit; use one of: {', '.join(UNIT_KINDS)}",
            hint="Turns are speaker turns; sentences and paragraphs are cut within turns.",
        )
    return kind


def build_units(
    text: str,
    segments: Sequence[Segment],
    *,
    kind: str,
    language: str | None,
    interviewer_labels: Interviewers,
    paragraph_break: str = "blank",
) -> tuple[Unit, ...]:
    """Cut ``segments`` into units of ``kind`` and number them from 1."""
    check_unit_kind(kind)
    units: list[Unit] = []
    flagged: dict[str | None, bool] = {None: False}
    for segment in segments:
        own_kind = segment.kind in NON_RESPONDENT_KINDS
        if kind == "turn" or own_kind:
            spans: Iterable[tuple[int, int]] = [(segment.start, segment.end)]
        elif kind == "paragraph":
            spans = paragraph_spans(text, segment.start, segment.end, paragraph_break)
        else:
            spans = _sentences(text, segment, language, paragraph_break)
        if segment.speaker not in flagged:
            flagged[segment.speaker] = segment.speaker in interviewer_labels
        interviewer = own_kind or flagged[segment.speaker]
        for start, end in spans:
            units.append(
                Unit(
                    index=len(units) + 1,
                    start=start,
                    end=end,
                    speaker=None if own_kind else segment.speaker,
                    kind=segment.kind if own_kind else kind,
                    interviewer=interviewer,
                    time_start=segment.time_start,
                    time_end=segment.time_end,
                )
            )
    return tuple(units)


def _sentences(
    text: str, segment: Segment, language: str | None, paragraph_break: str
) -> Iterator[tuple[int, int]]:
    """Sentences of one turn; a sentence never runs over a paragraph break."""
    nlp = sentence_pipeline(spacy_code(language))
    for p_start, p_end in paragraph_spans(text, segment.start, segment.end, paragraph_break):
        doc = nlp(text[p_start:p_end])
        for sentence in doc.sents:
            start, end = strip_span(
                text, p_start + sentence.start_char, p_start + sentence.end_char
            )
            if start < end:
                yield start, end


@lru_cache(maxsize=8)
def sentence_pipeline(code: str) -> Any:
    """A blank spaCy pipeline with a sentencizer for ``code`` (``xx`` if unavailable)."""
    import spacy

    try:
        nlp = spacy.blank(code)
    except Exception:
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 50_000_000  # one paragraph at a time; nothing here grows with length
    return nlp
