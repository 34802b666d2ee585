"""Error values of interviewkit.

The core raises these; the command line has one boundary that prints
``Error: <message>`` and ``Hint: <hint>`` on stderr and exits with the class's
exit code (1 for bad data, 2 for bad usage).
"""

from __future__ import annotations


class InterviewkitError(Exception):
    """Base class of every error the tool reports to a user."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class DataError(InterviewkitError):
    """An input file holds something the tool cannot use (exit code 1)."""


class TranscriptError(DataError):
    """A transcript cannot be read."""


class CodebookError(DataError):
    """A codebook is invalid. ``problems`` lists every problem found, with its place."""

    def __init__(
        self, message: str, *, hint: str | None = None, problems: list[str] | None = None
    ) -> None:
        super().__init__(message, hint=hint)
        self.problems = problems or [message]


class ProjectError(DataError):
    """A project file cannot be opened or changed as asked."""


class ExchangeError(DataError):
    """A REFI-QDA file cannot be read or written."""


class OutputError(InterviewkitError):
    """An output file cannot be written (a full disk, no permission); what was there is kept."""


class UsageError(InterviewkitError):
    """The command was called in a way that cannot work (exit code 2)."""

    exit_code = 2
