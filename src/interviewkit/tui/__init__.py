"""The terminal app for reviewing and coding transcripts (``interviewkit review``).

The only package that imports Textual; nothing outside it imports this package
except the ``review`` command, inside its function.
"""

from __future__ import annotations

from pathlib import Path

from interviewkit.models import AUTO
from interviewkit.tui.session import ReviewRefused, Session

__all__ = ["ReviewRefused", "Session", "run_review"]


def run_review(
    project_path: str | Path, *, coder: str, doc_id: str | None = None, suggester: str = AUTO
) -> None:
    """Open the review app on a project file until the coder quits."""
    from interviewkit.store import Project
    from interviewkit.tui.app import ReviewApp

    with Project(project_path) as project:
        session = Session(project, coder, suggester=suggester)
        # A wrong id, or no transcripts, is an error before the screen changes.
        session.resume(doc_id)
        app = ReviewApp(session)
        app.run()
    if app.crash is not None:
        raise app.crash
