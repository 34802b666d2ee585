"""Read interview transcripts into :class:`~interviewkit.models.Transcript` values.

Formats: plain text and Markdown (with YAML front matter and f4/f5
timestamps), Word (.docx), WebVTT and SRT captions. Units are speaker turns
by default, or sentences or paragraphs within turns. Metadata comes from
front matter, from a metadata sheet (CSV or XLSX) and from the caller.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path

from interviewkit.errors import TranscriptError, UsageError
from interviewkit.models import Transcript
from interviewkit.transcripts.base import Parsed, ReadOptions
from interviewkit.transcripts.language import detect_language
from interviewkit.transcripts.metadata import (
    METADATA_SUFFIXES,
    MetadataWarning,
    match_row,
    read_metadata,
    warn_unmatched,
)
from interviewkit.transcripts.readers import SUPPORTED_SUFFIXES, is_supported, reader_for
from interviewkit.transcripts.speakers import compile_speaker_pattern, normalize_label
from interviewkit.transcripts.units import build_units, check_unit_kind, interviewer_matcher

__all__ = [
    "SUPPORTED_SUFFIXES",
    "MetadataWarning",
    "SkippedFileWarning",
    "read_metadata",
    "read_transcript",
    "read_transcripts",
]

PathLike = str | Path


def read_transcript(
    path: PathLike,
    *,
    unit: str = "turn",
    speaker_pattern: str | re.Pattern[str] | None = None,
    interviewer_labels: Iterable[str] | None = None,
    metadata: Mapping[str, str] | None = None,
    language: str | None = None,
    encoding: str | None = None,
) -> Transcript:
    """Read one transcript file.

    ``unit`` is ``"turn"``, ``"sentence"`` or ``"paragraph"``.
    ``speaker_pattern`` is a regular expression with a group named
    ``speaker`` that matches a label at the start of a line; it replaces the
    built-in label forms. ``interviewer_labels`` are added to the usual
    interviewer labels (``I``, ``Interviewer``, ``Q``, ``F``, ``问`` ...).
    ``metadata`` adds or overrides attributes (an ``id`` key renames the
    transcript). ``language`` is used when the metadata has none; failing
    both, the language is detected. ``encoding`` forces a text encoding.
    """
    check_unit_kind(unit)
    path = Path(path)
    parsed = _parse(path, _options(speaker_pattern, encoding, interviewer_labels))
    return _finish(
        path,
        parsed,
        unit=unit,
        interviewer_labels=interviewer_labels,
        extra=metadata,
        language=language,
    )


def read_transcripts(
    paths: PathLike | Iterable[PathLike],
    *,
    metadata_file: PathLike | None = None,
    unit: str = "turn",
    speaker_pattern: str | re.Pattern[str] | None = None,
    interviewer_labels: Iterable[str] | None = None,
    metadata: Mapping[str, str] | None = None,
    language: str | None = None,
    encoding: str | None = None,
) -> list[Transcript]:
    """Read files and folders of transcripts, in sorted order within each folder.

    Folders are searched recursively for the suffixes in
    :data:`SUPPORTED_SUFFIXES`; hidden files, Office lock files and metadata
    sheets are skipped. ``metadata_file`` is a sheet (see
    :func:`read_metadata`) whose rows add to or override each transcript's
    metadata; rows that match no transcript are reported as a
    :class:`MetadataWarning`. Other options are those of
    :func:`read_transcript`.
    """
    check_unit_kind(unit)
    interviewer = _as_list(interviewer_labels)
    options = _options(speaker_pattern, encoding, interviewer)
    sheet_path = Path(metadata_file) if metadata_file is not None else None
    sheet = read_metadata(sheet_path) if sheet_path is not None else {}
    matched: set[str] = set()
    transcripts: list[Transcript] = []
    sources: dict[str, Path] = {}
    for path in transcript_files(paths, exclude=sheet_path):
        parsed = _parse(path, options)
        extra = dict(metadata or {})
        row = match_row(sheet, file=path, transcript_id=_own_id(path, parsed, extra))
        if row is not None:
            matched.add(row[0])
            extra.update(row[1])
        transcript = _finish(
            path,
            parsed,
            unit=unit,
            interviewer_labels=interviewer,
            extra=extra,
            language=language,
        )
        if transcript.id in sources:
            raise TranscriptError(
                f"{path}: the id {transcript.id!r} is taken already by {sources[transcript.id]}",
                hint="Give one of them another id, with 'id:' in its front matter "
                "or in the metadata sheet.",
            )
        sources[transcript.id] = path
        transcripts.append(transcript)
    if sheet_path is not None:
        warn_unmatched(sheet_path, set(sheet) - matched)
    return transcripts


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


#: Files a researcher keeps beside transcripts that are transcripts in another
#: form: skipping them silently would hide an interview from the analysis.
_UNREAD_KINDS = (".pdf", ".doc", ".rtf", ".odt", ".pages", ".mp3", ".wav", ".m4a", ".mp4")


class SkippedFileWarning(UserWarning):
    """A folder holds an interview in a form interviewkit does not read."""


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
            stacklevel=3,
        )
    if not files:
        raise TranscriptError(
            f"{folder} holds no transcripts (looked for {', '.join(SUPPORTED_SUFFIXES)})",
            hint="Put the transcripts into the folder, or save them as .txt or .docx.",
        )
    return files


def _as_list(labels: Iterable[str] | None) -> list[str]:
    return [labels] if isinstance(labels, str) else list(labels or ())


def _options(
    speaker_pattern: str | re.Pattern[str] | None,
    encoding: str | None,
    interviewer_labels: Iterable[str] | None,
) -> ReadOptions:
    return ReadOptions(
        speaker_pattern=compile_speaker_pattern(speaker_pattern),
        encoding=encoding,
        known_labels=frozenset(normalize_label(n) for n in _as_list(interviewer_labels) if n),
    )


def _parse(path: Path, options: ReadOptions) -> Parsed:
    if path.is_dir():
        raise UsageError(
            f"{path} is a folder, not a transcript file",
            hint="Use read_transcripts() to read every transcript in a folder.",
        )
    if path.suffix.lower() in METADATA_SUFFIXES:
        raise UsageError(
            f"{path} looks like a metadata sheet, not a transcript; "
            f"use one of: {', '.join(SUPPORTED_SUFFIXES)}",
            hint="Pass metadata sheets as the metadata file.",
        )
    reader = reader_for(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise UsageError(f"{path}: no such file", hint="Check the path.") from exc
    except OSError as exc:
        raise TranscriptError(
            f"{path} cannot be read ({exc.strerror})", hint="Check the file's permissions."
        ) from exc
    parsed = reader.read(path, data, options)
    if not parsed.text.strip():
        raise TranscriptError(
            f"{path} is empty: there is no transcript text after the front matter",
            hint="Add the transcript below the closing --- line.",
        )
    return parsed


def _own_id(path: Path, parsed: Parsed, extra: Mapping[str, str]) -> str:
    return extra.get("id") or parsed.metadata.get("id") or path.stem


def _finish(
    path: Path,
    parsed: Parsed,
    *,
    unit: str,
    interviewer_labels: Iterable[str] | None,
    extra: Mapping[str, str] | None,
    language: str | None,
) -> Transcript:
    metadata = dict(parsed.metadata)
    metadata.update({str(k): str(v) for k, v in (extra or {}).items() if v is not None})
    transcript_id = metadata.pop("id", None) or path.stem
    metadata.pop("file", None)
    chosen = metadata.get("language") or language or detect_language(parsed.text)
    if chosen:
        metadata["language"] = chosen
    interviewers = re.split(r"[,;]", metadata.get("interviewer", ""))
    units = build_units(
        parsed.text,
        parsed.segments,
        kind=unit,
        language=chosen,
        interviewer_labels=interviewer_matcher([*_as_list(interviewer_labels), *interviewers]),
        paragraph_break=parsed.paragraph_break,
    )
    return Transcript(
        id=transcript_id,
        text=parsed.text,
        units=units,
        metadata=metadata,
        source=str(path),
        encoding=parsed.encoding,
        warnings=parsed.warnings,
    )
