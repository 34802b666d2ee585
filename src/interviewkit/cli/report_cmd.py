"""``interviewkit report``: the study as one HTML file, or as a Word document.

Parses the options, makes one library call
(:func:`interviewkit.export.report.gather_report`) and writes the result with
:mod:`interviewkit.export.html_report` or :mod:`interviewkit.export.docx_report`.
"""

from __future__ import annotations

from pathlib import Path

import typer

from interviewkit.cli.options import FILE_UNIT, LANG, METADATA
from interviewkit.cli.output import counted, err
from interviewkit.cli.source import (
    OPTIONAL_CODEBOOK,
    OPTIONAL_PATHS,
    PROJECT,
    guard_outputs,
    open_source,
)
from interviewkit.cli.themes_cmd import CODER
from interviewkit.cli.view_options import FONT, drawing

REPORT_FORMATS = ("html", "docx")


def register(app: typer.Typer) -> None:
    app.command("report")(report)


def report(
    paths: list[Path] | None = OPTIONAL_PATHS,
    output: Path = typer.Option(
        ...,
        "--output",
        "-o",
        help="The report: .html (one self-contained file) or .docx (Word).",
        show_default=False,
    ),
    codebook: Path | None = OPTIONAL_CODEBOOK,
    by: list[str] = typer.Option(
        ["city"],
        "--by",
        "-b",
        help="An attribute to compare by; repeat for more (--by city --by country). "
        "Quotes are grouped by the first.",
    ),
    coder: str | None = CODER,
    quotes: int = typer.Option(
        5, "--quotes", min=1, help="Quotes shown per group before 'N more'."
    ),
    title: str | None = typer.Option(None, "--title", help="The report's title."),
    font: str | None = FONT,
    permutations: int = typer.Option(
        10000, "--permutations", min=100, help="Random tables for the Monte Carlo test."
    ),
    seed: int = typer.Option(
        0, "--seed", min=0, help="Seed of the Monte Carlo test and bootstrap."
    ),
    bootstrap: int = typer.Option(
        1000, "--bootstrap", min=0, help="Bootstrap resamples for alpha's 95% interval (0: none)."
    ),
    metadata: Path | None = METADATA,
    unit: str | None = FILE_UNIT,
    lang: str | None = LANG,
    project: Path | None = PROJECT,
) -> None:
    """A report to read and share: the study at a glance, the codebook, theme tables and
    comparisons with figures, quotes per code, agreement and memos."""
    from interviewkit.export.fonts import choose_fonts
    from interviewkit.export.report import coding_choice, gather_report
    from interviewkit.export.tables import check_output_path

    path = check_output_path(output, dict.fromkeys(REPORT_FORMATS), what="a report format")
    guard_outputs(
        [("-o", path)], project=project, paths=paths, metadata=metadata, codebook=codebook
    )
    if font:
        choose_fonts(font)  # a font that cannot be found fails before any work
    attrs = [a.strip() for value in by for a in value.split(",") if a.strip()]
    with open_source(paths, codebook, project, metadata=metadata, unit=unit, lang=lang) as proj:
        study = gather_report(
            proj,
            by=attrs,
            choice=coding_choice(coder),
            per_group=quotes,
            title=title,
            permutations=permutations,
            seed=seed,
            bootstrap=bootstrap,
        )
    with drawing():
        if path.suffix.lower() == ".docx":
            from interviewkit.export.docx_report import write_docx_report

            write_docx_report(study, path, font=font)
        else:
            from interviewkit.export.html_report import write_html_report

            write_html_report(study, path, font=font)
    shown = sum(q.count for q in study.quotes.values())
    err().print(
        f"Wrote the report ({counted(len(study.codebook.codes), 'code')}, "
        f"{counted(shown, 'quote')}, "
        f"{counted(sum(not isinstance(c, str) for c in study.comparisons), 'comparison')}) "
        f"to {path}",
        markup=False,
        highlight=False,
    )
    for line in study.counted:
        err().print(line, markup=False, soft_wrap=True)
    if study.agreement_note:
        err().print(study.agreement_note, markup=False, soft_wrap=True)
