"""The audit trail: every change of a project, by run, and undoing a run.

A *run* is one command (or one Python session) that changed the project:
its command line, the coder it acted for, and when it started. Triggers
(migration 7) record every insert, update and delete of the project's tables
in ``changes``, with the row's key and its values before and after, while
``current_run`` names the run; :class:`~interviewkit.store.database.Database`
sets it at the start of every write transaction and clears it before the
commit, so that nothing is written outside a run and a transaction that
changed nothing leaves no run behind.

:func:`undo` takes a run's changes back, newest first, in one transaction
that is a run of its own (so an undo shows in the log, and can itself be
undone). It refuses when a later run changed a row the run touched, or made
a row that hangs on one (a decision on a suggestion the run made), and names
those runs.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from interviewkit.errors import DataError, UsageError
from interviewkit.run_context import context
from interviewkit.store.lookup import now

#: Rows that hang on a row of another table: (table, column) → the table it points to.
#: A later row pointing to a row a run made or changed blocks undoing that run.
DEPENDENTS: dict[str, tuple[tuple[str, str], ...]] = {
    "codings": (("decisions", "coding"), ("evidence", "coding"), ("memos", "coding")),
    "documents": (
        ("codings", "doc"),
        ("units", "doc"),
        ("metadata", "doc"),
        ("memos", "doc"),
        ("unit_summary", "doc"),
    ),
    "codes": (("codings", "code"), ("memos", "code"), ("codes", "parent")),
}


def begin(conn: sqlite3.Connection, run: int | None) -> tuple[int, bool]:
    """Name the run the changes of this transaction belong to; (its id, whether it is new)."""
    made = run is None
    if run is None:
        command, coder = context()
        run = int(
            conn.execute(
                "INSERT INTO runs (command, coder, started) VALUES (?, ?, ?)",
                (command, coder, now()),
            ).lastrowid
            or 0
        )
    conn.execute("UPDATE current_run SET run = ? WHERE id = 1", (run,))
    return run, made


def end(conn: sqlite3.Connection, run: int, *, made: bool) -> bool:
    """Stop recording; drop a run this transaction made that changed nothing.

    Returns whether the run stays (it changed something, or was made before).
    """
    conn.execute("UPDATE current_run SET run = NULL WHERE id = 1")
    if made and conn.execute("SELECT 1 FROM changes WHERE run = ? LIMIT 1", (run,)).fetchone():
        return True
    if made:
        conn.execute("DELETE FROM runs WHERE id = ?", (run,))
        return False
    return True


# --------------------------------------------------------------------------- reading the log


@dataclass(frozen=True)
class Run:
    """One run of the log: what it was, and how many rows it changed per table and action."""

    id: int
    command: str
    coder: str | None
    started: str
    changes: dict[str, dict[str, int]] = field(default_factory=dict)
    undoes: int | None = None
    undone_by: int | None = None
    coders: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()

    def summary(self) -> str:
        """``codings +24 −3 ~2; decisions +1`` (added, removed, changed), in a researcher's
        words; the bookkeeping that follows from them (evidence, unit summaries) is left out."""
        signs = {"insert": "+", "delete": "−", "update": "~"}
        parts = []
        for table in sorted(self.changes, key=lambda t: _TABLE_ORDER.get(t, 99)):
            if table not in TABLE_WORDS:
                continue
            counts = self.changes[table]
            marks = " ".join(
                f"{signs[a]}{counts[a]}" for a in ("insert", "delete", "update") if a in counts
            )
            parts.append(f"{TABLE_WORDS[table][1]} {marks}")
        return "; ".join(parts)


#: What a researcher calls the rows of a table: (one, several). Tables not listed are
#: bookkeeping that follows from these (evidence of suggestions, unit summaries, GUIDs).
TABLE_WORDS = {
    "documents": ("transcript", "transcripts"),
    "metadata": ("attribute", "attributes"),
    "units": ("unit", "units"),
    "codebook_loads": ("codebook load", "codebook loads"),
    "codes": ("code", "codes"),
    "code_groups": ("code group", "code groups"),
    "codings": ("coding", "codings"),
    "decisions": ("decision", "decisions"),
    "memos": ("memo", "memos"),
    "coders": ("coder", "coders"),
}


_TABLE_ORDER = {
    name: i
    for i, name in enumerate(
        (
            "documents",
            "metadata",
            "units",
            "unit_summary",
            "codebook_loads",
            "codes",
            "codings",
            "evidence",
            "decisions",
            "memos",
            "coders",
            "exchange_guids",
        )
    )
}
#: Tables a person reads in the log; the others follow from them.
SHOWN = ("documents", "metadata", "codes", "codings", "decisions", "memos")


@dataclass(frozen=True)
class Change:
    """One recorded change of a row."""

    id: int
    run: int
    table: str
    key: tuple[Any, ...]
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    #: The transcript the row belongs to, when it belongs to one.
    doc_id: str | None = None


def runs(
    conn: sqlite3.Connection,
    *,
    coder: str | None = None,
    doc_id: str | None = None,
    since: str | None = None,
) -> list[Run]:
    """The runs of the log, oldest first, filtered by coder, document and start time."""
    doc = None
    if doc_id is not None:
        from interviewkit.store.lookup import doc_rowid

        try:
            doc = doc_rowid(conn, doc_id)
        except DataError:
            doc = _deleted_doc(conn, doc_id)
    rows = conn.execute(
        "SELECT id, command, coder, started, undoes, undone_by FROM runs "
        "WHERE (?1 IS NULL OR started >= ?1) ORDER BY id",
        (since,),
    ).fetchall()
    tallies: dict[int, dict[str, dict[str, int]]] = {}
    for run, table, action, n in conn.execute(
        "SELECT run, tbl, action, COUNT(*) FROM changes GROUP BY run, tbl, action"
    ):
        tallies.setdefault(run, {}).setdefault(table, {})[action] = n
    people: dict[int, set[str]] = {}
    for run, name in conn.execute(
        "SELECT DISTINCT run, COALESCE(json_extract(new_row, '$.coder'), "
        "json_extract(old_row, '$.coder')) FROM changes "
        "WHERE tbl IN ('codings', 'decisions', 'memos')"
    ):
        if name:
            people.setdefault(run, set()).add(name)
    docs: dict[int, set[int]] = {}
    for run, value in conn.execute(
        "SELECT DISTINCT run, COALESCE(json_extract(new_row, '$.doc'), "
        "json_extract(old_row, '$.doc'), CASE WHEN tbl = 'documents' THEN "
        "json_extract(rowkey, '$[0]') END) FROM changes"
    ):
        if value is not None:
            docs.setdefault(run, set()).add(int(value))
    names = dict(conn.execute("SELECT id, doc_id FROM documents"))
    names.update(_document_names(conn))
    out = []
    for run, command, run_coder, started, undoes, undone_by in rows:
        who = people.get(run, set())
        if coder is not None and run_coder != coder and coder not in who:
            continue
        if doc is not None and doc not in docs.get(run, set()):
            continue
        out.append(
            Run(
                run,
                command,
                run_coder,
                started,
                tallies.get(run, {}),
                undoes,
                undone_by,
                tuple(sorted(who)),
                tuple(sorted(str(names.get(d, d)) for d in docs.get(run, set()))),
            )
        )
    return out


def _document_names(conn: sqlite3.Connection) -> dict[int, str]:
    """Row id → doc id, also for documents that were removed since (from the log)."""
    return {
        int(rowid): name
        for rowid, name in conn.execute(
            "SELECT json_extract(rowkey, '$[0]'), COALESCE(json_extract(new_row, '$.doc_id'), "
            "json_extract(old_row, '$.doc_id')) FROM changes WHERE tbl = 'documents'"
        )
        if name
    }


def _deleted_doc(conn: sqlite3.Connection, doc_id: str) -> int:
    for rowid, name in _document_names(conn).items():
        if name == doc_id:
            return rowid
    from interviewkit.store.lookup import all_doc_ids, unknown

    raise unknown("transcript", doc_id, all_doc_ids(conn))


def changes(conn: sqlite3.Connection, run: int) -> list[Change]:
    """The changes of one run, in the order they were made."""
    check_run(conn, run)
    names = dict(conn.execute("SELECT id, doc_id FROM documents"))
    names.update(_document_names(conn))
    out = []
    for cid, table, key, action, before, after in conn.execute(
        "SELECT id, tbl, rowkey, action, old_row, new_row FROM changes WHERE run = ? ORDER BY id",
        (run,),
    ):
        keys = tuple(json.loads(key))
        old = json.loads(before) if before else None
        new = json.loads(after) if after else None
        doc = (new or old or {}).get("doc") if table != "documents" else keys[0]
        out.append(Change(cid, run, table, keys, action, old, new, names.get(doc) if doc else None))
    return out


def check_run(conn: sqlite3.Connection, run: int, *, asking: int | None = None) -> None:
    """A usage error unless ``run`` is in the log. ``asking``: the run of the command that
    asks (an undo's own run, which has changed nothing yet, is no run to ask about)."""
    found = conn.execute("SELECT 1 FROM runs WHERE id = ?", (run,)).fetchone()
    asked_itself = (
        run == asking
        and not conn.execute("SELECT 1 FROM changes WHERE run = ? LIMIT 1", (run,)).fetchone()
    )
    if found is None or asked_itself:
        last = conn.execute("SELECT MAX(id) FROM runs WHERE id <> ?", (asking or 0,)).fetchone()[0]
        raise UsageError(
            f"there is no run {run} in this project's log",
            hint=(
                f"The runs are numbered 1 to {last}: 'interviewkit log' lists them."
                if last
                else "Nothing has been recorded yet: 'interviewkit log' lists the runs."
            ),
        )


# --------------------------------------------------------------------------- undo


@dataclass(frozen=True)
class UndoReport:
    """What :func:`undo` took back: the run undone, the new run, rows restored per table."""

    run: int
    undo_run: int
    restored: dict[str, int]


def blockers(conn: sqlite3.Connection, run: int) -> list[tuple[int, str, str]]:
    """The later runs still in effect that hang on ``run``: (run, its command, why).

    A later run hangs on it when it changed a row ``run`` changed, or made or
    changed a row pointing to one (a decision on a suggestion ``run`` made). Runs
    that were undone, and the undo runs themselves, are not in effect.
    """
    touched = {
        (table, key)
        for table, key in conn.execute(
            "SELECT DISTINCT tbl, rowkey FROM changes WHERE run = ?", (run,)
        )
    }
    parents: dict[str, set[Any]] = {table: set() for table in DEPENDENTS}
    for table, key in touched:
        if table in parents:
            parents[table].add(json.loads(key)[0])
    links = [
        (table, column, parent)
        for parent, pointing in DEPENDENTS.items()
        for table, column in pointing
        if parents[parent]
    ]
    found: dict[int, tuple[str, set[str]]] = {}
    for other, command, table, key, before, after in conn.execute(
        "SELECT c.run, r.command, c.tbl, c.rowkey, c.old_row, c.new_row FROM changes c "
        "JOIN runs r ON r.id = c.run "
        "WHERE c.run > ? AND r.undone_by IS NULL AND r.undoes IS NULL ORDER BY c.id",
        (run,),
    ):
        why = None
        if (table, key) in touched:
            why = f"changed its {table}"
        else:
            for linked, column, parent in links:
                if linked == table:
                    row = json.loads(after or before)
                    if row.get(column) in parents[parent]:
                        why = f"{table} on its {parent}"
                        break
        if why:
            found.setdefault(other, (command, set()))[1].add(why)
    return [(other, found[other][0], "; ".join(sorted(found[other][1]))) for other in sorted(found)]


def undo(conn: sqlite3.Connection, run: int, *, undo_run: int) -> UndoReport:
    """Take back the changes of ``run``; the caller holds the transaction of ``undo_run``."""
    check_run(conn, run, asking=undo_run)
    undone_by = conn.execute("SELECT undone_by FROM runs WHERE id = ?", (run,)).fetchone()[0]
    if undone_by is not None:
        raise UsageError(
            f"run {run} was undone already, by run {undone_by}",
            hint=f"To bring its changes back, undo run {undone_by}.",
        )
    blocking = blockers(conn, run)
    if blocking:
        listed = "; ".join(
            f"run {r} ({command.removeprefix('interviewkit ')}: {why})"
            for r, command, why in blocking[:4]
        )
        more = f"; and {len(blocking) - 4} more" if len(blocking) > 4 else ""
        raise DataError(
            f"run {run} cannot be undone: later runs depend on it: {listed}{more}",
            hint="Undo those runs first, newest first ('interviewkit log' lists them), "
            "or leave this run in place.",
        )
    if run == undo_run:
        raise UsageError(
            f"run {run} is the run this project is recording now: it cannot undo itself",
            hint="Close the project and open it again; then undo the run.",
        )
    restored: dict[str, int] = {}
    for change in reversed(changes(conn, run)):
        try:
            _take_back(conn, change)
        except sqlite3.IntegrityError as exc:
            raise DataError(
                f"run {run} cannot be undone: restoring a row of {change.table} conflicts with "
                f"what is in the project now ({exc}); nothing was changed",
                hint="A later run made the same row again: undo the later runs first, "
                "newest first.",
            ) from None
        restored[change.table] = restored.get(change.table, 0) + 1
    conn.execute("UPDATE runs SET undoes = ? WHERE id = ?", (run, undo_run))
    conn.execute("UPDATE runs SET undone_by = ? WHERE id = ?", (undo_run, run))
    (first,) = conn.execute("SELECT undoes FROM runs WHERE id = ?", (run,)).fetchone()
    if first is not None:
        # Undoing an undo brings the run it undid back into effect.
        conn.execute("UPDATE runs SET undone_by = NULL WHERE id = ?", (first,))
    return UndoReport(run, undo_run, restored)


def _take_back(conn: sqlite3.Connection, change: Change) -> None:
    from interviewkit.store.migrations import LOGGED

    key_columns = LOGGED[change.table][0]
    where = " AND ".join(f'"{c}" = ?' for c in key_columns)
    if change.action == "insert":
        conn.execute(f"DELETE FROM {change.table} WHERE {where}", change.key)
        return
    assert change.before is not None
    columns = list(change.before)
    if change.action == "delete":
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" * len(columns))
        conn.execute(
            f"INSERT INTO {change.table} ({names}) VALUES ({marks})",
            [change.before[c] for c in columns],
        )
        return
    assignments = ", ".join(f'"{c}" = ?' for c in columns if c not in key_columns)
    conn.execute(
        f"UPDATE {change.table} SET {assignments} WHERE {where}",
        [*(change.before[c] for c in columns if c not in key_columns), *change.key],
    )
