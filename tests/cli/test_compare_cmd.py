"""compare, cooccur, matrix and kwic through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import CODEBOOK, DATA, SAMPLES


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped samples, coded automatically, in a project file (built once)."""
    from interviewkit.codebook import load_codebook
    from interviewkit.coding import Coder
    from interviewkit.store import Project
    from interviewkit.transcripts import read_transcripts
    from interviewkit.workflow import autocode

    path = tmp_path_factory.mktemp("study") / "study.db"
    book = load_codebook(CODEBOOK)
    with Project.create(path, book) as proj:
        proj.add_transcripts(read_transcripts(SAMPLES, metadata_file=SAMPLES / "metadata.csv"))
        autocode(proj, Coder(book))
    return path


def test_compare_by_city_prints_heatmap_tests_and_notes(cli, project: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("compare", "--by", "city", "-p", project, "--permutations", "1000")
    assert result.exit_code == 0, result
    out = result.stdout
    assert "Themes by city" in out
    for city in ("Bonn", "Chengdu", "Chongqing", "Duisburg", "Düsseldorf", "Wuhan"):
        assert city in out
    assert "Economic growth" in out and "p Holm" in out
    assert "Adjusted residual" in out and "▼" in out  # markers carry the residuals without colour
    assert "Overall" in out and "Holm" in out
    assert "Monte Carlo" in out  # small expected counts: the method is said plainly
    assert result.stderr == ""


def test_compare_pairs(cli, project: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("compare", "--pairs", "-p", project, "--permutations", "1000")
    assert result.exit_code == 0, result
    for title in ("Bonn ↔ Chengdu", "Düsseldorf ↔ Chongqing", "Duisburg ↔ Wuhan",
                  "Germany ↔ China"):
        assert title in result.stdout


@pytest.mark.parametrize("suffix", ["csv", "json", "md", "xlsx", "tex"])
def test_compare_writes_the_table_with_tests(cli, project: Path, tmp_path: Path,
                                             suffix: str) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / f"compare.{suffix}"
    result = cli("compare", "--by", "country", "-p", project, "-o", target,
                 "--permutations", "1000")
    assert result.exit_code == 0, result
    assert "Wrote the comparison" in result.stderr and result.stdout == ""
    if suffix == "csv":
        frame = pd.read_csv(target)
        assert {"China: units", "Germany: %", "Germany: residual", "p_holm", "method",
                "cramers_v"} <= set(frame.columns)
        assert frame["code"].iloc[0] == "(all units)" and frame["code"].iloc[-1] == "(overall)"
    elif suffix == "json":
        records = json.loads(target.read_text(encoding="utf-8"))
        assert any(r["code"] == "uncertainty" for r in records)
    elif suffix == "xlsx":
        sheets = pd.read_excel(target, sheet_name=None)
        assert {"comparison", "crosstab", "% of units", "residuals", "tests", "notes"} <= set(
            sheets
        )
        # shares in percent, as the comparison sheet shows them
        shares, table = sheets["% of units"].set_index("code"), sheets["comparison"]
        first = table[table["code"] == "uncertainty"].iloc[0]
        assert round(shares.loc["uncertainty", "Germany"], 1) == first["Germany: %"]
    else:
        assert "Uncertainty" in target.read_text(encoding="utf-8")


def test_compare_pairs_to_csv_and_plot(cli, project: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    table, figure = tmp_path / "pairs.csv", tmp_path / "pairs.svg"
    result = cli("compare", "--pairs", "-p", project, "-o", table, "--plot", figure,
                 "--permutations", "1000")
    assert result.exit_code == 0, result
    frame = pd.read_csv(table)
    assert set(frame["comparison"]) == {"Bonn ↔ Chengdu", "Düsseldorf ↔ Chongqing",
                                        "Duisburg ↔ Wuhan", "Germany ↔ China"}
    svg = figure.read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and "Economic growth" in svg and "Chengdu" in svg
    assert result.stdout == ""  # -o: the table goes to the file
    # each panel marks its own significant codes, the unlabelled last one (Germany ↔ China) too
    significant = frame[frame["p_holm"] <= 0.05]
    assert list(significant["comparison"]) == ["Germany ↔ China"]
    assert svg.count(">*</text>") == len(significant)


def test_compare_plot_png(cli, project: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    figure = tmp_path / "city.png"
    result = cli("compare", "-p", project, "--plot", figure, "--permutations", "1000")
    assert result.exit_code == 0, result
    assert figure.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "matplotlib" not in result.stdout
    assert "Themes by city" in result.stdout and "p Holm" in result.stdout  # the table too
    assert "Wrote the figure" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("compare", "--by", "region"), "'region' is not an attribute"),
        (("compare", "-o", "out.txt"), "'.txt' is not an output format"),
        (("compare", "--plot", "out.jpg"), "'.jpg' is not a figure format"),
        (("cooccur", "--measure", "dice"), "'dice' is not a measure"),
        (("kwic", "/(/"), "cannot search for"),
    ],
)
def test_usage_errors(cli, project: Path, args: tuple[str, ...], message: str) -> None:  # type: ignore[no-untyped-def]
    result = cli(*args, "-p", project)
    assert result.exit_code == 2, result
    assert message in result.stderr and "Hint:" in result.stderr


def test_cooccur_table_file_and_plot(cli, project: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("cooccur", "-p", project)
    assert result.exit_code == 0, result
    assert "Codes in the same unit" in result.stdout and "Networking" in result.stdout
    target, figure = tmp_path / "co.csv", tmp_path / "co.png"
    result = cli("cooccur", "-p", project, "-o", target, "--plot", figure)
    assert result.exit_code == 0, result
    frame = pd.read_csv(target)
    assert list(frame.columns) == ["code_a", "code_b", "units_both", "units_a", "units_b",
                                   "jaccard"]
    assert len(frame) == 8 * 7 // 2
    assert figure.stat().st_size > 10_000


def test_matrix(cli, project: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("matrix", "--binary", "-p", project)
    assert result.exit_code == 0, result
    assert "bonn_de_01" in result.stdout and "Uncertainty" in result.stdout
    target = tmp_path / "m.csv"
    assert cli("matrix", "-p", project, "-o", target).exit_code == 0
    frame = pd.read_csv(target, index_col="code")
    assert frame.shape == (10, 12)
    assert frame.loc["drivers"].sum() >= frame.loc["economic_growth"].sum()


def test_kwic_metadata_named_like_a_column(cli, project: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "k.json"
    assert cli("kwic", "Partnerschaft", "-p", project, "-o", target).exit_code == 0
    records = json.loads(target.read_text(encoding="utf-8"))
    assert records[0]["interviewer"] in (True, False)
    assert "interviewer (metadata)" in records[0]


def test_kwic_on_project_and_to_file(cli, project: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("kwic", "Stadt", "-p", project)
    assert result.exit_code == 0, result
    assert "Städte" in result.stdout and "bonn_de_01" in result.stdout
    target = tmp_path / "k.csv"
    assert cli("kwic", "合作", "--lang", "zh", "-p", project, "-o", target).exit_code == 0
    frame = pd.read_csv(target)
    assert set(frame["match"]) == {"合作"}
    assert set(frame["country"]) == {"China"}
    missing = cli("kwic", "Blumenkohl", "-p", project)
    assert missing.exit_code == 0 and "does not occur" in missing.stderr


def test_one_shot_on_files(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    files = [DATA / "transcripts" / "bonn_de_01.md", DATA / "transcripts" / "wuhan_zh_01.txt"]
    result = cli("compare", *files, "--codebook", CODEBOOK, "--by", "city",
                 "--permutations", "1000")
    assert result.exit_code == 0, result
    assert "Themes by city" in result.stdout
    no_book = cli("compare", *files)
    assert no_book.exit_code == 2 and "without a codebook" in no_book.stderr
    found = cli("kwic", "Partnerschaft", *files)
    assert found.exit_code == 0, found
    assert "Partnerschaft" in found.stdout


@pytest.fixture(scope="module")
def tagged(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project plus one code a person put on a parent code."""
    import shutil

    from interviewkit.store import Project

    path = tmp_path_factory.mktemp("tagged") / "study.db"
    shutil.copy(project, path)
    with Project(path) as proj:
        proj.tag("bonn_de_01", 2, "drivers", coder="anna")
    return path


def test_pairs_print_shared_notes_once(cli, project: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("compare", "--pairs", "-p", project, "--permutations", "1000")
    assert result.exit_code == 0, result
    out = result.stdout
    for once in ("Residuals beyond ±2", "Holm's adjustment runs over", "Adjusted residual:",
                 "Counted: auto (unreviewed suggestions)", "The overall test counts codings"):
        assert out.count(once) == 1, once
    assert out.count("p_holm adjusts") == 4  # each comparison's own result
    assert "(Monte Carlo (" not in out and "Monte Carlo, 1000 permutations" in out


def test_pooled_suggestions_are_said_plainly(cli, tagged: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("compare", "-p", tagged, "--permutations", "1000")
    assert result.exit_code == 0, result
    assert "Counted: auto (unreviewed suggestions), anna" in result.stdout
    assert "pooled" in result.stdout and "--coder anna" in result.stdout
    target = tmp_path / "anna.csv"
    result = cli("compare", "-p", tagged, "--coder", "anna", "-o", target,
                 "--permutations", "1000")
    assert result.exit_code == 0, result
    assert "Counted: anna" in result.stderr and "are pooled with" not in result.stderr
    frame = pd.read_csv(target).set_index("code")
    assert frame.at["drivers", "Bonn: units"] == 1  # a coding on the parent itself counts
    book = tmp_path / "pairs.xlsx"
    assert cli("compare", "--pairs", "-p", tagged, "-o", book,
               "--permutations", "1000").exit_code == 0
    notes = pd.read_excel(book, sheet_name="notes")
    shared = notes[notes["comparison"] == "(every comparison)"]["note"].tolist()
    assert shared[0].startswith("Counted: auto") and "pooled" in shared[1]
    assert sum("Residuals beyond" in n for n in notes["note"]) == 1


def test_documents_without_the_attribute_are_left_out_with_a_warning(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("compare", SAMPLES, "-c", CODEBOOK, "--by", "city", "--permutations", "100")
    assert result.exit_code == 0, result
    assert "(none)" not in result.stdout and "Themes by city" in result.stdout
    assert "4 transcript(s) have no value for 'city'" in result.stderr
    assert "left out" in result.stderr and "--metadata" in result.stderr
