"""Where a stored transcript came from: its file, kept as a full path, and another file
that would take its id told from a new version of it."""

from __future__ import annotations

from pathlib import Path

from interviewkit.errors import ProjectError


def source_path(source: str | None) -> str | None:
    """The file a transcript was read from, as a full path when it is a file here (so that
    another folder's file of the same name is told from it, whatever folder the command
    ran in)."""
    if not source:
        return source
    try:
        path = Path(source)
        return str(path.resolve()) if path.is_file() else source
    except OSError:
        return source


def another_file(stored: str | None, given: str | None) -> bool:
    """Whether ``given`` is another file than the one a transcript was added from, which
    is still there: two interviews whose file names gave them one id, not a new version."""
    if not stored or not given or stored == given:
        return False
    try:
        return Path(stored).is_file() and not Path(stored).samefile(given)
    except OSError:  # one of them is no file (a transcript imported from a project)
        return False


def clash_error(clashes: list[tuple[str, str, str]]) -> ProjectError:
    """Refuse to replace a transcript by another interview that got the same id."""
    doc_id, stored, given = clashes[0]
    more = f" (and {len(clashes) - 1} more like it)" if len(clashes) > 1 else ""
    return ProjectError(
        f"{given} would replace the transcript {doc_id!r}, added from {stored}, which is "
        f"another file{more}; nothing was added",
        hint="Two interviews got the same id from their file names: give the new one "
        "another id ('id:' in its front matter, or an id column in the metadata sheet). "
        "If it is a new version of that transcript, add it with --replace.",
    )
