"""Write a tuned copy of a YAML codebook: the original's text, with each change marked.

The copy is the original file edited in place, line by line, so that
everything the researcher wrote (comments, order, quoting, folded
definitions) stays exactly as it was; only the changed rules differ, each
under a comment that starts with ``# tune:`` and gives its evidence:

* a dropped rule is commented out, not deleted, so that it can be restored
  by removing two ``#``;
* an added rule or near miss is a new item after the last one of its list
  (the list, and ``near_misses:``, are made when missing);
* a list or mapping written in flow style (``en: [trade, port]``) is written
  again in flow style with the change made.

The version becomes ``<version>-tuned`` and a header says where the copy
comes from. PyYAML's node positions say where each rule stands; the result
is read back with :func:`interviewkit.codebook.load_codebook` and compared
with the tuned codebook before it is kept (:func:`write_tuned`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewkit.errors import CodebookError, DataError

if TYPE_CHECKING:
    import yaml

    from interviewkit.analysis.proposals import Change
    from interviewkit.codebook.model import Codebook

#: A change's place in a code: the section of its rule list.
SECTIONS = {"drop": "keywords", "add": "keywords", "narrow": "near_misses"}
Edit = tuple[int, int, str]  # (start offset, end offset, replacement)


def write_tuned(
    source: Path,
    output: Path,
    changes: Sequence[Change],
    tuned: Codebook,
    *,
    header: Sequence[str] = (),
) -> str:
    """Write the tuned copy of ``source`` to ``output``; return its text.

    ``tuned`` is the codebook the changes make (:func:`apply_changes`): the
    written file must read back as exactly that, or nothing is written.
    """
    from interviewkit.codebook import load_codebook

    if source.suffix.lower() not in (".yaml", ".yml"):
        raise DataError(
            f"{source}: 'codebook tune' writes a tuned copy of a YAML codebook, and this is a "
            f"{source.suffix or 'file without suffix'}",
            hint="Keep the codebook as YAML (docs/codebook-format.md) to tune it.",
        )
    if output.suffix.lower() not in (".yaml", ".yml"):
        raise DataError(
            f"{output}: the tuned copy is a YAML codebook",
            hint=f"Name it with .yaml, e.g. -o {output.with_suffix('.yaml').name}.",
        )
    if output.resolve() == source.resolve():
        raise DataError(
            f"{output} is the codebook itself: the original is never overwritten",
            hint="Name another file, e.g. -o tuned.yaml.",
        )
    text = tuned_text(source.read_text(encoding="utf-8-sig"), changes, header=header)
    partial = output.with_name(f".{output.stem}.part{output.suffix}")
    partial.write_text(text, encoding="utf-8")
    try:
        written = load_codebook(partial)
        _same_rules(written, tuned, output)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(output)
    return text


def _same_rules(written: Codebook, tuned: Codebook, output: Path) -> None:
    def rules(book: Codebook) -> dict[str, Any]:
        return {
            c.id: {
                section: {
                    lang: sorted((r.kind, r.value) for r in found)
                    for lang, found in getattr(c, section).items()
                    if found
                }
                for section in ("keywords", "near_misses")
            }
            for c in book.codes
        }

    if rules(written) != rules(tuned):  # pragma: no cover - a bug, not a user's mistake
        raise CodebookError(
            f"{output}: the tuned copy would not read back as the tuned codebook; "
            "nothing was written",
            hint="This is a bug in interviewkit: please report it with the codebook file.",
        )


def tuned_text(text: str, changes: Sequence[Change], *, header: Sequence[str] = ()) -> str:
    """The original ``text`` with ``changes`` made (see the module docstring)."""
    import yaml

    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()
    if root is None or not isinstance(root, yaml.MappingNode) or not isinstance(data, dict):
        raise DataError(
            "the codebook is not a YAML mapping", hint="Check it with 'codebook check'."
        )
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    doc = _Document(text, lines, starts)
    codes = _codes(root, data)
    edits: list[Edit] = []
    by_code: dict[str, list[Change]] = {}
    for change in changes:
        by_code.setdefault(change.code, []).append(change)
    for code, found in by_code.items():
        if code not in codes:
            raise DataError(f"the code {code!r} is not in the codebook file")
        node, values = codes[code]
        edits += doc.code_edits(node, values, found)
    edits += doc.version_edits(root)
    if header:
        edits.append((0, 0, "".join(f"# {line}\n" for line in header) + "#\n"))
    out = text
    # From the end backwards, so that offsets hold; edits at one place keep their order.
    order = sorted(range(len(edits)), key=lambda i: (edits[i][0], edits[i][1], i), reverse=True)
    for i in order:
        start, end, replacement = edits[i]
        out = out[:start] + replacement + out[end:]
    return out


def _codes(
    root: yaml.MappingNode, data: dict[str, Any]
) -> dict[str, tuple[yaml.MappingNode, dict[str, Any]]]:
    """Each code's node and value, by id, children included."""
    import yaml

    found: dict[str, tuple[yaml.MappingNode, dict[str, Any]]] = {}

    def visit(node: Any, values: Any) -> None:
        if not isinstance(node, yaml.SequenceNode) or not isinstance(values, list):
            return
        for item, value in zip(node.value, values, strict=True):
            if isinstance(item, yaml.MappingNode) and isinstance(value, dict):
                if "id" in value:
                    found[str(value["id"])] = (item, value)
                visit(_child(item, "children"), value.get("children"))

    visit(_child(root, "codes"), data.get("codes"))
    return found


def _child(node: Any, key: str) -> Any:
    import yaml

    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    return None


def _last_line(node: Any) -> int:
    """The last line (0-based) a node's text is on."""
    import yaml

    if isinstance(node, yaml.ScalarNode) or getattr(node, "flow_style", False):
        mark = node.end_mark
        return int(mark.line) if mark.column > 0 else int(mark.line) - 1
    children = (
        [v for pair in node.value for v in pair]
        if isinstance(node, yaml.MappingNode)
        else node.value
    )
    return max((_last_line(c) for c in children), default=int(node.start_mark.line))


def _quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _flow(value: Any) -> str:
    """A value in YAML flow style on one line (strings double-quoted where needed)."""
    import yaml

    dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1 << 30)
    return str(dumped).strip().removesuffix("...").strip()


class _Document:
    """The original text, and the edits that make each change."""

    def __init__(self, text: str, lines: list[str], starts: list[int]) -> None:
        self.text, self.lines, self.starts = text, lines, starts
        self.step = self._sequence_step()

    def _sequence_step(self) -> int:
        """How far the file indents a block list's dashes under its key (0 or 2, say)."""
        for i, line in enumerate(self.lines[1:], start=1):
            if line.lstrip().startswith("- ") and self.lines[i - 1].rstrip().endswith(":"):
                above = self.lines[i - 1]
                return max(0, _indent(line) - _indent(above))
        return 2

    def line_start(self, line: int) -> int:
        return self.starts[min(line, len(self.lines))]

    def comment(self, column: int, change: Change) -> str:
        return f"{' ' * column}# tune: {change.evidence}\n"

    def code_edits(
        self, node: yaml.MappingNode, values: dict[str, Any], changes: list[Change]
    ) -> list[Edit]:
        import yaml

        if node.flow_style:
            return self._flow_edit(node, values, changes, _edited_code)
        edits: list[Edit] = []
        for section in ("keywords", "near_misses"):
            mine = [c for c in changes if SECTIONS[c.action] == section]
            if not mine:
                continue
            section_node = _child(node, section)
            if section_node is None:
                edits += self._new_section(node, section, mine)
            elif not isinstance(section_node, yaml.MappingNode):  # `near_misses:` left empty
                edits += self._flow_edit(section_node, {}, mine, _edited_section, space=True)
            elif section_node.flow_style:
                edits += self._flow_edit(
                    section_node, values.get(section) or {}, mine, _edited_section
                )
            else:
                for language in sorted({c.language for c in mine}):
                    in_language = [c for c in mine if c.language == language]
                    edits += self._language_edits(
                        section_node, values[section], language, in_language
                    )
        return edits

    def _language_edits(
        self, section: Any, values: dict[str, Any], language: str, changes: list[Change]
    ) -> list[Edit]:
        rules = _child(section, language)
        key_column = int(section.value[0][0].start_mark.column) if section.value else 0
        if rules is None:  # a new list under the section
            at = self.line_start(_last_line(section) + 1)
            added = [c for c in changes if c.action != "drop"]
            return [(at, at, self._new_list(key_column, language, added))]
        if rules.flow_style:
            return self._flow_list_edit(rules, values.get(language) or [], changes)
        edits: list[Edit] = []
        items = list(zip(rules.value, values.get(language) or [], strict=True))
        for change in changes:
            if change.action != "drop":
                continue
            for item, value in items:
                if _is_rule(value, change):
                    edits += self._comment_out(item, change)
                    break
        added = [c for c in changes if c.action != "drop"]
        if added and items:
            last = items[-1][0]
            column = _indent(self.lines[last.start_mark.line])
            at = self.line_start(_last_line(last) + 1)
            text = "".join(
                self.comment(column, c) + f"{' ' * column}- {_quoted(c.value)}\n" for c in added
            )
            edits.append((at, at, text))
        return edits

    def _comment_out(self, item: Any, change: Change) -> list[Edit]:
        first, last = int(item.start_mark.line), _last_line(item)
        column = _indent(self.lines[first])
        edits: list[Edit] = [
            (self.line_start(first), self.line_start(first), self.comment(column, change))
        ]
        for line in range(first, last + 1):
            text = self.lines[line]
            if text.strip():
                at = self.starts[line] + _indent(text)
                edits.append((at, at, "# "))
        return edits

    def _new_list(self, column: int, language: str, changes: list[Change]) -> str:
        pad = " " * column
        items = "".join(
            self.comment(column + self.step, c) + f"{pad}{' ' * self.step}- {_quoted(c.value)}\n"
            for c in changes
        )
        return f"{pad}{language}:\n{items}"

    def _new_section(
        self, node: yaml.MappingNode, section: str, changes: list[Change]
    ) -> list[Edit]:
        column = int(node.value[0][0].start_mark.column)
        after = _child(node, "keywords")
        last = _last_line(after) if after is not None else _last_line(node)
        at = self.line_start(last + 1)
        text = f"{' ' * column}{section}:\n"
        for language in sorted({c.language for c in changes}):
            text += self._new_list(
                column + 2, language, [c for c in changes if c.language == language]
            )
        return [(at, at, text)]

    def _flow_edit(
        self, node: Any, values: Any, changes: list[Change], edit: Any, *, space: bool = False
    ) -> list[Edit]:
        """Write a flow-style collection again, the changes made; their comments above."""
        first = int(node.start_mark.line)
        column = _indent(self.lines[first])
        notes = "".join(self.comment(column, c) for c in changes)
        start, end = int(node.start_mark.index), int(node.end_mark.index)
        return [
            (self.line_start(first), self.line_start(first), notes),
            (start, end, " " * space + _flow(edit(values, changes))),
        ]

    def _flow_list_edit(self, node: Any, values: list[Any], changes: list[Change]) -> list[Edit]:
        """A flow list written again with its items as they were written, the changes made."""
        first = int(node.start_mark.line)
        column = _indent(self.lines[first])
        notes = "".join(self.comment(column, c) for c in changes)
        drops = [c for c in changes if c.action == "drop"]
        items = [
            self.text[int(item.start_mark.index) : int(item.end_mark.index)]
            for item, value in zip(node.value, values, strict=True)
            if not any(_is_rule(value, c) for c in drops)
        ]
        items += [_quoted(c.value) for c in changes if c.action != "drop"]
        start, end = int(node.start_mark.index), int(node.end_mark.index)
        return [
            (self.line_start(first), self.line_start(first), notes),
            (start, end, "[" + ", ".join(items) + "]"),
        ]

    def version_edits(self, root: yaml.MappingNode) -> list[Edit]:
        node = _child(root, "version")
        if node is None or not hasattr(node, "value") or not isinstance(node.value, str):
            return []
        old = node.value
        new = old if old.endswith("-tuned") else f"{old}-tuned"
        return [(int(node.start_mark.index), int(node.end_mark.index), _quoted(new))]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_rule(value: Any, change: Change) -> bool:
    from interviewkit.codebook.rules import RuleProblem, parse_rule

    if change.rule is None:
        return False
    try:
        rule = parse_rule(value, language=change.rule.language, location="")
    except RuleProblem:
        return False
    return (rule.kind, rule.value) == (change.rule.kind, change.rule.value)


def _edited_list(values: list[Any], changes: Sequence[Change]) -> list[Any]:
    out = list(values)
    for change in changes:
        if change.action == "drop":
            out = (
                [v for v in out if not _is_rule(v, change)]
                if any(_is_rule(v, change) for v in out)
                else out
            )
        else:
            out.append(change.value)
    return out


def _edited_section(values: dict[str, Any], changes: Sequence[Change]) -> dict[str, Any]:
    out = dict(values)
    for language in sorted({c.language for c in changes}):
        mine = [c for c in changes if c.language == language]
        out[language] = _edited_list(list(out.get(language) or []), mine)
    return out


def _edited_code(values: dict[str, Any], changes: Sequence[Change]) -> dict[str, Any]:
    out = dict(values)
    for section in ("keywords", "near_misses"):
        mine = [c for c in changes if SECTIONS[c.action] == section]
        if mine:
            out[section] = _edited_section(dict(out.get(section) or {}), mine)
    return out
