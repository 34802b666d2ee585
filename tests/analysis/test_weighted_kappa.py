"""Cohen's weighted kappa against published examples, and its conventions.

* Cohen (1968), the worked example of the paper (200 patients, three diagnoses, proportions
  .44 .07 .09 / .05 .20 .05 / .01 .03 .06): kappa = .492, and with his disagreement weights
  1, 3 and 6 kappa_w = .348; with the non-symmetric weights 1, 4 / 1, 6 / 2, 2 kappa_w = .353
  (the values Cohen reports, as the documentation of R's psych::cohen.kappa quotes them).
* SAS PROC FREQ, a 3 x 3 table [[0, 4, 1], [0, 8, 0], [0, 1, 5]]: simple kappa 0.4842,
  weighted kappa 0.4701 with SAS's default Cicchetti-Allison (linear) weights (the printout
  statsmodels' tests reproduce).
* R's irr package, kappa2() on its ``anxiety`` data, raters 2 and 3 (irr numbers the levels
  that occur, 1 2 3 4 6, as places 1 to 5): unweighted -0.006289308, "equal" (linear)
  0.1459075, "squared" (quadratic) 0.2520325.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from interviewkit.analysis.agreement import (
    cohen_kappa_from_table,
    weighted_kappa,
    weighted_kappa_from_table,
)
from interviewkit.analysis.agreement_table import variable_agreement

COHEN_1968 = np.array([[0.44, 0.07, 0.09], [0.05, 0.20, 0.05], [0.01, 0.03, 0.06]]) * 200
COHEN_WEIGHTS = [[0, 1, 3], [1, 0, 6], [3, 6, 0]]
SAS_TABLE = [[0, 4, 1], [0, 8, 0], [0, 1, 5]]
# irr's anxiety data, the ratings of raters 2 and 3 of its 20 subjects.
ANXIETY_2 = [3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4]
ANXIETY_3 = [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2]


def test_cohen_1968_kappa_and_weighted_kappa() -> None:
    assert round(cohen_kappa_from_table(COHEN_1968), 3) == 0.492
    assert round(weighted_kappa_from_table(COHEN_1968, COHEN_WEIGHTS), 3) == 0.348
    # Weights of agreement 1 - v/max give the same value: scaling v changes nothing.
    scaled = np.asarray(COHEN_WEIGHTS) / 6
    assert weighted_kappa_from_table(COHEN_1968, scaled) == pytest.approx(8 / 23)


def test_cohen_1968_non_symmetric_weights() -> None:
    weights = [[0, 1, 4], [1, 0, 6], [2, 2, 0]]
    assert round(weighted_kappa_from_table(COHEN_1968, weights), 3) == 0.353


def test_sas_linear_weights() -> None:
    assert round(cohen_kappa_from_table(SAS_TABLE), 4) == 0.4842
    assert round(weighted_kappa_from_table(SAS_TABLE, "linear"), 4) == 0.4701


def _places(values: list[int]) -> list[int]:
    """irr's numbering: the levels that occur, in order, as 1, 2, 3 …"""
    levels = sorted(set(ANXIETY_2) | set(ANXIETY_3))
    return [levels.index(v) + 1 for v in values]


@pytest.mark.parametrize(("weights", "expected"), [("linear", 0.1459075), ("quadratic", 0.2520325)])
def test_irr_anxiety(weights: str, expected: float) -> None:
    a, b = _places(ANXIETY_2), _places(ANXIETY_3)
    assert weighted_kappa(a, b, weights=weights) == pytest.approx(expected, abs=5e-8)


def test_unweighted_is_the_identity_weights() -> None:
    identity = 1 - np.eye(3)
    assert weighted_kappa_from_table(SAS_TABLE, identity) == pytest.approx(
        cohen_kappa_from_table(SAS_TABLE)
    )
    a, b = _places(ANXIETY_2), _places(ANXIETY_3)
    table = np.zeros((5, 5))
    for x, y in zip(a, b, strict=True):
        table[x - 1, y - 1] += 1
    assert weighted_kappa_from_table(table, 1 - np.eye(5)) == pytest.approx(-0.006289308, abs=5e-9)


def test_an_unused_value_keeps_its_place() -> None:
    # On a scale of four, nobody used the third value: 2 against 4 is two steps, not one.
    a, b = [1, 2, 4, 4, 2, 1], [1, 4, 4, 2, 2, 2]
    squeezed = [{4: 3}.get(v, v) for v in a], [{4: 3}.get(v, v) for v in b]
    assert weighted_kappa(a, b) != pytest.approx(weighted_kappa(*squeezed))
    # With two values only, the distance's scale cancels: kappa_w is Cohen's kappa.
    c, d = [1, 1, 3, 3, 1], [1, 3, 3, 1, 1]
    assert weighted_kappa(c, d) == pytest.approx(weighted_kappa(c, d, weights="linear"))


def test_missing_values_are_dropped_and_no_variation_is_nan() -> None:
    assert weighted_kappa([1, 2, None, 3], [1, 2, 3, float("nan")]) == pytest.approx(1.0)
    assert math.isnan(weighted_kappa([2, 2, 2], [2, 2, 2]))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: weighted_kappa([1, 2], [1]), "differ in length"),
        (lambda: weighted_kappa([None], [1]), "no unit was coded by both"),
        (lambda: weighted_kappa(["a", "b"], ["a", "b"]), "needs numbers"),
        (lambda: weighted_kappa([1, 2], [1, 2], weights="cubic"), "unknown weights"),
        (lambda: weighted_kappa_from_table([[1, 2]], "linear"), "square"),
        (lambda: weighted_kappa_from_table([[0, 0], [0, 0]], "linear"), "empty"),
        (lambda: weighted_kappa_from_table([[1, 2], [3, 4]], [[0, 1]]), "2 x 2"),
    ],
)
def test_bad_input_says_what_is_wrong(call, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match=message):
        call()


def test_variable_agreement_of_an_ordinal_variable() -> None:
    data = np.array([_places(ANXIETY_2), _places(ANXIETY_3)], dtype=object)
    row = variable_agreement(data, level="ordinal", n_categories=5)
    assert row["n_units"] == 20
    assert row["weighted_kappa_linear"] == pytest.approx(0.1459075, abs=5e-8)
    assert row["weighted_kappa_quadratic"] == pytest.approx(0.2520325, abs=5e-8)
    assert row["cohen_kappa"] == pytest.approx(-0.006289308, abs=5e-9)
    assert math.isnan(row["brennan_prediger"]) and math.isnan(row["fleiss_kappa"])


def test_variable_agreement_without_a_pairable_unit() -> None:
    data = np.array([["a", None], [None, "b"]], dtype=object)
    row = variable_agreement(data, level="nominal", n_categories=3, bootstrap=50)
    assert row["n_units"] == 0
    assert math.isnan(row["alpha"]) and math.isnan(row["percent_agreement"])
