"""``interviewkit import-codings`` (unknown codes, spans) and ``import-sheet``, as a person runs them."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import CODEBOOK, DATA

CODINGS = DATA / "codings"


def project(cli, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    db = tmp_path / "p.db"
    assert cli("init", db, "--codebook", CODEBOOK).exit_code == 0
    assert cli("add", DATA / "transcripts" / "bonn_de_01.md", "-p", db).exit_code == 0
    return db


def test_unknown_codes_refused_added_or_skipped(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = project(cli, tmp_path)
    sheet = CODINGS / "gold_spans.csv"
    result = cli("import-codings", sheet, "--coder", "gold", "-p", db)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert f"{sheet}: 2 codes the codebook does not have: 'Bildung' (rows 4, 5)" in result.stderr
    result = cli("import-codings", sheet, "--coder", "gold", "--skip-unknown", "-p", db)
    assert result.exit_code == 0, result
    assert "left out: 1 row with the code 'Begrüßung' (row 6)" in result.stderr
    assert "2 coding(s) imported as gold's; 1 of them over several turns" in result.stderr
    result = cli("import-codings", sheet, "--coder", "ben", "--add-codes", "-p", db)
    assert result.exit_code == 0, result
    assert "Codes added to the codebook (marked as imported): Bildung (bildung)" in result.stderr
    result = cli("import-codings", sheet, "--coder", "x", "--add-codes", "--skip-unknown",
                 "-p", db)
    assert result.exit_code == 2 and "exclude each other" in result.stderr


def test_import_sheet_into_a_new_project(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "new.db"
    result = cli("import-sheet", CODINGS / "coded_interview.xlsx", "--coder", "anna",
                 "--meta", "city=Duisburg", "--id", "duisburg_07", "-p", db)
    assert result.exit_code == 0, result
    assert "duisburg_07: 6 turns, added (new project)." in result.stderr
    assert "5 coding(s) imported as anna's." in result.stderr
    result = cli("segments", "--where", "city=Duisburg", "-p", db)
    assert result.exit_code == 0 and "obstacles" in result.stdout
    result = cli("import-sheet", CODINGS / "coded_interview.xlsx", "--coder", "anna",
                 "--meta", "city", "-p", tmp_path / "other.db")
    assert result.exit_code == 2 and "is not KEY=VALUE" in result.stderr
    assert not (tmp_path / "other.db").exists()
