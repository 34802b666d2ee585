"""Storing what a REFI-QDA import brings, in one transaction; remembering foreign GUIDs.

The REFI-QDA reader (``interviewkit.refi``) does the reading and the
deciding: which sources become transcripts, which codes are new and what id
they get, which unit each coding belongs to. This module only stores the
result, all of it or nothing, and keeps the GUIDs the other tool used, so
that a later export gives that tool back its own GUIDs.

QDA tools code any stretch of text, not units. A coding that runs over
several units is stored as one coding per unit (its *pieces*, see
:func:`split_span`), each linked to the first piece by the ``span`` column, so
that every unit it covers counts and an export shows the whole span again.
"""

from __future__ import annotations

import bisect
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field

from interviewkit.codebook.model import Codebook
from interviewkit.errors import DataError
from interviewkit.models import Transcript
from interviewkit.store.codebooks import store_codebook
from interviewkit.store.documents import add_transcripts
from interviewkit.store.lookup import check_code, doc_rowid, now, register_coder, unit_span
from interviewkit.store.memos import add_memo

#: Kinds of things whose foreign GUID is kept.
GUID_KINDS: tuple[str, ...] = ("code", "source", "user")


#: A piece of a coding: ``(unit index, start, end)``.
Piece = tuple[int, int, int]
_WORD = re.compile(r"\w")


@dataclass(frozen=True)
class ExchangeCoding:
    """One imported coding, placed: one piece per unit it covers (see :func:`split_span`)."""

    doc_id: str
    pieces: tuple[Piece, ...]
    code: str
    coder: str
    origin: str = "manual"
    memo: str | None = None
    created: str | None = None

    @property
    def start(self) -> int:
        return self.pieces[0][1]

    @property
    def end(self) -> int:
        return self.pieces[-1][2]


@dataclass(frozen=True)
class ExchangeGroup:
    """A code group (a REFI-QDA code set): its name, description, GUID and code ids."""

    name: str
    codes: tuple[str, ...]
    description: str = ""
    guid: str | None = None


@dataclass(frozen=True)
class ExchangeMemo:
    """One imported memo: on a transcript, a code, both, or (neither) the whole project."""

    text: str
    coder: str
    doc_id: str | None = None
    code: str | None = None
    created: str | None = None


@dataclass(frozen=True)
class ExchangeBundle:
    """Everything one import stores.

    ``codebook`` is the whole codebook after the import (the project's codes
    and the new ones), or ``None`` when no code is new. ``guids`` are
    ``(kind, local name, guid)`` triples, kind one of :data:`GUID_KINDS`.
    """

    transcripts: tuple[Transcript, ...] = ()
    codebook: Codebook | None = None
    codings: tuple[ExchangeCoding, ...] = ()
    memos: tuple[ExchangeMemo, ...] = ()
    coders: tuple[str, ...] = ()
    guids: tuple[tuple[str, str, str], ...] = ()
    groups: tuple[ExchangeGroup, ...] = ()


@dataclass(frozen=True)
class ExchangeStored:
    """What storing a bundle did: codings counted as given, ``pieces`` as rows stored."""

    documents_added: list[str] = field(default_factory=list)
    codes_added: list[str] = field(default_factory=list)
    codings_added: int = 0
    codings_present: int = 0
    memos_added: int = 0
    coders: list[str] = field(default_factory=list)
    pieces_added: int = 0
    groups: list[str] = field(default_factory=list)


def split_span(
    units: Sequence[tuple[int, int, int]], start: int, end: int, text: str
) -> tuple[Piece, ...]:
    """The pieces of the span ``start``–``end``: its part in each unit it overlaps.

    ``units`` are ``(index, start, end)`` in text order. A part without a
    letter or digit (a line break and a speaker's first letter that a
    selection reached past its turn) is no piece. A span that lies in no
    unit (between turns) or has no such part stays whole, on the unit where
    it starts or the next one.
    """
    pieces = []
    if start < end:
        for index, unit_start, unit_end in units:
            if unit_end <= start:
                continue
            if unit_start >= end:
                break
            lo, hi = max(start, unit_start), min(end, unit_end)
            if _WORD.search(text, lo, hi) is not None:
                pieces.append((index, lo, hi))
    if pieces:
        return tuple(pieces)
    return ((_unit_at(units, start), start, end),)


def _unit_at(units: Sequence[tuple[int, int, int]], position: int) -> int:
    """The unit holding ``position``, else the next one, else the last."""
    ends = [u[2] for u in units]
    i = bisect.bisect_right(ends, position)
    if i < len(units) and units[i][1] <= position:
        return units[i][0]
    return units[min(i, len(units) - 1)][0]


def store_bundle(conn: sqlite3.Connection, bundle: ExchangeBundle) -> ExchangeStored:
    """Store an import; the caller holds the transaction (all of it, or nothing)."""
    report = add_transcripts(conn, bundle.transcripts, replace=False)
    codes_added = store_codebook(conn, bundle.codebook).added if bundle.codebook else []
    coders: dict[str, str] = {name: "person" for name in bundle.coders}
    for coding in bundle.codings:
        if coding.origin == "auto":
            coders[coding.coder] = "auto"
    for name, kind in coders.items():
        register_coder(conn, name, kind=kind)
    added, present, pieces = store_codings(conn, bundle.codings)
    memos = _memos(conn, bundle.memos)
    groups = [_group(conn, group) for group in bundle.groups]
    for kind, _local, _guid in bundle.guids:
        if kind not in GUID_KINDS:
            raise ValueError(f"unknown GUID kind {kind!r}")
    conn.executemany(
        "INSERT OR REPLACE INTO exchange_guids (kind, local, guid) VALUES (?, ?, ?)",
        bundle.guids,
    )
    return ExchangeStored(
        report.added, codes_added, added, present, memos, list(coders), pieces, groups
    )


def store_codings(
    conn: sqlite3.Connection, codings: Sequence[ExchangeCoding]
) -> tuple[int, int, int]:
    """Store codings piece by piece, linked; ``(codings added, already there, pieces added)``.

    A coding counts as already there when every piece of it is.
    """
    rowids: dict[str, int] = {}
    lengths: dict[str, int] = {}
    codes: dict[str, str] = {}
    seen: set[tuple[object, ...]] = set()
    added = present = pieces_added = 0
    stamp = now()
    for coding in codings:
        if coding.doc_id not in rowids:
            rowids[coding.doc_id] = doc_rowid(conn, coding.doc_id)
            lengths[coding.doc_id] = conn.execute(
                "SELECT length(text) FROM documents WHERE id = ?", (rowids[coding.doc_id],)
            ).fetchone()[0]
        rowid = rowids[coding.doc_id]
        if coding.code not in codes:
            codes[coding.code] = check_code(conn, coding.code, allow_retired=True)
        code = codes[coding.code]
        status = "suggested" if coding.origin == "auto" else "accepted"
        span: int | None = None
        new = 0
        for unit, start, end in coding.pieces:
            unit_span(conn, rowid, coding.doc_id, unit)
            if not 0 <= start <= end <= lengths[coding.doc_id]:
                raise DataError(
                    f"a coding of {coding.code!r} ({start}–{end}) lies outside the "
                    f"text of {coding.doc_id} ({lengths[coding.doc_id]} characters); "
                    "nothing was imported"
                )
            # One suggestion per unit and code; a person may code several spans of a unit.
            key: tuple[object, ...] = (rowid, unit, code, coding.coder, coding.origin)
            if coding.origin == "manual":
                key += (start, end)
            found = None if key in seen else _existing(conn, key)
            if key in seen or found is not None:
                if span is None and found is not None:
                    span = found
                continue
            seen.add(key)
            cursor = conn.execute(
                "INSERT INTO codings (doc, unit, start, end, code, coder, origin, status, "
                "created, span) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    rowid,
                    unit,
                    start,
                    end,
                    code,
                    coding.coder,
                    coding.origin,
                    status,
                    coding.created or stamp,
                    span,
                ),
            )
            if coding.memo and not new:
                # The memo's author is not in the exchange: the coding's coder wrote it,
                # unless the coding is a suggestion. It sits on the first piece.
                add_memo(
                    conn,
                    coding.memo,
                    coder=coding.coder if coding.origin == "manual" else "",
                    doc=rowid,
                    unit=unit,
                    code=code,
                    coding=int(cursor.lastrowid or 0),
                )
            new += 1
            if len(coding.pieces) > 1 and span is None:
                span = int(cursor.lastrowid or 0)
                conn.execute("UPDATE codings SET span = ? WHERE id = ?", (span, span))
        pieces_added += new
        if new:
            added += 1
        else:
            present += 1
    return added, present, pieces_added


def _existing(conn: sqlite3.Connection, key: tuple[object, ...]) -> int | None:
    """The span (or id) of the coding stored under ``key``, if there is one."""
    sql = (
        "SELECT COALESCE(span, id) FROM codings "
        "WHERE doc = ? AND unit = ? AND code = ? AND coder = ? AND origin = ?"
    )
    if len(key) > 5:
        sql += " AND start = ? AND end = ?"
    row = conn.execute(sql, key).fetchone()
    return None if row is None else int(row[0])


def _group(conn: sqlite3.Connection, group: ExchangeGroup) -> str:
    """Store a code group (its members joined to those it has); returns its name."""
    conn.execute(
        "INSERT INTO code_groups (name, description, guid) VALUES (?, ?, ?) "
        "ON CONFLICT (name) DO UPDATE SET description = excluded.description, "
        "guid = COALESCE(excluded.guid, code_groups.guid)",
        (group.name, group.description, group.guid),
    )
    conn.executemany(
        "INSERT OR IGNORE INTO code_group_members (name, code) VALUES (?, ?)",
        [(group.name, check_code(conn, code, allow_retired=True)) for code in group.codes],
    )
    return group.name


def _memos(conn: sqlite3.Connection, memos: tuple[ExchangeMemo, ...]) -> int:
    rows = []
    mine = set(conn.execute("SELECT doc, code, coder, text FROM memos"))
    for memo in memos:
        rowid = doc_rowid(conn, memo.doc_id) if memo.doc_id is not None else None
        code = check_code(conn, memo.code, allow_retired=True) if memo.code else None
        key = (rowid, code, memo.coder, memo.text)
        if key in mine:
            continue
        mine.add(key)
        register_coder(conn, memo.coder, kind="person")
        rows.append((*key, memo.created or now()))
    conn.executemany(
        "INSERT INTO memos (doc, code, coder, text, created) VALUES (?, ?, ?, ?, ?)", rows
    )
    return len(rows)


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
    """``{coding id: span}`` of the codings stored in pieces (see :func:`split_span`)."""
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
