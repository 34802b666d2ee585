"""``interviewkit codebook``: check and show codebooks."""

from __future__ import annotations

from pathlib import Path

import typer

from interviewkit.cli.output import err, out, warn

app = typer.Typer(help="Check, show and load codebooks.", no_args_is_help=True)

FILE = typer.Argument(
    ..., help="A codebook: .yaml/.yml, or a .csv/.xlsx sheet.", show_default=False
)
LANG = typer.Option(
    None, "--lang", help="Language of the rules of a quanteda/LIWC dictionary (default: any)."
)


@app.command("check")
def check(path: Path = FILE, lang: str | None = LANG) -> None:
    """Validate a codebook and report every problem with its place."""
    from rich.markup import escape

    from interviewkit.codebook import load_codebook

    book = load_codebook(path, language=lang)
    for message in book.warnings:
        warn(message)
    langs = ", ".join(book.rule_languages) or "none"
    rules = sum(c.rule_count for c in book.codes)
    err().print(
        f"[green]OK[/]: {escape(str(path))}: '{escape(book.name)}' version "
        f"{escape(book.version)}, {len(book.codes)} codes, {rules} rules "
        f"(languages: {escape(langs)})",
        highlight=False,
        soft_wrap=True,
    )


@app.command("show")
def show(
    path: Path = FILE,
    lang: str | None = LANG,
    rules: bool = typer.Option(False, "--rules", help="List every rule, not only the counts."),
) -> None:
    """Show a codebook as a tree with definitions and rule counts per language."""
    from rich.markup import escape
    from rich.tree import Tree

    from interviewkit.codebook import load_codebook

    book = load_codebook(path, language=lang)
    for message in book.warnings:
        warn(message)
    languages = book.rule_languages
    tree = Tree(
        f"[bold]{escape(book.name)}[/] (version {escape(book.version)}, {len(book.codes)} codes)"
    )
    nodes: dict[str | None, Tree] = {None: tree}
    for code in book.walk():
        swatch = f"[{code.color}]■[/] " if code.color else ""
        counts = " ".join(f"{lang}:{len(code.rules(lang))}" for lang in languages)
        label = f"{swatch}[bold]{escape(code.name)}[/] [dim]{escape(code.id)}[/]"
        if code.rule_count:
            label += f"  [cyan]{counts}[/]"
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
