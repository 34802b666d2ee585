"""The commands: export codebook, export project, import (into a new or an existing project)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import realdata
from tests.refi.helpers import small_project


def test_export_and_import_through_the_cli(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "p.db"
    small_project(db).close()
    result = cli("export", "project", tmp_path / "out.qdpx", "--project", db)
    assert result.exit_code == 0, result
    assert "2 transcripts, 3 codes, 4 codings" in result.stderr and result.stdout == ""
    result = cli("export", "codebook", tmp_path / "out.qdc", "-p", db)
    assert result.exit_code == 0 and "3 codes" in result.stderr
    new = tmp_path / "new.db"
    result = cli("import", tmp_path / "out.qdpx", "--project", new)
    assert result.exit_code == 0, result
    assert "into a new project" in result.stderr
    assert "sources: 2 added" in result.stderr and "codings: 4 added" in result.stderr
    assert "coders: anna, ben, li" in result.stderr
    result = cli("import", tmp_path / "out.qdpx", "--project", new)
    assert "codings: 0 added, 4 already there" in result.stderr


def test_import_says_what_it_brought(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("import", realdata("refi", "atlasti23_via_requal_tests.qdc"), "-p",
                 tmp_path / "a.db")
    assert result.exit_code == 0, result
    assert "made by ATLAS.ti Win 23.4.0" in result.stderr
    assert "codes: 1 added" in result.stderr
    # ATLAS.ti's code group comes in as a code group of the project.
    assert "code groups: code group 1" in result.stderr and "Warning" not in result.stderr


def test_a_wrong_suffix_is_a_usage_error(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "p.db"
    small_project(db).close()
    result = cli("export", "project", tmp_path / "out.zip", "-p", db)
    assert result.exit_code == 2 and ".qdpx" in result.stderr
    result = cli("import", tmp_path / "notes.txt", "-p", db)
    assert result.exit_code == 2 and ".qdc" in result.stderr


def test_a_failed_import_leaves_no_new_project(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.qdpx"
    bad.write_text("not a zip", encoding="utf-8")
    result = cli("import", bad, "-p", tmp_path / "new.db")
    assert result.exit_code == 1
    assert "bad.qdpx is not a readable .qdpx archive" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "new.db").exists()


def test_export_says_the_rules_stay_behind_and_how_to_bring_them(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import CODEBOOK, SAMPLES

    db, new = tmp_path / "p.db", tmp_path / "new.db"
    assert cli("init", db, "--codebook", CODEBOOK).exit_code == 0
    assert cli("add", SAMPLES / "bonn_de_01.md", "-p", db).exit_code == 0
    assert cli("autocode", "-p", db).exit_code == 0
    result = cli("export", "project", tmp_path / "out.qdpx", "-p", db)
    assert result.exit_code == 0, result
    words = " ".join(result.stderr.split())
    assert "matching rules are not in the file: REFI-QDA has no place for them" in words
    assert f"Send the codebook file ({CODEBOOK}) along" in words
    assert cli("import", tmp_path / "out.qdpx", "-p", new).exit_code == 0
    # As the message says: the codebook file brings the rules back, and autocode finds
    # the same suggestions again (refreshed, none new).
    assert cli("codebook", "load", CODEBOOK, "-p", new).exit_code == 0
    result = cli("autocode", "-p", new)
    assert result.exit_code == 0, result
    assert "auto: 0 new suggestion(s)" in result.stderr and "0 withdrawn" in result.stderr


def test_the_project_xml_is_written_piece_by_piece_as_serialize_writes_it_whole() -> None:
    import io
    from xml.etree import ElementTree as ET

    from interviewkit.refi.xml import serialize, write_xml

    def tree() -> ET.Element:
        root = ET.Element("{urn:QDA-XML:project:1.0}Project", {"name": "Bonn <&> 成都"})
        note = ET.SubElement(root, "{urn:QDA-XML:project:1.0}Note")
        note.text = "pasted \x1b[2J and a lone \ud800 surrogate, \ufffe too"
        return root

    stream = io.BytesIO()
    write_xml(tree(), stream)
    assert stream.getvalue() == serialize(tree())
    assert b"\xef\xbf\xbd[2J" in stream.getvalue()  # ESC made U+FFFD, never written raw
