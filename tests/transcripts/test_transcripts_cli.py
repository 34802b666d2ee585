"""``interviewkit transcripts``: layouts shown as read, the text written out, bad files named."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.transcripts.layout_units import LAYOUTS


def test_units_show_header_and_heading_apart_and_the_interviewer(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("transcripts", LAYOUTS / "headings.md", LAYOUTS / "header_de.txt", "--units")

    assert result.exit_code == 0, result
    rows = [line for line in result.stdout.splitlines() if line.startswith("│")]
    headings = [row for row in rows if "— heading —" in row]
    headers = [row for row in rows if "— header —" in row]
    assert len(headings) == 5 and len(headers) == 2
    assert any("Redaktion (I)" in row for row in rows)
    assert "interviewer: Redaktion" in result.stdout and "interviewer: I" in result.stdout
    overview = result.stdout.split("┘")[0]
    assert [line.split("│")[7:9] for line in overview.splitlines() if "│ head" in line] == [
        ["     4 ", "       6 "],
        ["     6 ", "       1 "],
    ]


def test_no_interviewer_is_said_once_for_all_files(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("transcripts", LAYOUTS / "otter.txt", LAYOUTS / "rev.txt", "--units")

    assert result.exit_code == 0, result
    assert result.stderr.count("no interviewer recognised") == 1
    assert "otter ('Jane Doe' asks the most questions: 3 questions)" in result.stderr
    assert "rev ('Speaker 1' asks the most questions: 3 questions)" in result.stderr
    assert "--interviewer" in result.stderr
    assert result.stdout.count("interviewer: none recognised") == 2


def test_interviewer_option_is_exact(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("transcripts", LAYOUTS / "rev.txt", "--interviewer", "Speaker 1", "--units")

    assert result.exit_code == 0, result
    assert "Speaker 1 (I)" in result.stdout and "Speaker 2 (I)" not in result.stdout
    assert "no interviewer recognised" not in result.stderr


def test_interviewer_option_takes_a_name_with_a_comma_and_a_list(cli) -> None:  # type: ignore[no-untyped-def]
    """Zoom's 'Hoffmann, Julia' is one name, as the warning suggests it; 'Speaker 1,
    Speaker 3' is a list."""
    zoom = cli(
        "transcripts", LAYOUTS / "zoom_names.vtt", "--interviewer", "Hoffmann, Julia", "--units"
    )
    listed = cli(
        "transcripts", LAYOUTS / "rev.txt", "--interviewer", "Speaker 1, Speaker 3", "--units"
    )

    assert zoom.exit_code == 0 and listed.exit_code == 0, (zoom, listed)
    assert "Hoffmann, Julia (I)" in zoom.stdout and "no interviewer" not in zoom.stderr
    assert "Speaker 1 (I)" in listed.stdout and "Speaker 2 (I)" not in listed.stdout


def test_text_writes_the_derived_text_that_offsets_refer_to(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from interviewkit.transcripts import read_transcript

    target = tmp_path / "f4.txt"
    result = cli("transcripts", LAYOUTS / "f4.rtf", "--text", "-o", target)

    assert result.exit_code == 0, result
    written = target.read_text(encoding="utf-8")
    transcript = read_transcript(LAYOUTS / "f4.rtf")
    assert written == transcript.text
    for unit in transcript.units:
        assert written[unit.start : unit.end] == transcript.unit_text(unit)
    assert "{\\rtf" not in written and "#00:" not in written


def test_text_to_stdout_and_refusals(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    copy = shutil.copy(LAYOUTS / "zoom.vtt", tmp_path / "zoom.vtt")

    shown = cli("transcripts", copy, "--text")
    assert shown.exit_code == 0 and shown.stdout.startswith("Jane Doe: Okay, I think")
    onto_itself = cli("transcripts", copy, "--text", "-o", copy)
    assert onto_itself.exit_code == 2 and "is the transcript itself" in onto_itself.stderr
    assert Path(copy).read_text(encoding="utf-8").startswith("WEBVTT")
    several = cli("transcripts", LAYOUTS / "rev.txt", LAYOUTS / "trint.txt", "--text")
    assert several.exit_code == 2 and "one transcript" in several.stderr
    without = cli("transcripts", copy, "-o", tmp_path / "x.txt")
    assert without.exit_code == 2 and "--text" in without.stderr


def test_one_bad_file_in_a_folder_does_not_stop_the_others(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "interviews"
    folder.mkdir()
    shutil.copy(LAYOUTS / "rev.txt", folder / "rev.txt")
    shutil.copy(LAYOUTS / "header_de.txt", folder / "header_de.txt")
    (folder / "kaputt.docx").write_bytes(b"this is not a zip file")
    (folder / "leer.md").write_text("---\ncity: Bonn\n---\n\n", encoding="utf-8")

    result = cli("transcripts", folder)

    assert result.exit_code == 1, result
    assert "2 transcripts" in result.stdout
    assert "header_de" in result.stdout and "rev" in result.stdout
    assert "2 transcript file(s) could not be read (the other 2 were read)" in result.stderr
    assert "kaputt.docx is not a Word document" in result.stderr
    assert "leer.md is empty" in result.stderr
    assert result.stderr.index("could not be read") > result.stderr.index("no interviewer")


def test_one_bad_file_beside_good_ones_is_named_with_its_reason(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "interviews"
    folder.mkdir()
    shutil.copy(LAYOUTS / "rev.txt", folder / "rev.txt")
    (folder / "leer.md").write_text("---\ncity: Bonn\n---\n\n", encoding="utf-8")

    result = cli("transcripts", folder)

    assert result.exit_code == 1, result
    assert (
        "leer.md is empty: there is no transcript text after the front matter (the other 1 "
        "file was read)" in result.stderr
    )
    assert "Hint: Add the transcript below the closing --- line." in result.stderr


def test_a_bad_file_alone_is_its_own_error(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "kaputt.docx"
    path.write_bytes(b"this is not a zip file")

    result = cli("transcripts", path)

    assert result.exit_code == 1
    assert f"Error: {path} is not a Word document that can be read" in result.stderr
    assert "Traceback" not in result.stderr
