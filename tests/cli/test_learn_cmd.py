"""``rules``, ``suggest`` and ``codebook tune`` through the real command line."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from tests.analysis.learn_corpus import study


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("learn")
    study(folder).close()
    return folder


@pytest.fixture
def here(made: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("study.db", "book.yaml"):
        shutil.copy(made / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("INTERVIEWKIT_PROJECT", str(tmp_path / "study.db"))
    return tmp_path


def _ok(result):  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result
    return result


def test_rules_lists_the_costliest_rules_first(cli, here: Path) -> None:  # type: ignore[no-untyped-def]
    shown = _ok(cli("rules", "--coder", "gold"))
    lines = shown.stdout.splitlines()
    assert "Rules judged by gold's decisions" in lines[0]
    first = next(line for line in lines if "Economy" in line)
    assert "business" in first or "*port*" in first or "(no rule)" in first
    assert "Reference: gold's coding" in shown.stdout
    written = _ok(cli("rules", "--coder", "gold", "--code", "econ", "-o", "rules.csv"))
    assert "Wrote 4 rule(s) to rules.csv" in written.stderr
    with open(here / "rules.csv", encoding="utf-8") as handle:
        rows = {r["rule"]: r for r in csv.DictReader(handle)}
    assert (rows["business"]["fired"], rows["business"]["rejected"]) == ("6", "6")


def test_rules_after_a_persons_review(cli, here: Path) -> None:  # type: ignore[no-untyped-def]
    _ok(cli("reject", "doc_01", "8", "econ", "--coder", "anna"))
    _ok(cli("accept", "doc_01", "2", "econ", "--coder", "anna"))
    shown = _ok(cli("rules", "--coder", "anna", "--top", "3"))
    assert "Rules judged by anna's decisions" in shown.stdout
    assert "more row(s)" in shown.stdout
    row = next(line for line in shown.stdout.splitlines() if "word:business" in line)
    # alone, kept, rejected, missed, undecided, precision: five suggestions not reviewed yet
    assert row.split()[-6:] == ["6", "0", "1", "0", "5", "0.00"]


def test_suggest_shows_key_words_and_rejected_rules(cli, here: Path) -> None:  # type: ignore[no-untyped-def]
    shown = _ok(cli("suggest", "Economy", "--coder", "gold", "--min-keyness", "3.84"))
    assert "Key words of Economy (econ)" in shown.stdout
    assert "investors" in shown.stdout and "12/24" in shown.stdout
    assert "«investors» follow" in shown.stdout or "«Investors»" in shown.stdout
    assert "business" in shown.stdout.split("mostly did not keep")[1]
    assert "Nothing was changed" in shown.stdout
    _ok(cli("suggest", "econ", "--coder", "gold", "--min-keyness", "3.84", "-o", "econ.csv"))
    assert (here / "econ.csv").exists() and (here / "econ.rejected.csv").exists()
    _ok(cli("suggest", "econ", "--coder", "gold", "-o", "econ.xlsx"))
    assert (here / "econ.xlsx").exists()


def test_tune_writes_a_marked_copy_and_an_honest_estimate(cli, here: Path, made: Path) -> None:  # type: ignore[no-untyped-def]
    # Without FILE, the file the project's codebook was loaded from is tuned.
    original = (made / "book.yaml").read_bytes()
    result = _ok(
        cli("codebook", "tune", "--coder", "gold", "--min-keyness", "3.84", "--folds", "3",
            "-o", "tuned.yaml")
    )
    assert (made / "book.yaml").read_bytes() == original
    text = (here / "tuned.yaml").read_text(encoding="utf-8")
    assert "# tune: dropped: of the 6 unit(s) only this rule found, gold coded 0" in text
    assert "# - business   # too broad?" in text
    assert '- "investors"' in text and '- "sports"' in text
    assert "+            # - business   # too broad?" in result.stdout  # the diff
    assert "Estimated agreement with gold on documents" in result.stdout
    assert "3-fold cross-validation over documents" in result.stdout
    assert "3 change(s) (1 dropped, 1 narrowed, 1 added)" in result.stderr
    assert "is unchanged" in result.stderr
    _ok(cli("codebook", "check", "tuned.yaml"))


def test_tune_without_estimate_or_changes(cli, here: Path) -> None:  # type: ignore[no-untyped-def]
    quiet = _ok(cli("codebook", "tune", "book.yaml", "--coder", "gold", "--folds", "0",
                    "--no-diff", "--min-precision", "0", "--max-added", "0", "-o", "t.yaml"))
    assert "nothing was written" in quiet.stderr
    assert not (here / "t.yaml").exists()
    assert quiet.stdout == ""


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("rules", "--coder", "auto"), 2, "auto is an automatic coder"),
        (("suggest", "econ", "--coder", "all"), 2, "--coder all counts unreviewed"),
        (("suggest", "nothing", "--coder", "gold"), 1, "there is no code 'nothing'"),
        (("rules", "-o", "rules.txt"), 2, "'.txt' is not an output format"),
        (("codebook", "tune", "-o", "tuned.csv"), 2, "the tuned copy is a YAML codebook"),
        (("codebook", "tune", "book.yaml", "-o", "book.yaml"), 2, "is the codebook itself"),
        (("codebook", "tune", "-o", "t.yaml", "--folds", "1"), 2, "--folds must be 2 or more"),
        (("codebook", "tune", "missing.yaml", "-o", "t.yaml"), 2, "missing.yaml"),
    ],
)
def test_mistakes_are_one_clear_line(cli, here: Path, args, code, words) -> None:  # type: ignore[no-untyped-def]
    result = cli(*args)
    assert result.exit_code == code, result
    assert words in result.stderr
    assert "Traceback" not in result.stderr


def test_help_has_examples(cli) -> None:  # type: ignore[no-untyped-def]
    for command in (("rules",), ("suggest",), ("codebook", "tune")):
        shown = cli(*command, "--help")
        assert shown.exit_code == 0 and "Example" in shown.stdout, shown
