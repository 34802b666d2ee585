"""Codings made elsewhere (another tool, a gold standard): rows of a coding sheet.

Read here, stored by :meth:`Project.import_codings`, compared with
:mod:`interviewkit.analysis.reliability`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from interviewkit.errors import DataError

if TYPE_CHECKING:
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
