"""Chinese clauses that no rule can match in are left unsegmented: the matches stay the same."""

from __future__ import annotations

from pathlib import Path

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interviewkit.codebook import load_codebook
from interviewkit.coding import Coder
from interviewkit.coding.clauses import BREAKS, MAX_NEEDLES, ClauseFilter
from interviewkit.coding.compiler import compile_rules
from interviewkit.coding.pipeline import get_pipeline
from interviewkit.coding.resolve import CLAUSE_BREAKS
from interviewkit.transcripts import read_transcript

ROOT = Path(__file__).resolve().parents[2]

BOOK = """\
name: clauses
version: "1"
negation:
  window: 3
  words:
    zh: [不, 没有, 未]
codes:
  - id: cooperation
    name: Cooperation
    keywords:
      zh: [合作, "合作 伙伴", 城市天气, 經濟發展, "*投资*", "partner*", "SA", "上?", "abσ", "σ"]
    near_misses:
      zh: [合作社]
  - id: hedges
    name: Hedges
    negation: false
    keywords:
      zh: ['/不.{0,2}清楚/', '/伙伴，\\s*项目/', '/^那/']
  - id: spaced
    name: Spaced
    keywords:
      zh: ['/\\s伙伴/']
"""

#: Pieces random texts are made of: rule words in both scripts, negations, every clause
#: break and what is not one ("." inside 3.5), blanks of every kind, Latin words.
PIECES = [
    "合作", "伙伴", "合作伙伴", "合作 伙伴", "合作社", "经济发展", "經濟發展", "外商投资者",
    "partners", "SA", "saw", "上海", "上", "不", "没有", "未", "清楚", "项目", "那", "Σ", "Ω",
    "我们", "城市", "天气很好", "说实话", "3.5", "不是", "“", "”", "（", "）",
    *BREAKS, ".", " ", "  ", "\t", "\r\n", "\u3000",
]  # fmt: skip


@pytest.fixture(scope="module")
def matcher(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("clauses") / "book.yaml"
    path.write_text(BOOK, encoding="utf-8")
    coder = Coder(load_codebook(path), cache=False)
    found = coder.matcher("zh")
    assert found is not None and found.clauses is not None
    yield found
    coder.close()


def _both(matcher, texts: list[str]):  # type: ignore[no-untyped-def]
    """The matches with unmatched clauses unsegmented, and with every clause segmented."""
    clauses = matcher.clauses
    try:
        sparse = matcher.match_all(texts)
        matcher.clauses = None
        whole = matcher.match_all(texts)
    finally:
        matcher.clauses = clauses
    return sparse, whole


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(PIECES), max_size=40).map("".join), max_size=6))
def test_the_same_matches_as_when_every_clause_is_segmented(matcher, texts) -> None:  # type: ignore[no-untyped-def]
    sparse, whole = _both(matcher, texts)
    assert sparse == whole


@pytest.mark.parametrize(
    "text",
    [
        "天气很好，不合作。",  # a negation fused to the word, in a clause of its own
        "不“合作”，没有 合作 伙伴",  # a window across quotes, a phrase written with a space
        "伙伴，\n 项目不太清楚",  # a regular expression across a break
        "那天天气很好，说实话，我们不合作社",  # a near miss; an anchored expression
        "我们 不\r\n合作",  # a line break ends the window
        "不3.5合作",  # "." is no break: jieba keeps 3.5 whole
        "不是“合作”",  # a quote is no break: 不是 is one word, not a negation
        "我们城市 天气很好",  # a phrase's words with a space between them
        "合作，abΣ",  # Σ lowercases by its neighbours (ς here, σ alone)
        "没有Ω'Σ",  # the same, and a negation
        "没有\n\n 伙伴",  # a match's first token is a blank that holds line breaks
        "我们没有\n\n\t伙伴",  # the same with a tab
    ],
)
def test_fixed_cases(matcher, text: str) -> None:  # type: ignore[no-untyped-def]
    sparse, whole = _both(matcher, [text])
    assert sparse == whole
    assert sparse[0][0]  # each finds something


def test_only_clauses_with_a_rule_word_are_segmented(matcher) -> None:  # type: ignore[no-untyped-def]
    text = "那天天气很好，大家都在找地方喝水。我们和外商投资者合作；然后吃了火锅"
    start = text.index("我们")
    assert matcher.clauses.regions(text) == [(start, text.index("；"))]
    # around a regular expression's match: its clause and the one before
    assert matcher.clauses.regions(text, [(start, start + 2)]) == [(7, text.index("；"))]
    doc = matcher._cutter(text, matcher.clauses.regions(text))
    tokens = [t.text for t in doc]
    clause = text[start : text.index("；")]
    assert tokens[:3] == ["那", "天", "天"]  # a token per character
    assert tokens[start : start + len(jieba.lcut(clause))] == jieba.lcut(clause)
    assert doc.text == text


def test_clause_breaks_end_the_negation_window_and_never_stand_inside_a_jieba_run() -> None:
    for ch in BREAKS:
        assert ch == "\n" or ch in CLAUSE_BREAKS
        assert not jieba.re_han_default.match(ch), repr(ch)
    assert "." not in BREAKS  # jieba keeps 3.5 whole


def test_rules_that_look_at_tokens_otherwise_segment_everything(tmp_path: Path) -> None:
    nlp = get_pipeline("zh")
    for keyword in ['"合作 伙*"', '\'[{"LOWER": "合作"}]\'', '"合作，*"']:
        path = tmp_path / "book.yaml"
        path.write_text(
            f'name: t\nversion: "1"\ncodes:\n  - id: c\n    name: C\n'
            f"    keywords:\n      zh: [{keyword}]\n",
            encoding="utf-8",
        )
        assert ClauseFilter.of(compile_rules(load_codebook(path), "zh", nlp)) is None, keyword


def test_the_shipped_codebook_on_the_chinese_samples() -> None:
    coder = Coder(load_codebook(ROOT / "codebooks" / "city_partnerships.yaml"), cache=False)
    matcher = coder.matcher("zh")
    assert matcher is not None and matcher.clauses is not None
    samples = sorted((ROOT / "transcripts_sample").glob("*_zh_*"))
    assert samples
    for path in samples:
        doc = read_transcript(path)
        sparse, whole = _both(matcher, [doc.unit_text(u) for u in doc.units])
        assert sparse == whole, path.name
    coder.close()


def test_a_codebook_with_very_many_words_segments_everything(tmp_path: Path) -> None:
    words = [chr(0x4E00 + i) + chr(0x4E00 + 2 * i + 1) for i in range(MAX_NEEDLES + 1)]
    path = tmp_path / "book.yaml"
    path.write_text(
        'name: t\nversion: "1"\ncodes:\n  - id: c\n    name: C\n    keywords:\n      zh:\n'
        + "".join(f"        - {w}\n" for w in words),
        encoding="utf-8",
    )
    compiled = compile_rules(load_codebook(path), "zh", get_pipeline("zh"))
    assert ClauseFilter.of(compiled) is None
    compiled.phrases = dict(list(compiled.phrases.items())[:100])
    compiled.types = [t for t in compiled.types if t[0] in compiled.phrases]
    assert ClauseFilter.of(compiled) is not None
