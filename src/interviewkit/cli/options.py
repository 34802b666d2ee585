"""Options shared by every command that reads transcripts from files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer

PATHS = typer.Argument(
    ..., help="Transcript files or folders (.md, .txt, .docx, .vtt, .srt).", show_default=False
)
METADATA = typer.Option(
    None, "--metadata", "-m", help="A CSV or XLSX sheet with one row per transcript (id or file)."
)
UNIT = typer.Option(
    "turn", "--unit", "-u", help="What a code attaches to: turn, sentence or paragraph."
)
SPEAKER_PATTERN = typer.Option(
    None,
    "--speaker-pattern",
    help="A regular expression for your speaker labels, with a group named speaker, "
    r"e.g. '^(?P<speaker>[A-Z]{2,3})\) '.",
)
INTERVIEWER = typer.Option(
    None,
    "--interviewer",
    help="Label(s) of the interviewer, comma-separated (default: I, Interviewer, Q, F, 问, …).",
)
ENCODING = typer.Option(
    None,
    "--encoding",
    help="Text encoding of the transcripts when detection guesses wrong (e.g. cp1252, gb18030).",
)
LANG = typer.Option(
    None, "--lang", help="Language of transcripts whose metadata names none (de, en, zh)."
)


@dataclass(frozen=True)
class ReadOptions:
    paths: list[Path]
    metadata: Path | None = None
    unit: str = "turn"
    speaker_pattern: str | None = None
    interviewer: str | None = None
    lang: str | None = None
    encoding: str | None = None

    def read(self) -> list[Any]:
        """Read the transcripts, printing each reader's warnings on stderr."""
        import warnings

        from interviewkit.cli.output import warn
        from interviewkit.transcripts import MetadataWarning, SkippedFileWarning, read_transcripts

        labels = [s.strip() for s in self.interviewer.split(",")] if self.interviewer else None
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", MetadataWarning)
            warnings.simplefilter("always", SkippedFileWarning)
            transcripts = read_transcripts(
                self.paths,
                metadata_file=self.metadata,
                unit=self.unit,
                speaker_pattern=self.speaker_pattern,
                interviewer_labels=labels,
                language=self.lang,
                encoding=self.encoding,
            )
        for record in caught:
            if issubclass(record.category, (MetadataWarning, SkippedFileWarning)):
                warn(str(record.message))
        for transcript in transcripts:
            for message in transcript.warnings:
                warn(message)
        return transcripts
