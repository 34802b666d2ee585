"""``Project.coded_unit_counts``: the counting rule of ``coded_units``, done by the store.

Random projects — parents tagged directly, interviewer turns coded, rejected
and accepted suggestions, several automatic and human coders, manual spans
inside one unit, a retired code — are counted both ways and must agree exactly.
"""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
import pytest

from interviewkit.analysis.themes import coded_units, counting_basis
from interviewkit.codebook import Codebook
from interviewkit.models import Coding
from interviewkit.store import Project
from tests.store.factory import book as read_book
from tests.store.factory import transcript

DEEP_BOOK = """\
name: deep
version: "1"
codes:
  - id: drivers
    name: Drivers
    children:
      - id: economy
        name: Economy
        children:
          - {id: port, name: Port}
          - {id: trade, name: Trade}
      - {id: prestige, name: Prestige}
  - {id: relation, name: Relationship, children: [{id: trust, name: Trust}]}
  - {id: uncertainty, name: Uncertainty}
  - {id: gone, name: Gone}
"""
CITIES = ("Bonn", "Wuhan", "Chengdu", "")
PARTNERS = {"Bonn": "Chengdu", "Chengdu": "Bonn", "Wuhan": "Duisburg"}
SEEDS = (1, 2, 3, 4)


def random_project(folder: Path, seed: int) -> tuple[Project, Codebook]:
    """An in-memory project of a dozen transcripts coded at random by four coders."""
    rng = random.Random(seed)
    book = read_book(folder, DEEP_BOOK)
    project = Project.create(":memory:", codebook=book)
    docs = []
    for d in range(rng.randint(6, 12)):
        turns = [(rng.choice("IRR"), f"turn {i} words here") for i in range(rng.randint(1, 14))]
        city = ("Bonn", "Chengdu")[d] if d < 2 else rng.choice(CITIES)  # a partnership
        meta = {"city": city, "country": "China" if city in ("Wuhan", "Chengdu") else "Germany",
                "partner_city": PARTNERS.get(city, "")}
        docs.append(transcript(f"doc{d:02d}", turns, **meta))
    project.add_transcripts(docs)
    codes = [c.id for c in book.codes]
    for auto in ("auto", "auto2"):
        suggestions = [
            Coding(t.id, u.start, u.end, rng.choice(codes), coder=auto, unit_index=u.index)
            for t in docs for u in t.units for _ in range(rng.randint(0, 2))
        ]
        project.store_auto_codings(suggestions, coder=auto)
    stored = project.codings(coders=["auto"])
    for row in stored.sample(frac=0.5, random_state=seed).itertuples():
        status = rng.choice(["accepted", "rejected"])
        project.review(row.doc_id, row.unit, row.code, status=status, reviewer="anna")
    for person in ("anna", "ben"):
        for t in docs:
            for u in t.units:
                if rng.random() < 0.4:
                    code = rng.choice(codes)  # parents too, and interviewer turns
                    project.tag(t.id, u.index, code, coder=person)
                    if rng.random() < 0.3 and u.end - u.start > 2:  # a second span, same code
                        project.tag(t.id, u.index, code, coder=person, start=u.start,
                                    end=u.start + 2)
    if seed % 2:
        # Retire 'gone': its codings stay, the codebook no longer has it.
        book = read_book(folder, DEEP_BOOK.replace("  - {id: gone, name: Gone}\n", ""))
        project.load_codebook(book)
        book = project.codebook()
    return project, book


def members_of(book: Codebook, project: Project) -> dict[str, set[str]]:
    found = {c.id: {c.id, *book.descendants(c.id)} for c in book.walk()}
    for code in project.code_names():
        found.setdefault(code, {code})
    return found


def frames_way(project: Project, book: Codebook, coders: list[str] | None):  # type: ignore[no-untyped-def]
    counted = coded_units(project.coding_keys(), project.respondent_units(), book, coders=coders)
    per_doc = (counted.frame.groupby(["doc_id", "code"]).size().rename("units").reset_index()
               .sort_values(["doc_id", "code"], ignore_index=True))
    return counted, per_doc


CODER_CHOICES = (None, ["anna"], ["auto", "ben"], ["auto2"], ["nobody"])


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("coders", CODER_CHOICES)
def test_store_counts_equal_the_frames_rule(tmp_path: Path, seed: int,
                                            coders: list[str] | None) -> None:
    project, book = random_project(tmp_path, seed)
    with project:
        found = project.coded_unit_counts(members=members_of(book, project), coders=coders)
        counted, per_doc = frames_way(project, book, coders)
        respondent = project.respondent_units().groupby("doc_id").size()
        kept = project.coding_keys()
    pd.testing.assert_frame_equal(found.counts, per_doc, check_dtype=False)
    assert found.counts["units"].dtype == "int64"
    assert found.left_out == len(counted.left_out)
    assert counting_basis(found.basis, coders=coders) == counted.basis
    assert dict(zip(found.doc_units["doc_id"], found.doc_units["units"], strict=True)) == \
        respondent.to_dict()
    if coders:
        kept = kept[kept["coder"].isin(coders)]
    assert found.codes == sorted(set(kept["code"]))


def test_the_random_projects_have_what_the_rule_is_about(tmp_path: Path) -> None:
    project, _ = random_project(tmp_path, 1)
    with project:
        codings = project.codings()
        units = project.units()
    coded = codings.merge(units[["doc_id", "unit", "interviewer"]], on=["doc_id", "unit"])
    assert coded["interviewer"].any()
    assert {"accepted", "rejected", "suggested"} <= set(codings["status"])
    assert {"drivers", "economy"} & set(codings.loc[codings["origin"] == "manual", "code"])
    assert "gone" in set(codings["code"])
    assert codings.duplicated(["doc_id", "unit", "code", "coder"]).any()  # two spans


def test_an_empty_project_counts_nothing(tmp_path: Path) -> None:
    book = read_book(tmp_path, DEEP_BOOK)
    with Project.create(":memory:", codebook=book) as project:
        found = project.coded_unit_counts(members={"drivers": {"drivers", "port"}})
    assert found.counts.empty and found.doc_units.empty and found.basis.empty
    assert found.left_out == 0 and found.codes == []
    assert list(found.counts.columns) == ["doc_id", "code", "units"]


def test_rejected_never_counts_and_statuses_are_checked(tmp_path: Path) -> None:
    project, book = random_project(tmp_path, 2)
    with project:
        members = members_of(book, project)
        everything = project.coded_unit_counts(members=members,
                                               statuses=("suggested", "accepted", "rejected"))
        default = project.coded_unit_counts(members=members)
        pd.testing.assert_frame_equal(everything.counts, default.counts)
        only = project.coded_unit_counts(members=members, statuses=("accepted",))
        assert set(only.basis["status"]) == {"accepted"}
        with pytest.raises(Exception, match="status"):
            project.coded_unit_counts(members=members, statuses=("maybe",))
