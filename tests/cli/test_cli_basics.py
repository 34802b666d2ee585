"""The command line's conventions: fast help, one error boundary, exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_version_and_help(cli) -> None:  # type: ignore[no-untyped-def]
    from interviewkit import __version__

    result = cli("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"interviewkit {__version__}"
    result = cli("--help")
    assert result.exit_code == 0
    for command in ("codebook", "transcripts"):
        assert command in result.stdout


def test_help_imports_no_heavy_library() -> None:
    # How long --help takes is printed by benchmarks/timings_bench.py.
    code = (
        "import sys;"
        "from interviewkit.cli import main;"
        "sys.argv = ['interviewkit', '--help'];"
        "rc = main(['--help']);"
        "heavy = [m for m in ('spacy', 'pandas', 'textual', 'jieba', 'numpy', 'docx', 'rich')"
        " if m in sys.modules];"
        "print(repr(heavy))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip().splitlines()[-1] == "[]"


def test_unknown_option_is_a_usage_error(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("codebook", "check", "--nope")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: No such option: --nope")
    assert "Hint: Run 'interviewkit codebook check --help'" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_data_exits_1_with_every_problem(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    book = tmp_path / "bad.yaml"
    book.write_text(
        "name: x\nversion: '1'\ncodes:\n  - id: a\n    name: A\n    keywords:\n"
        "      de: ['/Partner(/', ok]\n    color: nope\n",
        encoding="utf-8",
    )
    result = cli("codebook", "check", book)
    assert result.exit_code == 1, result
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == f"Error: {book}: 2 problems in the codebook"
    assert (
        f"  {book}:7: codes[0].keywords.de[0]: invalid regular expression 'Partner('"
        in result.stderr
    )
    assert "color: 'nope' is not a colour" in result.stderr
    assert lines[-1].startswith("Hint: ")
    assert "Traceback" not in result.stderr


def test_debug_shows_a_traceback_without_locals(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    book = tmp_path / "bad.yaml"
    book.write_text("name: [x\n", encoding="utf-8")
    result = cli("--debug", "codebook", "check", book)
    assert result.exit_code == 1
    assert "Traceback (most recent call last)" in result.stderr
    assert "locals" not in result.stderr.lower()


def test_missing_file_is_a_usage_error(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("codebook", "show", tmp_path / "missing.yaml")
    assert result.exit_code == 2
    assert "no such codebook file" in result.stderr


def test_python_dash_m_works() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "interviewkit", "--version"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0 and proc.stdout.startswith("interviewkit ")


def test_codebook_show_prints_a_tree(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.codebook.test_load import VALID, write

    result = cli("codebook", "show", write(tmp_path, VALID), "--rules")
    assert result.exit_code == 0, result
    assert "Test book (version 2.1, 4 codes)" in result.stdout
    assert "Uncertainty uncertainty  de:4 en:3 zh:2" in result.stdout
    assert "include: Explicit doubt." in result.stdout
    assert "de: Zweifel, unklare Regeln, *risiko*" in result.stdout
    assert "has no rules" in result.stderr
