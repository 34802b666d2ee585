"""interviewkit: code interview transcripts with a codebook of themes.

The public API is imported lazily, so that ``import interviewkit`` (and the
command line's ``--help``) stays fast::

    from interviewkit import read_transcript, load_codebook, Coder, Project
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_LAZY = {
    "read_transcript": "interviewkit.transcripts",
    "read_transcripts": "interviewkit.transcripts",
    "load_codebook": "interviewkit.codebook",
    "Codebook": "interviewkit.codebook",
    "Code": "interviewkit.codebook",
    "Coder": "interviewkit.coding",
    "Project": "interviewkit.store",
    "Transcript": "interviewkit.models",
    "Unit": "interviewkit.models",
    "Coding": "interviewkit.models",
    "InterviewkitError": "interviewkit.errors",
}

__all__ = ["__version__", *_LAZY]

if TYPE_CHECKING:  # pragma: no cover
    from interviewkit.codebook import Code, Codebook, load_codebook
    from interviewkit.coding import Coder
    from interviewkit.errors import InterviewkitError
    from interviewkit.models import Coding, Transcript, Unit
    from interviewkit.store import Project
    from interviewkit.transcripts import read_transcript, read_transcripts


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'interviewkit' has no attribute {name!r}")
    return getattr(import_module(module), name)
