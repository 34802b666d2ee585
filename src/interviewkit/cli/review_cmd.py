"""``interviewkit review [DOC]``: the full-screen app for coding and reviewing."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from interviewkit.cli.source import PROJECT, project_path
from interviewkit.errors import UsageError
from interviewkit.models import AUTO

#: Where a coder's name comes from when --coder is not given.
CODER_VARIABLE = "INTERVIEWKIT_CODER"


def register(app: typer.Typer) -> None:
    app.command("review")(review)


def review(
    doc: str | None = typer.Argument(
        None, help="The transcript to open (default: where you left off).", show_default=False
    ),
    coder: str | None = typer.Option(
        None,
        "--coder",
        help=f"Your name, as the coder (default: ${CODER_VARIABLE}).",
        show_default=False,
    ),
    suggested_by: str = typer.Option(
        AUTO, "--from", help="Whose suggestions to review: the automatic coder's name."
    ),
    project: Path | None = PROJECT,
) -> None:
    """Code and review transcripts by keyboard in a full-screen app (? shows the keys).

    Every key is saved at once; reopening returns to where you left off.
    """
    name = coder or os.environ.get(CODER_VARIABLE, "").strip()
    if not name:
        raise UsageError(
            "say who codes: the review records every decision under your name",
            hint=f"Add --coder YOUR_NAME, or set {CODER_VARIABLE}=YOUR_NAME once in your shell.",
        )
    import sys

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(
            "review is a full-screen app and needs a terminal",
            hint="Run it in a terminal window; to code from a script use 'interviewkit "
            "tag', 'accept' and 'reject'.",
        )
    from interviewkit.tui import run_review

    run_review(project_path(project), coder=name, doc_id=doc, suggester=suggested_by)
