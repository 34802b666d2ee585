"""Excel files: data is never a formula, and each sheet is set up as a researcher would."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from interviewkit.errors import OutputError
from interviewkit.export import workbook
from interviewkit.export.tables import write_sheets, write_table

HOSTILE = pd.DataFrame(
    {
        "doc_id": ["=2+5", '=HYPERLINK("http://evil.example")', "bonn_de_01"],
        "=SUM(A1:A9)": ["@cmd", "-1+1", "+49 228"],
        "text": ["kurz", "lang " * 60, "line one\nline two"],
        "n": [1, 2.5, None],
    }
)


def _sheet(path: Path, name: str | None = None):  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    book = load_workbook(path)
    return book[name] if name else book.active


def test_no_cell_of_data_is_a_formula(tmp_path: Path) -> None:
    frame = HOSTILE.set_index("doc_id")
    frame.columns = pd.MultiIndex.from_tuples([("=x", "a"), ("b", "=y"), ("c", "")])
    sheet = _sheet(write_table(frame, tmp_path / "t.xlsx"))
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert [c.value for c in sheet[1]] == ["doc_id", "=x / a", "b / =y", "c"]
    assert sheet["A2"].value == "=2+5" and sheet["A2"].data_type == "s" and sheet["A2"].quotePrefix
    assert sheet["A3"].value == '=HYPERLINK("http://evil.example")'
    assert sheet["B2"].value == "@cmd" and sheet["B3"].value == "-1+1"


def test_each_sheet_has_a_bold_frozen_filtered_header_and_sensible_widths(tmp_path: Path) -> None:
    path = write_sheets({"coded units": HOSTILE, "more": HOSTILE.head(1)}, tmp_path / "t.xlsx")
    sheet = _sheet(path, "coded units")
    assert all(cell.font.bold for cell in sheet[1])
    assert not sheet["A2"].font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:D4"
    widths = {c: sheet.column_dimensions[c].width for c in "ABCD"}
    assert all(workbook.MIN_WIDTH <= w <= workbook.MAX_WIDTH for w in widths.values())
    assert widths["C"] == workbook.MAX_WIDTH  # the long text is capped …
    assert sheet["C3"].alignment.wrap_text  # … and wrapped
    assert sheet["C4"].alignment.wrap_text  # a line break wraps too
    assert not sheet["C2"].alignment.wrap_text
    assert widths["A"] > widths["D"]  # as wide as the content
    assert _sheet(path, "more").auto_filter.ref == "A1:D2"


def test_numbers_stay_numbers_and_missing_values_empty(tmp_path: Path) -> None:
    sheet = _sheet(write_table(HOSTILE, tmp_path / "t.xlsx"))
    assert [sheet[f"D{r}"].value for r in (2, 3, 4)] == [1, 2.5, None]


def test_control_characters_are_shown_not_refused(tmp_path: Path) -> None:
    frame = pd.DataFrame({"name\x1b": ["Bonn\x1b]0;title\x07", "a\x00b"]})
    sheet = _sheet(write_table(frame, tmp_path / "t.xlsx"))
    assert sheet["A1"].value == "name␛"
    assert sheet["A2"].value == "Bonn␛]0;title␇" and sheet["A3"].value == "a␀b"


def test_text_longer_than_a_cell_is_cut_and_says_so(tmp_path: Path) -> None:
    frame = pd.DataFrame({"text": ["x" * 40_000]})
    value = _sheet(write_table(frame, tmp_path / "t.xlsx"))["A2"].value
    assert len(value) == workbook.MAX_CELL and value.endswith("holds 32,767 characters]")


def test_two_columns_of_one_name_are_both_written(tmp_path: Path) -> None:
    frame = pd.DataFrame([[1, 2]], columns=["city", "city"], index=pd.Index(["a"], name="city"))
    sheet = _sheet(write_table(frame, tmp_path / "t.xlsx"))
    assert [c.value for c in sheet[1]] == ["city", "city", "city"]
    assert [c.value for c in sheet[2]] == ["a", 1, 2]


def test_sheet_names_follow_excels_rules(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    frames = {"a/b:c?": HOSTILE, "A/B:C?": HOSTILE, "x" * 40: HOSTILE, "": HOSTILE}
    names = load_workbook(write_sheets(frames, tmp_path / "t.xlsx")).sheetnames
    assert names == ["a_b_c_", "A_B_C_ (2)", "x" * 31, "sheet"]


def test_a_table_too_long_for_excel_is_refused_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workbook, "MAX_ROWS", 3)
    target = tmp_path / "t.xlsx"
    with pytest.raises(OutputError, match="more than an Excel sheet holds"):
        write_table(HOSTILE, target)
    assert list(tmp_path.iterdir()) == []
