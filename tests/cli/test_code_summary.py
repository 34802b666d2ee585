"""The summary of ``code`` stays readable with many documents and a large codebook."""

from __future__ import annotations

import io

from rich.console import Console

from interviewkit.cli.code_cmd import SUMMARY_COLUMNS, SUMMARY_ROWS, summary_table
from interviewkit.codebook import Code, Codebook
from interviewkit.coding.segments import Segments


def _shown(table: object) -> str:
    buffer = io.StringIO()
    Console(file=buffer, width=200, no_color=True).print(table)
    return buffer.getvalue()


def test_many_documents_are_counted_not_given_a_column_each() -> None:
    book = Codebook("b", "1", (Code("a", "Alpha"), Code("b", "Beta")))
    docs = [f"d{i}" for i in range(SUMMARY_COLUMNS + 5)]
    segments = Segments(("doc_id", "code"), [("d1", "a"), ("d1", "a"), ("d2", "a")])
    text = _shown(summary_table(segments, book, docs))
    assert "Coded units per code" in text and "documents (of 17)" in text
    alpha = next(line for line in text.splitlines() if "Alpha" in line)
    assert alpha.replace("│", " ").split()[-2:] == ["2", "3"]  # in 2 documents, 3 units
    assert "d16" not in text


def test_a_large_codebook_lists_the_codes_found() -> None:
    book = Codebook("b", "1", tuple(Code(f"c{i}", f"Code {i}") for i in range(SUMMARY_ROWS + 50)))
    segments = Segments(("doc_id", "code"), [("d1", "c7")])
    text = _shown(summary_table(segments, book, ["d1"]))
    assert "Code 7 " in text and "Code 8 " not in text
    words = " ".join(text.split())
    assert f"{SUMMARY_ROWS + 49:,} codes without a coded unit are not listed." in words
