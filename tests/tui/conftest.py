"""A small project on disk for the review app: a German and a Chinese interview."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from interviewkit.codebook import load_codebook
from interviewkit.store import Project
from tests.store.factory import suggestion, transcript

BOOK = """\
name: review test book
version: "1"
codes:
  - id: drivers
    name: Drivers
    description: Why cities cooperate. Parent code.
    children:
      - id: economy
        name: Economy
        color: "#E69F00"
        description: economic motives, trade and investment
        include: Apply when the speaker names an economic benefit.
        exclude: Not for the city's budget.
        keywords: {de: [Hafen, Handel], zh: [贸易]}
      - id: prestige
        name: Prestige
        color: "#CC79A7"
        description: image and reputation of the city
        keywords: {de: [Image], zh: [形象]}
  - id: uncertainty
    name: Uncertainty
    color: "#999999"
    description: doubt, risk and mistrust
    keywords: {de: [Zweifel], zh: [担心]}
"""

TURNS_DE = [
    ("I", "Erzählen Sie von der Partnerschaft."),
    ("B", "Der Hafen und der Handel sind uns wichtig. Das Image hilft auch."),
    ("I", "Und die Verträge?"),
    ("B", "Da haben wir Zweifel. Niemand weiß, was kommt."),
    ("I", "Danke."),
    ("B", "Gern geschehen, und grüßen Sie die Kolleginnen."),
]
TURNS_ZH = [
    ("问", "请介绍一下友城合作。"),
    ("答", "贸易很重要，城市形象也很重要。我们也有一些担心，因为政策变化很快，"
           "很多项目都停下来了，这个情况大家都知道。"),
]


@pytest.fixture
def anyio_backend() -> str:
    """Textual runs on asyncio; anyio's pytest plugin runs the async tests."""
    return "asyncio"


@pytest.fixture
def project_file(tmp_path: Path) -> Iterator[Path]:
    """A project file with suggestions of 'auto' on units 2 and 4 of ``de_01``."""
    path = tmp_path / "interviewkit.db"
    book_file = tmp_path / "book.yaml"
    book_file.write_text(BOOK, encoding="utf-8")
    de = transcript("de_01", TURNS_DE, language="de", city="Bonn")
    zh = transcript("zh_01", TURNS_ZH, language="zh", city="Wuhan")
    with Project.create(path, load_codebook(book_file)) as project:
        project.add_transcripts([de, zh])
        project.store_auto_codings([
            suggestion(de, 2, "economy", "Hafen"),
            suggestion(de, 2, "prestige", "Image"),
            suggestion(de, 4, "uncertainty", "Zweifel"),
            suggestion(zh, 2, "economy", "贸易"),
            suggestion(zh, 2, "uncertainty", "担心"),
        ])
    yield path
