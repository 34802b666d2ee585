"""Output never destroys what was there: atomic writes, and no output over an input or the project."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pandas as pd
import pytest

from interviewkit.errors import OutputError, UsageError
from interviewkit.export.tables import write_table
from interviewkit.files import atomic_write, check_not_clobbering, write_text
from tests.hostile import ROOT, assert_no_crash, run_bounded

FRAME = pd.DataFrame({"doc_id": ["a", "b"], "text": ["x" * 5000, "y" * 5000]})


def _only(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_write_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # the old file's permissions
    assert _only(tmp_path) == ["out.txt"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")

    class Broken(Exception):
        pass

    with pytest.raises(Broken), atomic_write(target) as temporary:
        assert temporary.parent == tmp_path and temporary.suffix == ".csv"
        temporary.write_text("half", encoding="utf-8")
        raise Broken
    assert target.read_text(encoding="utf-8") == "old"
    assert _only(tmp_path) == ["out.csv"]


def test_an_os_error_says_what_happened_and_what_was_kept(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(OutputError) as caught, atomic_write(target):
        raise OSError(28, "No space left on device")
    assert caught.value.message == (
        f"{target} could not be written: the disk is full; the earlier out.csv was left as it was"
    )
    assert "Free some disk space" in (caught.value.hint or "")
    assert target.read_text(encoding="utf-8") == "old"


def test_a_symbolic_link_stays_a_link_to_the_new_content(tmp_path: Path) -> None:
    real = tmp_path / "data" / "table.csv"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    write_table(FRAME, link)
    assert link.is_symlink() and pd.read_csv(real)["doc_id"].tolist() == ["a", "b"]
    assert _only(real.parent) == ["table.csv"]


@pytest.mark.parametrize("suffix", ["csv", "xlsx", "md"])  # pandas, a zip archive, plain text
def test_writing_through_a_link_to_a_full_device_is_one_clear_line(
    tmp_path: Path, suffix: str
) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("this system has no /dev/full")
    project = _project(tmp_path)
    link = tmp_path / f"out.{suffix}"
    link.symlink_to("/dev/full")
    run = run_bounded("segments", "-p", project, "-o", link, cwd=tmp_path)
    assert_no_crash(run)
    assert run.exit_code == 1, run
    assert run.stderr.splitlines()[0] == (
        f"Error: {link} could not be written: the disk is full; what was written is incomplete"
    )
    assert len(run.stderr.splitlines()) == 2  # the error and its hint, no "Exception ignored"


@pytest.mark.parametrize("suffix", ["csv", "xlsx", "md"])
def test_a_write_over_the_file_size_limit_keeps_the_old_file(tmp_path: Path, suffix: str) -> None:
    transcript = tmp_path / "long.txt"
    transcript.write_text(
        "I: Tell me.\n\nR: " + "The port matters. " * 6000 + "\n", encoding="utf-8"
    )
    book = tmp_path / "book.yaml"
    book.write_text(
        "name: b\nversion: 1\ncodes:\n  - id: port\n    name: Port\n    keywords: {xx: [port]}\n",
        encoding="utf-8",
    )
    target = tmp_path / f"out.{suffix}"
    target.write_bytes(b"the earlier table")
    # --no-cache and --lang: the codebook cache and the language model of detection are
    # written elsewhere (and need room too); only the output is tried here.
    run = run_bounded(
        "code",
        transcript,
        "-c",
        book,
        "-o",
        target,
        "--no-cache",
        "--lang",
        "en",
        cwd=tmp_path,
        file_size_kb=64,
        timeout=120,
    )
    assert_no_crash(run)
    assert run.exit_code == 1, run
    assert "a file size limit); the earlier" in run.stderr and "was left as it was" in run.stderr
    assert target.read_bytes() == b"the earlier table"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.yaml", "long.txt", target.name]


def test_a_device_such_as_stdout_is_written_too(tmp_path: Path) -> None:
    project = _project(tmp_path)
    run = run_bounded("segments", "-p", project, "-o", "/dev/stdout", "--doc", "a", cwd=tmp_path)
    assert run.exit_code == 2, run  # no suffix: the format cannot be known
    link = tmp_path / "stdout.csv"
    link.symlink_to("/dev/stdout")
    run = run_bounded("segments", "-p", project, "-o", link, cwd=tmp_path)
    assert run.exit_code == 0, run
    assert run.stdout.startswith("doc_id,unit,speaker")


# --------------------------------------------------------------------------- clobbering


def test_an_output_that_is_an_input_is_refused(tmp_path: Path) -> None:
    sheet = tmp_path / "meta.csv"
    sheet.write_text("id\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"-o .*meta\.csv is an input, which this command reads"):
        check_not_clobbering(sheet, inputs=[sheet])
    link = tmp_path / "out.csv"
    link.symlink_to(sheet)
    with pytest.raises(UsageError, match=r"is .*meta\.csv, which this command reads"):
        check_not_clobbering(link, inputs=[sheet])
    hard = tmp_path / "hard.csv"
    os.link(sheet, hard)
    with pytest.raises(UsageError):
        check_not_clobbering(hard, inputs=[sheet])
    assert check_not_clobbering(tmp_path / "new.csv", inputs=[sheet]) == tmp_path / "new.csv"


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
def test_an_output_onto_the_project_or_its_journals_is_refused(tmp_path: Path, suffix: str) -> None:
    project = tmp_path / "study.db"
    project.write_bytes(b"")
    link = tmp_path / "out.csv"
    link.symlink_to(tmp_path / f"study.db{suffix}")
    with pytest.raises(UsageError, match="writing there would destroy the project"):
        check_not_clobbering(link, project=project)
    # Through a link to the project, its journals are guarded where SQLite keeps them.
    other = tmp_path / "elsewhere"
    other.mkdir()
    alias = other / "alias.db"
    alias.symlink_to(project)
    with pytest.raises(UsageError):
        check_not_clobbering(link, project=alias)


def test_the_cli_refuses_an_output_over_its_metadata_sheet(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    sheet = tmp_path / "meta.csv"
    sheet.write_text((ROOT / "transcripts_sample" / "metadata.csv").read_text(encoding="utf-8"))
    before = sheet.read_bytes()
    transcript = ROOT / "transcripts_sample" / "bonn_de_01.md"
    book = ROOT / "codebooks" / "city_partnerships.yaml"
    result = cli("code", transcript, "-m", sheet, "-c", book, "-o", sheet)
    assert result.exit_code == 2, result
    assert "is an input, which this command reads; writing there would destroy it" in result.stderr
    assert sheet.read_bytes() == before
    result = cli("code", transcript, "-m", sheet, "-c", book, "-o", transcript.with_suffix(".md"))
    assert result.exit_code == 2 and "which this command reads" in result.stderr


def test_the_cli_refuses_a_table_or_a_figure_over_the_project(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    project = _project(tmp_path)
    before = project.read_bytes()
    link = tmp_path / "out.csv"
    link.symlink_to(project)
    for args in (
        ("segments", "-o", link),
        ("themes", "-o", link),
        ("matrix", "-o", link),
        ("cooccur", "-o", link),
        ("kwic", "port", "-o", link),
        ("agreement", "--coders", "auto,anna", "-o", link),
        ("compare", "--by", "city", "-o", link),
    ):
        result = cli(*args, "-p", project)
        assert result.exit_code == 2, (args, result)
        assert "is the project file" in result.stderr, (args, result)
    figure = tmp_path / "fig.png"
    figure.symlink_to(project)
    result = cli("compare", "--by", "city", "--plot", figure, "-p", project)
    assert result.exit_code == 2 and "--plot" in result.stderr
    qdc = tmp_path / "book.qdc"
    qdc.symlink_to(project)
    result = cli("export", "codebook", qdc, "-p", project)
    assert result.exit_code == 2 and "is the project file" in result.stderr
    assert project.read_bytes() == before


def _project(folder: Path) -> Path:
    from interviewkit.store import Project
    from tests.store.factory import book, suggestion, transcript

    path = folder / "p.db"
    doc = transcript("a", city="Bonn")
    with Project.create(path, codebook=book(folder)) as project:
        project.add_transcripts([doc, transcript("b", city="Wuhan")])
        project.store_auto_codings([suggestion(doc, 2, "economy", "port")], doc_ids=["a"])
    (folder / "book.yaml").unlink()
    return path
