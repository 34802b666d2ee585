"""The decisions matrix of an agreement comparison: what is compared with what.

Which documents a coder coded (:func:`coded_documents`; whose codings count
is :func:`interviewkit.analysis.counting.coder_coding`), then the matrix of decisions: one row per
(document, place, code), one column per coder: 1 = applied, 0 =
not applied in a document the coder coded, NaN = document not coded. A place
is a unit (unit mode, :func:`by_unit`) or a group of codings matched across
coders by their overlap (segment-overlap mode, :func:`by_overlap`). Used by
:mod:`interviewkit.analysis.reliability`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


def coded_documents(
    codings: pd.DataFrame, decisions: pd.DataFrame, memos: pd.DataFrame, coder: str
) -> set[str]:
    """Documents ``coder`` worked on: a coding or a decision of theirs, or their memo on it."""
    docs = set(codings.loc[codings["coder"] == coder, "doc_id"])
    docs |= set(decisions.loc[decisions["coder"] == coder, "doc_id"])
    if len(memos):
        on_doc = memos[
            (memos["coder"] == coder) & memos["doc_id"].notna() & (memos["on"] != "coding")
        ]
        docs |= set(on_doc["doc_id"])
    return docs


def _matrix(
    rows: list[tuple[str, int, str]],
    hits: dict[str, set[tuple[str, int, str]]],
    universe: dict[str, list[str]],
) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    index = pd.MultiIndex.from_tuples(rows, names=["doc_id", "place", "code"])
    data = {}
    for name, docs in universe.items():
        inside = set(docs)
        found = hits[name]
        data[name] = np.array(
            [(1.0 if key in found else 0.0) if key[0] in inside else np.nan for key in rows]
        )
    return pd.DataFrame(data, index=index)


def by_unit(
    per_coder: dict[str, pd.DataFrame],
    units: pd.DataFrame,
    universe: dict[str, list[str]],
    codes: list[str],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Decisions on every unit of the coded documents (code present or absent)."""
    inside = {name: set(docs) for name, docs in universe.items()}  # once, not per coding
    docs = set().union(*inside.values())
    hits = {
        name: {
            (d, int(u), c)
            for d, u, c in zip(f["doc_id"], f["unit"], f["code"], strict=True)
            if d in inside[name]
        }
        for name, f in per_coder.items()
    }
    coded = {(d, u) for found in hits.values() for d, u, _ in found}
    scope = units[units["doc_id"].isin(docs)]
    keep = [
        not inter or (d, int(u)) in coded
        for d, u, inter in zip(scope["doc_id"], scope["unit"], scope["interviewer"], strict=True)
    ]
    scope = scope[keep]
    rows = [
        (d, int(u), c) for d, u in zip(scope["doc_id"], scope["unit"], strict=True) for c in codes
    ]
    places = scope[["doc_id", "unit", "speaker", "text"]].assign(place=scope["unit"].astype(int))
    return _matrix(rows, hits, universe), places


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One coder's overlapping codings of one code, as one coding each."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def clusters(
    spans: dict[str, list[tuple[int, int]]], threshold: float
) -> list[dict[str, tuple[int, int]]]:
    """Match codings across coders: pairs overlapping >= ``threshold`` of their union,
    best pairs first, at most one coding per coder in a group."""
    items = [(name, span) for name, found in spans.items() for span in _merged(found)]
    pairs = []
    for i, (first, (s1, e1)) in enumerate(items):
        for j in range(i + 1, len(items)):
            second, (s2, e2) = items[j]
            if first == second:
                continue
            ratio = max(0, min(e1, e2) - max(s1, s2)) / (max(e1, e2) - min(s1, s2))
            if ratio > 0 and ratio >= threshold - 1e-9:
                pairs.append((-ratio, i, j))
    group = {i: {items[i][0]: i} for i in range(len(items))}
    owner = list(range(len(items)))
    for _, i, j in sorted(pairs):
        a, b = owner[i], owner[j]
        if a == b or set(group[a]) & set(group[b]):
            continue
        group[a].update(group.pop(b))
        for k in group[a].values():
            owner[k] = a
    return [
        {name: items[k][1] for name, k in members.items()}
        for _, members in sorted(
            group.items(), key=lambda g: min(items[k][1] for k in g[1].values())
        )
    ]


def by_overlap(
    per_coder: dict[str, pd.DataFrame],
    units: pd.DataFrame,
    universe: dict[str, list[str]],
    codes: list[str],
    threshold: float,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Decisions on matched segments: each group of matched codings is one unit."""
    import pandas as pd

    spans: dict[tuple[str, str], dict[str, list[tuple[int, int]]]] = {}
    for name, frame in per_coder.items():
        inside = set(universe[name])
        for d, c, s, e in zip(
            frame["doc_id"], frame["code"], frame["start"], frame["end"], strict=True
        ):
            if d in inside:
                spans.setdefault((d, c), {}).setdefault(name, []).append((int(s), int(e)))
    by_doc = {d: g for d, g in units.groupby("doc_id", sort=False)}
    rows, places = [], []
    hits: dict[str, set[tuple[str, int, str]]] = {name: set() for name in per_coder}
    counter: dict[str, int] = {}
    for doc_id, code in sorted(spans, key=lambda k: (k[0], codes.index(k[1]))):
        for group in clusters(spans[(doc_id, code)], threshold):
            place = counter[doc_id] = counter.get(doc_id, 0) + 1
            rows.append((doc_id, place, code))
            for name in group:
                hits[name].add((doc_id, place, code))
            spans_of = {f"span_{n}": f"{s}–{e}" for n, (s, e) in group.items()}
            places.append(place_row(by_doc[doc_id], doc_id, place, group, spans_of))
    columns = ["doc_id", "place", "unit", "speaker", "start", "end", "text"]
    return _matrix(rows, hits, universe), pd.DataFrame(places, columns=None if places else columns)


def place_row(
    doc_units: pd.DataFrame,
    doc_id: str,
    place: int,
    group: dict[str, tuple[int, int]],
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A place where coders coded: the stretch their spans cover, in the unit that holds it
    (``extra`` columns go before its text)."""
    start = min(s for s, _ in group.values())
    end = max(e for _, e in group.values())
    unit = doc_units[(doc_units["start"] <= start) & (doc_units["end"] >= end)].iloc[0]
    offset = int(unit["start"])
    return {
        "doc_id": doc_id,
        "place": place,
        "unit": int(unit["unit"]),
        "speaker": unit["speaker"],
        "start": start,
        "end": end,
        **(extra or {}),
        "text": unit["text"][start - offset : end - offset],
    }


def undecided(
    codings: pd.DataFrame, decisions: pd.DataFrame, names: list[str], shared: tuple[str, ...]
) -> dict[str, int]:
    """For each person who reviews suggestions: those in the compared documents they have not
    decided on yet (their units count as 'absent' in that person's coding)."""
    suggestions = codings[(codings["origin"] == "auto") & codings["doc_id"].isin(shared)]
    out = {}
    for name in names:
        mine = decisions[decisions["coder"] == name]
        if mine.empty or name in set(suggestions["coder"]):
            continue
        out[name] = int((~suggestions["id"].isin(mine["coding"])).sum())
    return {name: n for name, n in out.items() if n}


def waiting_note(waiting: dict[str, int]) -> tuple[str, ...]:
    if not waiting:
        return ()
    listed = " and ".join(f"{name} on {n}" for name, n in waiting.items())
    return (
        f"Not decided yet in these transcripts: {listed} suggestion(s). A unit a coder has not "
        "looked at counts as 'absent' in their coding, which agrees with another coder's "
        "'absent': compare once each coder has finished ('interviewkit status': to review).",
    )


def machine_notes(automatic: tuple[str, ...]) -> tuple[str, ...]:
    """What to know when an automatic coder is compared."""
    notes = []
    if automatic:
        notes.append(
            f"{automatic[0]}'s coding is every suggestion it made, accepted, rejected or not "
            "reviewed: what the automatic coder did, not what people kept of it."
        )
    if len(automatic) > 1:
        notes.append(f"Precision and recall are given for {automatic[0]} only.")
    return tuple(notes)
