"""Parsing a YAML codebook: its data, the line of every place, and plain-language errors.

The YAML is read by :func:`interviewkit.safe_yaml.load_yaml` (bounded, and
keeping ``no``, ``on`` or ``1.10`` as the text written). PyYAML says what its
parser expected (``expected <block end>, but found '<block mapping
start>'``); researchers need to know what to change. The
common slips (indentation that does not line up, a tab, an unclosed quote or
bracket, a colon or a leading ``*`` in an unquoted value) are named in the
hint, with the line they are on; the parser's own words follow for the rest.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from interviewkit.errors import CodebookError

_GENERIC_HINT = "Check the indentation and quote values that contain ':', '#', '*' or '/'."
#: Characters that mean something to YAML at the start of a plain value.
_INDICATORS = "*&!%@`|>"


def read_yaml(path: Path) -> tuple[Any, dict[str, int]]:
    """The parsed YAML and ``{place: line}`` (``codes[2].keywords.de`` → 17)."""
    import yaml

    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CodebookError(
            f"{path}: not UTF-8 text (byte {exc.start})",
            hint="Save the codebook as UTF-8 in your editor.",
        ) from None
    from interviewkit.safe_yaml import load_yaml

    try:
        document = load_yaml(text)
        data, node = document.data, document.node
    except yaml.MarkedYAMLError as exc:
        line, hint = explain(exc, text)
        hint = getattr(exc, "hint", None) or hint  # the loader's bounds say what to change
        where = f"{path}:{line}" if line else str(path)
        raise CodebookError(
            f"{where}: invalid YAML: {exc.problem or exc.context}", hint=hint
        ) from None
    except yaml.YAMLError as exc:
        raise CodebookError(f"{path}: invalid YAML: {exc}") from None
    if data is None:
        raise CodebookError(f"{path}: the codebook is empty", hint="See docs/codebook-format.md.")
    lines: dict[str, int] = {}
    if node is not None:
        _index_lines(node, "", lines)
    return data, lines


def explain(exc: Any, text: str) -> tuple[int | None, str]:
    """The line to name (1-based) and a plain-language hint for a YAML syntax error."""
    problem = str(exc.problem or "")
    context = str(exc.context or "")
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return None, _GENERIC_HINT
    line, column = mark.line + 1, mark.column
    opened = exc.context_mark.line + 1 if exc.context_mark is not None else line
    source = text.splitlines()[mark.line] if mark.line < len(text.splitlines()) else ""
    if "'\\t'" in problem:
        return line, (
            f"Line {line} has a tab character: YAML indents with spaces only. "
            "Replace the tab with spaces (most editors can insert spaces for Tab)."
        )
    if "quoted scalar" in context:
        return opened, (
            f"A quote opened on line {opened} is never closed: end the value with "
            "the same quote it starts with (' or \"). To put a quote inside a "
            "value, wrap the value in the other kind of quote."
        )
    if "flow sequence" in context or "flow mapping" in context:
        pair = "[ … ]" if "sequence" in context else "{ … }"
        return opened, (
            f"The {pair[0]} opened on line {opened} is not closed as YAML expects: "
            f"close it with {pair[-1]} on the same line, and quote items that "
            "contain ',' or ':', e.g. de: [Handel, 'Hafen: Logistik']."
        )
    if "alias" in context or "anchor" in context or "tag" in context:
        return line, (
            f"On line {line} a value starts with a character YAML reserves "
            f"({_INDICATORS}): quote the value, e.g. '*handel*'."
        )
    if problem == "mapping values are not allowed here":
        # A key before the failing colon on the same line: the colon is inside a value.
        if ": " in source[:column]:
            return line, (
                f"The value on line {line} contains ': ', which YAML reads as a new "
                'key. Put the value in quotes, e.g. description: "Trade: ports and '
                'fairs".'
            )
        return line, (
            f"Line {line} is indented further than the key above it, so YAML reads "
            "it as part of that key's value. Line it up with the key above "
            "(the same number of spaces), or quote a value that contains ': '."
        )
    if (
        problem.startswith("expected <block end>")
        or "block mapping" in context
        or "block collection" in context
    ):
        found = problem.rpartition("but found ")[2]
        if found == "'<scalar>'" and any(q in source[:column] for q in "'\""):
            return line, (
                f"On line {line} there is text after a closing quote: put the whole "
                "value in one pair of quotes."
            )
        return line, (
            f"Line {line} does not line up with the lines above it (it starts in "
            f"column {column + 1}): keys of one mapping, and the '-' of the items "
            "of one list, must start in the same column. Use spaces, the same "
            "number for each level."
        )
    return line, _GENERIC_HINT


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
