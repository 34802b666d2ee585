"""Where an analysis command gets its data: a project file, or files coded on the fly."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from interviewkit.errors import UsageError

if TYPE_CHECKING:
    from interviewkit.store import Project

PROJECT = typer.Option(
    None,
    "--project",
    "-p",
    help="The project file (default: $INTERVIEWKIT_PROJECT, else ./interviewkit.db).",
    show_default=False,
)
OPTIONAL_PATHS = typer.Argument(
    None,
    help="Transcript files or folders to code on the fly, instead of a project.",
    show_default=False,
)
OPTIONAL_CODEBOOK = typer.Option(
    None, "--codebook", "-c", help="The codebook, when transcript files are given."
)


def guard_table_output(output: Path | None, *, project: Path | None) -> None:
    """A table's ``-o FILE``, before any work: a format the tool writes, and neither an
    input nor the project (see :func:`guard_outputs`)."""
    if output is None:
        return
    from interviewkit.export.tables import check_output_path

    check_output_path(output)
    guard_outputs([("-o", output)], project=project)


def guard_outputs(
    outputs: Iterable[tuple[str, Path | None]],
    *,
    project: Path | None,
    paths: Iterable[Path] | None = None,
    metadata: Path | None = None,
    codebook: Path | None = None,
) -> None:
    """Refuse, before any work, an output that is an input, the project or its journal files.

    ``outputs`` are ``(option, path)`` pairs (``("-o", …)``, ``("--plot", …)``); the
    project is guarded whether or not the command opens it.
    """
    from interviewkit.files import check_not_clobbering

    wanted = [(option, path) for option, path in outputs if path is not None]
    if not wanted:
        return
    inputs: list[Path] = [p for p in (metadata, codebook) if p is not None]
    if paths:
        from interviewkit.transcripts import transcript_files

        inputs += transcript_files(list(paths), exclude=metadata)
    for option, path in wanted:
        check_not_clobbering(path, inputs=inputs, project=project_path(project), option=option)


def project_path(project: Path | None) -> Path:
    if project is not None:
        return project
    env = os.environ.get("INTERVIEWKIT_PROJECT")
    return Path(env) if env else Path("interviewkit.db")


@contextmanager
def open_source(
    paths: list[Path] | None,
    codebook: Path | None,
    project: Path | None,
    *,
    metadata: Path | None = None,
    unit: str | None = None,
    lang: str | None = None,
) -> Iterator[Project]:
    """The project to analyse: files coded in memory when given, else the project file."""
    from interviewkit.cli.output import warn

    if unit is not None:
        from interviewkit.transcripts.units import check_unit_kind

        check_unit_kind(unit)  # a misspelt unit is an error, never ignored
    if paths:
        if codebook is None:
            raise UsageError(
                "transcript files were given without a codebook",
                hint="Add --codebook FILE, or leave out the files to use the project.",
            )
        from interviewkit.cli.options import ReadOptions
        from interviewkit.coding import Coder
        from interviewkit.coding.stored import load_codebook_cached
        from interviewkit.workflow import one_shot

        book = load_codebook_cached(codebook)
        for message in book.warnings:
            warn(message)
        docs = ReadOptions(list(paths), metadata, unit or "turn", None, None, lang).read()
        coder = Coder(book)
        result = one_shot(docs, book, coder)
        for message in coder.warnings:
            warn(message)
        with result as mem:
            yield mem
        return
    if unit is not None:
        raise UsageError(
            "--unit goes with transcript files: a project keeps the units its transcripts "
            "were added with",
            hint=f"To count {unit}s, add the transcripts to a new project with "
            f"'interviewkit add FILES --unit {unit}', or give the files here.",
        )
    if codebook is not None:
        raise UsageError(
            "--codebook goes with transcript files",
            hint="To change the project's codebook, run 'interviewkit codebook load FILE'.",
        )
    from interviewkit.store import Project

    with Project(project_path(project)) as proj:
        yield proj
