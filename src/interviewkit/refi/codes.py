"""Giving imported codes a place in the project: matched to codes it has, or new with an id.

An imported code is the project's own code when the project kept its GUID
from an earlier import, when its GUID is the one interviewkit derives for a
code of the project's codebook (so a project exported and imported again
finds its codes), or when it has the same name under the same parent.
Otherwise it is new, with the id its Description names (our own exports
write it there, see :mod:`interviewkit.refi.codebook_xml`) or one made from
its name (``Économie locale`` → ``economie_locale``), unique in the project.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from interviewkit.codebook.model import Code, Codebook
from interviewkit.refi import guids
from interviewkit.refi.codebook_xml import RefiCode, slug, unfold_description


@dataclass
class CodePlan:
    """Where each imported code goes: ``ids`` maps its GUID to a code id."""

    ids: dict[str, str] = field(default_factory=dict)
    new: list[Code] = field(default_factory=list)
    matched: list[str] = field(default_factory=list)

    def codebook(
        self, current: Codebook | None, *, name: str, source: str, version: str = "1"
    ) -> Codebook | None:
        """The project's codebook with the new codes added; ``None`` if nothing is new.

        ``version`` is the version of a new codebook (a project without one).
        """
        if not self.new:
            return None
        if current is None:
            return Codebook(name=name, version=version, codes=tuple(self.new), source=source)
        return replace(current, codes=(*current.codes, *self.new))


def plan_codes(
    codes: Sequence[RefiCode],
    *,
    current: Codebook | None,
    all_codes: dict[str, str],
    known: dict[str, str],
) -> CodePlan:
    """Match or place ``codes`` (parents before children).

    ``all_codes`` is ``{id: name}`` of every code in the project (retired
    ones too); ``known`` maps GUIDs kept from earlier imports to code ids.
    """
    plan = CodePlan()
    derived = (
        {guids.derived(current.name, "code", cid): cid for cid in all_codes} if current else {}
    )
    parents = {c.id: c.parent for c in current.codes} if current else {}
    by_name: dict[tuple[str, str | None], str] = {}
    for cid, code_name in all_codes.items():
        by_name.setdefault((code_name.casefold(), parents.get(cid)), cid)
    taken = set(all_codes)
    for code in codes:
        parent = plan.ids.get(code.parent) if code.parent else None
        found = known.get(code.guid) or derived.get(code.guid)
        if found not in all_codes:
            found = by_name.get((code.name.casefold(), parent))
        if found is not None:
            plan.ids[code.guid] = found
            plan.matched.append(found)
            continue
        definition, include, exclude, examples, named = unfold_description(code.description)
        cid = named if named and named not in taken else _unique(slug(code.name), parent, taken)
        taken.add(cid)
        by_name[(code.name.casefold(), parent)] = cid
        plan.ids[code.guid] = cid
        plan.new.append(
            Code(
                id=cid,
                name=code.name,
                description=definition,
                include=include,
                exclude=exclude,
                examples=examples,
                color=code.color,
                parent=parent,
            )
        )
    return plan


def _unique(base: str, parent: str | None, taken: set[str]) -> str:
    if base not in taken:
        return base
    if parent is not None and f"{parent}_{base}" not in taken:
        return f"{parent}_{base}"
    number = 2
    while f"{base}_{number}" in taken:
        number += 1
    return f"{base}_{number}"
