"""Importing the readers stays light: heavy libraries load only when a file needs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HEAVY = (
    "spacy",
    "docx",
    "pandas",
    "openpyxl",
    "charset_normalizer",
    "yaml",
    "py3langid",
    "numpy",
    "striprtf",
    "lxml",
)


def test_import_does_not_load_heavy_libraries():
    src = Path(__file__).parents[2] / "src"
    code = (
        "import sys, interviewkit.transcripts\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    env = {**os.environ, "PYTHONPATH": str(src)}

    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )

    assert result.stdout.strip() == ""
