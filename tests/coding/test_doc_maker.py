"""The Chinese docs the matcher makes are spaCy's own, token for token, only made faster."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy import util

from interviewkit.coding.pipeline import doc_maker, get_pipeline, words_and_spaces

TEXTS = [
    "我们和成都的合作关系很好。",
    "問：您好！請介紹一下您的工作。\n\n答：好的，我在外事办工作了十年。",
    "我们有 5G网络 和 EU 的项目  两个空格\t制表符\n换行",
    " 开头有空格，结尾也有 ",
    "Partner cities 合作伙伴 partnership 😀 emoji",
    "   ",
    "中文\u3000全角空格\u00a0不换行空格",
    "A  B   C",
]


@pytest.fixture(scope="module")
def zh():  # type: ignore[no-untyped-def]
    return get_pipeline("zh")


def _tokens(doc):  # type: ignore[no-untyped-def]
    return [(t.text, t.whitespace_, t.idx) for t in doc]


@pytest.mark.parametrize("text", TEXTS)
def test_the_same_tokens_as_spacy(zh, text: str) -> None:  # type: ignore[no-untyped-def]
    make = doc_maker(zh)
    assert make is not zh.make_doc  # the faster maker is in use for jieba
    assert _tokens(make(text)) == _tokens(zh.make_doc(text))
    assert make(text).text == text


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("合作城市伙伴关系我们的 \n\r\t\u3000,.，。abcAB12😀")),
        max_size=60,
    )
)
def test_words_and_spaces_is_spacys(text: str) -> None:
    words = [w for w in get_pipeline("zh").tokenizer.jieba_seg.cut(text, cut_all=False) if w]
    assert words_and_spaces(words, text) == util.get_words_and_spaces(words, text)


def test_words_that_do_not_fit_are_refused_as_spacy_refuses_them() -> None:
    assert words_and_spaces(["我们", "好"], "我们不好") is None
    with pytest.raises(ValueError):
        util.get_words_and_spaces(["我们", "好"], "我们不好")
    assert words_and_spaces(["好", "我们"], "我们好") is None


def test_other_languages_keep_spacys_own_maker() -> None:
    de = get_pipeline("de")
    assert doc_maker(de) == de.make_doc


def test_a_text_over_the_limit_gets_spacys_error(zh) -> None:  # type: ignore[no-untyped-def]
    make = doc_maker(zh)
    old = zh.max_length
    zh.max_length = 10
    try:
        with pytest.raises(ValueError, match="E088"):
            make("我们" * 20)
    finally:
        zh.max_length = old


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("合作ab \n\r\t\u3000")), max_size=4)))
def test_words_that_make_up_the_text_are_placed_as_spacy_places_them(words: list[str]) -> None:
    """Any cut of a text into words (blank, mixed or not), not only jieba's."""
    words = [w for w in words if w]
    text = "".join(words)
    try:
        expected = util.get_words_and_spaces(words, text)
    except ValueError:
        expected = None
    assert words_and_spaces(words, text) == expected
