"""Responsiveness of ``interviewkit review`` on a long transcript.

Writes one transcript of about 20,000 words (benchmarks/corpus.py), adds it
to a new project, codes it automatically with the shipped codebook, then
runs the real app headless (Textual's ``run_test``) at a given terminal size
and times, for each kind of key, from the key's arrival to the last screen
update it caused (rendered to terminal output): moving, jumping to the next
unit to review, accepting, tagging by number, undo and redo. Prints the
median, 90th percentile and worst time per key, and the time to open the app.

    python benchmarks/review_bench.py [--words 20000] [--language de] [--size 120x40]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CODEBOOK = HERE.parent / "codebooks" / "city_partnerships.yaml"
sys.path.insert(0, str(HERE))

#: Keys to time, each pressed this many times.
ROUNDS = 30
KEYS = {
    "j (next unit)": ["j"],
    "k (previous unit)": ["k"],
    "n (next to review)": ["n"],
    "a (accept)": ["n", "a"],
    "3 (tag by number)": ["j", "3"],
    "u (undo)": ["u"],
    "ctrl+r (redo)": ["ctrl+r"],
    "G (last unit)": ["G"],
    "g (first unit)": ["g"],
}


def build(folder: Path, words: int, language: str) -> tuple[Path, str, int, int]:
    """A project with one long transcript, coded automatically."""
    from corpus import transcript as generate

    from interviewkit.codebook import load_codebook
    from interviewkit.coding import Coder
    from interviewkit.models import count_words
    from interviewkit.store import Project
    from interviewkit.transcripts import read_transcript

    source = folder / f"long_{language}.md"
    source.write_text(generate(language, words, random.Random(1), f"long_{language}"),
                      encoding="utf-8")
    doc = read_transcript(source)
    book = load_codebook(CODEBOOK)
    path = folder / "interviewkit.db"
    with Project.create(path, book) as project:
        project.add_transcripts([doc])
        project.store_auto_codings(Coder(book).code([doc]))
    return path, doc.id, count_words(doc.text), len(doc.units)


async def measure(path: Path, size: tuple[int, int]) -> tuple[float, dict[str, list[float]]]:
    """Open the app, then time each key from its arrival to the last screen update it caused.

    Headless, Textual composes every screen update but writes it nowhere; the
    wrapper around ``App._display`` turns each update into terminal output
    (as on a real terminal) and notes when that was done.
    """
    from textual import events

    from interviewkit.store import Project
    from interviewkit.tui.app import ReviewApp
    from interviewkit.tui.session import Session

    project = Project(path)
    started = time.perf_counter()
    session = Session(project, "bench")
    session.resume()
    app = ReviewApp(session)
    shown: list[float] = []
    display = app._display

    def timed_display(screen: object, renderable: object) -> None:
        display(screen, renderable)  # type: ignore[arg-type]
        if renderable is not None and hasattr(renderable, "render_segments"):
            renderable.render_segments(app.console)
            shown.append(time.perf_counter())

    app._display = timed_display  # type: ignore[method-assign]
    times: dict[str, list[float]] = {name: [] for name in KEYS}
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        opened = time.perf_counter() - started
        driver = app._driver
        assert driver is not None
        for _ in range(ROUNDS):
            for name, keys in KEYS.items():
                for key in keys[:-1]:
                    await pilot.press(key)
                await pilot.pause(0.05)
                shown.clear()
                key = keys[-1]
                event = events.Key(key, key if len(key) == 1 else None)
                event.set_sender(app)
                t0 = time.perf_counter()
                driver.send_message(event)
                await pilot.pause(0.1)  # far longer than any update takes
                if shown:
                    times[name].append(shown[-1] - t0)
    project.close()
    return opened, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=20_000)
    parser.add_argument("--language", default="de", choices=("de", "en", "zh"))
    parser.add_argument("--size", default="120x40", help="terminal COLUMNSxROWS")
    args = parser.parse_args()
    columns, rows = (int(v) for v in args.size.split("x"))
    with tempfile.TemporaryDirectory() as tmp:
        path, doc_id, words, units = build(Path(tmp), args.words, args.language)
        opened, times = asyncio.run(measure(path, (columns, rows)))
    print(f"transcript {doc_id}: {words:,} words, {units} units; terminal {args.size}")
    print(f"open the app on it: {opened * 1000:.0f} ms")
    print(f"{'key':<22} {'median ms':>10} {'p90 ms':>10} {'worst ms':>10}")
    for name, values in times.items():
        p90 = statistics.quantiles(values, n=10)[-1]
        print(f"{name:<22} {statistics.median(values) * 1000:>10.1f} {p90 * 1000:>10.1f} "
              f"{max(values) * 1000:>10.1f}")


if __name__ == "__main__":
    main()
