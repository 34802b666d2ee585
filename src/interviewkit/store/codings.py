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
    person,
    register_coder,
    unit_span,
)
from interviewkit.store.memos import add_memo, coding_memo
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
                "SELECT c.id, c.unit, c.code, c.status, "
                "EXISTS (SELECT 1 FROM memos m WHERE m.coding = c.id) FROM codings c "
                # "+c.coder": look the document up by its own index. SQLite would
                # otherwise pick the index on coder and read every suggestion of the
                # project for each document (quadratic: 430 s for 50,000 documents).
                "WHERE c.doc = ? AND +c.coder = ? AND c.origin = 'auto'",
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
    """A person's coding of (part of) a unit; the same tag twice is stored once.

    For the final coding (a coder of kind ``consensus``), tagging also takes
    back a decision that the code is absent from the unit (see :func:`untag`).
    """
    person(coder, "tag")
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
    conn.execute(
        "DELETE FROM codings WHERE doc = ? AND unit = ? AND code = ? AND coder = ? "
        "AND origin = 'manual' AND status = 'rejected'",
        (rowid, unit_index, code, coder),
    )
    row = conn.execute(
        "SELECT id, created FROM codings WHERE doc = ? AND unit = ? AND code = ? "
        "AND coder = ? AND origin = 'manual' AND start = ? AND end = ?",
        (rowid, unit_index, code, coder, start, end),
    ).fetchone()
    if row is None:
        created = now()
        coding_id = conn.execute(
            "INSERT INTO codings (doc, unit, start, end, code, coder, origin, status, "
            "created) VALUES (?, ?, ?, ?, ?, ?, 'manual', 'accepted', ?)",
            (rowid, unit_index, start, end, code, coder, created),
        ).lastrowid
    else:
        coding_id, created = row
    if memo and memo.strip():
        add_memo(conn, memo, coder=coder, doc=rowid, unit=unit_index, code=code, coding=coding_id)
    return Coding(
        doc_id,
        start,
        end,
        code,
        coder=coder,
        origin="manual",
        status="accepted",
        unit_index=unit_index,
        memo=coding_memo(conn, int(coding_id or 0)),
        created=created,
    )


def untag(conn: sqlite3.Connection, doc_id: str, unit_index: int, code: str, *, coder: str) -> int:
    """Remove a person's codings of ``code`` on a unit; the number removed.

    For the final coding (a coder of kind ``consensus``) untagging is a
    decision too: the code is absent from the unit. It is kept as a rejected
    coding of the final coder, so that a disagreement it settles stays settled.
    """
    if coder == AUTO:
        raise UsageError(
            "automatic suggestions are not untagged but rejected",
            hint=f"Use 'interviewkit reject {doc_id} {unit_index} {code} --coder YOUR_NAME'.",
        )
    rowid = doc_rowid(conn, doc_id)
    unit_start, unit_end = unit_span(conn, rowid, doc_id, unit_index)
    code = check_code(conn, code, allow_retired=True)
    removed = conn.execute(
        "DELETE FROM codings WHERE doc = ? AND unit = ? AND code = ? AND coder = ? "
        "AND origin = 'manual' AND status != 'rejected'",
        (rowid, unit_index, code, coder),
    ).rowcount
    if coder_kind(conn, coder) == "consensus":
        marked = conn.execute(
            "SELECT 1 FROM codings WHERE doc = ? AND unit = ? AND code = ? AND coder = ? "
            "AND origin = 'manual' AND status = 'rejected'",
            (rowid, unit_index, code, coder),
        ).fetchone()
        if marked is None:
            conn.execute(
                "INSERT INTO codings (doc, unit, start, end, code, coder, origin, status, "
                "created) VALUES (?, ?, ?, ?, ?, ?, 'manual', 'rejected', ?)",
                (rowid, unit_index, unit_start, unit_end, code, coder, now()),
            )
        return max(removed, 1)
    return removed


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
    person(reviewer, "review")
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
    ids = [r[0] for r in conn.execute(f"SELECT id FROM codings WHERE {where}", params)]
    decide(conn, ids, coder=reviewer, verdict=status)
    return len(ids)


def decide(conn: sqlite3.Connection, coding_ids: list[int], *, coder: str, verdict: str) -> None:
    """Record ``coder``'s decision on suggestions (``suggested``: take it back).

    Each coder's decision is a record of its own; another coder's decision on
    the same suggestion is never touched. The suggestion's status becomes
    what the coders decided together (:func:`settle`).
    """
    if verdict == "suggested":
        conn.executemany(
            "DELETE FROM decisions WHERE coding = ? AND coder = ?", [(i, coder) for i in coding_ids]
        )
    else:
        stamp = now()
        conn.executemany(
            "INSERT INTO decisions (coding, coder, verdict, decided) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (coding, coder) DO UPDATE SET verdict = excluded.verdict, "
            "decided = excluded.decided WHERE verdict != excluded.verdict",
            [(i, coder, verdict, stamp) for i in coding_ids],
        )
    settle(conn, coding_ids)


def settle(conn: sqlite3.Connection, coding_ids: list[int]) -> None:
    """Set each suggestion's status from its decisions: accepted when someone accepted it,
    rejected when everyone who decided rejected it, suggested when nobody decided."""
    conn.executemany(
        "UPDATE codings SET status = CASE "
        "WHEN EXISTS (SELECT 1 FROM decisions d WHERE d.coding = codings.id "
        "  AND d.verdict = 'accepted') THEN 'accepted' "
        "WHEN EXISTS (SELECT 1 FROM decisions d WHERE d.coding = codings.id) THEN 'rejected' "
        "ELSE 'suggested' END WHERE id = ? AND origin = 'auto'",
        [(i,) for i in coding_ids],
    )


def write_final(
    conn: sqlite3.Connection,
    coder: str,
    rows: Iterable[tuple[str, int, str, int | None, int | None]],
) -> tuple[int, int]:
    """Codings of the final coding ``coder`` (kind ``consensus``): (added, there already).

    ``rows``: (doc_id, unit, code, start, end); no span means the whole unit.
    Where the final coding says something already (a coding of the code on
    the unit, or that it is absent), it is left as it is.
    """
    kind = coder_kind(conn, coder)
    if kind not in (None, "consensus"):
        raise UsageError(
            f"'{coder}' is a {kind} coder in this project, not a final coding",
            hint="Give the final coding another name with --as.",
        )
    person(coder, "write a final coding")
    register_coder(conn, coder, kind="consensus")
    added = present = 0
    stamp = now()
    for doc_id, unit_index, code, start, end in rows:
        rowid = doc_rowid(conn, doc_id)
        unit_start, unit_end = unit_span(conn, rowid, doc_id, unit_index)
        there = conn.execute(
            "SELECT 1 FROM codings WHERE doc = ? AND unit = ? AND code = ? AND coder = ?",
            (rowid, unit_index, code, coder),
        ).fetchone()
        if there is not None:
            present += 1
            continue
        conn.execute(
            "INSERT INTO codings (doc, unit, start, end, code, coder, origin, status, created) "
            "VALUES (?, ?, ?, ?, ?, ?, 'manual', 'accepted', ?)",
            (
                rowid,
                unit_index,
                unit_start if start is None else start,
                unit_end if end is None else end,
                check_code(conn, code, allow_retired=True),
                coder,
                stamp,
            ),
        )
        added += 1
    return added, present


def coder_kind(conn: sqlite3.Connection, coder: str) -> str | None:
    """``auto``, ``person`` or ``consensus``; ``None`` for a name the project does not know."""
    row = conn.execute("SELECT kind FROM coders WHERE name = ?", (coder,)).fetchone()
    return None if row is None else str(row[0])
