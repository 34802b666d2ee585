"""Theme tables computed by hand on a small study."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from interviewkit.analysis.counting import coded_units, counting_basis
from interviewkit.analysis.themes import missing_values, theme_table
from interviewkit.errors import UsageError
from tests.analysis.conftest import small_codebook


@pytest.fixture
def study(tmp_path: Path):  # type: ignore[no-untyped-def]
    book = small_codebook(tmp_path)
    documents = pd.DataFrame(
        {
            "doc_id": ["b1", "b2", "c1"],
            "city": ["Bonn", "Bonn", "Chengdu"],
            "country": ["Germany", "Germany", "China"],
        }
    )
    # respondent units: b1 has 4, b2 has 2, c1 has 4; 100 words each
    units = pd.DataFrame(
        {
            "doc_id": ["b1"] * 4 + ["b2"] * 2 + ["c1"] * 4,
            "unit": [2, 4, 6, 8, 2, 4, 2, 4, 6, 8],
            "words": [100] * 10,
        }
    )
    rows = [
        ("b1", 2, "econ", "auto", "suggested"),
        ("b1", 2, "prest", "auto", "suggested"),  # same unit, two children: parent counts once
        ("b1", 4, "econ", "auto", "rejected"),  # rejected: never counts
        ("b1", 6, "econ", "anna", "accepted"),
        ("b1", 6, "econ", "auto", "suggested"),  # same unit and code by two coders: once
        ("b2", 2, "unc", "auto", "suggested"),
        ("c1", 2, "econ", "auto", "suggested"),
        ("c1", 4, "unc", "anna", "accepted"),
    ]
    segments = pd.DataFrame(rows, columns=["doc_id", "unit", "code", "coder", "status"])
    return book, documents, units, segments


def test_counts_shares_and_rates_by_city(study) -> None:  # type: ignore[no-untyped-def]
    book, documents, units, segments = study
    table = theme_table(segments, units, documents, book, by=["city"])
    u = table.measures["units"]
    assert list(u.index) == ["drivers", "econ", "prest", "unc"]
    assert list(u.columns) == ["Bonn", "Chengdu", "total"]
    assert u.loc["econ"].tolist() == [2, 1, 3]
    assert u.loc["drivers"].tolist() == [2, 1, 3]  # b1#2 (econ+prest once), b1#6, c1#2
    assert u.loc["unc"].tolist() == [1, 1, 2]
    share = table.measures["unit_share"]
    assert share.at["econ", "Bonn"] == pytest.approx(100 * 2 / 6, abs=0.05)
    assert share.at["econ", "total"] == pytest.approx(30.0)
    docs = table.measures["docs"]
    assert docs.loc["unc"].tolist() == [1, 1, 2]
    assert table.measures["doc_share"].at["unc", "Bonn"] == 50.0
    assert table.measures["per_1000_words"].at["econ", "Chengdu"] == pytest.approx(2.5)
    assert table.group_units == {"Bonn": 6, "Chengdu": 4, "total": 10}


def test_only_selected_coders_count(study) -> None:  # type: ignore[no-untyped-def]
    book, documents, units, segments = study
    table = theme_table(segments, units, documents, book, by=["city"], coders=["anna"])
    assert table.measures["units"].loc["econ"].tolist() == [1, 0, 1]


def test_two_attributes_and_wide_export(study) -> None:  # type: ignore[no-untyped-def]
    book, documents, units, segments = study
    table = theme_table(segments, units, documents, book, by=["country", "city"])
    assert table.groups == ["China / Chengdu", "Germany / Bonn", "total"]
    wide = table.wide()
    assert wide.columns[:3].tolist() == ["name", "level", "China / Chengdu: coded units"]
    assert wide.at["econ", "level"] == 1


def test_unknown_attribute_lists_the_known_ones(study) -> None:  # type: ignore[no-untyped-def]
    book, documents, units, segments = study
    with pytest.raises(UsageError, match="'town' is not an attribute") as info:
        theme_table(segments, units, documents, book, by=["town"])
    assert "city, country" in (info.value.hint or "")


# --------------------------------------------------------------------------- one counting rule


def test_a_coding_made_on_a_parent_counts_in_themes_and_compare(study) -> None:  # type: ignore[no-untyped-def]
    from interviewkit.analysis.groups import count_coded_units

    book, documents, units, _ = study
    segments = pd.DataFrame([("c1", 6, "drivers", "anna", "accepted")],
                            columns=["doc_id", "unit", "code", "coder", "status"])
    table = theme_table(segments, units, documents, book, by=["city"])
    counts = count_coded_units(segments, units, documents, book, by=["city"])
    assert table.measures["units"].loc["drivers"].tolist() == [0, 1, 1]
    assert counts.coded.loc["drivers"].tolist() == [0, 1]


def test_codings_on_interviewer_turns_are_left_out(study) -> None:  # type: ignore[no-untyped-def]
    book, documents, units, _ = study
    one = units[units["doc_id"] == "c1"].head(1)  # one respondent unit: c1 #2
    segments = pd.DataFrame(
        [("c1", 2, "unc", "anna", "accepted"), ("c1", 1, "unc", "anna", "accepted")],
        columns=["doc_id", "unit", "code", "coder", "status"],
    )
    table = theme_table(segments, one, documents, book, by=["city"])
    assert table.measures["unit_share"].at["unc", "Chengdu"] == 100.0  # was 200
    assert table.left_out == 1
    result = coded_units(segments, one, book)
    assert result.left_out.to_dict("records") == [{"doc_id": "c1", "unit": 1, "code": "unc"}]


def _reference(segments: pd.DataFrame, units: pd.DataFrame, book, coders=None) -> set:  # type: ignore[no-untyped-def]
    """The counting rule written out plainly, one coding at a time."""
    scope = set(zip(units["doc_id"], units["unit"], strict=True))
    out = set()
    for row in segments.itertuples():
        if row.status == "rejected" or (coders and row.coder not in coders):
            continue
        if (row.doc_id, row.unit) not in scope:
            continue
        for code in (row.code, *(book.ancestors(row.code) if row.code in book else ())):
            out.add((row.doc_id, int(row.unit), code))
    return out


@pytest.mark.parametrize("seed", range(6))
def test_themes_and_compare_follow_the_same_rule_on_random_data(study, seed: int) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from interviewkit.analysis.groups import count_coded_units

    book, _, _, _ = study
    rng = np.random.default_rng(seed)
    docs = [f"d{i}" for i in range(8)]
    documents = pd.DataFrame({"doc_id": docs, "city": rng.choice(["Bonn", "Wuhan", None], 8)})
    units = pd.DataFrame([(d, u, 50) for d in docs for u in range(2, 30, 2)],
                         columns=["doc_id", "unit", "words"])
    n = 400
    segments = pd.DataFrame({
        "doc_id": rng.choice([*docs, "stray"], n),
        "unit": rng.integers(1, 31, n),  # odd units: interviewer turns
        "code": rng.choice(["drivers", "econ", "prest", "unc", "retired"], n),
        "coder": rng.choice(["auto", "anna", "ben"], n),
        "status": rng.choice(["suggested", "accepted", "rejected"], n),
    })
    for coders in (None, ["anna", "ben"]):
        expected = _reference(segments, units, book, coders)
        result = coded_units(segments, units, book, coders=coders)
        got = set(zip(result.frame["doc_id"], result.frame["unit"].astype(int),
                      result.frame["code"], strict=True))
        assert got == expected and len(result.frame) == len(expected)
        table = theme_table(segments, units, documents, book, by=["city"], coders=coders)
        counts = count_coded_units(segments, units, documents, book, by=["city"], coders=coders)
        named = [g for g in table.groups if g not in ("total", "(none)")]
        assert list(counts.coded.columns) == named  # documents without a city: left out
        pd.testing.assert_frame_equal(
            table.measures["units"][named], counts.coded, check_names=False, check_dtype=False
        )
        assert counts.totals.to_dict() == {g: table.group_units[g] for g in named}
        assert counts.dropped == table.left_out == len(result.left_out)


def test_counting_basis_says_whose_codings_counted() -> None:
    segments = pd.DataFrame(
        [("a", 2, "x", "auto", "suggested", "auto"), ("a", 4, "x", "auto", "accepted", "auto"),
         ("a", 2, "x", "anna", "accepted", "manual"), ("a", 6, "x", "auto", "rejected", "auto")],
        columns=["doc_id", "unit", "code", "coder", "status", "origin"],
    )
    basis = counting_basis(segments[segments["status"] != "rejected"])
    assert basis.describe() == (
        "Counted: auto (suggestions not rejected), anna — each unit and code once."
    )
    assert basis.pooled and "auto" in (basis.warning() or "") and "anna" in (basis.warning() or "")
    reviewed = counting_basis(segments[segments["status"] == "accepted"])
    assert not reviewed.pooled
    assert reviewed.describe().startswith("Counted: auto (accepted suggestions only), anna")
    nobody = counting_basis(segments.iloc[:0], coders=["bob"])
    assert nobody.describe() == "Counted: no codings (none by bob)."


def test_themes_keep_the_none_group_and_say_how_many_lack_the_attribute(study) -> None:  # type: ignore[no-untyped-def]
    book, documents, units, segments = study
    documents = documents.assign(city=["Bonn", "", None])
    table = theme_table(segments, units, documents, book, by=["city"])
    assert table.groups == ["(none)", "Bonn", "total"]
    assert table.missing == {"city": 2}
    assert missing_values(documents, ["city", "country"]) == {"city": 2}
