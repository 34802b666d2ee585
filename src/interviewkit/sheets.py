"""Reading small spreadsheets (CSV or Excel) into rows of text.

Researchers keep interview lists, codebooks and codings made elsewhere in
spreadsheets; the metadata sheet, the sheet codebook and imported codings are
all read here, with the line number of every row for messages.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from interviewkit.errors import DataError, UsageError
from interviewkit.textfiles import decode

SHEET_SUFFIXES = (".csv", ".xlsx")


def sheet_rows(path: str | Path, *, sheet: int = 0) -> Iterator[tuple[int, list[str]]]:
    """Every row of the sheet as text cells, with its line (CSV) or row (Excel) number;
    ``sheet``: which sheet of a workbook."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SHEET_SUFFIXES:
        raise UsageError(
            f"{path}: {suffix or 'no suffix'} is not a sheet format",
            hint="Use a .csv (UTF-8) or .xlsx file.",
        )
    if not path.is_file():
        raise UsageError(f"{path}: no such file", hint="Check the path of the sheet.")
    return _xlsx_rows(path, sheet) if suffix == ".xlsx" else _csv_rows(path)


def first_rows(path: Path) -> list[tuple[str, list[str]]]:
    """Each sheet of a workbook by its name, with the cells of its first row."""
    out = []
    for index, title in enumerate(_titles(path)):
        first = next(iter(_xlsx_rows(path, index)), None)
        out.append((title, first[1] if first else []))
    return out


def _titles(path: Path) -> list[str]:
    workbook = _open_workbook(path)
    try:
        return [str(sheet.title) for sheet in workbook.worksheets]
    finally:
        workbook.close()


def read_records(path: str | Path) -> list[tuple[int, dict[str, str]]]:
    """Rows under the header row as ``(number, {column: text})``; empty rows skipped.

    Column names are stripped, lower-cased, with spaces as underscores; a
    column named twice is an error.
    """
    path = Path(path)
    rows = iter(sheet_rows(path))
    first = next(rows, None)
    if first is None:
        return []
    header = column_names(path, first[1], line=first[0])
    out = []
    for number, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        record = {
            name: (cells[i].strip() if i < len(cells) else "")
            for i, name in enumerate(header)
            if name
        }
        out.append((number, record))
    return out


def column_name(cell: str) -> str:
    """A header cell as a column's name: stripped, lower-cased, spaces as underscores."""
    return cell.strip().lower().replace(" ", "_")


def column_names(path: Path, cells: list[str], *, line: int = 1) -> list[str]:
    """A header row's names (see :func:`column_name`); none twice."""
    header = [column_name(cell) for cell in cells]
    seen: set[str] = set()
    for i, name in enumerate(header):
        if name and name in seen:
            raise DataError(
                f"{path}, line {line}: the column '{name}' appears twice (column {i + 1})",
                hint="Give every column its own name.",
            )
        seen.add(name)
    return header


def read_sheet(path: str | Path) -> list[dict[str, str]]:
    """The rows of :func:`read_records`, without their numbers."""
    return [record for _, record in read_records(path)]


def _csv_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    text = decode(path.read_bytes(), path).text
    header = text.split("\n", 1)[0]
    # Excel in German locales writes semicolons; pick the separator the header uses most.
    delimiter = max(",;\t", key=header.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    # The csv module refuses cells over 131,072 characters (a transcript pasted into
    # a cell); the whole file is in memory already, so no cell can be longer than it.
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))
    try:
        for row in reader:
            rows.append((reader.line_num, row))
    except csv.Error as exc:
        raise DataError(
            f"{path}, line {reader.line_num}: the CSV cannot be read ({exc})",
            hint="Open the sheet in a spreadsheet program and save it again as CSV (UTF-8).",
        ) from None
    finally:
        csv.field_size_limit(limit)
    return iter(rows)


def _open_workbook(path: Path) -> Any:
    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise DataError(
            f"{path} cannot be opened as an Excel workbook ({type(exc).__name__})",
            hint="Open it in Excel or LibreOffice and save it again as .xlsx, or as CSV.",
        ) from None


def _xlsx_rows(path: Path, index: int = 0) -> Iterator[tuple[int, list[str]]]:
    workbook = _open_workbook(path)
    try:
        sheet = workbook.worksheets[index]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [cell_text(value) for value in values]
    finally:
        workbook.close()


def cell_text(value: Any) -> str:
    """A spreadsheet cell as text: whole numbers without '.0', dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
