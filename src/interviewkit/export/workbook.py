"""Excel workbooks as a researcher would set them up by hand, and safe from their data.

Each table is one sheet: a bold header row, the first row frozen, an
autofilter over the table, columns as wide as their content (within
limits), long text wrapped. Every cell that comes from data and holds text
is a text cell: ``=HYPERLINK("…")`` in a transcript id, a metadata value or
a column name is shown as written, never run as a formula (and marked with
Excel's quote prefix, so that editing the cell keeps it text). Control
characters, which the file format cannot hold, are shown as visible symbols.

Written in openpyxl's streaming mode: a sheet of a million cells does not
sit in memory as cell objects.
"""

from __future__ import annotations

import datetime as dt
import errno
import math
import os
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewkit.errors import OutputError
from interviewkit.files import quiet_cleanup

if TYPE_CHECKING:
    import pandas as pd

#: Rows an Excel sheet holds, header included.
MAX_ROWS = 1_048_576
#: Characters an Excel cell holds.
MAX_CELL = 32_767
#: Column widths, in characters: at least, at most, and rows looked at to choose one.
MIN_WIDTH, MAX_WIDTH, SAMPLE_ROWS = 8, 60, 2000

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CUT = "… [cut: an Excel cell holds 32,767 characters]"


def write_workbook(frames: Mapping[str, pd.DataFrame], path: Path) -> None:
    """Write each frame to its own sheet of a new workbook at ``path``.

    A failure to write (a full disk, a file size limit), which the XML writer
    underneath reports in its own terms, is raised as the :class:`OSError` it is.
    """
    failure: OSError | None = None
    with quiet_cleanup():  # openpyxl's half-written sheets go without 'Exception ignored'
        try:
            _write(frames, path)
        except Exception as exc:
            code = _io_error(exc)
            if code is None:
                raise
            failure = OSError(code, os.strerror(code), str(path))
    if failure is not None:
        raise failure


def _io_error(exc: BaseException) -> int | None:
    """The errno of a write failure that lxml reports as ``SerialisationError: IO_EFBIG``."""
    if isinstance(exc, OSError):
        return None
    text = str(exc)
    for name in ("ENOSPC", "EFBIG", "EDQUOT", "EACCES", "EROFS", "EIO"):
        if f"IO_{name}" in text:
            return int(getattr(errno, name))
    return None


def _write(frames: Mapping[str, pd.DataFrame], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    used: set[str] = set()
    for name, frame in frames.items():
        headers, columns = table_columns(frame)
        rows = len(frame)
        if rows + 1 > MAX_ROWS:
            raise OutputError(
                f"{path.name}: the sheet '{name}' has {rows:,} rows, more than an Excel "
                f"sheet holds ({MAX_ROWS - 1:,} under the header)",
                hint="Write a .csv file instead, or narrow the table (e.g. --code, --where).",
            )
        sheet = book.create_sheet(_sheet_name(name, used))
        headers = [_text(h) for h in headers]
        widths = [_width(header, values) for header, values in zip(headers, columns, strict=True)]
        for i, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = width
        sheet.freeze_panes = "A2"
        if headers:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{rows + 1}"
        styles = _Styles(sheet)
        sheet.append([styles.header(h) for h in headers])
        for row in zip(*columns, strict=True):
            sheet.append(
                [styles.cell(value, width) for value, width in zip(row, widths, strict=True)]
            )
    if not used:
        book.create_sheet("sheet")
    book.save(path)


def table_columns(frame: pd.DataFrame) -> tuple[list[str], list[list[Any]]]:
    """Headers and column values: a meaningful index first, header levels joined by ' / '.

    Columns are taken by position, so that two columns of one name (or an index
    named like a column) are both written.
    """
    import pandas as pd

    headers: list[str] = []
    columns: list[list[Any]] = []
    if not isinstance(frame.index, pd.RangeIndex) or frame.index.name is not None:
        for level, name in enumerate(frame.index.names):
            headers.append("" if name is None else str(name))
            columns.append(list(frame.index.get_level_values(level)))
    for i, column in enumerate(frame.columns):
        parts = column if isinstance(column, tuple) else (column,)
        headers.append(" / ".join(str(p) for p in parts if str(p)))
        columns.append(frame.iloc[:, i].tolist())
    return headers, columns


class _Styles:
    """The few cell styles of a sheet, made once (openpyxl copies a style per cell)."""

    def __init__(self, sheet: Any) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font

        self._sheet = sheet
        self._cell = WriteOnlyCell
        self._bold = Font(bold=True)
        self._wrap = Alignment(wrap_text=True, vertical="top")

    def header(self, value: str) -> Any:
        cell = self._text_cell(value)
        cell.font = self._bold
        return cell

    def cell(self, value: Any, width: float) -> Any:
        if isinstance(value, str):
            value = _text(value)
            if len(value) > width or "\n" in value or value.startswith("="):
                cell = self._text_cell(value)
                if len(value) > width or "\n" in value:
                    cell.alignment = self._wrap
                return cell
            return value
        return _plain(value)

    def _text_cell(self, value: str) -> Any:
        cell = self._cell(self._sheet, value=value)
        if cell.data_type != "s":  # openpyxl takes a leading '=' for a formula
            cell.data_type = "s"
            cell.quotePrefix = True
        return cell


def _text(value: str) -> str:
    """Text as a cell can hold it: control characters visible, at most 32,767 characters."""
    value = _ILLEGAL.sub(lambda m: chr(0x2400 + ord(m.group())), value)
    if len(value) > MAX_CELL:
        value = value[: MAX_CELL - len(_CUT)] + _CUT
    return value


def _plain(value: Any) -> Any:
    """Numbers, booleans and dates as themselves; missing values empty; anything else as text."""
    import numpy as np
    import pandas as pd

    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        number = float(value)
        return None if math.isnan(number) else number if math.isfinite(number) else str(number)
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().replace(tzinfo=None)
    if isinstance(value, (dt.date, dt.time)):
        return value
    return _text(str(value))


def _display_length(text: str) -> int:
    """Terminal-like width: Chinese characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _width(header: str, values: list[Any]) -> float:
    longest = _display_length(header) + 2  # room for the filter button
    for value in values[:SAMPLE_ROWS]:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        if isinstance(value, str):
            text = value
        else:
            text = f"{value:.4g}" if isinstance(value, float) else str(value)
        line = max(text.split("\n"), key=len) if "\n" in text else text
        longest = max(longest, _display_length(line[: MAX_WIDTH * 2]))
    return float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 1)))


def _sheet_name(name: str, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    clean = re.sub(r"[\[\]:*?/\\]", "_", _text(name)).strip("'")[:31] or "sheet"
    candidate, number = clean, 2
    while candidate.lower() in used:
        suffix = f" ({number})"
        candidate, number = clean[: 31 - len(suffix)] + suffix, number + 1
    used.add(candidate.lower())
    return candidate
