"""Reading codebooks: our YAML format, CSV/Excel sheets, quanteda dictionaries.

Every problem is collected with its place (``codes[3].keywords.de[2]``, and
the line in a YAML file) so that one run of ``interviewkit codebook check``
shows all of them.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from interviewkit.codebook.model import (
    DEFAULT_NEGATION_WINDOW,
    DEFAULT_NEGATIONS,
    Code,
    Codebook,
    Rule,
)
from interviewkit.codebook.rules import RuleProblem, parse_rule
from interviewkit.errors import CodebookError, UsageError

TOP_KEYS = ("name", "version", "description", "languages", "negation", "codes")
CODE_KEYS = (
    "id",
    "name",
    "description",
    "include",
    "exclude",
    "examples",
    "color",
    "parent",
    "negation",
    "keywords",
    "near_misses",
    "children",
)
NEGATION_KEYS = ("window", "words")
SHEET_SUFFIXES = (".csv", ".xlsx", ".xls")
YAML_SUFFIXES = (".yaml", ".yml")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
_LANG = re.compile(r"^[a-z]{2,3}$")
_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


@dataclass
class _Report:
    """Problems and warnings found while reading, each with its place."""

    path: str
    lines: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def _where(self, place: str) -> str:
        line = self._line(place)
        prefix = f"{self.path}:{line}" if line else self.path
        return f"{prefix}: {place}" if place else prefix

    def _line(self, place: str) -> int | None:
        while place:
            if place in self.lines:
                return self.lines[place]
            cut = max(place.rfind("."), place.rfind("["))
            place = place[:cut] if cut > 0 else ""
        return None

    def problem(self, place: str, message: str) -> None:
        self.problems.append(f"{self._where(place)}: {message}")

    def warn(self, place: str, message: str) -> None:
        self.warnings.append(f"{self._where(place)}: {message}")


def load_codebook(path: str | Path, *, language: str | None = None) -> Codebook:
    """Read and validate a codebook file (YAML, CSV or Excel).

    A YAML file without a ``codes`` list but with nested mappings of word
    lists is read as a quanteda/LIWC-style dictionary; its rules are given
    ``language`` (default ``xx``, which applies to every transcript).

    Raises :class:`CodebookError` listing every problem with its place.
    """
    path = Path(path)
    if not path.exists():
        raise UsageError(f"{path}: no such codebook file", hint="Check the path.")
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give the codebook file inside it")
    suffix = path.suffix.lower()
    book: Codebook | None
    if suffix in YAML_SUFFIXES:
        data, lines = _read_yaml(path)
        report = _Report(str(path), lines)
        if isinstance(data, dict) and "codes" not in data and _looks_like_dictionary(data):
            book = _from_dictionary(data, path, report, language or "xx")
        else:
            book = _from_mapping(data, path, report)
    elif suffix in SHEET_SUFFIXES:
        report = _Report(str(path))
        book = _from_sheet(path, report)
    else:
        raise UsageError(
            f"{path}: {suffix or 'no suffix'} is not a codebook format",
            hint="Use a .yaml/.yml codebook or a .csv/.xlsx sheet.",
        )
    if report.problems:
        count = len(report.problems)
        raise CodebookError(
            report.problems[0] if count == 1 else f"{path}: {count} problems in the codebook",
            hint="Fix the places named above; docs/codebook-format.md describes the format.",
            problems=report.problems,
        )
    assert book is not None
    return book


def _read_yaml(path: Path) -> tuple[Any, dict[str, int]]:
    import yaml

    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CodebookError(
            f"{path}: not UTF-8 text (byte {exc.start})",
            hint="Save the codebook as UTF-8 in your editor.",
        ) from None
    try:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise CodebookError(
            f"{where}: invalid YAML: {exc.problem or exc.context}",
            hint="Check the indentation and quote values that contain ':', '#', '*' or '/'.",
        ) from None
    except yaml.YAMLError as exc:
        raise CodebookError(f"{path}: invalid YAML: {exc}") from None
    if data is None:
        raise CodebookError(f"{path}: the codebook is empty", hint="See docs/codebook-format.md.")
    lines: dict[str, int] = {}
    if node is not None:
        _index_lines(node, "", lines)
    return data, lines


def _index_lines(node: Any, place: str, lines: dict[str, int]) -> None:
    import yaml

    lines.setdefault(place, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            sub = f"{place}.{key.value}" if place else str(key.value)
            lines[sub] = key.start_mark.line + 1
            _index_lines(value, sub, lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index_lines(item, f"{place}[{i}]", lines)


def _unknown_keys(report: _Report, place: str, data: dict[str, Any], known: Iterable[str]) -> None:
    known = tuple(known)
    for key in data:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(known)}"
            report.problem(f"{place}.{key}" if place else str(key), f"unknown key; {hint}")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value).strip()


def _from_mapping(data: Any, path: Path, report: _Report) -> Codebook | None:
    if not isinstance(data, dict):
        report.problem("", "a codebook must be a mapping with 'name', 'version' and 'codes'")
        return None
    _unknown_keys(report, "", data, TOP_KEYS)
    for key in ("name", "version"):
        if not _text(data.get(key)):
            report.problem(key if key in data else "", f"'{key}' is missing")
    languages = data.get("languages") or []
    if not isinstance(languages, list) or not all(
        isinstance(x, str) and _LANG.match(x) for x in languages
    ):
        report.problem("languages", "must be a list of language codes like [de, en, zh]")
        languages = []
    window, negations = _negation(data.get("negation"), report)
    raw_codes = data.get("codes")
    placed: list[tuple[Code, str]] = []
    if not isinstance(raw_codes, list) or not raw_codes:
        report.problem("codes" if "codes" in data else "", "'codes' must be a non-empty list")
    else:
        for i, raw in enumerate(raw_codes):
            _read_code(raw, f"codes[{i}]", None, report, placed)
    _check_tree(placed, report)
    codes = [code for code, _ in placed]
    for code, place in placed:
        if not code.rule_count and not any(c.parent == code.id for c in codes):
            report.warn(place, f"code '{code.id}' has no rules: it can only be coded by hand")
    used = {lang for c in codes for lang in c.keywords}
    for lang in sorted(used - set(languages) - {"xx"}):
        if languages:
            report.warn("languages", f"rules for '{lang}' exist but '{lang}' is not listed")
    return Codebook(
        name=_text(data.get("name")),
        version=_text(data.get("version")),
        description=_text(data.get("description")),
        languages=tuple(languages) or tuple(sorted(used)),
        codes=tuple(codes),
        negation_window=window,
        negation_words=negations,
        source=str(path),
        warnings=tuple(report.warnings),
    )


def _negation(raw: Any, report: _Report) -> tuple[int, dict[str, tuple[str, ...]]]:
    window = DEFAULT_NEGATION_WINDOW
    words = dict(DEFAULT_NEGATIONS)
    if raw is None:
        return window, words
    if not isinstance(raw, dict):
        report.problem("negation", "must be a mapping with 'window' and 'words'")
        return window, words
    _unknown_keys(report, "negation", raw, NEGATION_KEYS)
    if "window" in raw:
        value = raw["window"]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 20:
            report.problem("negation.window", f"must be a whole number from 0 to 20, not {value!r}")
        else:
            window = value
    given = raw.get("words")
    if given is not None:
        if not isinstance(given, dict):
            report.problem(
                "negation.words", "must map languages to word lists, like de: [kein, nicht]"
            )
        else:
            for lang, items in given.items():
                if not isinstance(items, list):
                    report.problem(f"negation.words.{lang}", "must be a list of words")
                    continue
                words[str(lang)] = tuple(str(w).lower() for w in items)
    return window, words


def _read_code(
    raw: Any, place: str, parent: str | None, report: _Report, out: list[tuple[Code, str]]
) -> None:
    if not isinstance(raw, dict):
        report.problem(place, "each code must be a mapping with at least 'id' and 'name'")
        return
    _unknown_keys(report, place, raw, CODE_KEYS)
    code_id = _text(raw.get("id"))
    if not code_id:
        report.problem(place, "'id' is missing")
    elif not _ID.match(code_id):
        report.problem(
            f"{place}.id",
            f"'{code_id}' is not a valid id: use letters, digits, '_', '.' or '-', no spaces",
        )
    name = _text(raw.get("name")) or code_id
    if "children" in raw and raw.get("parent") is not None:
        report.problem(
            f"{place}.parent",
            "a nested code takes its parent from where it stands; remove 'parent'",
        )
    given_parent = raw.get("parent")
    color = raw.get("color")
    if color is not None and not (isinstance(color, str) and _COLOR.match(color)):
        report.problem(
            f"{place}.color", f'{color!r} is not a colour; write it as "#rrggbb" (quoted)'
        )
        color = None
    negation = raw.get("negation", True)
    if not isinstance(negation, bool):
        report.problem(f"{place}.negation", "must be true or false")
        negation = True
    examples = raw.get("examples") or []
    if isinstance(examples, str):
        examples = [examples]
    if not isinstance(examples, list):
        report.problem(f"{place}.examples", "must be a list of example quotes")
        examples = []
    code = Code(
        id=code_id or f"<{place}>",
        name=name,
        description=_text(raw.get("description")),
        include=_text(raw.get("include")),
        exclude=_text(raw.get("exclude")),
        examples=tuple(_text(e) for e in examples),
        color=color.lower() if isinstance(color, str) else None,
        parent=parent if parent is not None else (_text(given_parent) or None),
        negation=negation,
        keywords=_rules(raw.get("keywords"), f"{place}.keywords", report),
        near_misses=_rules(raw.get("near_misses"), f"{place}.near_misses", report),
    )
    out.append((code, place))
    children = raw.get("children")
    if children is not None:
        if not isinstance(children, list):
            report.problem(f"{place}.children", "must be a list of codes")
            return
        for j, child in enumerate(children):
            _read_code(child, f"{place}.children[{j}]", code.id, report, out)


def _rules(raw: Any, place: str, report: _Report) -> dict[str, tuple[Rule, ...]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        report.problem(
            place, "must map languages to rule lists, like de: [Partnerschaft, 'partner*']"
        )
        return {}
    out: dict[str, tuple[Rule, ...]] = {}
    for lang, items in raw.items():
        lang = str(lang)
        sub = f"{place}.{lang}"
        if not _LANG.match(lang):
            report.problem(
                sub, f"'{lang}' is not a language code; use two letters such as de, en, zh"
            )
            continue
        if items is None:
            continue
        if isinstance(items, str):
            items = [items]
        if not isinstance(items, list):
            report.problem(sub, "must be a list of rules")
            continue
        rules: list[Rule] = []
        seen: set[tuple[str, str]] = set()
        for k, item in enumerate(items):
            try:
                rule = parse_rule(item, language=lang, location=f"{sub}[{k}]")
            except RuleProblem as exc:
                report.problem(f"{sub}[{k}]", str(exc))
                continue
            key = (rule.kind, rule.value.lower())
            if key in seen:
                report.warn(f"{sub}[{k}]", f"rule {rule.value!r} is given twice")
                continue
            seen.add(key)
            rules.append(rule)
        out[lang] = tuple(rules)
    return out


def _check_tree(placed: list[tuple[Code, str]], report: _Report) -> None:
    ids: dict[str, Code] = {}
    first: dict[str, str] = {}
    for code, place in placed:
        if code.id in ids and not code.id.startswith("<"):
            report.problem(
                f"{place}.id", f"duplicate id '{code.id}' (first used at {first[code.id]})"
            )
        ids.setdefault(code.id, code)
        first.setdefault(code.id, place)
    for code, place in placed:
        if code.parent is not None and code.parent not in ids:
            close = difflib.get_close_matches(code.parent, list(ids), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            report.problem(f"{place}.parent", f"unknown parent '{code.parent}'{hint}")
    for code, place in placed:
        seen = [code.id]
        parent = code.parent
        while parent is not None and parent in ids:
            if parent in seen:
                report.problem(
                    f"{place}.parent", "the parents form a cycle: " + " → ".join([*seen, parent])
                )
                break
            seen.append(parent)
            parent = ids[parent].parent


# -- quanteda / LIWC dictionaries ------------------------------------------------


def _looks_like_dictionary(data: dict[str, Any]) -> bool:
    def ok(value: Any) -> bool:
        if isinstance(value, list):
            return all(isinstance(v, (str, int, float)) for v in value)
        if isinstance(value, dict):
            return bool(value) and all(ok(v) for v in value.values())
        return False

    return (
        bool(data) and not (set(data) & {"name", "version"}) and all(ok(v) for v in data.values())
    )


def _from_dictionary(data: dict[str, Any], path: Path, report: _Report, language: str) -> Codebook:
    placed: list[tuple[Code, str]] = []

    def visit(node: dict[str, Any], parent: str | None, place: str) -> None:
        for key, value in node.items():
            code_id = f"{parent}.{key}" if parent else str(key)
            sub = f"{place}.{key}" if place else str(key)
            rules: list[Rule] = []
            if isinstance(value, list):
                seen: set[str] = set()
                for k, item in enumerate(value):
                    if str(item).lower() in seen:
                        continue
                    seen.add(str(item).lower())
                    try:
                        rules.append(parse_rule(item, language=language, location=f"{sub}[{k}]"))
                    except RuleProblem as exc:
                        report.problem(f"{sub}[{k}]", str(exc))
            code = Code(
                id=code_id.replace(" ", "_"),
                name=str(key),
                parent=parent,
                keywords={language: tuple(rules)} if rules else {},
            )
            placed.append((code, sub))
            if isinstance(value, dict):
                visit(value, code.id, sub)

    visit(data, None, "")
    _check_tree(placed, report)
    codes = [code for code, _ in placed]
    return Codebook(
        name=path.stem,
        version="1",
        description=f"Dictionary read from {path.name}",
        languages=(language,),
        codes=tuple(codes),
        source=str(path),
        warnings=tuple(report.warnings),
    )


# -- sheets ----------------------------------------------------------------------


def _from_sheet(path: Path, report: _Report) -> Codebook | None:
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
        _read_code(mapping, place, None, report, placed)
    _check_tree(placed, report)
    codes = [code for code, _ in placed]
    return Codebook(
        name=path.stem,
        version=version,
        codes=tuple(codes),
        languages=tuple(sorted({lang for c in codes for lang in c.keywords})),
        source=str(path),
        warnings=tuple(report.warnings),
    )
