"""Read interview transcripts into :class:`~interviewkit.models.Transcript` values.

Formats: plain text and Markdown (with YAML front matter and f4/f5
timestamps), Word (.docx), f4/f5 RTF, WebVTT and SRT captions, and the
layouts of transcription services (Otter, Rev, Trint, Zoom, Teams). Units are
speaker turns by default, or sentences or paragraphs within turns; the lines
before the first turn and headings are units of their own kinds. Metadata
comes from front matter, from a metadata sheet (CSV or XLSX) and from the
caller.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from interviewkit.errors import DataError, TranscriptError, UsageError
from interviewkit.languages import language_code
from interviewkit.models import Transcript
from interviewkit.transcripts.base import Parsed, ReadOptions
from interviewkit.transcripts.files import (
    PathLike,
    SkippedFileWarning,
    Unreadable,
    UnreadableFilesError,
    transcript_files,
)
from interviewkit.transcripts.interviewers import (
    InterviewerWarning,
    LikelyInterviewer,
    describe,
    interviewer_matcher,
    interviewer_names,
    likely_interviewer,
)
from interviewkit.transcripts.language import detect_language
from interviewkit.transcripts.metadata import (
    METADATA_SUFFIXES,
    MetadataWarning,
    SheetIndex,
    read_metadata,
    same_form,
    warn_unmatched,
)
from interviewkit.transcripts.names import normalize_label
from interviewkit.transcripts.readers import SUPPORTED_SUFFIXES, reader_for
from interviewkit.transcripts.speakers import compile_speaker_pattern
from interviewkit.transcripts.units import build_units, check_unit_kind

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Corpus",
    "InterviewerWarning",
    "MetadataWarning",
    "SkippedFileWarning",
    "Unreadable",
    "read_corpus",
    "read_metadata",
    "read_transcript",
    "read_transcripts",
    "transcript_files",
]


@dataclass(frozen=True)
class Corpus:
    """What :func:`read_corpus` found: the transcripts, the files it could not read,
    and the dialogues in which it recognised no interviewer."""

    transcripts: list[Transcript]
    unreadable: list[Unreadable] = field(default_factory=list)
    no_interviewer: list[LikelyInterviewer] = field(default_factory=list)


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
    interviewer labels (``I``, ``Interviewer``, ``Q``, ``F``, ``问`` ...);
    each names exactly that label. ``metadata`` adds or overrides attributes
    (an ``id`` key renames the transcript). ``language`` is used when the
    metadata has none; failing both, the language is detected. ``encoding``
    forces a text encoding. A dialogue with no recognised interviewer is
    reported as an :class:`InterviewerWarning`.
    """
    check_unit_kind(unit)
    path = Path(path)
    parsed = _parse(path, _options(speaker_pattern, encoding, interviewer_labels))
    transcript = _finish(
        path,
        parsed,
        unit=unit,
        interviewer_labels=interviewer_labels,
        extra=metadata,
        language=language,
    )
    _warn_no_interviewer([f for f in [likely_interviewer(transcript)] if f is not None])
    return transcript


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

    As :func:`read_corpus`, but a file that cannot be read is an error (raised
    after every file was tried, naming each), and dialogues without a
    recognised interviewer are reported as an :class:`InterviewerWarning`.
    """
    corpus = read_corpus(
        paths,
        metadata_file=metadata_file,
        unit=unit,
        speaker_pattern=speaker_pattern,
        interviewer_labels=interviewer_labels,
        metadata=metadata,
        language=language,
        encoding=encoding,
    )
    if len(corpus.unreadable) == 1:
        raise corpus.unreadable[0].error
    if corpus.unreadable:
        raise UnreadableFilesError(corpus.unreadable, len(corpus.transcripts))
    _warn_no_interviewer(corpus.no_interviewer)
    return corpus.transcripts


def read_corpus(
    paths: PathLike | Iterable[PathLike],
    *,
    metadata_file: PathLike | None = None,
    unit: str = "turn",
    speaker_pattern: str | re.Pattern[str] | None = None,
    interviewer_labels: Iterable[str] | None = None,
    metadata: Mapping[str, str] | None = None,
    language: str | None = None,
    encoding: str | None = None,
) -> Corpus:
    """Read every transcript that can be read; one bad file does not stop the others.

    Folders are searched recursively for the suffixes in
    :data:`SUPPORTED_SUFFIXES`; hidden files, Office lock files and metadata
    sheets are skipped. ``metadata_file`` is a sheet (see
    :func:`read_metadata`) whose rows add to or override each transcript's
    metadata; rows that match no transcript are reported as a
    :class:`MetadataWarning`. Other options are those of
    :func:`read_transcript`. Bad usage (a missing path, a bad option) and a
    bad metadata sheet are raised at once.
    """
    check_unit_kind(unit)
    interviewer = _as_list(interviewer_labels)
    options = _options(speaker_pattern, encoding, interviewer)
    sheet_path = Path(metadata_file) if metadata_file is not None else None
    sheet = read_metadata(sheet_path) if sheet_path is not None else {}
    rows = SheetIndex(sheet)
    matched: set[str] = set()
    transcripts: list[Transcript] = []
    unreadable: list[Unreadable] = []
    sources: dict[str, Path] = {}
    for path in transcript_files(paths, exclude=sheet_path):
        try:
            parsed = _parse(path, options)
            extra = dict(metadata or {})
            row = rows.match(file=path, transcript_id=_own_id(path, parsed, extra))
            transcript = _finish(
                path,
                parsed,
                unit=unit,
                interviewer_labels=interviewer,
                extra={**extra, **(row[1] if row else {})},
                language=language,
            )
            if transcript.id in sources:
                raise TranscriptError(
                    f"{path}: the id {transcript.id!r} is taken already by "
                    f"{sources[transcript.id]}",
                    hint="Give one of them another id, with 'id:' in its front matter "
                    "or in the metadata sheet.",
                )
        except UsageError:
            raise
        except DataError as exc:
            unreadable.append(Unreadable(path, exc))
            continue
        if row is not None:
            matched.add(row[0])
        sources[transcript.id] = path
        transcripts.append(transcript)
    if sheet_path is not None:
        warn_unmatched(sheet_path, set(sheet) - matched)
    found = [f for t in transcripts if (f := likely_interviewer(t)) is not None]
    return Corpus(transcripts, unreadable, found)


def _warn_no_interviewer(found: list[LikelyInterviewer]) -> None:
    if found:
        warnings.warn(describe(found), InterviewerWarning, stacklevel=3)


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
        known_labels=frozenset(
            normalize_label(name)
            for label in _as_list(interviewer_labels)
            for name in interviewer_names(label)
        ),
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
    if not parsed.body.strip():
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
    # one Unicode form, whatever the file system wrote (a Mac: 'a' and a combining mark for 'ä')
    transcript_id = same_form(metadata.pop("id", "") or path.stem)
    metadata.pop("file", None)
    chosen = metadata.get("language") or language or detect_language(parsed.body)
    # 'German', 'EN', 'zh-CN' as the codebook's rules are kept: de, en, zh
    chosen = language_code(chosen) or chosen
    if chosen:
        metadata["language"] = chosen
    units = build_units(
        parsed.text,
        parsed.segments,
        kind=unit,
        language=chosen,
        interviewer_labels=interviewer_matcher(
            [*_as_list(interviewer_labels), metadata.get("interviewer", "")]
        ),
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
