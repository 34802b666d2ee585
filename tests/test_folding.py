"""Values as people type them: case, accents, umlauts and full-width forms folded."""

from __future__ import annotations

import pandas as pd
import pytest

from interviewkit.errors import DataError, UsageError
from interviewkit.folding import same, select_rows

CITIES = pd.DataFrame({"doc_id": ["a", "b", "c", "d"],
                       "city": ["Bonn", "Düsseldorf", "Chengdu", None],
                       "status": ["x", "y", "z", "w"]})


@pytest.mark.parametrize("typed", ["bonn", "BONN", " Bonn ", "ＢＯＮＮ", "Ｂonn"])
def test_case_and_full_width_forms_are_one(typed: str) -> None:
    assert same("Bonn", typed)


@pytest.mark.parametrize("typed", ["düsseldorf", "dusseldorf", "Duesseldorf", "DÜSSELDORF"])
def test_umlauts_with_or_without_their_dots_or_spelt_out(typed: str) -> None:
    assert same("Düsseldorf", typed)


def test_different_values_stay_apart() -> None:
    assert not same("Bonn", "Bern") and not same("Chengdu", "Chongqing")


def test_rows_are_kept_by_folded_value() -> None:
    kept = select_rows(CITIES, {"city": ["bonn", "duesseldorf"]}, attributes=["city"])
    assert kept["doc_id"].tolist() == ["a", "b"]


def test_a_value_nobody_has_lists_the_values_there_are() -> None:
    with pytest.raises(DataError, match="no transcript has city=Bern; the values of city are: "
                                        "Bonn, Chengdu, Düsseldorf"):
        select_rows(CITIES, {"city": "Bern"}, attributes=["city"])


def test_a_wrong_attribute_proposes_attributes_not_other_columns() -> None:
    with pytest.raises(UsageError) as raised:
        select_rows(CITIES, {"stadt": "Bonn"}, attributes=["city"], columns=["status"])
    message = str(raised.value)
    assert "'stadt' is not an attribute" in message and "did you mean" not in message
    assert "their attributes are: city; you may also filter on status" in message
    with pytest.raises(UsageError, match="did you mean 'city'"):
        select_rows(CITIES, {"cty": "Bonn"}, attributes=["city"], columns=["status"])


def test_values_alike_are_grouped_in_order_of_first_appearance() -> None:
    from interviewkit.folding import alike

    values = ["Bonn", "Wuhan", "bonn", "Düsseldorf", "Bonn", "Duesseldorf", "ＢＯＮＮ", "Köln"]
    assert alike(values) == [["Bonn", "bonn", "ＢＯＮＮ"], ["Düsseldorf", "Duesseldorf"]]
    assert alike(["Bonn", "Köln"]) == []


def test_values_alike_through_a_third_are_one_set_in_any_order() -> None:
    from interviewkit.folding import alike

    assert alike(["Muller", "Mueller", "Müller"]) == [["Muller", "Mueller", "Müller"]]
    assert alike(["Mueller", "Muller", "Müller"]) == [["Mueller", "Muller", "Müller"]]
