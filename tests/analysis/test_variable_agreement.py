"""An exclusive code family is one variable for agreement: values per unit, coefficients, notes.

The published values are checked through the whole path (codebook, project, each coder's
coding, values per unit, coefficients): Krippendorff's (2011) reliability data, 4 coders x 12
units with missing values, become 12 documents of one respondent turn each and a family of five
values; a coder with "." did not code that document.

    A: 1 2 3 3 2 1 4 1 2 . . .      B: 1 2 3 3 2 2 4 1 2 5 . 3
    C: . 3 3 3 2 3 4 2 2 5 1 .      D: 1 2 3 3 2 4 4 1 2 5 1 .

    nominal alpha = 0.743 (0.743421), ordinal alpha = 0.815

Two coders of irr's ``anxiety`` data (raters 2 and 3, levels 1 2 3 4 6 as five values) give
Cohen's weighted kappa 0.1459075 (linear) and 0.2520325 (quadratic).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from interviewkit.analysis.agreement_table import POOLED
from interviewkit.analysis.reliability import reliability
from interviewkit.analysis.reliability_variables import NONE
from interviewkit.store import Project
from tests.store.factory import book, transcript

KRIPPENDORFF_2011 = {
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
}
ANXIETY_2 = [3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4]
ANXIETY_3 = [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2]


def scale_book(level: str) -> str:
    values = "\n".join(f"      - {{id: v{i}, name: Value {i}}}" for i in range(1, 6))
    return f"""\
name: scale
version: "1"
codes:
  - id: rating
    name: Rating
    exclusive: {level}
    children:
{values}
  - id: other
    name: Other
"""


@pytest.mark.parametrize(("level", "expected"), [("nominal", 0.743), ("ordinal", 0.815)])
def test_krippendorff_2011_through_a_project(tmp_path: Path, level: str, expected: float) -> None:
    project = Project(":memory:")
    project.load_codebook(book(tmp_path, scale_book(level)))
    project.add_transcripts([transcript(f"u{i:02d}", [("R", "A view.")]) for i in range(1, 13)])
    for coder, values in KRIPPENDORFF_2011.items():
        for i, value in enumerate(values, start=1):
            if value is not None:
                project.tag(f"u{i:02d}", 1, f"v{value}", coder=coder)
    result = reliability(project, coders=list(KRIPPENDORFF_2011), bootstrap=200)
    row = result.table.loc["rating"]
    assert row["level"] == level
    assert round(row["alpha"], 3) == expected
    if level == "nominal":
        assert row["alpha"] == pytest.approx(0.743421, abs=5e-7)
    assert row["n_units"] == 11  # unit 12 has one value only
    assert row["alpha_low"] <= row["alpha"] <= row["alpha_high"]
    assert (row["coded_A"], row["coded_B"], row["coded_C"], row["coded_D"]) == (9, 11, 10, 11)
    # Three coders or more: Fleiss' kappa over the values (complete units), no weighted kappa.
    assert not math.isnan(row["fleiss_kappa"]) and math.isnan(row["cohen_kappa"])
    # The children have no binary rows; 'other' has one, and the pooled row pools it alone.
    assert list(result.table.index) == ["rating", "other", POOLED]
    assert result.table.loc[POOLED, "name"] == "all binary codes"


def test_weighted_kappa_through_a_project(tmp_path: Path) -> None:
    levels = sorted(set(ANXIETY_2) | set(ANXIETY_3))  # 1 2 3 4 6: five values
    project = Project(":memory:")
    project.load_codebook(book(tmp_path, scale_book("ordinal")))
    turns = [("R", f"Answer {i}.") for i in range(1, 21)]
    project.add_transcripts([transcript("a", turns)])
    for coder, values in (("r2", ANXIETY_2), ("r3", ANXIETY_3)):
        for unit, value in enumerate(values, start=1):
            project.tag("a", unit, f"v{levels.index(value) + 1}", coder=coder)
    row = reliability(project, coders=["r2", "r3"], bootstrap=0).table.loc["rating"]
    assert row["weighted_kappa_linear"] == pytest.approx(0.1459075, abs=5e-8)
    assert row["weighted_kappa_quadratic"] == pytest.approx(0.2520325, abs=5e-8)
    assert row["cohen_kappa"] == pytest.approx(-0.006289308, abs=5e-9)


TONE = """\
name: tone
version: "1"
codes:
  - id: economy
    name: Economy
  - id: tone
    name: Tone
    exclusive: {level}
    children:
      - id: positive
        name: Positive
        children:
          - {{id: enthusiastic, name: Enthusiastic}}
      - {{id: neutral, name: Neutral}}
      - {{id: negative, name: Negative}}
"""
TURNS = [("R", f"Answer {i}.") for i in range(1, 7)]


def tone_project(tmp_path: Path, level: str) -> Project:
    """Six turns of document a, two coders::

        unit      1          2        3         4                   5       6
        anna   positive   neutral   (none)   positive+negative   tone     enthusiastic
        ben    positive   negative  negative  neutral             (none)   positive
    """
    project = Project(":memory:")
    project.load_codebook(book(tmp_path, TONE.format(level=level)))
    project.add_transcripts([transcript("a", TURNS)])
    for unit, code in ((1, "positive"), (2, "neutral"), (4, "positive"), (4, "negative"),
                       (5, "tone"), (6, "enthusiastic")):
        project.tag("a", unit, code, coder="anna")
    for unit, code in ((1, "positive"), (2, "negative"), (3, "negative"), (4, "neutral"),
                       (6, "positive")):
        project.tag("a", unit, code, coder="ben")
    return project


def test_nominal_values_none_two_values_and_the_code_alone(tmp_path: Path) -> None:
    result = reliability(tone_project(tmp_path, "nominal"), coders=["anna", "ben"], bootstrap=0)
    (variable,) = result.variables
    values = variable.values.droplevel("doc_id")
    assert list(values["anna"]) == ["positive", "neutral", NONE, None, None, "positive"]
    assert list(values["ben"]) == ["positive", "negative", "negative", "neutral", NONE, "positive"]
    row = result.table.loc["tone"]
    # Units 1, 2, 3, 6 have two values: agreement on 1 and 6 (a code below a value is it).
    assert row["n_units"] == 4
    assert row["percent_agreement"] == pytest.approx(0.5)
    # Cohen's kappa by hand: anna pos 2, neu 1, none 1; ben pos 2, neg 2; P_e = 4/16.
    assert row["cohen_kappa"] == pytest.approx((0.5 - 0.25) / 0.75)
    assert row["brennan_prediger"] == pytest.approx((0.5 - 0.25) / 0.75)  # q = 3 values + none
    assert (row["coded_anna"], row["coded_ben"]) == (3, 5)
    assert variable.several == (("anna", "a", 4, 4, ("positive", "negative")),)
    assert variable.bare == (("anna", "a", 5),)
    notes = " ".join(result.notes)
    assert "anna: a unit 4 (Positive + Negative)" in notes
    assert "counts as missing for that coder in the Tone row" in notes
    assert "applied 'tone' itself and none of its values — anna: a unit 5" in notes
    listed = result.disagreements[result.disagreements["code"] == "tone"]
    assert [(r.unit, r.anna, r.ben) for r in listed.itertuples()] == [
        (2, "Neutral", "Negative"),
        (3, "none", "Negative"),
        (4, "Positive + Negative", "Neutral"),
        (5, "Tone (no value)", "none"),
    ]


def test_ordinal_leaves_none_out_and_says_so(tmp_path: Path) -> None:
    result = reliability(tone_project(tmp_path, "ordinal"), coders=["anna", "ben"], bootstrap=0)
    (variable,) = result.variables
    values = variable.values.droplevel("doc_id")
    assert list(values["anna"]) == ["positive", "neutral", None, None, None, "positive"]
    row = result.table.loc["tone"]
    assert row["level"] == "ordinal"
    assert row["n_units"] == 3  # units 1, 2 and 6
    # Places: positive 1, neutral 2, negative 3; pairs (1,1) (2,3) (1,1). Observed linear
    # disagreement 1/3; chance: anna 1: 2/3, 2: 1/3; ben 1: 2/3, 3: 1/3 ->
    # 2/3*1/3*2 + 1/3*2/3*1 + 1/3*1/3*1 = 7/9; kappa_w = 1 - (1/3)/(7/9) = 4/7.
    assert row["weighted_kappa_linear"] == pytest.approx(4 / 7)
    # Quadratic: observed 1/3; chance 2/3*1/3*4 + 1/3*2/3*1 + 1/3*1/3*1 = 11/9 -> 8/11.
    assert row["weighted_kappa_quadratic"] == pytest.approx(8 / 11)
    assert math.isnan(row["brennan_prediger"])
    assert variable.one_sided == 1  # unit 3: ben negative, anna none
    assert "on 1 unit(s) one coder gave a value and another none of them" in " ".join(result.notes)


def test_codes_chosen_by_hand(tmp_path: Path) -> None:
    project = tone_project(tmp_path, "nominal")
    result = reliability(project, coders=["anna", "ben"], codes=["Tone"], bootstrap=0)
    assert list(result.table.index) == ["tone"]  # no binary rows: no pooled row
    result = reliability(project, coders=["anna", "ben"], codes=["negative", "tone"], bootstrap=0)
    assert list(result.table["level"]) == ["binary", "nominal", "binary"]
    assert result.table.loc["negative", "coded_anna"] == 1  # unit 4, as a binary code


def test_three_coders_and_segment_overlap(tmp_path: Path) -> None:
    project = tone_project(tmp_path, "nominal")
    project.tag("a", 1, "positive", coder="cleo")
    project.tag("a", 2, "negative", coder="cleo")
    three = reliability(project, coders=["anna", "ben", "cleo"], bootstrap=0)
    row = three.table.loc["tone"]
    assert row["n_units"] == 6 and not math.isnan(row["fleiss_kappa"])
    overlap = reliability(project, coders=["anna", "ben"], overlap=0.9, bootstrap=0)
    (variable,) = overlap.variables
    # Every coded segment of the family is one place, whatever its value: units 1 to 6.
    assert list(variable.places["unit"]) == [1, 2, 3, 4, 5, 6]
    assert list(variable.values.droplevel("doc_id")["ben"]) == [
        "positive", "negative", "negative", "neutral", NONE, "positive"]
    assert overlap.table.loc["tone", "n_units"] == 4
    assert "whatever their value" in overlap.unit_of_analysis()


def test_a_family_with_one_child_is_an_ordinary_code(tmp_path: Path) -> None:
    from dataclasses import replace

    project = tone_project(tmp_path, "nominal")
    codebook = project.codebook()
    assert codebook is not None
    lonely = replace(codebook.get("positive"), exclusive="nominal")
    broken = replace(codebook, codes=tuple(lonely if c.id == "positive" else c
                                           for c in codebook.codes))
    from interviewkit.analysis.reliability import reliability_of_frames

    result = reliability_of_frames(project.codings(), project.units(), project.memos(), broken,
                                   coders=["anna", "ben"], decisions=project.decisions(),
                                   bootstrap=0)
    assert "'positive' is declared exclusive but has fewer than two child codes" in " ".join(
        result.notes)
    assert result.table.loc["tone", "level"] == "nominal"


def test_the_report_shows_a_variable_at_its_level(tmp_path: Path) -> None:
    from interviewkit.export.html_report import report_html
    from interviewkit.export.report import gather_report

    with tone_project(tmp_path, "ordinal") as project:
        study = gather_report(project, by=["language"], bootstrap=0)
    assert study.agreement is not None
    html = report_html(study)
    assert "Tone (ordinal)" in html
    assert "Cohen&#x27;s kappa with quadratic weights" in html or \
        "Cohen's kappa with quadratic weights" in html
    row = study.agreement.table.loc["tone"]
    shown = f"{row['weighted_kappa_quadratic']:.3f}"
    assert shown in html.split("Tone (ordinal)", 1)[1].split("</tr>", 1)[0]
