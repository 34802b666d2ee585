"""`interviewkit code` and `interviewkit themes` on files, one-shot."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import CODEBOOK, SAMPLES

BOOK = """\
name: mini
version: "1"
codes:
  - id: unc
    name: Uncertainty
    color: "#999999"
    keywords: {en: [doubt, risk], de: [Zweifel]}
  - id: net
    name: Networking
    keywords: {en: [delegation]}
"""


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    book = tmp_path / "book.yaml"
    book.write_text(BOOK, encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text(
        "---\nid: a\ncity: Bonn\nlanguage: en\n---\n"
        "I: Any risk?\n\nR: A delegation came. We had doubts.\n\nI: And?\n\nR: =SUM(A1) no risk.\n",
        encoding="utf-8",
    )
    (docs / "b.md").write_text(
        "---\nid: b\ncity: Wuhan\nlanguage: de\n---\nI: Zweifel?\n\nB: Große Zweifel.\n",
        encoding="utf-8",
    )
    return book, docs


def test_code_shows_coded_units_and_a_summary(cli, files) -> None:  # type: ignore[no-untyped-def]
    book, docs = files
    result = cli("code", docs, "--codebook", book)
    assert result.exit_code == 0, result
    assert "a · unit 2 · R" in result.stdout and "Uncertainty" in result.stdout
    assert "Any risk?" not in result.stdout  # interviewer turns are not coded
    assert "no risk" not in result.stdout  # a unit whose only mention is negated
    result = cli("code", docs, "--codebook", book, "--uncoded")
    assert "not counted: 'risk' (Uncertainty) negated by 'no'" in result.stdout
    summary = result.stdout[result.stdout.index("Coded units per code and document") :]
    assert "Uncertainty" in summary and "Networking" in summary


def test_code_exports_segments_with_metadata(cli, files, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    book, docs = files
    out = tmp_path / "seg.csv"
    result = cli("code", docs, "--codebook", book, "-o", out)
    assert result.exit_code == 0, result
    frame = pd.read_csv(out)
    for column in (
        "doc_id",
        "unit",
        "speaker",
        "start",
        "end",
        "code",
        "code_name",
        "coder",
        "evidence",
        "text",
        "city",
        "language",
    ):
        assert column in frame.columns
    rows = {(r.doc_id, r.unit, r.code) for r in frame.itertuples()}
    assert rows == {("a", 2, "unc"), ("a", 2, "net"), ("b", 2, "unc")}
    assert set(frame["coder"]) == {"auto"}
    assert frame.loc[frame.doc_id == "b", "city"].item() == "Wuhan"


def test_code_writes_json_and_excel_csv(cli, files, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    book, docs = files
    assert cli("code", docs, "-c", book, "-o", tmp_path / "s.json").exit_code == 0
    records = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert {r["code_name"] for r in records} == {"Uncertainty", "Networking"}
    assert cli("code", docs, "-c", book, "-o", tmp_path / "s.csv", "--excel").exit_code == 0
    assert (tmp_path / "s.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_code_leaves_no_helper_and_imports_no_pandas_for_text_formats(
    files, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """What lets the program end without the interpreter's teardown: nothing left open."""
    import subprocess
    import sys

    book, docs = files
    # A turn with a word character that is not ASCII: its expression runs in the helper.
    (docs / "c.md").write_text("---\nid: c\nlanguage: en\n---\nR: jöbs\n", encoding="utf-8")
    (book.parent / "rx.yaml").write_text(
        BOOK.replace("[doubt, risk]", r"[doubt, risk, '/\bjöbs\b/']"), encoding="utf-8"
    )
    script = (
        "import multiprocessing, sys\n"
        "from interviewkit.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "print(code, len(multiprocessing.active_children()), 'pandas' in sys.modules)\n"
    )
    for suffix, pandas in (("csv", False), ("md", False), ("xlsx", True)):
        out = tmp_path / f"s.{suffix}"
        done = subprocess.run(
            [sys.executable, "-c", script, "code", str(docs), "-c", str(book.parent / "rx.yaml"),
             "-o", str(out)],
            capture_output=True, text=True, check=True,
        )
        assert done.stdout.split() == ["0", "0", str(pandas)], done.stderr
        assert "Wrote 4 coded segments" in done.stderr
    # The program itself ends at once, with its exit code, everything written.
    done = subprocess.run(
        [sys.executable, "-m", "interviewkit", "code", str(docs), "-c", str(book), "-o",
         str(tmp_path / "t.csv")],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0 and (tmp_path / "t.csv").read_text().count("\n") == 4
    (docs / "d.docx").write_bytes(b"not a docx")
    done = subprocess.run(
        [sys.executable, "-m", "interviewkit", "code", str(docs), "-c", str(book), "-o",
         str(tmp_path / "u.csv")],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 1 and "d.docx is not a Word document" in done.stderr
    assert (tmp_path / "u.csv").read_text().count("\n") == 4


def test_output_in_a_missing_folder_fails_before_any_work(cli, files, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    book, docs = files
    result = cli("code", docs, "-c", book, "-o", tmp_path / "nope" / "s.csv")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr and "Traceback" not in result.stderr


def test_themes_by_city_one_shot(cli, files, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    book, docs = files
    result = cli("themes", docs, "--codebook", book, "--by", "city")
    assert result.exit_code == 0, result
    assert "Themes by city" in result.stdout
    line = next(ln for ln in result.stdout.splitlines() if "Uncertainty" in ln)
    assert "1 (50%)" in line and "1 (100%)" in line and "2 (67%)" in line
    out = tmp_path / "themes.xlsx"
    assert cli("themes", docs, "-c", book, "-o", out).exit_code == 0
    from openpyxl import load_workbook

    assert load_workbook(out).sheetnames[:2] == ["coded units", "% of units"]


def test_themes_without_codebook_for_files_is_a_usage_error(cli, files) -> None:  # type: ignore[no-untyped-def]
    _, docs = files
    result = cli("themes", docs)
    assert result.exit_code == 2 and "without a codebook" in result.stderr


def test_themes_on_the_shipped_samples(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "t.md"
    result = cli(
        "themes",
        SAMPLES,
        "-c",
        CODEBOOK,
        "-m",
        SAMPLES / "metadata.csv",
        "--by",
        "country",
        "-o",
        out,
    )
    assert result.exit_code == 0, result
    table = out.read_text(encoding="utf-8")
    assert "China: coded units" in table and "Germany: % of units" in table


def test_themes_without_metadata_keep_the_none_group_and_warn(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("themes", SAMPLES, "-c", CODEBOOK, "--by", "city")
    assert result.exit_code == 0, result
    assert "(none)" in result.stdout
    assert "4 transcript(s) have no value for 'city'" in result.stderr
    assert "--metadata" in result.stderr
    assert "Counted: auto (unreviewed suggestions) — each unit and code once." in result.stdout


def test_themes_name_the_transcripts_a_given_sheet_leaves_without_a_value(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = (SAMPLES / "metadata.csv").read_text(encoding="utf-8").splitlines()
    sheet = tmp_path / "meta.csv"
    sheet.write_text(
        "\n".join(r for r in rows if not r.startswith(("bonn_en_02", "wuhan_zh_02"))) + "\n",
        encoding="utf-8",
    )
    result = cli("themes", SAMPLES, "-c", CODEBOOK, "--by", "city", "-m", sheet)
    assert result.exit_code == 0, result
    # bonn_en_02 says its city in its front matter; the captions of wuhan_zh_02 cannot
    assert "1 transcript(s) have no value for 'city' (wuhan_zh_02)" in result.stderr
    assert "Give them a value in the metadata sheet" in result.stderr
    assert "add it with --metadata" not in result.stderr


def test_themes_warn_of_groups_that_differ_only_in_spelling(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = (SAMPLES / "metadata.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    lines = [
        line.replace(",Bonn,", ",bonn,") if line.startswith("bonn_en_02") else line
        for line in lines
    ]
    lines = [
        line.replace(",Düsseldorf,", ",Duesseldorf,") if line.startswith("duesseldorf_en_02")
        else line
        for line in lines
    ]
    sheet = tmp_path / "meta.csv"
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("themes", SAMPLES, "-c", CODEBOOK, "--by", "city", "-m", sheet)
    assert result.exit_code == 0, result
    assert "'city' values 'Bonn' and 'bonn' are counted as 2 groups" in result.stderr
    assert "'Düsseldorf' and 'Duesseldorf'" in result.stderr
    assert result.stderr.count("differ only in case or spelling") == 2


def test_themes_warnings_speak_of_the_documents_where_selects(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import csv

    with open(SAMPLES / "metadata.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:  # one interview in Bonn and one in Wuhan without a role
        if row["id"] in ("bonn_en_02", "wuhan_zh_02"):
            row["respondent_role"] = ""
    sheet = tmp_path / "meta.csv"
    with open(sheet, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    bonn = cli("themes", SAMPLES, "-c", CODEBOOK, "--by", "respondent_role", "-m", sheet,
               "--where", "city=Bonn", "-o", tmp_path / "t.csv")
    assert bonn.exit_code == 0, bonn
    assert "1 transcript(s) have no value for 'respondent_role' (bonn_en_02)" in bonn.stderr


def test_themes_count_a_parents_own_coding_once_per_respondent_unit(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from interviewkit.codebook import load_codebook
    from interviewkit.store import Project
    from interviewkit.transcripts import read_transcripts

    path = tmp_path / "p.db"
    with Project.create(path, load_codebook(CODEBOOK)) as proj:
        proj.add_transcripts(read_transcripts(SAMPLES / "bonn_de_01.md"))
        proj.tag("bonn_de_01", 2, "drivers", coder="anna")
        proj.tag("bonn_de_01", 1, "drivers", coder="anna")  # the interviewer's turn
    target = tmp_path / "t.csv"
    result = cli("themes", "-p", path, "--by", "city", "-o", target)
    assert result.exit_code == 0, result
    frame = pd.read_csv(target).set_index("code")
    assert frame.at["drivers", "Bonn: coded units"] == 1
    assert frame.at["drivers", "Bonn: % of units"] < 100
    assert "1 coding(s) on interviewer turns, headers or headings were not counted" in result.stderr
