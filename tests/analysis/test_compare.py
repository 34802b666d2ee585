"""Theme comparisons checked against textbook values and SciPy on hand-built tables."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from interviewkit.analysis.compare import compare_themes
from interviewkit.analysis.groups import count_coded_units
from interviewkit.analysis.pairs import compare_pairs, pairs_table, partner_pairs
from interviewkit.errors import UsageError
from tests.analysis.conftest import small_codebook


@pytest.fixture
def book(tmp_path: Path):  # type: ignore[no-untyped-def]
    return small_codebook(tmp_path)


def build(groups: dict[str, int], coded: dict[str, dict[str, int]], *, attr: str = "city"):
    """One document per group with ``groups[g]`` respondent units; the first
    ``coded[code][g]`` units of each group carry the code."""
    documents = pd.DataFrame({"doc_id": [f"d_{g}" for g in groups], attr: list(groups)})
    units = pd.DataFrame(
        [(f"d_{g}", 2 * i + 2) for g, n in groups.items() for i in range(n)],
        columns=["doc_id", "unit"],
    )
    rows = [
        (f"d_{g}", 2 * i + 2, code, "auto", "suggested")
        for code, per_group in coded.items()
        for g, k in per_group.items()
        for i in range(k)
    ]
    segments = pd.DataFrame(rows, columns=["doc_id", "unit", "code", "coder", "status"])
    return segments, units, documents


def test_party_identification_by_gender_matches_agresti(book) -> None:  # type: ignore[no-untyped-def]
    # Agresti (2007), Table 2.5 / Section 2.4.5: party identification by gender.
    # Women as the "code": Dem 762 of 1246, Ind 327 of 566, Rep 468 of 945.
    segments, units, documents = build(
        {"Dem": 1246, "Ind": 566, "Rep": 945},
        {"econ": {"Dem": 762, "Ind": 327, "Rep": 468}},
    )
    result = compare_themes(segments, units, documents, book, by=["city"])
    test = result.tests.loc["econ"]
    assert test["chi2"] == pytest.approx(30.07, abs=0.01)  # textbook: X² = 30.1, df = 2
    assert test["dof"] == 2
    assert test["method"] == "chi-square"
    residuals = result.residuals.loc["econ"]
    # textbook residuals for females: 4.50, 0.70, -5.32
    assert residuals["Dem"] == pytest.approx(4.50, abs=0.01)
    assert residuals["Ind"] == pytest.approx(0.70, abs=0.01)
    assert residuals["Rep"] == pytest.approx(-5.32, abs=0.01)
    assert result.crosstab.at["econ", "Rep"] == 468
    assert result.shares.at["econ", "Dem"] == pytest.approx(762 / 1246)


def test_fisher_tea_tasting_for_small_two_by_two(book) -> None:  # type: ignore[no-untyped-def]
    # Fisher's lady tasting tea: [[3, 1], [1, 3]], two-sided p = 34/70.
    segments, units, documents = build({"A": 4, "B": 4}, {"econ": {"A": 3, "B": 1}})
    test = compare_themes(segments, units, documents, book).tests.loc["econ"]
    assert test["method"] == "Fisher's exact"
    assert test["p_value"] == pytest.approx(34 / 70)


def test_each_code_against_scipy_and_holm_by_hand(book) -> None:  # type: ignore[no-untyped-def]
    groups = {"Bonn": 60, "Chengdu": 55, "Wuhan": 70}
    coded = {
        "econ": {"Bonn": 12, "Chengdu": 30, "Wuhan": 20},
        "prest": {"Bonn": 25, "Chengdu": 20, "Wuhan": 28},
        "unc": {"Bonn": 30, "Chengdu": 10, "Wuhan": 14},
    }
    segments, units, documents = build(groups, coded)
    result = compare_themes(segments, units, documents, book)
    raw = {}
    for code, per_group in coded.items():
        with_code = np.array([per_group[g] for g in groups])
        table = np.vstack([with_code, np.array(list(groups.values())) - with_code])
        expected = stats.chi2_contingency(table, correction=False)
        assert result.tests.at[code, "chi2"] == pytest.approx(expected.statistic)
        assert result.tests.at[code, "p_value"] == pytest.approx(expected.pvalue)
        v = np.sqrt(expected.statistic / table.sum())
        assert result.tests.at[code, "cramers_v"] == pytest.approx(v)
        raw[code] = expected.pvalue
    # Holm over the three leaf codes, by hand
    order = sorted(raw, key=raw.get)
    running = 0.0
    for rank, code in enumerate(order):
        running = max(running, min(1.0, (3 - rank) * raw[code]))
        assert result.tests.at[code, "p_holm"] == pytest.approx(running)
        assert result.tests.at[code, "family"] == "leaf"
    # the parent counts each unit once: econ and prest units overlap (both start at unit 2)
    assert result.crosstab.at["drivers", "Bonn"] == 25
    assert result.tests.at["drivers", "family"] == "parent"
    drivers = result.tests.loc["drivers"]
    assert drivers["p_holm"] == pytest.approx(drivers["p_value"])  # a family of one
    # the overall test is the chi-square of the leaf code × group table of codings
    leaf = np.array([[coded[c][g] for g in groups] for c in ("econ", "prest", "unc")])
    assert result.overall.chi2 == pytest.approx(stats.chi2_contingency(leaf).statistic)
    assert list(result.crosstab.index) == ["drivers", "econ", "prest", "unc"]


def test_small_expected_counts_use_monte_carlo_and_say_so(book) -> None:  # type: ignore[no-untyped-def]
    segments, units, documents = build(
        {"A": 10, "B": 10, "C": 10}, {"econ": {"A": 0, "B": 1, "C": 5}}
    )
    result = compare_themes(segments, units, documents, book, n_permutations=2000)
    assert result.tests.at["econ", "method"] == "Monte Carlo (2000 permutations)"
    assert any("Monte Carlo" in note for note in result.notes)
    assert 0 < result.tests.at["econ", "p_value"] < 0.1


def test_what_counts(book) -> None:  # type: ignore[no-untyped-def]
    documents = pd.DataFrame({"doc_id": ["b1", "c1"], "city": ["Bonn", "Chengdu"]})
    units = pd.DataFrame({"doc_id": ["b1"] * 3 + ["c1"] * 2, "unit": [2, 4, 6, 2, 4]})
    rows = [
        ("b1", 2, "econ", "auto", "suggested"),
        ("b1", 2, "econ", "anna", "accepted"),  # same unit and code: once
        ("b1", 4, "econ", "auto", "rejected"),  # rejected: never
        ("b1", 1, "econ", "anna", "accepted"),  # the interviewer's turn: not a respondent unit
        ("b1", 6, "prest", "anna", "accepted"),
        ("c1", 2, "unc", "auto", "suggested"),
    ]
    segments = pd.DataFrame(rows, columns=["doc_id", "unit", "code", "coder", "status"])
    counts = count_coded_units(segments, units, documents, book)
    assert counts.coded.loc["econ"].tolist() == [1, 0]
    assert counts.coded.loc["drivers"].tolist() == [2, 0]
    assert counts.totals.tolist() == [3, 2]
    assert counts.dropped == 1
    # anna worked on b1 only: her coding counts there, and Chengdu has no transcript of hers.
    only_anna = count_coded_units(segments, units, documents, book, coders=["anna"])
    assert only_anna.coded.loc["econ"].tolist() == [1]
    assert list(only_anna.coded.columns) == ["Bonn"] and only_anna.totals.tolist() == [3]
    assert only_anna.basis is not None and only_anna.basis.coverage == (1, 2)
    assert "on the 1 of 2 transcripts they worked on" in only_anna.basis.describe()


def test_unknown_attribute_names_the_choices(book) -> None:  # type: ignore[no-untyped-def]
    segments, units, documents = build({"A": 3}, {"econ": {"A": 1}})
    with pytest.raises(UsageError, match="'region' is not an attribute"):
        compare_themes(segments, units, documents, book, by=["region"])


def test_table_has_units_and_overall_rows(book) -> None:  # type: ignore[no-untyped-def]
    segments, units, documents = build({"A": 20, "B": 30}, {"econ": {"A": 10, "B": 5}})
    table = compare_themes(segments, units, documents, book).table()
    assert table.index[0] == "(all units)" and table.index[-1] == "(overall)"
    assert table.at["(all units)", "B: units"] == 30
    assert table.at["econ", "A: %"] == 50.0


def partnership_study():  # type: ignore[no-untyped-def]
    cities = {
        "Bonn": ("Germany", "Chengdu"), "Chengdu": ("China", "Bonn"),
        "Duisburg": ("Germany", "Wuhan"), "Wuhan": ("China", "Duisburg"),
    }
    documents = pd.DataFrame(
        [(f"{c.lower()}_01", c, country, partner) for c, (country, partner) in cities.items()],
        columns=["doc_id", "city", "country", "partner_city"],
    )
    counts = {"Bonn": (40, 30), "Chengdu": (40, 10), "Duisburg": (50, 20), "Wuhan": (30, 12)}
    units = pd.DataFrame(
        [(f"{c.lower()}_01", i) for c, (n, _) in counts.items() for i in range(n)],
        columns=["doc_id", "unit"],
    )
    segments = pd.DataFrame(
        [(f"{c.lower()}_01", i, "econ", "auto", "suggested")
         for c, (_, k) in counts.items() for i in range(k)],
        columns=["doc_id", "unit", "code", "coder", "status"],
    )
    return segments, units, documents, counts


def test_partner_pairs_and_country_comparison(book) -> None:  # type: ignore[no-untyped-def]
    segments, units, documents, _ = partnership_study()
    assert partner_pairs(documents) == [("Bonn", "Chengdu"), ("Duisburg", "Wuhan")]
    comparisons = compare_pairs(segments, units, documents, book)
    assert [c.title for c in comparisons] == ["Bonn ↔ Chengdu", "Duisburg ↔ Wuhan",
                                              "Germany ↔ China"]
    bonn = comparisons[0].tests.loc["econ"]
    table = [[30, 10], [10, 30]]
    assert bonn["chi2"] == pytest.approx(stats.chi2_contingency(table, correction=False).statistic)
    germany = comparisons[2]
    assert germany.crosstab.loc["econ"].tolist() == [50, 22]
    assert germany.totals.tolist() == [90, 70]
    long = pairs_table(comparisons)
    assert set(long["comparison"]) == {c.title for c in comparisons}
    assert long.loc[0, "group_a"] == "Bonn" and long.loc[0, "n_b"] == 40


def test_pairs_need_partner_city(book) -> None:  # type: ignore[no-untyped-def]
    segments, units, documents = build({"A": 3}, {"econ": {"A": 1}})
    with pytest.raises(UsageError, match="partner_city"):
        compare_pairs(segments, units, documents, book)


def test_a_large_study_counts_every_unit(book) -> None:  # type: ignore[no-untyped-def]
    # How long this takes is printed by benchmarks/timings_bench.py.
    rng = np.random.default_rng(1)
    n_docs, per_doc = 300, 1000  # benchmarks/compare_bench.py times a million
    documents = pd.DataFrame({"doc_id": [f"d{i:04d}" for i in range(n_docs)],
                              "city": rng.choice(["Bonn", "Chengdu", "Wuhan"], n_docs)})
    units = pd.DataFrame({"doc_id": np.repeat(documents["doc_id"].to_numpy(), per_doc),
                          "unit": np.tile(np.arange(per_doc), n_docs)})
    segments = units.assign(code=rng.choice(["econ", "prest", "unc"], len(units)),
                            coder="auto", status="suggested")
    result = compare_themes(segments, units, documents, book)
    assert int(result.crosstab.loc[["econ", "prest", "unc"]].to_numpy().sum()) == len(units)


def test_documents_without_a_value_are_left_out_of_the_comparison(book) -> None:  # type: ignore[no-untyped-def]
    segments, units, documents = build({"A": 20, "B": 30, "C": 10},
                                       {"econ": {"A": 10, "B": 5, "C": 9}})
    documents.loc[documents["city"] == "C", "city"] = None  # the user forgot the metadata
    result = compare_themes(segments, units, documents, book)
    assert result.groups == ["A", "B"]
    assert result.totals.tolist() == [20, 30]
    assert result.missing == {"city": 1}
    assert "(none)" not in result.table().columns.str.cat()


def test_no_document_with_a_value_is_a_usage_error(book) -> None:  # type: ignore[no-untyped-def]
    segments, units, documents = build({"A": 3}, {"econ": {"A": 1}})
    documents["city"] = ""
    with pytest.raises(UsageError, match="no transcript has a value for city") as info:
        compare_themes(segments, units, documents, book)
    assert "--metadata" in (info.value.hint or "")


def test_comparison_says_whose_codings_counted(book) -> None:  # type: ignore[no-untyped-def]
    segments, units, documents = build({"A": 4, "B": 4}, {"econ": {"A": 3, "B": 1}})
    result = compare_themes(segments, units, documents, book)
    assert result.basis is not None
    assert result.basis.describe() == (
        "Counted: auto (unreviewed suggestions) — each unit and code once."
    )


# --------------------------------------------------------------------------- counted by the project


def _same_counts(left, right) -> None:  # type: ignore[no-untyped-def]
    pd.testing.assert_frame_equal(left.coded, right.coded)
    pd.testing.assert_series_equal(left.totals, right.totals)
    assert (left.leaves, left.parents, left.names, left.levels) == \
        (right.leaves, right.parents, right.names, right.levels)
    assert (left.dropped, left.basis, left.missing) == (right.dropped, right.basis, right.missing)


def _same_comparison(left, right) -> None:  # type: ignore[no-untyped-def]
    for name in ("crosstab", "shares", "residuals", "tests"):
        pd.testing.assert_frame_equal(getattr(left, name), getattr(right, name))
    pd.testing.assert_series_equal(left.totals, right.totals)
    pd.testing.assert_frame_equal(left.table(), right.table())
    assert (left.title, left.by, left.overall, left.notes, left.basis, left.missing) == \
        (right.title, right.by, right.overall, right.notes, right.basis, right.missing)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
@pytest.mark.parametrize("coders", [None, ["anna", "auto"], ["ben"]])
def test_counting_in_the_project_gives_the_same_comparisons(tmp_path: Path, seed: int,
                                                             coders: list[str] | None) -> None:
    from interviewkit.analysis.compare import compare_themes_counted
    from interviewkit.analysis.counting import document_counts
    from interviewkit.analysis.groups import group_document_counts
    from interviewkit.analysis.pairs import compare_pairs_counted
    from tests.store.test_counts import random_project

    project, book = random_project(tmp_path, seed)
    with project:
        frames = (project.coding_keys(), project.respondent_units(), project.documents(), book)
        extra = {"decisions": project.decisions(), "kinds": project.coder_kinds()}
        counted = document_counts(project, book, coders=coders)
    for by in (["city"], ["country"], ["city", "country"]):
        _same_counts(group_document_counts(counted, book, by=by),
                     count_coded_units(*frames, by=by, coders=coders, **extra))
        _same_comparison(compare_themes_counted(counted, book, by=by, n_permutations=200),
                         compare_themes(*frames, by=by, coders=coders, n_permutations=200, **extra))
    try:
        expected = compare_pairs(*frames, coders=coders, n_permutations=200, **extra)
    except UsageError as error:  # no partnership with transcripts from both cities
        with pytest.raises(UsageError, match=str(error.args[0])):
            compare_pairs_counted(counted, book, n_permutations=200)
        return
    found = compare_pairs_counted(counted, book, n_permutations=200)
    assert len(found) == len(expected)
    for left, right in zip(found, expected, strict=True):
        _same_comparison(left, right)
