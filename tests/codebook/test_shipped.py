"""The shipped study codebook is valid and complete."""

from __future__ import annotations

from interviewkit.codebook import load_codebook
from tests.conftest import CODEBOOK

THEMES = (
    "cooperation_potential",
    "uncertainty",
    "prestige",
    "networking",
    "economic_growth",
    "competition",
    "central_signalling",
    "city_clusters",
)


def test_shipped_codebook_is_valid_and_documented() -> None:
    book = load_codebook(CODEBOOK)
    assert not book.warnings
    for code_id in THEMES:
        code = book.get(code_id)
        assert code.description and code.include and code.exclude and code.examples
        assert code.color
        for lang in ("de", "en", "zh"):
            assert len(code.rules(lang)) >= 10, (code_id, lang)
    assert book.get("uncertainty").description.startswith("doubt, risk, mistrust")
    assert {c.parent for c in book.codes if c.id in THEMES} == {"drivers", "relationship"}
