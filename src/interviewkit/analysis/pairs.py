"""Partnerships: each city against its partner city, then country against country.

Every pair is compared with the statistics of :func:`interviewkit.analysis.compare.compare_counts`
on the same counts as the whole table (each comparison a family of its own for Holm's
adjustment), and :func:`pairs_table` lays the pairs out side by side.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from interviewkit.analysis.compare import Comparison, compare_counts
from interviewkit.analysis.counting import DocumentCounts
from interviewkit.analysis.groups import GroupCounts, count_coded_units, group_document_counts
from interviewkit.analysis.selection import Selection
from interviewkit.analysis.themes import MISSING
from interviewkit.errors import UsageError

if TYPE_CHECKING:
    import pandas as pd

    from interviewkit.codebook.model import Codebook

__all__ = ["compare_pairs", "compare_pairs_counted", "pairs_table", "partner_pairs"]

PAIR_SEPARATOR = " ↔ "


def partner_pairs(documents: pd.DataFrame) -> list[tuple[str, str]]:
    """The partnerships in the data: (city, partner city) pairs from ``partner_city``.

    Each pair is listed once, the city of the country that comes first in the
    documents (sorted by id) on the left; a pair needs transcripts from both
    cities.
    """
    for column in ("city", "partner_city"):
        if column not in documents.columns or documents[column].isna().all():
            raise UsageError(
                f"--pairs needs the attribute '{column}' in the transcripts' metadata",
                hint="Add city, country and partner_city columns to the metadata sheet "
                "('interviewkit add FILES --metadata SHEET').",
            )
    docs = documents.sort_values("doc_id")
    cities = set(docs["city"].dropna().astype(str))
    country_rank: dict[str, int] = {}
    if "country" in docs.columns:
        for country in docs["country"].dropna().astype(str):
            country_rank.setdefault(country, len(country_rank))
    city_country = {}
    if "country" in docs.columns:
        city_country = dict(zip(docs["city"].astype(str), docs["country"].astype(str), strict=True))
    pairs: dict[frozenset[str], tuple[str, str]] = {}
    for city, partner in zip(docs["city"], docs["partner_city"], strict=True):
        if not isinstance(city, str) or not isinstance(partner, str):
            continue
        if partner not in cities or partner == city:
            continue
        pair = sorted(
            (city, partner),
            key=lambda c: (country_rank.get(city_country.get(c, ""), math.inf), c),
        )
        pairs.setdefault(frozenset(pair), (pair[0], pair[1]))
    return list(pairs.values())


def compare_pairs(
    segments: pd.DataFrame,
    units: pd.DataFrame,
    documents: pd.DataFrame,
    codebook: Codebook,
    *,
    coders: Sequence[str] | Selection | None = None,
    decisions: pd.DataFrame | None = None,
    kinds: Mapping[str, str] | None = None,
    n_permutations: int = 10000,
    seed: int | None = 0,
) -> list[Comparison]:
    """Each city against its partner city, then country against country.

    Every comparison is a family of its own for Holm's adjustment (the notes
    say so). Countries are compared when there are exactly two.
    """

    def count(by: Sequence[str]) -> GroupCounts:
        return count_coded_units(
            segments,
            units,
            documents,
            codebook,
            by=by,
            coders=coders,
            decisions=decisions,
            kinds=kinds,
        )

    return _compare_pairs(documents, count, n_permutations=n_permutations, seed=seed)


def compare_pairs_counted(
    counted: DocumentCounts,
    codebook: Codebook,
    *,
    n_permutations: int = 10000,
    seed: int | None = 0,
) -> list[Comparison]:
    """:func:`compare_pairs` from per-document counts (:mod:`~interviewkit.analysis.counting`)."""

    def count(by: Sequence[str]) -> GroupCounts:
        return group_document_counts(counted, codebook, by=by)

    return _compare_pairs(counted.documents, count, n_permutations=n_permutations, seed=seed)


def _compare_pairs(
    documents: pd.DataFrame,
    count: Callable[[Sequence[str]], GroupCounts],
    *,
    n_permutations: int,
    seed: int | None,
) -> list[Comparison]:
    pairs = partner_pairs(documents)
    if not pairs:
        raise UsageError(
            "no partnership has transcripts from both cities",
            hint="--pairs pairs each city with its partner_city; check the metadata.",
        )
    by_city = count(["city"])
    out = [
        compare_counts(
            by_city,
            list(pair),
            title=PAIR_SEPARATOR.join(pair),
            by=["city"],
            n_permutations=n_permutations,
            seed=seed,
        )
        for pair in pairs
    ]
    if "country" in documents.columns:
        by_country = count(["country"])
        ranked = list(dict.fromkeys(documents.sort_values("doc_id")["country"].dropna()))
        countries = [c for c in ranked if c in by_country.coded.columns and c != MISSING]
        if len(countries) == 2:
            out.append(
                compare_counts(
                    by_country,
                    countries,
                    title=PAIR_SEPARATOR.join(countries),
                    by=["country"],
                    n_permutations=n_permutations,
                    seed=seed,
                )
            )
    return out


def pairs_table(comparisons: Sequence[Comparison]) -> pd.DataFrame:
    """Pair comparisons as one long table: one row per comparison and code, sides a and b."""
    import pandas as pd

    rows = []
    for comparison in comparisons:
        left, right = comparison.groups
        for code in comparison.crosstab.index:
            test = comparison.tests.loc[code]
            row = {
                "comparison": comparison.title,
                "code": code,
                "name": comparison.names.get(code, code),
                "level": comparison.levels.get(code, 0),
            }
            for side, group in (("a", left), ("b", right)):
                row[f"group_{side}"] = group
                row[f"n_{side}"] = int(comparison.totals[group])
                row[f"units_{side}"] = int(comparison.crosstab.at[code, group])
                row[f"pct_{side}"] = round(float(comparison.shares.at[code, group]) * 100, 1)
                row[f"residual_{side}"] = round(float(comparison.residuals.at[code, group]), 2)
            row.update({key: test[key] for key in comparison.tests.columns})
            rows.append(row)
    return pd.DataFrame(rows)
