"""Codings made elsewhere (another tool, a gold standard), stored as one person's manual codings.

Every row is checked before anything is written; the first bad row raises a
:class:`~interviewkit.errors.DataError` that names the row and what would have
been valid, and nothing is imported. The caller holds the transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from interviewkit.errors import DataError, InterviewkitError, UsageError
from interviewkit.store.lookup import (
    check_code,
    doc_rowid,
    fits_integer,
    now,
    register_coder,
    unit_span,
)


@dataclass(frozen=True)
class ImportRow:
    """One coding to import: a whole unit (``unit``) or a span (``start``/``end``).

    ``row`` is where it came from (the spreadsheet row), for messages.
    """

    row: int
    doc_id: str
    code: str
    unit: int | None = None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class ImportReport:
    """What an import did."""

    coder: str
    added: int
    already: int
    replaced: int
    documents: int


def import_codings(
    conn: sqlite3.Connection, rows: Sequence[ImportRow], *, coder: str, replace: bool
) -> ImportReport:
    """Store ``rows`` as ``coder``'s manual, accepted codings (all, or none).

    With ``replace``, the coder's earlier manual codings in the documents the
    rows name are removed first, so that a corrected file replaces the old one.
    """
    if not coder.strip():
        raise UsageError("the imported codings need a coder name", hint="Add --coder NAME.")
    kind = conn.execute("SELECT kind FROM coders WHERE name = ?", (coder,)).fetchone()
    if coder == "auto" or (kind is not None and kind[0] == "auto"):
        raise UsageError(
            f"'{coder}' is the name of an automatic coder; imported codings belong to a person",
            hint="Choose another name with --coder, e.g. --coder gold.",
        )
    if not rows:
        raise DataError(
            "there is no coding to import (the sheet has no rows)",
            hint="Check that the file has a header row and one row per coding.",
        )
    prepared: list[tuple[int, int, int, int, str]] = []
    doc_rows: dict[str, int] = {}
    for item in rows:
        try:
            prepared.append(_checked(conn, item, doc_rows))
        except InterviewkitError as exc:
            raise DataError(
                f"row {item.row}: {exc.message}; nothing was imported", hint=exc.hint
            ) from None
    replaced = 0
    if replace:
        for rowid in set(doc_rows.values()):
            replaced += conn.execute(
                "DELETE FROM codings WHERE doc = ? AND coder = ? AND origin = 'manual'",
                (rowid, coder),
            ).rowcount
    register_coder(conn, coder, kind="person")
    stamp = now()
    added = 0
    distinct = list(dict.fromkeys(prepared))  # a row given twice is one coding
    for doc, unit, start, end, code in distinct:
        added += conn.execute(
            "INSERT OR IGNORE INTO codings (doc, unit, start, end, code, coder, origin, status, "
            "created) VALUES (?, ?, ?, ?, ?, ?, 'manual', 'accepted', ?)",
            (doc, unit, start, end, code, coder, stamp),
        ).rowcount
    return ImportReport(coder, added, len(distinct) - added, replaced, len(doc_rows))


def _checked(
    conn: sqlite3.Connection, item: ImportRow, doc_rows: dict[str, int]
) -> tuple[int, int, int, int, str]:
    """``(doc row id, unit, start, end, code id)`` of a row, or an error saying what is wrong."""
    if item.doc_id not in doc_rows:
        doc_rows[item.doc_id] = doc_rowid(conn, item.doc_id)
    rowid = doc_rows[item.doc_id]
    code = check_code(conn, item.code)
    if item.unit is not None:
        start, end = unit_span(conn, rowid, item.doc_id, item.unit)
        if item.start is not None and item.end is not None:
            if not start <= item.start < item.end <= end:
                raise DataError(
                    f"the span {item.start}–{item.end} does not lie inside unit {item.unit} "
                    f"of {item.doc_id} ({start}–{end})",
                    hint="Leave start and end empty to code the whole unit.",
                )
            return rowid, item.unit, item.start, item.end, code
        return rowid, item.unit, start, end, code
    if (
        item.start is None
        or item.end is None
        or not 0 <= item.start < item.end
        or not fits_integer(item.end)
    ):
        raise DataError(
            f"the span {item.start}–{item.end} is not a span (start must be below end)",
            hint="Give the unit's number, or start and end offsets into the transcript text.",
        )
    found = conn.execute(
        "SELECT idx FROM units WHERE doc = ? AND start <= ? AND ? <= end",
        (rowid, item.start, item.end),
    ).fetchone()
    if found is None:
        length = conn.execute(
            "SELECT length(text) FROM documents WHERE id = ?", (rowid,)
        ).fetchone()[0]
        raise DataError(
            f"the span {item.start}–{item.end} of {item.doc_id} does not lie inside one unit "
            f"(the text has {length} characters)",
            hint="A coding belongs to one unit: split spans that run across turns, or give "
            "the unit's number instead.",
        )
    return rowid, int(found[0]), item.start, item.end, code
