"""Values as people type them: ``--where city=bonn`` finds ``Bonn``.

An attribute's value matches what was typed when the two are equal once
case, accents, umlauts and full-width forms are folded: ``bonn`` is
``Bonn``, ``dusseldorf`` and ``duesseldorf`` are ``Düsseldorf``, ``ＢＯＮＮ``
(typed with a Chinese input method) is ``Bonn``. :func:`select_rows` applies
``--where`` to a table and says, when nothing matches, which values exist.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from interviewkit.errors import DataError, UsageError

if TYPE_CHECKING:
    import pandas as pd

_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def forms(value: object) -> frozenset[str]:
    """The folded forms of a value: without accents, and with German umlauts spelt out."""
    text = unicodedata.normalize("NFKC", str(value)).strip().casefold()
    spelt = text.translate(_GERMAN)
    return frozenset(_bare(t) for t in (text, spelt))


def _bare(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def same(value: object, typed: object) -> bool:
    """Whether ``typed`` names ``value`` (see the module docstring)."""
    return bool(forms(value) & forms(typed))


def alike(values: Iterable[object]) -> list[list[str]]:
    """Values that name one thing as :func:`same` sees it (``Bonn`` and ``bonn``,
    ``Düsseldorf``, ``Duesseldorf`` and ``Dusseldorf``), each set in order of first
    appearance; values alike through a third one are in one set."""
    distinct = list(dict.fromkeys(str(v) for v in values))
    parent = list(range(len(distinct)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}  # a folded form → the first value that has it
    for i, value in enumerate(distinct):
        for form in forms(value):
            j = first.setdefault(form, i)
            a, b = root(i), root(j)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[int, list[str]] = {}
    for i, value in enumerate(distinct):
        groups.setdefault(root(i), []).append(value)
    return [group for group in groups.values() if len(group) > 1]


def select_rows(
    frame: pd.DataFrame,
    where: Mapping[str, object],
    *,
    attributes: Sequence[str],
    columns: Sequence[str] = (),
    known: Mapping[str, Iterable[object]] | None = None,
) -> pd.DataFrame:
    """The rows of ``frame`` whose ``attribute`` matches one of the values given, for each.

    ``attributes``: the study's attributes (proposed when a name is wrong);
    ``columns``: other columns one may filter on; ``known``: every value an
    attribute has in the study (default: those in ``frame``). A value that
    matches none of them is an error that lists them.
    """
    import pandas as pd

    for attribute, wanted in where.items():
        values: list[object] = (
            list(wanted) if isinstance(wanted, list | tuple | set | frozenset) else [wanted]
        )
        if attribute not in frame.columns or attribute not in (*attributes, *columns):
            raise unknown_attribute(attribute, attributes, columns)
        column = frame[attribute]
        seen = column.dropna() if known is None or attribute not in known else known[attribute]
        present = sorted({str(v) for v in seen if v == v}, key=str.casefold)
        keep = pd.Series(False, index=frame.index)
        for typed in values:
            hits = column.map(lambda v, t=typed: v is not None and v == v and same(v, t))
            if not hits.any() and not any(same(v, typed) for v in present):
                raise DataError(
                    f"no transcript has {attribute}={typed}"
                    + (
                        f"; the values of {attribute} are: {_listed(present)}"
                        if present
                        else f"; no transcript has a value for {attribute}"
                    ),
                    hint="Case, accents and umlauts do not matter (bonn, dusseldorf); "
                    "separate several values with commas.",
                )
            keep |= hits
        frame = frame[keep]
    return frame


def unknown_attribute(
    name: str, attributes: Sequence[str], columns: Iterable[str] = ()
) -> UsageError:
    """An unknown attribute: proposes the study's attributes (not other columns)."""
    close = difflib.get_close_matches(name, list(attributes), n=1, cutoff=0.6)
    guess = f"did you mean {close[0]!r}? " if close else ""
    known = list(attributes)
    others = [c for c in columns if c not in known]
    listed = ", ".join(known) if known else "none"
    extra = f"; you may also filter on {', '.join(others)}" if others else ""
    return UsageError(
        f"'{name}' is not an attribute of these transcripts; {guess}their attributes are: "
        f"{listed}{extra}",
        hint="Attributes come from the transcripts' metadata (front matter or a metadata sheet).",
    )


def _listed(values: list[str], shown: int = 12) -> str:
    if len(values) <= shown:
        return ", ".join(values)
    return ", ".join(values[:shown]) + f" and {len(values) - shown} more"
