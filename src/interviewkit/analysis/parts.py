"""Counting by a unit attribute: ``themes --by speaker``, ``compare --by city,speaker``.

Theme tables and comparisons group documents. To group by what a unit
carries (its speaker, its kind), each document counts as one *part* per
value: ``bonn_de_01 · B`` holds the respondent units speaker ``B`` said.
A part has every attribute of its document, plus the unit attribute, so it
is grouped like any document; the counting rule is unchanged (each unit
once per code, parents counting their children), only the units fall into
parts instead of whole documents.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from interviewkit.store.counts import UnitSummary

#: Between a document's id and the value of its part: ``bonn_de_01 · B``.
SEPARATOR = " · "
#: The column of a part's documents frame that names the document it is part of.
DOCUMENT = "document"


#: The unit attributes a table can be grouped by.
UNIT_ATTRIBUTES = ("speaker", "kind")


def unit_attribute(by: Sequence[str], document_attributes: Sequence[str]) -> str | None:
    """The unit attribute among ``by`` (a document attribute of that name wins), or ``None``."""
    from interviewkit.errors import UsageError

    found = [a for a in by if a in UNIT_ATTRIBUTES and a not in document_attributes]
    if len(found) > 1:
        raise UsageError(
            f"group by one unit attribute at a time, not {' and '.join(found)}",
            hint="e.g. --by speaker, or --by city,speaker.",
        )
    return found[0] if found else None


def part_name(doc_id: str, value: str) -> str:
    return f"{doc_id}{SEPARATOR}{value or '(none)'}"


@dataclass(frozen=True)
class Parts:
    """The parts of the documents: ``names`` (by position), ``part_of`` (keys → positions),
    ``units`` (``doc_id, units, words`` per part) and each part's document and value."""

    names: list[str]
    part_of: Callable[[np.ndarray], np.ndarray]
    units: pd.DataFrame
    owners: list[str]
    values: list[str]
    attribute: str

    def documents(self, documents: pd.DataFrame) -> pd.DataFrame:
        """The documents frame with one row per part: the document's attributes, the unit
        attribute, and ``document`` (the document's id)."""
        return expand_documents(documents, self.owners, self.values, self.names, self.attribute)


def split_documents(
    rows: Sequence[tuple[int, int, str, int]], summary: UnitSummary, attribute: str
) -> Parts:
    """Parts from the store's (document row id, unit, value, words) of the respondent units."""
    import numpy as np
    import pandas as pd

    index: dict[tuple[int, str], int] = {}
    names: list[str] = []
    owners: list[str] = []
    values: list[str] = []
    units: list[int] = []
    words: list[int] = []
    slots = np.zeros(len(rows), dtype=np.int64)
    parts = np.zeros(len(rows), dtype=np.int64)
    for i, (doc, unit, value, said) in enumerate(rows):
        position = index.get((doc, value))
        if position is None:
            position = index[(doc, value)] = len(names)
            owner = summary.doc_name[doc]
            names.append(part_name(owner, value))
            owners.append(owner)
            values.append(value)
            units.append(0)
            words.append(0)
        units[position] += 1
        words[position] += said
        slots[i] = doc * summary.stride + unit
        parts[i] = position
    at = np.full(summary.size, -1, dtype=np.int64)
    if len(rows):
        at[summary.slots(slots)] = parts

    def part_of(keys: np.ndarray) -> np.ndarray:
        found: np.ndarray = at[summary.slots(keys)]
        return found

    frame = pd.DataFrame({"doc_id": names, "units": units, "words": words})
    return Parts(names, part_of, frame, owners, values, attribute)


def expand_documents(
    documents: pd.DataFrame,
    owners: Sequence[str],
    values: Sequence[str],
    names: Sequence[str],
    attribute: str,
) -> pd.DataFrame:
    """One row per part, with its document's attributes (see :meth:`Parts.documents`)."""
    import pandas as pd

    parts = pd.DataFrame({"doc_id": list(names), DOCUMENT: list(owners), attribute: list(values)})
    attributes = documents.rename(columns={"doc_id": DOCUMENT}).drop(
        columns=[c for c in (attribute, "units", "words") if c in documents.columns]
    )
    return parts.merge(attributes, on=DOCUMENT, how="inner").sort_values(
        "doc_id", ignore_index=True
    )


def split_frames(
    coded: pd.DataFrame, units: pd.DataFrame, documents: pd.DataFrame, attribute: str
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The same parts from DataFrames (the tests' oracle): ``coded`` (doc_id, unit, code)
    and ``units`` (doc_id, unit, words, ``attribute``) with ``doc_id`` made part names."""
    values = units.assign(value=units[attribute].fillna("").astype(str))
    owner = {
        (d, int(u)): v
        for d, u, v in zip(values["doc_id"], values["unit"], values["value"], strict=True)
    }
    named = values.assign(
        doc_id=[part_name(d, v) for d, v in zip(values["doc_id"], values["value"], strict=True)]
    )
    coded = coded.assign(
        doc_id=[
            part_name(d, owner.get((d, int(u)), ""))
            for d, u in zip(coded["doc_id"], coded["unit"], strict=True)
        ]
    )
    pairs = values.drop_duplicates(["doc_id", "value"])
    expanded = expand_documents(
        documents,
        list(pairs["doc_id"]),
        list(pairs["value"]),
        [part_name(d, v) for d, v in zip(pairs["doc_id"], pairs["value"], strict=True)],
        attribute,
    )
    return coded, named, expanded
