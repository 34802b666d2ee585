"""``interviewkit import-codings`` and ``interviewkit import-sheet``: codings made elsewhere.

``import-codings`` brings a coding sheet (rows naming transcripts already in
the project) in as one person's codings; ``import-sheet`` brings a
spreadsheet coded by hand (one row per turn, with its tags) in as a
transcript with its codings and codes.
"""

from __future__ import annotations

from pathlib import Path

import typer

from interviewkit.cli.output import info, warn
from interviewkit.cli.source import PROJECT, project_path
from interviewkit.errors import DataError, UsageError


def register(app: typer.Typer) -> None:
    app.command("import-codings")(import_codings)
    app.command("import-sheet")(import_sheet)


CODER = typer.Option(
    ...,
    "--coder",
    help="The person the codings are stored under (e.g. gold).",
    show_default=False,
    metavar="NAME",
)


def import_codings(
    path: Path = typer.Argument(
        ...,
        help="A .csv or .xlsx sheet: doc_id (or document), unit or start/end, code.",
        show_default=False,
    ),
    coder: str = CODER,
    replace: bool = typer.Option(
        False,
        "--replace",
        help="First remove this coder's earlier codings in the documents the sheet names.",
    ),
    add_codes: bool = typer.Option(
        False,
        "--add-codes",
        help="Add codes the codebook does not have to it (marked as imported).",
    ),
    skip_unknown: bool = typer.Option(
        False, "--skip-unknown", help="Leave out the rows whose code the codebook does not have."
    ),
    project: Path | None = PROJECT,
) -> None:
    """Import a coding made elsewhere (another tool, a gold standard) to compare it.

    A coding given by start and end that runs over several turns is kept: one
    coding per turn, linked. Codes the codebook does not have are refused,
    all named at once with their rows, unless --add-codes or --skip-unknown.

    Examples: interviewkit import-codings gold.csv --coder gold;
    interviewkit import-codings anna.xlsx --coder anna --add-codes
    """
    from interviewkit.analysis.reliability import read_codings
    from interviewkit.store import Project
    from interviewkit.store.project import ensure_writable

    if not coder.strip():
        raise UsageError("--coder needs a name", hint="E.g. --coder gold.")
    if add_codes and skip_unknown:
        raise UsageError(
            "--add-codes and --skip-unknown exclude each other",
            hint="Add the codes the codebook lacks, or leave their rows out, not both.",
        )
    rows = read_codings(path)
    unknown = "add" if add_codes else "skip" if skip_unknown else "refuse"
    with Project(project_path(project)) as proj:
        ensure_writable(proj)
        try:
            report = proj.import_codings(
                rows, coder=coder.strip(), replace=replace, unknown=unknown, source=str(path)
            )
        except DataError as exc:  # the store knows rows, not the file
            sep = ", " if exc.message.startswith("row ") else ": "
            raise DataError(f"{path}{sep}{exc.message}", hint=exc.hint) from None
    parts = [f"{report.added} coding(s) imported as {report.coder}'s"]
    if report.spans:
        parts.append(f"{report.spans} of them over several turns, stored one per turn, linked")
    if report.already:
        parts.append(f"{report.already} already there")
    if report.replaced:
        parts.append(f"{report.replaced} earlier coding(s) replaced")
    info(f"{'; '.join(parts)}, in {report.documents} transcript(s).")
    if report.codes_added:
        info(f"Codes added to the codebook (marked as imported): {', '.join(report.codes_added)}")
    for code, numbers in report.skipped.items():
        shown = ", ".join(map(str, numbers[:8])) + (" …" if len(numbers) > 8 else "")
        word = "row" if len(numbers) == 1 else "rows"
        warn(f"left out: {len(numbers)} {word} with the code {code!r} ({word} {shown})")
    info(f"Next: compare them, e.g. 'interviewkit agreement --coders auto,{report.coder}'.")


def import_sheet(
    path: Path = typer.Argument(
        ...,
        help="A .csv or .xlsx sheet with one row per turn: timestamp, speaker, words (or "
        "text), tags (separated by ';').",
        show_default=False,
    ),
    coder: str = CODER,
    doc_id: str | None = typer.Option(
        None, "--id", help="The transcript's id (default: the file name).", metavar="ID"
    ),
    meta: list[str] | None = typer.Option(
        None,
        "--meta",
        help="An attribute of the transcript, KEY=VALUE (e.g. --meta city=Bonn); repeat it.",
        metavar="KEY=VALUE",
    ),
    interviewer: list[str] | None = typer.Option(
        None,
        "--interviewer",
        help="The speaker who asks (besides I, Interviewer, Q …); repeat it.",
        metavar="LABEL",
    ),
    columns: str | None = typer.Option(
        None,
        "--columns",
        help="Which column holds what, for other names: text=…,speaker=…,time=…,tags=…",
        metavar="MAP",
    ),
    project: Path | None = PROJECT,
) -> None:
    """Bring in a transcript coded in a spreadsheet, with its codings and its codes.

    Each row is a turn; its tags become the coder's codings of that turn, and
    tags the codebook does not have become codes (marked as imported).
    """
    from interviewkit.analysis.coding_sheet import import_coded_sheet, read_coded_sheet
    from interviewkit.codebook.sheet import parse_columns
    from interviewkit.store import Project
    from interviewkit.store.project import ensure_writable

    metadata: dict[str, str] = {}
    for item in meta or ():
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--meta {item!r} is not KEY=VALUE", hint="E.g. --meta city=Bonn.")
        metadata[key.strip()] = value.strip()
    sheet = read_coded_sheet(
        path,
        doc_id=doc_id,
        columns=parse_columns(columns) if columns else None,
        metadata=metadata,
        interviewer=interviewer or (),
    )
    target = project_path(project)
    created = not target.exists()
    proj = Project.create(target) if created else Project(target)
    try:
        ensure_writable(proj)
        report = import_coded_sheet(proj, sheet, coder=coder)
    except BaseException:
        proj.close()
        if created:  # a project made for an import that failed is not left behind
            for suffix in ("", "-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
        raise
    proj.close()
    for message in report.warnings:
        warn(message)
    state = "added" if report.added else "already in the project"
    info(f"{report.doc_id}: {report.turns} turns, {state}{' (new project)' if created else ''}.")
    line = f"{report.codings} coding(s) imported as {coder.strip()}'s"
    if report.codings_present:
        line += f", {report.codings_present} already there"
    info(line + ".")
    if report.codes_added:
        info(f"Codes added to the codebook (marked as imported): {', '.join(report.codes_added)}")
    if report.codes_matched:
        info(f"Tags that are codes of the codebook: {', '.join(report.codes_matched)}")
