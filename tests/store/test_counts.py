"""``Project.counting_keys``: what the store hands over for counting, and a random project.

Random projects — parents tagged directly, interviewer turns coded, rejected
and accepted suggestions, several automatic and human coders, manual spans
inside one unit, a retired code — are used here and by the counting tests
(tests/analysis/test_counting.py), which count them both ways.
"""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
import pytest

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


CODER_CHOICES = (None, ["anna"], ["auto", "ben"], ["auto2"], ["nobody"])


def unpacked(project: Project, **options) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    """The keys ``counting_keys`` hands over, as (doc_id, unit, code, coder, status, origin)."""
    stored = project.counting_keys(**options)
    summary = stored.summary
    rows = [
        (summary.doc_name[int(key) // summary.stride], int(key) % summary.stride, run.code,
         run.coder, run.status, run.origin)
        for run in stored.runs for key in run.keys
    ]
    frame = pd.DataFrame(rows, columns=["doc_id", "unit", "code", "coder", "status", "origin"])
    return frame.sort_values(list(frame.columns), ignore_index=True)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("coders", CODER_CHOICES)
def test_the_store_hands_over_every_coding_it_is_asked_for(tmp_path: Path, seed: int,
                                                          coders: list[str] | None) -> None:
    project, _ = random_project(tmp_path, seed)
    with project:
        found = unpacked(project, coders=coders)
        codings = project.coding_keys(statuses=("suggested", "accepted"))
        units = project.units()
        summary = project.counting_keys().summary
    if coders:
        codings = codings[codings["coder"].isin(coders)]
    expected = codings[["doc_id", "unit", "code", "coder", "status", "origin"]]
    expected = expected.sort_values(list(expected.columns), ignore_index=True)
    pd.testing.assert_frame_equal(found, expected, check_dtype=False)
    respondent = units[~units["interviewer"]]
    by_doc = respondent.groupby("doc_id").agg(units=("unit", "size"), words=("words", "sum"))
    stored = {n: (int(u), int(w)) for n, u, w in
              zip(summary.names, summary.respondents, summary.words, strict=True) if u}
    assert stored == {d: (int(r.units), int(r.words)) for d, r in by_doc.iterrows()}


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


def test_an_empty_project_hands_over_nothing(tmp_path: Path) -> None:
    book = read_book(tmp_path, DEEP_BOOK)
    with Project.create(":memory:", codebook=book) as project:
        found = project.counting_keys()
    assert found.runs == [] and found.summary.names == []


def test_statuses_are_read_as_asked_and_checked(tmp_path: Path) -> None:
    project, _ = random_project(tmp_path, 2)
    with project:
        rejected = unpacked(project, statuses=("rejected",))
        assert set(rejected["status"]) == {"rejected"}
        default = unpacked(project)
        assert set(default["status"]) == {"accepted", "suggested"}
        with pytest.raises(Exception, match="status"):
            project.counting_keys(statuses=("maybe",))
