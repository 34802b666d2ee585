"""The one YAML loader: bounded, safe, and keeping text as written (codebooks and front matter)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from interviewkit.codebook import load_codebook
from interviewkit.errors import CodebookError, TranscriptError
from interviewkit.safe_yaml import ALIAS_BUDGET, MAX_DEPTH, YamlRefused, load_yaml
from interviewkit.transcripts.text import split_front_matter

HEAD = "name: study\nversion: 1\ncodes:\n"


def laughs(levels: int = 9, width: int = 9) -> str:
    """A 'billion laughs': each anchor repeats the one before ``width`` times."""
    lines = ["l0: &l0 [" + ", ".join(["lol"] * width) + "]"]
    for i in range(1, levels + 1):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def write(tmp_path: Path, text: str, name: str = "book.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- the loader


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: no", {"a": "no"}),
        ("a: on", {"a": "on"}),
        ("a: yes", {"a": "yes"}),
        ("a: off", {"a": "off"}),
        ("a: 1.10", {"a": "1.10"}),
        ("a: 007", {"a": "007"}),
        ("a: 0x1F", {"a": "0x1F"}),
        ("a: 1_000", {"a": "1_000"}),
        ("a: 2020-05-01", {"a": "2020-05-01"}),
        ("a: .inf", {"a": ".inf"}),
        ("a: 12", {"a": 12}),
        ("a: -3", {"a": -3}),
        ("a: true", {"a": True}),
        ("a: False", {"a": False}),
        ("a: ~", {"a": None}),
        ("a:", {"a": None}),
        ("no: 1\ntrue: 2\nnull: 3\n4: 5", {"no": 1, "true": 2, "null": 3, "4": 5}),
    ],
)
def test_plain_values_keep_the_text_written(text: str, expected: dict[str, object]) -> None:
    assert load_yaml(text).data == expected


def test_a_billion_laughs_is_refused_at_the_alias_that_goes_over() -> None:
    with pytest.raises(YamlRefused) as caught:
        load_yaml(laughs())
    assert "expand to more than" in caught.value.problem
    assert caught.value.problem_mark.line + 1 == 6  # l5 is the first to pass 100,000
    assert "billion laughs" in caught.value.hint


def test_aliases_within_the_budget_are_read() -> None:
    text = "words: &w [trade, port, fair]\na: *w\nb: *w\n"
    assert load_yaml(text).data == {"words": ["trade", "port", "fair"]} | {
        "a": ["trade", "port", "fair"],
        "b": ["trade", "port", "fair"],
    }
    assert ALIAS_BUDGET >= 10_000


def test_aliases_can_be_refused_altogether() -> None:
    with pytest.raises(YamlRefused, match=r"an alias \(\*w\) is not allowed"):
        load_yaml("a: &w x\nb: *w\n", aliases=False)


def test_an_alias_inside_its_own_value_is_refused() -> None:
    with pytest.raises(YamlRefused, match="stands inside the value it names"):
        load_yaml("a: &a [1, *a]")


@pytest.mark.parametrize("opening", ["[", "{a: ", "- "])
def test_deep_nesting_is_refused_without_recursion(opening: str) -> None:
    depth = 5000 if opening != "- " else 400  # a block list indents: 400 levels is 160 KB
    if opening == "- ":
        text = "".join("  " * i + "-\n" for i in range(depth)) + "  " * depth + "x\n"
    else:
        closing = "]" if opening == "[" else "}"
        text = "a: " + opening * depth + "1" + closing * depth
    with pytest.raises(YamlRefused, match=f"more than {MAX_DEPTH} levels"):
        load_yaml(text)


def test_nesting_within_the_bound_is_read() -> None:
    depth = MAX_DEPTH - 1
    data = load_yaml("[" * depth + "1" + "]" * depth).data
    for _ in range(depth - 1):
        data = data[0]
    assert data == [1]


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system ['true']",
        "a: !!float 1.5",
        "a: !!set {x, y}",
        "a: !custom x",
    ],
)
def test_only_plain_data_is_built(text: str) -> None:
    with pytest.raises(yaml.MarkedYAMLError, match="constructor for the tag"):
        load_yaml(text)


def test_a_key_given_twice_is_an_error_with_its_line() -> None:
    with pytest.raises(YamlRefused, match="'a' is given twice") as caught:
        load_yaml("a: 1\nb: 2\na: 3\n")
    assert caught.value.problem_mark.line == 2


def test_a_lone_surrogate_is_an_error_with_its_line() -> None:
    with pytest.raises(YamlRefused, match="surrogate") as caught:
        load_yaml('a: 1\nb: "x\\udc80y"\n')
    assert caught.value.problem_mark.line == 1


# --------------------------------------------------------------------------- codebooks


def test_check_refuses_a_billion_laughs_with_its_line(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, laughs() + HEAD + "  - id: a\n    name: A\n    examples: *l9\n")
    result = cli("codebook", "check", path)
    assert result.exit_code == 1, result
    assert f"{path}:6: invalid YAML: the aliases (*name) expand to more than" in result.stderr
    assert "Hint: Aliases that repeat aliases multiply" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_refuses_deep_nesting_with_its_line(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    path = write(
        tmp_path, HEAD + "  - id: a\n    name: A\n    description: " + "[" * 3000 + "]" * 3000
    )
    result = cli("codebook", "check", path)
    assert result.exit_code == 1, result
    assert f"{path}:6: invalid YAML: lists and mappings are nested more than" in result.stderr
    assert "internal error" not in result.stderr


def test_check_refuses_a_lone_surrogate_that_init_could_not_store(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    path = write(
        tmp_path, HEAD + '  - id: a\n    name: "Kosten \\udc80"\n    keywords: {de: [x]}\n'
    )
    result = cli("codebook", "check", path)
    assert result.exit_code == 1, result
    assert f"{path}:5: invalid YAML: the text holds '\\udc80'" in result.stderr
    project = tmp_path / "p.db"
    result = cli("init", project, "--codebook", path)
    assert result.exit_code == 1, result
    assert not project.exists()


def test_ids_and_names_written_as_yaml_booleans_or_floats_stay_text(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "name: study\nversion: 1.10\ncodes:\n"
        "  - id: no\n    name: on\n    keywords: {no: [fjord]}\n"
        "  - id: yes\n    name: off\n    parent: no\n    keywords: {en: [x]}\n"
        "  - id: '1.10'\n    name: 1.10\n    keywords: {en: [y]}\n",
    )
    book = load_codebook(path)
    assert book.version == "1.10"
    assert [(c.id, c.name, c.parent) for c in book.codes] == [
        ("no", "on", None),
        ("yes", "off", "no"),
        ("1.10", "1.10", None),
    ]
    assert "no" in book.codes[0].keywords  # Norwegian rules, not the key False


def test_an_id_written_true_is_a_located_error(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + "  - id: true\n    name: A\n    keywords: {en: [x]}\n")
    with pytest.raises(CodebookError) as caught:
        load_codebook(path)
    assert caught.value.problems == [
        f"{path}:4: codes[0].id: true is read as a yes/no value, not as text; "
        "write it in quotes: id: 'true'"
    ]


def test_a_code_given_a_key_twice_is_a_located_error(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEAD + "  - id: a\n    name: A\n    keywords: {en: [x]}\n    keywords: {de: [y]}\n",
    )
    with pytest.raises(CodebookError, match=r":7: invalid YAML: the key 'keywords' is given twice"):
        load_codebook(path)


def test_shared_word_lists_through_aliases_still_load(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEAD + "  - id: a\n    name: A\n    keywords: {en: &trade [trade, port]}\n"
        "  - id: b\n    name: B\n    keywords: {en: *trade}\n",
    )
    book = load_codebook(path)
    assert [r.value for r in book.codes[1].keywords["en"]] == ["trade", "port"]


# --------------------------------------------------------------------------- front matter


def test_front_matter_refuses_aliases_with_the_file_line(tmp_path: Path) -> None:
    text = "---\ncity: &c Bonn\npartner_city: *c\n---\nI: Hallo\n"
    with pytest.raises(TranscriptError, match=r"x\.md, line 3: .*alias \(\*c\) is not allowed"):
        split_front_matter(text, tmp_path / "x.md")


def test_front_matter_refuses_a_billion_laughs(tmp_path: Path) -> None:
    text = "---\n" + laughs() + "---\nI: Hallo\n"
    with pytest.raises(TranscriptError, match="alias"):
        split_front_matter(text, tmp_path / "x.md")


def test_front_matter_refuses_deep_nesting(tmp_path: Path) -> None:
    text = "---\ncity: " + "[" * 5000 + "]" * 5000 + "\n---\nI: Hallo\n"
    with pytest.raises(TranscriptError, match=r"line 2: .*nested more than"):
        split_front_matter(text, tmp_path / "x.md")


def test_front_matter_keeps_values_as_written(tmp_path: Path) -> None:
    text = "---\nid: 007\ncountry: no\nversion: 1.10\ndate: 2021-03-04\nwave: 2\n---\nI: Hallo\n"
    metadata, body = split_front_matter(text, tmp_path / "x.md")
    assert metadata == {
        "id": "007",
        "country": "no",
        "version": "1.10",
        "date": "2021-03-04",
        "wave": "2",
    }
    assert body == "I: Hallo\n"


def test_libyaml_parses_where_pyyaml_was_built_with_it() -> None:
    """Large codebooks need libyaml's speed; PyYAML's parser only words the errors."""
    from interviewkit import safe_yaml

    if not yaml.__with_libyaml__:
        pytest.skip("this PyYAML was built without libyaml")
    assert safe_yaml._Loader is not safe_yaml._PyLoader


@pytest.mark.parametrize(
    ("text", "looked_at"),
    [
        ("id: bonn_01\ncity: Bonn\nlanguage: de\n", False),  # front matter: parsed once
        ("a: &x [1]\nb: *x\n", True),  # anchors and aliases are always counted
        ("a: " + "[" * 99 + "]" * 99 + "\n", True),  # 100 indicators: could nest too deep
        ("- " * 98 + "x\n", False),  # 98 levels at most: within the bound as it stands
    ],
)
def test_only_documents_that_could_go_beyond_a_bound_are_walked_first(
    text: str, looked_at: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from interviewkit import safe_yaml

    walked = []
    real = safe_yaml.check_bounds
    monkeypatch.setattr(
        safe_yaml, "check_bounds", lambda *a, **k: walked.append(1) or real(*a, **k)
    )
    load_yaml(text)
    assert bool(walked) is looked_at


def test_deep_nesting_is_refused_whether_or_not_it_is_walked_first() -> None:
    with pytest.raises(YamlRefused, match="nested more than"):
        load_yaml("a: " + "[" * 120 + "]" * 120 + "\n")
    with pytest.raises(YamlRefused, match="nested more than"):
        load_yaml("- " * 150 + "x\n")
