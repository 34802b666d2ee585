"""The project as pandas DataFrames: documents, units, codings, segments, memos, status.

pandas is imported inside the functions, so that opening a project (and the
command line's ``--help``) stays fast.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from interviewkit.folding import select_rows
from interviewkit.models import STANDARD_ATTRIBUTES, STATUSES
from interviewkit.store.codebooks import check_hierarchy
from interviewkit.store.exchange import group_members
from interviewkit.store.lookup import (
    check_code,
    check_coder,
    descendants,
    doc_rowids,
    unknown,
)
from interviewkit.store.migrations import current_version
from interviewkit.store.reports import CoderStatus, ProjectStatus

if TYPE_CHECKING:
    import pandas as pd

#: The columns of :meth:`Project.segments`, before the metadata attributes.
SEGMENT_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "unit",
    "speaker",
    "start",
    "end",
    "code",
    "code_name",
    "coder",
    "origin",
    "status",
    "decisions",
    "evidence",
    "memo",
    "text",
)
_FILTERABLE = ("doc_id", "speaker", "code", "coder", "origin", "status")
CODING_COLUMNS: tuple[str, ...] = (
    "id",
    "doc_id",
    "unit",
    "start",
    "end",
    "code",
    "code_name",
    "coder",
    "origin",
    "status",
    "evidence",
    "memo",
    "created",
    "decisions",
)
#: The memos on a coding ``c``, oldest first, one per line.
_MEMO_TEXT = (
    "SELECT group_concat(text, char(10)) FROM "
    "(SELECT text FROM memos m WHERE m.coding = c.id ORDER BY m.id)"
)
#: Who decided what on a suggestion ``c``: ``anna accepted 2026-12-06T10:11:12+00:00; …``.
_DECISION_TEXT = (
    "SELECT group_concat(coder || ' ' || verdict || ' ' || decided, '; ') FROM "
    "(SELECT coder, verdict, decided FROM decisions k WHERE k.coding = c.id ORDER BY k.coder)"
)


#: What the query of :func:`codings` selects: (column, SQL expression), in its order.
_SELECTED: tuple[tuple[str, str], ...] = (
    ("id", "c.id"),
    ("doc_id", "d.doc_id"),
    ("unit", "c.unit"),
    ("speaker", "u.speaker"),
    ("start", "c.start"),
    ("end", "c.end"),
    ("code", "c.code"),
    ("code_name", "k.name"),
    ("coder", "c.coder"),
    ("origin", "c.origin"),
    ("status", "c.status"),
    ("memo", f"({_MEMO_TEXT})"),
    ("text", "substr(d.text, c.start + 1, c.end - c.start)"),
    ("created", "c.created"),
    ("decisions", f"COALESCE(({_DECISION_TEXT}), '')"),
)
#: A selected row with its evidence (as text) added at the end.
_WITH_EVIDENCE: tuple[str, ...] = (*(name for name, _ in _SELECTED), "evidence")
_ID = _WITH_EVIDENCE.index("id")
UNIT_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "unit",
    "speaker",
    "interviewer",
    "start",
    "end",
    "time_start",
    "time_end",
    "words",
    "text",
    "kind",
)


def _metadata(conn: sqlite3.Connection) -> tuple[dict[str, dict[str, str]], list[str]]:
    """Metadata of every transcript by doc id, and the attributes the study has, in order.

    The attributes are those some transcript has (a study without
    ``institution`` gets no such column), the usual ones first.
    """
    by_doc: dict[str, dict[str, str]] = {}
    keys: set[str] = set()
    for doc_id, key, value in conn.execute(
        "SELECT d.doc_id, m.key, m.value FROM metadata m JOIN documents d ON d.id = m.doc"
    ):
        by_doc.setdefault(doc_id, {})[key] = value
        keys.add(key)
    usual = [a for a in STANDARD_ATTRIBUTES if a in keys]
    return by_doc, [*usual, *sorted(keys - set(STANDARD_ATTRIBUTES))]


def documents(conn: sqlite3.Connection) -> pd.DataFrame:
    import pandas as pd

    meta, attributes = _metadata(conn)
    first = [
        a for a in ("language", "city", "country", "partner_city", "institution") if a in attributes
    ]
    attributes = first + [a for a in attributes if a not in first]
    rows = []
    # unit_summary has each document's number of units (counting them took ~0.2 s
    # on a project of two million units).
    for doc_id, source, units, words in conn.execute(
        "SELECT d.doc_id, d.source, COALESCE(s.units, 0), d.words FROM documents d "
        "LEFT JOIN unit_summary s ON s.doc = d.id ORDER BY d.doc_id"
    ):
        attrs = meta.get(doc_id, {})
        rows.append([doc_id, source, *(attrs.get(a) for a in attributes), units, words])
    return pd.DataFrame(rows, columns=["doc_id", "source", *attributes, "units", "words"])


def units(conn: sqlite3.Connection, doc_ids: Iterable[str] | None) -> pd.DataFrame:
    import pandas as pd

    rows: list[list[Any]] = []
    for rowid, doc_id in doc_rowids(conn, doc_ids):
        for row in conn.execute(
            # The columns of UNIT_COLUMNS after doc_id, in their order.
            "SELECT u.idx, u.speaker, u.interviewer, u.start, u.end, u.time_start, u.time_end, "
            "u.words, substr(d.text, u.start + 1, u.end - u.start), u.kind "
            "FROM units u JOIN documents d ON d.id = u.doc WHERE u.doc = ? ORDER BY u.idx",
            (rowid,),
        ):
            index, speaker, interviewer, *rest = row
            rows.append([doc_id, index, speaker, bool(interviewer), *rest])
    return pd.DataFrame(rows, columns=list(UNIT_COLUMNS))


def _evidence(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, str]:
    """The evidence of codings as text: ``word:Stadt → 'Städte'; glob:partner* → …``."""
    found: dict[int, list[str]] = {}
    if not ids:
        return {}
    wanted = set(ids)
    for coding, rule, matched in conn.execute(
        "SELECT coding, rule, matched FROM evidence WHERE coding BETWEEN ? AND ? "
        "ORDER BY coding, start, rowid",
        (min(ids), max(ids)),
    ):
        if coding in wanted:
            found.setdefault(coding, []).append(f"{rule} → {matched!r}")
    return {k: "; ".join(v) for k, v in found.items()}


def decisions(conn: sqlite3.Connection) -> pd.DataFrame:
    """Every coder's decision on a suggestion: coding (its id), doc_id, unit, code,
    suggested_by (the automatic coder), coder (who decided), verdict, decided."""
    import pandas as pd

    rows = conn.execute(
        "SELECT c.id, d.doc_id, c.unit, c.code, c.coder, k.coder, k.verdict, k.decided "
        "FROM decisions k JOIN codings c ON c.id = k.coding JOIN documents d ON d.id = c.doc "
        "ORDER BY d.doc_id, c.unit, c.code, k.coder"
    ).fetchall()
    return pd.DataFrame(
        rows,
        columns=["coding", "doc_id", "unit", "code", "suggested_by", "coder", "verdict", "decided"],
    )


#: The columns of :func:`coding_keys`: what counting needs, nothing more.
CODING_KEY_COLUMNS = ("id", "doc_id", "unit", "code", "coder", "origin", "status")


def coding_keys(conn: sqlite3.Connection, *, statuses: Iterable[str] | None) -> pd.DataFrame:
    """Who coded which unit with which code: no text, no evidence (for counting)."""
    import pandas as pd

    condition, params = _in("c.status", _statuses(statuses))
    rows = conn.execute(
        "SELECT c.id, d.doc_id, c.unit, c.code, c.coder, c.origin, c.status FROM codings c "
        f"JOIN documents d ON d.id = c.doc WHERE {condition} ORDER BY c.doc, c.unit, c.id",
        params,
    ).fetchall()
    return pd.DataFrame(rows, columns=list(CODING_KEY_COLUMNS))


def respondent_units(conn: sqlite3.Connection) -> pd.DataFrame:
    """The respondents' units (the denominators of every count): doc_id, unit, words."""
    import pandas as pd

    rows = conn.execute(
        "SELECT d.doc_id, u.idx, u.words FROM units u JOIN documents d ON d.id = u.doc "
        "WHERE NOT u.interviewer ORDER BY d.doc_id, u.idx"
    ).fetchall()
    return pd.DataFrame(rows, columns=["doc_id", "unit", "words"])


def _statuses(statuses: Iterable[str] | None) -> list[str]:
    chosen = list(STATUSES if statuses is None else statuses)
    for status in chosen:
        if status not in STATUSES:
            raise unknown("status", status, list(STATUSES))
    return chosen


def _in(column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
    return f"{column} IN ({', '.join('?' * len(values))})", list(values)


def codings(
    conn: sqlite3.Connection,
    *,
    coders: Iterable[str] | None = None,
    statuses: Iterable[str] | None = None,
    codes: Iterable[str] | None = None,
    doc_ids: Iterable[str] | None = None,
    segments: bool = False,
    ids: Iterable[int] | None = None,
) -> pd.DataFrame:
    """One row per coding; with ``segments``, the columns of :func:`segments`. ``ids``:
    only these codings."""
    import pandas as pd

    clauses: list[str] = []
    params: list[Any] = []
    for column, values in (
        ("c.status", _statuses(statuses)),
        ("c.coder", None if coders is None else [check_coder(conn, c) for c in coders]),
        ("c.code", None if codes is None else _with_children(conn, codes)),
        ("c.doc", None if doc_ids is None else [r for r, _ in doc_rowids(conn, doc_ids)]),
    ):
        if values is not None:
            clause, more = _in(column, values)
            clauses.append(clause)
            params += more
    if ids is not None:
        clauses.append("c.id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps([int(i) for i in ids]))
    where = " AND ".join(clauses) or "1"
    rows = conn.execute(
        f"SELECT {', '.join(expression for _, expression in _SELECTED)} "
        "FROM codings c JOIN documents d ON d.id = c.doc "
        "JOIN units u ON u.doc = c.doc AND u.idx = c.unit "
        "LEFT JOIN codes k ON k.code_id = c.code "
        f"WHERE {where} ORDER BY d.doc_id, c.unit, k.position, c.code, c.coder, c.start, c.id",
        params,
    ).fetchall()
    evidence = _evidence(conn, [r[_ID] for r in rows])
    columns = SEGMENT_COLUMNS if segments else CODING_COLUMNS
    pick = itemgetter(*(_WITH_EVIDENCE.index(column) for column in columns))
    if not segments:
        return pd.DataFrame(
            [pick((*r, evidence.get(r[_ID], ""))) for r in rows], columns=list(columns)
        )
    meta, attributes = _metadata(conn)
    doc_at = _WITH_EVIDENCE.index("doc_id")
    data = [
        [
            *pick((*r, evidence.get(r[_ID], ""))),
            *(meta.get(r[doc_at], {}).get(a) for a in attributes),
        ]
        for r in rows
    ]
    return pd.DataFrame(data, columns=[*SEGMENT_COLUMNS, *attributes])


def _with_children(conn: sqlite3.Connection, codes: Iterable[str]) -> list[str]:
    # A hierarchy that loops (a damaged or hand-edited file) has no "codes below": refuse it,
    # as the analysis commands do, rather than list what the loop reaches.
    check_hierarchy(conn, why="nothing was listed", stored=True)
    out: dict[str, None] = {}
    for code in codes:
        # A code group (a REFI-QDA code set) stands for its codes; a code of that name wins.
        members = group_members(conn, code)
        for member in members or [check_code(conn, code, allow_retired=True)]:
            for found in descendants(conn, member):
                out.setdefault(found)
    return list(out)


def segments(
    conn: sqlite3.Connection,
    *,
    codes: Iterable[str] | None,
    coders: Iterable[str] | None,
    where: Mapping[str, Any] | None,
    statuses: Iterable[str] | None,
    doc_ids: Iterable[str] | None,
    ids: Iterable[int] | None = None,
) -> pd.DataFrame:
    frame = codings(
        conn,
        coders=coders,
        statuses=statuses,
        codes=codes,
        doc_ids=doc_ids,
        segments=True,
        ids=ids,
    )
    if where:
        meta, attributes = _metadata(conn)
        known = {a: {m[a] for m in meta.values() if a in m} for a in attributes}
        frame = select_rows(frame, where, attributes=attributes, columns=_FILTERABLE, known=known)
    return frame.reset_index(drop=True)


MEMO_COLUMNS = ("id", "on", "doc_id", "unit", "code", "coding_coder", "coder", "text", "created")


def memos(conn: sqlite3.Connection) -> pd.DataFrame:
    """Every memo: on the project, a transcript, a unit, a code, and a coding.

    ``on`` says where; ``coding_coder`` is whose coding a coding memo is on;
    ``coder`` wrote the memo (empty for memos of older projects whose author
    was not recorded).
    """
    import pandas as pd

    rows = []
    for memo_id, doc_id, unit, code, coding, owner, coder, text, created in conn.execute(
        "SELECT m.id, d.doc_id, m.unit, m.code, m.coding, c.coder, m.coder, m.text, m.created "
        "FROM memos m LEFT JOIN documents d ON d.id = m.doc "
        "LEFT JOIN codings c ON c.id = m.coding ORDER BY m.id"
    ):
        if coding is not None or (unit is not None and code is not None):
            on = "coding"
        elif unit is not None:
            on = "unit"
        elif doc_id is not None and code is not None:
            on = "document and code"
        elif doc_id is not None:
            on = "document"
        elif code is not None:
            on = "code"
        else:
            on = "project"
        rows.append([memo_id, on, doc_id, unit, code, owner, coder, text, created])
    frame = pd.DataFrame(rows, columns=list(MEMO_COLUMNS))
    frame["unit"] = frame["unit"].astype("Int64")
    return frame


def status(conn: sqlite3.Connection, path: str, coders: Sequence[str]) -> ProjectStatus:
    documents_count, words = conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(words), 0) FROM documents"
    ).fetchone()
    unit_count, respondent = conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(interviewer = 0), 0) FROM units"
    ).fetchone()
    head = conn.execute(
        "SELECT name, version, summary FROM codebook_loads ORDER BY id DESC LIMIT 1"
    ).fetchone()
    codes, retired = conn.execute(
        "SELECT COALESCE(SUM(retired = 0), 0), COALESCE(SUM(retired), 0) FROM codes"
    ).fetchone()
    per_coder = []
    for name in coders:
        count, pending = conn.execute(
            "SELECT COUNT(*), COALESCE(SUM(status = 'suggested'), 0) FROM codings WHERE coder = ?",
            (name,),
        ).fetchone()
        coded = conn.execute(
            "SELECT COUNT(*) FROM (SELECT DISTINCT c.doc, c.unit FROM codings c "
            "JOIN units u ON u.doc = c.doc AND u.idx = c.unit "
            "WHERE c.coder = ? AND c.status != 'rejected' AND u.interviewer = 0)",
            (name,),
        ).fetchone()[0]
        # Decisions on suggestions: those made on this coder's suggestions (an
        # automatic coder) and those this coder made (a person); a row counts once.
        accepted, rejected = conn.execute(
            "SELECT COALESCE(SUM(k.verdict = 'accepted'), 0), "
            "COALESCE(SUM(k.verdict = 'rejected'), 0) FROM decisions k "
            "JOIN codings c ON c.id = k.coding WHERE c.coder = ?1 OR k.coder = ?1",
            (name,),
        ).fetchone()
        share = coded / respondent if respondent else 0.0
        per_coder.append(CoderStatus(name, count, coded, share, pending, accepted, rejected))
    return ProjectStatus(
        path=path,
        documents=documents_count,
        units=unit_count,
        respondent_units=respondent,
        words=words,
        codebook_name=head[0] if head else None,
        codebook_version=head[1] if head else None,
        codes=codes,
        retired_codes=retired,
        coders=tuple(per_coder),
        schema_version=current_version(conn),
        codebook_warnings=tuple(json.loads(head[2]).get("warnings", ())) if head else (),
    )
