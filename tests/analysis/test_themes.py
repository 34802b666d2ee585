"""Theme tables computed by hand on a small study."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from interviewkit.analysis.themes import theme_table
from interviewkit.codebook import load_codebook
from interviewkit.errors import UsageError

BOOK = """\
name: t
version: "1"
codes:
  - id: drivers
    name: Drivers
    children:
      - {id: econ, name: Economy, keywords: {en: [trade]}}
      - {id: prest, name: Prestige, keywords: {en: [image]}}
  - {id: unc, name: Uncertainty, keywords: {en: [doubt]}}
"""


@pytest.fixture
def study(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "b.yaml"
    path.write_text(BOOK, encoding="utf-8")
    book = load_codebook(path)
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
