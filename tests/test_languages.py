"""Languages as people write them in metadata sheets and front matter."""

from __future__ import annotations

import pytest

from interviewkit.languages import language_code
from interviewkit.transcripts import read_transcript


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("de", "de"), ("DE", "de"), ("de-DE", "de"), ("de_AT", "de"), ("German", "de"),
        ("Deutsch", "de"), ("deu", "de"), ("EN", "en"), ("en-GB", "en"), ("eng", "en"),
        ("English", "en"), ("zh-CN", "zh"), ("zh_Hant_TW", "zh"), ("Chinese", "zh"),
        ("中文", "zh"), ("cmn", "zh"), (" fr ", "fr"), ("yue", "yue"),
        ("", None), ("Klingonisch", None), ("1", None),
    ],
)  # fmt: skip
def test_language_codes(written: str, code: str | None) -> None:
    assert language_code(written) == code


def test_a_sheets_language_names_find_the_codebooks_rules(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "a.txt"
    path.write_text("I: Wie?\n\nB: Die Partnerschaft ist gut.\n", encoding="utf-8")

    assert read_transcript(path, metadata={"language": "German"}).language == "de"
    assert read_transcript(path, metadata={"language": "zh-CN"}).language == "zh"
    assert read_transcript(path, language="EN").language == "en"
    # a value that names no language is kept as written (the coder says it has no rules)
    assert read_transcript(path, metadata={"language": "Klingonisch"}).language == "Klingonisch"
