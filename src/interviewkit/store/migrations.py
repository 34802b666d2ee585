"""The project file's schema, as ordered migrations.

Each migration is a version number and its SQL. A project file records every
migration applied to it in ``schema_migrations``; opening an older file
applies the missing ones, in order, in one transaction. Never edit a
migration that has shipped: add a new one.

Why this module is long: every migration that ever shipped stays here, in
order, as the SQL it ran, so that any older project can be brought up to date.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

#: The tables whose changes the audit trail records (migration 7): each with the
#: columns that identify a row and every column. Frozen with migration 7: a later
#: migration that changes one of these tables writes its triggers anew.
LOGGED_7: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "documents": (
        ("id",),
        ("id", "doc_id", "text", "text_hash", "source", "encoding", "words", "added", "changed"),
    ),
    "metadata": (("doc", "key"), ("doc", "key", "value")),
    "units": (
        ("doc", "idx"),
        (
            "doc",
            "idx",
            "start",
            "end",
            "speaker",
            "kind",
            "interviewer",
            "time_start",
            "time_end",
            "words",
        ),
    ),
    "unit_summary": (("doc",), ("doc", "units", "last", "respondent_idx")),
    "codebook_loads": (
        ("id",),
        (
            "id",
            "name",
            "version",
            "description",
            "languages",
            "negation_window",
            "negation_words",
            "source",
            "loaded",
            "summary",
        ),
    ),
    "codes": (
        ("code_id",),
        (
            "code_id",
            "name",
            "parent",
            "description",
            "include",
            "exclude",
            "examples",
            "color",
            "negation",
            "keywords",
            "near_misses",
            "position",
            "retired",
            "added_in",
            "changed_in",
        ),
    ),
    "codings": (
        ("id",),
        (
            "id",
            "doc",
            "unit",
            "start",
            "end",
            "code",
            "coder",
            "origin",
            "status",
            "memo",
            "created",
            "reviewer",
            "reviewed",
        ),
    ),
    "evidence": (("rowid",), ("rowid", "coding", "rule", "matched", "start", "end")),
    "decisions": (("id",), ("id", "coding", "coder", "verdict", "decided")),
    "memos": (("id",), ("id", "doc", "unit", "code", "coding", "coder", "text", "created")),
    "coders": (("name",), ("name", "kind", "added")),
    "exchange_guids": (("kind", "local"), ("kind", "local", "guid")),
}


LOGGED_8: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "codings": (LOGGED_7["codings"][0], (*LOGGED_7["codings"][1], "span")),
    "code_groups": (("name",), ("name", "description", "guid")),
    "code_group_members": (("name", "code"), ("name", "code")),
}


def log_triggers(table: str, key: tuple[str, ...], columns: tuple[str, ...]) -> str:
    """The triggers that record every insert, update and delete of ``table`` in ``changes``.

    A change is recorded while ``current_run`` names a run (every write
    transaction of :class:`~interviewkit.store.database.Database` sets it),
    with the row's key and its values before and after, as JSON.
    """

    def row(alias: str, names: tuple[str, ...]) -> str:
        return "json_object(" + ", ".join(f"'{c}', {alias}.\"{c}\"" for c in names) + ")"

    def keyed(alias: str) -> str:
        return "json_array(" + ", ".join(f'{alias}."{c}"' for c in key) + ")"

    run = "(SELECT run FROM current_run WHERE id = 1)"
    parts = []
    for action, when, before, after, alias in (
        ("insert", "INSERT", "NULL", row("NEW", columns), "NEW"),
        ("update", "UPDATE", row("OLD", columns), row("NEW", columns), "NEW"),
        ("delete", "DELETE", row("OLD", columns), "NULL", "OLD"),
    ):
        parts.append(
            f"CREATE TRIGGER log_{table}_{action} AFTER {when} ON {table} "
            f"WHEN {run} IS NOT NULL BEGIN "
            f"INSERT INTO changes (run, tbl, rowkey, action, old_row, new_row) VALUES "
            f"({run}, '{table}', {keyed(alias)}, '{action}', {before}, {after}); END;"
        )
    return "\n".join(parts)


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
        # Several coders in one study (docs/coders.md). Review decisions become
        # records of their own, one per coder and suggestion (two coders may
        # decide differently; codings.status of a suggestion is what they
        # decided together: accepted when someone accepted it, rejected when
        # all who decided rejected it). A coder may be the final coding that
        # consensus writes. Memos are on the project, a transcript, a unit, a
        # code or a coding, each with its author (coding memos were text in
        # codings.memo, with no author; unit memos a "unit N: " prefix). The
        # audit trail: runs (one per command) and every change of a row.
        """
        CREATE TABLE decisions (
            id INTEGER PRIMARY KEY,
            coding INTEGER NOT NULL REFERENCES codings(id) ON DELETE CASCADE,
            coder TEXT NOT NULL,
            verdict TEXT NOT NULL CHECK (verdict IN ('accepted', 'rejected')),
            decided TEXT NOT NULL,
            UNIQUE (coding, coder)
        );
        CREATE INDEX decisions_tally ON decisions(coder, verdict, coding);
        INSERT INTO decisions (coding, coder, verdict, decided)
            SELECT id, reviewer, status, COALESCE(reviewed, created) FROM codings
            WHERE origin = 'auto' AND status IN ('accepted', 'rejected')
            AND reviewer IS NOT NULL;
        UPDATE codings SET reviewer = NULL, reviewed = NULL;
        CREATE TABLE coders_7 (
            name TEXT PRIMARY KEY,
            kind TEXT NOT NULL DEFAULT 'person' CHECK (kind IN ('auto', 'person', 'consensus')),
            added TEXT NOT NULL
        );
        INSERT INTO coders_7 (name, kind, added) SELECT name, kind, added FROM coders;
        DROP TABLE coders;
        ALTER TABLE coders_7 RENAME TO coders;
        CREATE TABLE memos_7 (
            id INTEGER PRIMARY KEY,
            doc INTEGER REFERENCES documents(id) ON DELETE CASCADE,
            unit INTEGER,
            code TEXT REFERENCES codes(code_id),
            coding INTEGER REFERENCES codings(id) ON DELETE SET NULL,
            coder TEXT NOT NULL,
            text TEXT NOT NULL,
            created TEXT NOT NULL,
            CHECK (unit IS NULL OR doc IS NOT NULL)
        );
        INSERT INTO memos_7 (id, doc, unit, code, coder, text, created)
            SELECT id, doc,
                   CASE WHEN code IS NULL AND text GLOB 'unit [0-9]*: *'
                        THEN CAST(substr(text, 6, instr(text, ':') - 6) AS INTEGER) END,
                   code, coder,
                   CASE WHEN code IS NULL AND text GLOB 'unit [0-9]*: *'
                        THEN substr(text, instr(text, ':') + 2) ELSE text END,
                   created
            FROM memos;
        INSERT INTO memos_7 (doc, unit, code, coding, coder, text, created)
            SELECT doc, unit, code, id, CASE WHEN origin = 'manual' THEN coder ELSE '' END,
                   memo, created
            FROM codings WHERE memo IS NOT NULL AND memo != '';
        UPDATE codings SET memo = NULL;
        DROP TABLE memos;
        ALTER TABLE memos_7 RENAME TO memos;
        CREATE INDEX memos_doc ON memos(doc, unit);
        CREATE INDEX memos_code ON memos(code);
        CREATE INDEX memos_coding ON memos(coding);
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            command TEXT NOT NULL,
            coder TEXT,
            started TEXT NOT NULL,
            undoes INTEGER REFERENCES runs(id),
            undone_by INTEGER REFERENCES runs(id)
        );
        CREATE TABLE changes (
            id INTEGER PRIMARY KEY,
            run INTEGER NOT NULL REFERENCES runs(id),
            tbl TEXT NOT NULL,
            rowkey TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
            old_row TEXT,
            new_row TEXT
        );
        CREATE INDEX changes_run ON changes(run);
        CREATE INDEX changes_row ON changes(tbl, rowkey);
        CREATE TABLE current_run (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            run INTEGER
        );
        INSERT INTO current_run (id, run) VALUES (1, NULL);
        """
        + "\n".join(
            log_triggers(table, key, columns) for table, (key, columns) in LOGGED_7.items()
        ),
    ),
    (
        8,
        # What other QDA tools bring (REFI-QDA, coded sheets) and must keep:
        # - code groups: ATLAS.ti code groups, MAXQDA and NVivo code sets, a
        #   named selection of codes across the hierarchy (GUID kept for export);
        # - spans: a coding that runs over several units is stored as one coding
        #   per unit, each piece carrying the id of the first, so that an export
        #   shows the whole span again.
        # The audit trail records the new tables, and the codings with their span.
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
        DROP TRIGGER log_codings_insert;
        DROP TRIGGER log_codings_update;
        DROP TRIGGER log_codings_delete;
        """
        + "\n".join(
            log_triggers(table, *LOGGED_8[table])
            for table in ("codings", "code_groups", "code_group_members")
        ),
    ),
]

#: The tables whose logged columns changed or were added with migration 8.
LOGGED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {**LOGGED_7, **LOGGED_8}

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
