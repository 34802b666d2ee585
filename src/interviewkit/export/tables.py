"""Tables to files, the format taken from the suffix.

CSV is UTF-8 (with a BOM when asked, so Excel shows Chinese and umlauts);
cells that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, tab or carriage return) are prefixed with ``'`` in CSV and Excel.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewkit.errors import UsageError

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
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object or str(frame[column].dtype) in ("string", "str"):
            frame[column] = frame[column].map(safe_cell)
    return frame


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
    path.write_text(to_markdown(frame), encoding="utf-8")


def _latex(frame: pd.DataFrame, path: Path, excel_bom: bool) -> None:
    path.write_text(to_latex(frame), encoding="utf-8")


def _xlsx(frame: pd.DataFrame, path: Path, excel_bom: bool) -> None:
    write_sheets({"data": frame}, path)


WRITERS: dict[str, Callable[[Any, Path, bool], None]] = {
    "csv": _csv,
    "xlsx": _xlsx,
    "json": _json,
    "jsonl": _jsonl,
    "md": _markdown,
    "tex": _latex,
}


def write_table(frame: pd.DataFrame, path: str | Path, *, excel_bom: bool = False) -> Path:
    """Write a table; the format is taken from the suffix (see :data:`WRITERS`)."""
    path = check_output_path(path)
    WRITERS[path.suffix.lower().lstrip(".")](frame, path, excel_bom)
    return path


def write_sheets(frames: Mapping[str, pd.DataFrame], path: str | Path) -> Path:
    """Several tables into one Excel workbook, one sheet each (names cut to 31 characters)."""
    import pandas as pd

    path = Path(path)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in frames.items():
            safe = _safe(frame)
            safe.to_excel(writer, sheet_name=name[:31] or "sheet", index=_keeps_index(frame))
            sheet = writer.sheets[name[:31] or "sheet"]
            for column in sheet.columns:
                width = max((len(str(c.value)) for c in column if c.value is not None), default=8)
                sheet.column_dimensions[column[0].column_letter].width = min(60, max(8, width + 2))
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
