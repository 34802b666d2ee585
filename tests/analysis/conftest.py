"""A small codebook shared by the analysis tests: two parents' worth of codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewkit.codebook import Codebook, load_codebook

SMALL_BOOK = """\
name: t
version: "1"
codes:
  - id: drivers
    name: Drivers
    children:
      - {id: econ, name: Economy, keywords: {en: [trade]}}
      - {id: prest, name: Prestige, keywords: {en: [image]}}
  - {id: unc, name: Uncertainty, keywords: {en: [doubt]}}
"""


def small_codebook(folder: Path) -> Codebook:
    """The small codebook, written to ``folder`` and read back."""
    path = folder / "b.yaml"
    path.write_text(SMALL_BOOK, encoding="utf-8")
    return load_codebook(path)


@pytest.fixture
def small_book(tmp_path: Path) -> Codebook:
    return small_codebook(tmp_path)
