"""Co-occurrence and the code × document matrix, counted by hand."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from interviewkit.analysis.cooccur import code_document_matrix, cooccurrence
from tests.analysis.conftest import small_codebook


@pytest.fixture
def study(tmp_path: Path):  # type: ignore[no-untyped-def]
    rows = [
        ("b1", 2, "econ", "auto", "suggested"),
        ("b1", 2, "prest", "anna", "accepted"),  # econ+prest in one unit, by two coders
        ("b1", 2, "prest", "auto", "suggested"),  # the same again: once
        ("b1", 4, "econ", "auto", "suggested"),
        ("b1", 4, "unc", "auto", "rejected"),  # rejected: never
        ("b1", 6, "econ", "auto", "suggested"),
        ("b1", 6, "unc", "auto", "suggested"),
        ("c1", 2, "prest", "auto", "suggested"),
        ("c1", 2, "unc", "auto", "suggested"),
        ("c1", 4, "econ", "anna", "accepted"),
    ]
    segments = pd.DataFrame(rows, columns=["doc_id", "unit", "code", "coder", "status"])
    documents = pd.DataFrame({"doc_id": ["b1", "c1", "empty"]})
    return small_codebook(tmp_path), segments, documents


def test_counts_and_jaccard_by_hand(study) -> None:  # type: ignore[no-untyped-def]
    book, segments, _ = study
    result = cooccurrence(segments, book)
    counts = result.counts
    assert list(counts.index) == ["econ", "prest", "unc"]
    # units: econ {b1:2, b1:4, b1:6, c1:4}; prest {b1:2, c1:2}; unc {b1:6, c1:2}
    assert counts.loc["econ", "econ"] == 4
    assert counts.loc["econ", "prest"] == counts.loc["prest", "econ"] == 1
    assert counts.loc["econ", "unc"] == 1
    assert counts.loc["prest", "unc"] == 1
    assert result.jaccard.loc["econ", "prest"] == pytest.approx(1 / 5)
    assert result.jaccard.loc["prest", "unc"] == pytest.approx(1 / 3)
    long = result.long()
    assert len(long) == 3 and set(long.columns) >= {"code_a", "code_b", "units_both", "jaccard"}


def test_coders_and_parents(study) -> None:  # type: ignore[no-untyped-def]
    book, segments, _ = study
    anna = cooccurrence(segments, book, coders=["anna"])
    assert anna.counts.loc["econ", "prest"] == 0
    assert anna.counts.loc["prest", "prest"] == 1
    with_parents = cooccurrence(segments, book, parents=True)
    assert list(with_parents.counts.index) == ["drivers", "econ", "prest", "unc"]
    assert with_parents.counts.loc["drivers", "drivers"] == 5
    assert with_parents.counts.loc["drivers", "unc"] == 2


def test_code_document_matrix(study) -> None:  # type: ignore[no-untyped-def]
    book, segments, documents = study
    counts = code_document_matrix(segments, documents, book)
    assert list(counts.columns) == ["b1", "c1", "empty"]
    assert counts.loc["econ"].tolist() == [3, 1, 0]
    assert counts.loc["drivers"].tolist() == [3, 2, 0]
    assert counts.loc["unc"].tolist() == [1, 1, 0]
    binary = code_document_matrix(segments, documents, book, binary=True, parents=False)
    assert list(binary.index) == ["econ", "prest", "unc"]
    assert binary.loc["econ"].tolist() == [1, 1, 0]
