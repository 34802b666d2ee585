"""Coded units per document and code, for comparisons of a large project.

:func:`coded_unit_counts` applies the counting rule of
:func:`interviewkit.analysis.themes.coded_units` to a project's codings
without building a frame of them. What SQLite hands over, as text
(``group_concat``) that NumPy parses in one call:

* the codings that pass the filters: for each (coder, status, code, origin)
  that has codings, the ``doc * stride + unit`` keys of its codings. Each is
  one range of the index ``codings_tally`` (migration 6), which holds exactly
  these columns: no table rows, no sort, and no per-coding ``CASE`` to turn
  names into numbers (that was most of the time: ~1.5 s of 2.5 on a million
  coded units);
* per document, the respondents' unit indexes, from ``unit_summary``
  (migration 6), which :func:`summarize_units` writes whenever a document's
  units are written: reading every unit to find them took ~0.3 s.

NumPy then keeps the codings on respondent units, rolls codes up into the
targets of ``members`` and counts distinct units per document and target.
Why not ``COUNT(DISTINCT unit) … GROUP BY target, doc`` in SQL: on a million
coded units that takes ~13 s (a temporary B-tree of every rolled-up coding,
and a units lookup per coding).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from interviewkit.arrays import distinct
from interviewkit.models import STATUSES
from interviewkit.store.lookup import unknown

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

#: The values of ``codings.origin`` (a CHECK constraint allows these only).
ORIGINS = ("auto", "manual")


@dataclass(frozen=True)
class UnitCounts:
    """The result of :func:`coded_unit_counts`.

    ``counts``: ``doc_id, code, units`` — respondent units of the document
    carrying the code (a code of ``members`` counts a unit coded with any of
    its member codes; each unit once, whoever coded it); codes with no such
    unit in a document have no row. ``doc_units``: ``doc_id, units`` —
    respondent units per document (the denominators). ``left_out``: distinct
    (document, unit, code) codings not counted because their unit is an
    interviewer's turn. ``basis``: the distinct ``coder, status, origin`` of
    the codings counted (respondent units). ``codes``: the codes the codings
    that pass the coder and status filters use (interviewer turns too), sorted.
    """

    counts: pd.DataFrame
    doc_units: pd.DataFrame
    left_out: int
    basis: pd.DataFrame
    codes: list[str]


@dataclass(frozen=True)
class _Run:
    """The codings of one (code, coder, status, origin): their ``doc * stride + unit`` keys.

    ``respondent`` marks the keys whose unit is a respondent's (the ones that count).
    """

    code: str
    coder: str
    status: str
    origin: str
    keys: np.ndarray
    respondent: np.ndarray


def coded_unit_counts(
    conn: sqlite3.Connection,
    *,
    members: Mapping[str, Iterable[str]],
    coders: Sequence[str] | None = None,
    statuses: Iterable[str] = ("suggested", "accepted"),
) -> UnitCounts:
    """Per-document coded units of each code of ``members`` (see :class:`UnitCounts`).

    ``members`` maps each code to count to the codes that count for it
    (itself and its descendants). Rejected codings never count, whatever
    ``statuses`` says; ``coders`` (when given and not empty) keeps those
    coders' codings only.
    """
    import numpy as np
    import pandas as pd

    chosen = [s for s in dict.fromkeys(statuses) if s != "rejected"]
    for status in chosen:
        if status not in STATUSES:
            raise unknown("status", status, list(STATUSES))
    units = _Units(conn)
    runs = [
        _Run(code, coder, status, origin, keys, units.respondent(keys))
        for code, coder, status, origin, keys in _coding_keys(conn, chosen, coders, units.stride)
    ]
    doc_units = pd.DataFrame({"doc_id": units.names, "units": units.respondents})
    doc_units = doc_units[doc_units["units"] > 0].sort_values("doc_id", ignore_index=True)

    codes_seen = sorted({run.code for run in runs})
    left_out = sum(
        distinct(np.concatenate([r.keys[~r.respondent] for r in runs if r.code == code])).size
        for code in codes_seen
    )
    basis = pd.DataFrame(
        sorted({(r.coder, r.status, r.origin) for r in runs if r.respondent.any()}),
        columns=["coder", "status", "origin"],
    )
    counts = _count(runs, members, units)
    return UnitCounts(counts, doc_units, int(left_out), basis, codes_seen)


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


class _Units:
    """The project's units as ``unit_summary`` describes them.

    ``stride`` is one more than the largest unit index, so ``doc * stride +
    unit`` is one key per unit (a coding's unit is one of the units: a
    foreign key says so). Membership is looked up in a flag per unit, at
    ``offset[doc] + unit``: as many flags as units, however the documents'
    lengths differ.
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
        found: np.ndarray = self._flags[self._offset[keys // self.stride] + keys % self.stride]
        return found


def _count(runs: list[_Run], members: Mapping[str, Iterable[str]], units: _Units) -> pd.DataFrame:
    """``doc_id, code, units`` for each target of ``members``: distinct respondent units."""
    import numpy as np
    import pandas as pd

    docs, targets, tallies = [], [], []
    for target, codes in members.items():
        wanted = set(codes)
        keys = [r.keys[r.respondent] for r in runs if r.code in wanted]
        if not keys:
            continue
        # distinct() sorts; the runs come sorted from the index, so that is a quick merge.
        per_doc = np.bincount(distinct(np.concatenate(keys)) // units.stride)
        present = np.flatnonzero(per_doc)
        docs.append(present)
        tallies.append(per_doc[present])
        targets += [target] * present.size
    found = np.concatenate(docs) if docs else np.zeros(0, np.int64)
    frame = pd.DataFrame(
        {
            "doc_id": [units.doc_name[d] for d in found.tolist()],
            "code": np.asarray(targets, dtype=object),
            "units": (np.concatenate(tallies) if tallies else np.zeros(0)).astype(np.int64),
        }
    )
    return frame.sort_values(["doc_id", "code"], ignore_index=True)


def _ints(text: str) -> np.ndarray:
    """The integers of a comma-separated text, parsed by NumPy (fast)."""
    import numpy as np

    return np.fromstring(text, dtype=np.int64, sep=",") if text else np.zeros(0, np.int64)
