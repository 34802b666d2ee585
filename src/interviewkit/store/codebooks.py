"""The project's codebook: loads keep every code's identity by id, with a history.

Which codes are exclusive (their children one variable, ``Code.exclusive``)
is kept with each load, in its stored fields (``summary["exclusive"]``:
``{code id: "nominal" | "ordinal"}``), so that no table changes: the
declaration belongs to the codebook as loaded, and taking a load back
(``interviewkit undo``) takes its declarations back with it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from interviewkit.codebook.model import Code, Codebook, Rule, find_cycle
from interviewkit.errors import ProjectError
from interviewkit.store.lookup import now
from interviewkit.store.reports import CodebookReport

_CONTENT = (
    "name, parent, description, include, exclude, examples, color, negation, keywords, near_misses"
)


def _rules_json(rules: Mapping[str, tuple[Rule, ...]]) -> str:
    data = {
        lang: [[r.kind, r.value, r.location] for r in items]
        for lang, items in sorted(rules.items())
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _rules_from(text: str) -> dict[str, tuple[Rule, ...]]:
    data: dict[str, list[list[str]]] = json.loads(text or "{}")
    return {
        lang: tuple(Rule(kind, value, lang, location) for kind, value, location in items)
        for lang, items in data.items()
    }


def code_content(code: Code) -> tuple[Any, ...]:
    """A code's values for the columns of :data:`_CONTENT`, in that order."""
    return (
        code.name,
        code.parent,
        code.description,
        code.include,
        code.exclude,
        json.dumps(list(code.examples), ensure_ascii=False),
        code.color,
        int(code.negation),
        _rules_json(code.keywords),
        _rules_json(code.near_misses),
    )


def _declared(summary: str | None) -> dict[str, str]:
    """The exclusive codes a load's stored summary declares."""
    found = json.loads(summary or "{}").get("exclusive", {})
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}


def store_codebook(
    conn: sqlite3.Connection, codebook: Codebook, *, codes_from: str | None = None
) -> CodebookReport:
    """Load ``codebook`` over the current one; the caller holds the transaction.

    ``codes_from``: the file of codings whose codes were added (a sheet of codings): the
    load's source in the history, while the codebook keeps the file it came from.
    """
    previous = conn.execute(
        "SELECT version, summary FROM codebook_loads ORDER BY id DESC LIMIT 1"
    ).fetchone()
    was_declared = _declared(previous[1]) if previous else {}
    cursor = conn.execute(
        "INSERT INTO codebook_loads (name, version, description, languages, negation_window, "
        "negation_words, source, loaded) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            codebook.name,
            codebook.version,
            codebook.description,
            json.dumps(list(codebook.languages)),
            codebook.negation_window,
            json.dumps(
                {k: list(v) for k, v in codebook.negation_words.items()}, ensure_ascii=False
            ),
            codes_from or codebook.source,
            now(),
        ),
    )
    load_id = cursor.lastrowid
    existing = {
        row[0]: (tuple(row[1:-1]), bool(row[-1]))
        for row in conn.execute(f"SELECT code_id, {_CONTENT}, retired FROM codes")
    }
    added: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    for position, code in enumerate(codebook.codes):
        content = code_content(code)
        if code.id not in existing:
            conn.execute(
                f"INSERT INTO codes (code_id, {_CONTENT}, position, retired, added_in, "
                "changed_in) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
                (code.id, *content, position, load_id, load_id),
            )
            added.append(code.id)
            continue
        old_content, was_retired = existing[code.id]
        same = old_content == content and was_declared.get(code.id) == code.exclusive
        if same and not was_retired:
            conn.execute("UPDATE codes SET position = ? WHERE code_id = ?", (position, code.id))
            unchanged.append(code.id)
            continue
        conn.execute(
            "UPDATE codes SET name = ?, parent = ?, description = ?, include = ?, exclude = ?, "
            "examples = ?, color = ?, negation = ?, keywords = ?, near_misses = ?, "
            "position = ?, retired = 0, changed_in = ? WHERE code_id = ?",
            (*content, position, load_id, code.id),
        )
        updated.append(code.id)
    used = {
        row[0]
        for row in conn.execute(
            "SELECT DISTINCT code FROM codings UNION SELECT DISTINCT code FROM memos "
            "WHERE code IS NOT NULL"
        )
    }
    retired: list[str] = []
    removed: list[str] = []
    offset = len(codebook.codes)
    for code_id, (_content_old, was_retired) in existing.items():
        if code_id in codebook:
            continue
        if code_id in used:
            if not was_retired:
                retired.append(code_id)
            conn.execute(
                "UPDATE codes SET retired = 1, position = ?, changed_in = ? WHERE code_id = ?",
                (offset + len(retired), load_id, code_id),
            )
        else:
            conn.execute("DELETE FROM codes WHERE code_id = ?", (code_id,))
            removed.append(code_id)
    summary = {
        "added": added,
        "updated": updated,
        "retired": retired,
        "removed": removed,
        # Said once when the codebook is loaded, and kept for 'status'.
        "warnings": list(codebook.warnings),
        "exclusive": {c.id: c.exclusive for c in codebook.codes if c.exclusive},
    }
    if codes_from:
        summary["codebook_file"] = codebook.source or ""
    conn.execute(
        "UPDATE codebook_loads SET summary = ? WHERE id = ?",
        (json.dumps(summary, ensure_ascii=False), load_id),
    )
    return CodebookReport(
        name=codebook.name,
        version=codebook.version,
        previous_version=previous[0] if previous else None,
        added=added,
        updated=updated,
        unchanged=unchanged,
        retired=retired,
        removed=removed,
    )


#: The columns :func:`code_fields` reads, after ``code_id``.
CODE_FIELDS = "name, parent, description, include, exclude, examples, color"


def code_fields(row: Sequence[Any]) -> dict[str, Any]:
    """A code's own fields from a row of ``code_id`` and :data:`CODE_FIELDS` (and more)."""
    return {
        "id": row[0],
        "name": row[1],
        "parent": row[2],
        "description": row[3],
        "include": row[4],
        "exclude": row[5],
        "examples": tuple(json.loads(row[6] or "[]")),
        "color": row[7],
    }


def read_codebook(conn: sqlite3.Connection) -> Codebook | None:
    """The current codebook (retired codes left out), or ``None`` if none was loaded."""
    head = conn.execute(
        "SELECT name, version, description, languages, negation_window, negation_words, "
        "source, summary FROM codebook_loads ORDER BY id DESC LIMIT 1"
    ).fetchone()
    if head is None:
        return None
    name, version, description, languages, window, negation_words, source, summary = head
    declared = _declared(summary)
    # a load that added the codes of a sheet of codings keeps the codebook's own file
    source = json.loads(summary or "{}").get("codebook_file", source) or None
    codes = tuple(
        Code(
            **code_fields(row),
            negation=bool(row[8]),
            keywords=_rules_from(row[9]),
            near_misses=_rules_from(row[10]),
            exclusive=declared.get(row[0]),
        )
        for row in conn.execute(
            f"SELECT code_id, {_CONTENT} FROM codes WHERE retired = 0 ORDER BY position"
        )
    )
    return Codebook(
        name=name,
        version=version,
        codes=codes,
        description=description,
        languages=tuple(json.loads(languages)),
        negation_window=window,
        negation_words={k: tuple(v) for k, v in json.loads(negation_words).items()},
        source=source,
    )


def check_hierarchy(conn: sqlite3.Connection, *, why: str, stored: bool = False) -> None:
    """Refuse (with the codes named) a hierarchy of the stored codes, retired ones too, that loops.

    A loaded codebook cannot loop (:class:`Codebook` refuses it); codes that come in as
    retired, from a merge, are checked here. The caller holds the transaction, which the
    error rolls back; ``why`` ends the message. ``stored``: the loop is in the file already
    (a damaged or hand-edited project), not one a change would make.
    """
    parents = dict(conn.execute("SELECT code_id, parent FROM codes"))
    cycle = find_cycle(parents)
    if cycle is not None:
        raise ProjectError(
            f"the parents of the codes {'form' if stored else 'would form'} a cycle: "
            f"{' → '.join(cycle)}; {why}",
            hint="A code cannot be its own parent or the parent of its parents: give one of "
            "these codes another parent (or none) in the codebook file, and load it again.",
        )


def code_names(conn: sqlite3.Connection) -> dict[str, str]:
    """``{id: name}`` of every code, retired ones included, in codebook order."""
    return dict(conn.execute("SELECT code_id, name FROM codes ORDER BY position, code_id"))


def history(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """One entry per codebook load, oldest first."""
    out = []
    for load_id, name, version, source, loaded, summary in conn.execute(
        "SELECT id, name, version, source, loaded, summary FROM codebook_loads ORDER BY id"
    ):
        changes = json.loads(summary)
        out.append(
            {
                "load": load_id,
                "name": name,
                "version": version,
                "source": source,
                "loaded": loaded,
                **{k: ", ".join(v) for k, v in changes.items() if isinstance(v, list)},
            }
        )
    return out
