"""What a REFI-QDA export reads of a project beyond its frames: code groups, spans, GUIDs,
the evidence of suggestions, which coding a memo is on, and retired codes.

The store owns SQL: :mod:`interviewkit.refi` asks here, through
:class:`~interviewkit.store.Project`, and never writes a query of its own.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from interviewkit.codebook.model import Code
from interviewkit.models import Evidence
from interviewkit.store.codebooks import CODE_FIELDS, code_fields

#: Kinds of things whose foreign GUID is kept.
GUID_KINDS: tuple[str, ...] = ("code", "source", "user")


@dataclass(frozen=True)
class ExchangeDetails:
    """What an export needs beyond the project's frames.

    ``evidence``: the evidence of each suggestion, by coding id; ``memo_codings``:
    the coding each memo on a coding is on, by memo id; ``retired``: the codes no
    longer in the codebook that codings or memos still use, in codebook order.
    """

    evidence: dict[int, tuple[Evidence, ...]] = field(default_factory=dict)
    memo_codings: dict[int, int] = field(default_factory=dict)
    retired: tuple[Code, ...] = ()


def read_details(conn: sqlite3.Connection) -> ExchangeDetails:
    evidence: dict[int, list[Evidence]] = {}
    for coding, rule, matched, start, end in conn.execute(
        "SELECT coding, rule, matched, start, end FROM evidence ORDER BY coding, start, rowid"
    ):
        evidence.setdefault(int(coding), []).append(Evidence(rule, matched, start, end))
    memo_codings = {
        int(m): int(c)
        for m, c in conn.execute("SELECT id, coding FROM memos WHERE coding IS NOT NULL")
    }
    retired = tuple(
        Code(**code_fields(row))
        for row in conn.execute(
            f"SELECT code_id, {CODE_FIELDS} FROM codes WHERE retired = 1 ORDER BY position, code_id"
        )
    )
    return ExchangeDetails({k: tuple(v) for k, v in evidence.items()}, memo_codings, retired)


def read_groups(conn: sqlite3.Connection) -> dict[str, tuple[str, str | None, list[str]]]:
    """``{name: (description, guid, code ids)}`` of the code groups, in name order."""
    out: dict[str, tuple[str, str | None, list[str]]] = {}
    for name, description, guid in conn.execute(
        "SELECT name, description, guid FROM code_groups ORDER BY name"
    ):
        out[name] = (description, guid, [])
    for name, code in conn.execute(
        "SELECT m.name, m.code FROM code_group_members m JOIN codes c ON c.code_id = m.code "
        "ORDER BY m.name, c.position, c.code_id"
    ):
        out[name][2].append(code)
    return out


def group_members(conn: sqlite3.Connection, name: str) -> list[str]:
    """The codes of the code group ``name`` (none if a code has that id or name, or no group)."""
    is_code = conn.execute(
        "SELECT 1 FROM codes WHERE code_id = ? OR lower(name) = lower(?)", (name, name)
    ).fetchone()
    if is_code is not None:
        return []
    return [
        r[0]
        for r in conn.execute(
            "SELECT m.code FROM code_group_members m JOIN codes c ON c.code_id = m.code "
            "WHERE m.name = ? ORDER BY c.position, c.code_id",
            (name,),
        )
    ]


def read_spans(conn: sqlite3.Connection) -> dict[int, int]:
    """``{coding id: span}`` of the codings stored in pieces (see
    :func:`~interviewkit.store.exchange.split_span`)."""
    return {
        int(i): int(s)
        for i, s in conn.execute("SELECT id, span FROM codings WHERE span IS NOT NULL")
    }


def read_guids(conn: sqlite3.Connection) -> dict[str, dict[str, str]]:
    """``{kind: {local name: guid}}`` of the GUIDs kept from earlier imports."""
    out: dict[str, dict[str, str]] = {kind: {} for kind in GUID_KINDS}
    for kind, local, guid in conn.execute("SELECT kind, local, guid FROM exchange_guids"):
        out.setdefault(kind, {})[local] = guid
    return out
