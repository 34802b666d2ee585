"""``interviewkit cache``: where compiled codebooks are kept, and emptying that folder."""

from __future__ import annotations

import typer

from interviewkit.cli.output import out

app = typer.Typer(
    help="The cache of compiled codebooks (a run that finds its codebook there starts faster).",
    no_args_is_help=True,
)


def _size(n: int) -> str:
    return f"{n / 1024:,.0f} KB" if n < 1 << 20 else f"{n / (1 << 20):,.1f} MB"


@app.command("info")
def info() -> None:
    """Show where the cache lives, whether it is used, and how much it holds.

    Example: interviewkit cache info
    """
    from interviewkit.coding.cache import ENV_DIR, ENV_OFF, DiskCache, cache_dir, enabled

    store = DiskCache(cache_dir())
    files = store.entries()
    size = sum(p.stat().st_size for p in files if p.exists())
    console = out()
    console.print(f"folder: {store.folder}", soft_wrap=True, markup=False)
    state = "used" if enabled() else f"not used ({ENV_OFF} is set)"
    console.print(f"cache:  {state}", markup=False)
    console.print(f"holds:  {len(files)} files, {_size(size)}", markup=False)
    console.print(
        f"Set {ENV_DIR} to move it, {ENV_OFF}=1 or --no-cache to do without it.", markup=False
    )


@app.command("clear")
def clear() -> None:
    """Delete every compiled codebook in the cache (the next run compiles again).

    Example: interviewkit cache clear
    """
    from interviewkit.cli.output import info as say
    from interviewkit.coding.cache import DiskCache, cache_dir

    store = DiskCache(cache_dir())
    files, size = store.clear()
    say(f"Removed {files} files ({_size(size)}) from {store.folder}")
