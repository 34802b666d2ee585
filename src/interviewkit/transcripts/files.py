"""Which files to read: files and folders expanded, and what a folder holds besides."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from interviewkit.errors import DataError, TranscriptError, UsageError
from interviewkit.transcripts.readers import SUPPORTED_SUFFIXES, is_supported

PathLike = str | Path

#: Files a researcher keeps beside transcripts that are transcripts in another
#: form: skipping them silently would hide an interview from the analysis.
_UNREAD_KINDS = (".pdf", ".doc", ".odt", ".pages", ".mp3", ".wav", ".m4a", ".mp4")


class SkippedFileWarning(UserWarning):
    """A folder holds an interview in a form interviewkit does not read."""


@dataclass(frozen=True)
class Unreadable:
    """A transcript file that could not be read, and why."""

    path: Path
    error: DataError

    def describe(self) -> str:
        hint = f" {self.error.hint}" if self.error.hint else ""
        return f"{self.error.message}.{hint}"


class UnreadableFilesError(TranscriptError):
    """Several transcript files could not be read; ``problems`` names each with its reason."""

    def __init__(self, failed: Sequence[Unreadable], read: int) -> None:
        others = (
            f"the other {read} {'was' if read == 1 else 'were'} read"
            if read
            else ("none could be read")
        )
        if len(failed) == 1:  # the one file and its reason in the message itself
            only = failed[0].error
            files = "file was" if read == 1 else "files were"
            read_too = f"the other {read} {files} read" if read else "none could be read"
            super().__init__(f"{only.message} ({read_too})", hint=only.hint)
        else:
            super().__init__(
                f"{len(failed)} transcript file(s) could not be read ({others})",
                hint="Fix or remove these files and run the command again.",
            )
        self.problems = [f.describe() for f in failed]


def transcript_files(
    paths: PathLike | Iterable[PathLike], *, exclude: Path | None = None
) -> list[Path]:
    """The transcript files named by ``paths``, folders expanded, without repeats."""
    items = [paths] if isinstance(paths, (str, Path)) else list(paths)
    if not items:
        raise UsageError("no transcript files given", hint="Name files or folders to read.")
    skip = exclude.resolve() if exclude is not None else None
    found: list[Path] = []
    seen: set[Path] = set()
    for item in map(Path, items):
        if item.is_dir():
            files = _scan(item)
        elif item.is_file():
            files = [item]
        else:
            raise UsageError(f"{item}: no such file or folder", hint="Check the path.")
        for file in files:
            resolved = file.resolve()
            if resolved not in seen and resolved != skip:
                seen.add(resolved)
                found.append(file)
    return found


def _scan(folder: Path) -> list[Path]:
    files = []
    skipped = []
    for file in sorted(folder.rglob("*")):
        relative = file.relative_to(folder).parts
        if any(part.startswith((".", "~$")) for part in relative):
            continue
        if file.is_file() and is_supported(file):
            files.append(file)
        elif file.is_file() and file.suffix.lower() in _UNREAD_KINDS:
            skipped.append(file)
    if skipped and files:
        names = ", ".join(str(f) for f in skipped[:5]) + (" …" if len(skipped) > 5 else "")
        warnings.warn(
            f"{len(skipped)} file(s) in {folder} are not in a transcript format and were "
            f"skipped: {names}. Save them as .docx or .txt to include them.",
            SkippedFileWarning,
            stacklevel=4,
        )
    if not files:
        raise TranscriptError(
            f"{folder} holds no transcripts (looked for {', '.join(SUPPORTED_SUFFIXES)})",
            hint="Put the transcripts into the folder, or save them as .txt or .docx.",
        )
    return files
