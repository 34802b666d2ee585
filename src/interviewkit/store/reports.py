"""What the project's write methods return: plain, frozen values for the CLI to render."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


class Orphan(NamedTuple):
    """A coding whose text is no longer found in the new version of its transcript."""

    doc_id: str
    unit_index: int
    code: str
    coder: str


@dataclass(frozen=True)
class AddReport:
    """What :meth:`Project.add_transcripts` did, transcript by transcript.

    ``updated`` lists transcripts whose text is unchanged but whose metadata
    changed; ``moved`` counts the codings carried over to replaced
    transcripts; ``orphaned`` lists those whose text was not found again
    (they were removed, and are listed here so that nobody loses them
    unknowingly).
    """

    added: list[str]
    unchanged: list[str]
    replaced: list[str]
    updated: list[str]
    moved: int
    orphaned: list[Orphan]
    #: doc_id → the attributes that changed, in words (``city: Bonn → Köln``). Attributes
    #: a new version does not set are kept as they were.
    attributes: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class CodebookReport:
    """What loading a codebook changed. Codes keep their identity by id."""

    name: str
    version: str
    previous_version: str | None
    added: list[str]
    updated: list[str]
    unchanged: list[str]
    retired: list[str]
    removed: list[str]


@dataclass(frozen=True)
class AutoReport:
    """What storing automatic suggestions did.

    ``added``: new suggestions; ``replaced``: unreviewed suggestions refreshed
    by the new run; ``kept_reviewed``: new suggestions dropped because a
    reviewed one for the same unit and code exists; ``removed``: unreviewed
    suggestions the new run no longer makes; ``kept_with_memo``: such
    suggestions kept because someone wrote a memo on them.
    """

    added: int
    replaced: int
    kept_reviewed: int
    removed: int = 0
    kept_with_memo: int = 0
    documents: int = 0


@dataclass(frozen=True)
class CoderStatus:
    """One coder's work at a glance.

    ``accepted`` and ``rejected`` count decisions on suggestions: for an
    automatic coder, its suggestions that anyone accepted or rejected; for a
    person, the suggestions they accepted or rejected. ``reviewed`` is their
    sum.
    """

    name: str
    codings: int
    coded_units: int
    coded_share: float
    pending: int
    accepted: int = 0
    rejected: int = 0

    @property
    def reviewed(self) -> int:
        """Suggestions reviewed: by anyone (automatic coder) or by this person."""
        return self.accepted + self.rejected


@dataclass(frozen=True)
class ProjectStatus:
    """The project at a glance."""

    path: str
    documents: int
    units: int
    respondent_units: int
    words: int
    codebook_name: str | None
    codebook_version: str | None
    codes: int
    retired_codes: int
    coders: tuple[CoderStatus, ...]
    schema_version: int
    #: What loading the current codebook warned about (a code without rules …).
    codebook_warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class MergeReport:
    """What :meth:`Project.merge` brought in from another coder's project."""

    source: str
    documents_added: list[str]
    codes_added: list[str]
    codings_added: int
    #: Decisions on suggestions brought in (each coder's decisions are their own).
    decisions_added: int
    #: (doc_id, unit, code, coder) where the same coder decided differently in the two
    #: projects; this project's decision was kept.
    decision_conflicts: list[tuple[str, int, str, str]]
    memos_added: int
    coders: list[str]
    #: Code groups brought in (new, or with members this project's group lacked).
    code_groups: list[str] = field(default_factory=list)
    #: Codings over several units brought in, each stored as linked pieces.
    spans: int = 0
