"""Codebooks: the model, and reading them from YAML, sheets, dictionaries and .qdc files."""

from interviewkit.codebook.formats import load_codebook
from interviewkit.codebook.model import Code, Codebook, Rule

__all__ = ["Code", "Codebook", "Rule", "load_codebook"]
