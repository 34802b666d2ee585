"""Coded units per document and code, for comparisons of a large project.

:func:`coded_unit_counts` applies the counting rule of
:func:`interviewkit.analysis.themes.coded_units` to a project's codings
without building a frame of them: SQLite filters the codings (status,
coder) and hands over each one as a single integer key — document, unit,
code and who coded it — in one text column, and NumPy does the rest. Why not
``COUNT(DISTINCT unit) … GROUP BY target, doc`` in SQL: on a million coded
units that takes ~13 s (a temporary B-tree of every rolled-up coding, and a
units lookup per coding); one scan that hands over keys takes well under one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from interviewkit.arrays import distinct, expand
from interviewkit.models import STATUSES
from interviewkit.store.lookup import unknown

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

#: Units per document the keys make room for at first; more, and the scan runs again.
_STRIDE = 1 << 20
_ORIGINS = ("auto", "manual")


@dataclass(frozen=True)
class UnitCounts:
    """The result of :func:`coded_unit_counts`.

    ``counts``: ``doc_id, code, units`` — respondent units of the document
    carrying the code (a code of ``members`` counts a unit coded with any of
    its member codes; each unit once, whoever coded it); codes with no such
    unit in a document have no row. ``doc_units``: ``doc_id, units`` —
    respondent units per document (the denominators). ``left_out``: distinct
    (document, unit, code) codings not counted because their unit is an
    interviewer's turn. ``basis``: the distinct ``coder, status, origin`` of
    the codings counted (respondent units). ``codes``: the codes the codings
    that pass the coder and status filters use (interviewer turns too), sorted.
    """

    counts: pd.DataFrame
    doc_units: pd.DataFrame
    left_out: int
    basis: pd.DataFrame
    codes: list[str]


def coded_unit_counts(
    conn: sqlite3.Connection,
    *,
    members: Mapping[str, Iterable[str]],
    coders: Sequence[str] | None = None,
    statuses: Iterable[str] = ("suggested", "accepted"),
) -> UnitCounts:
    """Per-document coded units of each code of ``members`` (see :class:`UnitCounts`).

    ``members`` maps each code to count to the codes that count for it
    (itself and its descendants). Rejected codings never count, whatever
    ``statuses`` says; ``coders`` (when given and not empty) keeps those
    coders' codings only.
    """
    import numpy as np
    import pandas as pd

    chosen = [s for s in dict.fromkeys(statuses) if s != "rejected"]
    for status in chosen:
        if status not in STATUSES:
            raise unknown("status", status, list(STATUSES))
    code_names = [r[0] for r in conn.execute(
        "SELECT code_id FROM codes ORDER BY retired, position, code_id")]
    coder_names = [r[0] for r in conn.execute("SELECT name FROM coders ORDER BY name")]
    keys, max_unit = _coding_keys(conn, code_names, coder_names, chosen, coders, _STRIDE)
    n_codes, n_who = len(code_names) + 1, (len(coder_names) + 1) * len(STATUSES) * 2
    code_of, who_of = (keys // n_who) % n_codes, keys % n_who
    if (code_of == len(code_names)).any() or (who_of // 6 == len(coder_names)).any():
        # A code or coder the codes/coders tables do not list: name them from the codings.
        code_names = [r[0] for r in conn.execute("SELECT DISTINCT code FROM codings")]
        coder_names = [r[0] for r in conn.execute("SELECT DISTINCT coder FROM codings")]
        keys, max_unit = _coding_keys(conn, code_names, coder_names, chosen, coders, _STRIDE)
    stride = _STRIDE
    if max_unit >= stride:  # pragma: no cover - a transcript of over a million units
        stride = max_unit + 1
        keys, max_unit = _coding_keys(conn, code_names, coder_names, chosen, coders, stride)
    n_codes, n_who = len(code_names) + 1, (len(coder_names) + 1) * len(STATUSES) * 2
    unit_key, code_of, who_of = keys // (n_codes * n_who), (keys // n_who) % n_codes, keys % n_who

    doc_rows = conn.execute("SELECT id, doc_id FROM documents").fetchall()
    doc_name = dict(doc_rows)
    per_doc = conn.execute(
        f"SELECT doc, group_concat(doc * {stride} + idx) FROM units "
        "WHERE interviewer = 0 GROUP BY doc"
    ).fetchall()
    scope = np.sort(np.concatenate([_ints(text) for _, text in per_doc]) if per_doc
                    else np.zeros(0, np.int64))
    doc_units = pd.DataFrame([(doc_name[doc], text.count(",") + 1) for doc, text in per_doc],
                             columns=["doc_id", "units"])
    doc_units = doc_units.sort_values("doc_id", ignore_index=True)

    at = np.minimum(np.searchsorted(scope, unit_key), max(scope.size - 1, 0))
    inside = scope[at] == unit_key if scope.size else np.zeros(unit_key.size, bool)
    pair = unit_key * n_codes + code_of
    left_out = int(distinct(pair[~inside]).size)
    codes_seen = sorted(code_names[i] for i in np.flatnonzero(np.bincount(code_of)))
    basis = pd.DataFrame(
        sorted((coder_names[w // 6], STATUSES[w % 6 // 2], _ORIGINS[w % 2])
               for w in np.flatnonzero(np.bincount(who_of[inside])).tolist()),
        columns=["coder", "status", "origin"],
    )
    counts = _count(distinct(pair[inside]), code_names, members, n_codes, stride, doc_name)
    return UnitCounts(counts, doc_units, left_out, basis, codes_seen)


def _coding_keys(
    conn: sqlite3.Connection,
    code_names: list[str],
    coder_names: list[str],
    statuses: list[str],
    coders: Sequence[str] | None,
    stride: int,
) -> tuple[np.ndarray, int]:
    """One key per coding that passes the filters, and the largest unit index among them.

    key = ((doc * stride + unit) * (codes + 1) + code) * who + (coder, status, origin);
    an unlisted code or coder gets the last number.
    """
    import numpy as np

    where = [f"status IN ({', '.join('?' * len(statuses))})" if statuses else "0"]
    params: list[object] = list(statuses)
    if coders:
        where.append(f"coder IN ({', '.join('?' * len(coders))})")
        params += list(coders)
    n_codes, n_who = len(code_names) + 1, (len(coder_names) + 1) * len(STATUSES) * 2
    last_doc = conn.execute("SELECT COALESCE(MAX(id), 0) FROM documents").fetchone()[0]
    if (last_doc + 1) * stride * n_codes * n_who >= 1 << 62:  # pragma: no cover
        raise OverflowError("too many documents, units, codes or coders for one key")
    code_case = _case("code", code_names)
    coder_case = _case("coder", coder_names)
    status_case = _case("status", list(STATUSES))
    text, max_unit = conn.execute(
        f"SELECT group_concat(((doc * {stride} + unit) * {n_codes} + {code_case}) * {n_who} "
        f"+ {coder_case} * 6 + {status_case} * 2 + (origin = 'manual')), MAX(unit) "
        f"FROM codings WHERE {' AND '.join(where)}",
        [*code_names, *coder_names, *STATUSES, *params],
    ).fetchone()
    return (_ints(text) if text else np.zeros(0, np.int64)), int(max_unit or 0)


def _case(column: str, names: list[str]) -> str:
    """``CASE column WHEN ? THEN 0 … ELSE len(names) END``: a name's position."""
    whens = " ".join(f"WHEN ? THEN {i}" for i in range(len(names)))
    return f"(CASE {column} {whens} ELSE {len(names)} END)" if names else "0"


def _count(
    pairs: np.ndarray,
    code_names: list[str],
    members: Mapping[str, Iterable[str]],
    n_codes: int,
    stride: int,
    doc_name: dict[int, str],
) -> pd.DataFrame:
    """Distinct (unit, code) keys → ``doc_id, code, units`` for each target of ``members``."""
    import numpy as np
    import pandas as pd

    targets = list(members)
    position = {c: i for i, c in enumerate(code_names)}
    # For each stored code, the targets it counts for.
    lineage: list[list[int]] = [[] for _ in range(n_codes)]
    for t, name in enumerate(targets):
        for code in dict.fromkeys(members[name]):
            if code in position:
                lineage[position[code]].append(t)
    units_rep, target = expand(pairs // n_codes, pairs % n_codes, lineage)
    n_targets = max(len(targets), 1)
    rolled = distinct(units_rep * n_targets + target)
    # (document, target) numbers are few (documents × targets): count them with bincount.
    tally = np.bincount((rolled // n_targets // stride) * n_targets + rolled % n_targets)
    keys = np.flatnonzero(tally)
    units = tally[keys].astype(np.int64)
    docs = keys // n_targets
    frame = pd.DataFrame({
        "doc_id": [doc_name[int(d)] for d in docs.tolist()],
        "code": np.asarray(targets, dtype=object)[keys % n_targets] if keys.size else [],
        "units": units,
    })
    return frame.sort_values(["doc_id", "code"], ignore_index=True)


def _ints(text: str) -> np.ndarray:
    """The integers of a comma-separated text, parsed by NumPy (fast)."""
    import numpy as np

    return np.fromstring(text, dtype=np.int64, sep=",")


