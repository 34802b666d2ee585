"""Coding by hand and reviewing suggestions: tag, untag, accept, reject and memo.

Each one opens the project (``--project``, else ``$INTERVIEWKIT_PROJECT``, else
``./interviewkit.db``) for writing, makes one library call and says what it did.
"""

from __future__ import annotations

from pathlib import Path

import typer

from interviewkit.cli.output import info, warn
from interviewkit.cli.project_cmd import open_project
from interviewkit.cli.source import PROJECT
from interviewkit.errors import UsageError
from interviewkit.models import AUTO

DOC = typer.Argument(..., help="The transcript's id.", show_default=False)
#: The largest unit number and offset the commands take: far beyond any transcript, and
#: within what SQLite stores (a number of 10**23 is a typing slip, not a unit).
MAX_UNIT = 10**9
MAX_OFFSET = 2**53

UNIT_INDEX = typer.Argument(
    ..., help="The unit's number (from 1).", show_default=False, min=1, max=MAX_UNIT
)
CODE = typer.Argument(..., help="The code's id (or name).", show_default=False)
CODER = typer.Option(..., "--coder", help="Your name, as the coder.", show_default=False)
SUGGESTED_BY = typer.Option(AUTO, "--from", help="Whose suggestions: the automatic coder's name.")


def register(app: typer.Typer) -> None:
    """Add tag, untag, accept, reject and memo to the root app."""
    app.command("tag")(tag)
    app.command("untag")(untag)
    app.command("accept")(accept)
    app.command("reject")(reject)
    app.command("memo")(memo)


def tag(
    doc: str = DOC,
    unit: int = UNIT_INDEX,
    code: str = CODE,
    coder: str = CODER,
    memo: str | None = typer.Option(None, "--memo", help="A memo on the coding."),
    start: int | None = typer.Option(
        None, "--start", help="Code only from this offset.", min=0, max=MAX_OFFSET
    ),
    end: int | None = typer.Option(
        None, "--end", help="Code only up to this offset.", min=0, max=MAX_OFFSET
    ),
    project: Path | None = PROJECT,
) -> None:
    """Code a unit (or a span of it) by hand."""
    with open_project(project, write=True) as proj:
        coding = proj.tag(doc, unit, code, coder=coder, start=start, end=end, memo=memo)
        speaker = proj.transcript(doc).unit(unit)
    info(f"{coder} coded unit {unit} of {doc} ({coding.start}–{coding.end}) with '{coding.code}'.")
    if speaker.interviewer:
        warn(
            f"unit {unit} of {doc} is the interviewer's ({speaker.speaker}); theme tables and "
            "comparisons count respondents' units only"
        )


def untag(
    doc: str = DOC,
    unit: int = UNIT_INDEX,
    code: str = CODE,
    coder: str = CODER,
    project: Path | None = PROJECT,
) -> None:
    """Remove your coding of a unit."""
    with open_project(project, write=True) as proj:
        removed = proj.untag(doc, unit, code, coder=coder)
        final = proj.coder_kinds().get(coder) == "consensus"
    if final:
        info(f"{coder}: '{code}' is not on unit {unit} of {doc} (recorded in the final coding).")
    elif removed:
        info(f"Removed {removed} coding(s) of '{code}' by {coder} from unit {unit} of {doc}.")
    else:
        warn(f"{coder} had not coded unit {unit} of {doc} with '{code}'; nothing to remove")


def _review(
    status_: str,
    doc: str,
    unit: int,
    code: str | None,
    coder: str,
    every: bool,
    suggested_by: str,
    project: Path | None,
) -> None:
    if code is None and not every:
        raise UsageError(
            "name the code whose suggestion you review, or give --all",
            hint=f"e.g. interviewkit accept {doc} {unit} CODE --coder NAME",
        )
    if code is not None and every:
        raise UsageError("give a code or --all, not both")
    with open_project(project, write=True) as proj:
        changed = proj.review(doc, unit, code, status=status_, reviewer=coder, coder=suggested_by)
        decided = proj.decisions()
    if changed:
        verb = "Accepted" if status_ == "accepted" else "Rejected"
        info(f"{verb} {changed} suggestion(s) of {suggested_by} on unit {unit} of {doc}.")
        here = decided[
            (decided["doc_id"] == doc)
            & (decided["unit"] == unit)
            & (decided["suggested_by"] == suggested_by)
            & (decided["coder"] != coder)
            & (decided["verdict"] != status_)
            & ((decided["code"] == code) if code is not None else True)
        ]
        for other in here.itertuples():
            info(
                f"{other.coder} {other.verdict} '{other.code}' here: both decisions are kept "
                "(each coder's is their own; 'interviewkit consensus' lists the differences)."
            )
    else:
        warn(f"{suggested_by} made no suggestions on unit {unit} of {doc}")


REVIEW_CODE = typer.Argument(None, help="The code (leave out with --all).", show_default=False)
ALL = typer.Option(False, "--all", help="Every suggestion on the unit.")


def accept(
    doc: str = DOC,
    unit: int = UNIT_INDEX,
    code: str | None = REVIEW_CODE,
    coder: str = CODER,
    every: bool = ALL,
    suggested_by: str = SUGGESTED_BY,
    project: Path | None = PROJECT,
) -> None:
    """Accept an automatic suggestion (or all on a unit) as the reviewer --coder."""
    _review("accepted", doc, unit, code, coder, every, suggested_by, project)


def reject(
    doc: str = DOC,
    unit: int = UNIT_INDEX,
    code: str | None = REVIEW_CODE,
    coder: str = CODER,
    every: bool = ALL,
    suggested_by: str = SUGGESTED_BY,
    project: Path | None = PROJECT,
) -> None:
    """Reject an automatic suggestion (or all on a unit) as the reviewer --coder."""
    _review("rejected", doc, unit, code, coder, every, suggested_by, project)


def memo(
    text: str = typer.Argument(..., help="The memo.", show_default=False),
    coder: str = CODER,
    doc: str | None = typer.Option(None, "--doc", help="On this transcript."),
    code: str | None = typer.Option(None, "--code", help="On this code."),
    unit: int | None = typer.Option(
        None,
        "--unit",
        help="On this unit of --doc (with --code: on the coding of the code).",
        min=1,
        max=MAX_UNIT,
    ),
    project: Path | None = PROJECT,
) -> None:
    """Write a memo on the project, a transcript, a unit, a code, or a coding."""
    with open_project(project, write=True) as proj:
        proj.memo(text, coder=coder, doc_id=doc, code=code, unit_index=unit)
    if unit is not None and code is not None:
        on = f"the coding of '{code}' on unit {unit} of {doc}"
    elif unit is not None:
        on = f"unit {unit} of {doc}"
    elif doc and code:
        on = f"'{code}' in {doc}"
    elif doc or code:
        on = doc or f"the code '{code}'"
    else:
        on = "the project"
    info(f"Memo by {coder} stored on {on}.")
