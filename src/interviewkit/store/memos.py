"""Memos: on the project, a transcript, a unit, a code, or a coding, each with its author.

Memos add up: a new one never replaces what someone wrote before, and the
same memo by the same coder on the same place is stored once.
"""

from __future__ import annotations

import sqlite3

from interviewkit.errors import DataError, UsageError
from interviewkit.store.lookup import (
    check_code,
    doc_rowid,
    now,
    person,
    register_coder,
    unit_span,
)


def memo(
    conn: sqlite3.Connection,
    text: str,
    *,
    coder: str,
    doc_id: str | None,
    code: str | None,
    unit_index: int | None,
) -> None:
    """A memo on the project, a transcript, a unit, a code, or a coding (unit and code)."""
    if not text.strip():
        raise UsageError("the memo is empty", hint="Write the memo's text.")
    if unit_index is not None and doc_id is None:
        raise UsageError(
            "a memo on a unit names its transcript too",
            hint="Add --doc with the transcript's id.",
        )
    person(coder, "write memos")
    register_coder(conn, coder, kind="person")
    rowid = doc_rowid(conn, doc_id) if doc_id is not None else None
    if code is not None:
        code = check_code(conn, code, allow_retired=True)
    if unit_index is None or code is None:
        if rowid is not None and unit_index is not None:
            assert doc_id is not None
            unit_span(conn, rowid, doc_id, unit_index)
        add_memo(conn, text, coder=coder, doc=rowid, unit=unit_index, code=code)
        return
    assert rowid is not None and doc_id is not None
    unit_span(conn, rowid, doc_id, unit_index)
    rows = conn.execute(
        "SELECT id, coder, origin FROM codings WHERE doc = ? AND unit = ? AND code = ? "
        "AND status != 'rejected' ORDER BY id",
        (rowid, unit_index, code),
    ).fetchall()
    chosen = [r for r in rows if r[1] == coder] or [r for r in rows if r[2] == "auto"]
    if not chosen:
        coders = sorted({r[1] for r in rows})
        raise DataError(
            f"there is no coding of {code!r} on unit {unit_index} of {doc_id} by {coder} "
            "or by the automatic coder" + (f" (only by {', '.join(coders)})" if coders else ""),
            hint="Tag the unit first (interviewkit tag), or write the memo on the unit "
            "(--doc and --unit without --code).",
        )
    add_memo(conn, text, coder=coder, doc=rowid, unit=unit_index, code=code, coding=chosen[0][0])


def add_memo(
    conn: sqlite3.Connection,
    text: str,
    *,
    coder: str,
    doc: int | None = None,
    unit: int | None = None,
    code: str | None = None,
    coding: int | None = None,
    created: str | None = None,
) -> int:
    """Store one memo (the place is checked by the caller); its id. The same memo by the same
    coder on the same place is stored once: memos add up, they never replace each other."""
    found = conn.execute(
        "SELECT id FROM memos WHERE doc IS ? AND unit IS ? AND code IS ? AND coding IS ? "
        "AND coder = ? AND text = ?",
        (doc, unit, code, coding, coder, text),
    ).fetchone()
    if found is not None:
        return int(found[0])
    cursor = conn.execute(
        "INSERT INTO memos (doc, unit, code, coding, coder, text, created) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (doc, unit, code, coding, coder, text, created or now()),
    )
    return int(cursor.lastrowid or 0)


def coding_memo(conn: sqlite3.Connection, coding: int) -> str | None:
    """The memos on one coding, as one text (oldest first), or ``None``."""
    texts = [
        r[0] for r in conn.execute("SELECT text FROM memos WHERE coding = ? ORDER BY id", (coding,))
    ]
    return "\n".join(texts) if texts else None
