"""Merging keeps what other QDA tools bring: code groups, codings over several units, GUIDs."""

from __future__ import annotations

from pathlib import Path

from interviewkit.store import Project
from interviewkit.store.exchange import ExchangeBundle, ExchangeGroup
from interviewkit.store.imports import ImportRow
from tests.store.factory import book, transcript

A = transcript("a", city="Bonn")


def _project(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    with Project.create(path, codebook=book(tmp_path)) as project:
        project.add_transcripts([A])
    return path


def _span(project: Project, coder: str) -> None:
    """A coding over two turns (units 2 and 3)."""
    start, end = A.text.index("the trade"), A.text.index("the city?") + len("the city?")
    project.import_codings([ImportRow(1, "a", "economy", start=start, end=end)], coder=coder)


def _linked(project: Project) -> list[list[tuple[object, ...]]]:
    codings = project.codings().set_index("id")
    groups: dict[int, list[tuple[object, ...]]] = {}
    for coding, span in project.coding_spans().items():
        row = codings.loc[coding]
        groups.setdefault(span, []).append((row.unit, row.code, row.coder, row.start, row.end))
    return sorted(sorted(g) for g in groups.values())


def test_merge_brings_code_groups_and_codings_over_several_units(tmp_path: Path) -> None:
    anna, bo = _project(tmp_path, "anna.db"), _project(tmp_path, "bo.db")
    with Project(bo) as project:
        _span(project, "bo")
        project.import_exchange(ExchangeBundle(
            groups=(ExchangeGroup("Motives", ("economy", "prestige"), "Why.", "ABC-GUID"),),
            guids=(("code", "economy", "5D2E8F6B-1C3A-4B7E-9F0D-2A4C6E8B0D12"),)))
        theirs = (_linked(project), project.code_groups())
    with Project(anna) as project:
        report = project.merge(bo)
        assert (report.code_groups, report.spans, report.codings_added) == (["Motives"], 1, 2)
        assert _linked(project) == theirs[0]
        assert [len(g) for g in _linked(project)] == [2]
        assert project.code_groups() == theirs[1]
        assert project.exchange_guids()["code"] == {
            "economy": "5D2E8F6B-1C3A-4B7E-9F0D-2A4C6E8B0D12"}
        # The coding counts in each unit it covers, and is one coding in an export.
        assert sorted(project.segments(coders=["bo"])["unit"]) == [2, 3]
        # Merging again changes nothing.
        again = project.merge(bo)
        assert (again.code_groups, again.spans, again.codings_added) == ([], 0, 0)
        assert _linked(project) == theirs[0]


def test_a_group_of_the_same_name_gains_their_members_and_keeps_ours(tmp_path: Path) -> None:
    anna, bo = _project(tmp_path, "anna.db"), _project(tmp_path, "bo.db")
    with Project(anna) as project:
        project.import_exchange(ExchangeBundle(
            groups=(ExchangeGroup("Motives", ("economy",), "Anna's words."),)))
    with Project(bo) as project:
        project.import_exchange(ExchangeBundle(
            groups=(ExchangeGroup("Motives", ("prestige",), "Bo's words.", "BO-GUID"),
                    ExchangeGroup("Worries", ("uncertainty",)))))
    with Project(anna) as project:
        report = project.merge(bo)
        assert report.code_groups == ["Motives", "Worries"]
        assert project.code_groups() == {
            "Motives": ("Anna's words.", None, ["economy", "prestige"]),
            "Worries": ("", None, ["uncertainty"]),
        }


def test_their_piece_joins_the_span_this_project_has(tmp_path: Path) -> None:
    anna, bo = _project(tmp_path, "anna.db"), _project(tmp_path, "bo.db")
    start = A.text.index("the trade")
    with Project(anna) as project:
        # bo's first piece, as this project has it: one coding, not linked.
        project.import_codings([ImportRow(1, "a", "economy", start=start,
                                          end=A.unit(2).end)], coder="bo")
    with Project(bo) as project:
        _span(project, "bo")
        theirs = _linked(project)
    with Project(anna) as project:
        report = project.merge(bo)
        assert (report.codings_added, report.spans) == (1, 1)
        assert _linked(project) == theirs
