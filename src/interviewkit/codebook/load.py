"""Reading codebooks: our own format, and what every reader of a codebook file shares.

This module reads our format (a mapping with ``name``, ``version`` and
``codes``, parsed from YAML by :mod:`~interviewkit.codebook.yaml_source`)
and holds what every reader shares: the :class:`Report` of problems,
:func:`read_code`, :func:`check_tree`. Which reader reads which file, and
:func:`~interviewkit.codebook.formats.load_codebook`, are in
:mod:`~interviewkit.codebook.formats`; sheets are read in
:mod:`~interviewkit.codebook.sheet`, dictionaries in
:mod:`~interviewkit.codebook.dictionary` and
:mod:`~interviewkit.codebook.dictionary_files`, REFI-QDA codebooks in
:mod:`~interviewkit.codebook.qdc`.

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
    EXCLUSIVE_LEVELS,
    Code,
    Codebook,
    Rule,
)
from interviewkit.codebook.rules import RuleProblem, parse_rule
from interviewkit.languages import language_code

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
    "exclusive",
    "children",
)
NEGATION_KEYS = ("window", "words")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
_LANG = re.compile(r"^[a-z]{2,3}$")
_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


@dataclass
class Report:
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


def _unknown_keys(report: Report, place: str, data: dict[str, Any], known: Iterable[str]) -> None:
    known = tuple(known)
    for key in data:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(known)}"
            report.problem(f"{place}.{key}" if place else str(key), f"unknown key; {hint}")


def _yes_no_names(report: Report, place: str, data: dict[str, Any], keys: Iterable[str]) -> None:
    """``id: true`` names nothing: YAML reads an unquoted true/false as a yes/no value."""
    for key in keys:
        if isinstance(data.get(key), bool):
            written = "true" if data[key] else "false"
            report.problem(
                f"{place}.{key}" if place else key,
                f"{written} is read as a yes/no value, not as text; write it in quotes: "
                f"{key}: '{written}'",
            )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value).strip()


def from_mapping(data: Any, path: Path, report: Report) -> Codebook | None:
    if not isinstance(data, dict):
        report.problem("", "a codebook must be a mapping with 'name', 'version' and 'codes'")
        return None
    _unknown_keys(report, "", data, TOP_KEYS)
    _yes_no_names(report, "", data, ("name", "version"))
    for key in ("name", "version"):
        if not _text(data.get(key)):
            report.problem(key if key in data else "", f"'{key}' is missing")
    languages = data.get("languages") or []
    if not isinstance(languages, list) or not all(
        isinstance(x, str) and _is_language(x) for x in languages
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
            read_code(raw, f"codes[{i}]", None, report, placed)
    check_tree(placed, report)
    check_families(placed, report)
    codes = [code for code, _ in placed]
    parents = {c.parent for c in codes}
    for code, place in placed:
        if not code.rule_count and code.id not in parents:
            report.warn(place, f"code '{code.id}' has no rules: it can only be coded by hand")
    named: dict[tuple[str | None, str], str] = {}
    for code, place in placed:
        twin = named.setdefault((code.parent, code.name.casefold()), code.id)
        if twin != code.id:
            report.warn(
                place,
                f"codes '{twin}' and '{code.id}' are both named {code.name!r} under one parent: "
                "tables and other programs show them as one; give one another name",
            )
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


def _negation(raw: Any, report: Report) -> tuple[int, dict[str, tuple[str, ...]]]:
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
                if not _is_language(str(lang)):
                    report.problem(f"negation.words.{lang}", _not_a_language(str(lang)))
                    continue
                words[str(lang)] = tuple(str(w).lower() for w in items)
    return window, words


def read_code(
    raw: Any, place: str, parent: str | None, report: Report, out: list[tuple[Code, str]]
) -> None:
    if not isinstance(raw, dict):
        report.problem(place, "each code must be a mapping with at least 'id' and 'name'")
        return
    _unknown_keys(report, place, raw, CODE_KEYS)
    _yes_no_names(report, place, raw, ("id", "name", "parent"))
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
    if color is None and "color" in raw:  # color: #d55e00 unquoted: YAML reads a comment
        report.warn(
            f"{place}.color",
            "is empty, so the code has no colour; write it in quotes, color: "
            '"#rrggbb" (an unquoted # starts a comment)',
        )
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
        exclusive=_exclusive(raw.get("exclusive"), f"{place}.exclusive", report),
    )
    out.append((code, place))
    children = raw.get("children")
    if children is not None:
        if not isinstance(children, list):
            report.problem(f"{place}.children", "must be a list of codes")
            return
        for j, child in enumerate(children):
            read_code(child, f"{place}.children[{j}]", code.id, report, out)


def _exclusive(raw: Any, place: str, report: Report) -> str | None:
    """``nominal``, ``ordinal`` or ``None`` from a code's ``exclusive`` (``true`` is nominal)."""
    if raw is None or raw is False:
        return None
    if raw is True:
        return "nominal"
    if isinstance(raw, str) and raw.strip().lower() in EXCLUSIVE_LEVELS:
        return raw.strip().lower()
    report.problem(
        place,
        f"{raw!r} is not a kind of variable; write 'exclusive: nominal' (one of the children "
        "per unit, unordered) or 'exclusive: ordinal' (the children in order, lowest first)",
    )
    return None


def _is_language(value: str) -> bool:
    """Whether ``value`` is a language code as transcripts carry it (``de``, not ``DE`` or
    ``deu``: rules under those would never meet a transcript)."""
    return _LANG.match(value) is not None and language_code(value) == value


def _not_a_language(value: str) -> str:
    code = language_code(value)
    if code and _LANG.match(code):
        return f"'{value}' is not a language code as transcripts carry it; write '{code}'"
    return f"'{value}' is not a language code; use two letters such as de, en, zh"


def _rules(raw: Any, place: str, report: Report) -> dict[str, tuple[Rule, ...]]:
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
        if not _is_language(lang):
            report.problem(sub, _not_a_language(lang))
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


def check_tree(placed: list[tuple[Code, str]], report: Report) -> None:
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


def check_families(placed: list[tuple[Code, str]], report: Report) -> None:
    """An exclusive code needs two children or more (its values); its own rules give none."""
    children: dict[str, int] = {}
    for code, _ in placed:
        if code.parent is not None:
            children[code.parent] = children.get(code.parent, 0) + 1
    for code, place in placed:
        if code.exclusive is None:
            continue
        count = children.get(code.id, 0)
        if count < 2:
            report.problem(
                f"{place}.exclusive",
                f"'{code.id}' is declared exclusive but has {count} child code(s); its children "
                "are the values of one variable: give it two or more, or remove 'exclusive'",
            )
        if code.rule_count:
            report.warn(
                f"{place}.keywords",
                f"'{code.id}' is exclusive: a coding of '{code.id}' itself names none of its "
                "values and counts as missing in agreement; put the rules on its children",
            )
