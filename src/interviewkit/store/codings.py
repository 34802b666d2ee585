"""Codings in the project: automatic suggestions, a person's tags, reviews and memos.

The rule that runs through this module: an automatic run replaces only its
own suggestions that nobody has touched. A person's codings, reviewed
suggestions and suggestions someone wrote a memo on are never overwritten or
deleted by it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from interviewkit.errors import DataError, UsageError
from interviewkit.models import AUTO, STATUSES, Coding
from interviewkit.store.lookup import (
    check_code,
    code_ids,
    doc_rowid,
    now,
    register_coder,
    unit_span,
)
from interviewkit.store.reports import AutoReport

_Key = tuple[int, str]  # (unit, code)


def store_auto(
    conn: sqlite3.Connection,
    codings: Iterable[Coding],
    *,
    coder: str,
    doc_ids: Iterable[str] | None,
    units: Iterable[tuple[str, int]] | None = None,
) -> AutoReport:
    """Store suggestions of ``coder``; the caller holds the transaction.

    ``units``: the ``(doc_id, unit index)`` pairs the run inspected. Only
    there are suggestions it no longer makes withdrawn; a run over some
    speakers or some transcripts leaves the others' suggestions alone.
    ``None`` means the run inspected every unit of its transcripts.
    """
    if not coder.strip():
        raise UsageError("the coder needs a name", hint="The automatic coder is called 'auto'.")
    kind = conn.execute("SELECT kind FROM coders WHERE name = ?", (coder,)).fetchone()
    if kind is not None and kind[0] == "person":
        raise UsageError(
            f"{coder!r} is a person coding in this project; automatic suggestions are not "
            "stored under a person's name",
            hint="Give the automatic coder its own name (--coder), e.g. 'auto'.",
        )
    by_doc: dict[str, dict[_Key, Coding]] = {}
    if doc_ids is not None:
        for doc_id in doc_ids:
            by_doc.setdefault(doc_id, {})
    inspected: dict[str, set[int]] | None = None
    if units is not None:
        inspected = {}
        for doc_id, unit_index in units:
            inspected.setdefault(doc_id, set()).add(unit_index)
            by_doc.setdefault(doc_id, {})
    valid_codes = set(code_ids(conn, retired=False))
    for coding in codings:
        if coding.code not in valid_codes:
            check_code(conn, coding.code)  # raises, naming the valid codes
        if coding.unit_index is None:
            raise DataError(
                f"a suggestion for {coding.doc_id} ({coding.code}) names no unit",
                hint="Automatic codings are attached to units; this is a bug in the coder.",
            )
        by_doc.setdefault(coding.doc_id, {}).setdefault((coding.unit_index, coding.code), coding)
    register_coder(conn, coder, kind="auto")
    added = replaced = kept_reviewed = removed = kept_memo = 0
    stamp = now()
    next_id = int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM codings").fetchone()[0]) + 1
    for doc_id, new in by_doc.items():
        rowid = doc_rowid(conn, doc_id)
        spans = {
            idx: (start, end)
            for idx, start, end in conn.execute(
                "SELECT idx, start, end FROM units WHERE doc = ?", (rowid,)
            )
        }
        old = {
            (unit, code): (cid, status, memo)
            for cid, unit, code, status, memo in conn.execute(
                "SELECT id, unit, code, status, memo FROM codings "
                "WHERE doc = ? AND coder = ? AND origin = 'auto'",
                (rowid, coder),
            )
        }
        inserts: list[tuple[object, ...]] = []
        refresh: list[tuple[int, int, int]] = []
        evidence: list[tuple[object, ...]] = []
        for key, coding in new.items():
            if key[0] not in spans:
                unit_span(conn, rowid, doc_id, key[0])  # raises, giving the valid range
            unit_start, unit_end = spans[key[0]]
            if not unit_start <= coding.start <= coding.end <= unit_end:
                raise DataError(
                    f"a suggestion of {coding.code!r} ({coding.start}–{coding.end}) lies "
                    f"outside unit {key[0]} of {doc_id} ({unit_start}–{unit_end})",
                    hint="The transcript changed since it was coded: run autocode again.",
                )
            previous = old.get(key)
            if previous is not None and previous[1] != "suggested":
                kept_reviewed += 1
                continue
            if previous is not None:
                coding_id = previous[0]
                refresh.append((coding.start, coding.end, coding_id))
                replaced += 1
            else:
                coding_id = next_id
                next_id += 1
                inserts.append(
                    (coding_id, rowid, key[0], coding.start, coding.end, coding.code, coder, stamp)
                )
                added += 1
            evidence.extend((coding_id, e.rule, e.matched, e.start, e.end) for e in coding.evidence)
        # Withdraw only what this run looked at: a unit it did not inspect
        # (another speaker, another transcript) keeps its suggestions.
        looked = None if inspected is None else inspected.get(doc_id, set())
        gone = [
            (cid, memo)
            for key, (cid, status, memo) in old.items()
            if status == "suggested" and key not in new and (looked is None or key[0] in looked)
        ]
        stale = [(cid,) for cid, memo in gone if not memo]
        kept_memo += sum(1 for _, memo in gone if memo)
        removed += len(stale)
        conn.executemany("DELETE FROM codings WHERE id = ?", stale)
        conn.executemany("DELETE FROM evidence WHERE coding = ?", [(r[2],) for r in refresh])
        conn.executemany("UPDATE codings SET start = ?, end = ? WHERE id = ?", refresh)
        conn.executemany(
            "INSERT INTO codings (id, doc, unit, start, end, code, coder, origin, status, "
            "created) VALUES (?, ?, ?, ?, ?, ?, ?, 'auto', 'suggested', ?)",
            inserts,
        )
        conn.executemany(
            "INSERT INTO evidence (coding, rule, matched, start, end) VALUES (?, ?, ?, ?, ?)",
            evidence,
        )
    return AutoReport(added, replaced, kept_reviewed, removed, kept_memo, len(by_doc))


def tag(
    conn: sqlite3.Connection,
    doc_id: str,
    unit_index: int,
    code: str,
    *,
    coder: str,
    start: int | None,
    end: int | None,
    memo: str | None,
) -> Coding:
    """A person's coding of (part of) a unit; the same tag twice is stored once."""
    _person(coder, "tag")
    rowid = doc_rowid(conn, doc_id)
    unit_start, unit_end = unit_span(conn, rowid, doc_id, unit_index)
    code = check_code(conn, code)
    start = unit_start if start is None else start
    end = unit_end if end is None else end
    if not unit_start <= start < end <= unit_end:
        raise DataError(
            f"the span {start}–{end} does not lie inside unit {unit_index} of {doc_id} "
            f"({unit_start}–{unit_end})",
            hint="Leave out start and end to code the whole unit.",
        )
    register_coder(conn, coder, kind="person")
    row = conn.execute(
        "SELECT id, memo, created FROM codings WHERE doc = ? AND unit = ? AND code = ? "
        "AND coder = ? AND origin = 'manual' AND start = ? AND end = ?",
        (rowid, unit_index, code, coder, start, end),
    ).fetchone()
    if row is None:
        created = now()
        conn.execute(
            "INSERT INTO codings (doc, unit, start, end, code, coder, origin, status, memo, "
            "created) VALUES (?, ?, ?, ?, ?, ?, 'manual', 'accepted', ?, ?)",
            (rowid, unit_index, start, end, code, coder, memo, created),
        )
    else:
        created = row[2]
        if memo:
            memo = _joined(row[1], memo)
            conn.execute("UPDATE codings SET memo = ? WHERE id = ?", (memo, row[0]))
        else:
            memo = row[1]
    return Coding(
        doc_id,
        start,
        end,
        code,
        coder=coder,
        origin="manual",
        status="accepted",
        unit_index=unit_index,
        memo=memo,
        created=created,
    )


def untag(conn: sqlite3.Connection, doc_id: str, unit_index: int, code: str, *, coder: str) -> int:
    """Remove a person's codings of ``code`` on a unit; the number removed."""
    if coder == AUTO:
        raise UsageError(
            "automatic suggestions are not untagged but rejected",
            hint=f"Use 'interviewkit reject {doc_id} {unit_index} {code} --coder YOUR_NAME'.",
        )
    rowid = doc_rowid(conn, doc_id)
    unit_span(conn, rowid, doc_id, unit_index)
    code = check_code(conn, code, allow_retired=True)
    return conn.execute(
        "DELETE FROM codings WHERE doc = ? AND unit = ? AND code = ? AND coder = ? "
        "AND origin = 'manual'",
        (rowid, unit_index, code, coder),
    ).rowcount


def review(
    conn: sqlite3.Connection,
    doc_id: str,
    unit_index: int,
    code: str | None,
    *,
    status: str,
    reviewer: str,
    coder: str,
) -> int:
    """Accept or reject ``coder``'s suggestions on a unit (of one code, or all: ``None``)."""
    if status not in STATUSES:
        raise UsageError(f"{status!r} is not a status; use one of: {', '.join(STATUSES)}")
    _person(reviewer, "review")
    rowid = doc_rowid(conn, doc_id)
    unit_span(conn, rowid, doc_id, unit_index)
    where = "doc = ? AND unit = ? AND coder = ? AND origin = 'auto'"
    params: list[object] = [rowid, unit_index, coder]
    if code is not None:
        code = check_code(conn, code, allow_retired=True)
        found = conn.execute(
            f"SELECT 1 FROM codings WHERE {where} AND code = ?", (*params, code)
        ).fetchone()
        if found is None:
            there = [
                r[0]
                for r in conn.execute(
                    f"SELECT code FROM codings WHERE {where} ORDER BY code", params
                )
            ]
            raise DataError(
                f"{coder} suggested no {code!r} on unit {unit_index} of {doc_id}"
                + (
                    f"; its suggestions there: {', '.join(there)}"
                    if there
                    else "; it suggested nothing there"
                ),
                hint="To code it yourself, use 'interviewkit tag'.",
            )
        where += " AND code = ?"
        params.append(code)
    register_coder(conn, reviewer, kind="person")
    reviewed_by = None if status == "suggested" else reviewer
    reviewed_at = None if status == "suggested" else now()
    return conn.execute(
        f"UPDATE codings SET status = ?, reviewer = ?, reviewed = ? WHERE {where}",
        (status, reviewed_by, reviewed_at, *params),
    ).rowcount


def memo(
    conn: sqlite3.Connection,
    text: str,
    *,
    coder: str,
    doc_id: str | None,
    code: str | None,
    unit_index: int | None,
) -> None:
    """A memo on a transcript, a code, both, or a coding (transcript, unit and code)."""
    if not text.strip():
        raise UsageError("the memo is empty", hint="Write the memo's text.")
    if doc_id is None and code is None:
        raise UsageError(
            "a memo is written on a transcript, a code or a coding",
            hint="Name the transcript (--doc), the code (--code), or all three of --doc, "
            "--unit and --code for a coding.",
        )
    if unit_index is not None and (doc_id is None or code is None):
        raise UsageError(
            "a memo on a unit is a memo on a coding: name the transcript and the code too",
            hint="Add --doc and --code.",
        )
    _person(coder, "write memos")
    register_coder(conn, coder, kind="person")
    rowid = doc_rowid(conn, doc_id) if doc_id is not None else None
    if code is not None:
        code = check_code(conn, code, allow_retired=True)
    if unit_index is None:
        conn.execute(
            "INSERT INTO memos (doc, code, coder, text, created) VALUES (?, ?, ?, ?, ?)",
            (rowid, code, coder, text, now()),
        )
        return
    assert rowid is not None and doc_id is not None
    unit_span(conn, rowid, doc_id, unit_index)
    place = "doc = ? AND unit = ? AND code = ?"
    rows = conn.execute(
        f"SELECT id, coder, origin, memo FROM codings WHERE {place} ORDER BY id",
        (rowid, unit_index, code),
    ).fetchall()
    chosen = [r for r in rows if r[1] == coder] or [r for r in rows if r[2] == "auto"]
    if not chosen:
        coders = sorted({r[1] for r in rows})
        raise DataError(
            f"there is no coding of {code!r} on unit {unit_index} of {doc_id} by {coder} "
            "or by the automatic coder" + (f" (only by {', '.join(coders)})" if coders else ""),
            hint="Tag the unit first (interviewkit tag), or write the memo on the transcript.",
        )
    conn.executemany(
        "UPDATE codings SET memo = ? WHERE id = ?",
        [(_joined(r[3], text), r[0]) for r in chosen],
    )


def _joined(old: str | None, new: str) -> str:
    """Memos add up: a new one never replaces what someone wrote before."""
    if not old or old == new:
        return new
    return f"{old}\n{new}"


def _person(name: str, action: str) -> None:
    if not name.strip():
        raise UsageError(f"to {action}, give your name as the coder", hint="Add --coder YOUR_NAME.")
    if name == AUTO:
        raise UsageError(
            f"'{AUTO}' is the name of the automatic coder; people {action} under their own name",
            hint="Add --coder YOUR_NAME.",
        )
