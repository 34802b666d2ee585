"""Writes the Excel codebook sheets of this folder (run once; the files are committed).

The CSV and dictionary files here are written by hand; README.md says what
each imitates. Run from the project root: python tests/data/codebooks/build_fixtures.py
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent


def sheet(name: str, rows: list[list[object]]) -> None:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(HERE / name)


if __name__ == "__main__":
    # MAXQDA: "Code" and "Memo"; subcodes with a backslash or " > ".
    sheet("maxqda_code_memo.xlsx", [
        ["Code", "Memo"],
        ["Motive", "Warum Städte kooperieren"],
        ["Motive\\Wirtschaft", "Handel und Investitionen"],
        ["Motive\\Wirtschaft\\Handel", ""],
        ["Motive > Kultur", "Austausch von Schulen und Vereinen"],
        ["Beziehung > Vertrauen", "Vertrauen zwischen den Partnern"],
    ])
    # NVivo 14, Export Codebook to Excel: hierarchy in "Hierarchical Name", counts beside.
    sheet("nvivo_codebook.xlsx", [
        ["Name", "Description", "Hierarchical Name", "Files", "References", "Created On",
         "Created By", "Modified On", "Modified By"],
        ["Drivers", "Why cities cooperate", "Codes\\\\Drivers", 4, 12, "2024-02-01", "MK",
         "2024-02-03", "MK"],
        ["Economy", "Trade and investment", "Codes\\\\Drivers\\\\Economy", 3, 9, "2024-02-01",
         "MK", "2024-02-01", "MK"],
        ["Trust", "", "Codes\\\\Relationship\\\\Trust", 2, 2, "2024-02-02", "MK",
         "2024-02-02", "MK"],
    ])
