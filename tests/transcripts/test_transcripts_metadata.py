"""Metadata sheets (CSV, XLSX) and reading whole folders."""

from __future__ import annotations

import datetime as dt
import shutil
import warnings
from pathlib import Path

import pytest

from interviewkit.errors import TranscriptError, UsageError
from interviewkit.transcripts import (
    MetadataWarning,
    read_metadata,
    read_transcript,
    read_transcripts,
)

DATA = Path(__file__).parents[1] / "data" / "transcripts"


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    (folder / "bonn").mkdir(parents=True)
    (folder / "wuhan").mkdir()
    (folder / ".git").mkdir()
    shutil.copy(DATA / "bonn_de_01.md", folder / "bonn" / "bonn_de_01.md")
    shutil.copy(DATA / "f4_interview.txt", folder / "bonn" / "bonn_de_02.txt")
    shutil.copy(DATA / "wuhan_zh_01.txt", folder / "wuhan" / "wuhan_zh_01.txt")
    (folder / ".git" / "notes.txt").write_text("I: hidden\n", encoding="utf-8")
    (folder / ".hidden.txt").write_text("I: hidden\n", encoding="utf-8")
    (folder / "bonn" / "~$bonn_de_01.docx").write_bytes(b"lock")
    (folder / "codes.csv").write_text("id,city\n", encoding="utf-8")
    (folder / "notes.json").write_text("{}", encoding="utf-8")
    return folder


def test_folder_is_read_recursively_and_sorted(corpus):
    transcripts = read_transcripts(corpus)

    assert [t.id for t in transcripts] == ["bonn_de_01", "bonn_de_02", "wuhan_zh_01"]
    assert [t.language for t in transcripts] == ["de", "de", "zh"]


def test_csv_sheet_adds_and_overrides(corpus):
    with pytest.warns(MetadataWarning, match="nowhere_01"):
        transcripts = read_transcripts(corpus, metadata_file=DATA / "metadata.csv")

    bonn = transcripts[0]
    assert bonn.metadata["country"] == "Deutschland"  # overrides the front matter
    assert bonn.metadata["institution"] == "Stadtverwaltung"  # added
    assert bonn.metadata["date"] == "2023-05-04"  # kept
    assert "institution" not in transcripts[1].metadata


def test_xlsx_sheet_matches_by_file_and_renames(corpus, tmp_path):
    sheet = _xlsx(
        tmp_path / "meta.xlsx",
        [
            ["File", "ID", "City", "Language", "Date", "Year"],
            ["bonn_de_02.txt", "bonn_de_02_f4", "Bonn", None, dt.datetime(2023, 6, 1), 2023.0],
            ["wuhan_zh_01.txt", None, "Wuhan", "zh-CN", None, None],
        ],
    )

    transcripts = read_transcripts(corpus, metadata_file=sheet)

    by_id = {t.id: t for t in transcripts}
    assert set(by_id) == {"bonn_de_01", "bonn_de_02_f4", "wuhan_zh_01"}
    renamed = by_id["bonn_de_02_f4"]
    assert dict(renamed.metadata) == {
        "city": "Bonn",
        "date": "2023-06-01",
        "year": "2023",
        "language": "de",
    }
    assert by_id["wuhan_zh_01"].metadata["language"] == "zh"  # written zh-CN: the code of the rules
    assert by_id["wuhan_zh_01"].metadata["city"] == "Wuhan"


def test_read_metadata_keys(tmp_path):
    sheet = tmp_path / "m.csv"
    sheet.write_text("id,file,City Name\na,,Bonn\n,b.txt,Wuhan\n,,\n", encoding="utf-8")

    assert read_metadata(sheet) == {
        "a": {"id": "a", "city_name": "Bonn"},
        "b.txt": {"file": "b.txt", "city_name": "Wuhan"},
    }


def test_read_metadata_csv_in_excel_encoding(tmp_path):
    sheet = tmp_path / "m.csv"
    sheet.write_bytes("id;stadt\nk1;Köln\nd1;Düsseldorf\n".encode("cp1252"))

    assert read_metadata(sheet)["k1"]["stadt"] == "Köln"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("city,country\nBonn,Germany\n", "neither an 'id' nor a 'file' column"),
        ("id,city\na,Bonn\na,Wuhan\n", "line 3: 'a' has a row already (line 2)"),
        ("id,city\n,Bonn\n", "line 2: the row has neither"),
    ],
)
def test_bad_sheet(tmp_path, content, words):
    sheet = tmp_path / "m.csv"
    sheet.write_text(content, encoding="utf-8")

    with pytest.raises(TranscriptError) as caught:
        read_metadata(sheet)

    assert str(sheet) in caught.value.message
    assert words in caught.value.message


def test_sheet_with_wrong_suffix(tmp_path):
    with pytest.raises(UsageError, match=r"\.csv, \.xlsx"):
        read_metadata(tmp_path / "m.ods")


def test_metadata_argument_overrides_front_matter():
    transcript = read_transcript(DATA / "bonn_de_01.md", metadata={"city": "Köln", "id": "k1"})

    assert transcript.id == "k1"
    assert transcript.metadata["city"] == "Köln"
    assert "id" not in transcript.metadata


def test_folder_without_transcripts(tmp_path):
    (tmp_path / "empty" / "sub").mkdir(parents=True)
    (tmp_path / "empty" / "meta.csv").write_text("id\n", encoding="utf-8")

    with pytest.raises(TranscriptError, match="holds no transcripts") as caught:
        read_transcripts(tmp_path / "empty")

    assert ".docx" in caught.value.message


def test_duplicate_ids_are_refused(tmp_path):
    for city in ("bonn", "wuhan"):
        (tmp_path / city).mkdir()
        (tmp_path / city / "01.txt").write_text("I: a\n", encoding="utf-8")

    with pytest.raises(TranscriptError, match="'01' is taken already"):
        read_transcripts(tmp_path)


def test_files_and_folders_mixed_without_repeats(corpus):
    transcripts = read_transcripts([corpus / "wuhan" / "wuhan_zh_01.txt", corpus / "wuhan"])

    assert [t.id for t in transcripts] == ["wuhan_zh_01"]


def test_missing_path_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="no such file or folder"):
        read_transcripts([tmp_path / "nope"])


def test_read_corpus_reads_every_readable_file_and_names_the_others(tmp_path):
    from interviewkit.transcripts import read_corpus, read_transcripts
    from interviewkit.transcripts.files import UnreadableFilesError

    (tmp_path / "a.md").write_text("I: Frage?\n\nB: Antwort.\n", encoding="utf-8")
    (tmp_path / "b.docx").write_bytes(b"kaputt")
    (tmp_path / "c.srt").write_text("1\n00:00:01,000 --> kaputt\nHallo.\n", encoding="utf-8")
    (tmp_path / "d.txt").write_text("I: Noch eine?\nB: Ja.\n", encoding="utf-8")

    corpus = read_corpus(tmp_path)

    assert [t.id for t in corpus.transcripts] == ["a", "d"]
    assert [u.path.name for u in corpus.unreadable] == ["b.docx", "c.srt"]
    assert "c.srt, line 2: cannot read the cue timing" in corpus.unreadable[1].describe()
    with pytest.raises(UnreadableFilesError) as caught:
        read_transcripts(tmp_path)
    assert len(caught.value.problems) == 2
    assert "(the other 2 were read)" in caught.value.message


def test_rows_match_by_file_then_id_the_first_in_the_sheet_winning() -> None:
    from interviewkit.transcripts.metadata import SheetIndex

    sheet = {
        "a": {"file": "bonn/interview_1.txt", "city": "Bonn"},
        "b": {"file": "interview_1", "city": "Stem"},
        "c": {"id": "wuhan_01", "city": "Wuhan"},
        "d": {"file": "./wuhan/x.md", "city": "Path"},
        "e": {"id": "wuhan_01", "city": "Later"},
    }
    rows = SheetIndex(sheet)

    def city(path: str, transcript_id: str = "none") -> str | None:
        found = rows.match(file=Path(path), transcript_id=transcript_id)
        return found[1]["city"] if found else None

    assert city("/data/bonn/interview_1.txt") == "Bonn"  # the end of the path, first row
    assert city("/data/duisburg/interview_1.txt") == "Stem"  # the name without suffix
    assert city("/data/wuhan/x.md") == "Path"
    assert city("/data/y.md", "wuhan_01") == "Wuhan"  # by id, the first row with it
    assert city("/data/y.md") is None


def test_sheet_rows_match_names_in_another_unicode_form_or_case(tmp_path: Path) -> None:
    """A Mac writes 'ä' in file names as 'a' and a combining mark; a sheet typed by hand
    writes it as one letter, and may capitalise differently."""
    import unicodedata

    folder = tmp_path / "interviews"
    folder.mkdir()
    decomposed = unicodedata.normalize("NFD", "Gespräch Düsseldorf")
    (folder / f"{decomposed}.txt").write_text("I: Wie?\n\nB: So.\n", encoding="utf-8")
    (folder / "bonn_de_01.txt").write_text("I: Wie?\n\nB: So.\n", encoding="utf-8")
    (folder / "B1.txt").write_text("I: Wie?\n\nB: So.\n", encoding="utf-8")
    sheet = tmp_path / "meta.csv"
    sheet.write_text(
        "file,city\nGespräch Düsseldorf.txt,Düsseldorf\nBonn_de_01.txt,Bonn\nb1.txt,Köln\n"
        "B1.txt,Bonn\n",
        encoding="utf-8",
    )

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        found = {t.id: t.metadata["city"] for t in read_transcripts(folder, metadata_file=sheet)}

    # ids in one form: what a researcher types finds them
    assert found == {"B1": "Bonn", "Gespräch Düsseldorf": "Düsseldorf", "bonn_de_01": "Bonn"}
    # a row that matches exactly wins over one that differs in case, which is left over
    left = [str(w.message) for w in caught if issubclass(w.category, MetadataWarning)]
    assert len(left) == 1 and "no transcript matches 'b1.txt';" in left[0]


def test_a_workbook_whose_data_follow_a_sheet_of_notes(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "README"
    book.active.append(["notes"])
    book.active.append(["Daten auf dem zweiten Blatt"])
    data = book.create_sheet("Daten")
    data.append(["file", "city"])
    data.append(["bonn_de_01.md", "Bonn"])
    book.save(tmp_path / "meta.xlsx")
    assert read_metadata(tmp_path / "meta.xlsx") == {
        "bonn_de_01.md": {"file": "bonn_de_01.md", "city": "Bonn"}
    }
    del book["Daten"]
    book.create_sheet("Leer").append(["nr", "stadt"])
    book.save(tmp_path / "none.xlsx")
    with pytest.raises(TranscriptError, match=r"none of its sheets .*\(README: notes; Leer: nr, stadt\)"):
        read_metadata(tmp_path / "none.xlsx")


def test_an_id_whose_zeros_a_spreadsheet_dropped_still_matches(tmp_path: Path) -> None:
    folder = tmp_path / "interviews"
    folder.mkdir()
    (folder / "001.txt").write_text("I: Wie?\n\nB: So.\n", encoding="utf-8")
    (folder / "010.txt").write_text("I: Wie?\n\nB: So.\n", encoding="utf-8")
    sheet = _xlsx(tmp_path / "meta.xlsx", [["id", "city"], [1, "Bonn"], [10, "Wuhan"]])

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        found = {t.id: t.metadata.get("city") for t in read_transcripts(folder, metadata_file=sheet)}

    assert found == {"001": "Bonn", "010": "Wuhan"}
    assert not [w for w in caught if issubclass(w.category, MetadataWarning)]


def test_an_id_matched_in_another_case_is_not_renamed(tmp_path: Path) -> None:
    """The sheet's Bonn_01 finds bonn_01.txt, which stays bonn_01 (a project would
    otherwise hold the interview twice); digits that are no plain digits do no harm."""
    folder = tmp_path / "interviews"
    folder.mkdir()
    (folder / "bonn_01.txt").write_text("I: Wie?\n\nB: So.\n", encoding="utf-8")
    (folder / "².txt").write_text("I: Wie?\n\nB: So.\n", encoding="utf-8")
    sheet = tmp_path / "meta.csv"
    sheet.write_text("id,city\nBonn_01,Bonn\n①,Wuhan\n", encoding="utf-8")

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = {t.id: t.metadata.get("city") for t in read_transcripts(folder, metadata_file=sheet)}

    assert found == {"bonn_01": "Bonn", "²": None}
