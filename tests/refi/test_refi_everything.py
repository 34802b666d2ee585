"""Export then import into a new project gives back everything a user did.

The project (tests/refi/everything.py) has every kind of thing in it: several coders who
decided differently on the same suggestion, two automatic coders, a final coding with a
code it settled as absent, memos of every kind, code groups, a span over two turns,
header and heading units, a caption transcript, Chinese text, attributes and a retired code.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import xmlschema

from interviewkit.refi import export_project, import_file
from interviewkit.store import Project
from tests.conftest import DATA
from tests.refi.everything import build
from tests.refi.helpers import qde


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("everything"))


@pytest.fixture
def original(built: Path, tmp_path: Path) -> Path:
    path = tmp_path / "everything.db"
    shutil.copy(built, path)
    return path


@pytest.fixture(scope="module")
def schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(DATA / "refi" / "Project.xsd"))


def rows(frame: pd.DataFrame, drop: tuple[str, ...] = ()) -> list[tuple[Any, ...]]:
    """The rows of a frame as sorted tuples (missing values as None), without ``drop``."""
    kept = frame.drop(columns=list(drop)).astype(object)
    kept = kept.where(kept.notna(), None)
    return sorted((tuple(r) for r in kept.itertuples(index=False)), key=repr)


def spans(project: Project) -> list[list[tuple[Any, ...]]]:
    """The codings stored in pieces, as groups of (doc, unit, code, coder)."""
    codings = project.codings().set_index("id")
    groups: dict[int, list[tuple[Any, ...]]] = {}
    for coding, span in project.coding_spans().items():
        row = codings.loc[coding]
        groups.setdefault(span, []).append((row.doc_id, row.unit, row.code, row.coder))
    return sorted(sorted(g) for g in groups.values())


def everything(project: Project) -> dict[str, object]:
    status = project.status()
    book = project.codebook()
    assert book is not None
    return {
        "segments": rows(project.segments(statuses=None)),
        "codings": rows(project.codings(), drop=("id",)),
        "memos": rows(project.memos(), drop=("id",)),
        "decisions": rows(project.decisions(), drop=("coding",)),
        "status": (status.documents, status.units, status.respondent_units, status.words,
                   status.codebook_name, status.codebook_version, status.codes,
                   status.retired_codes, status.coders),
        "kinds": project.coder_kinds(),
        "groups": project.code_groups(),
        "spans": spans(project),
        "units": rows(project.units()),
        "documents": rows(project.documents(), drop=("source",)),
        "codes": [(c.id, c.name, c.parent, c.description, c.include, c.exclude, c.examples,
                   c.color) for c in book.codes],
        "all codes": project.code_names(),
    }


def test_export_then_import_gives_back_everything(
    original: Path, tmp_path: Path, schema: xmlschema.XMLSchema
) -> None:
    out = tmp_path / "out.qdpx"
    with Project(original) as project:
        before = everything(project)
        written = export_project(project, out)
    schema.validate(qde(out).decode("utf-8"))
    with Project.create(tmp_path / "again.db") as again:
        report = import_file(again, out)
        after = everything(again)
    for key, value in before.items():
        assert after[key] == value, key
    # What makes this test worth its name: each kind of thing is there to be lost.
    assert {"accepted", "rejected", "suggested"} <= {s[9] for s in before["segments"]}  # type: ignore[index,attr-defined]
    assert before["kinds"] == {"auto": "auto", "dictionary": "auto", "anna": "person",
                               "ben": "person", "李": "person", "final": "consensus"}
    assert len(before["decisions"]) == 8 == report.decisions == written.decisions  # type: ignore[arg-type]
    assert {m[0] for m in before["memos"]} == {  # type: ignore[attr-defined]
        "project", "document", "unit", "code", "document and code", "coding"}
    assert len(before["spans"]) == 1  # type: ignore[arg-type]
    assert report.notes == [] and report.not_placed == [] and report.skipped == []


def test_two_coders_decisions_and_the_settled_absence_come_back(
    original: Path, tmp_path: Path
) -> None:
    with Project(original) as project:
        export_project(project, tmp_path / "out.qdpx")
    with Project.create(tmp_path / "again.db") as again:
        import_file(again, tmp_path / "out.qdpx")
        decided = again.decisions().set_index(["doc_id", "code", "coder"])["verdict"]
        codings = again.codings().set_index(["doc_id", "unit", "code", "coder"])["status"]
    # One suggestion, two verdicts: accepted by anna, rejected by ben; someone accepted it.
    assert decided[("bonn_de_03", "economy", "anna")] == "accepted"
    assert decided[("bonn_de_03", "economy", "ben")] == "rejected"
    assert codings[("bonn_de_03", 3, "economy", "auto")] == "accepted"
    # Rejected by both: rejected, and still there with both decisions.
    assert codings[("bonn_de_03", 3, "trust", "auto")] == "rejected"
    # The final coding says doubt is absent from unit 5.
    assert codings[("bonn_de_03", 5, "doubt", "final")] == "rejected"


def test_importing_the_export_into_the_project_itself_changes_nothing(
    original: Path, tmp_path: Path
) -> None:
    with Project(original) as project:
        before = everything(project)
        export_project(project, tmp_path / "out.qdpx")
        report = import_file(project, tmp_path / "out.qdpx")
        assert everything(project) == before
        # Every coding is there already; the two pieces of the span are one coding.
        assert report.codings_present == len(project.codings()) - 1
    assert (report.codings, report.memos, report.decisions, report.codes_added) == (0, 0, 0, [])


def _without_descriptions(path: Path, out: Path) -> None:
    """The archive as a tool that keeps only the standard's elements would write it back."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "project.qde":
                text = data.decode("utf-8")
                text = re.sub(r"<Description>interviewkit coding v1.*?</Description>", "", text,
                              flags=re.S)
                data = text.encode("utf-8")
            target.writestr(name, data)


def test_other_tools_read_each_coders_coding_from_the_standard_elements(
    original: Path, tmp_path: Path
) -> None:
    with Project(original) as project:
        export_project(project, tmp_path / "out.qdpx")
    _without_descriptions(tmp_path / "out.qdpx", tmp_path / "plain.qdpx")
    with Project.create(tmp_path / "plain.db") as plain:
        import_file(plain, tmp_path / "plain.qdpx")
        codings = plain.codings()
    got = set(zip(codings["doc_id"], codings["unit"], codings["code"], codings["coder"],
                  codings["status"], strict=True))
    # What a coder accepted is that coder's coding; what nobody took is a suggestion.
    assert ("bonn_de_03", 3, "economy", "anna", "accepted") in got
    assert ("bonn_de_03", 3, "economy", "auto", "suggested") in got
    assert ("wuhan_zh_02", 2, "trust", "李", "accepted") in got
    # Rejected suggestions and a settled absence are no codings at all.
    assert not any(c[2] == "trust" and c[3] == "auto" and c[0] == "bonn_de_03" for c in got)
    assert not any(c[3] == "final" and c[4] == "rejected" for c in got)
    assert ("bonn_de_03", 3, "economy", "ben", "accepted") not in got  # ben rejected it


def test_a_record_that_no_longer_fits_its_selection_is_set_aside(
    original: Path, tmp_path: Path
) -> None:
    with Project(original) as project:
        export_project(project, tmp_path / "out.qdpx")
    # Another tool dropped anna's acceptance, and kept the record.
    with zipfile.ZipFile(tmp_path / "out.qdpx") as source:
        text = source.read("project.qde").decode("utf-8")
        names = {n: source.read(n) for n in source.namelist()}
    users = dict(re.findall(r'<User guid="([^"]+)" name="([^"]+)"', text))
    anna = next(g for g, name in users.items() if name == "anna")
    # Her acceptance is the selection of the same text she made, after the suggestion's.
    record = text.index('{"decision": "accepted", "coder": "anna"')
    found = re.compile(rf'<PlainTextSelection [^>]*creatingUser="{anna}"').search(text, record)
    assert found is not None
    end = text.index("</PlainTextSelection>", found.start()) + len("</PlainTextSelection>")
    names["project.qde"] = (text[: found.start()] + text[end:]).encode("utf-8")
    with zipfile.ZipFile(tmp_path / "edited.qdpx", "w") as target:
        for name, data in names.items():
            target.writestr(name, data)
    with Project.create(tmp_path / "edited.db") as edited:
        report = import_file(edited, tmp_path / "edited.qdpx")
        codings = edited.codings().set_index(["doc_id", "unit", "code", "coder"])["status"]
        assert ("bonn_de_03", 3, "economy", "anna") not in codings.index
        assert codings[("bonn_de_03", 3, "economy", "auto")] == "suggested"
        assert len(edited.decisions()) == 6
    assert report.notes == [STALE.format(1)]


STALE = (
    "{} selection(s) carry a record of interviewkit that cannot be read or no longer fits "
    "their codings (changed in another tool?); their codings were read as they are"
)


def test_a_record_that_cannot_be_read_is_set_aside(original: Path, tmp_path: Path) -> None:
    with Project(original) as project:
        export_project(project, tmp_path / "out.qdpx")
    with zipfile.ZipFile(tmp_path / "out.qdpx") as source:
        names = {n: source.read(n) for n in source.namelist()}
    text = names["project.qde"].decode("utf-8")
    names["project.qde"] = text.replace('"status": "accepted"', '"status": "maybe"').encode()
    with zipfile.ZipFile(tmp_path / "edited.qdpx", "w") as target:
        for name, data in names.items():
            target.writestr(name, data)
    with Project.create(tmp_path / "edited.db") as edited:
        report = import_file(edited, tmp_path / "edited.qdpx")
        codings = edited.codings().set_index(["doc_id", "unit", "code", "coder"])["status"]
        # Read as another tool's codings: the suggestion, and the acceptance as anna's own.
        assert codings[("bonn_de_03", 3, "economy", "auto")] == "suggested"
        assert codings[("bonn_de_03", 3, "economy", "anna")] == "accepted"
    assert report.notes == [STALE.format(text.count('"status": "accepted"'))]


def test_a_colleagues_export_adds_their_decisions_and_keeps_ours(
    original: Path, tmp_path: Path
) -> None:
    colleague = tmp_path / "colleague.db"
    shutil.copy(original, colleague)
    with Project(colleague) as project:
        project.review("bonn_de_03", 3, "economy", status="rejected", reviewer="李")
        project.review("bonn_de_03", 3, "economy", status="rejected", reviewer="anna")
        project.review("bonn_de_03", 5, "exchange", status="accepted", reviewer="ben")
        export_project(project, tmp_path / "colleague.qdpx")
    with Project(original) as project:
        report = import_file(project, tmp_path / "colleague.qdpx")
        decided = project.decisions().set_index(["doc_id", "unit", "code", "coder"])["verdict"]
        status = project.codings().set_index(["doc_id", "unit", "code", "coder"])["status"]
    assert report.decisions == 2 and report.codings == 0
    assert report.notes == ["bonn_de_03, unit 3: anna decided differently on the suggestion "
                            "'economy' in the file; this project's decision was kept"]
    assert decided[("bonn_de_03", 3, "economy", "李")] == "rejected"
    assert decided[("bonn_de_03", 3, "economy", "anna")] == "accepted"  # ours is kept
    assert status[("bonn_de_03", 3, "economy", "auto")] == "accepted"
    # A suggestion nobody here had decided on takes the colleague's decision.
    assert decided[("bonn_de_03", 5, "exchange", "ben")] == "accepted"
    assert status[("bonn_de_03", 5, "exchange", "auto")] == "accepted"


def test_each_selection_holds_one_coding_by_its_own_user(original: Path, tmp_path: Path) -> None:
    """As most tools write them; QualCoder credits a selection's codings to its creatingUser."""
    import defusedxml.ElementTree as ET

    with Project(original) as project:
        export_project(project, tmp_path / "out.qdpx")
    ns = {"q": "urn:QDA-XML:project:1.0"}
    root = ET.fromstring(qde(tmp_path / "out.qdpx"))
    selections = root.findall(".//q:PlainTextSelection", ns)
    codings = [s.findall("q:Coding", ns) for s in selections]
    assert max(len(c) for c in codings) == 1
    # Each has its date too (QualCoder stops at a selection without one).
    assert all(s.get("creationDateTime") for s in selections)
    assert all(c[0].get("creatingUser") == s.get("creatingUser")
               for s, c in zip(selections, codings, strict=True) if c)
    # Anna's acceptance of the suggestion is a selection of hers, at the time she decided.
    users = {u.get("name"): u.get("guid") for u in root.findall(".//q:User", ns)}
    anna = [s for s, c in zip(selections, codings, strict=True)
            if c and s.get("creatingUser") == users["anna"]]
    # Her old theme, her trust in the council, her span over two turns, and the acceptance.
    assert len(anna) == 4
