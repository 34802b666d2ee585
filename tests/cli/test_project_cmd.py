"""The project commands through the real entry point: stdout, stderr and exit codes."""

from __future__ import annotations

import csv
import stat
from pathlib import Path

import pytest

from tests.store.factory import BOOK, TURNS_EN, md_file, write_book

EDITED_BOOK = BOOK.replace('version: "1"', 'version: "2"').replace(
    "      - id: prestige\n        name: Prestige\n        keywords:\n          en: [image]\n"
    "          de: [Image]\n", ""
)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with two transcripts and a codebook; the current directory."""
    monkeypatch.chdir(tmp_path)
    docs = tmp_path / "docs"
    docs.mkdir()
    md_file(docs, "bonn_en_01", city="Bonn", country="Germany")
    md_file(docs, "wuhan_en_01", [("I", "What about trade?"), ("R", "Trade and the port.")],
            city="Wuhan", country="China")
    write_book(tmp_path)
    return tmp_path


@pytest.fixture
def coded(cli, folder: Path) -> Path:  # type: ignore[no-untyped-def]
    assert cli("init", "--codebook", "book.yaml").exit_code == 0
    assert cli("add", "docs").exit_code == 0
    result = cli("autocode")
    assert result.exit_code == 0, result
    return folder / "interviewkit.db"


def test_init_add_autocode_status(cli, folder: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("init", "--codebook", "book.yaml")
    assert result.exit_code == 0, result
    assert result.stdout == ""
    assert "Created the project interviewkit.db with the codebook 'test book'" in result.stderr
    assert (folder / "interviewkit.db").exists()

    result = cli("init")
    assert result.exit_code == 1
    assert "exists already" in result.stderr and "Hint:" in result.stderr

    result = cli("add", "docs")
    assert result.exit_code == 0, result
    assert "Transcripts: 2 added." in result.stderr
    result = cli("add", "docs")
    assert "0 added, 2 unchanged" in result.stderr

    result = cli("autocode")
    assert result.exit_code == 0, result
    assert "auto: 4 new suggestion(s), 0 refreshed" in result.stderr
    result = cli("autocode")
    assert "0 new suggestion(s), 4 refreshed" in result.stderr

    result = cli("status")
    assert result.exit_code == 0, result
    assert "Transcripts: 2 transcripts (" in result.stdout
    assert "Units:       6 units (3 of respondents" in result.stdout
    assert "'test book' version 1, 4 codes" in result.stdout
    assert _row(result.stdout, "auto") == ["auto", "auto", "4", "3 (100%)", "4", "0 / 0"]
    assert "to review: suggestions the coder has not accepted or rejected yet" in result.stdout


def _row(table: str, coder: str) -> list[str]:
    """The cells of a coder's row of the status table."""
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip("│ ").split("│")]
        if cells and cells[0] == coder:
            return cells
    raise AssertionError(f"no row for {coder} in:\n{table}")


def test_project_option_and_variable(cli, folder: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "elsewhere.db").exit_code == 0
    assert cli("add", "docs", "--project", "elsewhere.db").exit_code == 0
    monkeypatch.setenv("INTERVIEWKIT_PROJECT", str(folder / "elsewhere.db"))
    assert "Transcripts: 2 transcripts (" in cli("status").stdout
    monkeypatch.delenv("INTERVIEWKIT_PROJECT")
    result = cli("status")
    assert result.exit_code == 1
    assert "interviewkit.db: there is no project file here" in result.stderr
    assert "interviewkit init" in result.stderr


def test_manual_coding_review_and_memos(cli, coded: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("tag", "bonn_en_01", "4", "economy", "--coder", "anna", "--memo", "contracts")
    assert result.exit_code == 0, result
    assert "anna coded unit 4 of bonn_en_01" in result.stderr
    assert cli("accept", "bonn_en_01", "2", "economy", "--coder", "anna").exit_code == 0
    result = cli("reject", "bonn_en_01", "4", "--all", "--coder", "anna")
    assert "Rejected 2 suggestion(s) of auto" in result.stderr
    result = cli("memo", "rushed interview", "--coder", "anna", "--doc", "bonn_en_01")
    assert result.exit_code == 0 and "Memo by anna" in result.stderr
    result = cli("untag", "bonn_en_01", "4", "economy", "--coder", "anna")
    assert "Removed 1 coding(s)" in result.stderr

    result = cli("status")  # decisions count for the suggester and the reviewer alike
    # auto's coding is every suggestion it made; anna's is the suggestion she accepted.
    assert _row(result.stdout, "auto") == ["auto", "auto", "4", "3 (100%)", "1", "1 / 2"]
    assert _row(result.stdout, "anna") == ["anna", "person", "0", "1 (33%)", "1", "1 / 2"]

    result = cli("autocode")  # reviewed suggestions stay as they are
    assert "3 already reviewed" in result.stderr
    result = cli("segments", "--status", "accepted,rejected")
    assert "accepted" in result.stdout and "rejected" in result.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("tag", "bonn_en_01", "2", "econmy", "--coder", "anna"), 1, "did you mean 'economy'"),
        (("tag", "bonn_en_1", "2", "economy", "--coder", "anna"), 1,
         "did you mean 'bonn_en_01'"),
        (("tag", "bonn_en_01", "9", "economy", "--coder", "anna"), 1, "its units are 1 to 4"),
        (("tag", "bonn_en_01", "x", "economy", "--coder", "anna"), 2, "Invalid value for 'unit'"),
        (("tag", "bonn_en_01", "2", "economy", "--coder", "auto"), 2, "automatic coder"),
        (("accept", "bonn_en_01", "2", "--coder", "anna"), 2, "or give --all"),
        (("accept", "bonn_en_01", "2", "uncertainty", "--coder", "anna"), 1,
         "auto suggested no 'uncertainty' on unit 2 of bonn_en_01; its suggestions there: "
         "economy"),
        (("segments", "--where", "town=Bonn"), 2, "'town' is not an attribute"),
        (("segments", "--where", "city=bonnn"), 1, "the values of city are: Bonn, Wuhan"),
        (("themes", "--unit", "sentance"), 2, "'sentance' is not a unit"),
        (("themes", "--unit", "sentence"), 2, "--unit goes with transcript files"),
        (("segments", "--where", "Bonn"), 2, "is not ATTRIBUTE=VALUE"),
        (("segments", "--coder", "bob"), 1, "there is no coder 'bob'; use one of: auto"),
        (("segments", "-o", "out.pdf"), 2, "not an output format"),
        (("memo", "note", "--coder", "anna", "--unit", "2"), 2, "names its transcript"),
    ],
)
def test_errors_say_what_is_valid(cli, coded: Path, args, code, message) -> None:  # type: ignore[no-untyped-def]
    result = cli(*args)
    assert result.exit_code == code, result
    assert result.stderr.startswith("Error:")
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_segments_export(cli, coded: Path, folder: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("segments", "--where", "city=wuhan", "-o", "wuhan.csv")  # as people type it
    assert result.exit_code == 0, result
    assert "Wrote 1 coded segments to wuhan.csv" in result.stderr
    with open(folder / "wuhan.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[:14] == [
        "doc_id", "unit", "speaker", "start", "end", "code", "code_name", "coder", "origin",
        "status", "decisions", "evidence", "memo", "text",
    ]
    assert {r["doc_id"] for r in rows} == {"wuhan_en_01"}
    assert rows[0]["text"] == "Trade and the port." and rows[0]["city"] == "Wuhan"
    assert cli("segments", "--code", "drivers", "-o", "x.csv", "--excel").exit_code == 0
    assert (folder / "x.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    result = cli("segments", "--code", "uncertainty")
    assert "1 coded segments" in result.stdout and "doubts" in result.stdout


def test_changed_transcript_needs_replace(cli, coded: Path, folder: Path) -> None:  # type: ignore[no-untyped-def]
    turns = [*TURNS_EN[:3], ("R", "We have doubts about the contracts.")]
    md_file(folder / "docs", "bonn_en_01", turns, city="Bonn", country="Germany")
    result = cli("add", "docs")
    assert result.exit_code == 1
    assert "changed since they were added and already have codings: bonn_en_01" in result.stderr
    assert "--replace" in result.stderr
    result = cli("add", "docs", "--replace")
    assert result.exit_code == 0, result
    assert "1 replaced" in result.stderr and "2 coding(s) moved" in result.stderr
    assert "unit 4: the coding 'prestige' by auto was removed" in result.stderr
    assert "Run 'interviewkit autocode'" in result.stderr


def test_codebook_load_reports_retired_codes(cli, coded: Path, folder: Path) -> None:  # type: ignore[no-untyped-def]
    (folder / "book2.yaml").write_text(EDITED_BOOK, encoding="utf-8")
    result = cli("codebook", "load", "book2.yaml")
    assert result.exit_code == 0, result
    assert "version 2 (was 1): 0 added, 0 changed, 3 unchanged, 0 removed" in result.stderr
    assert "kept as retired: prestige" in result.stderr


def test_merge_command(cli, coded: Path, folder: Path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    shutil.copy(coded, folder / "bo.db")
    assert cli("tag", "wuhan_en_01", "2", "economy", "--coder", "bo", "--project",
               "bo.db").exit_code == 0
    result = cli("merge", "bo.db")
    assert result.exit_code == 0, result
    assert "Merged bo.db: 0 transcript(s), 1 coding(s)" in result.stderr
    assert "bo" in cli("status").stdout


def test_files_that_are_not_projects(cli, folder: Path) -> None:  # type: ignore[no-untyped-def]
    (folder / "notes.db").write_text("hello", encoding="utf-8")
    result = cli("status", "--project", "notes.db")
    assert result.exit_code == 1
    assert "notes.db is not an interviewkit project" in result.stderr
    assert (folder / "notes.db").read_text(encoding="utf-8") == "hello"


def test_readonly_project_reads_but_does_not_write(cli, coded: Path) -> None:  # type: ignore[no-untyped-def]
    coded.chmod(stat.S_IRUSR)
    try:
        before = coded.read_bytes()
        assert cli("segments").exit_code == 0
        result = cli("tag", "bonn_en_01", "2", "economy", "--coder", "anna")
        assert result.exit_code == 1
        assert "is read-only: this command would change it" in result.stderr
        result = cli("add", "docs")
        assert result.exit_code == 1 and "read-only" in result.stderr
        assert coded.read_bytes() == before
    finally:
        coded.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_segments_help_lists_the_formats_it_accepts(cli, coded: Path) -> None:  # type: ignore[no-untyped-def]
    from interviewkit.export.tables import WRITERS

    result = cli("segments", "-o", "out.docx")
    accepted = result.stderr.split("Use one of:")[1].split()
    helped = " ".join(cli("segments", "--help").stdout.split())
    assert [f.strip(",") for f in accepted] == ["." + k for k in WRITERS]
    assert all(f".{k}" in helped for k in WRITERS) and ".tex" in helped
    assert cli("segments", "-o", "out.tex").exit_code == 0
    assert "\\toprule" in (coded.parent / "out.tex").read_text(encoding="utf-8")


def test_where_in_tables_as_people_type_it(cli, coded: Path, folder: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("themes", "--by", "city", "--where", "country=CHINA", "-o", "t.csv")
    assert result.exit_code == 0, result
    header = (folder / "t.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "Wuhan" in header and "Bonn" not in header
    result = cli("compare", "--by", "city", "--where", "stadt=Bonn")
    assert result.exit_code == 2
    assert "'stadt' is not an attribute" in result.stderr and "status" not in result.stderr
    result = cli("matrix", "--where", "city=bonn", "-o", "m.csv")
    assert result.exit_code == 0, result
    assert (folder / "m.csv").read_text(encoding="utf-8").splitlines()[0] == "code,bonn_en_01"


def test_themes_and_compare_by_speaker(cli, folder: Path) -> None:  # type: ignore[no-untyped-def]
    md_file(folder / "docs", "group_en_01",
            [("I", "What matters?"), ("A", "The port and the trade."),
             ("B", "The image, and doubts."), ("A", "Doubts, yes.")],
            city="Bonn", country="Germany")
    for args in (("init", "--codebook", "book.yaml"), ("add", "docs"), ("autocode",)):
        assert cli(*args).exit_code == 0
    result = cli("themes", "--by", "speaker", "-o", "s.csv")
    assert result.exit_code == 0, result
    with open(folder / "s.csv", encoding="utf-8") as handle:
        rows = {row["code"]: row for row in csv.DictReader(handle)}
    assert rows["uncertainty"]["A: coded units"] == "1"  # "Doubts, yes." (A), of 2 + 1 turns
    assert rows["uncertainty"]["B: coded units"] == "1"
    assert rows["prestige"]["B: coded units"] == "1" and rows["prestige"]["A: coded units"] == "0"
    assert rows["economy"]["A: coded units"] == "1"
    compared = cli("compare", "--by", "city,speaker")
    assert compared.exit_code == 0, compared
    assert "Bonn / A" in compared.stdout and "Bonn / B" in compared.stdout
    both = cli("themes", "--by", "speaker,kind")
    assert both.exit_code == 2 and "one unit attribute at a time" in both.stderr


def test_one_thing_is_not_plural(cli, folder: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("transcripts", "docs/bonn_en_01.md")
    assert result.exit_code == 0, result
    assert "1 transcript\n" in result.stdout or "1 transcript " in result.stdout
    assert "1 transcripts" not in result.stdout
