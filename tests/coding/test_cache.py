"""The cache of compiled codebooks: same results, checked on load, atomic, can be turned off."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from interviewkit.coding import Coder
from interviewkit.coding.cache import DiskCache, cache_dir
from interviewkit.coding.stored import load_codebook_cached
from interviewkit.transcripts import read_transcript
from tests.conftest import CODEBOOK, SAMPLES

SAMPLE_FILES = ("bonn_de_01.md", "bonn_en_02.md", "wuhan_zh_01.md")


def _codings(cache: bool | None) -> list[tuple[object, ...]]:
    book = load_codebook_cached(CODEBOOK, cache=cache is not False)
    coder = Coder(book, cache=cache)
    docs = [read_transcript(SAMPLES / name) for name in SAMPLE_FILES]
    return [
        (c.doc_id, c.start, c.end, c.code, c.unit_index, c.evidence) for c in coder.code(docs)
    ]


def _files() -> list[Path]:
    return DiskCache(cache_dir()).entries()


def test_results_are_the_same_with_and_without_the_cache() -> None:
    fresh = _codings(cache=False)
    assert _files() == []  # nothing written when turned off
    first = _codings(cache=None)  # compiles, writes the cache
    kinds = sorted(p.name.rsplit("-", 1)[0] for p in _files())
    assert kinds == ["codebook", "rules-de", "rules-en", "rules-zh"]
    second = _codings(cache=None)  # reads it
    assert fresh == first == second
    assert len(fresh) > 50


def test_a_corrupt_or_foreign_cache_file_is_rebuilt_never_trusted() -> None:
    expected = _codings(cache=False)
    _codings(cache=None)
    rules = [p for p in _files() if p.name.startswith("rules-de")]
    (path,) = rules
    good = path.read_bytes()
    header, body = good.split(b"\n", 1)

    def variants() -> list[bytes]:
        forged = json.loads(body)
        forged["entries"] = 3  # a well-formed file of another codebook, checksum recomputed
        forged_body = json.dumps(forged).encode()
        import hashlib

        h = json.loads(header)
        h.update(size=len(forged_body), sha256=hashlib.sha256(forged_body).hexdigest())
        return [
            b"",  # empty
            good[: len(good) // 2],  # truncated
            header + b"\n" + body.replace(b'"tested"', b'"tasted"'),  # checksum fails
            b"\x80\x81not json at all",
            json.dumps(h).encode() + b"\n" + forged_body,
        ]

    for bad in variants():
        path.write_bytes(bad)
        os.chmod(path, 0o600)
        assert _codings(cache=None) == expected
        assert path.read_bytes() != bad  # rebuilt and written again
    # A file that others may write is not read (a shared or misconfigured folder).
    path.write_bytes(variants()[-1])
    os.chmod(path, 0o666)
    assert _codings(cache=None) == expected


def test_writes_are_atomic_and_a_folder_that_cannot_be_written_is_let_be(tmp_path: Path) -> None:
    store = DiskCache(tmp_path / "c")
    store.put("rules-de", "k" * 64, {"a": [1, 2]})
    assert store.get("rules-de", "k" * 64) == {"a": [1, 2]}
    assert [p.name for p in (tmp_path / "c").iterdir() if p.name.startswith(".tmp")] == []
    assert store.get("rules-de", "x" * 64) is None
    assert store.get("rules-en", "k" * 64) is None  # another kind under the same key: no
    # An object that is not plain data is simply not kept; the old file stays whole.
    store.put("rules-de", "k" * 64, {"a": object()})
    assert store.get("rules-de", "k" * 64) == {"a": [1, 2]}
    blocked = DiskCache(tmp_path / "file")
    (tmp_path / "file").write_text("not a folder")
    blocked.put("rules-de", "k" * 64, {"a": 1})  # no error
    assert blocked.get("rules-de", "k" * 64) is None


def test_the_environment_variable_turns_the_cache_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERVIEWKIT_NO_CACHE", "1")
    _codings(cache=None)
    assert _files() == []


def test_cache_commands_and_no_cache_option(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out_a, out_b, out_c = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"
    sample = SAMPLES / "bonn_de_01.md"
    assert cli("code", sample, "-c", CODEBOOK, "-o", out_a, "--no-cache").exit_code == 0
    assert _files() == []
    assert cli("code", sample, "-c", CODEBOOK, "-o", out_b).exit_code == 0
    assert len(_files()) == 2  # the codebook and its German rules
    assert cli("code", sample, "-c", CODEBOOK, "-o", out_c).exit_code == 0
    assert out_a.read_bytes() == out_b.read_bytes() == out_c.read_bytes()
    info = cli("cache", "info")
    assert info.exit_code == 0
    assert f"folder: {cache_dir()}" in info.stdout and "2 files" in info.stdout
    cleared = cli("cache", "clear")
    assert cleared.exit_code == 0 and "Removed 2 files" in cleared.stderr
    assert _files() == []


def test_a_changed_codebook_file_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "book.yaml"
    path.write_text(
        "name: x\nversion: '1'\ncodes:\n  - id: a\n    name: A\n    keywords:\n      de: [Stadt]\n",
        encoding="utf-8",
    )
    first = load_codebook_cached(path)
    assert load_codebook_cached(path) == first
    path.write_text(path.read_text(encoding="utf-8").replace("Stadt", "Hafen"), encoding="utf-8")
    assert load_codebook_cached(path).codes[0].keywords["de"][0].value == "Hafen"


def test_another_store_keeps_compiled_codebooks_as_plain_data() -> None:
    """What a project's table would do: keep JSON text under a key, give it back."""

    class Table:
        def __init__(self) -> None:
            self.rows: dict[tuple[str, str], str] = {}

        def get(self, kind: str, key: str) -> object | None:
            row = self.rows.get((kind, key))
            return None if row is None else json.loads(row)

        def put(self, kind: str, key: str, payload: object) -> None:
            self.rows[(kind, key)] = json.dumps(payload)

    table = Table()
    book = load_codebook_cached(CODEBOOK, cache=False)
    docs = [read_transcript(SAMPLES / name) for name in SAMPLE_FILES]
    fresh = list(Coder(book, cache=False).code(docs))
    first = list(Coder(book, store=table).code(docs))
    assert sorted(kind for kind, _ in table.rows) == ["rules-de", "rules-en", "rules-zh"]
    assert _files() == []  # the user's cache is not touched
    second = list(Coder(book, store=table).code(docs))
    assert fresh == first == second
