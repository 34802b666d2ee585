"""The project file's schema, as ordered migrations.

Each migration is a version number and its SQL. A project file records every
migration applied to it in ``schema_migrations``; opening an older file
applies the missing ones, in order, in one transaction. Never edit a
migration that has shipped: add a new one.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

MIGRATIONS: list[tuple[int, str]] = [
    (
        1,
        """
        CREATE TABLE schema_migrations (
            version INTEGER PRIMARY KEY,
            applied TEXT NOT NULL
        );
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            doc_id TEXT NOT NULL UNIQUE,
            text TEXT NOT NULL,
            text_hash TEXT NOT NULL,
            source TEXT,
            encoding TEXT NOT NULL DEFAULT 'utf-8',
            words INTEGER NOT NULL DEFAULT 0,
            added TEXT NOT NULL,
            changed TEXT NOT NULL
        );
        CREATE TABLE metadata (
            doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (doc, key)
        ) WITHOUT ROWID;
        CREATE TABLE units (
            doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            speaker TEXT,
            kind TEXT NOT NULL DEFAULT 'turn',
            interviewer INTEGER NOT NULL DEFAULT 0,
            time_start REAL,
            time_end REAL,
            words INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (doc, idx),
            CHECK (0 <= start AND start <= end)
        ) WITHOUT ROWID;
        CREATE TABLE codebook_loads (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            version TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            languages TEXT NOT NULL DEFAULT '[]',
            negation_window INTEGER NOT NULL,
            negation_words TEXT NOT NULL DEFAULT '{}',
            source TEXT,
            loaded TEXT NOT NULL,
            summary TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE codes (
            code_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            parent TEXT,
            description TEXT NOT NULL DEFAULT '',
            include TEXT NOT NULL DEFAULT '',
            exclude TEXT NOT NULL DEFAULT '',
            examples TEXT NOT NULL DEFAULT '[]',
            color TEXT,
            negation INTEGER NOT NULL DEFAULT 1,
            keywords TEXT NOT NULL DEFAULT '{}',
            near_misses TEXT NOT NULL DEFAULT '{}',
            position INTEGER NOT NULL DEFAULT 0,
            retired INTEGER NOT NULL DEFAULT 0,
            added_in INTEGER REFERENCES codebook_loads(id),
            changed_in INTEGER REFERENCES codebook_loads(id)
        );
        CREATE TABLE codings (
            id INTEGER PRIMARY KEY,
            doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            unit INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            code TEXT NOT NULL REFERENCES codes(code_id),
            coder TEXT NOT NULL,
            origin TEXT NOT NULL CHECK (origin IN ('auto', 'manual')),
            status TEXT NOT NULL CHECK (status IN ('suggested', 'accepted', 'rejected')),
            memo TEXT,
            created TEXT NOT NULL,
            FOREIGN KEY (doc, unit) REFERENCES units(doc, idx) DEFERRABLE INITIALLY DEFERRED,
            CHECK (0 <= start AND start <= end)
        );
        CREATE TABLE evidence (
            coding INTEGER NOT NULL REFERENCES codings(id) ON DELETE CASCADE,
            rule TEXT NOT NULL,
            matched TEXT NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL
        );
        CREATE INDEX evidence_coding ON evidence(coding);
        CREATE INDEX codings_place ON codings(doc, unit);
        CREATE UNIQUE INDEX codings_auto_once ON codings(doc, unit, code, coder)
            WHERE origin = 'auto';
        CREATE UNIQUE INDEX codings_manual_once ON codings(doc, unit, code, coder, start, end)
            WHERE origin = 'manual';
        """,
    ),
    (
        2,
        """
        CREATE TABLE coders (
            name TEXT PRIMARY KEY,
            kind TEXT NOT NULL DEFAULT 'person' CHECK (kind IN ('auto', 'person')),
            added TEXT NOT NULL
        );
        INSERT INTO coders (name, kind, added)
            SELECT coder, CASE WHEN MAX(origin = 'auto') THEN 'auto' ELSE 'person' END,
                   MIN(created)
            FROM codings GROUP BY coder;
        ALTER TABLE codings ADD COLUMN reviewer TEXT;
        ALTER TABLE codings ADD COLUMN reviewed TEXT;
        CREATE TABLE memos (
            id INTEGER PRIMARY KEY,
            doc INTEGER REFERENCES documents(id) ON DELETE CASCADE,
            code TEXT REFERENCES codes(code_id),
            coder TEXT NOT NULL,
            text TEXT NOT NULL,
            created TEXT NOT NULL,
            CHECK (doc IS NOT NULL OR code IS NOT NULL)
        );
        CREATE INDEX memos_doc ON memos(doc);
        CREATE INDEX memos_code ON memos(code);
        """,
    ),
    (
        3,
        """
        CREATE INDEX codings_code ON codings(code, coder);
        CREATE INDEX codings_coder ON codings(coder, status);
        """,
    ),
    (
        4,
        """
        CREATE TABLE review_state (
            coder TEXT NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (coder, key)
        ) WITHOUT ROWID;
        """,
    ),
    (
        5,
        # The GUIDs other QDA tools gave codes, sources and users, kept at a
        # REFI-QDA import so that an export gives them back.
        """
        CREATE TABLE exchange_guids (
            kind TEXT NOT NULL CHECK (kind IN ('code', 'source', 'user')),
            local TEXT NOT NULL,
            guid TEXT NOT NULL,
            PRIMARY KEY (kind, local)
        ) WITHOUT ROWID;
        """,
    ),
    (
        6,
        # Counting coded units (store/counts.py) on a large project. An index of
        # exactly what it reads of each coding, so that it reads that index
        # alone (its first two columns are those of codings_coder, which it
        # therefore replaces); and, per document, what it needs of the units —
        # how many, the largest index, the respondents' indexes — written with
        # the units (store/documents.py), so that it does not read every unit.
        """
        DROP INDEX IF EXISTS codings_coder;
        CREATE INDEX codings_tally ON codings(coder, status, code, origin, doc, unit);
        CREATE TABLE unit_summary (
            doc INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            units INTEGER NOT NULL,
            last INTEGER NOT NULL,
            respondent_idx TEXT NOT NULL
        );
        INSERT INTO unit_summary (doc, units, last, respondent_idx)
            SELECT d.id, COUNT(u.idx), COALESCE(MAX(u.idx), 0),
                   COALESCE(group_concat(CASE WHEN u.interviewer = 0 THEN u.idx END), '')
            FROM documents d LEFT JOIN units u ON u.doc = d.id GROUP BY d.id;
        """,
    ),
    (
        7,
        # What other QDA tools bring (REFI-QDA, coded sheets) and must keep:
        # - code groups: ATLAS.ti code groups, MAXQDA and NVivo code sets, a
        #   named selection of codes across the hierarchy (GUID kept for export);
        # - spans: a coding that runs over several units is stored as one coding
        #   per unit, each piece carrying the id of the first, so that an export
        #   shows the whole span again;
        # - memos on the whole project (REFI-QDA project notes): the memos table
        #   is rebuilt without its rule that a memo names a transcript or a code.
        """
        CREATE TABLE code_groups (
            name TEXT PRIMARY KEY,
            description TEXT NOT NULL DEFAULT '',
            guid TEXT
        );
        CREATE TABLE code_group_members (
            name TEXT NOT NULL REFERENCES code_groups(name) ON DELETE CASCADE,
            code TEXT NOT NULL REFERENCES codes(code_id) ON DELETE CASCADE,
            PRIMARY KEY (name, code)
        ) WITHOUT ROWID;
        ALTER TABLE codings ADD COLUMN span INTEGER;
        CREATE INDEX codings_span ON codings(span) WHERE span IS NOT NULL;
        CREATE TABLE memos_new (
            id INTEGER PRIMARY KEY,
            doc INTEGER REFERENCES documents(id) ON DELETE CASCADE,
            code TEXT REFERENCES codes(code_id),
            coder TEXT NOT NULL,
            text TEXT NOT NULL,
            created TEXT NOT NULL
        );
        INSERT INTO memos_new (id, doc, code, coder, text, created)
            SELECT id, doc, code, coder, text, created FROM memos;
        DROP TABLE memos;
        ALTER TABLE memos_new RENAME TO memos;
        CREATE INDEX memos_doc ON memos(doc);
        CREATE INDEX memos_code ON memos(code);
        """,
    ),
]

#: The schema version this interviewkit writes.
LATEST: int = MIGRATIONS[-1][0]


def statements(sql: str) -> list[str]:
    """Split a migration into statements (``executescript`` would commit midway)."""
    out: list[str] = []
    buffer = ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            out.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        out.append(buffer.strip())
    return out


def current_version(conn: sqlite3.Connection) -> int:
    """The highest migration applied to the database; 0 for an empty one."""
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
    ).fetchone()
    if found is None:
        return 0
    row = conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
    return int(row[0] or 0)


def migrate(conn: sqlite3.Connection, *, target: int | None = None) -> list[int]:
    """Apply the missing migrations up to ``target`` (default: all) and record them.

    The caller holds the write transaction; this function neither begins nor
    commits, so that a failed migration leaves the file as it was.
    """
    goal = LATEST if target is None else target
    have = current_version(conn)
    applied: list[int] = []
    for version, sql in MIGRATIONS:
        if have < version <= goal:
            for statement in statements(sql):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_migrations (version, applied) VALUES (?, ?)",
                (version, datetime.now(timezone.utc).isoformat(timespec="seconds")),
            )
            applied.append(version)
    return applied
