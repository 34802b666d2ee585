"""Reading quanteda/LIWC-style dictionaries: nested mappings of word lists, as codes.

Each key becomes a code (nested keys become child codes, ids joined with
``.``) and its words become keyword rules in one language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from interviewkit.codebook.load import Report, check_tree
from interviewkit.codebook.model import Code, Codebook, Rule
from interviewkit.codebook.rules import RuleProblem, parse_rule


def looks_like_dictionary(data: dict[str, Any]) -> bool:
    """Whether a YAML mapping without ``codes`` is a dictionary: word lists, maybe nested."""

    def ok(value: Any) -> bool:
        if isinstance(value, list):
            return all(isinstance(v, (str, int, float)) for v in value)
        if isinstance(value, dict):
            return bool(value) and all(ok(v) for v in value.values())
        return False

    return (
        bool(data) and not (set(data) & {"name", "version"}) and all(ok(v) for v in data.values())
    )


def from_dictionary(data: dict[str, Any], path: Path, report: Report, language: str) -> Codebook:
    """The dictionary as a codebook; its rules are given ``language``."""
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
    check_tree(placed, report)
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
