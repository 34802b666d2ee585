"""End to end: a project with coders built here, and kappa/alpha computed by hand.

The coefficients themselves are checked against published values in test_agreement.py;
these tests check the glue: whose codings count, which documents and units are compared,
and what goes into each coefficient.

The scenario (code ``economy``, respondent units 2, 4, 6, 8, 10 of documents a and b)::

    anna: a2 a4 a6 b2           ben: a2 a4 b2 b4 b6
    both yes 3, anna only 1, ben only 2, both no 4      (10 units)

    percent agreement = 7/10
    Cohen:  P_e = 0.4 * 0.5 + 0.6 * 0.5 = 0.5, kappa = (0.7 - 0.5) / 0.5 = 0.4
    Brennan-Prediger (q = 2): (0.7 - 0.5) / 0.5 = 0.4
    alpha: n = 20 values, 9 "yes" and 11 "no", 3 disagreeing units -> o_yn = o_ny = 3
           alpha = 1 - (n - 1) * 6 / (2 * 9 * 11) = 1 - 114/198 = 14/33
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from interviewkit.analysis.agreement_table import POOLED
from interviewkit.analysis.reliability import read_codings, reliability
from interviewkit.errors import DataError, UsageError
from interviewkit.store import Project
from interviewkit.store.imports import ImportRow
from tests.store.factory import book, suggestion, transcript

SAID = "The port and the trade matter; the image too, but we have doubts."
TURNS = [("I" if i % 2 else "R", f"Question {i}?" if i % 2 else f"Answer {i}: {SAID}")
         for i in range(1, 11)]


@pytest.fixture
def project(tmp_path: Path) -> Project:
    proj = Project(":memory:")
    proj.load_codebook(book(tmp_path))
    proj.add_transcripts([transcript(d, TURNS) for d in ("a", "b", "c")])
    for doc, unit in (("a", 2), ("a", 4), ("a", 6), ("b", 2)):
        proj.tag(doc, unit, "economy", coder="anna")
    for doc, unit in (("a", 2), ("a", 4), ("b", 2), ("b", 4), ("b", 6)):
        proj.tag(doc, unit, "economy", coder="ben")
    # Only anna coded c: ben's decisions there are missing, not "absent".
    proj.tag("c", 2, "uncertainty", coder="anna")
    return proj


def test_two_coders_match_the_hand_computation(project: Project) -> None:
    result = reliability(project, coders=["anna", "ben"], bootstrap=200)
    row = result.table.loc["economy"]
    assert row["n_units"] == 10
    assert row["percent_agreement"] == pytest.approx(0.7)
    assert row["cohen_kappa"] == pytest.approx(0.4)
    assert row["brennan_prediger"] == pytest.approx(0.4)
    assert row["alpha"] == pytest.approx(14 / 33)
    assert row["alpha_low"] <= row["alpha"] <= row["alpha_high"]
    assert (row["coded_anna"], row["coded_ben"]) == (4, 5)
    assert math.isnan(row["fleiss_kappa"])
    assert result.documents == {"anna": ("a", "b", "c"), "ben": ("a", "b")}
    assert result.shared_documents == ("a", "b")
    # Nobody used 'prestige' in a and b: perfect agreement, alpha undefined.
    prestige = result.table.loc["prestige"]
    assert prestige["percent_agreement"] == 1.0 and math.isnan(prestige["alpha"])
    # Pooled: 10 units x 3 codes; the only disagreements are economy's three.
    pooled = result.table.loc[POOLED]
    assert pooled["n_units"] == 30
    assert pooled["percent_agreement"] == pytest.approx(27 / 30)
    assert "precision" not in result.table.columns


def test_disagreements_list_the_units_with_their_text(project: Project) -> None:
    result = reliability(project, coders=["anna", "ben"], bootstrap=0)
    found = result.disagreements
    assert [(r.doc_id, r.unit, r.anna, r.ben) for r in found.itertuples()] == [
        ("a", 6, "yes", "no"), ("b", 4, "no", "yes"), ("b", 6, "no", "yes"),
    ]
    assert found["text"].iloc[0] == f"Answer 6: {SAID}"
    assert set(found["code"]) == {"economy"}


def test_a_parent_code_counts_its_children_and_codes_go_by_name(project: Project) -> None:
    project.tag("a", 8, "prestige", coder="ben")
    result = reliability(project, coders=["anna", "ben"], codes=["Drivers", "economy"],
                         bootstrap=0)
    assert list(result.table.index) == ["drivers", "economy", POOLED]
    assert result.table.loc["drivers", "coded_ben"] == 6
    assert result.table.loc["economy", "coded_ben"] == 5


def test_auto_against_a_person_gives_precision_recall_and_f1(project: Project) -> None:
    a = project.transcript("a")
    project.store_auto_codings(
        [suggestion(a, unit, "economy", "port") for unit in (2, 4, 6, 8)]
        + [suggestion(a, 10, "uncertainty", "doubts")]
    )
    project.review("a", 10, "uncertainty", status="rejected", reviewer="ben")
    result = reliability(project, coders=["auto", "ben"], codes=["economy"], bootstrap=0)
    # auto coded only document a: there auto says 2 4 6 8, ben says 2 4.
    row = result.table.loc["economy"]
    assert row["n_units"] == 5
    assert (row["precision"], row["recall"]) == (0.5, 1.0)
    assert row["f1"] == pytest.approx(2 / 3)
    assert result.automatic == ("auto",)
    # auto's coding is every suggestion it made: ben's rejection does not remove it.
    assert any("every suggestion it made" in note for note in result.notes)
    assert row["coded_auto"] == 4


def test_accepted_suggestions_count_for_the_reviewer(project: Project) -> None:
    a = project.transcript("a")
    project.store_auto_codings([suggestion(a, 8, "economy", "port")])
    project.review("a", 8, "economy", status="accepted", reviewer="ben")
    result = reliability(project, coders=["anna", "ben"], codes=["economy"], bootstrap=0)
    assert result.table.loc["economy", "coded_ben"] == 6


def test_three_coders_give_fleiss_kappa(project: Project) -> None:
    for doc, unit in (("a", 2), ("a", 4), ("b", 2)):
        project.tag(doc, unit, "economy", coder="cleo")
    result = reliability(project, coders=["anna", "ben", "cleo"], codes=["economy"],
                         bootstrap=0)
    row = result.table.loc["economy"]
    assert math.isnan(row["cohen_kappa"]) and not math.isnan(row["fleiss_kappa"])
    # 10 units in a and b, coded by all three
    assert row["n_units"] == 10


def test_segment_overlap_mode(project: Project) -> None:
    unit = project.transcript("a").unit(2)
    project.tag("a", 2, "uncertainty", coder="anna", start=unit.start, end=unit.start + 10)
    project.tag("a", 2, "uncertainty", coder="ben", start=unit.start, end=unit.start + 11)
    loose = reliability(project, coders=["anna", "ben"], codes=["uncertainty"], overlap=0.9,
                        bootstrap=0)
    assert loose.table.loc["uncertainty", "n_units"] == 1  # 10/11 of the union: one match
    assert loose.table.loc["uncertainty", "percent_agreement"] == 1.0
    strict = reliability(project, coders=["anna", "ben"], codes=["uncertainty"],
                         overlap=0.95, bootstrap=0)
    assert strict.table.loc["uncertainty", "n_units"] == 2
    assert strict.table.loc["uncertainty", "percent_agreement"] == 0.0
    assert "overlap by at least 95%" in strict.unit_of_analysis()
    assert len(strict.disagreements) == 2


def test_usage_errors(project: Project) -> None:
    with pytest.raises(UsageError, match="at least two coders"):
        reliability(project, coders=["anna"])
    with pytest.raises(UsageError, match="not sentences"):
        reliability(project, coders=["anna", "ben"], unit="sentence")
    with pytest.raises(DataError, match="no coder 'bne'"):
        reliability(project, coders=["anna", "bne"])
    with pytest.raises(DataError, match="no document was coded by at least two"):
        reliability(project, coders=["anna", "ben"], doc_ids=["c"])


def test_import_is_all_or_nothing(project: Project, tmp_path: Path) -> None:
    sheet = tmp_path / "coding.csv"
    sheet.write_text("document,unit,code,quote\na,2,Economy,x\nb,4,economy,y\n"
                     "nope,2,economy,z\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"row 4: there is no transcript 'nope'.*a, b, c"):
        project.import_codings(read_codings(sheet), coder="gold")
    assert "gold" not in project.coders()
    sheet.write_text("doc_id,unit,code\na,2,Economy\nb,4,economy\nb,4,economy\n",
                     encoding="utf-8")
    report = project.import_codings(read_codings(sheet), coder="gold")
    assert (report.added, report.already, report.documents) == (2, 0, 2)
    gold = project.codings(coders=["gold"])
    assert set(gold["origin"]) == {"manual"} and set(gold["status"]) == {"accepted"}
    again = project.import_codings(read_codings(sheet), coder="gold", replace=True)
    assert (again.added, again.replaced) == (2, 2)
    assert len(project.codings(coders=["gold"])) == 2


def test_import_spans_and_bad_rows(project: Project, tmp_path: Path) -> None:
    unit = project.transcript("a").unit(4)
    rows = [ImportRow(2, "a", "economy", None, unit.start + 2, unit.start + 9)]
    project.import_codings(rows, coder="gold")
    coding = project.codings(coders=["gold"]).iloc[0]
    assert (coding["unit"], coding["start"], coding["end"]) == (4, unit.start + 2, unit.start + 9)
    with pytest.raises(DataError, match="row 3: a has no unit 99; its units are 1 to 10"):
        project.import_codings([ImportRow(3, "a", "economy", 99)], coder="gold")
    with pytest.raises(DataError, match=r"1 code the codebook does not have: 'trade' \(row 5\)"):
        project.import_codings([ImportRow(5, "a", "trade", 2)], coder="gold")
    with pytest.raises(UsageError, match="automatic coder"):
        project.import_codings([ImportRow(2, "a", "economy", 2)], coder="auto")
    sheet = tmp_path / "bad.csv"
    sheet.write_text("doc_id,code\na,economy\n", encoding="utf-8")
    with pytest.raises(DataError, match="needs the columns doc_id"):
        read_codings(sheet)
    sheet.write_text("doc_id,unit,code\na,two,economy\n", encoding="utf-8")
    with pytest.raises(DataError, match="row 2: unit must be a whole number"):
        read_codings(sheet)
