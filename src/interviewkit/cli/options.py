"""Options shared by every command that reads transcripts from files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer

from interviewkit.errors import UsageError

PATHS = typer.Argument(
    ...,
    help="Transcript files or folders (.md, .txt, .docx, .rtf, .vtt, .srt).",
    show_default=False,
)
METADATA = typer.Option(
    None, "--metadata", "-m", help="A CSV or XLSX sheet with one row per transcript (id or file)."
)
UNIT = typer.Option(
    "turn", "--unit", "-u", help="What a code attaches to: turn, sentence or paragraph."
)
#: ``--unit`` of the commands that read a project or files: only files are cut anew.
FILE_UNIT = typer.Option(
    None,
    "--unit",
    "-u",
    metavar="UNIT",
    help="With transcript files: what a code attaches to, turn (the default), sentence or "
    "paragraph. A project keeps the units its transcripts were added with.",
    show_default=False,
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
    help="Label(s) of the interviewer, comma-separated, each matched exactly ('Speaker 1' "
    "is not 'Speaker 2'; a label with a comma, 'Hoffmann, Julia', whole too); the usual ones "
    "count too: I, Int, Interviewer, Researcher, "
    "Moderator, Facilitator, Q, F, 问, 记者 and their numbered forms.",
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
        """Read the transcripts, printing each reader's warnings on stderr.

        A file that cannot be read does not stop the others: the command goes
        on with the rest, and when it is done one summary names each such file
        and the command exits 1 (at once if no file could be read).
        """
        import warnings

        from interviewkit.cli.output import warn
        from interviewkit.transcripts import MetadataWarning, SkippedFileWarning, read_corpus
        from interviewkit.transcripts.files import UnreadableFilesError
        from interviewkit.transcripts.interviewers import describe

        labels = [self.interviewer] if self.interviewer else None  # split where read
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", MetadataWarning)
            warnings.simplefilter("always", SkippedFileWarning)
            corpus = read_corpus(
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
        for transcript in corpus.transcripts:
            for message in transcript.warnings:
                warn(message)
        if corpus.no_interviewer:
            warn(describe(corpus.no_interviewer))
        if corpus.unreadable:
            if len(corpus.unreadable) == 1 and not corpus.transcripts:
                raise corpus.unreadable[0].error
            failure = UnreadableFilesError(corpus.unreadable, len(corpus.transcripts))
            if not corpus.transcripts or not _report_when_done(failure):
                raise failure
        return corpus.transcripts


def _report_when_done(failure: Exception) -> bool:
    """Raise ``failure`` when the running command ends well, so that it exits 1 after
    its work; False outside a command."""
    import sys

    try:
        from typer._click.globals import get_current_context  # typer >= 0.22 vendors click
    except ImportError:  # pragma: no cover - older typer uses click itself
        from click import get_current_context  # type: ignore[no-redef]

    context = get_current_context(silent=True)
    if context is None:
        return False

    def report() -> None:
        if sys.exc_info()[0] is None:  # another error already ends the command
            raise failure

    context.call_on_close(report)
    return True


WHERE = typer.Option(
    None,
    "--where",
    metavar="ATTRIBUTE=VALUE",
    help="Only transcripts with this attribute value, e.g. city=Bonn (case, accents and "
    "umlauts do not matter; several values of one attribute separated by commas: "
    "city=Bonn,Wuhan). Repeat it for another attribute.",
    show_default=False,
)


def parse_where(items: list[str] | None) -> dict[str, list[str]]:
    """``--where city=Bonn,Wuhan --where country=China`` as ``{attribute: [values]}``."""
    where: dict[str, list[str]] = {}
    for item in items or ():
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(
                f"--where {item!r} is not ATTRIBUTE=VALUE",
                hint="e.g. --where city=Bonn or --where city=Bonn,Wuhan",
            )
        where.setdefault(key.strip(), []).extend(v.strip() for v in value.split(","))
    return where
