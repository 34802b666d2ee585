"""The root command and its global options; each command group lives in its own module."""

from __future__ import annotations

import typer

from interviewkit import __version__

app = typer.Typer(
    name="interviewkit",
    help="Code interview transcripts with a codebook of themes, review the coding, "
    "compare themes across cities and partnerships, and measure agreement.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"interviewkit {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    version: bool | None = typer.Option(
        None, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
    debug: bool = typer.Option(
        False, "--debug", help="Show the full traceback when something goes wrong."
    ),
    no_cache: bool = typer.Option(
        False, "--no-cache", help="Compile the codebook afresh; neither read nor write the cache."
    ),
) -> None:
    """interviewkit: qualitative coding of interview transcripts."""
    if no_cache:
        import os

        os.environ["INTERVIEWKIT_NO_CACHE"] = "1"


def _register() -> None:
    # Command modules import only typer and our own light modules at import
    # time; spaCy, pandas and Textual are imported inside the commands.
    from interviewkit.cli import code_cmd, codebook_cmd, themes_cmd, transcripts_cmd

    app.add_typer(codebook_cmd.app, name="codebook")
    transcripts_cmd.register(app)
    code_cmd.register(app)
    themes_cmd.register(app)

    from interviewkit.cli import coding_cmd, project_cmd

    # In this order so that --help lists the project commands as a researcher uses them.
    project_cmd.register(app)
    coding_cmd.register(app)
    project_cmd.register_reports(app)

    from interviewkit.cli import agreement_cmd, team_cmd

    agreement_cmd.register(app)
    team_cmd.register(app)

    from interviewkit.cli import review_cmd

    review_cmd.register(app)

    from interviewkit.cli import refi_cmd

    refi_cmd.register(app)

    from interviewkit.cli import compare_cmd

    compare_cmd.register(app)

    from interviewkit.cli import cache_cmd, report_cmd

    app.add_typer(cache_cmd.app, name="cache")
    report_cmd.register(app)

    from interviewkit.cli import learn_cmd

    learn_cmd.register(app)

    from interviewkit.cli import help

    help.apply(app)  # placeholders in words and examples in every command's help


_register()
