"""The help of every command: placeholders in plain words, and examples at the end.

A researcher reads ``PATHS...``, ``FILE``, ``NAME`` or ``N`` where typer would
show Python types (``<list[Path]>``, ``<str>``, ``<float range>``), and every
``--help`` ends with one or two commands to copy, as sqlite-utils does. Both are
applied in one place, when the commands are registered (:func:`apply`), so the
command modules declare their options as usual. Error messages keep naming the
parameter as before; only the help changes.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

__all__ = ["EXAMPLES", "HelpCommand", "HelpGroup", "apply", "placeholder"]

#: Examples per command, by its path after ``interviewkit`` ("" for the program itself).
EXAMPLES: dict[str, tuple[str, ...]] = {
    "": (
        "interviewkit init --codebook codebooks/city_partnerships.yaml",
        "interviewkit add transcripts_sample --metadata transcripts_sample/metadata.csv",
    ),
    "transcripts": (
        "interviewkit transcripts transcripts_sample --metadata transcripts_sample/metadata.csv",
        "interviewkit transcripts interview.docx --units",
    ),
    "code": (
        "interviewkit code transcripts_sample/bonn_de_01.md -c codebooks/city_partnerships.yaml",
        "interviewkit code transcripts_sample -c codebooks/city_partnerships.yaml -o coded.xlsx",
    ),
    "themes": (
        "interviewkit themes --by city",
        "interviewkit themes transcripts_sample -m transcripts_sample/metadata.csv "
        "-c codebooks/city_partnerships.yaml --by country",
    ),
    "init": (
        "interviewkit init --codebook codebooks/city_partnerships.yaml",
        "interviewkit init study.db",
    ),
    "add": (
        "interviewkit add transcripts_sample --metadata transcripts_sample/metadata.csv",
        "interviewkit add corrected/bonn_de_01.md --replace",
    ),
    "autocode": ("interviewkit autocode", "interviewkit autocode --docs bonn_de_01,wuhan_zh_01"),
    "tag": (
        "interviewkit tag bonn_de_01 8 prestige --coder anna",
        'interviewkit tag bonn_de_01 8 prestige --coder anna --memo "pride and doubt"',
    ),
    "untag": ("interviewkit untag bonn_de_01 8 prestige --coder anna",),
    "accept": (
        "interviewkit accept bonn_de_01 6 networking --coder anna",
        "interviewkit accept bonn_de_01 6 --all --coder anna",
    ),
    "reject": (
        "interviewkit reject bonn_de_01 6 cooperation_potential --coder anna",
        "interviewkit reject bonn_de_01 6 --all --coder anna",
    ),
    "memo": (
        'interviewkit memo "Ambivalent: pride and doubt" --coder anna --doc bonn_de_01 --unit 8',
        'interviewkit memo "Too broad?" --coder anna --code uncertainty',
    ),
    "segments": (
        "interviewkit segments --code uncertainty --where city=Bonn",
        "interviewkit segments --coder anna -o anna.xlsx",
    ),
    "status": ("interviewkit status", "interviewkit status --project study.db"),
    "merge": ("interviewkit merge ../ben/interviewkit.db",),
    "consensus": (
        "interviewkit consensus --coders anna,ben --as final",
        "interviewkit consensus --coders anna,ben --all -o disagreements.xlsx",
    ),
    "memos": ("interviewkit memos", "interviewkit memos --coder anna -o memos.xlsx"),
    "import-sheet": (
        "interviewkit import-sheet interview_07.xlsx --coder anna --meta city=Bonn",
        "interviewkit import-sheet coded.csv --coder gold --columns text=Antwort,tags=Codes",
    ),
    "cache": ("interviewkit cache info", "interviewkit cache clear"),
    "cache info": ("interviewkit cache info",),
    "cache clear": ("interviewkit cache clear",),
    "report": (
        "interviewkit report transcripts_sample -m transcripts_sample/metadata.csv "
        "-c codebooks/city_partnerships.yaml --by city --by country -o study.html",
        "interviewkit report --by country --coder final -o study.docx",
    ),
    "log": ("interviewkit log --since 2026-12-01", "interviewkit log 12"),
    "undo": ("interviewkit undo 12",),
    "agreement": (
        "interviewkit agreement --coders auto,gold",
        "interviewkit agreement --coders anna,ben --overlap 90 -o agreement.xlsx",
    ),
    "import-codings": (
        "interviewkit import-codings transcripts_sample/gold_standard.csv --coder gold",
    ),
    "review": ("interviewkit review --coder anna", "interviewkit review bonn_de_01 --coder anna"),
    "import": ("interviewkit import nvivo_export.qdpx --project imported.db",),
    "compare": (
        "interviewkit compare --by country",
        "interviewkit compare --pairs -o pairs.xlsx --plot pairs.png",
    ),
    "cooccur": ("interviewkit cooccur", "interviewkit cooccur --parents --plot cooccur.png"),
    "matrix": ("interviewkit matrix", "interviewkit matrix --binary -o matrix.csv"),
    "kwic": ("interviewkit kwic Partnerschaft", "interviewkit kwic 合作 --lang zh"),
    "codebook": (
        "interviewkit codebook check codebooks/city_partnerships.yaml",
        "interviewkit codebook load codebooks/city_partnerships.yaml",
    ),
    "codebook check": ("interviewkit codebook check codebooks/city_partnerships.yaml",),
    "codebook export": (
        "interviewkit codebook export codebooks/city_partnerships.yaml -o codebook.docx",
        "interviewkit codebook export codebooks/city_partnerships.yaml --rules -o codebook.md",
    ),
    "codebook show": ("interviewkit codebook show codebooks/city_partnerships.yaml --rules",),
    "codebook load": ("interviewkit codebook load codebooks/city_partnerships.yaml",),
    "rules": (
        "interviewkit rules --coder anna",
        "interviewkit rules --code uncertainty --coder gold -o rules.csv",
    ),
    "suggest": (
        "interviewkit suggest competition --coder gold",
        "interviewkit suggest uncertainty --min-keyness 6.63 -o uncertainty.xlsx",
    ),
    "codebook tune": (
        "interviewkit codebook tune --coder gold -o tuned.yaml",
        "interviewkit codebook tune codebooks/city_partnerships.yaml --coder anna "
        "--min-precision 0.4 -o tuned.yaml",
    ),
    "export": ("interviewkit export codebook study.qdc", "interviewkit export project study.qdpx"),
    "export codebook": ("interviewkit export codebook study.qdc",),
    "export project": ("interviewkit export project study.qdpx",),
}

# Placeholders by parameter name, where the name says more than the type.
_WORDS: dict[str, str] = {
    "coder": "NAME",
    "suggested_by": "NAME",
    "coders": "NAMES",
    "speakers": "NAMES",
    "by": "ATTRIBUTES",
    "where": "ATTRIBUTE=VALUE",
    "speaker_pattern": "REGEX",
    "interviewer": "LABELS",
    "overlap": "PERCENT",
    "lang": "LANG",
}
# Placeholders by the kind of value, where the name says nothing more.
_KINDS: dict[str, str] = {"path": "FILE", "number": "N"}


def _kind(param: Any, ctx: Any) -> str:
    """``path``, ``number`` or ``text``, read from the type typer would show."""
    try:
        shown = str(param.display_type(ctx))
    except (AttributeError, TypeError):  # a parameter typer did not make
        return "text"
    if "path" in shown.lower():
        return "path"
    if "int" in shown or "float" in shown:
        return "number"
    return "text"


def placeholder(param: Any, ctx: Any) -> str:
    """The word that stands for a parameter's value in the help (``FILE``, ``NAME``, ``N``).

    A list of files given as arguments is ``PATHS...``; a unit's number is
    ``UNIT`` and a unit kind ``KIND``; otherwise the name of the parameter
    tells (``--coder NAME``), else its kind (``FILE``, ``N``), else the name
    itself in capitals (``CODE``, ``DOC``).
    """
    name = (param.name or "value").rstrip("_")
    kind = _kind(param, ctx)
    if param.param_type_name == "argument" and param.nargs != 1:
        return f"{name.upper()}..."
    if name == "unit":
        return "UNIT" if kind == "number" else "KIND"
    return _WORDS.get(name) or _KINDS.get(kind) or name.upper()


def _examples(ctx: Any) -> tuple[str, ...]:
    path = ctx.command_path.split(" ", 1)
    return EXAMPLES.get(path[1] if len(path) > 1 else "", ())


def _write_examples(ctx: Any, formatter: Any) -> None:
    examples = _examples(ctx)
    if not examples:
        return
    formatter.write_paragraph()
    formatter.write_text("Examples:" if len(examples) > 1 else "Example:")
    formatter.write_paragraph()
    for line in examples:
        formatter.write(f"{'':>{formatter.current_indent + 2}}{line}\n")


class HelpCommand(TyperCommand):
    """A command whose help shows placeholders in words and ends with examples."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                word = placeholder(param, ctx)
                pieces.append(word if param.required else f"[{word}]")
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            names, text = record
            if param.param_type_name == "argument":
                arguments.append((placeholder(param, ctx), text))
                continue
            shown = None
            rich_type = getattr(param, "display_type_rich", None)  # typer's own parameters
            if rich_type is not None and not getattr(param, "is_flag", False):
                shown = rich_type(ctx)
            if shown:
                names = names.replace(f" {shown}", f" {placeholder(param, ctx)}")
            options.append((names, text))
        if arguments:
            with formatter.section("Arguments"):
                formatter.write_dl(arguments)
        if options:
            with formatter.section("Options"):
                formatter.write_dl(options)

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        super().format_epilog(ctx, formatter)
        _write_examples(ctx, formatter)


class HelpGroup(TyperGroup):
    """A group of commands whose help ends with examples."""

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        super().format_epilog(ctx, formatter)
        _write_examples(ctx, formatter)


def apply(app: typer.Typer) -> None:
    """Give every command and group of ``app`` (and of its sub-apps) the help above."""
    app.info.cls = HelpGroup
    for command in app.registered_commands:
        if command.cls is None or command.cls is TyperCommand:  # a command's own class stays
            command.cls = HelpCommand
    for group in app.registered_groups:
        if group.typer_instance is not None:
            apply(group.typer_instance)
