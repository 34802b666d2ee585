"""The counting rule, counted two ways: from the keys a project hands over, and from frames.

``document_counts`` (integer keys from the store, NumPy) is what every command
uses; ``document_counts_from_frames`` (pandas, built on ``coded_units``) is the
oracle. On random projects — parents tagged directly, interviewer turns coded,
rejected and accepted suggestions, several automatic and human coders, two
spans of a code in one unit, a retired code — they must agree exactly.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from interviewkit.analysis.counting import (
    code_members,
    coded_units,
    document_counts,
    document_counts_from_frames,
    roll_up,
)
from interviewkit.analysis.selection import Selection, select
from tests.store.test_counts import CODER_CHOICES, SEEDS, random_project


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("coders", [c for c in CODER_CHOICES if c != ["nobody"]])
def test_counts_from_the_store_equal_the_frames_rule(
    tmp_path: Path, seed: int, coders: list[str] | None
) -> None:
    project, book = random_project(tmp_path, seed)
    with project:
        found = document_counts(project, book, coders=coders)
        expected = document_counts_from_frames(
            project.coding_keys(),
            project.respondent_units(),
            project.documents(),
            book,
            coders=coders,
            decisions=project.decisions(),
            kinds=project.coder_kinds(),
        )
    pd.testing.assert_frame_equal(found.counts, expected.counts, check_dtype=False)
    assert found.counts["units"].dtype == "int64"
    pd.testing.assert_frame_equal(found.doc_units, expected.doc_units, check_dtype=False)
    assert found.left_out == expected.left_out
    assert found.basis == expected.basis
    assert found.seen == expected.seen


def test_a_coder_nobody_knows_is_an_error_not_an_empty_table(tmp_path: Path) -> None:
    from interviewkit.errors import DataError

    project, book = random_project(tmp_path, 1)
    with project, pytest.raises(DataError, match="there is no coder 'nobody'"):
        document_counts(project, book, coders=["nobody"])


def test_a_person_is_counted_on_the_transcripts_they_worked_on(tmp_path: Path) -> None:
    project, book = random_project(tmp_path, 1)
    with project:
        worked = project.worked_documents(["ben"])
        found = document_counts(project, book, coders=["ben"])
        everyone = document_counts(project, book)
        machine = document_counts(project, book, coders=["auto"])
    assert set(found.documents["doc_id"]) == worked
    assert found.basis.coverage == (len(worked), len(everyone.documents))
    assert set(found.doc_units["doc_id"]) <= worked
    assert machine.basis.coverage is None and len(machine.documents) == len(everyone.documents)


def test_the_frames_rule_by_hand() -> None:
    """Rejected never counts; interviewer units are left out; a parent counts its children;
    each unit once, whoever coded it."""
    from interviewkit.codebook.model import Code, Codebook

    book = Codebook(
        name="b",
        version="1",
        codes=(
            Code(id="drivers", name="Drivers"),
            Code(id="port", name="Port", parent="drivers"),
            Code(id="trade", name="Trade", parent="drivers"),
        ),
    )
    segments = pd.DataFrame(
        [
            ("d", 1, "port", "auto", "auto", "suggested"),
            ("d", 1, "trade", "anna", "manual", "accepted"),  # same unit: drivers once
            ("d", 2, "port", "auto", "auto", "rejected"),  # never counts
            ("d", 3, "trade", "anna", "manual", "accepted"),  # an interviewer's unit
            ("d", 4, "port", "anna", "manual", "accepted"),
            ("d", 4, "port", "ben", "manual", "accepted"),
        ],  # two coders, one unit
        columns=["doc_id", "unit", "code", "coder", "origin", "status"],
    )
    units = pd.DataFrame({"doc_id": ["d"] * 3, "unit": [1, 2, 4], "words": [5, 6, 7]})
    counted = coded_units(segments, units, book)
    got = sorted(map(tuple, counted.frame.astype({"unit": int}).to_numpy().tolist()))
    assert got == [
        ("d", 1, "drivers"),
        ("d", 1, "port"),
        ("d", 1, "trade"),
        ("d", 4, "drivers"),
        ("d", 4, "port"),
    ]
    assert counted.left_out.to_dict("records") == [{"doc_id": "d", "unit": 3, "code": "trade"}]
    per_doc = document_counts_from_frames(segments, units, pd.DataFrame({"doc_id": ["d"]}), book)
    assert per_doc.doc_units.to_dict("records") == [{"doc_id": "d", "units": 3, "words": 18}]
    kept, _ = select(segments.assign(id=range(len(segments))), pd.DataFrame(
        columns=["coding", "doc_id", "coder", "verdict"]), Selection())
    rolled = roll_up(kept, code_members(book, ["drivers"]))
    assert sorted(rolled["unit"]) == [1, 3, 4]
    each = roll_up(kept, code_members(book, ["drivers"]), once=False)
    assert len(each) == 5


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("coders", [None, ["anna"]])
def test_counts_by_speaker_equal_the_frames_rule(tmp_path: Path, seed: int,
                                                 coders: list[str] | None) -> None:
    project, book = random_project(tmp_path, seed)
    with project:
        found = document_counts(project, book, coders=coders, split="speaker")
        units = project.units()
        expected = document_counts_from_frames(
            project.coding_keys(), units[~units["interviewer"]], project.documents(), book,
            coders=coders, decisions=project.decisions(), kinds=project.coder_kinds(),
            split="speaker")
        whole = document_counts(project, book, coders=coders)
    pd.testing.assert_frame_equal(found.counts, expected.counts, check_dtype=False)
    pd.testing.assert_frame_equal(found.doc_units, expected.doc_units, check_dtype=False)
    pd.testing.assert_frame_equal(found.documents.reset_index(drop=True),
                                  expected.documents.reset_index(drop=True), check_dtype=False)
    # The parts of a document add up to the document.
    summed = found.counts.assign(doc=found.counts["doc_id"].str.split(" · ").str[0])
    summed = summed.groupby(["doc", "code"])["units"].sum().reset_index()
    summed.columns = ["doc_id", "code", "units"]
    pd.testing.assert_frame_equal(summed, whole.counts, check_dtype=False)
    assert set(found.documents["speaker"]) <= {"R"}  # the random project's respondents
