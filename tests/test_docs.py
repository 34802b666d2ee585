"""The README stays true: its test command is CI's, and every command is documented."""

from __future__ import annotations

import re

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section, flags=re.S)


def test_quick_start_has_exactly_two_commands() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2
    install, tests = commands
    assert "pip install" in install and "interviewkit themes transcripts_sample" in install
    assert tests.strip() == ".venv/bin/python -m pytest"


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.strip().splitlines()[-1] == quick_start_commands()[1].strip()


def test_every_command_is_documented() -> None:
    from interviewkit.cli.app import app

    names = [c.name for c in app.registered_commands] + [g.name for g in app.registered_groups]
    assert len(names) > 15
    missing = [n for n in names if n and not re.search(rf"interviewkit {re.escape(n)}\b|`{n}`", README)]
    assert not missing, f"commands missing from README.md: {missing}"
