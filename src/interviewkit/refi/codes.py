"""Giving imported codes a place in the project: matched to codes it has, or new with an id.

An imported code is the project's own code when the project kept its GUID
from an earlier import, when its GUID is the one interviewkit derives for a
code of the project's codebook (so a project exported and imported again
finds its codes), or when it has the name of a code the project had before,
under the same parent (codes of one file named alike stay apart: their GUIDs
say they are two).
Otherwise it is new, with the id an interviewkit export named for it (in the
project's Description, see :mod:`interviewkit.refi.exports`; exports before
0.2 wrote it into the code's Description) or one made from its name
(``Économie locale`` → ``economie_locale``), unique in the project.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from interviewkit.codebook.model import Code, Codebook
from interviewkit.codebook.qdc import RefiCode, code_from_refi, slug, unfold_description, unique_id
from interviewkit.refi import guids


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
    named: dict[str, str] | None = None,
) -> CodePlan:
    """Match or place ``codes`` (parents before children).

    ``all_codes`` is ``{id: name}`` of every code in the project (retired
    ones too); ``known`` maps GUIDs kept from earlier imports to code ids
    (any case: they are compared in :func:`~interviewkit.codebook.qdc.guid_key` form);
    ``named`` maps GUIDs to the ids an interviewkit export gave them.
    """
    known = {guids.normalize(g) or g: cid for g, cid in known.items()}
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
        wanted = (named or {}).get(code.guid) or unfold_description(code.description)[4]
        cid = (
            wanted if wanted and wanted not in taken else unique_id(slug(code.name), parent, taken)
        )
        taken.add(cid)
        plan.ids[code.guid] = cid
        plan.new.append(code_from_refi(code, cid, parent))
    return plan
