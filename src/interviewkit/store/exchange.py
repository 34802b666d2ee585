"""Storing what a REFI-QDA import brings, in one transaction; remembering foreign GUIDs.

The REFI-QDA reader (``interviewkit.refi``) does the reading and the
deciding: which sources become transcripts, which codes are new and what id
they get, which unit each coding belongs to. This module only stores the
result, all of it or nothing, and keeps the GUIDs the other tool used, so
that a later export gives that tool back its own GUIDs.

An imported coding keeps its exact span, even when it runs past the end of
the unit it starts in (QDA tools code any stretch of text, not units); it is
stored with the unit where it starts.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from interviewkit.codebook.model import Codebook
from interviewkit.errors import DataError
from interviewkit.models import Transcript
from interviewkit.store.codebooks import store_codebook
from interviewkit.store.documents import add_transcripts
from interviewkit.store.lookup import check_code, doc_rowid, now, register_coder, unit_span
from interviewkit.store.memos import add_memo

#: Kinds of things whose foreign GUID is kept.
GUID_KINDS: tuple[str, ...] = ("code", "source", "user")


@dataclass(frozen=True)
class ExchangeCoding:
    """One imported coding, already placed on the unit where it starts."""

    doc_id: str
    unit_index: int
    start: int
    end: int
    code: str
    coder: str
    origin: str = "manual"
    memo: str | None = None
    created: str | None = None


@dataclass(frozen=True)
class ExchangeMemo:
    """One imported memo: on a transcript, a code, or both."""

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


@dataclass(frozen=True)
class ExchangeStored:
    """What storing a bundle did."""

    documents_added: list[str] = field(default_factory=list)
    codes_added: list[str] = field(default_factory=list)
    codings_added: int = 0
    codings_present: int = 0
    memos_added: int = 0
    coders: list[str] = field(default_factory=list)


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
    added, present = _codings(conn, bundle.codings)
    memos = _memos(conn, bundle.memos)
    for kind, _local, _guid in bundle.guids:
        if kind not in GUID_KINDS:
            raise ValueError(f"unknown GUID kind {kind!r}")
    conn.executemany(
        "INSERT OR REPLACE INTO exchange_guids (kind, local, guid) VALUES (?, ?, ?)",
        bundle.guids,
    )
    return ExchangeStored(report.added, codes_added, added, present, memos, list(coders))


def _codings(conn: sqlite3.Connection, codings: tuple[ExchangeCoding, ...]) -> tuple[int, int]:
    rowids: dict[str, int] = {}
    lengths: dict[str, int] = {}
    codes: dict[str, str] = {}
    rows: list[tuple[Any, ...]] = []
    memos: list[str | None] = []
    seen: set[tuple[object, ...]] = set()
    present = 0
    stamp = now()
    for coding in codings:
        if coding.doc_id not in rowids:
            rowids[coding.doc_id] = doc_rowid(conn, coding.doc_id)
            lengths[coding.doc_id] = conn.execute(
                "SELECT length(text) FROM documents WHERE id = ?", (rowids[coding.doc_id],)
            ).fetchone()[0]
        rowid = rowids[coding.doc_id]
        unit_span(conn, rowid, coding.doc_id, coding.unit_index)
        if not 0 <= coding.start <= coding.end <= lengths[coding.doc_id]:
            raise DataError(
                f"a coding of {coding.code!r} ({coding.start}–{coding.end}) lies outside the "
                f"text of {coding.doc_id} ({lengths[coding.doc_id]} characters); "
                "nothing was imported"
            )
        if coding.code not in codes:
            codes[coding.code] = check_code(conn, coding.code, allow_retired=True)
        code = codes[coding.code]
        # One suggestion per unit and code; a person may code several spans of a unit.
        key: tuple[object, ...] = (rowid, coding.unit_index, code, coding.coder, coding.origin)
        if coding.origin == "manual":
            key += (coding.start, coding.end)
        if key in seen or _exists(conn, key):
            present += 1
            continue
        seen.add(key)
        status = "suggested" if coding.origin == "auto" else "accepted"
        rows.append(
            (
                rowid,
                coding.unit_index,
                coding.start,
                coding.end,
                code,
                coding.coder,
                coding.origin,
                status,
                coding.created or stamp,
            )
        )
        memos.append(coding.memo)
    for row, memo in zip(rows, memos, strict=True):
        coding_id = conn.execute(
            "INSERT INTO codings (doc, unit, start, end, code, coder, origin, status, created)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            row,
        ).lastrowid
        if memo:
            # The memo's author is not in the exchange: the coding's coder wrote it,
            # unless the coding is a suggestion.
            author = row[5] if row[6] == "manual" else ""
            add_memo(
                conn, memo, coder=author, doc=row[0], unit=row[1], code=row[4], coding=coding_id
            )
    return len(rows), present


def _exists(conn: sqlite3.Connection, key: tuple[object, ...]) -> bool:
    sql = (
        "SELECT 1 FROM codings WHERE doc = ? AND unit = ? AND code = ? AND coder = ? AND origin = ?"
    )
    if len(key) > 5:
        sql += " AND start = ? AND end = ?"
    return conn.execute(sql, key).fetchone() is not None


def _memos(conn: sqlite3.Connection, memos: tuple[ExchangeMemo, ...]) -> int:
    rows = []
    mine = set(conn.execute("SELECT doc, code, coder, text FROM memos"))
    for memo in memos:
        rowid = doc_rowid(conn, memo.doc_id) if memo.doc_id is not None else None
        code = check_code(conn, memo.code, allow_retired=True) if memo.code else None
        if rowid is None and code is None:
            raise DataError("a memo names neither a transcript nor a code")
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


def read_guids(conn: sqlite3.Connection) -> dict[str, dict[str, str]]:
    """``{kind: {local name: guid}}`` of the GUIDs kept from earlier imports."""
    out: dict[str, dict[str, str]] = {kind: {} for kind in GUID_KINDS}
    for kind, local, guid in conn.execute("SELECT kind, local, guid FROM exchange_guids"):
        out.setdefault(kind, {})[local] = guid
    return out
