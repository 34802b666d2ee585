"""Codings made elsewhere (another tool, a gold standard), stored as one person's manual codings.

Every row is checked before anything is written; a bad row raises a
:class:`~interviewkit.errors.DataError` that names the row and what would
have been valid, and nothing is imported. Codes the codebook does not have
are collected over the whole sheet first and named together, each with its
rows; the caller may instead add them to the codebook (``unknown="add"``,
marked as imported in the codebook's history and description) or leave
their rows out (``unknown="skip"``, reported). A coding that runs over
several units (a person's coding often spans two or three turns) is kept:
one coding per unit, linked (see :func:`~interviewkit.store.exchange.split_span`).
The caller holds the transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from interviewkit.codebook.model import Code, Codebook
from interviewkit.codebook.qdc import slug, unique_id
from interviewkit.errors import DataError, InterviewkitError, UsageError
from interviewkit.models import AUTO
from interviewkit.store.codebooks import read_codebook, store_codebook
from interviewkit.store.exchange import ExchangeCoding, Piece, split_span, store_codings
from interviewkit.store.lookup import doc_rowid, register_coder, unit_span

#: What to do with codes the codebook does not have.
UNKNOWN = ("refuse", "add", "skip")
#: How many rows a message names for one code.
_SHOWN_ROWS = 8


@dataclass(frozen=True)
class ImportRow:
    """One coding to import: a whole unit (``unit``) or a span (``start``/``end``).

    ``row`` is where it came from (the spreadsheet row), for messages.
    """

    row: int
    doc_id: str
    code: str
    unit: int | None = None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class ImportReport:
    """What an import did: codings added (a coding over several units counts once)."""

    coder: str
    added: int
    already: int
    replaced: int
    documents: int
    #: Codings over several units, stored as one linked piece per unit.
    spans: int = 0
    #: Codes added with ``unknown="add"``, as ``name (id)``.
    codes_added: tuple[str, ...] = ()
    #: Codes left out with ``unknown="skip"``, with their rows.
    skipped: dict[str, list[int]] = field(default_factory=dict)


def import_codings(
    conn: sqlite3.Connection,
    rows: Sequence[ImportRow],
    *,
    coder: str,
    replace: bool,
    unknown: str = "refuse",
    source: str | None = None,
) -> ImportReport:
    """Store ``rows`` as ``coder``'s manual, accepted codings (all, or none).

    With ``replace``, the coder's earlier manual codings in the documents the
    rows name are removed first, so that a corrected file replaces the old
    one. ``source`` names the sheet, for the codebook's history when codes
    are added.
    """
    if unknown not in UNKNOWN:
        raise ValueError(f"unknown must be one of {UNKNOWN}, not {unknown!r}")
    if not coder.strip():
        raise UsageError("the imported codings need a coder name", hint="Add --coder NAME.")
    kind = conn.execute("SELECT kind FROM coders WHERE name = ?", (coder,)).fetchone()
    if coder == AUTO or (kind is not None and kind[0] == "auto"):
        raise UsageError(
            f"'{coder}' is the name of an automatic coder; imported codings belong to a person",
            hint="Choose another name with --coder, e.g. --coder gold.",
        )
    if not rows:
        raise DataError(
            "there is no coding to import (the sheet has no rows)",
            hint="Check that the file has a header row and one row per coding.",
        )
    codes, missing = _codes(conn, rows)
    skipped: dict[str, list[int]] = {}
    added_codes: tuple[str, ...] = ()
    if missing and unknown == "refuse":
        raise DataError(
            f"{_listed(missing)}; nothing was imported",
            hint="Add them to the codebook and load it again, or import with --add-codes "
            "(they are added to the codebook, marked as imported) or --skip-unknown "
            "(their rows are left out).",
        )
    if missing and unknown == "add":
        codes.update(_add_codes(conn, missing, source))
        added_codes = tuple(f"{name} ({codes[name]})" for name in missing)
    elif missing:
        skipped = missing
    prepared: list[ExchangeCoding] = []
    doc_rows: dict[str, int] = {}
    units: dict[int, list[tuple[int, int, int]]] = {}
    for item in rows:
        if item.code in skipped:
            continue
        try:
            prepared.append(_checked(conn, item, codes[item.code], coder, doc_rows, units))
        except InterviewkitError as exc:
            raise DataError(
                f"row {item.row}: {exc.message}; nothing was imported", hint=exc.hint
            ) from None
    replaced = 0
    if replace:
        for rowid in set(doc_rows.values()):
            replaced += conn.execute(
                "DELETE FROM codings WHERE doc = ? AND coder = ? AND origin = 'manual'",
                (rowid, coder),
            ).rowcount
    register_coder(conn, coder, kind="person")
    distinct = list(dict.fromkeys(prepared))  # a row given twice is one coding
    added, present, _ = store_codings(conn, distinct)
    spans = sum(1 for c in distinct if len(c.pieces) > 1)
    return ImportReport(coder, added, present, replaced, len(doc_rows), spans, added_codes, skipped)


def _codes(
    conn: sqlite3.Connection, rows: Sequence[ImportRow]
) -> tuple[dict[str, str], dict[str, list[int]]]:
    """The code id of every name or id the rows give, and those the codebook lacks (with rows).

    A retired code is a row's error, as it always was.
    """
    found: dict[str, str] = {}
    missing: dict[str, list[int]] = {}
    for item in rows:
        if item.code in found:
            continue
        row = (
            conn.execute(
                "SELECT code_id, retired FROM codes WHERE code_id = ?", (item.code,)
            ).fetchone()
            or conn.execute(
                "SELECT code_id, retired FROM codes WHERE lower(name) = lower(?)", (item.code,)
            ).fetchone()
        )
        if row is None:
            missing.setdefault(item.code, []).append(item.row)
            continue
        if row[1]:
            raise DataError(
                f"row {item.row}: the code {row[0]!r} is retired: the current codebook no "
                "longer has it; nothing was imported",
                hint="Add it back to the codebook file and load it again, or use another code.",
            )
        found[item.code] = str(row[0])
    return found, missing


def _listed(missing: dict[str, list[int]]) -> str:
    def rows(numbers: list[int]) -> str:
        shown = ", ".join(map(str, numbers[:_SHOWN_ROWS]))
        more = f" and {len(numbers) - _SHOWN_ROWS} more" if len(numbers) > _SHOWN_ROWS else ""
        return f"row{'s' if len(numbers) > 1 else ''} {shown}{more}"

    named = "; ".join(f"{code!r} ({rows(numbers)})" for code, numbers in missing.items())
    count = len(missing)
    return f"{count} code{'s' if count > 1 else ''} the codebook does not have: {named}"


def _add_codes(
    conn: sqlite3.Connection, missing: dict[str, list[int]], source: str | None
) -> dict[str, str]:
    """Add the missing codes to the codebook (top level); ``{name as written: new id}``."""
    current = read_codebook(conn)
    taken = {r[0] for r in conn.execute("SELECT code_id FROM codes")}
    where = f" from {source}" if source else ""
    new: dict[str, str] = {}
    codes: list[Code] = []
    for name in missing:
        code_id = unique_id(slug(name), None, taken)
        taken.add(code_id)
        new[name] = code_id
        codes.append(
            Code(
                id=code_id,
                name=name,
                description=f"Imported with codings{where}; no definition yet.",
            )
        )
    if current is None:
        book = Codebook(name="imported codes", version="1", codes=tuple(codes))
    else:
        book = replace(current, codes=(*current.codes, *codes))
    store_codebook(conn, book, codes_from=source)
    return new


def _checked(
    conn: sqlite3.Connection,
    item: ImportRow,
    code: str,
    coder: str,
    doc_rows: dict[str, int],
    units: dict[int, list[tuple[int, int, int]]],
) -> ExchangeCoding:
    """The coding of a row, in pieces, or an error saying what is wrong."""
    if item.doc_id not in doc_rows:
        doc_rows[item.doc_id] = doc_rowid(conn, item.doc_id)
    rowid = doc_rows[item.doc_id]
    pieces: tuple[Piece, ...]
    if item.start is not None and item.end is not None:
        text = conn.execute("SELECT text FROM documents WHERE id = ?", (rowid,)).fetchone()[0]
        if not 0 <= item.start < item.end <= len(text):
            raise DataError(
                f"the span {item.start}–{item.end} is not a span of {item.doc_id} (start must be "
                f"below end, and end at most {len(text)}, its length)",
                hint="Offsets count characters (code points) from 0, as 'interviewkit "
                "segments' shows them.",
            )
        if item.unit is not None:
            start, end = unit_span(conn, rowid, item.doc_id, item.unit)
            if not start <= item.start < end:
                raise DataError(
                    f"the span {item.start}–{item.end} does not start in unit {item.unit} of "
                    f"{item.doc_id} ({start}–{end})",
                    hint="Give the unit where the span starts, or leave the unit empty.",
                )
        if rowid not in units:
            units[rowid] = [
                (int(i), int(s), int(e))
                for i, s, e in conn.execute(
                    "SELECT idx, start, end FROM units WHERE doc = ? ORDER BY start", (rowid,)
                )
            ]
        if not any(s < item.end and item.start < e for _, s, e in units[rowid]):
            shown = " ".join(text[item.start : item.end].split())
            raise DataError(
                f"the span {item.start}–{item.end} of {item.doc_id} ({shown[:40]!r}) lies in no "
                "unit: in the front matter, or between turns",
                hint="Offsets count characters from the start of the file, front matter "
                "included, as 'interviewkit segments' shows them; a span must reach into a turn.",
            )
        pieces = split_span(units[rowid], item.start, item.end, text)
    elif item.unit is not None:
        start, end = unit_span(conn, rowid, item.doc_id, item.unit)
        pieces = ((item.unit, start, end),)
    else:
        raise DataError(
            "neither a unit nor a start and an end",
            hint="Give the unit's number, or start and end offsets into the transcript text.",
        )
    return ExchangeCoding(doc_id=item.doc_id, pieces=pieces, code=code, coder=coder)
