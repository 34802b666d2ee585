"""Tables to files, the format taken from the suffix.

CSV is UTF-8 (with a BOM when asked, so Excel shows Chinese and umlauts);
cells that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, tab or carriage return) are prefixed with ``'`` in CSV, the
column names too (a metadata column name is data). Excel workbooks hold
text as text cells (see :mod:`~interviewkit.export.workbook`). Every file is
written atomically (:func:`interviewkit.files.atomic_write`): a failed
write leaves the earlier file as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewkit.errors import UsageError
from interviewkit.files import atomic_write

if TYPE_CHECKING:
    import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def check_output_path(
    path: str | Path, formats: Mapping[str, Any] | None = None, *, what: str = "an output format"
) -> Path:
    """Fail early (before any work) if a table (or ``what``) cannot be written to ``path``."""
    path = Path(path)
    suffix = path.suffix.lower().lstrip(".")
    known = formats if formats is not None else WRITERS
    if suffix not in known:
        raise UsageError(
            f"'{path.suffix or path.name}' is not {what}",
            hint=f"Use one of: {', '.join('.' + k for k in known)}",
        )
    if not path.parent.exists():
        raise UsageError(
            f"cannot write {path}: the folder {path.parent} does not exist",
            hint="Create the folder first, or choose another path.",
        )
    if path.is_dir():
        raise UsageError(f"cannot write {path}: it is a folder", hint="Give a file name.")
    return path


def safe_cell(value: Any) -> Any:
    """A value a spreadsheet will show as text, never run as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell, column name and index value guarded (see :func:`safe_cell`)."""
    import pandas as pd

    frame = frame.copy()
    for i in range(frame.shape[1]):
        column = frame.iloc[:, i]
        if column.dtype == object or str(column.dtype) in ("string", "str"):
            frame.isetitem(i, column.map(safe_cell))
    frame.columns = _safe_labels(frame.columns)
    if not isinstance(frame.index, pd.RangeIndex):
        frame.index = _safe_labels(frame.index)
    frame.index = frame.index.set_names([safe_cell(n) for n in frame.index.names])
    frame.columns = frame.columns.set_names([safe_cell(n) for n in frame.columns.names])
    return frame


def _safe_labels(labels: pd.Index) -> pd.Index:
    import pandas as pd

    if isinstance(labels, pd.MultiIndex):
        return pd.MultiIndex.from_tuples(
            [tuple(safe_cell(p) for p in label) for label in labels], names=labels.names
        )
    return pd.Index([safe_cell(label) for label in labels], name=labels.name)


def _csv(frame: pd.DataFrame, path: Path, excel_bom: bool) -> None:
    frame = _safe(frame)
    encoding = "utf-8-sig" if excel_bom else "utf-8"
    frame.to_csv(path, index=_keeps_index(frame), encoding=encoding, lineterminator="\n")


def _json(frame: pd.DataFrame, path: Path, excel_bom: bool) -> None:
    frame = frame.reset_index() if _keeps_index(frame) else frame
    frame.to_json(path, orient="records", force_ascii=False, indent=2, date_format="iso")


def _jsonl(frame: pd.DataFrame, path: Path, excel_bom: bool) -> None:
    frame = frame.reset_index() if _keeps_index(frame) else frame
    frame.to_json(path, orient="records", force_ascii=False, lines=True, date_format="iso")


def _markdown(frame: pd.DataFrame, path: Path, excel_bom: bool) -> None:
    path.write_bytes(to_markdown(frame).encode("utf-8"))


def _latex(frame: pd.DataFrame, path: Path, excel_bom: bool) -> None:
    path.write_bytes(to_latex(frame).encode("utf-8"))


def _xlsx(frame: pd.DataFrame, path: Path, excel_bom: bool) -> None:
    from interviewkit.export.workbook import write_workbook

    write_workbook({"data": frame}, path)


WRITERS: dict[str, Callable[[Any, Path, bool], None]] = {
    "csv": _csv,
    "xlsx": _xlsx,
    "json": _json,
    "jsonl": _jsonl,
    "md": _markdown,
    "tex": _latex,
}


def write_table(frame: pd.DataFrame, path: str | Path, *, excel_bom: bool = False) -> Path:
    """Write a table; the format is taken from the suffix (see :data:`WRITERS`).

    Atomic: the file appears whole, or the earlier one stays.
    """
    path = check_output_path(path)
    with atomic_write(path) as temporary:
        WRITERS[path.suffix.lower().lstrip(".")](frame, temporary, excel_bom)
    return path


def write_sheets(frames: Mapping[str, pd.DataFrame], path: str | Path) -> Path:
    """Several tables into one Excel workbook, one sheet each (names cut to 31 characters)."""
    from interviewkit.export.workbook import write_workbook

    path = Path(path)
    with atomic_write(path) as temporary:
        write_workbook(frames, temporary)
    return path


def _keeps_index(frame: pd.DataFrame) -> bool:
    """Keep a meaningful index (named, or a MultiIndex); drop a plain RangeIndex."""
    import pandas as pd

    return not isinstance(frame.index, pd.RangeIndex) or frame.index.name is not None


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.reset_index() if _keeps_index(frame) else frame
    if hasattr(frame.columns, "levels"):
        frame = frame.copy()
        frame.columns = [" / ".join(str(p) for p in col if str(p)) for col in frame.columns]
    return frame


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        return f"{value:.3f}".rstrip("0").rstrip(".") if not value.is_integer() else str(int(value))
    return str(value)


def to_markdown(frame: pd.DataFrame) -> str:
    """A GitHub-flavoured Markdown table (pipes in cells escaped)."""
    flat = _flat(frame)
    header = [str(c) for c in flat.columns]
    lines = ["| " + " | ".join(h.replace("|", "\\|") for h in header) + " |"]
    lines.append("|" + "|".join("---" for _ in header) + "|")
    for row in flat.itertuples(index=False):
        cells = [_text(v).replace("|", "\\|").replace("\n", " ") for v in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _latex_escape(text: str) -> str:
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in text)


def to_latex(frame: pd.DataFrame) -> str:
    """A booktabs table for a paper's appendix (needs ``\\usepackage{booktabs}``)."""
    flat = _flat(frame)
    align = "".join("r" if flat[c].dtype.kind in "if" else "l" for c in flat.columns)
    lines = [f"\\begin{{tabular}}{{{align}}}", "\\toprule"]
    lines.append(" & ".join(_latex_escape(str(c)) for c in flat.columns) + r" \\")
    lines.append("\\midrule")
    for row in flat.itertuples(index=False):
        lines.append(" & ".join(_latex_escape(_text(v)) for v in row) + r" \\")
    lines += ["\\bottomrule", "\\end{tabular}"]
    return "\n".join(lines) + "\n"
