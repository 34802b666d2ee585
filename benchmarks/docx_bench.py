"""How fast a long Word transcript reads.

Writes a Word document of ``--turns`` interview turns (the corpus generator's
German, a heading every 100 turns, a table of metadata at the top, as
transcription services deliver them), then reads it with ``read_transcript``
``--repeat`` times and prints the median CPU time, words per CPU second and
the time per paragraph. To compare two checkouts, run it with each one's
source first on the path:

    PYTHONPATH=src python benchmarks/docx_bench.py [--turns 2000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path


def write(path: Path, turns: int) -> int:
    """A Word transcript of ``turns`` turns at ``path``; its number of paragraphs."""
    import docx

    sys.path.insert(0, str(Path(__file__).parent))
    from corpus import generate

    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), words=turns * 40, docs=1, languages=("de",))
        text = next(Path(tmp).glob("*.md")).read_text(encoding="utf-8")
    lines = [line for line in text.split("---", 2)[2].splitlines() if line.strip()][:turns]
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    for row, (key, value) in enumerate([("Ort", "Bonn"), ("Dauer", "48 Min.")]):
        table.cell(row, 0).text, table.cell(row, 1).text = key, value
    for n, line in enumerate(lines):
        if n % 100 == 0:
            document.add_heading(f"Teil {n // 100 + 1}", level=2)
        document.add_paragraph(line)
    document.save(path)
    return len(document.paragraphs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--turns", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from interviewkit.models import count_words
    from interviewkit.transcripts import read_transcript

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "interview.docx"
        paragraphs = write(path, args.turns)
        transcript = read_transcript(path)  # imports and first-time costs outside the clock
        words = count_words(transcript.text)
        times = []
        for _ in range(args.repeat):
            start = time.process_time()
            read_transcript(path)
            times.append(time.process_time() - start)
    cpu = statistics.median(times)
    print(
        f"{paragraphs:,} paragraphs, {words:,} words, {len(transcript.units):,} units: "
        f"{cpu:.3f} CPU s (median of {args.repeat}), {words / cpu:,.0f} words/s, "
        f"{cpu / paragraphs * 1e6:.0f} µs per paragraph"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
