"""Reading codebooks from CSV/Excel sheets: one code per row under a header row.

Our columns: id, name, parent, description, include, exclude, color,
examples, version, negation, and ``keywords_<lang>`` / ``near_misses_<lang>``
with rules separated by ``;``.

The codebook sheets other tools export are recognised by their column names
(compared without case, spaces as ``_``):

- MAXQDA: ``Code`` with subcodes spelled ``Parent\\Child`` or ``Parent > Child``,
  and ``Memo``;
- NVivo: ``Name``, ``Description``, ``Hierarchical Name`` (``Codes\\Parent\\Child``),
  and its counts (``Files``, ``References``, ``Created On`` …), which are ignored;
- QualCoder: ``name``, ``memo``, ``category`` (the name of the parent), ``color``,
  ``cid``.

A parent named by a category or a path that is not a row of the sheet is
made a code of its own, so that no level is lost. Any other layout is mapped
with ``columns`` (``--columns id=cid,name=Code name``). A row that repeats
the header row (pasted twice, or two sheets joined) is an error with its line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from interviewkit.codebook.load import Report, check_tree, read_code
from interviewkit.codebook.model import Code, Codebook
from interviewkit.codebook.qdc import MAX_DEPTH, slug, unique_id
from interviewkit.errors import UsageError

#: Our columns; ``path`` is a whole hierarchy in one cell.
FIELDS = (
    "id",
    "name",
    "path",
    "parent",
    "description",
    "include",
    "exclude",
    "color",
    "examples",
    "version",
    "negation",
)
#: Other tools' names for our columns, in order of preference.
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("code_id", "cid"),
    "name": ("code_name", "codename", "node", "node_name"),
    "path": ("code", "hierarchical_name", "code_path"),
    "parent": ("parent_code", "parent_name", "parent_path", "category", "category_name"),
    "description": ("definition", "memo", "code_memo", "comment"),
    "color": ("colour",),
}
#: Columns other tools export that say nothing about a code's meaning.
IGNORED = frozenset(
    {
        "files",
        "references",
        "created_on",
        "created_by",
        "modified_on",
        "modified_by",
        "aggregate",
        "owner",
        "date",
        "catid",
        "count",
        "frequency",
        "coded_segments",
        "segments",
        "documents",
        "weight",
    }
)
_PATH = re.compile(r"\s*(?:\\|::|>)\s*")
_ROOTS = ("codes", "nodes")


def parse_columns(text: str) -> dict[str, str]:
    """``id=cid,name=Code name`` as ``{"id": "cid", "name": "Code name"}``."""
    out: dict[str, str] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        ours, sep, theirs = part.partition("=")
        if not sep or not ours.strip() or not theirs.strip():
            raise UsageError(
                f"--columns: {part.strip()!r} is not FIELD=COLUMN",
                hint="Write e.g. --columns id=cid,name=Code,description=Memo.",
            )
        out[ours.strip().lower()] = theirs.strip()
    return out


def _normal(name: str) -> str:
    return name.strip().lower().replace(" ", "_")


def _assign(header: list[str], columns: Mapping[str, str], path: Path) -> dict[str, str]:
    """``{our field: the sheet's column}``: the user's mapping, then our names, then aliases."""
    chosen: dict[str, str] = {}
    for ours, theirs in columns.items():
        valid = ours in FIELDS or ours.startswith(("keywords_", "near_misses_"))
        if not valid:
            raise UsageError(
                f"--columns: {ours!r} is not a codebook column; use one of: "
                + ", ".join(FIELDS)
                + ", keywords_<lang>, near_misses_<lang>",
            )
        if _normal(theirs) not in header:
            raise UsageError(
                f"--columns: {path.name} has no column {theirs!r}; it has: "
                + ", ".join(h for h in header if h),
            )
        chosen[ours] = _normal(theirs)
    taken = set(chosen.values())
    for ours in FIELDS:
        if ours in chosen:
            continue
        for candidate in (ours, *ALIASES.get(ours, ())):
            if candidate in header and candidate not in taken:
                chosen[ours] = candidate
                taken.add(candidate)
                break
    for column in header:
        if column.startswith(("keywords_", "near_misses_")) and column not in taken:
            chosen.setdefault(column, column)
    return chosen


def from_sheet(
    path: Path, report: Report, *, columns: Mapping[str, str] | None = None
) -> Codebook | None:
    """The sheet's rows as codes; problems go to ``report`` with their row."""
    from interviewkit.sheets import read_records

    rows = read_records(path)
    if not rows:
        report.problem("", "the sheet has no rows; put one code per row under a header row")
        return None
    header = list(rows[0][1])
    chosen = _assign(header, columns or {}, path)
    used = set(chosen.values())
    ignored = [c for c in header if c and c not in used and c in IGNORED]
    for column in header:
        if column and column not in used and column not in IGNORED:
            report.problem(
                f"column '{column}'",
                "unknown column; use id, name, parent, description, include, exclude, color, "
                "examples, keywords_<lang>, near_misses_<lang> (or the column names of "
                "MAXQDA, NVivo and QualCoder), or map it with --columns FIELD=COLUMN",
            )
    if ignored:
        report.warn("", f"columns ignored (counts and dates of the tool): {', '.join(ignored)}")
    if not {"id", "name", "path"} & set(chosen):
        report.problem(
            "", "the sheet needs a column with the code: id, name or code (or --columns id=…)"
        )
        return None
    placed: list[tuple[Code, str]] = []
    version = "1"
    names = _Names()
    pending: list[tuple[str, dict[str, Any], tuple[str, ...], str]] = []
    strip_root = _common_root(rows, chosen.get("path"))
    for n, row in rows:
        place = f"row {n}"
        report.lines.setdefault(place, n)
        if _repeats_header(row):
            report.problem(
                place, "this row repeats the header row; remove it (a sheet has one header row)"
            )
            continue
        cell = {ours: str(row.get(theirs) or "").strip() for ours, theirs in chosen.items()}
        parts = _split(cell.get("path", ""))[strip_root:]
        if len(parts) > MAX_DEPTH:
            report.problem(place, f"the path has more than {MAX_DEPTH} levels")
            continue
        name = cell.get("name") or (parts[-1] if parts else "") or cell.get("id", "")
        code_id = cell.get("id") or unique_id(slug(name), None, names.taken)
        names.add(code_id, name, parts or ((name,) if name else ()))
        mapping: dict[str, Any] = {
            key: value
            for key in ("description", "include", "exclude", "color")
            if (value := cell.get(key, ""))
        }
        mapping["id"], mapping["name"] = code_id, name
        if cell.get("examples"):
            mapping["examples"] = [e.strip() for e in cell["examples"].split(";") if e.strip()]
        if cell.get("version"):
            version = cell["version"]
        if cell.get("negation"):
            mapping["negation"] = cell["negation"].lower() not in ("false", "no", "0", "nein")
        for ours in chosen:
            for prefix, key in (("keywords_", "keywords"), ("near_misses_", "near_misses")):
                if ours.startswith(prefix) and cell.get(ours):
                    mapping.setdefault(key, {})[ours[len(prefix) :]] = [
                        r.strip() for r in cell[ours].split(";") if r.strip()
                    ]
        pending.append((place, mapping, parts, cell.get("parent", "")))
    by_id = chosen.get("parent") == "parent"
    for place, mapping, parts, parent_cell in pending:
        parent = _parent(parent_cell, parts, ours=by_id, names=names, own=mapping["id"])
        if parent is not None:
            mapping["parent"] = parent
        read_code(mapping, place, None, report, placed)
    if names.made_codes:
        report.warn(
            "",
            "parent codes made for categories that are not rows of the sheet: "
            + ", ".join(c.name for c in names.made_codes),
        )
    placed = _with_made_parents(placed, names.made_codes)
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


def _with_made_parents(placed: list[tuple[Code, str]], made: list[Code]) -> list[tuple[Code, str]]:
    """The rows' codes, each made-up parent just before the first code below it."""
    waiting = {code.id: code for code in made}
    out: list[tuple[Code, str]] = []
    for code, place in placed:
        chain: list[Code] = []
        parent = code.parent
        while parent in waiting:
            chain.append(waiting.pop(parent))
            parent = chain[-1].parent
        out += [(c, "") for c in reversed(chain)]
        out.append((code, place))
    return out + [(c, "") for c in waiting.values()]


def _split(value: str) -> tuple[str, ...]:
    return tuple(p for p in _PATH.split(value.strip()) if p) if value.strip() else ()


def _common_root(rows: list[tuple[int, dict[str, str]]], column: str | None) -> int:
    """1 when every path starts with NVivo's root folder (``Codes\\…``, ``Nodes\\…``)."""
    if column is None:
        return 0
    firsts = {(_split(r.get(column, "")) or ("",))[0].casefold() for _, r in rows}
    return 1 if len(firsts) == 1 and firsts <= set(_ROOTS) else 0


def _repeats_header(row: dict[str, str]) -> bool:
    values = [(_normal(v), k) for k, v in row.items() if v.strip()]
    return bool(values) and all(v == k for v, k in values)


def _parent(
    cell: str,
    parts: tuple[str, ...],
    *,
    ours: bool,
    names: _Names,
    own: str,
) -> str | None:
    """The parent's id: by id, else by name or path; made up if a category or path names
    one that is not a row. In our own ``parent`` column an unknown parent stays an error."""
    if len(parts) > 1:
        return names.made(parts[:-1])
    if not cell or cell == own:
        return None
    if cell in names.taken:
        return cell
    path = _split(cell)
    if len(path) == 1 and path[0].casefold() in names.by_name:
        return names.by_name[path[0].casefold()]
    return cell if ours else names.made(path)


class _Names:
    """The codes of a sheet by name and by path, and the parents made up for it."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self.by_name: dict[str, str] = {}
        self.by_path: dict[tuple[str, ...], str] = {}
        self.made_codes: list[Code] = []

    def add(self, code_id: str, name: str, parts: tuple[str, ...]) -> None:
        self.taken.add(code_id)
        self.by_name.setdefault(name.casefold(), code_id)
        if parts:
            self.by_path.setdefault(tuple(p.casefold() for p in parts), code_id)

    def made(self, parts: tuple[str, ...]) -> str:
        """The id of the code at ``parts``, made (with its missing parents) if needed."""
        parent: str | None = None
        for depth in range(1, len(parts) + 1):
            key = tuple(p.casefold() for p in parts[:depth])
            found = self.by_path.get(key)
            if found is None and depth == 1:
                found = self.by_name.get(key[0])
            if found is None:
                found = unique_id(slug(parts[depth - 1]), parent, self.taken)
                self.taken.add(found)
                self.by_path[key] = found
                self.made_codes.append(Code(id=found, name=parts[depth - 1], parent=parent))
            parent = found
        assert parent is not None
        return parent
