"""Compiled codebooks kept in the project, beside the codebook they were compiled from.

Compiling a codebook for a language (the lemma tables, hundreds of rules)
costs more than spaCy's own start. The coder keeps what compiling produced
in a store (:class:`interviewkit.coding.cache.Store`); :class:`CompiledStore`
is the project's: a row per kind (``rules-de``, …) in ``compiled_codebooks``
(migration 9), so that a project codes at once on any machine it is copied to.

* **With its codebook version**: every row carries a fingerprint of the
  project's codebook as stored (:func:`codebook_version`). A row of another
  version is never read, and is dropped when the codebook changes (a load, or
  a write of this store). One row per kind is kept: the latest.
* **Checked, never trusted**: the data is JSON text with its SHA-256 beside
  it; a row whose text does not match, or that is not JSON, is ignored (and
  the coder compiles afresh). What the JSON holds is checked field by field
  by the coder (:mod:`interviewkit.coding.stored`) before it is used: nothing
  in it is executable.
* **A cache, not part of the record**: the table has no audit triggers, so
  writing it is no change of the project (no run in the log) and never makes
  ``undo`` refuse. A project that cannot be written (read-only, busy) is left
  alone: the coder compiles, and nothing is kept.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from typing import TYPE_CHECKING, Any

from interviewkit.errors import ProjectError
from interviewkit.store.lookup import now

if TYPE_CHECKING:
    from interviewkit.store.database import Database

#: Data larger than this is neither kept nor read (a compiled codebook is well under 1 MB).
MAX_BYTES = 64 << 20


def codebook_version(conn: sqlite3.Connection) -> str:
    """A fingerprint of the project's current codebook: its header and every code in use.

    ``""`` when no codebook has been loaded.
    """
    head = conn.execute(
        "SELECT name, version, description, languages, negation_window, negation_words, "
        "source FROM codebook_loads ORDER BY id DESC LIMIT 1"
    ).fetchone()
    if head is None:
        return ""
    codes = conn.execute(
        "SELECT code_id, name, parent, description, include, exclude, examples, color, "
        "negation, keywords, near_misses FROM codes WHERE retired = 0 ORDER BY position, code_id"
    ).fetchall()
    text = json.dumps([list(head), [list(row) for row in codes]], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def drop_other_versions(conn: sqlite3.Connection) -> int:
    """Drop what was compiled from another codebook than the current one; the caller holds
    the transaction. Returns the number of rows dropped."""
    cursor = conn.execute(
        "DELETE FROM compiled_codebooks WHERE codebook_version != ?", (codebook_version(conn),)
    )
    return max(cursor.rowcount, 0)


class CompiledStore:
    """The coder's store of compiled codebooks (``get``/``put``), in a project."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, kind: str, key: str) -> Any | None:
        """The data kept under ``kind`` and ``key`` for the current codebook, or None."""
        try:
            with self._db.snapshot() as conn:
                row = conn.execute(
                    "SELECT data, sha256 FROM compiled_codebooks "
                    "WHERE kind = ? AND key = ? AND codebook_version = ?",
                    (kind, key, codebook_version(conn)),
                ).fetchone()
            if row is None or not isinstance(row[0], str) or len(row[0]) > MAX_BYTES:
                return None
            body = row[0].encode("utf-8")
            if row[1] != hashlib.sha256(body).hexdigest():
                return None
            return json.loads(body)
        except (sqlite3.Error, ProjectError, ValueError, UnicodeError, RecursionError):
            return None

    def put(self, kind: str, key: str, payload: Any) -> None:
        """Keep ``payload`` (plain JSON data) for the current codebook; a project that
        cannot be written is let be."""
        if self._db.readonly:
            return
        try:
            text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
            body = text.encode("utf-8")
            if len(body) > MAX_BYTES:
                return
            with self._db.transaction() as conn:
                version = codebook_version(conn)
                if not version:  # no codebook: nothing it could belong to
                    return
                conn.execute(
                    "DELETE FROM compiled_codebooks WHERE codebook_version != ? OR kind = ?",
                    (version, kind),
                )
                conn.execute(
                    "INSERT INTO compiled_codebooks (kind, key, codebook_version, data, sha256, "
                    "created) VALUES (?, ?, ?, ?, ?, ?)",
                    (kind, key, version, text, hashlib.sha256(body).hexdigest(), now()),
                )
        except (sqlite3.Error, ProjectError, ValueError, TypeError, UnicodeError, RecursionError):
            return

    def kinds(self) -> list[tuple[str, str, int]]:
        """``(kind, created, bytes)`` of each compiled codebook kept for the current codebook."""
        with self._db.snapshot() as conn:
            return [
                (kind, created, int(size))
                for kind, created, size in conn.execute(
                    "SELECT kind, created, length(CAST(data AS BLOB)) FROM compiled_codebooks "
                    "WHERE codebook_version = ? ORDER BY kind",
                    (codebook_version(conn),),
                )
            ]
