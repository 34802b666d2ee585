"""``interviewkit codebook``: check and show codebooks."""

from __future__ import annotations

from pathlib import Path

import typer

from interviewkit.cli.output import counted, err, out, warn
from interviewkit.cli.source import guard_outputs

app = typer.Typer(help="Check, show and load codebooks.", no_args_is_help=True)

FILE = typer.Argument(
    ...,
    help="A codebook: .yaml/.yml, a .csv/.xlsx sheet, a dictionary (WordStat .cat, LIWC .dic, "
    "Lexicoder .lc3, Yoshikoder .ykd) or a REFI-QDA codebook (.qdc).",
    show_default=False,
)
LANG = typer.Option(
    None,
    "--lang",
    help="Language of a dictionary's words (default: any language).",
    metavar="LANG",
)
COLUMNS = typer.Option(
    None,
    "--columns",
    help="Which column of a sheet holds what, for layouts interviewkit does not know: "
    "FIELD=COLUMN,… with FIELD one of id, name, path, parent, description, include, exclude, "
    "color, examples (e.g. id=cid,name=Code name).",
    metavar="MAP",
)


def columns_map(value: str | None) -> dict[str, str] | None:
    """``--columns`` as a mapping (``None`` when not given)."""
    from interviewkit.codebook.sheet import parse_columns

    return parse_columns(value) if value else None


@app.command("check")
def check(path: Path = FILE, lang: str | None = LANG, columns: str | None = COLUMNS) -> None:
    """Validate a codebook and report every problem with its place.

    Examples: interviewkit codebook check codebooks/city_partnerships.yaml;
    interviewkit codebook check LIWC2015.dic --lang en
    """
    from rich.markup import escape

    from interviewkit.codebook import load_codebook

    book = load_codebook(path, language=lang, columns=columns_map(columns))
    for message in book.warnings:
        warn(message)
    langs = ", ".join(book.rule_languages) or "none"
    rules = sum(c.rule_count for c in book.codes)
    err().print(
        f"[green]OK[/]: {escape(str(path))}: '{escape(book.name)}' version "
        f"{escape(book.version)}, {counted(len(book.codes), 'code')}, "
        f"{counted(rules, 'rule')} (languages: {escape(langs)})",
        highlight=False,
        soft_wrap=True,
    )


@app.command("show")
def show(
    path: Path = FILE,
    lang: str | None = LANG,
    rules: bool = typer.Option(False, "--rules", help="List every rule, not only the counts."),
    columns: str | None = COLUMNS,
) -> None:
    """Show a codebook as a tree with definitions and rule counts per language.

    Examples: interviewkit codebook show study.qdc;
    interviewkit codebook show codes.csv --columns id=cid,name=Code
    """
    from rich.markup import escape
    from rich.tree import Tree

    from interviewkit.codebook import load_codebook

    book = load_codebook(path, language=lang, columns=columns_map(columns))
    for message in book.warnings:
        warn(message)
    languages = book.rule_languages
    tree = Tree(
        f"[bold]{escape(book.name)}[/] (version {escape(book.version)}, "
        f"{counted(len(book.codes), 'code')})"
    )
    nodes: dict[str | None, Tree] = {None: tree}
    for code in book.walk():
        swatch = f"[{code.color}]■[/] " if code.color else ""
        counts = " ".join(f"{lang}:{len(code.rules(lang))}" for lang in languages)
        label = f"{swatch}[bold]{escape(code.name)}[/] [dim]{escape(code.id)}[/]"
        if code.rule_count:
            label += f"  [cyan]{counts}[/]"
        if code.exclusive:  # its children are one variable
            order = ", lowest first" if code.exclusive == "ordinal" else ""
            label += f"  [magenta]exclusive ({code.exclusive}): one child per unit{order}[/]"
        node = nodes[code.parent].add(label)
        if code.description:
            node.add(f"[italic]{escape(code.description)}[/]")
        if code.include:
            node.add(f"[green]include:[/] {escape(code.include)}")
        if code.exclude:
            node.add(f"[red]exclude:[/] {escape(code.exclude)}")
        if rules:
            for lang in languages:
                if code.rules(lang):
                    shown = ", ".join(r.value for r in code.rules(lang))
                    node.add(f"[cyan]{lang}[/]: {escape(shown)}")
        nodes[code.id] = node
    out().print(tree)


@app.command("export")
def export(
    path: Path = FILE,
    output: Path = typer.Option(
        ...,
        "--output",
        "-o",
        help="The file to write: .docx (Word), .html (one self-contained page) or .md.",
        show_default=False,
    ),
    lang: str | None = LANG,
    rules: bool = typer.Option(False, "--rules", help="List each code's rules per language too."),
) -> None:
    """Write a codebook for people: codes in their hierarchy and colours, with definitions,
    criteria and examples (for a paper's appendix or a coder's training)."""
    from interviewkit.codebook import load_codebook
    from interviewkit.export.codebook_export import CODEBOOK_FORMATS, export_codebook
    from interviewkit.export.tables import check_output_path

    check_output_path(output, dict.fromkeys(CODEBOOK_FORMATS), what="a codebook format")
    guard_outputs([("-o", output)], project=None, codebook=path)
    book = load_codebook(path, language=lang)
    for message in book.warnings:
        warn(message)
    export_codebook(book, output, rules=rules)
    err().print(
        f"Wrote the codebook ({counted(len(book.codes), 'code')}) to {output}", markup=False
    )


def _register_tune() -> None:
    from interviewkit.cli.learn_cmd import tune

    app.command("tune")(tune)


_register_tune()
