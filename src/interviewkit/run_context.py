"""What the project's log records about the command that is running.

The command line sets it once (``interviewkit tag … --coder anna``); the
store's audit trail reads it when a command first changes a project. It sits
at the bottom of the house, beside the models, so that setting it imports
nothing (``interviewkit --help`` stays instant).
"""

from __future__ import annotations

import sys

_CONTEXT: dict[str, str | None] = {"command": None, "coder": None}


def set_context(command: str, coder: str | None = None) -> None:
    """Record the changes of this process as made by ``command``, acting for ``coder``."""
    _CONTEXT["command"] = command
    _CONTEXT["coder"] = coder


def context() -> tuple[str, str | None]:
    """(the command line, the coder it acts for); a Python session when none was set."""
    command = _CONTEXT["command"] or "python " + " ".join(sys.argv[:1])
    return command, _CONTEXT["coder"]
