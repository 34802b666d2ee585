"""Automatic coding: spaCy pipelines per language and compiled matchers."""

from interviewkit.coding.coder import CodedUnit, Coder
from interviewkit.coding.matcher import LanguageMatcher, Match

__all__ = ["CodedUnit", "Coder", "LanguageMatcher", "Match"]
