"""Reading and validating codebooks: every problem named with its place."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from interviewkit.codebook import load_codebook
from interviewkit.errors import CodebookError, UsageError
from tests.conftest import realdata

VALID = """\
# a small codebook, with comments
name: Test book
version: "2.1"
languages: [de, en, zh]
negation:
  window: 2
codes:
  - id: relationship
    name: Relationship
    children:
      - id: uncertainty
        name: Uncertainty
        description: Doubt about the partner.
        include: Explicit doubt.
        exclude: Mere questions.
        examples: ["Wir wissen nicht, was kommt."]
        color: "#D55E00"
        keywords:
          de: [Zweifel, unklare Regeln, "*risiko*", /unberechenbar\\w*/]
          en: [doubt, "risk*", {pattern: [{LOWER: hard}, {LOWER: to}, {LOWER: tell}]}]
          zh: [担心, 风险]
        near_misses:
          de: [Verkehrssicherheit]
  - id: prestige
    name: Prestige
    parent: relationship
    negation: false
    keywords:
      en: [image]
  - id: manual_only
    name: Only by hand
"""


def write(tmp_path: Path, text: str, name: str = "book.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_valid_codebook_reads_every_field(tmp_path: Path) -> None:
    book = load_codebook(write(tmp_path, VALID))
    assert (book.name, book.version, book.negation_window) == ("Test book", "2.1", 2)
    assert [c.id for c in book.walk()] == ["relationship", "uncertainty", "prestige", "manual_only"]
    unc = book.get("uncertainty")
    assert unc.parent == "relationship" and unc.color == "#d55e00"
    assert [(r.kind, r.value) for r in unc.rules("de")] == [
        ("word", "Zweifel"),
        ("phrase", "unklare Regeln"),
        ("glob", "*risiko*"),
        ("regex", r"unberechenbar\w*"),
    ]
    assert unc.rules("en")[2].kind == "pattern"
    assert unc.near_misses["de"][0].value == "Verkehrssicherheit"
    assert book.get("prestige").negation is False
    assert book.ancestors("prestige") == ("relationship",)
    assert book.descendants("relationship") == ("uncertainty", "prestige")
    # A leaf without rules is allowed, with a warning; a parent needs none.
    assert len(book.warnings) == 1 and "manual_only" in book.warnings[0]
    assert "codes[2]" in book.warnings[0]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            "/unberechenbar\\\\w*/",
            "book.yaml:19: codes[0].children[0].keywords.de[3]: invalid regular expression 'Partner('",
        ),
        ('color: "#D55E00"', "codes[0].children[0].color: 'red' is not a colour"),
        ("id: prestige", "codes[1].id: duplicate id 'uncertainty'"),
        (
            "parent: relationship",
            "codes[1].parent: unknown parent 'relationshp'; did you mean 'relationship'?",
        ),
        (
            "include: Explicit doubt.",
            "codes[0].children[0].inclde: unknown key; did you mean 'include'?",
        ),
        ("{pattern: [{LOWER: hard}, {LOWER: to}, {LOWER: tell}]}", "unknown attribute 'LOWR'"),
        ("name: Test book", "'name' is missing"),
        ("window: 2", "negation.window: must be a whole number from 0 to 20"),
        (
            "zh: [担心, 风险]",
            "codes[0].children[0].keywords.chinese: 'chinese' is not a language code",
        ),
    ],
)
def test_each_problem_is_named_with_its_place(tmp_path: Path, change: str, expected: str) -> None:
    replacement = {
        "/unberechenbar\\\\w*/": "/Partner(/",
        'color: "#D55E00"': "color: red",
        "id: prestige": "id: uncertainty",
        "parent: relationship": "parent: relationshp",
        "include: Explicit doubt.": "inclde: Explicit doubt.",
        "{pattern: [{LOWER: hard}, {LOWER: to}, {LOWER: tell}]}": "{pattern: [{LOWR: hard}]}",
        "name: Test book": "description: no name",
        "window: 2": "window: -1",
        "zh: [担心, 风险]": "chinese: [担心, 风险]",
    }[change]
    text = VALID.replace(change.replace("\\\\", "\\"), replacement, 1)
    assert text != VALID
    with pytest.raises(CodebookError) as info:
        load_codebook(write(tmp_path, text))
    assert any(expected in p for p in info.value.problems), info.value.problems
    assert all(p.startswith(str(tmp_path / "book.yaml")) for p in info.value.problems)


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    text = VALID.replace("/unberechenbar\\w*/", "/Partner(/").replace('"#D55E00"', "blue")
    with pytest.raises(CodebookError) as info:
        load_codebook(write(tmp_path, text))
    assert len(info.value.problems) == 2
    assert "2 problems" in info.value.message


def test_cycle_in_parents(tmp_path: Path) -> None:
    text = """\
    name: x
    version: "1"
    codes:
      - {id: a, name: A, parent: b, keywords: {en: [x]}}
      - {id: b, name: B, parent: a, keywords: {en: [y]}}
    """
    with pytest.raises(CodebookError) as info:
        load_codebook(write(tmp_path, text))
    assert any("cycle: a → b → a" in p for p in info.value.problems)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "the codebook is empty"),
        ("name: [unclosed\n", "book.yaml:1: invalid YAML"),  # where the [ opened
        ("- just\n- a list\n", "must be a mapping"),
        ("name: x\nversion: '1'\ncodes: []\n", "'codes' must be a non-empty list"),
    ],
)
def test_unusable_files(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(CodebookError) as info:
        load_codebook(write(tmp_path, text))
    assert expected in "\n".join(info.value.problems)


@pytest.mark.parametrize(
    ("text", "line", "explained"),
    [
        ("name: x\ncodes:\n  - id: a\n    name: A\n   description: d\n", 5,
         "Line 5 does not line up with the lines above it (it starts in column 4)"),
        ("codes:\n  - id: a\n    keywords:\n      de:\n        - x\n      - y\n", 6,
         "does not line up"),
        ("name: x\nversion: 1\ncodes:\n  - id: a\n    name: A\n     description: d\n", 6,
         "Line 6 is indented further than the key above it"),
        ("name: x\ncodes:\n\t- id: a\n", 3, "Line 3 has a tab character"),
        ('name: "x\nversion: 1\ncodes:\n  - id: a\n', 1,
         "A quote opened on line 1 is never closed"),
        ("name: x\ncodes:\n  - id: a\n    keywords:\n      de: [a, b\n    name: A\n", 5,
         "The [ opened on line 5 is not closed"),
        ("name: x\ncodes:\n  - id: a\n    description: Trade: ports and fairs\n", 4,
         "The value on line 4 contains ': '"),
        ("name: x\ncodes:\n  - id: a\n    keywords:\n      de: [*handel*]\n", 5,
         "quote the value, e.g. '*handel*'"),
    ],
)
def test_yaml_syntax_errors_are_explained(
    tmp_path: Path, text: str, line: int, explained: str
) -> None:
    with pytest.raises(CodebookError) as info:
        load_codebook(write(tmp_path, text))
    assert str(info.value).startswith(f"{tmp_path / 'book.yaml'}:{line}: invalid YAML")
    assert explained in (info.value.hint or "")


def test_missing_file_and_wrong_suffix_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such codebook"):
        load_codebook(tmp_path / "nope.yaml")
    with pytest.raises(UsageError, match="not a codebook format"):
        load_codebook(write(tmp_path, "x", "book.json"))


def test_sheet_codebook_csv(tmp_path: Path) -> None:
    path = tmp_path / "book.csv"
    path.write_text(
        "id,name,parent,description,color,keywords_de,keywords_en\n"
        "drivers,Drivers,,,,,\n"
        "economy,Economy,drivers,Economic motives,#112233,Investition; *handel*,investment; trade\n",
        encoding="utf-8-sig",
    )
    book = load_codebook(path)
    assert book.get("economy").parent == "drivers"
    assert [r.kind for r in book.get("economy").rules("de")] == ["word", "glob"]
    assert book.name == "book" and book.version == "1"


def test_sheet_codebook_xlsx_with_errors(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["id", "name", "parent", "keywords_en"])
    ws.append(["a", "A", "", "/bad(/"])
    ws.append(["b", "B", "zz", "ok"])
    wb.save(tmp_path / "book.xlsx")
    with pytest.raises(CodebookError) as info:
        load_codebook(tmp_path / "book.xlsx")
    problems = "\n".join(info.value.problems)
    assert "row 2.keywords.en[0]: invalid regular expression" in problems
    assert "row 3.parent: unknown parent 'zz'" in problems


def test_quanteda_dictionary_real_file() -> None:
    book = load_codebook(realdata("dictionaries", "newsmap_german.yml"), language="de")
    kenya = book.get("AFRICA.EAST.KE")
    assert kenya.parent == "AFRICA.EAST"
    assert {r.kind for r in kenya.rules("de")} == {"word", "glob"}
    car = book.get("AFRICA.MIDDLE.CF").rules("de")
    assert any(r.kind == "glob" and r.value == "Zentralafrikanische* Republik*" for r in car)
    assert len([c for c in book.codes if c.parent is None]) >= 5


def test_problems_are_listed_in_the_order_of_their_lines(tmp_path: Path) -> None:
    """The reader finds the colour (line 8) before the rule (line 7); the list follows the file."""
    from interviewkit.codebook import load_codebook
    from interviewkit.errors import CodebookError

    path = tmp_path / "broken.yaml"
    path.write_text(
        'name: b\nversion: 1\ncodes:\n  - id: a\n    name: A\n    keywords:\n'
        '      de: ["/Partner(/"]\n    color: nope\n',
        encoding="utf-8",
    )
    with pytest.raises(CodebookError) as caught:
        load_codebook(path)
    lines = [p[len(str(path)) + 1 :].split(":")[0] for p in caught.value.problems]
    assert lines == ["7", "8"], caught.value.problems
    assert caught.value.message == f"{path}: 2 problems in the codebook"


@pytest.mark.parametrize(
    ("written", "suggested"), [("eng", "en"), ("EN", "en"), ("de-DE", "de"), ("Chinese", "zh")]
)
def test_a_language_written_otherwise_is_named_with_its_code(
    tmp_path: Path, written: str, suggested: str
) -> None:
    """Rules under 'eng' or 'EN' would never meet a transcript, whose language is 'en'."""
    text = VALID.replace("zh: [担心, 风险]", f"{written}: [担心, 风险]", 1)
    with pytest.raises(CodebookError) as info:
        load_codebook(write(tmp_path, text))
    assert any(
        f"'{written}' is not a language code as transcripts carry it; write '{suggested}'" in p
        for p in info.value.problems
    ), info.value.problems


def test_two_codes_named_alike_under_one_parent_are_warned_about(tmp_path: Path) -> None:
    text = (
        "name: b\nversion: '1'\ncodes:\n"
        "  - {id: partnership, name: Partnership, keywords: {en: [partnership]}}\n"
        "  - {id: partnership2, name: partnership, keywords: {en: [cooperation]}}\n"
        "  - {id: trust, name: Trust, keywords: {en: [trust]}}\n"
    )
    book = load_codebook(write(tmp_path, text))
    assert [w.split(": ", 1)[1] for w in book.warnings] == [
        "codes[1]: codes 'partnership' and 'partnership2' are both named 'partnership' under one "
        "parent: tables and other programs show them as one; give one another name"
    ]


def test_a_colour_lost_to_a_yaml_comment_is_warned_about(tmp_path: Path) -> None:
    text = "name: b\nversion: '1'\ncodes:\n  - id: a\n    name: A\n    color: #ff0000\n" \
        "    keywords:\n      en: [a]\n"
    book = load_codebook(write(tmp_path, text))
    assert book.get("a").color is None
    assert len(book.warnings) == 1 and "codes[0].color: is empty" in book.warnings[0]
    assert 'write it in quotes, color: "#rrggbb"' in book.warnings[0]
