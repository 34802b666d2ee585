"""Every codebook format: dictionaries as quanteda reads them, .qdc files, other tools' sheets."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewkit.codebook import load_codebook
from interviewkit.codebook.model import Codebook
from interviewkit.errors import CodebookError, DataError, UsageError
from tests.conftest import DATA, realdata

BOOKS = DATA / "codebooks"


def words(book: Codebook, code_id: str, language: str = "xx") -> list[str]:
    return [rule.value for rule in book.get(code_id).rules(language)]


def tree(book: Codebook) -> list[tuple[str, str | None]]:
    return [(code.id, code.parent) for code in book.walk()]


def test_wordstat_levels_weights_crlf_and_mixed_indentation() -> None:
    book = load_codebook(BOOKS / "wordstat_mixed_indent.cat", language="en")
    assert tree(book) == [
        ("ECONOMY", None), ("ECONOMY.PRO-STATE", "ECONOMY"), ("ECONOMY.MARKET", "ECONOMY"),
        ("CULTURE", None), ("CULTURE.HIGH", "CULTURE"), ("CULTURE.POPULAR", "CULTURE"),
    ]
    # Weights are dropped; '*' is a glob; a phrase stays a phrase.
    assert words(book, "ECONOMY.PRO-STATE", "en") == ["ACCOMMODATION", "ASSIST*", "PUBLIC SERVICE*"]
    assert words(book, "ECONOMY.MARKET", "en") == ["BARRIER*", "CHOICE*", "DEREGULAT*"]
    assert words(book, "CULTURE.POPULAR", "en") == ["MEDIA", "STÄDTEPARTNERSCHAFT*"]
    # A word right under a category that also has subcategories belongs to it.
    assert words(book, "CULTURE", "en") == ["SPORT*"]
    kinds = {r.value: r.kind for r in book.get("ECONOMY.PRO-STATE").rules("en")}
    assert kinds == {"ACCOMMODATION": "word", "ASSIST*": "glob", "PUBLIC SERVICE*": "glob"}


def test_wordstat_in_windows_1252_and_stray_words(tmp_path: Path) -> None:
    path = tmp_path / "old.cat"
    path.write_bytes("AUSSENPOLITIK\r\nSTÄDTE (1)\r\n\tPARTNERSCHAFT* (1)\r\n".encode("cp1252"))
    book = load_codebook(path)
    assert words(book, "AUSSENPOLITIK") == ["STÄDTE", "PARTNERSCHAFT*"]
    assert any("Windows-1252" in w for w in book.warnings)
    assert any("not indented below their category" in w for w in book.warnings)
    stray = tmp_path / "stray.cat"
    stray.write_text("WORD (1)\nCAT\n\tOTHER (1)\n", encoding="utf-8")
    book = load_codebook(stray)
    assert words(book, "CAT") == ["OTHER"]
    assert any("line 1" in w and "before any category" in w for w in book.warnings)


def test_wordstat_nested_too_deep_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.cat"
    path.write_text("".join("\t" * i + f"C{i}\n" for i in range(200)), encoding="utf-8")
    with pytest.raises(CodebookError, match=r"deep.cat:65: categories are nested more than 64"):
        load_codebook(path)


def test_liwc_as_quanteda_reads_it() -> None:
    book = load_codebook(BOOKS / "liwc2015_style.dic", language="en")
    assert tree(book) == [
        ("funct", None), ("funct.pronoun", "funct"), ("funct.pronoun.ppron", "funct.pronoun"),
        ("funct.article", "funct"), ("affect", None), ("affect.posemo", "affect"),
        ("affect.negemo", "affect"),
    ]
    # A word in several categories is a rule of each.
    assert "he" in words(book, "funct", "en") and words(book, "funct.pronoun.ppron", "en") == ["he"]
    assert words(book, "affect.negemo", "en") == ["abandon*"]
    assert words(book, "affect.posemo", "en") == ["accept", "like", "okay"]
    assert "kind of" in words(book, "funct", "en") and "kind" not in words(book, "funct", "en")
    warnings = "\n".join(book.warnings)
    assert "line 17: 'okay': category 99 is not defined" in warnings
    assert "<of> (first: line 16)" in warnings and "brackets on 1 line(s) (first: line 15)" in warnings


def test_liwc_without_its_legend(tmp_path: Path) -> None:
    path = tmp_path / "words.dic"
    path.write_text("happy\t1\n", encoding="utf-8")
    with pytest.raises(CodebookError, match="between two lines holding only '%'; none"):
        load_codebook(path)


def test_lexicoder() -> None:
    book = load_codebook(BOOKS / "lexicoder_lsd_style.lc3")
    assert [c.id for c in book.codes] == ["NEGATIVE", "POSITIVE", "NEG_POSITIVE"]
    assert words(book, "NEGATIVE") == ["abandon*", "abuse*", "a lie", "dishonest*"]
    assert words(book, "NEG_POSITIVE") == ["not good"]
    assert book.get("NEGATIVE").rules("xx")[2].kind == "phrase"


def test_yoshikoder() -> None:
    book = load_codebook(BOOKS / "yoshikoder_laver_garry.ykd")
    assert book.name == "Laver and Garry (2000)"
    assert tree(book) == [
        ("Economy", None), ("Economy.+State_Reg", "Economy"), ("Economy.=State_Reg", "Economy"),
        ("Economy.-State_Reg", "Economy"), ("Culture", None),
    ]
    assert book.get("Economy.+State_Reg").name == "+State Reg"
    assert words(book, "Economy.-State_Reg") == ["barrier*", "choice*"]


def test_yoshikoder_with_entities_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.ykd"
    path.write_text('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]>'
                    '<dictionary name="&a;"/>', encoding="utf-8")
    with pytest.raises(CodebookError, match="entities"):
        load_codebook(path)


def test_qdc_files_are_codebooks() -> None:
    book = load_codebook(DATA / "refi" / "small_codebook.qdc")
    economy = book.get("economy")
    assert economy.parent is not None
    assert book.get(economy.parent).name == "Drivers of cooperation"
    assert (economy.include, economy.exclude) == ("Ports, trade fairs.", "Tourism.")
    assert economy.examples == ("The port matters.", "Two lines\nof example.")


def test_real_qdc_files() -> None:
    atlas = load_codebook(realdata("refi", "atlasti23_via_requal_tests.qdc"))
    assert [c.name for c in atlas.codes] == ["code1"] and atlas.codes[0].description == "description"
    assert any("code set 'code group 1' (code1)" in w for w in atlas.warnings)
    taguette = load_codebook(realdata("refi", "taguette_from_tests.qdc"))
    assert tree(taguette) == [("interesting", None), ("places", "interesting"), ("people", None)]


def test_an_unknown_suffix_names_every_format(tmp_path: Path) -> None:
    path = tmp_path / "book.txt"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(UsageError) as info:
        load_codebook(path)
    for suffix in (".yaml", ".csv", ".cat", ".dic", ".lc3", ".ykd", ".qdc"):
        assert suffix in info.value.message


@pytest.mark.parametrize(
    ("name", "codes"),
    [
        ("wordstat_mixed_indent.cat", 6), ("liwc2015_style.dic", 7),
        ("lexicoder_lsd_style.lc3", 3), ("yoshikoder_laver_garry.ykd", 5),
        ("maxqda_code_memo.xlsx", 6), ("nvivo_codebook.xlsx", 4), ("qualcoder_codes.csv", 6),
    ],
)
def test_codebook_check_takes_each(cli, name: str, codes: int) -> None:  # type: ignore[no-untyped-def]
    result = cli("codebook", "check", BOOKS / name, "--lang", "en")
    assert result.exit_code == 0, result
    assert f"{codes} codes" in result.stderr


def test_a_project_takes_a_dictionary(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from interviewkit.store import Project

    db = tmp_path / "p.db"
    assert cli("init", db, "--codebook", BOOKS / "lexicoder_lsd_style.lc3").exit_code == 0
    result = cli("codebook", "load", BOOKS / "liwc2015_style.dic", "--lang", "en", "-p", db)
    assert result.exit_code == 0, result
    with Project(db) as project:
        book = project.codebook()
    assert book is not None and words(book, "funct.pronoun", "en") == ["he", "like"]


# -- sheets of other tools -----------------------------------------------------------------------


def test_maxqda_code_and_memo() -> None:
    book = load_codebook(BOOKS / "maxqda_code_memo.xlsx")
    assert tree(book) == [
        ("motive", None), ("wirtschaft", "motive"), ("handel", "wirtschaft"),
        ("kultur", "motive"), ("beziehung", None), ("vertrauen", "beziehung"),
    ]
    assert book.get("wirtschaft").description == "Handel und Investitionen"
    assert book.get("kultur").name == "Kultur"


def test_nvivo_codebook_export() -> None:
    book = load_codebook(BOOKS / "nvivo_codebook.xlsx")
    assert tree(book) == [
        ("drivers", None), ("economy", "drivers"), ("relationship", None),
        ("trust", "relationship"),
    ]
    assert book.get("economy").description == "Trade and investment"
    assert any("files, references, created_on" in w for w in book.warnings)


def test_qualcoder_codes() -> None:
    book = load_codebook(BOOKS / "qualcoder_codes.csv")
    assert tree(book) == [
        ("economy", None), ("1", "economy"), ("2", "economy"), ("culture", None),
        ("3", "culture"), ("4", None),
    ]
    trade = book.get("1")
    assert (trade.name, trade.description, trade.color) == (
        "Trade", "Exchange of goods, ports", "#e69f00")


def test_any_other_layout_with_columns(cli) -> None:  # type: ignore[no-untyped-def]
    path = BOOKS / "other_layout.csv"
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    assert "--columns" in "\n".join(info.value.problems)
    book = load_codebook(path, columns={"id": "Kürzel", "name": "Bezeichnung",
                                        "parent": "Oberkategorie", "description": "Definition"})
    assert tree(book) == [("WI", None), ("HA", "WI"), ("KU", None)]
    result = cli("codebook", "show", path, "--columns",
                 "id=Kürzel,name=Bezeichnung,parent=Oberkategorie")
    assert result.exit_code == 0 and "Handel" in result.stdout
    result = cli("codebook", "show", path, "--columns", "id=Kurz")
    assert result.exit_code == 2 and "has no column 'Kurz'; it has: kürzel" in result.stderr
    result = cli("codebook", "show", path, "--columns", "identifier")
    assert result.exit_code == 2 and "not FIELD=COLUMN" in result.stderr


def test_a_repeated_header_row_is_an_error_with_its_line() -> None:
    with pytest.raises(CodebookError) as info:
        load_codebook(BOOKS / "repeated_header.csv")
    assert info.value.problems == [
        f"{BOOKS / 'repeated_header.csv'}:4: row 4: this row repeats the header row; remove it "
        "(a sheet has one header row)"
    ]
    assert isinstance(info.value, DataError)
