"""``interviewkit agreement`` on a project whose codebook has two exclusive families.

The codebook is tests/data/codebooks/exclusive_families.yaml: tone (nominal: positive, with
enthusiastic below it, neutral, negative) and commitment (ordinal: low < medium < high).
Two transcripts of four respondent turns each (units 2, 4, 6, 8), coded by hand (each
coder's coding comes in as a sheet, as ``import-codings`` reads it)::

    tone        a2   a4            a6   a8    b2   b4        b6   b8
    anna        pos  pos           neg  -     neu  pos+neg   -    -
    ben         pos  enthusiastic  neu  -     neu  neg       neg  -

    b4 is missing for anna (two values): 7 units, agreement on a2 a4 a8 b2 b8 = 5/7.
    Cohen's kappa: anna pos 2, neg 1, none 3, neu 1; ben pos 2, neu 2, none 2, neg 1;
        P_e = (4 + 1 + 6 + 2) / 49 = 13/49, kappa = (35 - 13) / (49 - 13) = 0.611
    alpha (nominal): 14 values (pos 4, neg 2, none 5, neu 3), two disagreeing units (a6, b6):
        alpha = 1 - 13 * 4 / (196 - 54) = 90/142 = 0.634
    Brennan-Prediger, q = 3 values + none: (5/7 - 1/4) / (3/4) = 0.619

    commitment  a2    a4      a6   b2      b4    b6
    anna        high  medium  low  low     high  -
    ben         high  high    low  medium  -     medium

    4 units with two values (a2 a4 a6 b2), b4 and b6 one-sided. Quadratic weighted kappa
    (places 1 2 3): observed 2/4; chance 1.625 -> 1 - 0.5/1.625 = 0.692.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from interviewkit.analysis.agreement import krippendorff_alpha, weighted_kappa
from tests.conftest import DATA

FAMILIES = DATA / "codebooks" / "exclusive_families.yaml"
CODED = {
    "anna": [("a", 2, "tone_positive"), ("a", 4, "tone_positive"), ("a", 6, "tone_negative"),
             ("b", 2, "tone_neutral"), ("b", 4, "tone_positive"), ("b", 4, "tone_negative"),
             ("a", 2, "commitment_high"), ("a", 4, "commitment_medium"),
             ("a", 6, "commitment_low"), ("b", 2, "commitment_low"), ("b", 4, "commitment_high"),
             ("a", 2, "economy")],
    "ben": [("a", 2, "tone_positive"), ("a", 4, "tone_enthusiastic"), ("a", 6, "tone_neutral"),
            ("b", 2, "tone_neutral"), ("b", 4, "tone_negative"), ("b", 6, "tone_negative"),
            ("a", 2, "commitment_high"), ("a", 4, "commitment_high"), ("a", 6, "commitment_low"),
            ("b", 2, "commitment_medium"), ("b", 6, "commitment_medium"), ("a", 2, "economy")],
}


@pytest.fixture
def project(cli, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    folder = tmp_path / "interviews"
    folder.mkdir()
    for doc in ("a", "b"):
        turns = [f"I: Question {i}?\n\nR: Answer {i} about the port." for i in range(1, 5)]
        (folder / f"{doc}.txt").write_text("\n\n".join(turns) + "\n", encoding="utf-8")
    path = tmp_path / "study.db"
    assert cli("init", path, "--codebook", FAMILIES).exit_code == 0
    added = cli("add", folder, "-p", path)
    assert added.exit_code == 0, added
    for coder, codings in CODED.items():
        sheet = tmp_path / f"{coder}.csv"
        lines = ["doc_id,unit,code", *(f"{d},{u},{c}" for d, u, c in codings)]
        sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
        result = cli("import-codings", sheet, "--coder", coder, "-p", path)
        assert result.exit_code == 0, result
    return path


def _row(stdout: str, label: str) -> list[str]:
    line = next(row for row in stdout.splitlines() if row.startswith(f" {label}"))
    return line[len(label) + 1 :].split()


def test_each_family_is_one_variable(cli, project: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("agreement", "--coders", "anna,ben", "--bootstrap", "200", "-p", project)
    assert result.exit_code == 0, result
    tone = _row(result.stdout, "Tone of the partnership (nominal)")
    assert tone[:5] == ["7", "71.4", "0.611", "0.619", "0.634"]
    commitment = _row(result.stdout, "Commitment (ordinal)")
    expected_alpha = krippendorff_alpha([[3, 2, 1, 1], [3, 3, 1, 2]], level="ordinal")
    assert commitment[0] == "4"
    assert commitment[2] == f"{weighted_kappa([3, 2, 1, 1], [3, 3, 1, 2]):.3f}" == "0.692"
    assert commitment[3] == "–"  # no Brennan-Prediger for an ordinal variable
    assert commitment[4] == f"{expected_alpha:.3f}"
    assert _row(result.stdout, "Economy")[0] == "8"
    # The values' own binary rows are gone; the pooled row pools the binary codes only.
    assert " Positive " not in result.stdout
    assert " all binary codes " in result.stdout
    assert "Tone of the partnership (nominal): Positive, Neutral, Negative, none of them" in (
        " ".join(result.stdout.split()))
    assert "its κ Cohen's weighted kappa with quadratic weights" in " ".join(result.stdout.split())
    notes = " ".join(result.stderr.split())
    assert "anna: b unit 4 (Positive + Negative)" in notes
    assert "Commitment (ordinal): on 2 unit(s) one coder gave a value and another none" in notes
    assert "Traceback" not in result.stderr


def test_the_file_and_the_disagreements(cli, project: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "agreement.csv"
    result = cli("agreement", "--coders", "anna,ben", "--bootstrap", "0", "--disagreements",
                 "-o", out, "-p", project)
    assert result.exit_code == 0, result
    with open(out, encoding="utf-8") as handle:
        rows = {row["code"]: row for row in csv.DictReader(handle)}
    assert list(rows) == ["economy", "tone", "commitment", "(all codes)"]
    assert rows["tone"]["level"] == "nominal" and rows["commitment"]["level"] == "ordinal"
    assert float(rows["tone"]["cohen_kappa"]) == pytest.approx(22 / 36)
    assert float(rows["tone"]["alpha"]) == pytest.approx(90 / 142)
    assert float(rows["tone"]["brennan_prediger"]) == pytest.approx((5 / 7 - 1 / 4) / (3 / 4))
    assert float(rows["commitment"]["weighted_kappa_quadratic"]) == pytest.approx(1 - 0.5 / 1.625)
    assert float(rows["commitment"]["weighted_kappa_linear"]) == pytest.approx(
        weighted_kappa([3, 2, 1, 1], [3, 3, 1, 2], weights="linear"))
    assert (rows["tone"]["coded_anna"], rows["tone"]["coded_ben"]) == ("4", "6")
    with open(tmp_path / "agreement.disagreements.csv", encoding="utf-8") as handle:
        found = [(r["doc_id"], r["unit"], r["code"], r["anna"], r["ben"])
                 for r in csv.DictReader(handle)]
    assert found == [
        ("a", "4", "commitment", "Medium", "High"),
        ("a", "6", "tone", "Negative", "Neutral"),
        ("b", "2", "commitment", "Low", "Medium"),
        ("b", "4", "tone", "Positive + Negative", "Negative"),
        ("b", "4", "commitment", "High", "none"),
        ("b", "6", "tone", "none", "Negative"),
        ("b", "6", "commitment", "none", "Medium"),
    ]
