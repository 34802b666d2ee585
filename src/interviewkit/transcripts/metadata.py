"""Metadata sheets: one row per transcript, in CSV or Excel.

A sheet has an ``id`` column (the transcript's id) and/or a ``file`` column
(the transcript's file name), and any number of attribute columns such as
``city``, ``country``, ``partner_city``, ``institution``, ``language`` or
``date``. Column names are compared in lower case with spaces as
underscores, and a column named twice is an error; empty cells leave an
attribute as it was.
"""

from __future__ import annotations

import unicodedata
import warnings
from collections.abc import Iterable
from pathlib import Path

from interviewkit.errors import TranscriptError, UsageError
from interviewkit.sheets import column_name, column_names, first_rows, sheet_rows

METADATA_SUFFIXES: tuple[str, ...] = (".csv", ".xlsx")


class MetadataWarning(UserWarning):
    """A metadata sheet names something that no transcript matches."""


def read_metadata(path: str | Path) -> dict[str, dict[str, str]]:
    """Read a metadata sheet into ``{key: {attribute: value}}``.

    The key is the row's ``id``, or its ``file`` where it has no id. Each
    attribute dict keeps the ``id`` and ``file`` cells too, so that rows can
    be matched either way.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in METADATA_SUFFIXES:
        raise UsageError(
            f"{path} is not a metadata sheet; use one of: {', '.join(METADATA_SUFFIXES)}",
            hint="Save the sheet as CSV (UTF-8) or as an Excel workbook (.xlsx).",
        )
    if not path.is_file():
        raise UsageError(f"{path}: no such file", hint="Check the path of the metadata sheet.")
    if suffix == ".xlsx":
        return _keyed(path, sheet_rows(path, sheet=_metadata_sheet(path)))
    return _keyed(path, sheet_rows(path))


def _metadata_sheet(path: Path) -> int:
    """The first sheet of a workbook with an 'id' or a 'file' column (the data may follow a
    sheet of notes); the first sheet when none has one (its error names them all)."""
    sheets = [
        (title, [column_name(c) for c in cells if c.strip()]) for title, cells in first_rows(path)
    ]
    for index, (_, names) in enumerate(sheets):
        if "id" in names or "file" in names:
            return index
    if len(sheets) > 1:
        listed = "; ".join(f"{t}: {', '.join(names) or 'no columns'}" for t, names in sheets)
        raise TranscriptError(
            f"{path}: none of its sheets has an 'id' or a 'file' column ({listed})",
            hint="Name the column with transcript ids 'id', or the one with file names 'file'.",
        )
    return 0


def _keyed(path: Path, rows: Iterable[tuple[int, list[str]]]) -> dict[str, dict[str, str]]:
    iterator = iter(rows)
    header_row = next(iterator, None)
    if header_row is None:
        raise TranscriptError(f"{path} is empty", hint="Give the sheet a header row and rows.")
    header = column_names(path, header_row[1], line=header_row[0])
    if "id" not in header and "file" not in header:
        raise TranscriptError(
            f"{path}, line 1: the sheet has neither an 'id' nor a 'file' column "
            f"(columns: {', '.join(h for h in header if h) or 'none'})",
            hint="Name the column with transcript ids 'id', or the one with file names 'file'.",
        )
    sheet: dict[str, dict[str, str]] = {}
    lines: dict[str, int] = {}
    for number, cells in iterator:
        row = {
            name: cell.strip()
            for name, cell in zip(header, cells, strict=False)  # short rows are fine
            if name and cell and cell.strip()
        }
        if not row:
            continue
        key = row.get("id") or row.get("file")
        if not key:
            raise TranscriptError(
                f"{path}, line {number}: the row has neither an id nor a file name",
                hint="Fill in the 'id' or 'file' cell of every row, or delete the row.",
            )
        if key in sheet:
            raise TranscriptError(
                f"{path}, line {number}: {key!r} has a row already (line {lines[key]})",
                hint="Give each transcript one row.",
            )
        sheet[key], lines[key] = row, number
    return sheet


class SheetIndex:
    """The rows of a metadata sheet, looked up by a transcript's file or id.

    A row matches by its ``file`` cell first (the file's name, its name
    without suffix, or the end of its path such as ``bonn/interview_1.txt``),
    then by its ``id``; where several rows match, the first in the sheet
    wins. Names are compared in one Unicode form (a Mac writes ``ä`` in file
    names as ``a`` and a combining mark), and, when nothing matches exactly,
    without regard to case (``Bonn_de_01.md`` for ``bonn_de_01.md``); an id of
    digits by its number (Excel turns ``001`` into ``1``). Built
    once per sheet: each lookup takes the same time however long the sheet is
    (a scan per transcript made adding 50,000 transcripts take minutes).
    """

    def __init__(self, sheet: dict[str, dict[str, str]]) -> None:
        self._rows = list(sheet.items())
        self._by_name: dict[str, list[int]] = {}
        self._by_id: dict[str, int] = {}
        self._by_folded_id: dict[str, int] = {}
        self._by_number: dict[int, int] = {}  # ids Excel turned into numbers: 001 → 1
        for position, (_, row) in enumerate(self._rows):
            name = row.get("file")
            if name:
                name = same_form(name)
                tail = name.lstrip("./").rsplit("/", 1)[-1]
                for word in dict.fromkeys((name, tail, name.casefold(), tail.casefold())):
                    self._by_name.setdefault(word, []).append(position)
            identifier = row.get("id")
            if identifier:
                self._by_id.setdefault(same_form(identifier), position)
                self._by_folded_id.setdefault(same_form(identifier).casefold(), position)
                if identifier.isdecimal():
                    self._by_number.setdefault(int(identifier), position)

    def match(self, *, file: Path, transcript_id: str) -> tuple[str, dict[str, str]] | None:
        """The sheet row for a transcript (its key and cells), or None."""
        path, name, stem = (same_form(x) for x in (file.as_posix(), file.name, file.stem))
        for fold in (str, str.casefold):  # exactly, else without regard to case
            candidates = sorted(
                {*self._by_name.get(fold(name), ()), *self._by_name.get(fold(stem), ())}
            )
            for position in candidates:
                key, row = self._rows[position]
                cell = fold(same_form(row["file"]))
                if cell in (fold(name), fold(stem)) or fold(path).endswith("/" + cell.lstrip("./")):
                    return key, row
        identifier = same_form(transcript_id)
        position = self._by_id.get(identifier)
        if position is not None:
            return self._rows[position]
        position = self._by_folded_id.get(identifier.casefold())
        if position is None and identifier.isdecimal():
            position = self._by_number.get(int(identifier))
        if position is None:
            return None
        # matched only as written otherwise (Bonn_01 for bonn_01, 1 for 001): the
        # transcript keeps its own id
        key, row = self._rows[position]
        return key, {**row, "id": transcript_id}


def same_form(text: str) -> str:
    """``text`` in Unicode's composed form (NFC), as names are compared."""
    return unicodedata.normalize("NFC", text)


def warn_unmatched(path: Path, unmatched: Iterable[str]) -> None:
    """Report sheet rows that matched no transcript, as :class:`MetadataWarning`."""
    names = sorted(unmatched)
    if names:
        warnings.warn(
            f"{path}: no transcript matches {', '.join(repr(n) for n in names)}; "
            "check the ids and file names in the sheet",
            MetadataWarning,
            stacklevel=3,
        )
