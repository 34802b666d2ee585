"""``interviewkit agreement`` and ``interviewkit import-codings`` through the real entry point.

The two-coder project is the one of tests/analysis/test_project_agreement.py: Cohen's kappa 0.400,
Brennan-Prediger 0.400 and alpha 14/33 = 0.424 on 10 units for the code ``economy``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewkit.store import Project
from tests.conftest import CODEBOOK, SAMPLES
from tests.store.factory import book, transcript

SAID = "The port and the trade matter; the image too, but we have doubts."
TURNS = [("I" if i % 2 else "R", f"Question {i}?" if i % 2 else f"Answer {i}: {SAID}")
         for i in range(1, 11)]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    file = tmp_path / "study.db"
    with Project.create(file, codebook=book(tmp_path)) as proj:
        proj.add_transcripts([transcript(d, TURNS) for d in ("a", "b")])
        for doc, unit in (("a", 2), ("a", 4), ("a", 6), ("b", 2)):
            proj.tag(doc, unit, "economy", coder="anna")
        for doc, unit in (("a", 2), ("a", 4), ("b", 2), ("b", 4), ("b", 6)):
            proj.tag(doc, unit, "economy", coder="ben")
    return file


def test_agreement_table_says_what_it_measured(cli, path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("agreement", "--coders", "anna,ben", "--bootstrap", "100", "-p", path)
    assert result.exit_code == 0, result
    line = next(row for row in result.stdout.splitlines() if row.startswith(" Economy"))
    assert line.split()[1:6] == ["10", "70.0", "0.400", "0.400", "0.424"]
    assert "Reading aid (Krippendorff 2004): alpha >= 0.800 reliable" in result.stdout
    assert "Unit of analysis: the turns" in result.stdout
    assert "anna 2, ben 2; compared in 2" in result.stderr


def test_disagreements_are_shown_and_exported(cli, path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("agreement", "--coders", "anna,ben", "--disagreements", "--bootstrap", "0",
                 "-p", path)
    assert result.exit_code == 0, result
    assert "Disagreements: 3 unit(s)" in result.stdout
    assert "Answer 6" in result.stdout

    import pandas as pd

    out = tmp_path / "reliability.xlsx"
    result = cli("agreement", "--coders", "anna,ben", "--disagreements", "--bootstrap", "0",
                 "-o", out, "-p", path)
    assert result.exit_code == 0, result
    assert result.stdout == ""
    sheets = pd.read_excel(out, sheet_name=None)
    assert set(sheets) == {"agreement", "disagreements"}
    assert sheets["agreement"].set_index("code").loc["economy", "cohen_kappa"] == pytest.approx(0.4)
    assert list(sheets["disagreements"]["unit"]) == [6, 4, 6]

    csv = tmp_path / "reliability.csv"
    result = cli("agreement", "--coders", "anna,ben", "--disagreements", "--bootstrap", "0",
                 "-o", csv, "-p", path)
    assert result.exit_code == 0, result
    assert (tmp_path / "reliability.disagreements.csv").exists()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("--coders", "anna,bne"), 1, "there is no coder 'bne'; did you mean 'ben'?"),
        (("--coders", "anna"), 2, "agreement needs at least two coders"),
        (("--coders", "anna,ben", "--unit", "sentence"), 2, "not sentences"),
        (("--coders", "anna,ben", "--unit", "word"), 2, "'word' is not a unit"),
        (("--coders", "anna,ben", "--codes", "trade"), 1, "there is no code 'trade'"),
        (("--coders", "anna,ben", "--docs", "zz"), 1, "there is no transcript 'zz'"),
        (("--coders", "anna,ben", "-o", "x.pdf"), 2, "'.pdf' is not an output format"),
    ],
)
def test_bad_calls_say_what_is_valid(cli, path: Path, args, code, message) -> None:  # type: ignore[no-untyped-def]
    result = cli("agreement", *args, "-p", path)
    assert result.exit_code == code, result
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_import_codings_then_compare(cli, path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sheet = tmp_path / "gold.csv"
    sheet.write_text("doc_id,unit,code\na,2,economy\nb,2,Economy\nb,5,nothing\n",
                     encoding="utf-8")
    result = cli("import-codings", sheet, "--coder", "gold", "-p", path)
    assert result.exit_code == 1, result
    assert f"{sheet}: 1 code the codebook does not have: 'nothing' (row 4)" in result.stderr
    assert "nothing was imported" in result.stderr
    sheet.write_text("doc_id,unit,code\na,2,economy\nb,2,Economy\n", encoding="utf-8")
    result = cli("import-codings", sheet, "--coder", "gold", "-p", path)
    assert result.exit_code == 0, result
    assert "2 coding(s) imported as gold's, in 2 transcript(s)" in result.stderr
    result = cli("agreement", "--coders", "anna,ben,gold", "--codes", "economy",
                 "--bootstrap", "0", "-p", path)
    assert result.exit_code == 0, result
    assert "Fleiss κ" in result.stdout


def test_gold_standard_imports_into_the_samples(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "samples.db"
    assert cli("init", db, "--codebook", CODEBOOK).exit_code == 0
    added = cli("add", SAMPLES, "--metadata", SAMPLES / "metadata.csv", "-p", db)
    assert added.exit_code == 0, added
    result = cli("import-codings", SAMPLES / "gold_standard.csv", "--coder", "gold", "-p", db)
    assert result.exit_code == 0, result
    assert "267 coding(s) imported as gold's, in 12 transcript(s)" in result.stderr
