"""Rows written without pandas: the same bytes as write_table writes of the same table."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviewkit.export.rows import write_rows, writes
from interviewkit.export.tables import write_table

COLUMNS = ("doc_id", "unit", "speaker", "evidence", "memo", "text", "city")
ROWS = [
    ("a/b", 2, "R", "word:x → 'X'", None, '=SUM(A1) "quoted", | pipe\nline 2\tand tab', "Bonn"),
    ("a/b", 10, None, "", None, "-minus +plus @at\r\nCRLF ’ “ß” 合作 😀 \\ back", None),
    ("c", 3, "B", "glob:*x* → 'x'; regex:\\bx\\b → 'x'", None, "plain", "=1+1"),
]
FORMATS = ("csv", "json", "jsonl", "md")


def _pandas(tmp_path: Path, columns: tuple[str, ...], rows: list[tuple[object, ...]],
            suffix: str, excel_bom: bool) -> bytes:
    path = tmp_path / f"pandas.{suffix}"
    write_table(pd.DataFrame(rows, columns=list(columns)), path, excel_bom=excel_bom)
    return path.read_bytes()


@pytest.mark.parametrize("suffix", FORMATS)
@pytest.mark.parametrize("excel_bom", [False, True])
def test_the_same_bytes_as_pandas(tmp_path: Path, suffix: str, excel_bom: bool) -> None:
    for rows in (ROWS, ROWS[:1], []):
        ours = write_rows(COLUMNS, rows, tmp_path / f"ours.{suffix}", excel_bom=excel_bom)
        assert ours.read_bytes() == _pandas(tmp_path, COLUMNS, rows, suffix, excel_bom), rows


def test_formula_cells_are_text_in_csv(tmp_path: Path) -> None:
    text = write_rows(COLUMNS, ROWS, tmp_path / "x.csv").read_text(encoding="utf-8")
    assert "'=SUM(A1)" in text and "'-minus" in text and ",'=1+1" in text
    assert '"=SUM' not in text


TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=12)
NUMBER = st.integers(min_value=-(2**53), max_value=2**53)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(TEXT, NUMBER, st.none() | TEXT), max_size=4))
def test_the_same_bytes_as_pandas_for_any_cells(
    tmp_path: Path, rows: list[tuple[object, ...]]
) -> None:
    """Columns as a table of segments has them: whole numbers, or text with gaps."""
    columns = ("a", "b", "c")
    for suffix in FORMATS:
        ours = write_rows(columns, rows, tmp_path / f"ours.{suffix}").read_bytes()
        assert ours == _pandas(tmp_path, columns, rows, suffix, False), (suffix, rows)


def test_which_formats_it_writes() -> None:
    assert all(writes(f"x.{s}") for s in FORMATS) and writes("X.CSV")
    assert not writes("x.xlsx") and not writes("x.tex")
    with pytest.raises(ValueError):
        write_rows(COLUMNS, ROWS, "x.xlsx")


def test_a_file_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("what was there\n", encoding="utf-8")
    with pytest.raises(TypeError):  # a cell this writer cannot spell: nothing written
        write_rows(("a",), [(1.5,)], target)
    assert target.read_text(encoding="utf-8") == "what was there\n"
    write_rows(COLUMNS, ROWS, target)
    assert target.read_bytes().startswith(b"doc_id,unit,")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]  # no temporary left
    mask = os.umask(0o022)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask
