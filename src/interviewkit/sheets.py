"""Reading small spreadsheets (CSV or Excel) into rows of text.

Researchers keep interview lists and codebooks in spreadsheets; both the
metadata sheet and the sheet codebook are read here.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from interviewkit.errors import DataError, UsageError

SHEET_SUFFIXES = (".csv", ".xlsx")


def read_sheet(path: str | Path) -> list[dict[str, str]]:
    """Rows of a CSV (UTF-8, or Excel's UTF-8 with BOM, or cp1252) or XLSX file.

    Column names are stripped and lower-cased; every value is text
    (empty cells are empty strings). Rows with no value are skipped.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise UsageError(f"{path}: no such file", hint="Check the path of the sheet.")
    if suffix == ".csv":
        rows = _read_csv(path)
    elif suffix in (".xlsx", ".xlsm"):
        rows = _read_xlsx(path)
    else:
        raise UsageError(
            f"{path}: {suffix or 'no suffix'} is not a sheet format",
            hint="Use a .csv or .xlsx file.",
        )
    if not rows:
        return []
    header = [str(h or "").strip().lower() for h in rows[0]]
    seen: set[str] = set()
    for i, name in enumerate(header):
        if not name:
            continue
        if name in seen:
            raise DataError(
                f"{path}: the column '{name}' appears twice (column {i + 1})",
                hint="Give every column its own name.",
            )
        seen.add(name)
    out = []
    for row in rows[1:]:
        values = [_cell(v) for v in row]
        if not any(values):
            continue
        record = {name: (values[i] if i < len(values) else "") for i, name in enumerate(header) if name}
        out.append(record)
    return out


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return text[:10] if text.endswith("T00:00:00") else text
    return str(value).strip()


def _read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly everything
        raise DataError(f"{path}: cannot decode the sheet", hint="Save it as UTF-8 CSV.")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    return [row for row in csv.reader(io.StringIO(text), dialect)]


def _read_xlsx(path: Path) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise DataError(
            f"{path}: not a readable Excel workbook ({type(exc).__name__})",
            hint="Open it in Excel or LibreOffice and save it again as .xlsx.",
        ) from None
    try:
        sheet = book.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
