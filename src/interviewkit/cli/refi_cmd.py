"""REFI-QDA exchange: ``export codebook``, ``export project`` and ``import``.

Thin: each command checks its file name, makes one call into
:mod:`interviewkit.refi` and says what was done on stderr.
"""

from __future__ import annotations

from pathlib import Path

import typer

from interviewkit.cli.output import info, warn
from interviewkit.cli.source import PROJECT, guard_outputs, project_path
from interviewkit.errors import UsageError

export_app = typer.Typer(
    help="Export the project for other QDA tools (REFI-QDA: NVivo, ATLAS.ti, MAXQDA, "
    "QualCoder, Taguette).",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add ``export`` (codebook, project) and ``import`` to the root app."""
    app.add_typer(export_app, name="export")
    app.command("import")(import_)


def _suffix(path: Path, wanted: str, what: str) -> None:
    if path.suffix.lower() != wanted:
        raise UsageError(
            f"{path}: a REFI-QDA {what} is written to a {wanted} file, not "
            f"{path.suffix or 'a file without suffix'}",
            hint=f"Name the file e.g. study{wanted}.",
        )


@export_app.command("codebook")
def export_codebook(
    file: Path = typer.Argument(..., help="The .qdc file to write.", show_default=False),
    project: Path | None = PROJECT,
) -> None:
    """Write the project's codebook as a REFI-QDA codebook (.qdc)."""
    from interviewkit.refi import export_codebook as run
    from interviewkit.store import Project

    _suffix(file, ".qdc", "codebook")
    guard_outputs([("the file", file)], project=project)
    with Project(project_path(project), readonly=True) as opened:
        report = run(opened, file)
    info(f"Wrote {report.path}: {report.codes} codes.")


@export_app.command("project")
def export_project(
    file: Path = typer.Argument(..., help="The .qdpx file to write.", show_default=False),
    project: Path | None = PROJECT,
) -> None:
    """Write the whole project as a REFI-QDA project (.qdpx): texts, codes, codings, memos."""
    from interviewkit.refi import export_project as run
    from interviewkit.store import Project

    _suffix(file, ".qdpx", "project")
    guard_outputs([("the file", file)], project=project)
    with Project(project_path(project), readonly=True) as opened:
        report = run(opened, file)
    info(
        f"Wrote {report.path}: {report.sources} transcripts, {report.codes} codes, "
        f"{report.codings} codings, {report.memos} memos, {report.users} coders. "
        "Rejected suggestions are left out."
    )


def import_(
    file: Path = typer.Argument(
        ..., help="A REFI-QDA project (.qdpx) or codebook (.qdc).", show_default=False
    ),
    project: Path | None = PROJECT,
) -> None:
    """Import a REFI-QDA project or codebook from another QDA tool.

    Into the project named by --project (created if the file does not exist).
    Everything is imported, or nothing.
    """
    from interviewkit.refi.imports import import_to_path

    target = project_path(project)
    report, created = import_to_path(target, file)
    what = "a new project" if created else "the project"
    info(f"Imported {file.name} (made by {report.origin}) into {what} {target}:")
    if report.sources or report.sources_present:
        line = f"  sources: {len(report.sources)} added"
        if report.sources_present:
            line += f", {len(report.sources_present)} already there"
        info(line)
    info(
        f"  codes: {len(report.codes_added)} added, {len(report.codes_matched)} matched "
        "existing codes"
    )
    if file.suffix.lower() == ".qdpx":
        line = f"  codings: {report.codings} added"
        if report.codings_present:
            line += f", {report.codings_present} already there"
        info(line)
        info(f"  memos: {report.memos}")
        info(f"  coders: {', '.join(report.users) or 'none'}")
    for note in report.notes:
        info(f"  {note}")
    for skipped in report.skipped:
        warn(f"skipped {skipped}")
