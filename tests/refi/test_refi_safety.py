"""Foreign archives are untrusted: entities, zip slip, zip bombs, broken files, bad positions."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from interviewkit.errors import ExchangeError
from interviewkit.refi import export_project, import_file
from interviewkit.refi.archive import Archive
from interviewkit.refi.imports import make_transcript
from interviewkit.store import Project
from tests.refi.helpers import small_project

SOURCE = "11111111-2222-3333-4444-555555555555"
CODE = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"


def project_xml(start: int = 0, end: int = 5, code: str = CODE, path: str = SOURCE) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="t" origin="test">
  <CodeBook><Codes><Code guid="{CODE}" name="Hello" isCodable="true"/></Codes></CodeBook>
  <Sources>
    <TextSource guid="{SOURCE}" name="doc" plainTextPath="internal://{path}.txt">
      <PlainTextSelection guid="{CODE[:-1]}f" startPosition="{start}" endPosition="{end}">
        <Coding guid="{CODE[:-1]}0"><CodeRef targetGUID="{code}"/></Coding>
      </PlainTextSelection>
    </TextSource>
    <PDFSource guid="{CODE[:-1]}1" name="scan.pdf" path="internal://scan.pdf"/>
    <AudioSource guid="{CODE[:-1]}2" name="talk.mp3" path="internal://talk.mp3"/>
  </Sources>
</Project>"""


def archive(tmp_path: Path, entries: dict[str, str | bytes], name: str = "x.qdpx") -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for entry, data in entries.items():
            out.writestr(entry, data)
    return path


def good(tmp_path: Path, **kwargs: object) -> Path:
    return archive(tmp_path, {"project.qde": project_xml(**kwargs),  # type: ignore[arg-type]
                              f"Sources/{SOURCE}.txt": "Hello world, hello again."})


def assert_untouched(tmp_path: Path, path: Path, match: str) -> None:
    """The import fails with a message and leaves a project exactly as it was."""
    db = tmp_path / "p.db"
    with small_project(db) as project:
        before = (project.doc_ids(), len(project.codings()), project.code_names())
        with pytest.raises(ExchangeError, match=match) as info:
            import_file(project, path)
        assert info.value.hint or info.value.message
        assert (project.doc_ids(), len(project.codings()), project.code_names()) == before


def test_a_good_archive_imports_and_says_what_it_skipped(tmp_path: Path) -> None:
    with Project.create(tmp_path / "n.db") as project:
        report = import_file(project, good(tmp_path))
        assert project.segments()["text"].tolist() == ["Hello"]
    assert report.sources == ["doc"] and report.codings == 1
    assert report.other_sources == {"PDF": 1, "audio": 1}


def test_entity_expansion_is_refused(tmp_path: Path) -> None:
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            '<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><Project name="&lol2;"/>')
    assert_untouched(tmp_path, archive(tmp_path, {"project.qde": bomb}), "entities")


def test_external_entities_are_refused(tmp_path: Path) -> None:
    xxe = ('<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           '<Project name="&x;"/>')
    assert_untouched(tmp_path, archive(tmp_path, {"project.qde": xxe}), "entities")


def test_zip_slip_is_refused(tmp_path: Path) -> None:
    path = archive(tmp_path, {"project.qde": project_xml(), "../../evil.txt": "x"})
    assert_untouched(tmp_path, path, "outside the archive")
    assert not (tmp_path.parent / "evil.txt").exists()


@pytest.mark.parametrize("name", ["/etc/evil", "C:/evil.txt", "Sources/../../evil"])
def test_unsafe_names(tmp_path: Path, name: str) -> None:
    with pytest.raises(ExchangeError, match="outside"):
        Archive(archive(tmp_path, {name: "x"}))


def test_zip_bombs_are_capped(tmp_path: Path) -> None:
    path = archive(tmp_path, {"project.qde": project_xml(), "big.bin": b"\0" * 2_000_000})
    with pytest.raises(ExchangeError, match="unpack to"):
        Archive(path, max_total=1_000_000)
    with pytest.raises(ExchangeError, match="entries"):
        Archive(path, max_entries=1)
    with Archive(path, max_entry=1_000_000) as opened, pytest.raises(ExchangeError, match="bomb"):
        opened.read("big.bin")


def test_a_corrupt_archive_is_named(tmp_path: Path) -> None:
    path = tmp_path / "broken.qdpx"
    data = good(tmp_path).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert_untouched(tmp_path, path, "broken.qdpx")


def test_a_missing_project_qde_is_named(tmp_path: Path) -> None:
    path = archive(tmp_path, {"Sources/a.txt": "x"})
    assert_untouched(tmp_path, path, "no project.qde")


def imported_alone(tmp_path: Path, path: Path) -> tuple[Project, object]:
    """Import into a project that has work of its own; that work stays as it was."""
    project = small_project(tmp_path / "p.db")
    before = (len(project.codings()), project.transcript("bonn_de_01").text)
    report = import_file(project, path)
    assert (len(project.codings()) - report.codings, project.transcript("bonn_de_01").text) == \
        before  # type: ignore[attr-defined]
    return project, report


def test_a_missing_source_text_is_listed_and_the_rest_comes_in(tmp_path: Path) -> None:
    project, report = imported_alone(tmp_path, archive(tmp_path, {"project.qde": project_xml(path="gone")}))
    with project:
        assert "hello" in project.code_names()
        assert "doc" not in project.doc_ids()
    (line,) = report.not_placed  # type: ignore[attr-defined]
    assert "text source 'doc' and its 1 coding(s)" in line and "internal://gone.txt" in line


def test_a_coding_outside_the_text_is_listed(tmp_path: Path) -> None:
    project, report = imported_alone(tmp_path, good(tmp_path, start=10, end=500))
    with project:
        assert "doc" in project.doc_ids() and report.codings == 0  # type: ignore[attr-defined]
    (line,) = report.not_placed  # type: ignore[attr-defined]
    assert "(10–500)" in line and "outside the text" in line


def test_a_coding_of_an_unknown_code_is_listed(tmp_path: Path) -> None:
    other = "99999999-2222-3333-4444-555555555555"
    project, report = imported_alone(tmp_path, good(tmp_path, code=other))
    project.close()
    (line,) = report.not_placed  # type: ignore[attr-defined]
    assert other in line and "does not hold" in line


def test_nothing_is_half_imported(tmp_path: Path) -> None:
    """A failure at the second source leaves the first one, and the codes, out too."""
    out = tmp_path / "p.qdpx"
    with small_project() as project:
        export_project(project, out)
    with Project.create(tmp_path / "t.db") as target:
        target.add_transcripts([make_transcript("wuhan_zh_01", "答：别的文本。", {}, source="x")])
        with pytest.raises(ExchangeError, match="differs") as info:
            import_file(target, out)
        assert "nothing was imported" in info.value.message
        assert target.doc_ids() == ["wuhan_zh_01"] and target.code_names() == {}
        assert len(target.codings()) == 0
