"""Tables to files: every format readable, Excel-safe, formula-safe."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from interviewkit.errors import UsageError
from interviewkit.export.tables import safe_cell, to_latex, to_markdown, write_sheets, write_table

FRAME = pd.DataFrame(
    {
        "doc_id": ["bonn_de_01", "wuhan_zh_01"],
        "text": ['=HYPERLINK("x")', "我们和杜伊斯堡的合作"],
        "city": ["Düsseldorf", "Wuhan"],
        "n": [-3, 4],
    }
)


@pytest.mark.parametrize("value", ["=1+1", "+49 228", "-x", "@SUM(A1)", "\tcmd", "\rcmd"])
def test_formula_starts_are_defused(value: str) -> None:
    assert safe_cell(value) == "'" + value


def test_plain_values_are_untouched() -> None:
    assert safe_cell("Bonn") == "Bonn" and safe_cell(-3) == -3


def test_csv_is_utf8_and_formula_safe(tmp_path: Path) -> None:
    path = write_table(FRAME, tmp_path / "t.csv")
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(path)
    assert back["text"][0] == '\'=HYPERLINK("x")'
    assert back["text"][1] == "我们和杜伊斯堡的合作" and back["city"][0] == "Düsseldorf"
    assert back["n"].tolist() == [-3, 4]  # numbers stay numbers


def test_excel_flag_writes_a_bom(tmp_path: Path) -> None:
    path = write_table(FRAME, tmp_path / "t.csv", excel_bom=True)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_xlsx_keeps_text_as_text(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = write_table(FRAME, tmp_path / "t.xlsx")
    sheet = load_workbook(path).active
    # A text cell, as written (no apostrophe needed), marked so that editing keeps it text.
    assert sheet["B2"].value == '=HYPERLINK("x")' and sheet["B2"].data_type == "s"
    assert sheet["B2"].quotePrefix
    assert sheet["B3"].value == "我们和杜伊斯堡的合作"
    assert sheet["D2"].value == -3 and sheet["D2"].data_type == "n"


def test_csv_guards_column_names_and_the_index_too(tmp_path: Path) -> None:
    frame = pd.DataFrame({"=2+5": ["x"], "@cmd": ["+1"]}, index=pd.Index(["=A1"], name="-id"))
    text = write_table(frame, tmp_path / "t.csv").read_text(encoding="utf-8")
    assert text.splitlines() == ["'-id,'=2+5,'@cmd", "'=A1,x,'+1"]


def test_json_and_jsonl(tmp_path: Path) -> None:
    records = json.loads(write_table(FRAME, tmp_path / "t.json").read_text(encoding="utf-8"))
    assert records[1]["text"] == "我们和杜伊斯堡的合作"
    lines = write_table(FRAME, tmp_path / "t.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["doc_id"] for line in lines] == ["bonn_de_01", "wuhan_zh_01"]


def test_markdown_and_latex_escape_their_specials() -> None:
    frame = pd.DataFrame({"a|b": ["x|y"], "p_%": [0.12345]})
    md = to_markdown(frame)
    assert md.splitlines()[0] == "| a\\|b | p_% |" and "x\\|y" in md and "0.123" in md
    tex = to_latex(frame)
    assert "p\\_\\%" in tex and "\\toprule" in tex


def test_several_sheets(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = write_sheets({"coded units": FRAME, "% of units": FRAME}, tmp_path / "t.xlsx")
    assert load_workbook(path).sheetnames == ["coded units", "% of units"]


@pytest.mark.parametrize(
    ("name", "message"),
    [("t.docx", "is not an output format"), ("missing/t.csv", "does not exist")],
)
def test_bad_output_paths_are_usage_errors(tmp_path: Path, name: str, message: str) -> None:
    with pytest.raises(UsageError, match=message) as info:
        write_table(FRAME, tmp_path / name)
    if "format" in message:
        assert ".csv, .xlsx, .json, .jsonl, .md, .tex" in (info.value.hint or "")
