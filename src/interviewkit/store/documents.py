"""Transcripts in the project: adding, replacing (codings carried over), reading back."""

from __future__ import annotations

import bisect
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from interviewkit.errors import DataError, ProjectError
from interviewkit.models import Transcript, Unit, count_words
from interviewkit.store.codings import settle
from interviewkit.store.counts import summarize_units
from interviewkit.store.lookup import doc_rowid, find_doc, now, text_hash
from interviewkit.store.reports import AddReport, Orphan
from interviewkit.store.sources import another_file, clash_error, source_path
from interviewkit.textdiff import TextMap

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
    clashes: list[tuple[str, str, str]] = []  # (id, the stored file, the other file)
    orphaned: list[Orphan] = []
    blocked: list[Orphan] = []
    attributes: dict[str, list[str]] = {}
    moved = 0
    seen: set[str] = set()
    for transcript in transcripts:
        check_transcript(transcript, seen)
        digest = text_hash(transcript.text)
        row = find_doc(conn, transcript.id, "id, text_hash, source")
        if row is None:
            _insert(conn, transcript, digest)
            added.append(transcript.id)
            continue
        rowid = int(row[0])
        if row[1] == digest and _unit_rows(conn, rowid) == unit_rows(transcript):
            changes = _merge_metadata(conn, rowid, transcript)
            if not changes:
                unchanged.append(transcript.id)
            else:
                attributes[transcript.id] = changes
                conn.execute("UPDATE documents SET changed = ? WHERE id = ?", (now(), rowid))
                updated.append(transcript.id)
            continue
        if not replace and another_file(row[2], source_path(transcript.source)):
            clashes.append((transcript.id, row[2], transcript.source or ""))
            continue
        has_codings = conn.execute(
            "SELECT 1 FROM codings WHERE doc = ? LIMIT 1", (rowid,)
        ).fetchone()
        if has_codings and not replace:
            refused.append(transcript.id)
            continue
        if refused:
            continue  # the whole command is refused; spare the work
        plan = _plan(conn, rowid, transcript)
        blocked.extend(plan.blocked)
        if blocked:
            continue  # refused as well, see below
        carried, lost = _replace(conn, rowid, transcript, digest, plan)
        changes = _merge_metadata(conn, rowid, transcript)
        if changes:
            attributes[transcript.id] = changes
        moved += carried
        orphaned.extend(lost)
        replaced.append(transcript.id)
    if clashes:
        raise clash_error(clashes)
    if refused:
        shown = ", ".join(refused[:10]) + (
            f" and {len(refused) - 10} more" if len(refused) > 10 else ""
        )
        raise ProjectError(
            f"{len(refused)} transcript(s) changed since they were added and already have "
            f"codings: {shown}; nothing was added",
            hint="To replace them, add them again with --replace: codings whose text is "
            "still found move to their new place, the others are listed.",
        )
    if blocked:
        raise _blocked_error(blocked)
    return AddReport(added, unchanged, replaced, updated, moved, orphaned, attributes)


def _blocked_error(blocked: list[Orphan]) -> ProjectError:
    """Refuse a replacement that would lose people's work: say whose, and what to do."""
    shown = "; ".join(
        f"{o.doc_id}, unit {o.unit_index}: '{o.code}' by {o.coder}" for o in blocked[:10]
    ) + (f"; and {len(blocked) - 10} more" if len(blocked) > 10 else "")
    first = blocked[0]
    return ProjectError(
        f"{len(blocked)} coding(s) by people, reviewed or with a memo cannot be placed in "
        f"the new version (their text is gone from it): {shown}; nothing was added",
        hint="To replace the transcript anyway, remove those codings first, e.g. "
        f"'interviewkit untag {first.doc_id} {first.unit_index} {first.code} --coder "
        f"{first.coder}' (copy any memo you want to keep), then add it again with "
        "--replace. Or keep the old version: codings move with their text as long as some "
        "of it is still there.",
    )


def check_transcript(transcript: Transcript, seen: set[str]) -> None:
    """What a project checks of a transcript it is given: an id not ``seen`` before (it is
    added), units inside the text with an index each."""
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
        (u.index, u.start, u.end, u.speaker, u.kind, int(u.interviewer), u.time_start, u.time_end)
        for u in sorted(transcript.units, key=lambda u: u.index)
    ]


def _unit_rows(conn: sqlite3.Connection, rowid: int) -> list[UnitRow]:
    return [
        tuple(r)
        for r in conn.execute(
            "SELECT idx, start, end, speaker, kind, interviewer, time_start, time_end "
            "FROM units WHERE doc = ? ORDER BY idx",
            (rowid,),
        )
    ]


def _clean_metadata(transcript: Transcript) -> dict[str, str]:
    return {str(k): str(v) for k, v in transcript.metadata.items() if v is not None}


def _metadata(conn: sqlite3.Connection, rowid: int) -> dict[str, str]:
    return dict(conn.execute("SELECT key, value FROM metadata WHERE doc = ?", (rowid,)))


def _insert(conn: sqlite3.Connection, transcript: Transcript, digest: str) -> None:
    stamp = now()
    cursor = conn.execute(
        "INSERT INTO documents (doc_id, text, text_hash, source, encoding, words, added, changed)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            transcript.id,
            transcript.text,
            digest,
            source_path(transcript.source),
            transcript.encoding,
            transcript.word_count,
            stamp,
            stamp,
        ),
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


def _merge_metadata(conn: sqlite3.Connection, rowid: int, transcript: Transcript) -> list[str]:
    """Set the attributes ``transcript`` has; keep those it does not set. What changed, in
    words (``city: Bonn → Köln``, ``date: 2021-03-01 (new)``)."""
    old = _metadata(conn, rowid)
    new = _clean_metadata(transcript)
    changes = []
    for key, value in new.items():
        if key not in old:
            changes.append(f"{key}: {value} (new)")
        elif old[key] != value:
            changes.append(f"{key}: {old[key]} → {value}")
    conn.executemany(
        "INSERT INTO metadata (doc, key, value) VALUES (?, ?, ?) "
        "ON CONFLICT (doc, key) DO UPDATE SET value = excluded.value "
        "WHERE value != excluded.value",
        [(rowid, k, v) for k, v in new.items()],
    )
    return changes


def _write_units(conn: sqlite3.Connection, rowid: int, transcript: Transcript) -> None:
    text = transcript.text
    conn.executemany(
        "INSERT INTO units (doc, idx, start, end, speaker, kind, interviewer, time_start, "
        "time_end, words) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(rowid, *row, count_words(text[row[1] : row[2]])) for row in unit_rows(transcript)],
    )
    summarize_units(conn, rowid)


def _replace(
    conn: sqlite3.Connection, rowid: int, transcript: Transcript, digest: str, plan: _Plan
) -> tuple[int, list[Orphan]]:
    """Put a new version in place, carrying the codings over as ``plan`` says."""
    # Park every coding on a unit number nobody has, so that the final numbers
    # never collide with a coding not yet moved; the unit foreign key is
    # checked only at commit.
    conn.execute("UPDATE codings SET unit = -id WHERE doc = ?", (rowid,))
    conn.executemany("UPDATE memos SET coding = ? WHERE coding = ?", plan.merges)
    conn.executemany(
        "INSERT OR IGNORE INTO decisions (coding, coder, verdict, decided) "
        "SELECT ?, coder, verdict, decided FROM decisions WHERE coding = ?",
        plan.merges,
    )
    conn.executemany("DELETE FROM evidence WHERE coding = ?", [(cid,) for cid in plan.dropped])
    conn.executemany("DELETE FROM codings WHERE id = ?", [(cid,) for cid in plan.dropped])
    conn.execute("DELETE FROM units WHERE doc = ?", (rowid,))
    _write_units(conn, rowid, transcript)
    conn.executemany("UPDATE codings SET unit = ?, start = ?, end = ? WHERE id = ?", plan.moves)
    settle(conn, [winner for winner, _ in plan.merges])
    conn.executemany("UPDATE memos SET unit = ? WHERE id = ?", plan.unit_memos)
    conn.execute(
        "UPDATE memos SET unit = (SELECT unit FROM codings c WHERE c.id = memos.coding) "
        "WHERE doc = ? AND coding IS NOT NULL",
        (rowid,),
    )
    conn.executemany("UPDATE evidence SET start = ?, end = ? WHERE rowid = ?", plan.evidence_moves)
    conn.executemany("DELETE FROM evidence WHERE rowid = ?", [(r,) for r in plan.evidence_gone])
    conn.execute(
        "UPDATE documents SET text = ?, text_hash = ?, source = ?, encoding = ?, words = ?, "
        "changed = ? WHERE id = ?",
        (
            transcript.text,
            digest,
            source_path(transcript.source),
            transcript.encoding,
            transcript.word_count,
            now(),
            rowid,
        ),
    )
    return len(plan.moves), plan.orphans


@dataclass
class _Plan:
    """Where each coding of a transcript goes in its new version, before anything changes."""

    moves: list[tuple[int, int, int, int]] = field(default_factory=list)  # unit, start, end, id
    # (the coding kept, its duplicate dropped): memos and decisions go to the one kept
    merges: list[tuple[int, int]] = field(default_factory=list)
    unit_memos: list[tuple[int | None, int]] = field(default_factory=list)  # new unit, memo id
    evidence_moves: list[tuple[int, int, int]] = field(default_factory=list)
    evidence_gone: list[int] = field(default_factory=list)
    dropped: list[int] = field(default_factory=list)
    orphans: list[Orphan] = field(default_factory=list)  # dropped suggestions, for the report
    blocked: list[Orphan] = field(default_factory=list)  # work that would be lost: refuse


def _plan(conn: sqlite3.Connection, rowid: int, transcript: Transcript) -> _Plan:
    """Map every coding through the edits from the old text to the new one.

    A coding follows its text through the diff of the two versions; one that
    covered a whole unit covers the whole new unit its text now falls in. Only
    a coding whose text is gone cannot be placed: an unreviewed suggestion
    without a memo is then dropped (autocode makes it again); a person's
    coding, a reviewed suggestion or one with a memo blocks the replacement.
    """
    old_text = conn.execute("SELECT text FROM documents WHERE id = ?", (rowid,)).fetchone()[0]
    new_text = transcript.text
    edits = TextMap(old_text, new_text)
    old_units = {
        idx: (start, end)
        for idx, start, end in conn.execute(
            "SELECT idx, start, end FROM units WHERE doc = ?", (rowid,)
        )
    }
    units = sorted(transcript.units, key=lambda u: u.start)
    starts = [u.start for u in units]
    plan = _Plan()
    # Of two codings that land on the same place, a person's wins over a
    # reviewed suggestion, which wins over an unreviewed one.
    rows = conn.execute(
        "SELECT c.id, c.unit, c.start, c.end, c.code, c.coder, c.origin, c.status, "
        "EXISTS (SELECT 1 FROM memos m WHERE m.coding = c.id) AS memo FROM codings c "
        "WHERE c.doc = ? ORDER BY c.origin = 'auto', c.status = 'suggested', NOT memo, c.id",
        (rowid,),
    ).fetchall()
    for memo_id, unit_index in conn.execute(
        "SELECT id, unit FROM memos WHERE doc = ? AND unit IS NOT NULL AND coding IS NULL",
        (rowid,),
    ):
        # A memo on a unit goes with the unit's text (to no unit if its text is gone).
        place = old_units.get(unit_index)
        moved = edits.place(*place) if place is not None else None
        unit = _unit_for(units, starts, *moved) if moved is not None else None
        plan.unit_memos.append((None if unit is None else unit.index, memo_id))
    evidence: dict[int, list[tuple[int, tuple[int, int] | None]]] = {}
    for row, cid, start, end, matched in conn.execute(
        "SELECT e.rowid, e.coding, e.start, e.end, e.matched FROM evidence e "
        "JOIN codings c ON c.id = e.coding WHERE c.doc = ?",
        (rowid,),
    ):
        span = edits.place(start, end)
        if span is not None and new_text[span[0] : span[1]] != matched:
            span = None  # the words that made it were edited
        evidence.setdefault(cid, []).append((row, span))
    taken: dict[tuple[Any, ...], tuple[int, str]] = {}
    for cid, unit_index, start, end, code, coder, origin, status, memo in rows:
        orphan = Orphan(transcript.id, unit_index, code, coder)
        kept = origin == "manual" or status != "suggested" or bool(memo)
        span = edits.place(start, end)
        target = _unit_for(units, starts, *span) if span is not None else None
        reasons = evidence.get(cid, [])
        if not kept and reasons and all(moved is None for _, moved in reasons):
            # An unreviewed suggestion none of whose words are left: autocode
            # would withdraw it, and makes it again if the new text calls for it.
            target = None
        if span is None or target is None:
            (plan.blocked if kept else plan.orphans).append(orphan)
            plan.dropped.append(cid)
            continue
        new_start, new_end = span
        if (
            old_units.get(unit_index) == (start, end)
            and target.start <= new_start
            and new_end <= target.end
        ):
            new_start, new_end = target.start, target.end
        key: tuple[Any, ...] = (target.index, code, coder, origin)
        if origin == "manual":
            key += (new_start, new_end)
        if key in taken:
            winner, winner_status = taken[key]
            if kept and status != winner_status:
                plan.blocked.append(orphan)  # e.g. accepted here, rejected there
            elif kept:
                plan.merges.append((winner, cid))  # its memos and decisions go to the winner
            else:
                plan.orphans.append(orphan)
            plan.dropped.append(cid)
            continue
        taken[key] = (cid, status)
        plan.moves.append((target.index, new_start, new_end, cid))
        for row, moved in reasons:
            if moved is None:
                plan.evidence_gone.append(row)
            else:
                plan.evidence_moves.append((*moved, row))
    return plan


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
    for unit in units[max(position, 0) :]:
        if unit.start >= end and unit.start > start:
            break
        if unit.start < end and start < unit.end:
            return unit
    return None


def load_transcript(conn: sqlite3.Connection, doc_id: str) -> Transcript:
    """A stored transcript, exactly as it was added (its reader's warnings aside)."""
    rowid = doc_rowid(conn, doc_id)
    doc_id, text, source, encoding = conn.execute(  # the id as stored (see doc_rowid)
        "SELECT doc_id, text, source, encoding FROM documents WHERE id = ?", (rowid,)
    ).fetchone()
    units = tuple(
        Unit(index, start, end, speaker, kind, bool(interviewer), time_start, time_end)
        for index, start, end, speaker, kind, interviewer, time_start, time_end in _unit_rows(
            conn, rowid
        )
    )
    return Transcript(doc_id, text, units, _metadata(conn, rowid), source=source, encoding=encoding)
