"""Writes the coding sheets of this folder (run once; the files are committed).

README.md says what each imitates. Run from the project root with the
package importable: PYTHONPATH=src python tests/data/codings/build_fixtures.py
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from interviewkit.transcripts import read_transcript

HERE = Path(__file__).parent
BONN = HERE.parent / "transcripts" / "bonn_de_01.md"


def spans() -> None:
    """A gold standard coded by span in another tool: codings run over turns."""
    text = read_transcript(BONN).text

    def at(part: str) -> tuple[int, int]:
        start = text.index(part)
        return start, start + len(part)

    rows = [
        ("bonn_de_01", "", *at("Ich arbeite seit zehn Jahren"), "networking", "Ich arbeite seit …"),
        # Over two turns: the question and its answer.
        ("bonn_de_01", "", *at("Und die Partnerschaft mit Chengdu?\n\nHerr L.: Die ist uns sehr wichtig."),
         "cooperation_potential", "Und die Partnerschaft … sehr wichtig."),
        # Over three turns, with the unit where it starts, as some exports give it.
        ("bonn_de_01", "3", *at("im Amt für internationale Angelegenheiten.\n\nFrau K.: Und die "
                                "Partnerschaft mit Chengdu?\n\nHerr L.: Die ist uns sehr wichtig."),
         "Bildung", "im Amt … sehr wichtig."),
        ("bonn_de_01", "", *at("Zum Beispiel: Schulaustausch"), "Bildung", "Zum Beispiel: Schulaustausch"),
        ("bonn_de_01", "", *at("Guten Tag."), "Begrüßung", "Guten Tag."),
    ]
    with (HERE / "gold_spans.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["doc_id", "unit", "start", "end", "code", "quote"])
        writer.writerows(rows)


def coded_sheet() -> None:
    """An interview coded by hand in Excel: a row per turn, tags separated by ';'."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Timestamp", "Speaker", "Words", "Tags"])
    rows = [
        (dt.time(0, 0, 4), "Interviewer", "Thank you for taking the time. How did the partnership with Wuhan start?", ""),
        (dt.time(0, 0, 19), "R", "It started with a trade delegation in 2016. The port was the reason.", "economy;trade;"),
        (dt.time(0, 1, 2), "Interviewer", "And today?", ""),
        (dt.time(0, 1, 5), "R", "Today it is the schools. We trust each other more.", "culture; Trust ;"),
        (dt.time(0, 1, 40), "R", "But the pandemic cut most contacts.", "obstacles"),
        (None, "", "", ""),
        ("00:02:10", "Interviewer", "Thank you.", ""),
    ]
    for row in rows:
        sheet.append(list(row))
    for cell in sheet["A"][1:]:
        cell.number_format = "hh:mm:ss"
    book.save(HERE / "coded_interview.xlsx")


if __name__ == "__main__":
    spans()
    coded_sheet()
