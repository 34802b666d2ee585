"""Files coded at once without a project give the rows an in-memory project gives."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from interviewkit.codebook import load_codebook
from interviewkit.coding import Coder
from interviewkit.errors import DataError
from interviewkit.models import Transcript
from interviewkit.store.frames import SEGMENT_COLUMNS
from interviewkit.transcripts import read_transcript
from interviewkit.workflow import code_files, one_shot
from tests.conftest import CODEBOOK, SAMPLES
from tests.store.factory import transcript

#: A codebook with a near miss, a code that does not cancel on negation, a parent with
#: rules of its own, and rules of every kind.
BOOK = """\
name: segments
version: "1"
negation: {window: 3, words: {en: ["no", "not"], de: [kein, keine, nicht]}}
codes:
  - id: drivers
    name: Drivers
    keywords: {en: [motive]}
    children:
      - id: economy
        name: Economy
        keywords:
          en: [trade, port, 'invest*', 'rail freight', '/\\bjobs?\\b/']
          de: [Hafen, Handel, '*investition*', '/\\bwerben\\s+um\\b/']
        near_misses: {en: [trade fair]}
      - id: prestige
        name: Prestige
        negation: false
        keywords: {en: [image], de: [Image, Ansehen]}
  - id: uncertainty
    name: Uncertainty
    keywords: {en: [doubt, risk], de: [Zweifel], xx: ['/\\?\\?/']}
"""


def _transcripts() -> list[Transcript]:
    return [
        transcript(
            "en_b",
            [
                ("I", "Tell me about the trade?"),
                ("R", "The port and the trade matter. No doubt about jobs, the image helps."),
                ("R", "We met at the trade fair. Not an image problem, no risk ??"),
                ("I", "And investments?"),
                ("R", "Investments in rail freight; the motive was trade."),
            ],
            city="Bonn",
            institution="=city hall",
        ),
        transcript(
            "de_a",
            [
                ("B", "Der Hafen und kein Handel; wir werben um Investitionen."),
                ("I", "Zweifel?"),
                ("B", "Keine Zweifel. Das Ansehen, das Image der Stadt."),
            ],
            language="de",
            city="Köln",
            wave="2",
        ),
        transcript("en_c", [("R", "Nothing to code here.")]),
    ]


def _project_rows(docs: list[Transcript], book, coder: Coder) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    with one_shot(docs, book, coder) as project:
        return project.segments()


def _rows(frame: pd.DataFrame) -> list[tuple[object, ...]]:
    """The frame's rows, a missing value as None (pandas infers a text column: NaN)."""
    return [
        tuple(None if v is None or v != v else v for v in row)
        for row in frame.itertuples(index=False)
    ]


@pytest.mark.parametrize("detail", [False, True])
def test_the_same_rows_as_the_in_memory_project(tmp_path: Path, detail: bool) -> None:
    path = tmp_path / "book.yaml"
    path.write_text(BOOK, encoding="utf-8")
    book = load_codebook(path)
    docs = _transcripts()
    seen: list[object] = []
    segments = code_files(docs, book, Coder(book), on_unit=seen.append, detail=detail)
    expected = _project_rows(docs, book, Coder(book))
    assert len(seen) == 6  # every respondent unit, coded or not
    assert segments.columns[: len(SEGMENT_COLUMNS)] == SEGMENT_COLUMNS
    assert list(segments.columns) == list(expected.columns)
    assert _rows(expected) == segments.rows
    pd.testing.assert_frame_equal(segments.frame(), expected)
    assert len(segments) > 5 and segments.column("doc_id")[0] == "de_a"


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_same_rows_on_the_samples(jobs: int) -> None:
    book = load_codebook(CODEBOOK)
    docs = [read_transcript(SAMPLES / n) for n in ("bonn_en_02.md", "wuhan_zh_01.md")]
    docs.append(read_transcript(SAMPLES / "bonn_de_01.md"))
    coder = Coder(book, speakers=None, jobs=jobs)
    segments = code_files(docs, book, coder)
    expected = _project_rows(docs, book, Coder(book))
    pd.testing.assert_frame_equal(segments.frame(), expected)


def test_only_some_speakers(tmp_path: Path) -> None:
    path = tmp_path / "book.yaml"
    path.write_text(BOOK, encoding="utf-8")
    book = load_codebook(path)
    docs = _transcripts()
    segments = code_files(docs, book, Coder(book, speakers=["B"]))
    expected = _project_rows(docs, book, Coder(book, speakers=["B"]))
    pd.testing.assert_frame_equal(segments.frame(), expected)
    assert set(segments.column("speaker")) == {"B"}


def test_nothing_coded_gives_the_columns_and_no_rows(tmp_path: Path) -> None:
    path = tmp_path / "book.yaml"
    path.write_text(BOOK, encoding="utf-8")
    book = load_codebook(path)
    docs = [transcript("en_c", [("R", "Nothing to code here.")])]
    segments = code_files(docs, book, Coder(book))
    expected = _project_rows(docs, book, Coder(book))
    assert segments.rows == [] and expected.empty
    assert list(segments.columns) == list(expected.columns)


def test_two_transcripts_with_one_id_are_refused_as_a_project_refuses_them(
    tmp_path: Path,
) -> None:
    path = tmp_path / "book.yaml"
    path.write_text(BOOK, encoding="utf-8")
    book = load_codebook(path)
    docs = [transcript("same"), transcript("same")]
    with pytest.raises(DataError) as ours:
        code_files(docs, book, Coder(book))
    with pytest.raises(DataError) as theirs:
        _project_rows(docs, book, Coder(book))
    assert str(ours.value) == str(theirs.value) and ours.value.hint == theirs.value.hint
