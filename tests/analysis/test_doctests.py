"""The examples in the docstrings of the statistics modules run, and give what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "interviewkit.analysis.agreement",
    "interviewkit.analysis.agreement_table",
    "interviewkit.analysis.bootstrap",
    "interviewkit.analysis.contingency",
    "interviewkit.analysis.stats",
    "interviewkit.analysis.stats_notes",
    "interviewkit.analysis.stats_results",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE, report=True)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0
