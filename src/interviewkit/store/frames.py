"""The project as pandas DataFrames: documents, units, codings, segments, memos, status.

pandas is imported inside the functions, so that opening a project (and the
command line's ``--help``) stays fast.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from interviewkit.models import STANDARD_ATTRIBUTES, STATUSES
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
    "reviewer",
    "reviewed",
)
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
    """Metadata of every transcript by doc id, and the attribute columns in order."""
    by_doc: dict[str, dict[str, str]] = {}
    keys: set[str] = set()
    for doc_id, key, value in conn.execute(
        "SELECT d.doc_id, m.key, m.value FROM metadata m JOIN documents d ON d.id = m.doc"
    ):
        by_doc.setdefault(doc_id, {})[key] = value
        keys.add(key)
    others = sorted(keys - set(STANDARD_ATTRIBUTES))
    return by_doc, [*STANDARD_ATTRIBUTES, *others]


def documents(conn: sqlite3.Connection) -> pd.DataFrame:
    import pandas as pd

    meta, attributes = _metadata(conn)
    first = ["language", "city", "country", "partner_city", "institution"]
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
            "SELECT u.idx, u.speaker, u.interviewer, u.start, u.end, u.time_start, u.time_end, "
            "u.words, substr(d.text, u.start + 1, u.end - u.start), u.kind "
            "FROM units u JOIN documents d ON d.id = u.doc WHERE u.doc = ? ORDER BY u.idx",
            (rowid,),
        ):
            rows.append([doc_id, row[0], row[1], bool(row[2]), *row[3:]])
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


#: The columns of :func:`coding_keys`: what counting needs, nothing more.
CODING_KEY_COLUMNS = ("doc_id", "unit", "code", "coder", "origin", "status")


def coding_keys(conn: sqlite3.Connection, *, statuses: Iterable[str] | None) -> pd.DataFrame:
    """Who coded which unit with which code: no text, no evidence (for counting)."""
    import pandas as pd

    condition, params = _in("c.status", _statuses(statuses))
    rows = conn.execute(
        "SELECT d.doc_id, c.unit, c.code, c.coder, c.origin, c.status FROM codings c "
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
) -> pd.DataFrame:
    """One row per coding; with ``segments``, the columns of :func:`segments`."""
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
    where = " AND ".join(clauses) or "1"
    rows = conn.execute(
        "SELECT c.id, d.doc_id, c.unit, u.speaker, c.start, c.end, c.code, k.name, c.coder, "
        "c.origin, c.status, c.memo, substr(d.text, c.start + 1, c.end - c.start), c.created, "
        "c.reviewer, c.reviewed "
        "FROM codings c JOIN documents d ON d.id = c.doc "
        "JOIN units u ON u.doc = c.doc AND u.idx = c.unit "
        "LEFT JOIN codes k ON k.code_id = c.code "
        f"WHERE {where} ORDER BY d.doc_id, c.unit, k.position, c.code, c.coder, c.start, c.id",
        params,
    ).fetchall()
    evidence = _evidence(conn, [r[0] for r in rows])
    if not segments:
        return pd.DataFrame(
            [
                [
                    r[0],
                    r[1],
                    r[2],
                    r[4],
                    r[5],
                    r[6],
                    r[7],
                    r[8],
                    r[9],
                    r[10],
                    evidence.get(r[0], ""),
                    r[11],
                    r[13],
                    r[14],
                    r[15],
                ]
                for r in rows
            ],
            columns=list(CODING_COLUMNS),
        )
    meta, attributes = _metadata(conn)
    data = [
        [
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            r[6],
            r[7],
            r[8],
            r[9],
            r[10],
            evidence.get(r[0], ""),
            r[11],
            r[12],
            *(meta.get(r[1], {}).get(a) for a in attributes),
        ]
        for r in rows
    ]
    return pd.DataFrame(data, columns=[*SEGMENT_COLUMNS, *attributes])


def _with_children(conn: sqlite3.Connection, codes: Iterable[str]) -> list[str]:
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
) -> pd.DataFrame:
    frame = codings(
        conn, coders=coders, statuses=statuses, codes=codes, doc_ids=doc_ids, segments=True
    )
    for attribute, wanted in (where or {}).items():
        if attribute not in frame.columns or attribute == "text":
            choices = [*frame.columns[len(SEGMENT_COLUMNS) :], *_FILTERABLE]
            raise unknown(
                "attribute",
                attribute,
                choices,
                hint="Attributes come from the transcripts' metadata.",
            )
        values = [wanted] if isinstance(wanted, (str, int, float)) else list(wanted)
        frame = frame[frame[attribute].astype(str).isin([str(v) for v in values])]
    return frame.reset_index(drop=True)


def memos(conn: sqlite3.Connection) -> pd.DataFrame:
    """Every memo: on transcripts, on codes, on codings, and on the whole project."""
    import pandas as pd

    rows = [
        [
            "project"
            if code is None and doc_id is None
            else "document"
            if code is None
            else "code"
            if doc_id is None
            else "document and code",
            doc_id,
            None,
            code,
            coder,
            text,
            created,
        ]
        for doc_id, code, coder, text, created in conn.execute(
            "SELECT d.doc_id, m.code, m.coder, m.text, m.created FROM memos m "
            "LEFT JOIN documents d ON d.id = m.doc ORDER BY m.id"
        )
    ]
    rows += [
        ["coding", doc_id, unit, code, coder, memo, created]
        for doc_id, unit, code, coder, memo, created in conn.execute(
            "SELECT d.doc_id, c.unit, c.code, c.coder, c.memo, c.created FROM codings c "
            "JOIN documents d ON d.id = c.doc WHERE c.memo IS NOT NULL "
            "ORDER BY d.doc_id, c.unit, c.code"
        )
    ]
    return pd.DataFrame(rows, columns=["on", "doc_id", "unit", "code", "coder", "text", "created"])


def status(conn: sqlite3.Connection, path: str, coders: Sequence[str]) -> ProjectStatus:
    documents_count, words = conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(words), 0) FROM documents"
    ).fetchone()
    unit_count, respondent = conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(interviewer = 0), 0) FROM units"
    ).fetchone()
    head = conn.execute(
        "SELECT name, version FROM codebook_loads ORDER BY id DESC LIMIT 1"
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
            "SELECT COALESCE(SUM(status = 'accepted'), 0), COALESCE(SUM(status = 'rejected'), 0) "
            "FROM codings WHERE origin = 'auto' AND status IN ('accepted', 'rejected') "
            "AND (coder = ? OR reviewer = ?)",
            (name, name),
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
    )
