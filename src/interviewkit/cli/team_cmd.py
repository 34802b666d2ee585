"""Work of several coders: ``consensus``, ``memos``, ``log`` and ``undo``.

Each command parses its options, makes one library call
(:mod:`~interviewkit.analysis.consensus`, the project's log and memos) and
renders the result with rich, or writes it with ``-o``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from interviewkit.cli.output import counted, err, info, out, warn
from interviewkit.cli.project_cmd import _names, open_project
from interviewkit.cli.source import PROJECT, guard_table_output

if TYPE_CHECKING:
    from rich.table import Table

    from interviewkit.store.audit import Change

OUTPUT = typer.Option(
    None, "--output", "-o", help="Write the table (.csv, .xlsx, .json, .md).", metavar="FILE"
)
EXCEL = typer.Option(False, "--excel", help="CSV with a byte-order mark, for Excel.")


def register(app: typer.Typer) -> None:
    app.command("consensus")(consensus)
    app.command("memos")(memos)
    app.command("log")(log)
    app.command("undo")(undo)


def _clip(text: object, width: int = 90) -> str:
    words = " ".join(str(text or "").split())
    return words if len(words) <= width else words[: width - 1] + "…"


# --------------------------------------------------------------------------- consensus


def consensus(
    coders: str = typer.Option(
        ...,
        "--coders",
        metavar="NAMES",
        help="The coders to compare, comma-separated.",
        show_default=False,
    ),
    final: str = typer.Option(
        "final", "--as", metavar="NAME", help="The name of the final coding."
    ),
    docs: str | None = typer.Option(
        None, "--docs", metavar="IDS", help="Only these transcripts (comma-separated)."
    ),
    all_: bool = typer.Option(
        False, "--all", help="List the settled disagreements too, with how they were settled."
    ),
    output: Path | None = OUTPUT,
    excel: bool = EXCEL,
    project: Path | None = PROJECT,
) -> None:
    """Write the final coding where the coders agree; list where they differ, to settle."""
    from interviewkit.analysis.consensus import plan_consensus
    from interviewkit.export.tables import write_table

    guard_table_output(output, project=project)
    names = _names([coders]) or []
    with open_project(project, write=True) as proj:
        plan = plan_consensus(
            proj, coders=names, final=final, doc_ids=_names([docs]) if docs else None
        )
        rows = [
            (r.doc_id, int(r.unit), r.code, _span(r.start), _span(r.end))
            for r in plan.agreed.itertuples()
        ]
        added, present = proj.write_final(final, rows)
    info(
        f"{final}: {added} coding(s) where {' and '.join(plan.coders)} agree were written "
        f"({present} were there already), in {len(plan.documents)} transcript(s) all of them "
        "coded."
    )
    for doc_id, who in plan.left_out.items():
        warn(f"{doc_id} was coded by {', '.join(who)} only: it is not in the consensus.")
    shown = plan.disagreements if all_ else plan.open
    settled = len(plan.disagreements) - len(plan.open)
    if output is not None:
        write_table(shown, output, excel_bom=excel)
        err().print(f"Wrote {len(shown)} disagreement(s) to {output}")
    elif len(shown):
        out().print(_disagreements_table(shown, plan.coders, title=f"{len(shown)} to settle"))
    done = f"; {settled} settled already" if settled else ""
    if len(plan.open):
        info(
            f"{len(plan.open)} disagreement(s) to settle{done}. Settle each with "
            f"'interviewkit tag DOC UNIT CODE --coder {final}' (the code is there) or "
            f"'interviewkit untag DOC UNIT CODE --coder {final}' (it is not), or in "
            f"'interviewkit review --coder {final}'; run consensus again to see what is left."
        )
    else:
        info(f"Nothing left to settle{done}: count the final coding with --coder {final}.")


def _span(value: Any) -> int | None:
    import math

    return None if value is None or (isinstance(value, float) and math.isnan(value)) else int(value)


def _disagreements_table(frame: Any, coders: tuple[str, ...], *, title: str) -> Table:
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=f"Disagreements: {title}", title_justify="left")
    for column in ("doc_id", "unit", "speaker", "code"):
        table.add_column(column, justify="right" if column == "unit" else "left", no_wrap=True)
    for name in coders:
        table.add_column(escape(name), justify="center", no_wrap=True)
    table.add_column("settled", no_wrap=True)
    table.add_column("text", overflow="fold", ratio=1)
    for row in frame.to_dict("records"):
        table.add_row(
            escape(str(row["doc_id"])),
            str(row["unit"]),
            escape(str(row["speaker"] or "")),
            escape(str(row["code_name"])),
            *("✓" if row[name] == "yes" else "—" for name in coders),
            row["settled"],
            escape(_clip(row["text"])),
        )
    return table


# --------------------------------------------------------------------------- memos


def memos(
    doc: str | None = typer.Option(None, "--doc", metavar="ID", help="Only on this transcript."),
    code: str | None = typer.Option(None, "--code", metavar="CODE", help="Only on this code."),
    coder: str | None = typer.Option(None, "--coder", metavar="NAME", help="Only by this coder."),
    output: Path | None = OUTPUT,
    excel: bool = EXCEL,
    project: Path | None = PROJECT,
) -> None:
    """List or export every memo: on the project, transcripts, units, codes and codings."""
    from interviewkit.export.tables import write_table

    guard_table_output(output, project=project)
    with open_project(project) as proj:
        frame = proj.memos()
        if doc is not None:
            proj.transcript(doc)  # an unknown id is an error naming the valid ones
            frame = frame[frame["doc_id"] == doc]
        if code is not None:
            frame = frame[frame["code"] == _code_id(proj, code)]
        if coder is not None:
            frame = frame[frame["coder"] == coder]
    frame = frame.drop(columns=["id"]).reset_index(drop=True)
    if output is not None:
        write_table(frame, output, excel_bom=excel)
        err().print(f"Wrote {len(frame)} memo(s) to {output}")
        return
    out().print(_memos_table(frame))


def _text(value: object) -> str:
    """A cell's text; empty for a missing value."""
    import pandas as pd

    return "" if value is None or pd.isna(value) else str(value)


def _code_id(project: Any, code: str) -> str:
    names = project.code_names()
    if code in names:
        return code
    by_name = {name.lower(): cid for cid, name in names.items()}
    if code.lower() in by_name:
        return str(by_name[code.lower()])
    from interviewkit.store.lookup import unknown

    raise unknown("code", code, sorted(names))


def _memos_table(frame: Any) -> Table:
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=f"{len(frame)} memo(s)", title_justify="left")
    for column in ("on", "doc_id", "unit", "code", "coder", "created"):
        table.add_column(column, justify="right" if column == "unit" else "left", no_wrap=True)
    table.add_column("text", overflow="fold", ratio=1)
    for row in frame.to_dict("records"):
        table.add_row(
            row["on"],
            escape(_text(row["doc_id"])),
            _text(row["unit"]),
            escape(_text(row["code"])),
            escape(_text(row["coder"]) or "—"),
            str(row["created"])[:16].replace("T", " "),
            escape(str(row["text"])),
        )
    return table


# --------------------------------------------------------------------------- log and undo


def log(
    run: int | None = typer.Argument(
        None, metavar="[RUN]", help="Show every change of this run.", show_default=False
    ),
    coder: str | None = typer.Option(
        None, "--coder", metavar="NAME", help="Only runs by or about this coder."
    ),
    doc: str | None = typer.Option(
        None, "--doc", metavar="ID", help="Only runs that changed this transcript."
    ),
    since: str | None = typer.Option(
        None, "--since", metavar="DATE", help="Only runs since this day (YYYY-MM-DD) or time."
    ),
    output: Path | None = OUTPUT,
    excel: bool = EXCEL,
    project: Path | None = PROJECT,
) -> None:
    """The project's log: every command that changed it, who, when, what; or one run whole."""
    from interviewkit.export.tables import write_table

    guard_table_output(output, project=project)
    with open_project(project) as proj:
        if run is not None:
            changes = proj.changes(run)
            names = proj.code_names()
        else:
            runs = proj.log(coder=coder, doc_id=doc, since=_since(since))
    if run is not None:
        frame = _changes_frame(changes, names)
        title = f"Run {run}: {len(frame)} change(s)"
    else:
        frame = _runs_frame(runs)
        title = f"{len(frame)} run(s)"
    if output is not None:
        write_table(frame, output, excel_bom=excel)
        err().print(f"Wrote {len(frame)} row(s) to {output}")
        return
    out().print(_plain_table(frame, title))
    if run is None and len(frame):
        info("'interviewkit log RUN' shows a run whole; 'interviewkit undo RUN' takes it back.")


def _since(text: str | None) -> str | None:
    if text is None:
        return None
    from datetime import datetime

    from interviewkit.errors import UsageError

    try:
        datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"--since {text!r} is not a date", hint="Write it as YYYY-MM-DD, e.g. 2026-12-01."
        ) from None
    return text


def _runs_frame(runs: list[Any]) -> Any:
    import pandas as pd

    return pd.DataFrame(
        [
            {
                "run": r.id,
                "started": r.started[:19].replace("T", " "),
                "coder": r.coder or ", ".join(r.coders),
                "command": r.command,
                "changes": r.summary(),
                "transcripts": ", ".join(r.documents[:3])
                + (f" +{len(r.documents) - 3}" if len(r.documents) > 3 else ""),
                "state": (
                    f"undone by run {r.undone_by}"
                    if r.undone_by
                    else f"undoes run {r.undoes}"
                    if r.undoes
                    else ""
                ),
            }
            for r in runs
        ],
        columns=["run", "started", "coder", "command", "changes", "transcripts", "state"],
    )


def _changes_frame(changes: list[Change], names: dict[str, str]) -> Any:
    import pandas as pd

    return pd.DataFrame(
        [
            {
                "table": c.table,
                "action": c.action,
                "transcript": c.doc_id or "",
                "what": _describe(c, names),
            }
            for c in changes
        ],
        columns=["table", "action", "transcript", "what"],
    )


def _describe(change: Change, names: dict[str, str]) -> str:
    """One change in words: the row's essentials, and what changed in an update."""
    row = change.after or change.before or {}
    table = change.table
    if table == "codings":
        what = (
            f"unit {row.get('unit')}: {names.get(row.get('code', ''), row.get('code'))} by "
            f"{row.get('coder')} ({row.get('status')})"
        )
    elif table == "decisions":
        what = f"{row.get('coder')} {row.get('verdict')} suggestion {row.get('coding')}"
    elif table == "memos":
        what = f"by {row.get('coder') or '—'}: {_clip(row.get('text'), 60)}"
    elif table == "metadata":
        what = f"{row.get('key')} = {row.get('value')}"
    elif table == "codes":
        what = f"{row.get('code_id')} ({row.get('name')})"
    elif table == "units":
        what = f"unit {row.get('idx')} ({row.get('speaker') or ''})"
    elif table == "documents":
        what = f"{row.get('doc_id')} ({row.get('words')} words)"
    else:
        what = ", ".join(f"{k}={_clip(v, 20)}" for k, v in list(row.items())[:4])
    if change.action == "update" and change.before and change.after:
        moved = [
            f"{k}: {_clip(change.before[k], 20)} → {_clip(v, 20)}"
            for k, v in change.after.items()
            if change.before.get(k) != v
        ]
        what += "; " + "; ".join(moved) if moved else ""
    return what


def _plain_table(frame: Any, title: str) -> Table:
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    for column in frame.columns:
        table.add_column(
            str(column),
            justify="right" if column == "run" else "left",
            overflow="fold",
            no_wrap=column in ("run", "started", "table", "action"),
        )
    for row in frame.itertuples(index=False):
        table.add_row(*(escape(str(v)) for v in row))
    return table


def undo(
    run: int = typer.Argument(..., metavar="RUN", help="The run to take back (see 'log')."),
    project: Path | None = PROJECT,
) -> None:
    """Take back one command's changes (an autocode run, an import, a consensus)."""
    with open_project(project, write=True) as proj:
        report = proj.undo(run)
    from interviewkit.store.audit import TABLE_WORDS

    restored = ", ".join(
        counted(n, *TABLE_WORDS[table])
        for table, n in sorted(report.restored.items())
        if table in TABLE_WORDS
    )
    info(
        f"Run {report.run} was undone ({restored or 'nothing to restore'}); this is run "
        f"{report.undo_run}: 'interviewkit undo {report.undo_run}' brings it back."
    )
