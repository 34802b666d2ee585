"""The project store: one SQLite file with transcripts, the codebook and every coder's work.

:class:`Project` is the only place that speaks SQL. It serves the command
line, the terminal UI and notebooks alike (``segments()``, ``codings()`` and
``documents()`` return pandas DataFrames).
"""

from interviewkit.store.project import DEFAULT_NAME, Project
from interviewkit.store.reports import (
    AddReport,
    AutoReport,
    CodebookReport,
    CoderStatus,
    MergeReport,
    Orphan,
    ProjectStatus,
)

__all__ = [
    "DEFAULT_NAME",
    "AddReport",
    "AutoReport",
    "CodebookReport",
    "CoderStatus",
    "MergeReport",
    "Orphan",
    "Project",
    "ProjectStatus",
]
