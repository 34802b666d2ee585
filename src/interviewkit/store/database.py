"""Opening a project file safely, and one transaction per unit of work.

Nothing is written to a file before it is known to be one of our projects
at a schema this version understands: a file that is not a project, or one
made by a newer interviewkit, is left byte for byte as it was.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from interviewkit.errors import ProjectError
from interviewkit.store import audit
from interviewkit.store.migrations import LATEST, current_version, migrate

#: Seconds a command waits for another one that is writing to the same project.
BUSY_TIMEOUT = 30.0

MEMORY = ":memory:"

_UPDATE_HINT = "Update interviewkit (python -m pip install -U interviewkit) and run it again."
_INIT_HINT = (
    "Create a project with 'interviewkit init' (it makes interviewkit.db in this folder), "
    "or name an existing one with --project PATH or the INTERVIEWKIT_PROJECT variable."
)


class Database:
    """A connection to a project file with the project's transaction discipline.

    Write methods run inside :meth:`transaction` (``BEGIN IMMEDIATE`` …
    ``COMMIT``, rolled back on any error); reads that need a consistent view
    run inside :meth:`snapshot`. Both nest: the outermost one decides.
    """

    def __init__(self, conn: sqlite3.Connection, *, path: str, readonly: bool) -> None:
        self.conn = conn
        self.path = path
        self.readonly = readonly
        self._depth = 0
        #: Whether changes are recorded in the audit trail (files at the latest schema;
        #: an in-memory project is gone when the command ends, and is not recorded).
        self.audited = False
        #: The run this connection's changes belong to (made by the first change).
        self.run: int | None = None

    @classmethod
    def open(cls, path: str | Path, *, readonly: bool = False) -> Database:
        """Open an existing project, migrating it if it is older than this tool."""
        if str(path) == MEMORY:
            return cls.create(MEMORY)
        file = _existing(path)
        readonly = readonly or not _writable(file)
        conn = _connect(file, readonly=readonly)
        try:
            version = _check_project(conn, file)
            _check_tables(conn, file, version)
            if version < LATEST:
                if readonly:
                    raise ProjectError(
                        f"{file} was made by an older interviewkit and must be upgraded, "
                        "but it is read-only",
                        hint="Make the file writable (or work on a copy) and open it again; "
                        "the upgrade keeps everything in it.",
                    )
                _enable_wal(conn, file)
                db = cls(conn, path=str(file), readonly=False)
                with db.transaction():
                    # Another process may have upgraded it while we waited for the lock.
                    migrate(conn)
                db.audited = True
                return db
            if not readonly:
                _enable_wal(conn, file)
        except BaseException:
            conn.close()
            raise
        db = cls(conn, path=str(file), readonly=readonly)
        db.audited = not readonly
        return db

    @classmethod
    def create(cls, path: str | Path) -> Database:
        """Create a new project file (or an in-memory project) at the latest schema."""
        if str(path) == MEMORY:
            conn = sqlite3.connect(MEMORY, isolation_level=None, check_same_thread=False)
            _configure(conn)
            db = cls(conn, path=MEMORY, readonly=False)
        else:
            file = Path(path)
            if file.exists():
                raise ProjectError(
                    f"{file} exists already; interviewkit does not overwrite it",
                    hint="Open it with --project, or choose another file name for the new project.",
                )
            if not file.parent.is_dir():
                raise ProjectError(
                    f"{file}: the folder {file.parent} does not exist",
                    hint="Create the folder first, or choose another place for the project.",
                )
            try:
                conn = sqlite3.connect(
                    _uri(file, "rwc"),
                    uri=True,
                    isolation_level=None,
                    timeout=BUSY_TIMEOUT,
                    check_same_thread=False,
                )
                _configure(conn)
                _enable_wal(conn, file)
            except sqlite3.Error as exc:
                raise ProjectError(
                    f"{file} cannot be created ({exc})",
                    hint="Check that you may write to that folder.",
                ) from None
            db = cls(conn, path=str(file), readonly=False)
        with db.transaction():
            migrate(conn)
        db.audited = str(path) != MEMORY
        return db

    @classmethod
    def open_copy(cls, path: str | Path) -> Database:
        """An in-memory copy of a project, upgraded to this schema; the file is only read."""
        file = _existing(path)
        source = _connect(file, readonly=True)
        try:
            _check_tables(source, file, _check_project(source, file))
            conn = sqlite3.connect(MEMORY, isolation_level=None, check_same_thread=False)
            source.backup(conn)
        finally:
            source.close()
        _configure(conn)
        db = cls(conn, path=str(file), readonly=False)
        with db.transaction():
            migrate(conn)
        db.readonly = True
        return db

    def close(self) -> None:
        self.conn.close()

    # -- transactions ------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: everything in it is stored, or nothing."""
        if self.readonly:
            raise ProjectError(
                f"{self.path} is read-only: this command would change it",
                hint="Make the file writable, or work on a copy of it; reading commands "
                "(status, segments) work as they are.",
            )
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise self._operational(exc) from None
        self._depth = 1
        made = False
        try:
            if self.audited:
                self.run, made = audit.begin(self.conn, self.run)
            yield self.conn
            if (
                self.audited
                and self.run is not None
                and not audit.end(self.conn, self.run, made=made)
            ):
                self.run = None
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            self._rollback(made)
            raise self._operational(exc) from None
        except BaseException:
            self._rollback(made)
            raise
        finally:
            self._depth = 0

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """A consistent view for several reads, even while another process writes."""
        if self._depth:
            yield self.conn
            return
        self.conn.execute("BEGIN")
        self._depth = 1
        try:
            yield self.conn
        finally:
            self._depth = 0
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    def _rollback(self, made_run: bool = False) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
        if made_run:
            self.run = None  # the run was made in the transaction rolled back

    def _operational(self, exc: sqlite3.OperationalError) -> ProjectError:
        text = str(exc)
        if "locked" in text or "busy" in text:
            return ProjectError(
                f"{self.path} is busy: another interviewkit command has been writing to it "
                f"for more than {BUSY_TIMEOUT:.0f} seconds",
                hint="Wait until the other command has finished, then run this one again.",
            )
        if "readonly" in text or "read-only" in text:
            return ProjectError(
                f"{self.path} is read-only: this command would change it",
                hint="Make the file (and its folder) writable, or work on a copy of it.",
            )
        if "full" in text:
            return ProjectError(
                f"{self.path}: the disk is full; nothing was changed",
                hint="Free some disk space and run the command again.",
            )
        return ProjectError(f"{self.path}: {text}; nothing was changed")


def _existing(path: str | Path) -> Path:
    file = Path(path)
    if not file.exists():
        raise ProjectError(f"{file}: there is no project file here", hint=_INIT_HINT)
    if file.is_dir():
        raise ProjectError(
            f"{file} is a folder, not a project file",
            hint=f"Name the project file itself, e.g. --project {file / 'interviewkit.db'}.",
        )
    return file


def _uri(file: Path, mode: str, *, immutable: bool = False) -> str:
    uri = f"{file.resolve().as_uri()}?mode={mode}"
    return uri + "&immutable=1" if immutable else uri


def _connect(file: Path, *, readonly: bool) -> sqlite3.Connection:
    # A read-only file with no write-ahead log beside it cannot change under
    # us: open it immutable, so that not even a -shm file is made next to it.
    immutable = readonly and not Path(f"{file}-wal").exists()
    uri = _uri(file, "ro" if readonly else "rw", immutable=immutable)
    try:
        conn = sqlite3.connect(
            uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT, check_same_thread=False
        )
    except sqlite3.Error as exc:
        raise ProjectError(
            f"{file} cannot be opened ({exc})", hint="Check the file's permissions."
        ) from None
    _configure(conn)
    return conn


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")


def _check_project(conn: sqlite3.Connection, file: Path) -> int:
    """The schema version of an interviewkit project; a :class:`ProjectError` otherwise."""
    try:
        version = current_version(conn)
        has_tables = conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        if not _not_a_database(exc):
            raise _cannot_read(file, exc) from None
        raise ProjectError(
            f"{file} is not an interviewkit project (it is not a SQLite database)",
            hint="Name the project file with --project, or create a new project with "
            "'interviewkit init NEW_FILE.db'.",
        ) from None
    if version == 0:
        what = (
            "a SQLite database without interviewkit's tables"
            if has_tables
            else ("an empty SQLite database")
        )
        raise ProjectError(
            f"{file} is not an interviewkit project ({what})",
            hint="Name the project file with --project, or create a new project with "
            "'interviewkit init NEW_FILE.db'.",
        )
    if version > LATEST:
        raise ProjectError(
            f"{file} was made by a newer interviewkit (schema {version}; this version "
            f"knows schemas up to {LATEST}); it was left as it is",
            hint=_UPDATE_HINT,
        )
    return version


def _check_tables(conn: sqlite3.Connection, file: Path, version: int) -> None:
    """A project whose tables (or their columns) are not all there is damaged: say so, early.

    Otherwise the first query that needs the missing table fails deep inside a
    command (``no such table: codings``).
    """
    expected = _schema(version)
    try:
        found = _tables(conn)
    except sqlite3.DatabaseError as exc:
        raise _damaged(file, f"its list of tables cannot be read ({exc})") from None
    missing = [table for table in expected if table not in found]
    if missing:
        listed = ", ".join(f"'{t}'" for t in missing)
        raise _damaged(
            file,
            f"the table{'s' if len(missing) > 1 else ''} {listed} "
            f"{'are' if len(missing) > 1 else 'is'} missing",
        )
    for table, columns in expected.items():
        lacking = sorted(columns - found[table])
        if lacking:
            raise _damaged(file, f"the table '{table}' lacks the column(s) {', '.join(lacking)}")


def _damaged(file: Path, what: str) -> ProjectError:
    return ProjectError(
        f"{file} is damaged: {what}; interviewkit cannot use it",
        hint="Nothing was changed. Restore the file from a backup; or start from another "
        "coder's copy of the project, or import an earlier export of it ('interviewkit import "
        "FILE.qdpx --project NEW.db').",
    )


@cache
def _schema(version: int) -> dict[str, frozenset[str]]:
    """The tables, with their columns, that a project at ``version`` has."""
    conn = sqlite3.connect(MEMORY)
    try:
        migrate(conn, target=version)
        return _tables(conn)
    finally:
        conn.close()


def _tables(conn: sqlite3.Connection) -> dict[str, frozenset[str]]:
    names = [
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        name: frozenset(row[1] for row in conn.execute(f'PRAGMA table_info("{name}")'))
        for name in names
    }


def _not_a_database(exc: sqlite3.DatabaseError) -> bool:
    name = getattr(exc, "sqlite_errorname", "")
    return name == "SQLITE_NOTADB" or (not name and "not a database" in str(exc))


def _cannot_read(file: Path, exc: sqlite3.DatabaseError) -> ProjectError:
    """SQLite could not read a file that may well be a healthy project: say why, and whether."""
    name = str(getattr(exc, "sqlite_errorname", ""))
    shm = Path(f"{file}-shm")
    if name.startswith("SQLITE_IOERR_SHM") or (shm.exists() and shm.stat().st_size < 32768):
        reason = (
            f"SQLite cannot set up its shared-memory file {shm.name} beside it (the disk "
            "may be full, or a file size limit reached; a leftover file from an interrupted "
            "command does this too)"
        )
    elif name in ("SQLITE_FULL", "SQLITE_IOERR_WRITE", "SQLITE_IOERR_TRUNCATE"):
        reason = "the disk is full"
    else:
        reason = f"SQLite says: {exc}"
    intact = _intact(file)
    if intact:
        reason += "; the project file itself is intact"
    return ProjectError(
        f"{file} cannot be opened: {reason}",
        hint="Free some disk space (or raise the file size limit) and run the command again. "
        f"If it still fails and no other interviewkit command is running, delete {shm.name}: "
        "SQLite makes it anew."
        if shm.exists()
        else "Free some disk space and run the command again.",
    )


def _intact(file: Path) -> bool:
    """Whether the file reads as a project on its own (journals aside), without writing."""
    try:
        conn = sqlite3.connect(_uri(file, "ro", immutable=True), uri=True)
        try:
            return current_version(conn) > 0
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def _enable_wal(conn: sqlite3.Connection, file: Path) -> None:
    try:
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        if str(mode).lower() != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
    except sqlite3.OperationalError as exc:
        raise ProjectError(
            f"{file} cannot be opened for writing ({exc})",
            hint="Check that you may write to the file and to its folder.",
        ) from None


def _writable(file: Path) -> bool:
    """Whether we may write the file: permission bits count even for root."""
    mode = file.stat().st_mode
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return False
    return os.access(file, os.W_OK) and os.access(file.parent, os.W_OK)
