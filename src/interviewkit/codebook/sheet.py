"""Reading codebooks from CSV/Excel sheets: one code per row under a header row.

Columns: id, name, parent, description, include, exclude, color, examples,
version, negation, and ``keywords_<lang>`` / ``near_misses_<lang>`` with rules
separated by ``;``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from interviewkit.codebook.load import Report, check_tree, read_code
from interviewkit.codebook.model import Code, Codebook


def from_sheet(path: Path, report: Report) -> Codebook | None:
    """The sheet's rows as codes; problems go to ``report`` with their row."""
    from interviewkit.sheets import read_records

    rows = read_records(path)
    if not rows:
        report.problem("", "the sheet has no rows; put one code per row under a header row")
        return None
    header = list(rows[0][1])
    known = {
        "id",
        "name",
        "parent",
        "description",
        "include",
        "exclude",
        "color",
        "examples",
        "version",
        "negation",
    }
    for column in header:
        if (
            column not in known
            and not column.startswith("keywords_")
            and not column.startswith("near_misses_")
        ):
            report.problem(
                f"column '{column}'",
                "unknown column; use id, name, parent, description, "
                "include, exclude, color, examples, keywords_<lang>, near_misses_<lang>",
            )
    if "id" not in header:
        report.problem("", "the sheet needs an 'id' column")
        return None
    placed: list[tuple[Code, str]] = []
    version = "1"
    for n, row in rows:
        place = f"row {n}"
        mapping: dict[str, Any] = {
            key: value
            for key in ("id", "name", "description", "include", "exclude", "color")
            if (value := str(row.get(key) or "").strip())
        }
        if row.get("parent"):
            mapping["parent"] = str(row["parent"]).strip()
        if row.get("examples"):
            mapping["examples"] = [e.strip() for e in str(row["examples"]).split(";") if e.strip()]
        if row.get("version"):
            version = str(row["version"]).strip()
        for prefix, key in (("keywords_", "keywords"), ("near_misses_", "near_misses")):
            for column in header:
                if column.startswith(prefix) and str(row.get(column) or "").strip():
                    mapping.setdefault(key, {})[column[len(prefix) :]] = [
                        r.strip() for r in str(row[column]).split(";") if r.strip()
                    ]
        read_code(mapping, place, None, report, placed)
    check_tree(placed, report)
    codes = [code for code, _ in placed]
    return Codebook(
        name=path.stem,
        version=version,
        codes=tuple(codes),
        languages=tuple(sorted({lang for c in codes for lang in c.keywords})),
        source=str(path),
        warnings=tuple(report.warnings),
    )
