"""The page around every HTML file the tool writes: styles and script inline, nothing fetched.

A Content-Security-Policy forbids the page to load anything from anywhere:
the report opens from an e-mail attachment, on a machine with no network.
"""

from __future__ import annotations

from importlib import resources

from interviewkit.export.markup import esc

_POLICY = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"


def _asset(name: str) -> str:
    return resources.files("interviewkit.export").joinpath(f"assets/{name}").read_text("utf-8")


def page(title: str, body: str, *, script: bool = True) -> str:
    """A whole HTML page around ``body`` (already HTML), with the report's styles inline."""
    code = f"<script>{_asset('report.js')}</script>" if script else ""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="interviewkit">\n'
        f"<title>{esc(title)}</title>\n<style>{_asset('report.css')}</style>\n</head>\n"
        f"<body>\n{body}\n{code}\n</body>\n</html>\n"
    )
