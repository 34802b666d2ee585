"""What counting reads of a project: who coded which unit with which code, as integers.

The counting rule itself lives in :mod:`interviewkit.analysis.counting`; the
store hands over the keys it reads and counts nothing. What SQLite hands over,
as text (``group_concat``) that NumPy parses in one call:

* for each (coder, status, code, origin) that has codings and passes the
  filters, the ``doc * stride + unit`` keys of its codings. Each is one range
  of the index ``codings_tally`` (migration 6), which holds exactly these
  columns: no table rows, no sort, and no per-coding ``CASE`` to turn names
  into numbers (that was most of the time: ~1.5 s of 2.5 on a million coded
  units);
* per document, the respondents' unit indexes, from ``unit_summary``
  (migration 6), which :func:`summarize_units` writes whenever a document's
  units are written: reading every unit to find them took ~0.3 s.

Why not ``COUNT(DISTINCT unit) … GROUP BY target, doc`` in SQL: on a million
coded units that takes ~13 s (a temporary B-tree of every rolled-up coding,
and a units lookup per coding).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from interviewkit.models import STATUSES
from interviewkit.store.lookup import unknown

if TYPE_CHECKING:
    import numpy as np

#: The values of ``codings.origin`` (a CHECK constraint allows these only).
ORIGINS = ("auto", "manual")


@dataclass(frozen=True)
class KeyRun:
    """The codings of one (code, coder, status, origin): their ``doc * stride + unit`` keys."""

    code: str
    coder: str
    status: str
    origin: str
    keys: np.ndarray


@dataclass(frozen=True)
class DecisionRun:
    """The suggestions of one (code, automatic coder) that ``decider`` decided ``verdict`` on."""

    code: str
    suggester: str
    decider: str
    verdict: str
    keys: np.ndarray


@dataclass(frozen=True)
class CodingKeys:
    """What :func:`coding_keys` hands over: the runs of keys and the units they point into.

    ``decisions``: every coder's decisions on suggestions; ``contested``: the
    suggestions some coder accepted and another rejected, one run per (code,
    automatic coder) with the status ``contested``.
    """

    runs: list[KeyRun]
    summary: UnitSummary
    decisions: list[DecisionRun]
    contested: list[KeyRun]


def coding_keys(
    conn: sqlite3.Connection,
    *,
    coders: Sequence[str] | None = None,
    statuses: Iterable[str] = ("suggested", "accepted"),
) -> CodingKeys:
    """The keys of the codings with these ``statuses`` (by ``coders``, when given and not
    empty), and every decision on a suggestion."""
    chosen = list(dict.fromkeys(statuses))
    for status in chosen:
        if status not in STATUSES:
            raise unknown("status", status, list(STATUSES))
    summary = UnitSummary(conn)
    stride = summary.stride
    runs = [
        KeyRun(code, coder, status, origin, keys)
        for code, coder, status, origin, keys in _coding_keys(conn, chosen, coders, stride)
    ]
    decisions = [
        DecisionRun(code, suggester, decider, verdict, _ints(text))
        for decider, verdict, code, suggester, text in conn.execute(
            f"SELECT k.coder, k.verdict, c.code, c.coder, group_concat(c.doc * {stride} + c.unit) "
            "FROM decisions k JOIN codings c ON c.id = k.coding "
            "GROUP BY k.coder, k.verdict, c.code, c.coder ORDER BY 1, 2, 3, 4"
        )
    ]
    contested = [
        KeyRun(code, suggester, "contested", "auto", _ints(text))
        for code, suggester, text in conn.execute(
            f"SELECT c.code, c.coder, group_concat(c.doc * {stride} + c.unit) FROM codings c "
            "WHERE c.id IN (SELECT coding FROM decisions GROUP BY coding "
            "HAVING COUNT(DISTINCT verdict) > 1) GROUP BY c.code, c.coder ORDER BY 1, 2"
        )
    ]
    return CodingKeys(runs, summary, decisions, contested)


def _coding_keys(
    conn: sqlite3.Connection,
    statuses: list[str],
    coders: Sequence[str] | None,
    stride: int,
) -> list[tuple[str, str, str, str, np.ndarray]]:
    """(code, coder, status, origin, keys) of the codings that pass the filters;
    key = doc * stride + unit.

    One query per (coder, status, code, origin) that has codings, each a range
    of the ``codings_tally`` index: cheaper than one ``GROUP BY`` over all of
    it, which compares every entry with the last. The coders and codes that
    have codings are found in that index too, each with one seek.
    """
    rows = []
    for coder in sorted(set(coders)) if coders else _distinct(conn, "coder"):
        for status in statuses:
            for code in _distinct(conn, "code", "coder = ? AND status = ?", (coder, status)):
                for origin in ORIGINS:
                    (text,) = conn.execute(
                        f"SELECT group_concat(doc * {stride} + unit) FROM codings "
                        "WHERE coder = ? AND status = ? AND code = ? AND origin = ?",
                        (coder, status, code, origin),
                    ).fetchone()
                    if text:
                        rows.append((code, coder, status, origin, _ints(text)))
    return rows


def _distinct(
    conn: sqlite3.Connection, column: str, where: str = "", params: tuple[object, ...] = ()
) -> list[str]:
    """The distinct values of ``column`` in the codings that match ``where``, in order.

    Each is the ``MIN`` above the one before: one seek in ``codings_tally``
    (whose leading columns are ``where``'s and ``column``), however many
    codings share a value.
    """
    found: list[str] = []
    condition = f"WHERE {where}" if where else ""
    while True:
        after = f"{' AND ' if where else 'WHERE '}{column} > ?" if found else ""
        (value,) = conn.execute(
            f"SELECT MIN({column}) FROM codings {condition}{after}", (*params, *found[-1:])
        ).fetchone()
        if value is None:
            return found
        found.append(value)


def summarize_units(conn: sqlite3.Connection, doc: int) -> None:
    """Write ``unit_summary`` of document ``doc`` (row id) from its units.

    Whoever writes a document's units calls this in the same transaction:
    counting trusts the summary and does not read the units.
    """
    conn.execute(
        "INSERT OR REPLACE INTO unit_summary (doc, units, last, respondent_idx) "
        "SELECT ?, COUNT(*), COALESCE(MAX(idx), 0), "
        "COALESCE(group_concat(CASE WHEN interviewer = 0 THEN idx END), '') "
        "FROM units WHERE doc = ?",
        (doc, doc),
    )


class UnitSummary:
    """The project's units as ``unit_summary`` describes them.

    ``names``: the documents' ids, in row id order; ``respondents`` and
    ``words``: their respondent units and those units' words (arrays in the
    same order); ``doc_name``: row id → document id. ``stride`` is one more
    than the largest unit index, so ``doc * stride + unit`` is one key per
    unit (a coding's unit is one of the units: a foreign key says so).
    Membership is looked up in a flag per unit, at ``offset[doc] + unit``: as
    many flags as units, however the documents' lengths differ.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        import numpy as np

        rows = conn.execute(
            "SELECT s.doc, d.doc_id, s.last, s.respondent_idx FROM unit_summary s "
            "JOIN documents d ON d.id = s.doc ORDER BY s.doc"
        ).fetchall()
        docs = np.array([r[0] for r in rows], dtype=np.int64)
        last = np.array([r[2] for r in rows], dtype=np.int64)
        texts = [r[3] for r in rows]
        self.names = [r[1] for r in rows]
        self.respondents = np.array([t.count(",") + 1 if t else 0 for t in texts], dtype=np.int64)
        said = dict(
            conn.execute(
                "SELECT doc, SUM(words) FROM units WHERE interviewer = 0 GROUP BY doc"
            ).fetchall()
        )
        self.words = np.array([int(said.get(r[0]) or 0) for r in rows], dtype=np.int64)
        self.stride = int(last.max()) + 1 if rows else 1
        if (int(docs.max()) + 1 if rows else 1) * self.stride >= 1 << 62:  # pragma: no cover
            raise OverflowError("too many documents or units for one key")
        self.doc_name = dict(zip(docs.tolist(), self.names, strict=True))
        width = np.zeros(int(docs.max()) + 1 if rows else 0, dtype=np.int64)
        width[docs] = last + 1
        self._offset = np.cumsum(width) - width
        idx = _ints(",".join(t for t in texts if t))
        self._flags = np.zeros(int(width.sum()), dtype=bool)
        self._flags[np.repeat(self._offset[docs], self.respondents) + idx] = True

    def respondent(self, keys: np.ndarray) -> np.ndarray:
        """Which ``doc * stride + unit`` keys are respondents' units."""
        found: np.ndarray = self._flags[self.slots(keys)]
        return found

    def slots(self, keys: np.ndarray) -> np.ndarray:
        """One position per unit (``doc * stride + unit`` keys), in ``range(self.size)``."""
        found: np.ndarray = self._offset[keys // self.stride] + keys % self.stride
        return found

    @property
    def size(self) -> int:
        return int(self._flags.size)


def worked_documents(conn: sqlite3.Connection, coders: Sequence[str]) -> set[str]:
    """The transcripts where one of ``coders`` stored a coding or decided on a suggestion."""
    marks = ", ".join("?" * len(coders))
    return {
        str(doc_id)
        for (doc_id,) in conn.execute(
            "SELECT d.doc_id FROM documents d WHERE EXISTS (SELECT 1 FROM codings c "
            f"WHERE c.doc = d.id AND c.coder IN ({marks})) OR EXISTS (SELECT 1 FROM decisions k "
            f"JOIN codings c ON c.id = k.coding WHERE c.doc = d.id AND k.coder IN ({marks}))",
            (*coders, *coders),
        )
    }


#: The unit attributes a table can be grouped by (columns of the units table).
UNIT_ATTRIBUTES = ("speaker", "kind")


def unit_values(conn: sqlite3.Connection, attribute: str) -> list[tuple[int, int, str, int]]:
    """(doc row id, unit index, value, words) of every respondent unit, for a unit attribute."""
    if attribute not in UNIT_ATTRIBUTES:
        raise unknown("unit attribute", attribute, list(UNIT_ATTRIBUTES))
    return [
        (int(doc), int(idx), "" if value is None else str(value), int(words or 0))
        for doc, idx, value, words in conn.execute(
            f"SELECT doc, idx, {attribute}, words FROM units WHERE interviewer = 0 "
            "ORDER BY doc, idx"
        )
    ]


def _ints(text: str) -> np.ndarray:
    """The integers of a comma-separated text, parsed by NumPy (fast)."""
    import numpy as np

    return np.fromstring(text, dtype=np.int64, sep=",") if text else np.zeros(0, np.int64)
