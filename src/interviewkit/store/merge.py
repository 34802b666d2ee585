"""Bringing another coder's project of the same study into this one.

Coders can work apart, each in their own copy of the project, and be
compared afterwards. Transcripts must agree: one id with two different texts
(or segmentations) is a conflict, and nothing is merged. What comes in: the
other project's transcripts and codes this one lacks, every coder's codings,
decisions (each coder's own; where the same coder decided differently, this
project's decision is kept) and evidence, memos, code groups (members
joined), codings over several units still linked as one, and the GUIDs other
QDA tools gave things (this project's win).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from interviewkit.errors import CodebookError, ProjectError
from interviewkit.store.codebooks import check_hierarchy, read_codebook, store_codebook
from interviewkit.store.codings import settle
from interviewkit.store.documents import add_transcripts, load_transcript
from interviewkit.store.lookup import register_coder
from interviewkit.store.reports import MergeReport

_CODE_COLUMNS = (
    "code_id, name, parent, description, include, exclude, examples, color, negation, "
    "keywords, near_misses, position"
)


def merge(ours: sqlite3.Connection, theirs: sqlite3.Connection, *, source: str) -> MergeReport:
    """Merge ``theirs`` into ``ours``; the caller holds the transaction on ``ours``."""
    documents_added = _documents(ours, theirs, source)
    try:
        codes_added = _codes(ours, theirs)
        check_hierarchy(ours, why="nothing was merged")
    except (CodebookError, ProjectError) as exc:
        raise ProjectError(f"{source} cannot be merged: {exc.message}", hint=exc.hint) from None
    coders = []
    for name, kind in theirs.execute("SELECT name, kind FROM coders ORDER BY name"):
        register_coder(ours, name, kind=kind)
        coders.append(name)
    added, taken, conflicts, mapped = _codings(ours, theirs)
    spans = _spans(ours, theirs, mapped, added)
    memos_added = _memos(ours, theirs, mapped)
    groups = _groups(ours, theirs)
    _guids(ours, theirs)
    return MergeReport(
        source,
        documents_added,
        codes_added,
        len(added),
        taken,
        conflicts,
        memos_added,
        coders,
        groups,
        spans,
    )


def _documents(ours: sqlite3.Connection, theirs: sqlite3.Connection, source: str) -> list[str]:
    mine = {
        doc_id: digest for doc_id, digest in ours.execute("SELECT doc_id, text_hash FROM documents")
    }
    new: list[str] = []
    conflicts: list[str] = []
    for doc_id, digest in theirs.execute(
        "SELECT doc_id, text_hash FROM documents ORDER BY doc_id"
    ).fetchall():
        if doc_id not in mine:
            new.append(doc_id)
        elif mine[doc_id] != digest:
            conflicts.append(f"{doc_id} (different text)")
        elif _units(ours, doc_id) != _units(theirs, doc_id):
            conflicts.append(f"{doc_id} (cut into units differently)")
    if conflicts:
        shown = ", ".join(conflicts[:5]) + (
            f" and {len(conflicts) - 5} more" if len(conflicts) > 5 else ""
        )
        raise ProjectError(
            f"{source} cannot be merged: its transcripts differ from this project's under "
            f"the same id: {shown}; nothing was merged",
            hint="Both projects must hold the same version of each transcript. Add the same "
            "file to both (with --replace where one is outdated), then merge again.",
        )
    add_transcripts(ours, (load_transcript(theirs, doc_id) for doc_id in new), replace=False)
    return new


def _units(conn: sqlite3.Connection, doc_id: str) -> list[tuple[Any, ...]]:
    return conn.execute(
        "SELECT u.idx, u.start, u.end FROM units u JOIN documents d ON d.id = u.doc "
        "WHERE d.doc_id = ? ORDER BY u.idx",
        (doc_id,),
    ).fetchall()


def _codes(ours: sqlite3.Connection, theirs: sqlite3.Connection) -> list[str]:
    if ours.execute("SELECT 1 FROM codebook_loads LIMIT 1").fetchone() is None:
        book = read_codebook(theirs)
        if book is not None:
            store_codebook(ours, book)
    mine = {r[0] for r in ours.execute("SELECT code_id FROM codes")}
    added: list[str] = []
    for row in theirs.execute(f"SELECT {_CODE_COLUMNS} FROM codes ORDER BY position"):
        if row[0] in mine:
            continue
        # Not in this project's codebook: kept for the codings that use it, as retired.
        ours.execute(
            f"INSERT INTO codes ({_CODE_COLUMNS}, retired) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
            row,
        )
        added.append(row[0])
    return added


def _codings(
    ours: sqlite3.Connection, theirs: sqlite3.Connection
) -> tuple[set[int], int, list[tuple[str, int, str, str]], dict[int, int]]:
    """Their codings, decisions and evidence into ours.

    Returns the ids of the codings added, the decisions added, the decisions
    a coder made differently in the two projects (ours is kept), and their
    coding ids mapped to ours.
    """
    rowids = dict(ours.execute("SELECT doc_id, id FROM documents"))
    existing: dict[tuple[Any, ...], int] = {
        _key(doc, unit, start, end, code, coder, origin): cid
        for cid, doc, unit, start, end, code, coder, origin in ours.execute(
            "SELECT id, doc, unit, start, end, code, coder, origin FROM codings"
        )
    }
    evidence: dict[int, list[tuple[Any, ...]]] = {}
    for coding, rule, matched, start, end in theirs.execute(
        "SELECT coding, rule, matched, start, end FROM evidence ORDER BY coding, rowid"
    ):
        evidence.setdefault(coding, []).append((rule, matched, start, end))
    next_id = int(ours.execute("SELECT COALESCE(MAX(id), 0) FROM codings").fetchone()[0]) + 1
    inserts: list[tuple[Any, ...]] = []
    evidence_rows: list[tuple[Any, ...]] = []
    mapped: dict[int, int] = {}
    place: dict[int, tuple[str, int, str, str]] = {}
    for their_id, doc_id, unit, start, end, code, coder, origin, status, created in theirs.execute(
        "SELECT c.id, d.doc_id, c.unit, c.start, c.end, c.code, c.coder, c.origin, c.status, "
        "c.created FROM codings c JOIN documents d ON d.id = c.doc ORDER BY c.id"
    ):
        doc = rowids[doc_id]
        key = _key(doc, unit, start, end, code, coder, origin)
        place[their_id] = (doc_id, unit, code, coder)
        if key in existing:
            mapped[their_id] = existing[key]
            continue
        # A suggestion's status follows from the decisions brought in below.
        stored = "suggested" if origin == "auto" else status
        inserts.append((next_id, doc, unit, start, end, code, coder, origin, stored, created))
        evidence_rows += [(next_id, *e) for e in evidence.get(their_id, ())]
        existing[key] = mapped[their_id] = next_id
        next_id += 1
    ours.executemany(
        "INSERT INTO codings (id, doc, unit, start, end, code, coder, origin, status, created) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        inserts,
    )
    ours.executemany(
        "INSERT INTO evidence (coding, rule, matched, start, end) VALUES (?, ?, ?, ?, ?)",
        evidence_rows,
    )
    mine = {
        (coding, coder): verdict
        for coding, coder, verdict in ours.execute("SELECT coding, coder, verdict FROM decisions")
    }
    decisions: list[tuple[Any, ...]] = []
    conflicts: list[tuple[str, int, str, str]] = []
    for coding, coder, verdict, decided in theirs.execute(
        "SELECT coding, coder, verdict, decided FROM decisions ORDER BY id"
    ):
        ours_id = mapped[coding]
        if (ours_id, coder) in mine:
            if mine[(ours_id, coder)] != verdict:
                doc_id, unit, code, _ = place[coding]
                conflicts.append((doc_id, unit, code, coder))
            continue
        mine[(ours_id, coder)] = verdict
        decisions.append((ours_id, coder, verdict, decided))
    ours.executemany(
        "INSERT INTO decisions (coding, coder, verdict, decided) VALUES (?, ?, ?, ?)", decisions
    )
    settle(ours, sorted({d[0] for d in decisions} | {row[0] for row in inserts}))
    return {row[0] for row in inserts}, len(decisions), conflicts, mapped


def _key(
    doc: int, unit: int, start: int, end: int, code: str, coder: str, origin: str
) -> tuple[Any, ...]:
    # One suggestion per unit and code; a person may code several spans of a unit.
    if origin == "auto":
        return (doc, unit, code, coder, origin)
    return (doc, unit, code, coder, origin, start, end)


def _memos(ours: sqlite3.Connection, theirs: sqlite3.Connection, codings: dict[int, int]) -> int:
    rowids = dict(ours.execute("SELECT doc_id, id FROM documents"))
    mine = set(ours.execute("SELECT doc, unit, code, coding, coder, text FROM memos"))
    rows = []
    for doc_id, unit, code, coding, coder, text, created in theirs.execute(
        "SELECT d.doc_id, m.unit, m.code, m.coding, m.coder, m.text, m.created FROM memos m "
        "LEFT JOIN documents d ON d.id = m.doc ORDER BY m.id"
    ):
        doc = rowids.get(doc_id) if doc_id is not None else None
        key = (doc, unit, code, codings.get(coding) if coding is not None else None, coder, text)
        if key not in mine:
            mine.add(key)
            rows.append((*key, created))
    ours.executemany(
        "INSERT INTO memos (doc, unit, code, coding, coder, text, created) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    return len(rows)


def _spans(
    ours: sqlite3.Connection, theirs: sqlite3.Connection, mapped: dict[int, int], added: set[int]
) -> int:
    """Link the pieces of their codings over several units as they were linked; returns
    the number of such codings that gained a piece here.

    A new piece joins the coding its first piece belongs to here (that piece's
    span, or the piece itself, which then heads the span).
    """
    heads: dict[int, list[int]] = {}
    for coding, span in theirs.execute(
        "SELECT id, span FROM codings WHERE span IS NOT NULL ORDER BY id"
    ):
        if mapped[coding] in added:
            heads.setdefault(mapped[span], []).append(mapped[coding])
    for head, pieces in heads.items():
        (found,) = ours.execute("SELECT COALESCE(span, id) FROM codings WHERE id = ?", (head,))
        target = int(found[0])
        ours.execute("UPDATE codings SET span = ? WHERE id = ? AND span IS NULL", (target, target))
        ours.executemany(
            "UPDATE codings SET span = ? WHERE id = ?", [(target, piece) for piece in pieces]
        )
    return len(heads)


def _groups(ours: sqlite3.Connection, theirs: sqlite3.Connection) -> list[str]:
    """Their code groups into ours: new ones whole, members joined to ours of the same name
    (our description and GUID are kept); the names of the groups that gained something."""
    mine = {name for (name,) in ours.execute("SELECT name FROM code_groups")}
    changed: list[str] = []
    for name, description, guid in theirs.execute(
        "SELECT name, description, guid FROM code_groups ORDER BY name"
    ).fetchall():
        if name not in mine:
            ours.execute(
                "INSERT INTO code_groups (name, description, guid) VALUES (?, ?, ?)",
                (name, description, guid),
            )
        # Their codes are all here now (_codes keeps the missing ones, retired).
        gained = sum(
            ours.execute(
                "INSERT OR IGNORE INTO code_group_members (name, code) VALUES (?, ?)",
                (name, code),
            ).rowcount
            for (code,) in theirs.execute(
                "SELECT code FROM code_group_members WHERE name = ? ORDER BY code", (name,)
            ).fetchall()
        )
        if name not in mine or gained:
            changed.append(name)
    return changed


def _guids(ours: sqlite3.Connection, theirs: sqlite3.Connection) -> None:
    """The GUIDs other tools gave their codes, sources and users; ours win."""
    ours.executemany(
        "INSERT OR IGNORE INTO exchange_guids (kind, local, guid) VALUES (?, ?, ?)",
        theirs.execute("SELECT kind, local, guid FROM exchange_guids").fetchall(),
    )
