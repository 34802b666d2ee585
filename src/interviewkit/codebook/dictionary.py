"""Dictionaries as codebooks: categories of words, maybe nested, become codes with word rules.

Every dictionary format (quanteda's YAML here; WordStat, LIWC, Lexicoder and
Yoshikoder in :mod:`~interviewkit.codebook.dictionary_files`) is first read
into :class:`Entry` trees, and :func:`codebook_from_entries` makes the
codebook: each category a code (a nested category a child code, its id the
parent's id and its own name joined with ``.``), each word a keyword rule in
one language, read as quanteda reads dictionary values (``partner*`` a glob,
``Dar es Salaam`` a phrase).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from interviewkit.codebook.load import Report, check_tree
from interviewkit.codebook.model import Code, Codebook, Rule
from interviewkit.codebook.rules import RuleProblem, parse_rule

#: Categories nested deeper than this are refused: no real dictionary comes
#: close, and every reader of the hierarchy can rely on it.
MAX_DEPTH = 64


@dataclass(frozen=True)
class Word:
    """One dictionary value, where it stands (``place``, and its line if known)."""

    value: Any
    place: str
    line: int | None = None


@dataclass
class Entry:
    """One category of a dictionary: its words and its subcategories."""

    name: str
    place: str
    line: int | None = None
    words: list[Word] = field(default_factory=list)
    children: list[Entry] = field(default_factory=list)


def looks_like_dictionary(data: dict[str, Any]) -> bool:
    """Whether a YAML mapping without ``codes`` is a dictionary: word lists, maybe nested."""
    if not data or set(data) & {"name", "version"}:
        return False
    stack = list(data.values())
    while stack:
        value = stack.pop()
        if isinstance(value, list):
            if not all(isinstance(v, (str, int, float)) for v in value):
                return False
        elif isinstance(value, dict) and value:
            stack.extend(value.values())
        else:
            return False
    return True


def from_dictionary(data: dict[str, Any], path: Path, report: Report, language: str) -> Codebook:
    """A quanteda YAML dictionary (nested mappings of word lists) as a codebook."""
    roots: list[Entry] = []
    stack: list[tuple[dict[str, Any], str, list[Entry]]] = [(data, "", roots)]
    while stack:
        node, place, into = stack.pop(0)
        for key, value in node.items():
            sub = f"{place}.{key}" if place else str(key)
            entry = Entry(str(key), sub)
            into.append(entry)
            if isinstance(value, list):
                entry.words = [Word(item, f"{sub}[{k}]") for k, item in enumerate(value)]
            elif isinstance(value, dict):
                stack.append((value, sub, entry.children))
    return codebook_from_entries(
        roots, path, report, language, what="quanteda dictionary", lenient=False
    )


def codebook_from_entries(
    roots: Sequence[Entry],
    path: Path,
    report: Report,
    language: str,
    *,
    what: str,
    name: str | None = None,
    lenient: bool = True,
) -> Codebook:
    """The codebook of a dictionary read into ``roots``; its rules are in ``language``.

    A word that cannot be a rule (``*`` alone, ``/`` at its start) is a
    problem of the file, or with ``lenient`` (the formats of other programs,
    which the user did not write) a warning, and the word is left out.
    Categories of one name under one parent are one code (their words are
    joined), as quanteda joins them.
    """
    placed: list[tuple[Code, str]] = []
    seen_ids: dict[str, int] = {}
    for entry, parent, code_id, depth in _walk(roots):
        if depth > MAX_DEPTH:
            report.problem(
                entry.place,
                f"categories are nested more than {MAX_DEPTH} deep here; "
                "no dictionary needs that many levels",
            )
            break
        if entry.line is not None:
            report.lines.setdefault(entry.place, entry.line)
        rules = _rules(entry.words, report, language, lenient=lenient)
        if code_id in seen_ids:
            index = seen_ids[code_id]
            old, place = placed[index]
            merged = _dedupe([*old.keywords.get(language, ()), *rules])
            placed[index] = (_with_rules(old, merged, language), place)
            continue
        seen_ids[code_id] = len(placed)
        code = Code(id=code_id, name=entry.name, parent=parent)
        placed.append((_with_rules(code, rules, language), entry.place))
    check_tree(placed, report)
    codes = [code for code, _ in placed]
    parents = {c.parent for c in codes}
    for code, place in placed:
        if not code.rule_count and code.id not in parents:
            report.warn(place, f"category '{code.name}' has no words: it can only be coded by hand")
    return Codebook(
        name=name or path.stem,
        version="1",
        description=f"{what[0].upper()}{what[1:]} read from {path.name}",
        languages=(language,),
        codes=tuple(codes),
        source=str(path),
        warnings=tuple(report.warnings),
    )


def _walk(roots: Sequence[Entry]) -> Iterator[tuple[Entry, str | None, str, int]]:
    """Every entry with its parent's code id, its own and its depth, parents first.

    Iterative: a crafted file nested thousands deep must not exhaust the stack.
    """
    stack: list[tuple[Entry, str | None, int]] = [(e, None, 1) for e in reversed(roots)]
    while stack:
        entry, parent, depth = stack.pop()
        code_id = "_".join(entry.name.split()) or "category"
        code_id = f"{parent}.{code_id}" if parent is not None else code_id
        yield entry, parent, code_id, depth
        if depth > MAX_DEPTH:
            return
        stack.extend((child, code_id, depth + 1) for child in reversed(entry.children))


def _rules(words: Sequence[Word], report: Report, language: str, *, lenient: bool) -> list[Rule]:
    out: list[Rule] = []
    for word in words:
        if word.line is not None:
            report.lines.setdefault(word.place, word.line)
        try:
            out.append(parse_rule(word.value, language=language, location=word.place))
        except RuleProblem as exc:
            if lenient:
                report.warn(word.place, f"{exc}; the word was left out")
            else:
                report.problem(word.place, str(exc))
    return _dedupe(out)


def _dedupe(rules: Sequence[Rule]) -> list[Rule]:
    seen: set[str] = set()
    out = []
    for rule in rules:
        key = rule.value.lower()
        if key not in seen:
            seen.add(key)
            out.append(rule)
    return out


def _with_rules(code: Code, rules: Sequence[Rule], language: str) -> Code:
    return replace(code, keywords={language: tuple(rules)} if rules else {})
