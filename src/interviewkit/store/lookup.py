"""Finding documents, units, codes and coders by name, with messages that say what exists."""

from __future__ import annotations

import difflib
import hashlib
import sqlite3
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from typing import Any

from interviewkit.errors import DataError, UsageError
from interviewkit.models import AUTO

#: How many valid choices a message lists before it only names the closest.
SHOWN_CHOICES = 12


def now() -> str:
    """The current time, as stored in the project (UTC, ISO 8601, seconds)."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def unknown(what: str, name: str, choices: Sequence[str], *, hint: str | None = None) -> DataError:
    """A :class:`DataError` for a name that does not exist, naming what would be valid."""
    if not choices:
        return DataError(f"there is no {what} {name!r}: the project has none yet", hint=hint)
    close = difflib.get_close_matches(name, list(choices), n=3, cutoff=0.5)
    if len(choices) <= SHOWN_CHOICES:
        listed = f"use one of: {', '.join(choices)}"
        if close and close[0] != name:
            listed = f"did you mean {close[0]!r}? ({listed})"
    elif close:
        listed = f"did you mean {' or '.join(repr(c) for c in close)}?"
    else:
        listed = f"there are {len(choices)}, e.g. {', '.join(choices[:5])}"
    return DataError(f"there is no {what} {name!r}; {listed}", hint=hint)


def doc_rowid(conn: sqlite3.Connection, doc_id: str) -> int:
    """The row id of a transcript, or a :class:`DataError` naming the valid ids."""
    row = find_doc(conn, doc_id, "id")
    if row is None:
        raise unknown(
            "transcript",
            doc_id,
            all_doc_ids(conn),
            hint="List the transcripts with 'interviewkit status' or add this one with "
            "'interviewkit add'.",
        )
    return int(row[0])


def find_doc(conn: sqlite3.Connection, doc_id: str, columns: str) -> tuple[Any, ...] | None:
    """The ``columns`` of the transcript stored under ``doc_id`` as written, else in the
    other Unicode form ('Düsseldorf' typed, 'Du\u0308sseldorf' from a Mac's file name in a
    project made before ids were stored composed, or back), or None."""
    forms = [doc_id, *(unicodedata.normalize(form, doc_id) for form in ("NFC", "NFD"))]
    for form in dict.fromkeys(forms):
        row = conn.execute(f"SELECT {columns} FROM documents WHERE doc_id = ?", (form,)).fetchone()
        if row is not None:
            return tuple(row)
    return None


def doc_rowids(conn: sqlite3.Connection, doc_ids: Iterable[str] | None) -> list[tuple[int, str]]:
    """``(row id, doc id)`` of the named transcripts, or of all, in document order."""
    if doc_ids is None:
        return [
            (int(r[0]), r[1])
            for r in conn.execute("SELECT id, doc_id FROM documents ORDER BY doc_id")
        ]
    rowids = [doc_rowid(conn, d) for d in dict.fromkeys(doc_ids)]
    return [(r, _stored_id(conn, r)) for r in dict.fromkeys(rowids)]


def _stored_id(conn: sqlite3.Connection, rowid: int) -> str:
    """The id a transcript is stored under (the one named may be in another Unicode form)."""
    return str(conn.execute("SELECT doc_id FROM documents WHERE id = ?", (rowid,)).fetchone()[0])


def all_doc_ids(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT doc_id FROM documents ORDER BY doc_id")]


def unit_span(conn: sqlite3.Connection, doc: int, doc_id: str, index: int) -> tuple[int, int]:
    """``(start, end)`` of a unit, or a :class:`DataError` giving the valid range."""
    # A number beyond SQLite's integers (10**23, a typing slip) is no unit either.
    row = (
        conn.execute(
            "SELECT start, end FROM units WHERE doc = ? AND idx = ?", (doc, index)
        ).fetchone()
        if fits_integer(index)
        else None
    )
    if row is None:
        low, high = conn.execute(
            "SELECT MIN(idx), MAX(idx) FROM units WHERE doc = ?", (doc,)
        ).fetchone()
        valid = f"its units are {low} to {high}" if low is not None else "it has no units"
        raise DataError(
            f"{doc_id} has no unit {index}; {valid}",
            hint=f"See the units with 'interviewkit segments --doc {doc_id}' or in the "
            "transcript listing ('interviewkit transcripts FILE --units').",
        )
    return int(row[0]), int(row[1])


def fits_integer(value: int) -> bool:
    """Whether SQLite can take ``value`` as an integer (64 bits, signed)."""
    return -(2**63) <= value < 2**63


def code_ids(conn: sqlite3.Connection, *, retired: bool = True) -> list[str]:
    sql = "SELECT code_id FROM codes" + ("" if retired else " WHERE retired = 0")
    return [r[0] for r in conn.execute(sql + " ORDER BY position, code_id")]


def check_code(conn: sqlite3.Connection, code: str, *, allow_retired: bool = False) -> str:
    """``code`` if the codebook has it (by id, or by name); a :class:`DataError` otherwise."""
    row = conn.execute("SELECT code_id, retired FROM codes WHERE code_id = ?", (code,)).fetchone()
    if row is None:
        row = conn.execute(
            "SELECT code_id, retired FROM codes WHERE lower(name) = lower(?)", (code,)
        ).fetchone()
    if row is None:
        hint = (
            "Load a codebook with 'interviewkit codebook load FILE'."
            if not code_ids(conn)
            else "See the codes with 'interviewkit status' or 'interviewkit codebook show'."
        )
        raise unknown("code", code, code_ids(conn, retired=False), hint=hint)
    if row[1] and not allow_retired:
        raise DataError(
            f"the code {row[0]!r} is retired: the current codebook no longer has it",
            hint="Add it back to the codebook file and load it again, or use another code.",
        )
    return str(row[0])


def descendants(conn: sqlite3.Connection, code: str) -> list[str]:
    """``code`` and every code below it, retired ones included."""
    children: dict[str | None, list[str]] = {}
    for code_id, parent in conn.execute("SELECT code_id, parent FROM codes"):
        children.setdefault(parent, []).append(code_id)
    out, stack = [], [code]
    while stack:
        current = stack.pop()
        if current in out:
            continue
        out.append(current)
        stack.extend(children.get(current, ()))
    return out


def all_coders(conn: sqlite3.Connection) -> list[str]:
    """Every coder known to the project: the automatic coder(s) first, then people."""
    rows = conn.execute("SELECT name, kind FROM coders").fetchall()
    kinds = {name: kind for name, kind in rows}
    for (name,) in conn.execute("SELECT DISTINCT coder FROM codings"):
        kinds.setdefault(name, "person")
    return sorted(kinds, key=lambda name: (kinds[name] != "auto", name.lower(), name))


def check_coder(conn: sqlite3.Connection, coder: str) -> str:
    coders = all_coders(conn)
    if coder not in coders:
        raise unknown("coder", coder, coders)
    return coder


#: Words that say which coding an analysis counts (``--coder accepted``): no coder's name.
RESERVED_CODERS = ("all", "accepted", "unreviewed")


def register_coder(conn: sqlite3.Connection, coder: str, *, kind: str) -> None:
    if coder.lower() in RESERVED_CODERS:
        raise UsageError(
            f"'{coder}' cannot be a coder's name: it says which coding an analysis counts "
            "(--coder all, accepted, unreviewed)",
            hint="Choose another name, e.g. your first name.",
        )
    conn.execute(
        "INSERT OR IGNORE INTO coders (name, kind, added) VALUES (?, ?, ?)", (coder, kind, now())
    )


def person(name: str, action: str) -> None:
    """A usage error unless ``name`` can be a person's name for ``action``."""
    if not name.strip():
        raise UsageError(f"to {action}, give your name as the coder", hint="Add --coder YOUR_NAME.")
    if name == AUTO:
        raise UsageError(
            f"'{AUTO}' is the name of the automatic coder; people {action} under their own name",
            hint="Add --coder YOUR_NAME.",
        )
