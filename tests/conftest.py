"""Shared fixtures: an isolated environment and a runner for the real command line."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

# Pin rich's output before any console exists: fixed width, no colour.
os.environ["COLUMNS"] = "120"
os.environ["NO_COLOR"] = "1"
os.environ.pop("INTERVIEWKIT_DEBUG", None)
os.environ.pop("INTERVIEWKIT_PROJECT", None)

ROOT = Path(__file__).resolve().parents[1]
REALDATA = ROOT.parent / "shared" / "realdata"
SAMPLES = ROOT / "transcripts_sample"
CODEBOOK = ROOT / "codebooks" / "city_partnerships.yaml"
DATA = Path(__file__).resolve().parent / "data"


def realdata(*parts: str) -> Path:
    """A file from ../shared/realdata, or skip the test when the folder is absent."""
    path = REALDATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real data not available: {path}")
    return path


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def __repr__(self) -> str:  # shown by pytest when an assertion fails
        return (
            f"<Result exit={self.exit_code}>\n--- stdout ---\n{self.stdout}"
            f"\n--- stderr ---\n{self.stderr}"
        )


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("INTERVIEWKIT_PROJECT", raising=False)
    # The cache of compiled codebooks lives under HOME too, never in the user's.
    for name in ("XDG_CACHE_HOME", "INTERVIEWKIT_CACHE_DIR", "INTERVIEWKIT_NO_CACHE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run ``interviewkit ARGS`` through the real entry point, error boundary included."""
    from interviewkit.cli import main

    def run(*args: str | Path) -> Result:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run
