"""Import of what real tools write: NVivo 12, Taguette 1.5.2, ATLAS.ti 23."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from interviewkit.refi import import_file
from interviewkit.refi.positions import normalize_text
from interviewkit.store import Project
from tests.conftest import realdata

NVIVO_SOURCE = "68bbdc14-c361-4432-b4dd-ae1dbfc12890"


@pytest.fixture(scope="module")
def nvivo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, object]:
    path = realdata("refi", "nvivo12_oltas0517.qdpx")
    project = Project.create(tmp_path_factory.mktemp("nvivo") / "n.db")
    report = import_file(project, path)
    yield project, report
    project.close()


def _nvivo_selections(path: Path) -> list[tuple[int, int]]:
    """The selections of the coded source as NVivo wrote them (UTF-16 code units)."""
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("project.qde").decode("utf-8")
        raw = archive.read(f"Sources/{NVIVO_SOURCE}.txt").decode("utf-8")
    body = xml[xml.index(f'<TextSource guid="{NVIVO_SOURCE}"'):]
    pairs = re.findall(r'startPosition="(\d+)" endPosition="(\d+)"', body)
    units = raw.lstrip("\ufeff").encode("utf-16-le")
    # What NVivo showed: the text between the positions, counted as NVivo counts.
    return [(int(a), int(b), normalize_text(units[2 * int(a):2 * int(b)].decode("utf-16-le")))
            for a, b in pairs]


def test_nvivo_counts_are_reported(nvivo: tuple[Project, object]) -> None:
    _, report = nvivo
    assert report.origin == "NVivo for Windows 12.6"
    assert sorted(report.sources) == ["videos_10_selected", "videos_selection"]
    assert len(report.codes_added) == 152
    assert report.codings == 303
    assert report.users == ["Gergo", "floriansipos"]
    assert any("UTF-16" in note for note in report.notes)


def test_nvivo_codings_cover_the_words_nvivo_showed(nvivo: tuple[Project, object]) -> None:
    project, _ = nvivo
    shown = sorted(text for _, _, text in _nvivo_selections(
        realdata("refi", "nvivo12_oltas0517.qdpx")))
    segments = project.segments(statuses=None)
    assert sorted(segments["text"]) == shown
    text = project.transcript("videos_10_selected").text
    assert not text.startswith("\ufeff") and "\r" not in text
    first = segments[segments["text"].str.startswith("Senkit nem lehet")]
    assert len(first) >= 1


def test_nvivo_hierarchy_and_descriptions(nvivo: tuple[Project, object]) -> None:
    project, _ = nvivo
    book = project.codebook()
    assert book is not None
    top = book.get("1_oltas_tipusa")
    assert top.name == "1. Oltás típusa" and top.description == "COVID vay nem COVID"
    assert {c.name for c in book.children(top.id)} == {"COVID", "Nem COVID"}


def test_taguette_backslash_hierarchy(tmp_path: Path) -> None:
    with Project.create(tmp_path / "t.db") as project:
        report = import_file(project, realdata("refi", "taguette_from_tests.qdc"))
        book = project.codebook()
    assert report.origin == "Taguette 1.5.2"
    assert book is not None
    assert [(c.id, c.name, c.parent) for c in book.codes] == [
        ("interesting", "interesting", None), ("places", "places", "interesting"),
        ("people", "people", None),
    ]


def test_atlas_ti_codebook_with_a_wrong_schema_location(tmp_path: Path) -> None:
    with Project.create(tmp_path / "a.db") as project:
        report = import_file(project, realdata("refi", "atlasti23_via_requal_tests.qdc"))
        book = project.codebook()
    assert book is not None
    (code,) = book.codes
    assert (code.name, code.color, code.description) == ("code1", "#46AA00", "description")
    assert report.code_groups == ["code group 1"] and report.skipped == []
    assert project_groups(tmp_path / "a.db") == {
        "code group 1": ("kategorie 1", "ECA18D76-2B8B-4F26-BC1D-19ECA19FB3F0", ["code1"])}


def project_groups(path: Path) -> dict[str, object]:
    with Project(path) as project:
        return project.code_groups()  # type: ignore[return-value]


def test_a_codebook_again_matches_its_codes(tmp_path: Path) -> None:
    path = realdata("refi", "atlasti23_via_requal_tests.qdc")
    with Project.create(tmp_path / "a.db") as project:
        import_file(project, path)
        again = import_file(project, path)
    assert again.codes_added == [] and again.codes_matched == ["code1"]
