"""REFI-QDA exchange: ``export codebook``, ``export project`` and ``import``.

Thin: each command checks its file name, makes one call into
:mod:`interviewkit.refi` and says what was done on stderr.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from interviewkit.cli.output import counted, info, plain, warn
from interviewkit.cli.source import PROJECT, guard_outputs, project_path
from interviewkit.errors import UsageError

if TYPE_CHECKING:
    from interviewkit.refi.imports import ImportReport
    from interviewkit.store import Project

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
        note = _rules_note(opened)
    groups = f" and {report.code_groups} code groups" if report.code_groups else ""
    info(f"Wrote {report.path}: {counted(report.codes, 'code')}{groups}.")
    if note:
        info(note)


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
        note = _rules_note(opened)
    groups = f", {report.code_groups} code groups" if report.code_groups else ""
    decisions = f", {report.decisions} decisions on suggestions" if report.decisions else ""
    info(
        f"Wrote {report.path}: {counted(report.sources, 'transcript')}, "
        f"{counted(report.codes, 'code')}{groups}, {counted(report.codings, 'coding')}"
        f"{decisions}, {counted(report.memos, 'memo')}, {counted(report.users, 'coder')}."
    )
    if note:
        info(note)


def _rules_note(project: Project) -> str:
    """That the codebook's matching rules did not travel, and how to take them along."""
    book = project.codebook()
    rules = sum(code.rule_count for code in book.codes) if book is not None else 0
    if not rules:
        return ""
    source = f" ({plain(book.source)})" if book is not None and book.source else ""
    return (
        f"The codebook's {counted(rules, 'matching rule')} {'is' if rules == 1 else 'are'} "
        "not in the file: REFI-QDA has "
        f"no place for them. Send the codebook file{source} along; in the new project, "
        "'interviewkit codebook load FILE' brings them back for autocode."
    )


def import_(
    file: Path = typer.Argument(
        ...,
        help="A REFI-QDA project (.qdpx, or a bare .qde) or codebook (.qdc).",
        show_default=False,
    ),
    project: Path | None = PROJECT,
) -> None:
    """Import a REFI-QDA project or codebook from another QDA tool.

    Into the project named by --project (created if the file does not exist),
    in one step. Everything the file holds that interviewkit can keep comes in;
    what cannot be placed (a source whose text is missing) is listed.

    Examples: interviewkit import study.qdpx -p study.db;
    interviewkit import codes.qdc -p study.db
    """
    from interviewkit.refi.imports import import_to_path

    target = project_path(project)
    report, created = import_to_path(target, file)
    for line in import_lines(
        report, target=target, created=created, codebook_only=file.suffix.lower() == ".qdc"
    ):
        info(line)
    for line in report.not_placed:
        warn(f"not imported: {line}")
    for skipped in report.skipped:
        warn(f"skipped {skipped}")


def import_lines(
    report: ImportReport, *, target: Path, created: bool, codebook_only: bool
) -> list[str]:
    """What an import did, as the lines the command prints."""
    what = "a new project" if created else "the project"
    lines = [f"Imported {Path(report.file).name} (made by {report.origin}) into {what} {target}:"]
    if report.sources or report.sources_present:
        line = f"  sources: {len(report.sources)} added"
        if report.sources_present:
            line += f", {len(report.sources_present)} already there"
        lines.append(line)
    lines.append(
        f"  codes: {len(report.codes_added)} added, {len(report.codes_matched)} matched "
        "existing codes"
    )
    if report.code_groups:
        lines.append(f"  code groups: {', '.join(report.code_groups)}")
    if not codebook_only:
        line = f"  codings: {report.codings} added"
        if report.spans:
            line += (
                f" ({report.spans} of them over several units, stored as one linked piece per unit)"
            )
        if report.codings_present:
            line += f", {report.codings_present} already there"
        lines.append(line)
        if report.decisions:
            lines.append(f"  decisions on suggestions: {report.decisions}")
        lines.append(f"  memos: {report.memos}")
        lines.append(f"  coders: {', '.join(report.users) or 'none'}")
    if report.attributes:
        lines.append(
            "  document attributes from document sets (use them with --by and --where): "
            + ", ".join(report.attributes)
        )
    if report.other_sources:
        kinds = ", ".join(f"{n} {kind}" for kind, n in report.other_sources.items())
        on = f", with {report.other_codings} coding(s)" if report.other_codings else ""
        lines.append(f"  other sources, not imported: {kinds}{on} (interviewkit codes text)")
    lines += [f"  {note}" for note in report.notes]
    return lines
