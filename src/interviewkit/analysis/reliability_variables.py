"""Exclusive code families as variables: each coder's value on each unit.

A code the codebook declares ``exclusive`` (``Code.exclusive``: ``nominal`` or
``ordinal``) has children that are the values of one variable, at most one
per unit (tone: positive / neutral / negative). :mod:`~interviewkit.analysis.reliability`
reports such a family as one row, measured by
:func:`~interviewkit.analysis.agreement_table.variable_agreement` over its
values, instead of one binary row per child. What a coder's value is, on a
unit of a document the coder coded (see ``docs/agreement.md``):

* the child they applied (a code below a child counts as that child);
* none of the children: ``(none)``, a value of its own for a nominal variable
  (the coder read the unit and gave it none of them); missing for an ordinal
  one ("none" has no place on the scale), counted in a note;
* two or more children: missing (neither is taken), every such unit listed in
  a note and in the disagreements;
* the family's own code only (``tone`` without a value): missing, in a note.

In a document the coder did not code, the value is missing, as for every
code. In segment-overlap mode the codings of all of a family's values are
matched across coders together, so that two coders who coded the same
segment with different values disagree on one unit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from interviewkit.analysis.reliability_units import clusters, place_row

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd

    from interviewkit.codebook.model import Codebook

#: The value of a unit a coder coded with none of a nominal variable's values.
NONE = "(none)"
#: How many units a note lists before it points to ``--disagreements``.
LISTED = 10
#: The values of a coder's own codes that name no value of the family (its code alone).
_BARE = "\x00bare"


@dataclass(frozen=True)
class Family:
    """An exclusive code and its values: its children, in codebook order."""

    code: str
    name: str
    level: str
    values: tuple[str, ...]
    names: tuple[str, ...]
    #: Every code that gives a value (a child and the codes below it) → that child.
    members: dict[str, str] = field(default_factory=dict)

    @property
    def n_categories(self) -> int:
        """The values a coder can choose from: the children, and "none" when nominal."""
        return len(self.values) + (1 if self.level == "nominal" else 0)

    def label(self, value: str) -> str:
        return self.names[self.values.index(value)] if value in self.values else value


def family_of(codebook: Codebook, code_id: str) -> Family | None:
    """The family of an exclusive code with two children or more, else ``None``."""
    if code_id not in codebook:
        return None
    code = codebook.get(code_id)
    children = codebook.children(code_id)
    if code.exclusive is None or len(children) < 2:
        return None
    members = {}
    for child in children:
        members[child.id] = child.id
        for below in codebook.descendants(child.id):
            members[below] = child.id
    return Family(
        code=code.id,
        name=code.name,
        level=code.exclusive,
        values=tuple(c.id for c in children),
        names=tuple(c.name for c in children),
        members=members,
    )


@dataclass(frozen=True)
class Choice:
    """What one agreement table reports: binary codes, variables, and the rows' order."""

    codes: list[str]
    families: list[Family]
    order: list[str]
    notes: tuple[str, ...] = ()


def choose(
    codebook: Codebook,
    codes: Sequence[str] | None,
    codings: pd.DataFrame,
    decisions: pd.DataFrame,
    coders: list[str],
) -> Choice:
    """The rows to report: by default every family, and every code without children that is
    in no family (then any other code the coders used); or the ``codes`` asked for, a family's
    code standing for its variable."""
    notes = tuple(
        f"'{c.id}' is declared exclusive but has fewer than two child codes; it is reported "
        "as an ordinary code."
        for c in codebook.families()
        if family_of(codebook, c.id) is None
    )
    if codes is None:
        families = [f for c in codebook.families() if (f := family_of(codebook, c.id))]
        heads = {f.code for f in families}
        covered = heads | {m for f in families for m in f.members}
        order = [
            c.id
            for c in codebook.walk()
            if c.id in heads or (c.id not in covered and not codebook.children(c.id))
        ]
        decided = decisions.loc[decisions["coder"].isin(coders), "coding"]
        used = codings[codings["coder"].isin(coders) | codings["id"].isin(decided)]
        order += sorted(set(used["code"]) - {c.id for c in codebook.codes})
    else:
        by_name = {c.name.lower(): c.id for c in codebook.codes}
        ids = {c.id for c in codebook.codes} | set(codings["code"])
        order = []
        for asked in codes:
            found = asked if asked in ids else by_name.get(asked.lower())
            if found is None:
                from interviewkit.store.lookup import unknown

                raise unknown("code", asked, [c.id for c in codebook.walk()])
            order.append(found)
        order = list(dict.fromkeys(order))
        families = [f for c in order if (f := family_of(codebook, c))]
    variables = {f.code for f in families}
    return Choice([c for c in order if c not in variables], families, order, notes)


@dataclass(frozen=True)
class Variable:
    """Each coder's value of one family on each unit, and what stands out.

    ``values`` is indexed by (``doc_id``, ``place``) with one column per coder: a value (a
    child's id), :data:`NONE`, or ``None`` (missing). ``shown`` has the same shape and says
    in words what the coder did (``—`` for a document they did not code). ``places`` has the
    ``unit``, ``speaker``, ``text`` (and in overlap mode ``start``, ``end``) of each place.
    ``several`` lists (coder, doc_id, place, unit, values) where a coder applied two values or
    more; ``bare`` (coder, doc_id, unit) where the family's own code was applied alone;
    ``one_sided`` counts the units of an ordinal variable where a coder gave a value and
    another coder none of them.
    """

    family: Family
    values: pd.DataFrame
    shown: pd.DataFrame
    places: pd.DataFrame
    several: tuple[tuple[str, str, int, int, tuple[str, ...]], ...] = ()
    bare: tuple[tuple[str, str, int], ...] = ()
    one_sided: int = 0

    def data(self, coders: Sequence[str]) -> npt.NDArray[np.object_]:
        """Coders x units, in the order of the places: labels (nominal) or positions (ordinal)."""
        import numpy as np

        frame = self.values.sort_index()[list(coders)]
        if self.family.level == "ordinal":
            position = {v: i + 1 for i, v in enumerate(self.family.values)}
            frame = frame.apply(lambda column: column.map(position))
        array = frame.to_numpy(dtype=object).T
        return np.asarray(array, dtype=object)


def _values_of(
    family: Family, frame: pd.DataFrame, docs: set[str]
) -> dict[tuple[str, int], set[str]]:
    """``{(doc_id, unit): {values}}`` of one coder's codings in ``docs``."""
    out: dict[tuple[str, int], set[str]] = {}
    for doc, unit, code in zip(frame["doc_id"], frame["unit"], frame["code"], strict=True):
        if doc not in docs:
            continue
        value = family.members.get(code, _BARE if code == family.code else None)
        if value is not None:
            out.setdefault((doc, int(unit)), set()).add(value)
    return out


def _cell(family: Family, found: set[str] | None) -> tuple[str | None, str]:
    """A coder's value on one unit of a document they coded, and how it is shown."""
    values = sorted((found or set()) - {_BARE}, key=family.values.index)
    if len(values) == 1:
        return values[0], family.label(values[0])
    if values:
        return None, " + ".join(family.label(v) for v in values)
    if found:
        return None, f"{family.name} (no value)"
    return (NONE if family.level == "nominal" else None), "none"


def _variable(
    family: Family,
    found: dict[str, dict[tuple[str, int], set[str]]],
    keys: list[tuple[str, int]],
    units_of: dict[tuple[str, int], int],
    universe: dict[str, list[str]],
    places: pd.DataFrame,
) -> Variable:
    """The values, what is shown, and the notes' material for the places ``keys``."""
    import pandas as pd

    values: dict[str, list[str | None]] = {name: [] for name in universe}
    shown: dict[str, list[str]] = {name: [] for name in universe}
    several: list[tuple[str, str, int, int, tuple[str, ...]]] = []
    bare: list[tuple[str, str, int]] = []
    for name, docs in universe.items():
        inside = set(docs)
        for key in keys:
            if key[0] not in inside:
                values[name].append(None)
                shown[name].append("—")
                continue
            hit = found[name].get(key)
            value, words = _cell(family, hit)
            values[name].append(value)
            shown[name].append(words)
            given = sorted((hit or set()) - {_BARE}, key=family.values.index)
            if len(given) > 1:
                several.append((name, key[0], key[1], units_of[key], tuple(given)))
            elif hit and not given:
                bare.append((name, key[0], units_of[key]))
    index = pd.MultiIndex.from_tuples(keys, names=["doc_id", "place"])
    value_frame = pd.DataFrame(values, index=index, dtype=object)
    shown_frame = pd.DataFrame(shown, index=index, dtype=object)
    one_sided = 0
    if family.level == "ordinal" and keys:
        given = value_frame.notna().any(axis=1)
        none = (shown_frame == "none").any(axis=1)
        one_sided = int((given & none).sum())
    return Variable(
        family, value_frame, shown_frame, places, tuple(several), tuple(bare), one_sided
    )


def variable_by_unit(
    family: Family,
    per_coder: dict[str, pd.DataFrame],
    units: pd.DataFrame,
    universe: dict[str, list[str]],
) -> Variable:
    """Each coder's value on every respondent unit of the documents they coded (and on the
    interviewer's units where a compared coder applied one of the family's codes)."""
    found = {
        name: _values_of(family, frame, set(universe[name])) for name, frame in per_coder.items()
    }
    coded = {key for hits in found.values() for key in hits}
    docs = set().union(*map(set, universe.values()))
    scope = units[units["doc_id"].isin(docs)]
    keep = [
        not inter or (d, int(u)) in coded
        for d, u, inter in zip(scope["doc_id"], scope["unit"], scope["interviewer"], strict=True)
    ]
    scope = scope[keep]
    keys = [(d, int(u)) for d, u in zip(scope["doc_id"], scope["unit"], strict=True)]
    places = scope[["doc_id", "unit", "speaker", "text"]].assign(place=scope["unit"].astype(int))
    return _variable(family, found, keys, {k: k[1] for k in keys}, universe, places)


def variable_by_overlap(
    family: Family,
    per_coder: dict[str, pd.DataFrame],
    units: pd.DataFrame,
    universe: dict[str, list[str]],
    threshold: float,
) -> Variable:
    """Each coder's value on matched segments: the codings of all the family's values are
    matched across coders (overlap >= ``threshold`` of their union); a coder's overlapping
    codings are one segment, with every value they carry."""
    import pandas as pd

    spans: dict[str, dict[str, list[tuple[int, int, str]]]] = {}
    for name, frame in per_coder.items():
        inside = set(universe[name])
        for d, c, s, e in zip(
            frame["doc_id"], frame["code"], frame["start"], frame["end"], strict=True
        ):
            value = family.members.get(c, _BARE if c == family.code else None)
            if d in inside and value is not None:
                spans.setdefault(d, {}).setdefault(name, []).append((int(s), int(e), value))
    by_doc = {d: g for d, g in units.groupby("doc_id", sort=False)}
    found: dict[str, dict[tuple[str, int], set[str]]] = {name: {} for name in universe}
    keys: list[tuple[str, int]] = []
    units_of: dict[tuple[str, int], int] = {}
    rows = []
    for doc_id in sorted(spans):
        segments: dict[str, dict[tuple[int, int], set[str]]] = {}
        for name, items in spans[doc_id].items():
            merged: list[tuple[int, int, set[str]]] = []
            for start, end, value in sorted(items):
                if merged and start < merged[-1][1]:
                    last = merged[-1]
                    merged[-1] = (last[0], max(last[1], end), last[2] | {value})
                else:
                    merged.append((start, end, {value}))
            segments[name] = {(s, e): v for s, e, v in merged}
        groups = clusters({n: list(segs) for n, segs in segments.items()}, threshold)
        for place, group in enumerate(groups, start=1):
            key = (doc_id, place)
            keys.append(key)
            for name, span in group.items():
                found[name][key] = segments[name][span]
            row = place_row(by_doc[doc_id], doc_id, place, group)
            units_of[key] = row["unit"]
            rows.append(row)
    columns = ["doc_id", "place", "unit", "speaker", "start", "end", "text"]
    places = pd.DataFrame(rows, columns=columns)
    return _variable(family, found, keys, units_of, universe, places)


def variable_rows(
    variables: Sequence[Variable], coders: list[str], bootstrap: int, seed: int
) -> pd.DataFrame:
    """One row per variable: the coefficients at its level and each coder's valued units."""
    import pandas as pd

    from interviewkit.analysis.agreement_table import variable_agreement

    rows = {}
    for variable in variables:
        family = variable.family
        data = variable.data(coders)
        row: dict[str, Any] = {"name": family.name, "level": family.level}
        row.update(
            variable_agreement(
                data,
                level=family.level,
                n_categories=family.n_categories,
                bootstrap=bootstrap,
                seed=seed,
            )
        )
        for name in coders:
            column = variable.values[name]
            row[f"coded_{name}"] = int((column.notna() & (column != NONE)).sum())
        rows[family.code] = row
    return pd.DataFrame.from_dict(rows, orient="index")


def describe(family: Family) -> str:
    """A variable's values in one line: ``Tone (nominal): Positive, Neutral, Negative, none``."""
    if family.level == "ordinal":
        return f"{family.name} (ordinal): " + " < ".join(family.names)
    return f"{family.name} (nominal): " + ", ".join(family.names) + ", none of them"


def variable_notes(variables: Sequence[Variable]) -> tuple[str, ...]:
    """What the reader must know of each variable: the units a coder gave two values or none."""
    notes = []
    for variable in variables:
        family = variable.family
        if variable.several:
            listed = _by_coder(
                (coder, f"{doc} unit {unit} ({' + '.join(family.label(v) for v in values)})")
                for coder, doc, _, unit, values in variable.several[:LISTED]
            )
            more = len(variable.several) - LISTED
            notes.append(
                f"{family.name}: on {len(variable.several)} unit(s) a coder applied two or more "
                f"of its values, which the codebook declares exclusive — {listed}"
                + (f"; and {more} more (every one in --disagreements)" if more > 0 else "")
                + ". Each counts as missing for that coder in the "
                f"{family.name} row (neither value is taken); settle them ('interviewkit "
                "untag' a coder's own coding, 'interviewkit reject' a suggestion) and run "
                "agreement again."
            )
        if variable.bare:
            listed = _by_coder(
                (coder, f"{doc} unit {unit}") for coder, doc, unit in variable.bare[:LISTED]
            )
            more = len(variable.bare) - LISTED
            notes.append(
                f"{family.name}: on {len(variable.bare)} unit(s) a coder applied "
                f"'{family.code}' itself and none of its values — {listed}"
                + (f"; and {more} more" if more > 0 else "")
                + f". Each counts as missing for that coder in the {family.name} row."
            )
        if variable.one_sided:
            notes.append(
                f"{family.name} (ordinal): on {variable.one_sided} unit(s) one coder gave a "
                "value and another none of them. 'None' has no place on the scale, so these "
                "units are not in the ordinal coefficients, which measure agreement on the "
                "value where two coders gave one; --disagreements lists them."
            )
    return tuple(notes)


def _by_coder(items: Iterable[tuple[str, str]]) -> str:
    """``anna: a unit 4, b unit 2; ben: a unit 6`` from (coder, place) pairs."""
    grouped: dict[str, list[str]] = {}
    for coder, place in items:
        grouped.setdefault(coder, []).append(place)
    return "; ".join(f"{coder}: {', '.join(places)}" for coder, places in grouped.items())


def variable_disagreements(variables: Sequence[Variable], coders: list[str]) -> pd.DataFrame:
    """The places where coders differ on a variable, or a coder gave two values or more."""
    import pandas as pd

    parts = []
    for variable in variables:
        shown = variable.shown[coders]
        coded = shown != "—"
        differ = shown.where(coded).nunique(axis=1) > 1
        known = coded.sum(axis=1) >= 2
        doubled = {(doc, place) for _, doc, place, _, _ in variable.several}
        several = pd.Series([key in doubled for key in shown.index], index=shown.index)
        rows = shown[(known & differ) | several].reset_index()
        if rows.empty:
            continue
        rows.insert(2, "code", variable.family.code)
        rows.insert(3, "code_name", variable.family.name)
        parts.append(rows.merge(variable.places, on=["doc_id", "place"], how="left"))
    if not parts:
        return pd.DataFrame()
    return pd.concat(parts, ignore_index=True)
