"""Codings made elsewhere: a coding sheet (rows of codings), or a coded spreadsheet.

A coding sheet names transcripts already in the project (``doc_id, unit,
code``); it is read here, stored by :meth:`Project.import_codings` and
compared with :mod:`interviewkit.analysis.reliability`. A coded spreadsheet
is how researchers code in Excel: one row per turn, ``timestamp, speaker,
words, tags``; :func:`read_coded_sheet` makes it a transcript with its
tags, and :func:`import_coded_sheet` brings both in, in one transaction.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from interviewkit.errors import DataError, UsageError
from interviewkit.models import Transcript, Unit

if TYPE_CHECKING:
    from interviewkit.store import Project
    from interviewkit.store.imports import ImportRow

_DOC_COLUMNS = ("doc_id", "document")


def read_codings(path: str | Path) -> list[ImportRow]:
    """Rows of a coding sheet (.csv/.xlsx): ``doc_id`` (or ``document``), ``unit`` or
    ``start``/``end``, and ``code`` (id or name); other columns (quote, speaker) are ignored.

    Row numbers are those of the sheet (the header is row 1).
    """
    from interviewkit.sheets import read_records
    from interviewkit.store.imports import ImportRow

    numbered = read_records(path)
    columns = list(numbered[0][1]) if numbered else []
    doc_col = next((c for c in _DOC_COLUMNS if c in columns), None)
    has_span = "start" in columns and "end" in columns
    if doc_col is None or "code" not in columns or ("unit" not in columns and not has_span):
        raise DataError(
            f"{path}: a coding sheet needs the columns doc_id (or document), code, and unit or "
            f"start and end; it has: {', '.join(columns) or 'no columns'}",
            hint="One row per coding, e.g. 'doc_id,unit,code' / 'bonn_de_01,4,networking'.",
        )
    rows = []
    for number, record in numbered:

        def whole(column: str, record: dict[str, str] = record, number: int = number) -> int | None:
            value = record.get(column, "").strip()
            if not value:
                return None
            try:
                return int(float(value)) if float(value).is_integer() else int(value)
            except ValueError:
                raise DataError(
                    f"{path}, row {number}: {column} must be a whole number, not {value!r}; "
                    "nothing was imported",
                    hint="Units are numbered from 1, as 'interviewkit segments' shows them.",
                ) from None

        doc_id, code = record[doc_col].strip(), record["code"].strip()
        if not doc_id or not code:
            missing = doc_col if not doc_id else "code"
            raise DataError(
                f"{path}, row {number}: the {missing} is empty; nothing was imported",
                hint="Every row needs a transcript and a code.",
            )
        unit, start, end = whole("unit"), whole("start"), whole("end")
        if unit is None and (start is None or end is None):
            raise DataError(
                f"{path}, row {number}: neither a unit nor start and end; nothing was imported",
                hint="Give the unit's number, or the start and end of the coded text.",
            )
        rows.append(ImportRow(number, doc_id, code, unit, start, end))
    return rows


# -- a coded spreadsheet: the transcript and its codings in one sheet ----------------------------

#: Column names researchers give a coded sheet's columns (compared without case, spaces as _).
SHEET_COLUMNS: dict[str, tuple[str, ...]] = {
    "text": ("text", "words", "utterance", "transcript", "content", "turn", "text_of_turn"),
    "speaker": ("speaker", "name", "who", "sprecher", "person"),
    "time": ("timestamp", "time", "start", "time_start", "timecode", "zeit"),
    "tags": ("tags", "codes", "code", "tag", "labels", "coding"),
}
_TIME = re.compile(r"^\[?(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:[.,]\d+)?)\]?$")


@dataclass(frozen=True)
class CodedSheet:
    """A spreadsheet coded by hand: its transcript (a unit per row) and the tags of each row."""

    transcript: Transcript
    #: ``(unit index, tag as written, sheet row)``.
    tags: list[tuple[int, str, int]]
    warnings: list[str] = field(default_factory=list)


def read_coded_sheet(
    path: str | Path,
    *,
    doc_id: str | None = None,
    columns: Mapping[str, str] | None = None,
    metadata: Mapping[str, str] | None = None,
    interviewer: Sequence[str] = (),
) -> CodedSheet:
    """A sheet with one row per turn (``timestamp, speaker, words, tags``) as a transcript.

    The text is the turns, each ``SPEAKER: words``, separated by blank lines,
    so that the transcript reads as any other; each row is a unit (a turn),
    with its speaker and time. Tags are separated by ``;`` (a trailing ``;``
    is fine). ``columns`` maps ``text``, ``speaker``, ``time`` and ``tags``
    to the sheet's own column names.
    """
    from interviewkit.sheets import read_records
    from interviewkit.transcripts.language import detect_language
    from interviewkit.transcripts.speakers import normalize_label
    from interviewkit.transcripts.units import interviewer_matcher

    path = Path(path)
    numbered = read_records(path)
    header = list(numbered[0][1]) if numbered else []
    chosen = _sheet_columns(path, header, columns or {})
    interviewers = interviewer_matcher(interviewer)
    parts: list[str] = []
    units: list[Unit] = []
    tags: list[tuple[int, str, int]] = []
    warnings: list[str] = []
    bad_times: list[int] = []
    offset = 0
    for number, record in numbered:
        if all(_normal(v) == k for k, v in record.items() if v.strip()):
            raise DataError(
                f"{path}, row {number}: this row repeats the header row; nothing was imported",
                hint="Remove the repeated header row (a sheet has one header row).",
            )
        text = record.get(chosen["text"], "").strip()
        row_tags = [t.strip() for t in record.get(chosen.get("tags", ""), "").split(";")]
        row_tags = [t for t in row_tags if t]
        if not text:
            if row_tags:
                warnings.append(f"row {number} has tags but no text; left out")
            continue
        speaker = record.get(chosen.get("speaker", ""), "").strip() or None
        time = _seconds(record.get(chosen.get("time", ""), ""))
        if time is None and record.get(chosen.get("time", ""), "").strip():
            bad_times.append(number)
        label = f"{speaker}: " if speaker else ""
        if parts:
            offset += 2  # the blank line between turns
        start = offset + len(label)
        parts.append(label + text)
        offset += len(label) + len(text)
        index = len(units) + 1
        is_interviewer = speaker is not None and normalize_label(speaker) in interviewers
        units.append(Unit(index, start, offset, speaker, "turn", is_interviewer, time, None))
        tags += [(index, tag, number) for tag in dict.fromkeys(row_tags)]
    if not units:
        raise DataError(
            f"{path}: no row has text in the column {chosen['text']!r}",
            hint="One row per turn, with the words in a column such as 'text' or 'words'.",
        )
    if bad_times:
        warnings.append(
            f"the time on row(s) {', '.join(map(str, bad_times[:5]))} is not a time like "
            "00:01:23 or 83.5; those turns have no time"
        )
    # A turn ends when the next begins.
    units = [
        u if u.time_start is None or i + 1 >= len(units) else _until(u, units[i + 1])
        for i, u in enumerate(units)
    ]
    full = "\n\n".join(parts)
    meta = dict(metadata or {})
    language = meta.get("language") or detect_language(full)
    if language:
        meta["language"] = language
    transcript = Transcript(doc_id or path.stem, full, tuple(units), meta, source=str(path))
    return CodedSheet(transcript, tags, warnings)


def _until(unit: Unit, following: Unit) -> Unit:
    return replace(unit, time_end=following.time_start)


def _normal(name: str) -> str:
    return name.strip().lower().replace(" ", "_")


def _sheet_columns(path: Path, header: list[str], columns: Mapping[str, str]) -> dict[str, str]:
    chosen: dict[str, str] = {}
    for ours, theirs in columns.items():
        if ours not in SHEET_COLUMNS:
            raise UsageError(
                f"--columns: {ours!r} is not a column of a coded sheet; use one of: "
                + ", ".join(SHEET_COLUMNS)
            )
        if _normal(theirs) not in header:
            raise UsageError(
                f"--columns: {path.name} has no column {theirs!r}; it has: " + ", ".join(header)
            )
        chosen[ours] = _normal(theirs)
    for ours, names in SHEET_COLUMNS.items():
        if ours not in chosen:
            found = next((n for n in names if n in header and n not in chosen.values()), None)
            if found:
                chosen[ours] = found
    if "text" not in chosen:
        raise DataError(
            f"{path}: a coded sheet needs a column with the words of each turn (text, words, "
            f"utterance …); it has: {', '.join(header) or 'no columns'}",
            hint="Name the column with --columns text=COLUMN (and speaker=, time=, tags=).",
        )
    return chosen


def _seconds(value: str) -> float | None:
    value = value.strip()
    if not value:
        return None
    try:
        return float(value.replace(",", "."))
    except ValueError:
        pass
    found = _TIME.match(value)
    if found is None:
        return None
    hours, minutes, seconds = found.groups()
    return int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds.replace(",", "."))


@dataclass(frozen=True)
class CodedSheetReport:
    """What bringing in a coded sheet did."""

    doc_id: str
    turns: int
    added: bool
    codings: int
    codings_present: int
    codes_added: list[str]
    codes_matched: list[str]
    warnings: list[str]


def import_coded_sheet(project: Project, sheet: CodedSheet, *, coder: str) -> CodedSheetReport:
    """Store the sheet's transcript, its tags as ``coder``'s codings, and tags the codebook
    lacks as new codes (marked as imported), in one transaction."""
    from interviewkit.codebook.model import Code, Codebook
    from interviewkit.codebook.qdc import slug, unique_id
    from interviewkit.store.exchange import ExchangeBundle, ExchangeCoding

    if not coder.strip() or coder.strip() == "auto":
        raise UsageError(
            "the codings of a coded sheet belong to a person: give their name",
            hint="Add --coder NAME (not 'auto').",
        )
    names = project.code_names()
    by_name = {name.casefold(): cid for cid, name in names.items()}
    ids: dict[str, str] = {}
    new: list[Code] = []
    taken = set(names)
    source = sheet.transcript.source or sheet.transcript.id
    for _, tag, _ in sheet.tags:
        if tag in ids:
            continue
        found = tag if tag in names else by_name.get(tag.casefold())
        if found is None:
            found = unique_id(slug(tag), None, taken)
            taken.add(found)
            new.append(
                Code(
                    found,
                    tag,
                    description=f"Imported with codings from {source}; no definition yet.",
                )
            )
        ids[tag] = found
    book = None
    if new:
        current = project.codebook()
        book = (
            Codebook("imported codes", "1", tuple(new))
            if current is None
            else replace(current, codes=(*current.codes, *new))
        )
    units = {u.index: u for u in sheet.transcript.units}
    codings = tuple(
        ExchangeCoding(
            doc_id=sheet.transcript.id,
            pieces=((index, units[index].start, units[index].end),),
            code=ids[tag],
            coder=coder.strip(),
        )
        for index, tag, _ in sheet.tags
    )
    stored = project.import_exchange(
        ExchangeBundle(
            transcripts=(sheet.transcript,),
            codebook=book,
            codings=codings,
            coders=(coder.strip(),),
            codes_from=source,
        )
    )
    new_ids = {c.id for c in new}
    return CodedSheetReport(
        doc_id=sheet.transcript.id,
        turns=len(sheet.transcript.units),
        added=sheet.transcript.id in stored.documents_added,
        codings=stored.codings_added,
        codings_present=stored.codings_present,
        codes_added=[c.name if c.name == c.id else f"{c.name} ({c.id})" for c in new],
        codes_matched=sorted({t for t, cid in ids.items() if cid not in new_ids}),
        warnings=list(sheet.warnings),
    )
