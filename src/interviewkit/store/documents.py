"""Transcripts in the project: adding, replacing (codings carried over), reading back."""

from __future__ import annotations

import bisect
import sqlite3
from collections.abc import Iterable
from typing import Any

from interviewkit.errors import DataError, ProjectError
from interviewkit.models import Transcript, Unit, count_words
from interviewkit.store.lookup import doc_rowid, now, text_hash
from interviewkit.store.reports import AddReport, Orphan

UnitRow = tuple[int, int, int, str | None, str, int, float | None, float | None]


def add_transcripts(
    conn: sqlite3.Connection, transcripts: Iterable[Transcript], *, replace: bool
) -> AddReport:
    """Store transcripts; the caller holds the transaction (all of them, or none)."""
    added: list[str] = []
    unchanged: list[str] = []
    replaced: list[str] = []
    updated: list[str] = []
    refused: list[str] = []
    orphaned: list[Orphan] = []
    moved = 0
    seen: set[str] = set()
    for transcript in transcripts:
        _check(transcript, seen)
        digest = text_hash(transcript.text)
        row = conn.execute(
            "SELECT id, text_hash FROM documents WHERE doc_id = ?", (transcript.id,)
        ).fetchone()
        if row is None:
            _insert(conn, transcript, digest)
            added.append(transcript.id)
            continue
        rowid = int(row[0])
        if row[1] == digest and _unit_rows(conn, rowid) == unit_rows(transcript):
            if _metadata(conn, rowid) == _clean_metadata(transcript):
                unchanged.append(transcript.id)
            else:
                _write_metadata(conn, rowid, transcript, clear=True)
                conn.execute("UPDATE documents SET changed = ? WHERE id = ?", (now(), rowid))
                updated.append(transcript.id)
            continue
        has_codings = conn.execute(
            "SELECT 1 FROM codings WHERE doc = ? LIMIT 1", (rowid,)
        ).fetchone()
        if has_codings and not replace:
            refused.append(transcript.id)
            continue
        if refused:
            continue  # the whole command is refused; spare the work
        carried, lost = _replace(conn, rowid, transcript, digest)
        moved += carried
        orphaned.extend(lost)
        replaced.append(transcript.id)
    if refused:
        shown = ", ".join(refused[:10]) + (f" and {len(refused) - 10} more" if len(refused) > 10
                                           else "")
        raise ProjectError(
            f"{len(refused)} transcript(s) changed since they were added and already have "
            f"codings: {shown}; nothing was added",
            hint="To replace them, add them again with --replace: codings whose text is "
            "still found move to their new place, the others are listed.",
        )
    return AddReport(added, unchanged, replaced, updated, moved, orphaned)


def _check(transcript: Transcript, seen: set[str]) -> None:
    if transcript.id in seen:
        raise DataError(
            f"two transcripts have the id {transcript.id!r}",
            hint="Give one of them another id, with 'id:' in its front matter or in the "
            "metadata sheet.",
        )
    seen.add(transcript.id)
    size = len(transcript.text)
    indices: set[int] = set()
    for unit in transcript.units:
        if not 0 <= unit.start <= unit.end <= size or unit.index in indices:
            raise DataError(
                f"{transcript.source or transcript.id}: unit {unit.index} "
                f"({unit.start}–{unit.end}) does not fit its text of {size} characters",
                hint="This is a bug in the reader that made the transcript; please report it.",
            )
        indices.add(unit.index)


def unit_rows(transcript: Transcript) -> list[UnitRow]:
    return [
        (u.index, u.start, u.end, u.speaker, u.kind, int(u.interviewer), u.time_start,
         u.time_end)
        for u in sorted(transcript.units, key=lambda u: u.index)
    ]


def _unit_rows(conn: sqlite3.Connection, rowid: int) -> list[UnitRow]:
    return [tuple(r) for r in conn.execute(
        "SELECT idx, start, end, speaker, kind, interviewer, time_start, time_end "
        "FROM units WHERE doc = ? ORDER BY idx", (rowid,)
    )]


def _clean_metadata(transcript: Transcript) -> dict[str, str]:
    return {str(k): str(v) for k, v in transcript.metadata.items() if v is not None}


def _metadata(conn: sqlite3.Connection, rowid: int) -> dict[str, str]:
    return dict(conn.execute("SELECT key, value FROM metadata WHERE doc = ?", (rowid,)))


def _insert(conn: sqlite3.Connection, transcript: Transcript, digest: str) -> None:
    stamp = now()
    cursor = conn.execute(
        "INSERT INTO documents (doc_id, text, text_hash, source, encoding, words, added, changed)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (transcript.id, transcript.text, digest, transcript.source, transcript.encoding,
         transcript.word_count, stamp, stamp),
    )
    rowid = int(cursor.lastrowid or 0)
    _write_metadata(conn, rowid, transcript, clear=False)
    _write_units(conn, rowid, transcript)


def _write_metadata(
    conn: sqlite3.Connection, rowid: int, transcript: Transcript, *, clear: bool
) -> None:
    if clear:
        conn.execute("DELETE FROM metadata WHERE doc = ?", (rowid,))
    conn.executemany(
        "INSERT INTO metadata (doc, key, value) VALUES (?, ?, ?)",
        [(rowid, k, v) for k, v in _clean_metadata(transcript).items()],
    )


def _write_units(conn: sqlite3.Connection, rowid: int, transcript: Transcript) -> None:
    text = transcript.text
    conn.executemany(
        "INSERT INTO units (doc, idx, start, end, speaker, kind, interviewer, time_start, "
        "time_end, words) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(rowid, *row, count_words(text[row[1]:row[2]])) for row in unit_rows(transcript)],
    )


def _replace(
    conn: sqlite3.Connection, rowid: int, transcript: Transcript, digest: str
) -> tuple[int, list[Orphan]]:
    """Put a new version in place; carry codings over where their text is found again."""
    old_text = conn.execute("SELECT text FROM documents WHERE id = ?", (rowid,)).fetchone()[0]
    new_text = transcript.text
    units = sorted(transcript.units, key=lambda u: u.start)
    starts = [u.start for u in units]
    moves: list[tuple[int, int, int, int]] = []
    shifts: list[tuple[int, int, int]] = []
    orphans: list[tuple[int, Orphan]] = []
    taken: set[tuple[Any, ...]] = set()
    rows = conn.execute(
        "SELECT id, unit, start, end, code, coder, origin FROM codings WHERE doc = ? "
        "ORDER BY origin = 'auto', id", (rowid,)
    ).fetchall()
    for coding_id, unit_index, start, end, code, coder, origin in rows:
        span = old_text[start:end]
        found = relocate(span, old_text, new_text, start)
        target = _unit_for(units, starts, found, found + len(span)) if found >= 0 else None
        key: tuple[Any, ...] = (target.index if target else None, code, coder)
        if origin == "manual":
            key += (found,)
        if target is None or key in taken:
            orphans.append((coding_id, Orphan(transcript.id, unit_index, code, coder)))
            continue
        taken.add(key)
        moves.append((target.index, found, found + len(span), coding_id))
        shifts.append((found - start, found - start, coding_id))
    # Park every coding on a unit number nobody has, so that the final numbers
    # never collide with a coding not yet moved; the unit foreign key is
    # checked only at commit.
    conn.execute("UPDATE codings SET unit = -id WHERE doc = ?", (rowid,))
    conn.executemany("DELETE FROM codings WHERE id = ?", [(cid,) for cid, _ in orphans])
    conn.execute("DELETE FROM units WHERE doc = ?", (rowid,))
    _write_units(conn, rowid, transcript)
    conn.executemany("UPDATE codings SET unit = ?, start = ?, end = ? WHERE id = ?", moves)
    conn.executemany(
        "UPDATE evidence SET start = start + ?, end = end + ? WHERE coding = ?", shifts
    )
    _write_metadata(conn, rowid, transcript, clear=True)
    conn.execute(
        "UPDATE documents SET text = ?, text_hash = ?, source = ?, encoding = ?, words = ?, "
        "changed = ? WHERE id = ?",
        (new_text, digest, transcript.source, transcript.encoding, transcript.word_count,
         now(), rowid),
    )
    return len(moves), [orphan for _, orphan in orphans]


def relocate(span: str, old_text: str, new_text: str, start: int) -> int:
    """Where ``span`` (found at ``start`` in the old text) stands in the new text; -1 if gone.

    Of several occurrences, the one nearest to the old place wins, measured
    from where the old place has moved to if the text before it grew or shrank.
    """
    if new_text[start:start + len(span)] == span:
        return start
    if not span:
        return min(start, len(new_text))
    shift = _prefix_shift(old_text, new_text, start)
    expected = start + shift
    best, best_distance = -1, None
    position = new_text.find(span)
    while position >= 0:
        distance = abs(position - expected)
        if best_distance is None or distance < best_distance:
            best, best_distance = position, distance
        position = new_text.find(span, position + 1)
    return best


def _prefix_shift(old_text: str, new_text: str, start: int) -> int:
    """How much the text before ``start`` grew, if only its beginning changed."""
    tail = old_text[start:]
    if tail and new_text.endswith(tail):
        return len(new_text) - len(old_text)
    return 0


def _unit_for(units: list[Unit], starts: list[int], start: int, end: int) -> Unit | None:
    """The unit a span belongs to: the one holding it, else the first one it overlaps.

    When the new version is cut into smaller units (turns into sentences), a
    coding keeps its exact span and is filed under the unit where it starts,
    rather than being lost.
    """
    position = bisect.bisect_right(starts, start) - 1
    while position >= 0:
        unit = units[position]
        if unit.start <= start and end <= unit.end:
            return unit
        if unit.end < start:
            break
        position -= 1
    for unit in units[max(position, 0):]:
        if unit.start >= end and unit.start > start:
            break
        if unit.start < end and start < unit.end:
            return unit
    return None


def load_transcript(conn: sqlite3.Connection, doc_id: str) -> Transcript:
    """A stored transcript, exactly as it was added (its reader's warnings aside)."""
    rowid = doc_rowid(conn, doc_id)
    text, source, encoding = conn.execute(
        "SELECT text, source, encoding FROM documents WHERE id = ?", (rowid,)
    ).fetchone()
    units = tuple(
        Unit(index, start, end, speaker, kind, bool(interviewer), time_start, time_end)
        for index, start, end, speaker, kind, interviewer, time_start, time_end
        in _unit_rows(conn, rowid)
    )
    return Transcript(doc_id, text, units, _metadata(conn, rowid), source=source,
                      encoding=encoding)
