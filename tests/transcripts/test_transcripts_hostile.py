"""Hostile and broken input to the readers: a located error or a right result, never a crash.

Each test builds its input itself. The Word documents that could exhaust
memory are read in a child process with an address-space limit and a
timeout, so that a failure shows as a failed test, not a dead test run.
"""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import textwrap
import warnings
import zipfile
import zlib
from pathlib import Path

import pytest

from interviewkit.errors import DataError, TranscriptError
from interviewkit.sheets import read_records
from interviewkit.transcripts import read_metadata, read_transcript

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ROOT = Path(__file__).parents[2]


def _docx_parts(tmp_path: Path) -> dict[str, bytes]:
    """The parts of a small genuine Word document."""
    import docx

    document = docx.Document()
    document.add_paragraph("I: Wie geht es?")
    document.add_paragraph("B: Gut.")
    path = tmp_path / "genuine.docx"
    document.save(path)
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip archive from (name, raw deflate data, crc, uncompressed size), made by hand
    so that a part can expand to hundreds of MB without being compressed here."""
    out = io.BytesIO()
    central = []
    for name, data, crc, size in members:
        offset = out.tell()
        encoded = name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data),
                              size, len(encoded), 0))  # fmt: skip
        out.write(encoded + data)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21,
                                   crc, len(data), size, len(encoded), 0, 0, 0, 0, 0,
                                   offset) + encoded)  # fmt: skip
    start = out.tell()
    for record in central:
        out.write(record)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central),
                          out.tell() - start, start, 0))  # fmt: skip
    return out.getvalue()


def _deflated(content: bytes) -> tuple[bytes, int, int]:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(content) + packer.flush(), zlib.crc32(content), len(content)


def _bomb_document(megabytes: int) -> tuple[bytes, int, int]:
    """A document.xml of ``megabytes`` MB of spaces, packed in about a kilobyte per MB:
    after a full flush deflate packs each identical MB to identical bytes."""
    head = f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>'.encode()
    tail = b"</w:t></w:r></w:p></w:body></w:document>"
    chunk = b" " * 2**20
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    end = packer.compress(tail) + packer.flush()
    crc = zlib.crc32(head)
    for _ in range(megabytes):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    return first + block * megabytes + end, crc, len(head) + megabytes * 2**20 + len(tail)


def _docx_with(tmp_path: Path, name: str, document: bytes | tuple[bytes, int, int]) -> Path:
    parts = _docx_parts(tmp_path)
    members = []
    for part, content in parts.items():
        if part == "word/document.xml":
            packed = document if isinstance(document, tuple) else _deflated(document)
            members.append((part, *packed))
        else:
            members.append((part, *_deflated(content)))
    path = tmp_path / name
    path.write_bytes(_zip(members))
    return path


def _read_bounded(path: Path, *, memory_mb: int = 1024, env: dict[str, str] | None = None) -> str:
    """Read ``path`` in a child process limited in memory and time; its last output line."""
    code = textwrap.dedent(
        f"""
        import resource, sys
        limit = {memory_mb} * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        from interviewkit.errors import InterviewkitError
        from interviewkit.transcripts import read_transcript
        try:
            transcript = read_transcript(sys.argv[1])
            print("read", len(transcript.units))
        except InterviewkitError as exc:
            print("error", exc.message)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin", **(env or {})},
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip().splitlines()[-1]


def test_a_docx_bomb_is_refused_naming_the_part_and_the_limit(tmp_path):
    path = _docx_with(tmp_path, "bomb.docx", _bomb_document(400))

    outcome = _read_bounded(path)

    assert outcome.startswith("error")
    assert "word/document.xml expands to 400 MB" in outcome
    assert "limit of 64 MB" in outcome


def test_the_docx_limit_can_be_raised_and_lowered(tmp_path):
    path = _docx_with(tmp_path, "big.docx", _bomb_document(3))

    assert _read_bounded(path, env={"INTERVIEWKIT_DOCX_LIMIT_MB": "2"}).startswith(
        "error " + f"{path}: the part word/document.xml expands to 3 MB, over the limit of 2 MB"
    )
    # Raised above the part's size, the document is read (it holds only spaces: empty).
    raised = _read_bounded(path, env={"INTERVIEWKIT_DOCX_LIMIT_MB": "8"})
    assert raised == f"error {path} is empty: the document has no text"


def test_a_docx_part_that_expands_like_a_bomb_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("INTERVIEWKIT_DOCX_LIMIT_MB", "100")
    path = _docx_with(tmp_path, "ratio.docx", _bomb_document(20))

    with pytest.raises(
        TranscriptError, match=r"word/document.xml expands to 20 MB, \d[\d,]* times"
    ):
        read_transcript(path)


@pytest.mark.parametrize(
    ("name", "document", "words"),
    [
        (
            "damaged.docx",
            f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body><w:p><w:r>'.encode(),
            "damaged Word document (word/document.xml, line 1:",
        ),
        (
            "entities.docx",
            (
                '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
                '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
                f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p>'
                "</w:body></w:document>"
            ).encode(),
            "the part word/document.xml declares a DTD or entities",
        ),
        (
            "nested.docx",
            (
                f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body>'
                + "<w:tbl><w:tr><w:tc>" * 2000
                + "<w:p><w:r><w:t>I: tief</w:t></w:r></w:p>"
                + "</w:tc></w:tr></w:tbl>" * 2000
                + "</w:body></w:document>"
            ).encode(),
            "line 1: elements nested more than 256 levels deep, which Word never writes)",
        ),
    ],
)
def test_hostile_docx_xml_is_a_located_error(tmp_path, name, document, words):
    path = _docx_with(tmp_path, name, document)

    with pytest.raises(TranscriptError) as caught:
        read_transcript(path)

    assert str(path) in caught.value.message
    assert words in caught.value.message
    assert caught.value.hint
    assert "XML_PARSE" not in caught.value.message  # no advice meant for programmers


def test_one_stray_windows_1252_byte_does_not_turn_a_utf8_file_into_mojibake(write):
    text = "I: Wie wichtig ist die Städtepartnerschaft?\nB: Sehr wichtig, größer als gedacht.\n"
    data = text.encode("utf-8") + "B: Grüße aus Köln.\n".encode("cp1252")

    transcript = read_transcript(write("stray.txt", data))

    assert transcript.encoding == "utf-8"
    assert "Städtepartnerschaft" in transcript.text and "größer" in transcript.text
    assert transcript.text.endswith("B: Grüße aus Köln.\n")  # the stray bytes read as cp1252
    assert len(transcript.warnings) == 1
    assert "on line 3" in transcript.warnings[0] and "UTF-8" in transcript.warnings[0]


def test_a_whole_windows_1252_file_is_still_read_as_such(write):
    data = "I: Wie geht's?\nB: Grüße aus Köln, schön hier.\n".encode("cp1252")

    transcript = read_transcript(write("legacy.txt", data))

    assert transcript.encoding == "cp1252"
    assert "Grüße aus Köln, schön hier." in transcript.text


def test_a_metadata_sheet_with_a_column_twice_is_an_error(write):
    path = write("meta.csv", "id,city,city\nbonn_de_01,Bonn,Köln\n")

    with pytest.raises(DataError) as caught:
        read_metadata(path)

    assert f"{path}, line 1: the column 'city' appears twice (column 3)" in caught.value.message


@pytest.mark.parametrize("suffix", [".csv"])
def test_a_csv_cell_over_the_csv_modules_limit_is_read(write, suffix):
    long = "Wir haben viel erreicht. " * 8000  # 200,000 characters
    path = write(f"sheet{suffix}", f'id,note\nbonn_de_01,"{long}"\nwuhan_zh_01,kurz\n')

    records = read_records(path)

    assert [number for number, _ in records] == [2, 3]
    assert records[0][1]["note"] == long.strip()
    assert read_metadata(path)["bonn_de_01"]["note"] == long.strip()
    import csv

    assert csv.field_size_limit() == 131072  # the module's limit is left as it was


PIECES = [
    "I: ", "B1: ", "Jane Doe  00:03\n", "Speaker 1 (00:01:03):\n", "Anna [00:00:01] ",
    "## Teil\n", "> note [name=kiang]\n", "#00:0:52-1#", "---\n", "title: x\n", "00:00:01.000 --> ",
    "00:01:,000 --> 00:00:02,000\n", "WEBVTT\n\n", "<v Anna>", ">> ", "{\\rtf1 ", "\\'fc", "\\par ",
    "}", "{", "\n", "\n\n", "：", "**", "Zum Beispiel: ", "Transcribed by https://otter.ai\n",
    "ä", "中文", "\r\n", "\t", " ",
]  # fmt: skip


@pytest.mark.parametrize("suffix", [".txt", ".md", ".vtt", ".srt", ".rtf"])
def test_fuzzed_files_read_or_fail_with_a_located_error(tmp_path, suffix):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from interviewkit.errors import InterviewkitError

    @settings(max_examples=60, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
    @given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=40))
    def check(parts: list[str]) -> None:
        path = tmp_path / f"fuzz{suffix}"
        path.write_bytes("".join(parts).encode("utf-8", errors="surrogatepass"))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                transcript = read_transcript(path)
        except InterviewkitError as exc:
            assert str(path) in exc.message or path.name in exc.message
            return
        for unit in transcript.units:
            assert 0 <= unit.start < unit.end <= len(transcript.text)

    check()


@pytest.mark.parametrize(
    ("name", "hint"), [("t.txt", "plain text (.txt, UTF-8)"), ("meta.csv", "save the sheet again")]
)
def test_a_control_character_is_named_with_its_line(write, name, hint):
    path = write(name, b"id,city\nbonn_01,Bonn\x1b]0;owned\x07\n")

    with pytest.raises(TranscriptError) as caught:
        read_transcript(path) if name.endswith(".txt") else _decode(path)

    assert caught.value.message == (
        f"{path} does not look like a text file: line 2 holds the control character U+001B, "
        "which text does not contain"
    )
    assert hint in caught.value.hint


def _decode(path):
    from interviewkit.textfiles import decode

    return decode(path.read_bytes(), path)


def test_a_nul_far_into_a_file_is_named_with_its_line(write):
    path = write("long.txt", ("I: Hallo.\n\nB: Ja.\n" * 7000 + "B: x\x00y\n").encode())

    with pytest.raises(TranscriptError) as caught:
        read_transcript(path)

    assert caught.value.message.endswith(
        "line 21001 holds the control character U+0000, which text does not contain"
    )
