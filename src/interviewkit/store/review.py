"""What the review app needs from the store beyond :class:`Project`'s public methods.

Reached through :meth:`Project.reviewing`. Each method that changes something
is one transaction; :meth:`ReviewStore.batch` joins several of the
project's own write methods (``tag``, ``review``, …) into one, so that
"accept all" and its undo are stored whole or not at all.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from interviewkit.store.lookup import doc_rowid, register_coder, unit_span
from interviewkit.store.memos import add_memo

if TYPE_CHECKING:
    from interviewkit.store.database import Database


@dataclass(frozen=True)
class UnitCoding:
    """One coding on a unit, as the review app shows it."""

    id: int
    unit: int
    start: int
    end: int
    code: str
    coder: str
    origin: str
    status: str
    memo: str | None
    #: Each coder's decision on a suggestion: (coder, "accepted" or "rejected").
    decisions: tuple[tuple[str, str], ...] = ()
    evidence: tuple[tuple[int, int], ...] = ()

    def decision_of(self, coder: str) -> str | None:
        """``coder``'s decision on this suggestion, or ``None``."""
        return dict(self.decisions).get(coder)

    @property
    def key(self) -> tuple[int, str, str, str, int, int]:
        """What identifies the coding across undo and redo (its row id may change)."""
        return (self.unit, self.code, self.coder, self.origin, self.start, self.end)


@dataclass(frozen=True)
class UnitMemo:
    """A memo on a whole unit."""

    id: int
    unit: int
    coder: str
    text: str


class ReviewStore:
    """Reads and writes of the review app, on a project's database."""

    def __init__(self, db: Database) -> None:
        self._db = db

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Several changes as one transaction (the project's write methods nest in it)."""
        with self._db.transaction():
            yield

    def unit_codings(self, doc_id: str, unit: int | None = None) -> list[UnitCoding]:
        """Every coding of a transcript (or of one unit), with its evidence's spans."""
        with self._db.snapshot() as conn:
            rowid = doc_rowid(conn, doc_id)
            # unit IS NULL selects every unit: one query serves both.
            place = "c.doc = ?1 AND (?2 IS NULL OR c.unit = ?2)"
            evidence: dict[int, list[tuple[int, int]]] = {}
            for coding, start, end in conn.execute(
                "SELECT e.coding, e.start, e.end FROM evidence e JOIN codings c "
                f"ON c.id = e.coding WHERE {place} ORDER BY e.start",
                (rowid, unit),
            ):
                evidence.setdefault(coding, []).append((start, end))
            decisions: dict[int, list[tuple[str, str]]] = {}
            for coding, coder, verdict in conn.execute(
                "SELECT d.coding, d.coder, d.verdict FROM decisions d JOIN codings c "
                f"ON c.id = d.coding WHERE {place} ORDER BY d.coder",
                (rowid, unit),
            ):
                decisions.setdefault(coding, []).append((coder, verdict))
            memos: dict[int, list[str]] = {}
            for coding, text in conn.execute(
                f"SELECT m.coding, m.text FROM memos m JOIN codings c ON c.id = m.coding "
                f"WHERE {place} ORDER BY m.id",
                (rowid, unit),
            ):
                memos.setdefault(coding, []).append(text)
            rows = conn.execute(
                "SELECT c.id, c.unit, c.start, c.end, c.code, c.coder, c.origin, c.status "
                "FROM codings c LEFT JOIN codes k ON k.code_id = c.code "
                f"WHERE {place} ORDER BY c.unit, k.position, c.code, c.coder, c.start",
                (rowid, unit),
            )
            return [
                UnitCoding(
                    cid,
                    u,
                    start,
                    end,
                    code,
                    coder,
                    origin,
                    status,
                    "\n".join(memos[cid]) if cid in memos else None,
                    decisions=tuple(decisions.get(cid, ())),
                    evidence=tuple(evidence.get(cid, ())),
                )
                for cid, u, start, end, code, coder, origin, status in rows
            ]

    def unit_memos(self, doc_id: str, unit: int | None = None) -> list[UnitMemo]:
        """The memos on single units of a transcript (of one unit, or of all)."""
        with self._db.snapshot() as conn:
            rowid = doc_rowid(conn, doc_id)
            return [
                UnitMemo(memo_id, index, coder, text)
                for memo_id, index, coder, text in conn.execute(
                    "SELECT id, unit, coder, text FROM memos WHERE doc = ?1 AND unit IS NOT NULL "
                    "AND coding IS NULL AND code IS NULL AND (?2 IS NULL OR unit = ?2) "
                    "ORDER BY id",
                    (rowid, unit),
                )
            ]

    def add_unit_memo(self, doc_id: str, unit_index: int, text: str, *, coder: str) -> int:
        """A memo on a whole unit; returns its id."""
        with self._db.transaction() as conn:
            rowid = doc_rowid(conn, doc_id)
            unit_span(conn, rowid, doc_id, unit_index)
            register_coder(conn, coder, kind="person")
            return add_memo(conn, text, coder=coder, doc=rowid, unit=unit_index)

    def add_coding_memo(
        self, doc_id: str, key: tuple[int, str, str, str, int, int], text: str, *, coder: str
    ) -> int:
        """A memo by ``coder`` on the coding with this :attr:`UnitCoding.key`; its id (0: the
        coding is gone)."""
        unit, code, owner, origin, start, end = key
        with self._db.transaction() as conn:
            rowid = doc_rowid(conn, doc_id)
            row = conn.execute(
                "SELECT id FROM codings WHERE doc = ? AND unit = ? AND code = ? AND "
                "coder = ? AND origin = ? AND start = ? AND end = ?",
                (rowid, unit, code, owner, origin, start, end),
            ).fetchone()
            if row is None:
                return 0
            register_coder(conn, coder, kind="person")
            return add_memo(conn, text, coder=coder, doc=rowid, unit=unit, code=code, coding=row[0])

    def delete_memo(self, memo_id: int, *, coder: str) -> int:
        """Remove one of ``coder``'s own memos (to undo it); returns how many."""
        with self._db.transaction() as conn:
            return conn.execute(
                "DELETE FROM memos WHERE id = ? AND coder = ?", (memo_id, coder)
            ).rowcount

    def remove_coding(
        self, doc_id: str, unit_index: int, code: str, *, coder: str, start: int, end: int
    ) -> int:
        """Remove exactly one of a person's codings (``untag`` removes all of a code)."""
        with self._db.transaction() as conn:
            return conn.execute(
                "DELETE FROM codings WHERE doc = ? AND unit = ? AND code = ? AND coder = ? "
                "AND origin = 'manual' AND start = ? AND end = ?",
                (doc_rowid(conn, doc_id), unit_index, code, coder, start, end),
            ).rowcount

    def progress(self, coder: str) -> dict[str, tuple[int, int]]:
        """``{doc id: (reviewed units, respondent units)}`` for ``coder``.

        A respondent's unit counts as reviewed when ``coder`` decided on every
        suggestion on it and made a decision there: coded it, or reviewed a
        suggestion.
        """
        with self._db.snapshot() as conn:
            return _progress(conn, coder)

    def state(self, coder: str) -> dict[str, str]:
        """What the app remembers for ``coder`` (the document and unit last seen)."""
        with self._db.snapshot() as conn:
            return dict(
                conn.execute(
                    "SELECT key, value FROM review_state WHERE coder = ?", (coder,)
                ).fetchall()
            )

    def save_state(self, coder: str, values: Mapping[str, str]) -> None:
        """Remember ``values`` for ``coder``."""
        with self._db.transaction() as conn:
            conn.executemany(
                "INSERT INTO review_state (coder, key, value) VALUES (?, ?, ?) "
                "ON CONFLICT (coder, key) DO UPDATE SET value = excluded.value",
                [(coder, k, v) for k, v in values.items()],
            )


def _progress(conn: sqlite3.Connection, coder: str) -> dict[str, tuple[int, int]]:
    totals = {
        doc_id: [0, int(n)]
        for doc_id, n in conn.execute(
            "SELECT d.doc_id, COALESCE(SUM(u.interviewer = 0), 0) FROM documents d "
            "LEFT JOIN units u ON u.doc = d.id GROUP BY d.id ORDER BY d.doc_id"
        )
    }
    for doc_id, done in conn.execute(
        "SELECT d.doc_id, COUNT(*) FROM units u JOIN documents d ON d.id = u.doc "
        "WHERE u.interviewer = 0 "
        "AND (EXISTS (SELECT 1 FROM codings c WHERE c.doc = u.doc AND c.unit = u.idx "
        "  AND c.coder = ?1) OR EXISTS (SELECT 1 FROM codings c JOIN decisions k "
        "  ON k.coding = c.id WHERE c.doc = u.doc AND c.unit = u.idx AND k.coder = ?1)) "
        "AND NOT EXISTS (SELECT 1 FROM codings c WHERE c.doc = u.doc AND c.unit = u.idx "
        "  AND c.origin = 'auto' AND NOT EXISTS (SELECT 1 FROM decisions k "
        "  WHERE k.coding = c.id AND k.coder = ?1)) "
        "GROUP BY d.id",
        (coder,),
    ):
        totals[doc_id][0] = int(done)
    return {doc_id: (done, total) for doc_id, (done, total) in totals.items()}
