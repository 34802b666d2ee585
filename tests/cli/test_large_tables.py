"""Terminal tables of a large codebook list what was found and say what they leave out."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewkit.cli.themes_cmd import TERMINAL_ROWS
from interviewkit.cli.views_cmd import SCREEN_CODES
from interviewkit.codebook import Code, Codebook
from interviewkit.store import Project
from tests.store.factory import suggestion, transcript

CODES = TERMINAL_ROWS + 50


@pytest.fixture
def large(tmp_path: Path) -> Path:
    book = Codebook("large", "1", tuple(Code(f"c{i}", f"Code {i}") for i in range(CODES)))
    path = tmp_path / "p.db"
    a, b = transcript("a", city="Bonn"), transcript("b", city="Wuhan")
    with Project.create(path, book) as project:
        project.add_transcripts([a, b])
        project.store_auto_codings(
            [
                suggestion(a, 2, "c3", "port"),
                suggestion(a, 2, "c7", "trade"),
                suggestion(b, 4, "c7", "image"),
                suggestion(b, 4, "c9", "doubts"),
            ]
        )
    return path


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_themes_lists_the_codes_found(cli, large: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("themes", "-p", large, "--by", "city")
    assert result.exit_code == 0, result
    assert "Code 7" in result.stdout and "Code 8 " not in result.stdout
    assert f"{CODES - 3:,} codes without a coded unit are not listed" in _flat(result.stdout)


def test_compare_lists_the_codes_found(cli, large: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("compare", "-p", large, "--by", "city", "--permutations", "100")
    assert result.exit_code == 0, result
    assert "Code 9" in result.stdout and "Code 10 " not in result.stdout
    assert "codes without a coded unit are not listed" in _flat(result.stdout)


def test_matrix_and_cooccur_show_the_codes_most_used(cli, large: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("matrix", "-p", large)
    assert result.exit_code == 0, result
    text = _flat(result.stdout)
    assert f"The {SCREEN_CODES} codes with the most coded units of {CODES} are shown" in text
    assert "-o FILE writes the whole matrix" in text
    result = cli("cooccur", "-p", large)
    assert result.exit_code == 0, result
    assert f"The {SCREEN_CODES} codes with the most coded units" in _flat(result.stdout)
    assert "Code 7" in result.stdout
