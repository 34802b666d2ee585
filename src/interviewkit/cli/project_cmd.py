"""The project commands: init, add, codebook load, autocode, segments, status and merge.

Coding by hand and reviewing (tag/untag, accept/reject, memo) are in
:mod:`interviewkit.cli.coding_cmd`.

Each one opens the project (``--project``, else ``$INTERVIEWKIT_PROJECT``, else
``./interviewkit.db``), makes one library call and renders its report.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from interviewkit.cli import codebook_cmd
from interviewkit.cli.codebook_cmd import app as codebook_app
from interviewkit.cli.options import (
    ENCODING,
    INTERVIEWER,
    LANG,
    METADATA,
    PATHS,
    SPEAKER_PATTERN,
    UNIT,
    WHERE,
    ReadOptions,
    parse_where,
)
from interviewkit.cli.output import counted, info, out, plain, progress, warn
from interviewkit.cli.source import PROJECT, guard_table_output, project_path
from interviewkit.export.tables import WRITERS
from interviewkit.models import AUTO

if TYPE_CHECKING:
    from interviewkit.models import Transcript
    from interviewkit.store import Project

# From the writers themselves, so that 'segments --help' lists what -o accepts.
_OUTPUT_FORMATS = ", ".join("." + suffix for suffix in WRITERS)


def register(app: typer.Typer) -> None:
    """Add init, add, autocode to the root app (and ``load`` to ``codebook``)."""
    app.command("init")(init)
    app.command("add")(add)
    codebook_app.command("load")(codebook_load)
    app.command("autocode")(autocode)


def register_reports(app: typer.Typer) -> None:
    """Add segments, status and merge to the root app (after the coding commands)."""
    app.command("segments")(segments)
    app.command("status")(status)
    app.command("merge")(merge)


def open_project(project: Path | None, *, write: bool = False) -> Project:
    """The project named by ``--project`` (or the default); ``write``: fail early if read-only."""
    from interviewkit.store import Project
    from interviewkit.store.project import ensure_writable

    opened = Project(project_path(project))
    if write:
        try:
            ensure_writable(opened)
        except BaseException:
            opened.close()
            raise
    return opened


def _names(values: list[str] | None) -> list[str] | None:
    """Repeated and comma-separated option values, as one list (``None`` if none)."""
    names = [v.strip() for value in values or () for v in value.split(",") if v.strip()]
    return names or None


def init(
    path: Path | None = typer.Argument(
        None,
        help="The project file to create (default: --project, else ./interviewkit.db).",
        show_default=False,
    ),
    codebook: Path | None = typer.Option(None, "--codebook", "-c", help="Load this codebook."),
    lang: str | None = LANG,
    project: Path | None = PROJECT,
) -> None:
    """Create a project file, optionally with a codebook."""
    from interviewkit.store import Project

    book = None
    if codebook is not None:
        from interviewkit.codebook import load_codebook

        book = load_codebook(codebook, language=lang)
        for message in book.warnings:
            warn(message)
    target = path or project_path(project)
    with Project.create(target, codebook=book):
        pass
    loaded = f" with the codebook '{book.name}' version {book.version}" if book else ""
    info(f"Created the project {target}{loaded}.")
    info("Next: add transcripts with 'interviewkit add FILES_OR_FOLDERS'.")


def add(
    paths: list[Path] = PATHS,
    metadata: Path | None = METADATA,
    replace: bool = typer.Option(
        False,
        "--replace",
        help="Replace changed transcripts that have codings; codings move with their text.",
    ),
    unit: str = UNIT,
    speaker_pattern: str | None = SPEAKER_PATTERN,
    interviewer: str | None = INTERVIEWER,
    lang: str | None = LANG,
    encoding: str | None = ENCODING,
    project: Path | None = PROJECT,
) -> None:
    """Add transcripts to the project (adding the same file again changes nothing)."""
    with open_project(project, write=True) as proj:
        docs = ReadOptions(
            paths, metadata, unit, speaker_pattern, interviewer, lang, encoding
        ).read()
        with progress("Adding transcripts", len(docs)) as bar:

            def counted() -> Iterator[Transcript]:
                for doc in docs:
                    yield doc
                    bar.advance()

            report = proj.add_transcripts(counted(), replace=replace)
    parts = [f"{len(report.added)} added"]
    for label, items in (
        ("unchanged", report.unchanged),
        ("replaced", report.replaced),
        ("with new metadata", report.updated),
    ):
        if items:
            parts.append(f"{len(items)} {label}")
    info(f"Transcripts: {', '.join(parts)}.")
    for doc_id, changes in sorted(report.attributes.items()):
        info(f"{doc_id}: {'; '.join(changes)}")
    if report.replaced or report.updated:
        info("Attributes a new version does not set are kept as they were.")
    if report.replaced:
        info(f"{report.moved} coding(s) moved with their text to the new versions.")
    # Only unreviewed suggestions without a memo are ever dropped (a person's
    # work that cannot be placed refuses the whole command instead).
    orphans = sorted(report.orphaned)
    for orphan in orphans[:30]:
        warn(
            f"{orphan.doc_id}, unit {orphan.unit_index}: the coding '{orphan.code}' by "
            f"{orphan.coder} was removed (an unreviewed suggestion); its text or the words "
            "that made it are not in the new version"
        )
    if len(orphans) > 30:
        warn(
            f"… and {len(orphans) - 30} more unreviewed suggestions whose text is gone were removed"
        )
    if orphans:
        info("Run 'interviewkit autocode' to make fresh suggestions for the new versions.")


def codebook_load(
    path: Path = codebook_cmd.FILE,
    lang: str | None = LANG,
    columns: str | None = codebook_cmd.COLUMNS,
    project: Path | None = PROJECT,
) -> None:
    """Load or update the project's codebook; codes keep their codings by id."""
    from interviewkit.codebook import load_codebook

    book = load_codebook(path, language=lang, columns=codebook_cmd.columns_map(columns))
    for message in book.warnings:
        warn(message)
    with open_project(project, write=True) as proj:
        report = proj.load_codebook(book)
    was = f" (was {report.previous_version})" if report.previous_version else ""
    info(
        f"Loaded the codebook '{report.name}' version {report.version}{was}: "
        f"{len(report.added)} added, {len(report.updated)} changed, "
        f"{len(report.unchanged)} unchanged, {len(report.removed)} removed."
    )
    if report.retired:
        warn(
            f"{len(report.retired)} code(s) are no longer in the codebook but have codings; "
            f"they are kept as retired: {', '.join(report.retired)}"
        )


def autocode(
    coder: str = typer.Option(AUTO, "--coder", help="The automatic coder's name."),
    docs: list[str] | None = typer.Option(
        None,
        "--docs",
        "--doc",
        help="Only these transcripts (comma-separated ids).",
        show_default=False,
    ),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, max=256, help="Processes to code with."),
    model: list[str] | None = typer.Option(
        None,
        "--model",
        help="An installed spaCy pipeline for a language, e.g. de=de_core_news_sm.",
        show_default=False,
    ),
    speakers: str | None = typer.Option(
        None, "--speakers", help="Code only these speakers' units (comma-separated labels)."
    ),
    project: Path | None = PROJECT,
) -> None:
    """Code the project's transcripts automatically and store the suggestions.

    Suggestions nobody has reviewed are replaced; people's codings and reviewed
    suggestions are never touched.
    """
    from interviewkit.coding import Coder
    from interviewkit.coding.pipeline import parse_models
    from interviewkit.errors import ProjectError
    from interviewkit.models import Unit
    from interviewkit.workflow import autocode as run

    with open_project(project, write=True) as proj:
        book = proj.codebook()
        if book is None:
            raise ProjectError(
                f"{proj.path} has no codebook yet",
                hint="Load one with 'interviewkit codebook load FILE'.",
            )
        ids = _names(docs)
        machine = Coder(
            book,
            coder=coder,
            speakers=_names([speakers] if speakers else None),
            models=parse_models(model),
            jobs=jobs,
        )
        units = proj.units(ids)
        total = sum(
            1
            for row in units.itertuples()
            if machine.selects(
                Unit(row.unit, row.start, row.end, row.speaker, interviewer=bool(row.interviewer))
            )
        )
        with progress("Coding", total) as bar:
            report = run(proj, machine, doc_ids=ids, on_unit=lambda _: bar.advance())
    for message in machine.warnings:
        warn(message)
    info(
        f"{coder}: {report.added} new suggestion(s), {report.replaced} refreshed, "
        f"{report.removed} withdrawn, {report.kept_reviewed} already reviewed (kept as "
        f"reviewed), in {report.documents} transcript(s)."
    )
    if report.kept_with_memo:
        info(f"{report.kept_with_memo} suggestion(s) no longer made were kept: they have memos.")


def _many(flag: str, help_: str) -> Any:
    """An option that may be repeated, each value possibly comma-separated."""
    return typer.Option(
        None, flag, help=help_ + " Repeat it, or separate with commas.", show_default=False
    )


def segments(
    code: list[str] | None = _many(
        "--code", "Only these codes (and the codes below them), or the codes of a code group."
    ),
    coder: list[str] | None = _many(
        "--coder",
        "Whose coding: a coder (their own codings and the suggestions they accepted), "
        "final, accepted, unreviewed, or all (the default).",
    ),
    where: list[str] | None = WHERE,
    doc: list[str] | None = _many("--doc", "Only these transcripts."),
    status_: list[str] | None = _many(
        "--status", "Statuses to include (default: suggested,accepted)."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help=f"Write the segments ({_OUTPUT_FORMATS})."
    ),
    excel: bool = typer.Option(False, "--excel", help="CSV with a byte-order mark, for Excel."),
    project: Path | None = PROJECT,
) -> None:
    """List or export coded segments, with the same columns as 'interviewkit code -o'."""
    from interviewkit.export.tables import write_table

    guard_table_output(output, project=project)
    from interviewkit.analysis.selection import Selection, coding_ids

    selection = Selection.parse(_names(coder))
    # A coder's coding decides the statuses (an automatic coder's has its rejected ones).
    statuses = _names(status_) or (None if selection.coders else ["suggested", "accepted"])
    with open_project(project) as proj:
        for name in selection.coders:
            proj.check_coder(name)
        frame = proj.segments(
            codes=_names(code),
            where=parse_where(where),
            statuses=statuses,
            doc_ids=_names(doc),
            ids=coding_ids(proj, selection),
        )
    if output is not None:
        write_table(frame, output, excel_bom=excel)
        info(f"Wrote {len(frame)} coded segments to {output}")
        return
    out().print(_segments_table(frame))


def _segments_table(frame: Any) -> Any:
    from rich.table import Table

    table = Table(title=f"{len(frame)} coded segments", title_justify="left")
    for column in ("doc_id", "unit", "speaker", "code", "coder", "status"):
        table.add_column(column, justify="right" if column == "unit" else "left", no_wrap=True)
    table.add_column("text", overflow="fold", ratio=1)
    for row in frame.itertuples():
        text = " ".join(str(row.text).split())
        table.add_row(
            plain(row.doc_id),
            str(row.unit),
            plain(row.speaker or ""),
            plain(row.code),
            plain(row.coder),
            row.status,
            plain(text if len(text) <= 90 else text[:89] + "…"),
        )
    return table


def status(project: Path | None = PROJECT) -> None:
    """The project at a glance: transcripts, units, codebook, each coder's progress."""
    from rich.table import Table

    from interviewkit.analysis.progress import COLUMNS, coder_progress

    with open_project(project) as proj:
        state = proj.status()
        groups = proj.code_groups()
        coders = coder_progress(proj)
    book = (
        f"'{state.codebook_name}' version {state.codebook_version}, {counted(state.codes, 'code')}"
        + (f" (+{state.retired_codes} retired)" if state.retired_codes else "")
        if state.codebook_name
        else "none (load one with 'interviewkit codebook load FILE')"
    )
    console = out()
    console.print(f"Project:     {state.path}", markup=False)
    console.print(
        f"Transcripts: {counted(state.documents, 'transcript')} ({counted(state.words, 'word')})"
    )
    console.print(
        f"Units:       {counted(state.units, 'unit')} ({state.respondent_units:,} of "
        "respondents: the units that are coded and counted)"
    )
    console.print(f"Codebook:    {book}", markup=False)
    for message in state.codebook_warnings:
        console.print(f"             note from loading it: {message}", markup=False)
    if groups:
        console.print(
            "Code groups: "
            + "; ".join(
                f"{name} ({counted(len(codes), 'code')})" for name, (_, _, codes) in groups.items()
            ),
            markup=False,
        )
    if not coders:
        console.print("Coders:      none yet")
        return
    table = Table(
        title="Coders",
        title_justify="left",
        caption_justify="left",
        caption="\n".join(f"{name}: {what}" for name, what in COLUMNS.items()),
    )
    for column in ("coder", "kind", "codings", "coded units", "to review", "accepted / rejected"):
        table.add_column(column, justify="left" if column in ("coder", "kind") else "right")
    for c in coders:
        table.add_row(
            plain(c.name),
            plain(c.kind),
            f"{c.codings:,}",
            f"{c.coded_units:,} ({c.coded_share:.0%})",
            f"{c.to_review:,}",
            f"{c.accepted:,} / {c.rejected:,}",
        )
    console.print(table)


def merge(
    other: Path = typer.Argument(
        ..., help="Another coder's project file of the same study.", show_default=False
    ),
    project: Path | None = PROJECT,
) -> None:
    """Bring in another coder's project (same transcripts), to compare the coders."""
    with open_project(project, write=True) as proj:
        report = proj.merge(other)
    groups = f", code groups: {', '.join(report.code_groups)}" if report.code_groups else ""
    info(
        f"Merged {other}: {len(report.documents_added)} transcript(s), "
        f"{report.codings_added} coding(s), {report.decisions_added} decision(s) on "
        "suggestions, "
        f"{report.memos_added} memo(s){groups}; coders: {', '.join(report.coders) or 'none'}."
    )
    if report.codes_added:
        warn(
            f"codes not in this project's codebook were kept as retired: "
            f"{', '.join(report.codes_added)}"
        )
    for doc_id, unit, code, coder in report.decision_conflicts:
        warn(
            f"{doc_id}, unit {unit}: {coder} decided differently on the suggestion '{code}' "
            "in the two projects; this project's decision was kept"
        )
