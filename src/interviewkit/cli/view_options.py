"""Options and helpers of the commands that show a project's coding as a table or a figure.

Shared by ``compare`` (:mod:`interviewkit.cli.compare_cmd`) and ``cooccur``,
``matrix`` and ``kwic`` (:mod:`interviewkit.cli.views_cmd`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer

FORMATS = ("csv", "xlsx", "json", "md", "tex")
OUTPUT = typer.Option(
    None, "--output", "-o", help="Write the table (.csv, .xlsx, .json, .md, .tex)."
)
EXCEL = typer.Option(False, "--excel", help="CSV with a byte-order mark, for Excel.")
PLOT = typer.Option(None, "--plot", help="Draw a figure for a paper (.png, .svg, .pdf).")
PLOTS = typer.Option(
    None,
    "--plot",
    help="Draw a figure for a paper (.png, .svg, .pdf). Twice: the heatmap to the first "
    "file, the bars to the second.",
)
FIGURE = typer.Option(
    None,
    "--figure",
    help="What each --plot file shows: both, heatmap or bars (once per --plot, in order).",
)
FONT = typer.Option(
    None,
    "--font",
    help="Font of the figure's labels: an installed font's name or a .ttf/.otf/.ttc file "
    "(default: an installed font with Chinese characters, if any).",
)
CAPTION = typer.Option(
    True, "--caption/--no-caption", help="Explain the cells in a caption under the figure."
)


def coder_list(coder: str | None) -> Any:
    """Which coding is counted (a :class:`~interviewkit.analysis.selection.Selection`): a
    coder, several (``anna,ben``), ``final``, ``accepted``, ``unreviewed`` or all (``None``)."""
    from interviewkit.analysis.selection import Selection

    return Selection.parse(coder)


def codebook_of(proj: Any) -> Any:
    """The project's codebook; a usage error if it has none."""
    from interviewkit.errors import UsageError

    book = proj.codebook()
    if book is None:
        raise UsageError(
            "the project has no codebook", hint="Run 'interviewkit codebook load FILE'."
        )
    return book


def project_frames(proj: Any) -> tuple[Any, Any, Any, Any]:
    """segments, respondent units, documents and the codebook of a project."""
    book = codebook_of(proj)
    # Counting needs who coded which unit, not the text: lean frames stay fast
    # on a project of a million coded units.
    return proj.coding_keys(), proj.respondent_units(), proj.documents(), book


def check_outputs(
    output: Path | None,
    plot: Path | list[Path] | None,
    *,
    project: Path | None = None,
    paths: list[Path] | None = None,
    metadata: Path | None = None,
    codebook: Path | None = None,
) -> None:
    """Fail before any work if the table or the figures cannot be written where asked,
    or would be written over an input, the project or its journal files."""
    from interviewkit.cli.source import guard_outputs
    from interviewkit.export.plots import check_plot_path
    from interviewkit.export.tables import check_output_path

    if output is not None:
        check_output_path(output, dict.fromkeys(FORMATS))
    plots = plot if isinstance(plot, list) else [plot] if plot is not None else []
    for path in plots:
        check_plot_path(path)
    guard_outputs(
        [("-o", output), *(("--plot", path) for path in plots)],
        project=project,
        paths=paths,
        metadata=metadata,
        codebook=codebook,
    )


@contextmanager
def drawing() -> Iterator[None]:
    """Figures are drawn here: a label the fonts cannot draw is one warning line, once."""
    import warnings

    from interviewkit.cli.output import warn
    from interviewkit.export.fonts import FontWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", FontWarning)
        yield
    said = dict.fromkeys(str(w.message) for w in caught if issubclass(w.category, FontWarning))
    for message in said:
        warn(message[:1].upper() + message[1:])
