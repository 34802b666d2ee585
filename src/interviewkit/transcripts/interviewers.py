"""Who the interviewer is, and a word when a dialogue seems to have none.

Interviewer turns are read but not coded or counted: a wrong guess changes
every count downstream. The usual labels (``I``, ``Interviewer``,
``Researcher``, ``Moderator``, ``Q``, ``F``, ``问``, ``记者`` …) are
recognised in their numbered forms too; a label the user names is matched
exactly, so that ``Speaker 1`` never marks ``Speaker 2``. When a dialogue has
no interviewer that way, the speaker who asks the most questions is named as
the likely one, so that the user can say so.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from interviewkit.models import NON_RESPONDENT_KINDS, Transcript
from interviewkit.transcripts.names import INTERVIEWER_LABELS, exact_label, normalize_label

_URL = re.compile(r"https?://\S+")


class InterviewerWarning(UserWarning):
    """Transcripts of dialogues in which no interviewer was recognised."""


@dataclass(frozen=True)
class Interviewers:
    """The interviewer's labels: those a user named (exactly) and the usual ones."""

    named: frozenset[str] = frozenset()

    def __contains__(self, speaker: object) -> bool:
        if not isinstance(speaker, str):
            return False
        return exact_label(speaker) in self.named or normalize_label(speaker) in INTERVIEWER_LABELS


def interviewer_names(value: str) -> list[str]:
    """The names a value gives: split at commas and semicolons (``Anna, Ben``), and whole,
    for a label with a comma in it (Zoom's ``Hoffmann, Julia``)."""
    return [name for name in [value, *re.split(r"[,;]", value)] if name.strip()]


def interviewer_matcher(extra: Iterable[str] = ()) -> Interviewers:
    """The usual interviewer labels plus ``extra`` (see :func:`interviewer_names`)."""
    names = (name for label in extra for name in interviewer_names(label))
    return Interviewers(frozenset(exact_label(name) for name in names))


@dataclass(frozen=True)
class LikelyInterviewer:
    """A dialogue without a recognised interviewer, and who asks the most questions."""

    transcript: str
    speaker: str
    questions: int


def likely_interviewer(transcript: Transcript) -> LikelyInterviewer | None:
    """None if the transcript has an interviewer or is no dialogue; else the best guess."""
    turns = [u for u in transcript.units if u.kind not in NON_RESPONDENT_KINDS and u.speaker]
    speakers = list(dict.fromkeys(u.speaker for u in turns if u.speaker))
    if len(speakers) < 2 or any(u.interviewer for u in turns):
        return None
    questions: Counter[str] = Counter()
    for unit in turns:
        text = _URL.sub("", transcript.unit_text(unit))
        questions[unit.speaker or ""] += text.count("?") + text.count("？")
    best = max(speakers, key=lambda s: (questions[s], -speakers.index(s)))
    return LikelyInterviewer(transcript.id, best, questions[best])


def describe(found: Sequence[LikelyInterviewer]) -> str:
    """One message for every dialogue without an interviewer."""
    shown = [
        f"{f.transcript} ({f.speaker!r} asks the most questions: "
        f"{f.questions} question{'' if f.questions == 1 else 's'})"
        if f.questions
        else f"{f.transcript} (no one asks a question; {f.speaker!r} speaks first)"
        for f in found[:10]
    ]
    more = f" and {len(found) - 10} more" if len(found) > 10 else ""
    names = sorted({f.speaker for f in found})
    if len(names) == 1:
        how = (
            f"with --interviewer {names[0]!r} (or 'interviewer: {names[0]}' in the front "
            "matter or the metadata sheet)"
        )
    else:
        how = (
            "with 'interviewer: NAME' in each front matter or an 'interviewer' column in "
            "the metadata sheet (--interviewer NAME names it for every transcript)"
        )
    return (
        f"no interviewer recognised in {len(found)} transcript(s): {'; '.join(shown)}{more}. "
        f"Every turn counts as a respondent's until you name the interviewer {how}"
    )
