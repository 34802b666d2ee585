"""Tables of plain rows to CSV, JSON, JSON Lines and Markdown, without pandas.

What :func:`interviewkit.export.tables.write_table` writes of a DataFrame,
byte for byte, for a table given as columns and rows of text, whole numbers
and empty cells (``None``): a command that has its rows at hand (``code``)
need not import pandas, which costs more than coding one transcript. The
same rules hold: CSV is UTF-8 (with a byte-order mark for Excel when asked),
and a cell a spreadsheet would run as a formula is written as text
(:func:`~interviewkit.export.tables.safe_cell`). A file is written whole or
not at all (a temporary file in the same folder, then renamed into place).
Other formats (.xlsx, .tex) go through pandas: :func:`write_rows` says which.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from interviewkit.export.tables import safe_cell
from interviewkit.files import write_bytes

Row = Sequence[Any]


def _csv(columns: Sequence[str], rows: Sequence[Row], excel_bom: bool) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([str(c) for c in columns])  # as pandas: the names as they are
    writer.writerows([[_csv_cell(v) for v in row] for row in rows])
    return buffer.getvalue().encode("utf-8-sig" if excel_bom else "utf-8")


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    return safe_cell(_checked(value))


def _checked(value: Any) -> Any:
    """A value these writers spell as pandas does: text, a whole number, or a truth value."""
    if isinstance(value, (str, int)):
        return value
    raise TypeError(f"a cell of {type(value).__name__} is written through pandas, not here")


def _json_value(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    # pandas escapes the slash as well (its JSON encoder's habit)
    return json.dumps(_checked(value), ensure_ascii=False).replace("/", "\\/")


def _objects(columns: Sequence[str], rows: Sequence[Row], indent: str) -> list[str]:
    keys = [_json_value(str(c)) for c in columns]
    between = "," + ("\n" + indent if indent else "")
    start, end = ("{\n" + indent, "\n" + indent[:-2] + "}") if indent else ("{", "}")
    return [
        start + between.join(f"{k}:{_json_value(v)}" for k, v in zip(keys, row, strict=True)) + end
        for row in rows
    ]


def _json(columns: Sequence[str], rows: Sequence[Row], excel_bom: bool) -> bytes:
    objects = _objects(columns, rows, "    ")
    text = "[\n" + ",\n".join("  " + o for o in objects) + "\n]"
    return text.encode("utf-8")


def _jsonl(columns: Sequence[str], rows: Sequence[Row], excel_bom: bool) -> bytes:
    return ("\n".join(_objects(columns, rows, "")) + "\n").encode("utf-8")


def _md_cell(value: Any) -> str:
    text = "" if value is None else str(_checked(value))
    return text.replace("|", "\\|").replace("\n", " ")


def _markdown(columns: Sequence[str], rows: Sequence[Row], excel_bom: bool) -> bytes:
    header = [str(c) for c in columns]
    lines = ["| " + " | ".join(h.replace("|", "\\|") for h in header) + " |"]
    lines.append("|" + "|".join("---" for _ in header) + "|")
    lines += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


WRITERS: dict[str, Callable[[Sequence[str], Sequence[Row], bool], bytes]] = {
    "csv": _csv,
    "json": _json,
    "jsonl": _jsonl,
    "md": _markdown,
}


def writes(path: str | Path) -> bool:
    """Whether :func:`write_rows` writes this file's format (else: pandas does)."""
    return Path(path).suffix.lower().lstrip(".") in WRITERS


def write_rows(
    columns: Sequence[str], rows: Sequence[Row], path: str | Path, *, excel_bom: bool = False
) -> Path:
    """Write a table of rows; the format is taken from the suffix (see :func:`writes`)."""
    path = Path(path)
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in WRITERS:
        raise ValueError(f"{path.name}: write .{suffix} tables with export.tables.write_table")
    return write_bytes(path, WRITERS[suffix](columns, rows, excel_bom))
