"""The evidence of automatic suggestions, structured: which rule fired on which words.

:func:`interviewkit.store.frames.codings` shows a coding's evidence as one
line of text (``word:Stadt → 'Städte'; …``); what learns from the coders'
decisions needs it row by row, with the rule's kind and pattern apart.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

#: The columns of :func:`evidence`.
EVIDENCE_COLUMNS: tuple[str, ...] = (
    "coding",
    "doc_id",
    "unit",
    "code",
    "coder",
    "status",
    "language",
    "rule",
    "kind",
    "pattern",
    "matched",
    "start",
    "end",
)


def evidence(conn: sqlite3.Connection) -> pd.DataFrame:
    """One row per mention that made an automatic suggestion, in document order.

    ``rule`` is the label the coder stored (``glob:*partner*``); ``kind`` and
    ``pattern`` are its two halves (``glob``, ``*partner*``). ``language`` is
    the transcript's (from its metadata; empty when it has none). ``start`` and
    ``end`` are offsets of the matched words in the transcript's text.
    """
    import pandas as pd

    language = "SELECT m.value FROM metadata m WHERE m.doc = c.doc AND m.key = 'language'"
    rows = conn.execute(
        "SELECT c.id, d.doc_id, c.unit, c.code, c.coder, c.status, "
        f"COALESCE(({language}), ''), e.rule, e.matched, e.start, e.end "
        "FROM evidence e JOIN codings c ON c.id = e.coding JOIN documents d ON d.id = c.doc "
        "WHERE c.origin = 'auto' ORDER BY d.doc_id, c.unit, c.id, e.start, e.rowid"
    ).fetchall()
    data = []
    for row in rows:
        kind, _, pattern = str(row[7]).partition(":")  # the rule: 'glob:*partner*'
        data.append((*row[:8], kind, pattern, *row[8:]))
    return pd.DataFrame(data, columns=list(EVIDENCE_COLUMNS))
