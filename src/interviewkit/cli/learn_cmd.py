"""``rules``, ``suggest`` and ``codebook tune``: a codebook that learns from the coders.

Each command parses its options, makes one library call
(:mod:`~interviewkit.analysis.rule_evidence`,
:mod:`~interviewkit.analysis.suggestions`, :mod:`~interviewkit.analysis.tuning`)
and renders the result; the tables are drawn in :mod:`interviewkit.cli.learn_render`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from interviewkit.cli.output import err, info, out, warn
from interviewkit.cli.source import PROJECT, guard_outputs, project_path

if TYPE_CHECKING:
    from interviewkit.codebook.model import Codebook
    from interviewkit.store import Project

FORMATS = ("csv", "xlsx", "json", "md", "tex")
REFERENCE = typer.Option(
    None,
    "--coder",
    metavar="WHICH",
    help="Whose decisions the rules are judged by: a person (anna; several: anna,ben), a final "
    "coding (final), or, by default, the accepted codings (people's codings and the "
    "suggestions a person accepted and nobody rejected).",
)
OUTPUT = typer.Option(
    None, "--output", "-o", help="Write the table (.csv, .xlsx, .json, .md, .tex)."
)
EXCEL = typer.Option(False, "--excel", help="CSV with a byte-order mark, for Excel.")
MIN_COUNT = typer.Option(
    3, "--min-count", min=1, help="A word must be in at least this many coded units."
)
MIN_KEYNESS = typer.Option(
    10.83,
    "--min-keyness",
    min=0,
    help="Smallest keyness (log-likelihood G², Williams-corrected) of a word: 10.83 is "
    "p < 0.001, 6.63 p < 0.01, 3.84 p < 0.05.",
)
MODEL = typer.Option(
    None,
    "--model",
    help="An installed spaCy pipeline for a language, as autocode used it (e.g. "
    "de=de_core_news_sm); the codebook is run with it again.",
)
MIN_PRECISION = typer.Option(
    0.5,
    "--min-precision",
    min=0,
    max=1,
    help="Rules whose suggestions the coder kept less often than this are listed (suggest) "
    "or dropped or narrowed (tune); words must be coded at least this often to be added.",
)


def register(app: typer.Typer) -> None:
    app.command("rules")(rules)
    app.command("suggest")(suggest)


def _names(value: str | None) -> list[str] | None:
    names = [v.strip() for v in (value or "").split(",") if v.strip()]
    return names or None


def _models(specs: list[str] | None) -> dict[str, str]:
    from interviewkit.coding.pipeline import parse_models

    return parse_models(specs)


def _check_output(output: Path | None, project: Path | None, *, beside: str | None = None) -> None:
    """Fail early on an output that cannot be written, or would be written over the project.

    ``beside``: the name part of a second file written next to the first (``.rejected``).
    """
    if output is not None:
        from interviewkit.export.tables import check_output_path

        check_output_path(output, dict.fromkeys(FORMATS))
        other = output.with_name(f"{output.stem}{beside}{output.suffix}") if beside else None
        guard_outputs([("-o", output), ("-o", other)], project=project)


def rules(
    code: str | None = typer.Option(
        None,
        "--code",
        help="Only these codes (ids or names, comma-separated; a parent includes the codes "
        "below it).",
        show_default=False,
    ),
    coder: str | None = REFERENCE,
    suggested_by: str | None = typer.Option(
        None,
        "--suggested-by",
        help="Only this automatic coder's suggestions (default: every automatic coder's).",
        show_default=False,
    ),
    top: int = typer.Option(
        30, "--top", min=0, help="Rows shown on the terminal (0: all); files get all of them."
    ),
    output: Path | None = OUTPUT,
    excel: bool = EXCEL,
    model: list[str] | None = MODEL,
    project: Path | None = PROJECT,
) -> None:
    """Each rule of the codebook: how often it fired, how often the coders kept or rejected
    what it suggested, and the units they coded that no rule found; costliest first."""
    from interviewkit.analysis.rule_evidence import rule_evidence
    from interviewkit.cli.learn_render import render_rules
    from interviewkit.store import Project

    _check_output(output, project)
    with Project(project_path(project), readonly=True) as proj:
        result = rule_evidence(
            proj,
            coder=coder,
            codes=_names(code),
            suggested_by=suggested_by,
            models=_models(model),
        )
    for note in result.notes:
        warn(note)
    if output is not None:
        from interviewkit.export.tables import write_table

        write_table(result.table, output, excel_bom=excel)
        err().print(f"Wrote {len(result.table)} rule(s) to {output}", markup=False)
        info(result.reference.describe())
        return
    out().print(render_rules(result, top=top))


def suggest(
    code: str = typer.Argument(..., help="The code (id or name).", show_default=False),
    coder: str | None = REFERENCE,
    min_count: int = MIN_COUNT,
    min_keyness: float = MIN_KEYNESS,
    min_precision: float = MIN_PRECISION,
    top: int = typer.Option(15, "--top", min=1, help="Key words shown per language."),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help="Write the key words (.csv, .xlsx, .json, .md, .tex); the rejected rules go to a "
        "second sheet (.xlsx) or to NAME.rejected.SUFFIX beside it.",
    ),
    excel: bool = EXCEL,
    model: list[str] | None = MODEL,
    project: Path | None = PROJECT,
) -> None:
    """Proposals for one code, with their evidence: key words of the units coded with it
    (log-likelihood keyness, per language) and the rules whose suggestions were mostly
    rejected, each with two example units. Nothing changes by itself."""
    from interviewkit.analysis.suggestions import suggest as find
    from interviewkit.cli.learn_render import render_suggestions
    from interviewkit.store import Project

    _check_output(output, project, beside=".rejected")
    with Project(project_path(project), readonly=True) as proj:
        result = find(
            proj,
            code,
            coder=coder,
            min_count=min_count,
            min_keyness=min_keyness,
            min_precision=min_precision,
            top=top,
            models=_models(model),
        )
    for note in result.notes:
        warn(note)
    if output is None:
        out().print(render_suggestions(result))
        return
    from interviewkit.export.tables import write_sheets, write_table

    if output.suffix.lower() == ".xlsx":
        write_sheets({"key words": result.keywords, "rejected rules": result.rejected}, output)
        err().print(f"Wrote the proposals for {result.code} to {output}", markup=False)
    else:
        write_table(result.keywords, output, excel_bom=excel)
        other = output.with_name(f"{output.stem}.rejected{output.suffix}")
        write_table(result.rejected, other, excel_bom=excel)
        err().print(
            f"Wrote {len(result.keywords)} key word(s) to {output} and "
            f"{len(result.rejected)} rejected rule(s) to {other}",
            markup=False,
        )
    info(result.reference.describe())


def tune(
    path: Path | None = typer.Argument(
        None,
        help="The YAML codebook to tune (default: the file the project's codebook was loaded "
        "from). It is only read.",
        show_default=False,
    ),
    output: Path = typer.Option(
        ...,
        "--output",
        "-o",
        help="The tuned copy to write (.yaml).",
        show_default=False,
    ),
    coder: str | None = REFERENCE,
    min_precision: float = MIN_PRECISION,
    min_keyness: float = MIN_KEYNESS,
    min_count: int = MIN_COUNT,
    min_recall: float = typer.Option(
        0.85,
        "--min-recall",
        min=0,
        max=1,
        help="No change may take a code's recall below this on the coder's units.",
    ),
    max_added: int = typer.Option(
        10, "--max-added", min=0, help="At most this many words added per code (0: none)."
    ),
    code: str | None = typer.Option(
        None,
        "--code",
        help="Only these codes (ids or names, comma-separated; default: every code with rules).",
        show_default=False,
    ),
    folds: int = typer.Option(
        5,
        "--folds",
        min=0,
        help="Folds of the cross-validated estimate, over documents (0: no estimate).",
    ),
    seed: int = typer.Option(
        0, "--seed", help="Seed of the folds (the same seed, the same folds)."
    ),
    bootstrap: int = typer.Option(
        0, "--bootstrap", min=0, help="Bootstrap resamples for α's 95% interval (0: none)."
    ),
    diff: bool = typer.Option(True, "--diff/--no-diff", help="Print the changes as a diff."),
    model: list[str] | None = MODEL,
    project: Path | None = PROJECT,
) -> None:
    """Write a copy of the codebook with the proposals applied that pass your thresholds,
    each change under a '# tune:' comment with its evidence, and estimate by cross-validation
    over documents how well it would do. The original is never touched."""
    from interviewkit.analysis.proposals import TuneSettings
    from interviewkit.analysis.tune_yaml import write_tuned
    from interviewkit.analysis.tuning import tune as run
    from interviewkit.analysis.tuning import tuned_header
    from interviewkit.cli.learn_render import print_diff, render_estimate
    from interviewkit.store import Project

    settings = TuneSettings(
        min_precision=min_precision,
        min_keyness=min_keyness,
        min_count=min_count,
        min_recall=min_recall,
        max_added=max_added,
    )
    if folds == 1:
        from interviewkit.errors import UsageError

        raise UsageError("--folds must be 2 or more (or 0: no estimate), not 1")
    with Project(project_path(project), readonly=True) as proj:
        source, book = _codebook_file(proj, path)
        _check_tuned_output(output, source)
        guard_outputs([("-o", output)], project=project, codebook=source)
        result = run(
            proj,
            book,
            coder=coder,
            settings=settings,
            codes=_names(code),
            folds=folds,
            seed=seed,
            bootstrap=bootstrap,
            models=_models(model),
            on_step=info,
        )
    for note in result.notes:
        warn(note)
    if not result.changes:
        if result.estimate is not None:
            out().print(render_estimate(result))
        info(
            "No change passes your thresholds: nothing was written. Lower --min-count or "
            "--min-keyness, or raise --min-precision, to see more (interviewkit suggest CODE "
            "shows the candidates)."
        )
        return
    text = write_tuned(
        source,
        output,
        result.changes,
        result.codebook,
        header=tuned_header(result, source),
    )
    if diff:
        print_diff(source.read_text(encoding="utf-8-sig"), text, str(source), str(output))
    if result.estimate is not None:
        out().print(render_estimate(result))
    counts = {a: sum(1 for c in result.changes if c.action == a) for a in ("drop", "narrow", "add")}
    err().print(
        f"Wrote {output}: {len(result.changes)} change(s) ({counts['drop']} dropped, "
        f"{counts['narrow']} narrowed, {counts['add']} added), each marked '# tune:'. "
        f"{source} is unchanged.",
        markup=False,
        soft_wrap=True,
    )
    info(
        f"Read the changes, then check and load the copy: interviewkit codebook check {output}; "
        f"interviewkit codebook load {output}"
    )


def _codebook_file(proj: Project, path: Path | None) -> tuple[Path, Codebook]:
    """The YAML file to tune and its codebook; a warning when it is not the project's."""
    from interviewkit.codebook import load_codebook
    from interviewkit.errors import DataError, UsageError

    stored = proj.codebook()
    if stored is None:
        raise UsageError(
            "the project has no codebook", hint="Run 'interviewkit codebook load FILE'."
        )
    if path is None:
        if not stored.source:
            raise UsageError(
                "the project does not know which file its codebook came from",
                hint="Name the codebook file: interviewkit codebook tune FILE -o tuned.yaml",
            )
        path = Path(stored.source)
        if not path.exists():
            raise DataError(
                f"{path}: the file the project's codebook was loaded from is not there any more",
                hint="Name the codebook file: interviewkit codebook tune FILE -o tuned.yaml",
            )
    book = load_codebook(path)
    for message in book.warnings:
        warn(message)
    if _rules(book) != _rules(stored):
        warn(
            f"{path} differs from the project's codebook (loaded from "
            f"{stored.source or 'elsewhere'}): the rules of the file are tuned and judged, "
            "against the coders' decisions on the project's suggestions."
        )
    return path, book


def _rules(book: Codebook) -> dict[str, list[tuple[str, str, str]]]:
    return {
        c.id: sorted((lang, r.kind, r.value) for lang, rs in c.keywords.items() for r in rs)
        for c in book.codes
    }


def _check_tuned_output(output: Path, source: Path) -> None:
    from interviewkit.errors import UsageError

    if output.suffix.lower() not in (".yaml", ".yml"):
        raise UsageError(
            f"{output}: the tuned copy is a YAML codebook",
            hint=f"Name it with .yaml, e.g. -o {output.with_suffix('.yaml').name}.",
        )
    if output.exists() and output.resolve() == source.resolve():
        raise UsageError(
            f"{output} is the codebook itself: the original is never overwritten",
            hint="Name another file, e.g. -o tuned.yaml.",
        )
    if not output.parent.exists():
        raise UsageError(
            f"{output.parent}: no such folder", hint="Create the folder or name another file."
        )
