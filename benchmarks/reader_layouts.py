"""Turns found and turns right, per transcript layout, for whichever readers are on the path.

Holds the readers against the fixtures in tests/data/transcripts/layouts and
what each must give (tests/transcripts/layout_units.py). A turn is right when
its speaker and its text are those of a turn of the fixture. Run it with the
source to measure first on the path, from the project root:

    PYTHONPATH=src python benchmarks/reader_layouts.py
    PYTHONPATH=../main/src:. python benchmarks/reader_layouts.py   # another checkout
"""

from __future__ import annotations

import sys
import warnings
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.transcripts.layout_units import EXPECTED, LAYOUTS


def measure(name: str) -> tuple[int, int, int, str]:
    """(turns expected, turns found, turns right, error) for one fixture."""
    from interviewkit.transcripts import read_transcript

    expected = Counter((s, t) for kind, s, t in EXPECTED[name] if kind == "turn")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            transcript = read_transcript(LAYOUTS / name)
    except Exception as exc:
        return sum(expected.values()), 0, 0, type(exc).__name__
    found = [
        (u.speaker, transcript.unit_text(u))
        for u in transcript.units
        if getattr(u, "kind", "turn") not in ("header", "heading")
    ]
    right = sum((Counter(found) & expected).values())
    return sum(expected.values()), len(found), right, ""


def main() -> None:
    import interviewkit

    print(f"readers from {Path(interviewkit.__file__).parent}")
    print(f"{'layout':<20} {'turns':>5} {'found':>6} {'right':>6}  note")
    for name in EXPECTED:
        total, found, right, error = measure(name)
        print(f"{name:<20} {total:>5} {found:>6} {right:>6}  {error}")


if __name__ == "__main__":
    main()
