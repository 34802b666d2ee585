"""``cooccur``, ``matrix`` and ``kwic``: more views of a project's coding.

Each command parses its options, makes one library call
(:mod:`~interviewkit.analysis.cooccur`, :mod:`~interviewkit.analysis.kwic`) and
renders the result with rich, writes it with ``-o``, or draws it with ``--plot``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from interviewkit.cli.options import FILE_UNIT, LANG, METADATA, WHERE, parse_where
from interviewkit.cli.output import counted, err, info, out, plain
from interviewkit.cli.source import OPTIONAL_CODEBOOK, OPTIONAL_PATHS, PROJECT, open_source
from interviewkit.cli.themes_cmd import CODER, counted_lines
from interviewkit.cli.view_options import (
    CAPTION,
    EXCEL,
    FONT,
    OUTPUT,
    PLOT,
    check_outputs,
    codebook_of,
    coder_list,
    drawing,
    project_frames,
)

if TYPE_CHECKING:
    from rich.table import Table


def register(app: typer.Typer) -> None:
    app.command("cooccur")(cooccur)
    app.command("matrix")(matrix)
    app.command("kwic")(kwic)


def cooccur(
    paths: list[Path] | None = OPTIONAL_PATHS,
    codebook: Path | None = OPTIONAL_CODEBOOK,
    coder: str | None = CODER,
    where: list[str] | None = WHERE,
    parents: bool = typer.Option(False, "--parents", help="Add the parent codes."),
    measure: str = typer.Option(
        "jaccard", "--measure", help="Colour of the plot: jaccard or counts."
    ),
    plot: Path | None = PLOT,
    font: str | None = FONT,
    caption: bool = CAPTION,
    output: Path | None = OUTPUT,
    excel: bool = EXCEL,
    metadata: Path | None = METADATA,
    unit: str | None = FILE_UNIT,
    lang: str | None = LANG,
    project: Path | None = PROJECT,
) -> None:
    """Code co-occurrence in the same unit: counts and the Jaccard index."""
    from interviewkit.analysis.cooccur import cooccurrence
    from interviewkit.errors import UsageError

    if measure not in ("jaccard", "counts"):
        raise UsageError(f"'{measure}' is not a measure", hint="Use one of: jaccard, counts")
    check_outputs(output, plot, project=project, paths=paths, metadata=metadata, codebook=codebook)
    if plot is not None and font:
        from interviewkit.export.fonts import choose_fonts

        choose_fonts(font)  # a font that cannot be found fails before any work
    with open_source(paths, codebook, project, metadata=metadata, unit=unit, lang=lang) as proj:
        codings, units, documents, book = project_frames(proj)
        if where:
            from interviewkit.analysis.counting import documents_where

            kept = set(documents_where(documents, parse_where(where))["doc_id"])
            codings = codings[codings["doc_id"].isin(kept)]
            units = units[units["doc_id"].isin(kept)]
        decisions, kinds = proj.decisions(), proj.coder_kinds()
    result = cooccurrence(
        codings,
        book,
        units=units,
        coders=coder_list(coder),
        decisions=decisions,
        kinds=kinds,
        parents=parents,
    )
    if plot is not None:
        from interviewkit.export.cooccur_plot import cooccurrence_figure

        with drawing():
            cooccurrence_figure(result, plot, measure=measure, caption=caption, font=font)
        err().print(f"Wrote the figure to {plot}", markup=False)
    if output is not None:
        from interviewkit.export.tables import write_sheets, write_table

        if output.suffix.lower() == ".xlsx":
            write_sheets(
                {
                    "counts": result.counts,
                    "jaccard": result.jaccard.round(3),
                    "pairs": result.long(),
                },
                output,
            )
        else:
            write_table(result.long(), output, excel_bom=excel)
        info(f"Wrote {len(result.long())} pairs of codes to {output}")
        for line in counted_lines(result.basis):
            err().print(line, markup=False, soft_wrap=True)
        return
    if plot is None:
        out().print(_cooccur_table(result))


#: Codes a code × code or document × code table shows on a screen, and documents.
SCREEN_CODES = 30
SCREEN_DOCUMENTS = 1000


def _most_used(counts: Any, wanted: int) -> list[int]:
    """Positions of the ``wanted`` codes with the most coded units, in table order."""
    import numpy as np

    if len(counts) <= wanted:
        return list(range(len(counts)))
    order = np.argsort(-np.asarray(counts), kind="stable")[:wanted]
    return sorted(int(i) for i in order)


def _cooccur_table(result: Any) -> Table:
    import numpy as np
    from rich.markup import escape
    from rich.table import Table

    all_codes = list(result.counts.index)
    keep = _most_used(np.diag(result.counts.to_numpy()), SCREEN_CODES)
    codes = [all_codes[k] for k in keep]
    caption = "Diagonal: units with the code. Jaccard = both / either."
    if len(codes) < len(all_codes):
        caption += (
            f" The {len(codes)} codes with the most coded units of {len(all_codes):,} are "
            "shown; -o FILE writes every pair."
        )
    grid = Table(
        title="Codes in the same unit: units with both codes (Jaccard index)",
        title_justify="left",
        caption="\n".join([caption, *counted_lines(result.basis)]),
        caption_justify="left",
    )
    grid.add_column("code", no_wrap=True)
    for i, _ in enumerate(codes, 1):
        grid.add_column(str(i), justify="right", no_wrap=True)
    for i, code in enumerate(codes):
        cells = []
        for j in range(len(codes)):
            both = int(result.counts.iat[keep[i], keep[j]])
            if j > i:
                cells.append("")
            elif i == j:
                cells.append(f"[bold]{both}[/]")
            else:
                jac = result.jaccard.iat[keep[i], keep[j]]
                cells.append(f"{both} [dim]({jac:.2f})[/]" if both else "[dim]·[/]")
        grid.add_row(f"{i + 1} {escape(result.names.get(code, code))}", *cells)
    return grid


def matrix(
    paths: list[Path] | None = OPTIONAL_PATHS,
    codebook: Path | None = OPTIONAL_CODEBOOK,
    coder: str | None = CODER,
    where: list[str] | None = WHERE,
    binary: bool = typer.Option(False, "--binary", help="1 if the case has the code, else 0."),
    parents: bool = typer.Option(True, "--parents/--no-parents", help="Show the parent codes."),
    output: Path | None = OUTPUT,
    excel: bool = EXCEL,
    metadata: Path | None = METADATA,
    unit: str | None = FILE_UNIT,
    lang: str | None = LANG,
    project: Path | None = PROJECT,
) -> None:
    """Code × document matrix: coded units per document, or 0/1 per case."""

    from interviewkit.analysis.cooccur import matrix_counted
    from interviewkit.analysis.counting import document_counts
    from interviewkit.export.tables import write_table

    check_outputs(output, None, project=project, paths=paths, metadata=metadata, codebook=codebook)
    with open_source(paths, codebook, project, metadata=metadata, unit=unit, lang=lang) as proj:
        book = codebook_of(proj)
        per_doc = document_counts(proj, book, coders=coder_list(coder), where=parse_where(where))
    table = matrix_counted(per_doc, book, binary=binary, parents=parents)
    if output is not None:
        write_table(table, output, excel_bom=excel)
        info(
            f"Wrote the matrix ({counted(table.shape[0], 'code')} × "
            f"{counted(table.shape[1], 'document')}) to {output}"
        )
        for line in counted_lines(per_doc.basis):
            err().print(line, markup=False, soft_wrap=True)
        return
    out().print(
        _matrix_table(table, book, binary=binary, counted_notes=counted_lines(per_doc.basis))
    )


def _matrix_table(table: Any, book: Any, *, binary: bool, counted_notes: list[str]) -> Table:
    """Documents as rows and numbered codes as columns: a study has more documents than codes."""
    from rich.markup import escape
    from rich.table import Table

    names = {c.id: c.name for c in book.codes}
    keep = _most_used(table.to_numpy().sum(axis=1), SCREEN_CODES)
    shown = table.iloc[keep]
    key = "; ".join(f"{i} {names.get(c, c)}" for i, c in enumerate(shown.index, 1))
    what = "has the code (1/0)" if binary else "coded units"
    notes = [f"Codes: {key}."]
    if len(shown) < len(table):
        notes.append(
            f"The {len(shown)} codes with the most coded units of {len(table):,} are shown."
        )
    documents = list(table.columns)
    if len(documents) > SCREEN_DOCUMENTS:
        notes.append(f"The first {SCREEN_DOCUMENTS:,} documents of {len(documents):,} are shown.")
        documents = documents[:SCREEN_DOCUMENTS]
    if len(notes) > 1:
        notes.append("-o FILE writes the whole matrix.")
    notes += counted_notes
    grid = Table(
        title=f"Documents × codes: {what}",
        title_justify="left",
        caption=escape("\n".join(notes)),
        caption_justify="left",
    )
    grid.add_column("document", no_wrap=True)
    for i, code in enumerate(shown.index, 1):
        grid.add_column(
            f"[bold]{i}[/]" if code in book and book.children(str(code)) else str(i),
            justify="right",
        )
    for doc_id in documents:
        cells = [str(v) if v else "[dim]·[/]" for v in shown[doc_id]]
        grid.add_row(plain(str(doc_id)), *cells)
    return grid


# --------------------------------------------------------------------------- kwic


def kwic(
    term: str = typer.Argument(..., help='A word, "a phrase", a glob (partner*) or /regex/.'),
    paths: list[Path] | None = OPTIONAL_PATHS,
    lang: str | None = typer.Option(
        None, "--lang", help="Language(s) of the term, comma-separated (default: every language)."
    ),
    width: int = typer.Option(
        40, "--width", min=5, max=10_000, help="Characters of context on each side."
    ),
    respondents: bool = typer.Option(
        False, "--respondents", help="Leave out the interviewer's turns."
    ),
    output: Path | None = OUTPUT,
    excel: bool = EXCEL,
    metadata: Path | None = METADATA,
    unit: str | None = FILE_UNIT,
    project: Path | None = PROJECT,
) -> None:
    """Keyword in context: every occurrence of a term, with document, speaker and attributes."""
    from interviewkit.analysis.kwic import kwic as find

    check_outputs(output, None, project=project, paths=paths, metadata=metadata)
    languages = [x.strip() for x in lang.split(",") if x.strip()] if lang else None
    if paths:
        from interviewkit.cli.options import ReadOptions
        from interviewkit.transcripts.units import check_unit_kind

        transcripts = ReadOptions(list(paths), metadata, check_unit_kind(unit or "turn")).read()
    else:
        with open_source(None, None, project, unit=unit) as proj:
            transcripts = list(proj.transcripts())
    frame = find(transcripts, term, languages=languages, width=width, interviewer=not respondents)
    if output is not None:
        from interviewkit.export.tables import write_table

        write_table(frame, output, excel_bom=excel)
        info(f"Wrote {len(frame)} occurrence(s) of {term!r} to {output}")
        return
    if frame.empty:
        info(f"{term!r} does not occur in these transcripts.")
        return
    out().print(_kwic_table(frame, term, width))


def _fit(text: str, cells: int, *, left: bool) -> str:
    """Cut context to ``cells`` terminal cells (Chinese characters take two), at the far end."""
    from rich.cells import cell_len

    text = text.strip("…")
    if cell_len(text) <= cells:
        return text
    chars = list(text if not left else reversed(text))
    kept: list[str] = []
    used = 1
    for ch in chars:
        used += cell_len(ch)
        if used > cells:
            break
        kept.append(ch)
    return "…" + "".join(reversed(kept)) if left else "".join(kept) + "…"


def _kwic_table(frame: Any, term: str, width: int) -> Table:
    from rich.cells import cell_len
    from rich.markup import escape
    from rich.table import Table

    docs = frame["doc_id"].nunique()
    grid = Table(
        title=f"{escape(term)}: {len(frame)} occurrence(s) in {docs} transcript(s)",
        title_justify="left",
        box=None,
        padding=(0, 1),
    )
    doc_w = min(18, max(cell_len(str(d)) for d in frame["doc_id"]))
    term_w = max(cell_len(str(m)) for m in frame["match"])
    city_w = min(12, max((cell_len(str(c or "")) for c in frame["city"]), default=0))
    context = max(10, min(width, (out().width - doc_w - city_w - term_w - 8 - 12) // 2))
    grid.add_column("document", no_wrap=True, style="dim", max_width=doc_w)
    grid.add_column("speaker", no_wrap=True, max_width=8)
    grid.add_column("city", no_wrap=True, max_width=city_w or 4)
    grid.add_column("left", justify="right", no_wrap=True)
    grid.add_column("term", no_wrap=True, style="bold", min_width=term_w)
    grid.add_column("right", no_wrap=True)
    for row in frame.itertuples(index=False):
        speaker = f"{row.speaker or ''}" + (" (I)" if row.interviewer else "")
        grid.add_row(
            plain(str(row.doc_id)),
            plain(speaker),
            plain(str(row.city or "")),
            plain(_fit(row.left, context, left=True)),
            plain(row.match),
            plain(_fit(row.right, context, left=False)),
        )
    return grid
