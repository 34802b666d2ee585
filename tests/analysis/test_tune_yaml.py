"""The tuned copy keeps the original's text and marks each change; the original is untouched."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from interviewkit.analysis.proposals import Change, apply_changes
from interviewkit.analysis.tune_yaml import tuned_text, write_tuned
from interviewkit.codebook import Codebook, load_codebook
from interviewkit.errors import DataError
from tests.conftest import CODEBOOK

BLOCK = """\
# Written by hand: every comment stays.
name: block
version: "1.2"
codes:
  - id: econ
    name: Economy
    description: >-
      Folded text
      over two lines.
    keywords:
      en:
        - trade        # the core
        - business
        - pattern:
            - {LOWER: port}
      de:
      - Handel
    # a comment between keys
  - id: doubt
    name: Doubt
    keywords:
      en: [doubt, unsure]
    near_misses:
      en: ["no doubt"]
"""

FLOW = """\
name: flow
version: 3
codes:
  - {id: econ, name: Economy, keywords: {en: [trade, business]}}
  - id: doubt
    name: Doubt
    keywords: {en: [doubt]}
    near_misses:
"""


def _book(tmp_path: Path, text: str, name: str = "book.yaml") -> tuple[Path, Codebook]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path, load_codebook(path)


def _rule(book: Codebook, code: str, language: str, value: str) -> Change:
    rule = next(r for r in book.get(code).keywords[language] if r.value == value)
    return Change("drop", code, language, rule, "", 0, 4, f"dropped {value}: 0 of 4 kept")


def _add(code: str, language: str, value: str, action: str = "add") -> Change:
    return Change(action, code, language, None, value, 3, 3, f"{action} {value}: 3 of 3 coded")


def _changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="")
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_block_lists_get_commented_drops_and_appended_additions(tmp_path: Path) -> None:
    path, book = _book(tmp_path, BLOCK)
    changes = [
        _rule(book, "econ", "en", "business"),
        _add("econ", "en", "investors"),
        _add("econ", "de", "Investoren"),
        _add("econ", "en", "sports", "narrow"),
        _add("doubt", "en", "beyond doubt", "narrow"),
    ]
    tuned = apply_changes(book, changes)
    out = tmp_path / "tuned.yaml"
    text = write_tuned(path, out, changes, tuned, header=["Tuned copy of book.yaml."])
    assert path.read_text(encoding="utf-8") == BLOCK  # the original is never touched
    assert out.read_text(encoding="utf-8") == text
    assert "        # tune: dropped business: 0 of 4 kept\n        # - business\n" in text
    assert '        # tune: add investors: 3 of 3 coded\n        - "investors"\n' in text
    assert '      - Handel\n      # tune: add Investoren: 3 of 3 coded\n      - "Investoren"\n' in text
    assert "    near_misses:\n      en:\n" in text  # made for econ, after its keywords
    assert '      en: ["no doubt", "beyond doubt"]' in text  # a flow list written again
    assert 'version: "1.2-tuned"' in text
    assert text.startswith("# Tuned copy of book.yaml.\n#\n# Written by hand")
    removed = [line[1:] for line in _changed_lines(BLOCK, text) if line.startswith("-")]
    assert removed == ['version: "1.2"', "        - business", '      en: ["no doubt"]']
    kept = [line for line in BLOCK.splitlines() if "business" not in line and "no doubt" not in line
            and "version" not in line]
    assert all(line in text.splitlines() for line in kept)  # comments, folded text, patterns
    again = load_codebook(out)
    assert again.get("econ").near_misses["en"][0].value == "sports"


def test_flow_codes_are_written_again_in_flow_style(tmp_path: Path) -> None:
    path, book = _book(tmp_path, FLOW)
    changes = [
        _rule(book, "econ", "en", "business"),
        _add("econ", "en", "investors"),
        _add("doubt", "en", "no doubt", "narrow"),
    ]
    text = write_tuned(path, tmp_path / "t.yaml", changes, apply_changes(book, changes))
    assert "  # tune: dropped business: 0 of 4 kept\n" in text
    assert "keywords: {en: [trade, investors]}" in text
    assert "near_misses: {en: [no doubt]}" in text
    assert 'version: "3-tuned"' in text


def test_the_shipped_codebook_takes_every_kind_of_change(tmp_path: Path) -> None:
    book = load_codebook(CODEBOOK)
    original = CODEBOOK.read_text(encoding="utf-8")
    regex = next(r for r in book.get("uncertainty").keywords["en"] if r.kind == "regex")
    changes = [
        Change("drop", "uncertainty", "en", regex, "", 0, 5, "dropped a regex"),
        _rule(book, "economic_growth", "zh", "*企业*"),
        _add("competition", "zh", "就那么"),
        _add("economic_growth", "de", "Sportverein", "narrow"),
    ]
    out = tmp_path / "tuned.yaml"
    text = write_tuned(CODEBOOK, out, changes, apply_changes(book, changes))
    assert CODEBOOK.read_text(encoding="utf-8") == original
    added = [line for line in _changed_lines(original, text) if line.startswith("+")]
    assert len(added) == 2 * 2 + 2 * 2 + 1  # comment + line per change, the version
    assert load_codebook(out).version == "1.0-tuned"


def test_tuned_text_refuses_what_is_not_a_codebook() -> None:
    with pytest.raises(DataError, match="not a YAML mapping"):
        tuned_text("- a\n- b\n", [])
    with pytest.raises(DataError, match="'ghost' is not in the codebook file"):
        tuned_text(BLOCK, [_add("ghost", "en", "x")])


@pytest.mark.parametrize(
    ("source", "output", "words"),
    [
        ("book.yaml", "book.yaml", "is the codebook itself"),
        ("book.yaml", "tuned.csv", "is a YAML codebook"),
        ("book.csv", "tuned.yaml", "tuned copy of a YAML codebook"),
    ],
)
def test_write_tuned_refuses(tmp_path: Path, source: str, output: str, words: str) -> None:
    path = tmp_path / source
    path.write_text(BLOCK if source.endswith("yaml") else "id,name\na,A\n", encoding="utf-8")
    _, book = _book(tmp_path, BLOCK, "other.yaml")
    with pytest.raises(DataError, match=words):
        write_tuned(path, tmp_path / output, [], book)
    assert path.read_text(encoding="utf-8").startswith(("# Written", "id,name"))
