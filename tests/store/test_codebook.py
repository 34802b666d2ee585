"""The project's codebook: identity by id across loads, retired codes, history."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewkit.errors import DataError
from interviewkit.store import Project
from tests.store.factory import BOOK, book, suggestion, transcript

EDITED = """\
name: test book
version: "2"
codes:
  - id: drivers
    name: Drivers of cooperation
    children:
      - id: economy
        name: Economic growth
        keywords:
          en: [trade, port, export*]
  - id: networking
    name: Networking
    keywords:
      en: [delegation]
"""


def test_codebook_round_trip(tmp_path: Path) -> None:
    original = book(tmp_path)
    with Project.create(tmp_path / "p.db", codebook=original) as project:
        stored = project.codebook()
        assert stored is not None
        assert (stored.name, stored.version) == (original.name, original.version)
        assert stored.codes == original.codes
        assert stored.negation_words == original.negation_words
        assert project.code_names() == {
            "drivers": "Drivers", "economy": "Economy", "prestige": "Prestige",
            "uncertainty": "Uncertainty",
        }


def test_a_new_version_keeps_codes_by_id(tmp_path: Path) -> None:
    t = transcript("a")
    with Project.create(tmp_path / "p.db", codebook=book(tmp_path)) as project:
        project.add_transcripts([t])
        project.store_auto_codings([suggestion(t, 2, "economy", "port"),
                                    suggestion(t, 4, "prestige", "image")])
        report = project.load_codebook(book(tmp_path, EDITED))
        assert report.version == "2" and report.previous_version == "1"
        assert report.added == ["networking"]
        assert sorted(report.updated) == ["drivers", "economy"]
        assert report.retired == ["prestige"]  # used by a coding: kept
        assert report.removed == ["uncertainty"]  # unused: gone
        current = project.codebook()
        assert current is not None and current.version == "2"
        assert [c.id for c in current.codes] == ["drivers", "economy", "networking"]
        assert project.code_names()["prestige"] == "Prestige"
        # The codings still point at their codes, the renamed one under its new name.
        frame = project.segments()
        assert dict(zip(frame["code"], frame["code_name"], strict=True)) == {
            "economy": "Economic growth", "prestige": "Prestige",
        }
        assert project.status().retired_codes == 1
        # A retired code cannot be used for new codings, but can be found.
        with pytest.raises(DataError, match="retired"):
            project.tag("a", 2, "prestige", coder="anna")
        assert len(project.segments(codes=["prestige"])) == 1
        # Loading the first version again brings the retired code back.
        again = project.load_codebook(book(tmp_path, BOOK))
        assert "prestige" in again.updated and not again.retired
        history = project.codebook_history()
        assert history["version"].tolist() == ["1", "2", "1"]
        assert history.loc[1, "retired"] == "prestige"


def test_loading_the_same_codebook_changes_no_code(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p.db", codebook=book(tmp_path)) as project:
        report = project.load_codebook(book(tmp_path))
        assert not (report.added or report.updated or report.retired or report.removed)
        assert len(report.unchanged) == 4


def test_a_code_with_a_memo_is_retired_not_removed(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p.db", codebook=book(tmp_path)) as project:
        project.memo("what counts as doubt?", coder="anna", code="uncertainty")
        report = project.load_codebook(book(tmp_path, EDITED))
        assert "uncertainty" in report.retired
