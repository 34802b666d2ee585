"""``exclusive``: a parent whose children are one variable, read, checked, stored and exported."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewkit.codebook import load_codebook
from interviewkit.codebook.qdc import exclusive_of, unfold_description
from interviewkit.errors import CodebookError
from interviewkit.refi.codebook_xml import fold_description, write_codebook
from interviewkit.store import Project
from tests.codebook.test_load import write
from tests.conftest import DATA

FAMILIES = DATA / "codebooks" / "exclusive_families.yaml"


def test_the_declarations_are_read() -> None:
    book = load_codebook(FAMILIES)
    declared = {c.id: c.exclusive for c in book.codes if c.exclusive}
    assert declared == {"tone": "nominal", "commitment": "ordinal"}
    assert [c.id for c in book.families()] == ["tone", "commitment"]
    assert [c.id for c in book.children("commitment")] == [
        "commitment_low", "commitment_medium", "commitment_high"]
    assert not [w for w in book.warnings if "is exclusive" in w or "declared exclusive" in w]


BAD = """\
name: bad
version: "1"
codes:
  - id: tone
    name: Tone
    exclusive: {value}
    children:
      - {{id: positive, name: Positive}}
      - {{id: negative, name: Negative}}
  - id: lonely
    name: Lonely
    exclusive: ordinal
    children:
      - {{id: only, name: Only}}
  - id: leaf
    name: Leaf
    exclusive: nominal
"""


def test_bad_declarations_are_located(tmp_path: Path) -> None:
    path = write(tmp_path, BAD.format(value="scale"))
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    problems = info.value.problems
    assert (
        f"{path}:6: codes[0].exclusive: 'scale' is not a kind of variable; write 'exclusive: "
        "nominal' (one of the children per unit, unordered) or 'exclusive: ordinal' (the "
        "children in order, lowest first)" in problems
    )
    assert any(
        p.startswith(f"{path}:12: codes[1].exclusive: 'lonely' is declared exclusive but has 1 "
                     "child code(s)") for p in problems
    )
    assert any(p.startswith(f"{path}:17: codes[2].exclusive: 'leaf' is declared exclusive but "
                            "has 0 child code(s)") for p in problems)
    assert len(problems) == 3


@pytest.mark.parametrize(("value", "expected"), [("true", "nominal"), ("Ordinal", "ordinal"),
                                                 ("false", None)])
def test_true_is_nominal_and_case_does_not_matter(tmp_path: Path, value: str,
                                                  expected: str | None) -> None:
    text = BAD.format(value=value).split("  - id: lonely")[0]
    assert load_codebook(write(tmp_path, text)).get("tone").exclusive == expected


def test_rules_on_an_exclusive_code_are_warned_about(tmp_path: Path) -> None:
    text = BAD.format(value="nominal").split("  - id: lonely")[0].replace(
        "    exclusive: nominal\n", "    exclusive: nominal\n    keywords:\n      en: [tone]\n")
    path = write(tmp_path, text)
    book = load_codebook(path)
    assert any(
        w.startswith(f"{path}:7: codes[0].keywords: 'tone' is exclusive: a coding of 'tone' "
                     "itself names none of its values") for w in book.warnings
    )


def test_a_project_keeps_the_declarations(tmp_path: Path) -> None:
    project = Project.create(tmp_path / "p.db", codebook=load_codebook(FAMILIES))
    project.close()
    with Project(tmp_path / "p.db") as again:
        book = again.codebook()
        assert book is not None
        assert {c.id: c.exclusive for c in book.codes if c.exclusive} == {
            "tone": "nominal", "commitment": "ordinal"}
        # Only the declaration changes: the code counts as updated, and is read back so.
        text = FAMILIES.read_text(encoding="utf-8").replace("exclusive: ordinal", "")
        report = again.load_codebook(load_codebook(write(tmp_path, text)))
        assert report.updated == ["commitment"]
        book = again.codebook()
        assert book is not None and book.get("commitment").exclusive is None
        assert again.load_codebook(load_codebook(FAMILIES)).updated == ["commitment"]
        assert again.codebook_history().iloc[-1]["updated"] == "commitment"


def test_refi_description_carries_the_declaration(tmp_path: Path) -> None:
    book = load_codebook(FAMILIES)
    tone = book.get("tone")
    folded = fold_description(tone)
    assert folded.endswith("\n\nExclusive: nominal")
    assert unfold_description(folded)[0] == tone.description
    assert exclusive_of(folded) == "nominal"
    assert fold_description(book.get("commitment")) == "Exclusive: ordinal"
    # Other text after "Exclusive:" is no declaration, and stays in the definition.
    said = "Covers trade.\n\nExclusive: only for the port"
    assert exclusive_of(said) is None and unfold_description(said)[0] == said
    path = write_codebook(book, tmp_path / "book.qdc")
    again = load_codebook(path)
    assert {c.name: c.exclusive for c in again.codes if c.exclusive} == {
        "Tone of the partnership": "nominal", "Commitment": "ordinal"}
    assert [c.name for c in again.children(again.families()[1].id)] == ["Low", "Medium", "High"]


def test_a_qdc_declaration_without_children_is_dropped_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "odd.qdc"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        '<Code guid="11111111-2222-3333-4444-555555555555" name="Tone" isCodable="true">'
        "<Description>Exclusive: nominal</Description></Code>"
        "</Codes></CodeBook>",
        encoding="utf-8",
    )
    book = load_codebook(path)
    assert book.codes[0].exclusive is None
    assert any("says 'Exclusive: nominal' but has 0 child code(s)" in w for w in book.warnings)


def test_codebook_show_marks_the_variables(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("codebook", "show", FAMILIES)
    assert result.exit_code == 0, result
    assert "Tone of the partnership tone  exclusive (nominal): one child per unit" in (
        result.stdout)
    assert "Commitment commitment  exclusive (ordinal): one child per unit, lowest first" in (
        result.stdout)


def test_a_project_export_and_import_keeps_the_declarations(tmp_path: Path) -> None:
    from interviewkit.refi import export_project, import_file
    from tests.store.factory import transcript

    with Project.create(tmp_path / "p.db", codebook=load_codebook(FAMILIES)) as project:
        project.add_transcripts([transcript("a")])
        project.tag("a", 2, "tone_positive", coder="anna")
        export_project(project, tmp_path / "out.qdpx")
    with Project.create(tmp_path / "again.db") as again:
        import_file(again, tmp_path / "out.qdpx")
        book = again.codebook()
        assert book is not None
        assert {c.id: c.exclusive for c in book.codes if c.exclusive} == {
            "tone": "nominal", "commitment": "ordinal"}
        assert book.get("tone").description == load_codebook(FAMILIES).get("tone").description
