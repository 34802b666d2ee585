"""Codebooks: the model, and reading them from YAML, sheets and dictionaries."""

from interviewkit.codebook.load import load_codebook
from interviewkit.codebook.model import Code, Codebook, Rule

__all__ = ["Code", "Codebook", "Rule", "load_codebook"]
