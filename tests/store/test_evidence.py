"""The evidence of suggestions, row by row: which rule fired on which words, and where."""

from __future__ import annotations

from pathlib import Path

from interviewkit.models import Coding, Evidence
from interviewkit.store import Project
from interviewkit.store.evidence import EVIDENCE_COLUMNS
from tests.store.factory import book, suggestion, transcript


def test_evidence_rows_split_the_rule_and_carry_the_language(tmp_path: Path) -> None:
    doc = transcript("bonn_en_01", language="en")
    unit = doc.unit(2)
    at = doc.text.index("port")
    glob = Evidence("glob:*port*", "port", at, at + 4)
    word = Evidence("word:trade", "trade", doc.text.index("trade"), doc.text.index("trade") + 5)
    with Project.create(tmp_path / "p.db", book(tmp_path)) as project:
        project.add_transcripts([doc])
        project.store_auto_codings(
            [
                Coding(doc.id, unit.start, unit.end, "economy", unit_index=2,
                       evidence=(glob, word)),
                suggestion(doc, 4, "uncertainty", "doubts"),
            ]
        )
        project.tag(doc.id, 4, "prestige", coder="anna")  # a person's coding has no evidence
        frame = project.evidence()
    assert list(frame.columns) == list(EVIDENCE_COLUMNS)
    rows = frame[["code", "kind", "pattern", "matched"]].itertuples(index=False, name=None)
    assert list(rows) == [
        ("economy", "glob", "*port*", "port"),
        ("economy", "word", "trade", "trade"),
        ("uncertainty", "word", "doubts", "doubts"),
    ]
    assert set(frame["language"]) == {"en"}
    assert set(frame["status"]) == {"suggested"} and set(frame["coder"]) == {"auto"}
    first = frame.iloc[0]
    assert doc.text[first["start"] : first["end"]] == "port"


def test_a_project_without_suggestions_has_no_evidence(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p.db", book(tmp_path)) as project:
        assert project.evidence().empty
