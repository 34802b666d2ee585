"""Storing what a REFI-QDA import brings, in one transaction; remembering foreign GUIDs.

The REFI-QDA reader (``interviewkit.refi``) does the reading and the
deciding: which sources become transcripts, which codes are new and what id
they get, which unit each coding belongs to, what each coder decided on a
suggestion. This module only stores the result, all of it or nothing, and
keeps the GUIDs the other tool used, so that a later export gives that tool
back its own GUIDs.

QDA tools code any stretch of text, not units. A coding that runs over
several units is stored as one coding per unit (its *pieces*, see
:func:`split_span`), each linked to the first piece by the ``span`` column, so
that every unit it covers counts and an export shows the whole span again.
A coding's status, decisions, evidence and memos belong to its first piece.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field

from interviewkit.codebook.model import Code, Codebook
from interviewkit.errors import DataError
from interviewkit.models import Evidence, Transcript
from interviewkit.store.codebooks import code_content, store_codebook
from interviewkit.store.codings import settle
from interviewkit.store.documents import add_transcripts
from interviewkit.store.exchange_reads import (
    GUID_KINDS,
    ExchangeDetails,
    group_members,
    read_details,
    read_groups,
    read_guids,
    read_spans,
)
from interviewkit.store.lookup import check_code, doc_rowid, now, register_coder, unit_span
from interviewkit.store.memos import add_memo
from interviewkit.store.pieces import Piece, split_span

__all__ = [
    "GUID_KINDS",
    "ExchangeBundle",
    "ExchangeCoding",
    "ExchangeDecision",
    "ExchangeDetails",
    "ExchangeGroup",
    "ExchangeMemo",
    "ExchangeStored",
    "Piece",
    "group_members",
    "read_details",
    "read_groups",
    "read_guids",
    "read_spans",
    "split_span",
    "store_bundle",
    "store_codings",
]

#: Coder kinds an import may give.
CODER_KINDS = ("auto", "person", "consensus")


@dataclass(frozen=True)
class ExchangeMemo:
    """One imported memo: on a transcript, a unit, a code, a transcript and a code, or
    (none of them) the whole project; on a coding when it is one of
    :attr:`ExchangeCoding.memos`. ``coder`` is its author (``""``: not recorded)."""

    text: str
    coder: str
    doc_id: str | None = None
    code: str | None = None
    created: str | None = None
    unit: int | None = None


@dataclass(frozen=True)
class ExchangeDecision:
    """A coder's decision on a suggestion: ``accepted`` or ``rejected``, and when."""

    coder: str
    verdict: str
    decided: str


@dataclass(frozen=True)
class ExchangeCoding:
    """One imported coding, placed: one piece per unit it covers (see :func:`split_span`).

    ``status`` is the stored status (``None``: suggested for a suggestion,
    accepted for a person's coding); ``decisions``, ``evidence`` and ``memos``
    belong to suggestions and codings brought back from an interviewkit export.
    """

    doc_id: str
    pieces: tuple[Piece, ...]
    code: str
    coder: str
    origin: str = "manual"
    created: str | None = None
    status: str | None = None
    decisions: tuple[ExchangeDecision, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    memos: tuple[ExchangeMemo, ...] = ()

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
class ExchangeBundle:
    """Everything one import stores.

    ``codebook`` is the whole codebook after the import (the project's codes
    and the new ones), or ``None`` when no code is new; ``retired`` are codes
    that come in retired (no longer in the codebook, kept for the codings
    that use them). ``guids`` are ``(kind, local name, guid)`` triples, kind
    one of :data:`GUID_KINDS`. ``kinds`` are ``(coder, kind)`` pairs for
    coders who are not people (``auto``, ``consensus``); a coder the project
    knows keeps the kind it has.
    """

    transcripts: tuple[Transcript, ...] = ()
    codebook: Codebook | None = None
    codings: tuple[ExchangeCoding, ...] = ()
    memos: tuple[ExchangeMemo, ...] = ()
    coders: tuple[str, ...] = ()
    guids: tuple[tuple[str, str, str], ...] = ()
    groups: tuple[ExchangeGroup, ...] = ()
    retired: tuple[Code, ...] = ()
    kinds: tuple[tuple[str, str], ...] = ()
    #: A sheet of codings whose codes the codebook gains (see store_codebook).
    codes_from: str | None = None


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
    decisions_added: int = 0
    #: (doc_id, unit, code, coder) where a coder decided differently in the project and in
    #: the import; the project's decision was kept.
    decision_conflicts: list[tuple[str, int, str, str]] = field(default_factory=list)


def store_bundle(conn: sqlite3.Connection, bundle: ExchangeBundle) -> ExchangeStored:
    """Store an import; the caller holds the transaction (all of it, or nothing)."""
    report = add_transcripts(conn, bundle.transcripts, replace=False)
    codes_added = (
        store_codebook(conn, bundle.codebook, codes_from=bundle.codes_from).added
        if bundle.codebook
        else []
    )
    codes_added += _retired(conn, bundle.retired)
    coders: dict[str, str] = {name: "person" for name in bundle.coders if name}
    for coding in bundle.codings:
        if coding.origin == "auto":
            coders[coding.coder] = "auto"
    for name, kind in bundle.kinds:
        if kind not in CODER_KINDS:
            raise ValueError(f"unknown coder kind {kind!r}")
        coders[name] = kind
    for name, kind in coders.items():
        register_coder(conn, name, kind=kind)
    decisions_before = _count(conn, "decisions")
    memos_before = _count(conn, "memos")
    conflicts: list[tuple[str, int, str, str]] = []
    added, present, pieces = store_codings(conn, bundle.codings, conflicts=conflicts)
    for memo in bundle.memos:
        _memo(conn, memo)
    groups = [_group(conn, group) for group in bundle.groups]
    for kind, _local, _guid in bundle.guids:
        if kind not in GUID_KINDS:
            raise ValueError(f"unknown GUID kind {kind!r}")
    conn.executemany(
        "INSERT OR REPLACE INTO exchange_guids (kind, local, guid) VALUES (?, ?, ?)",
        bundle.guids,
    )
    return ExchangeStored(
        report.added,
        codes_added,
        added,
        present,
        _count(conn, "memos") - memos_before,
        list(coders),
        pieces,
        groups,
        _count(conn, "decisions") - decisions_before,
        conflicts,
    )


def _count(conn: sqlite3.Connection, table: str) -> int:
    return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def _retired(conn: sqlite3.Connection, codes: Sequence[Code]) -> list[str]:
    """Store codes as retired, after every code there is; the ids of those added."""
    position = int(conn.execute("SELECT COALESCE(MAX(position), -1) FROM codes").fetchone()[0])
    added = []
    for code in codes:
        if conn.execute("SELECT 1 FROM codes WHERE code_id = ?", (code.id,)).fetchone():
            continue
        position += 1
        conn.execute(
            "INSERT INTO codes (code_id, name, parent, description, include, exclude, "
            "examples, color, position, retired) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
            (code.id, *code_content(code)[:7], position),
        )
        added.append(code.id)
    return added


def store_codings(
    conn: sqlite3.Connection,
    codings: Sequence[ExchangeCoding],
    *,
    conflicts: list[tuple[str, int, str, str]] | None = None,
) -> tuple[int, int, int]:
    """Store codings piece by piece, linked; ``(codings added, already there, pieces added)``.

    A coding counts as already there when every piece of it is; its
    decisions that the project lacks are added to it, and so are its memos.
    A coder's decision the project has is kept; where it differs, ``(doc_id,
    unit, code, coder)`` is added to ``conflicts``.
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
        status = coding.status or ("suggested" if coding.origin == "auto" else "accepted")
        span: int | None = None
        head: tuple[int, int] | None = None  # (coding id, unit) of the first piece
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
                if head is None and found is not None:
                    head = (found, unit)
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
            coding_id = int(cursor.lastrowid or 0)
            if head is None:
                head = (coding_id, unit)
                conn.executemany(
                    "INSERT INTO evidence (coding, rule, matched, start, end) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [(coding_id, e.rule, e.matched, e.start, e.end) for e in coding.evidence],
                )
            new += 1
            if len(coding.pieces) > 1 and span is None:
                span = coding_id
                conn.execute("UPDATE codings SET span = ? WHERE id = ?", (span, span))
        if head is not None:
            for coder in _decisions(conn, head[0], coding.decisions, settled=bool(new)):
                if conflicts is not None:
                    conflicts.append((coding.doc_id, head[1], code, coder))
            for memo in coding.memos:
                add_memo(
                    conn,
                    memo.text,
                    coder=memo.coder,
                    doc=rowid,
                    unit=head[1],
                    code=code,
                    coding=head[0],
                    created=memo.created,
                )
        pieces_added += new
        if new:
            added += 1
        else:
            present += 1
    return added, present, pieces_added


def _decisions(
    conn: sqlite3.Connection,
    coding: int,
    decisions: Sequence[ExchangeDecision],
    *,
    settled: bool,
) -> list[str]:
    """Add the decisions on ``coding`` the project lacks; the coders whose decision here
    differs from the one given (theirs is kept).

    A new coding came with its status; one the project had takes the status its
    decisions give (:func:`~interviewkit.store.codings.settle`) when one was added.
    """
    changed = 0
    differ = []
    mine = dict(conn.execute("SELECT coder, verdict FROM decisions WHERE coding = ?", (coding,)))
    for decision in decisions:
        if decision.coder in mine:
            if mine[decision.coder] != decision.verdict:
                differ.append(decision.coder)
            continue
        register_coder(conn, decision.coder, kind="person")
        conn.execute(
            "INSERT INTO decisions (coding, coder, verdict, decided) VALUES (?, ?, ?, ?)",
            (coding, decision.coder, decision.verdict, decision.decided),
        )
        changed += 1
    if changed and not settled:
        settle(conn, [coding])
    return differ


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


def _memo(conn: sqlite3.Connection, memo: ExchangeMemo) -> None:
    """Store a memo unless the same author wrote it on the same place already."""
    rowid = doc_rowid(conn, memo.doc_id) if memo.doc_id is not None else None
    code = check_code(conn, memo.code, allow_retired=True) if memo.code else None
    if rowid is not None and memo.unit is not None and memo.doc_id is not None:
        unit_span(conn, rowid, memo.doc_id, memo.unit)
    if memo.coder:
        register_coder(conn, memo.coder, kind="person")
    add_memo(
        conn,
        memo.text,
        coder=memo.coder,
        doc=rowid,
        unit=memo.unit if rowid is not None else None,
        code=code,
        created=memo.created,
    )
