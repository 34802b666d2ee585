"""A small study for the tests of rules, suggest and tune: its rules err in known ways.

It imitates what the samples show on a larger scale: keyword rules that find
the theme and over-suggest. In every interview the respondent talks about
trade, the port, exports, the "business" of a visit (ceremonial: not an
economic motive), sports clubs (which ``*port*`` also finds), investors (no
rule finds them, yet a coder codes them) and doubts. The gold coding codes
what a careful person would; so ``business`` should be dropped, ``*port*``
narrowed by the near miss ``sports``, and ``investors`` added.
"""

from __future__ import annotations

from pathlib import Path

from interviewkit.store import Project
from interviewkit.store.imports import ImportRow
from tests.store.factory import book, transcript, write_book

BOOK = """\
# A codebook for the tests of codebook tune.
name: learn test
version: "2"
codes:
  - id: drivers
    name: Drivers
    children:
      - id: econ
        name: Economy
        keywords:
          en:
            - trade
            - business   # too broad?
            - "*port*"
      - id: doubt
        name: Doubt
        keywords:
          en: [doubt, unsure]
"""

#: (respondent's words, codes a careful coder gives them)
TURNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Trade with our partner city has grown every year.", ("econ",)),
    ("The port brings jobs to the whole region.", ("econ",)),
    ("We export machines, and investors follow.", ("econ",)),
    ("The business of the visit was mostly ceremonial, speeches and dinners.", ()),
    ("Sports clubs from both cities met last summer.", ()),
    ("Investors came to look at sites.", ("econ",)),
    ("I have my doubts about where this is going.", ("doubt",)),
    ("Nothing much happened in the winter.", ()),
)


def turns_of(said: list[str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for text in said:
        out += [("I", "And then?"), ("R", text)]
    return out


def study(folder: Path, *, documents: int = 6, extra: list[str] | None = None) -> Project:
    """A project in ``folder``: the book, ``documents`` interviews, auto suggestions and a
    gold coding. ``extra``: respondent turns of one more interview (``extra_01``), coded econ."""
    path = write_book(folder, BOOK)
    project = Project.create(folder / "study.db", book(folder, BOOK))
    docs = [
        transcript(f"doc_{i:02d}", turns_of([t for t, _ in TURNS]), city=f"City{i}")
        for i in range(1, documents + 1)
    ]
    if extra:
        docs.append(transcript("extra_01", turns_of(extra), city="Elsewhere"))
    project.add_transcripts(docs)
    from interviewkit.codebook import load_codebook
    from interviewkit.coding import Coder
    from interviewkit.workflow import autocode

    autocode(project, Coder(load_codebook(path)))
    rows = []
    for doc in docs:
        respondent = [u for u in doc.units if not u.interviewer]
        for unit in respondent:
            text = doc.unit_text(unit)
            codes = dict(TURNS).get(text, ("econ",) if doc.id == "extra_01" else ())
            rows += [ImportRow(len(rows) + 2, doc.id, code, unit=unit.index) for code in codes]
    project.import_codings(rows, coder="gold")
    return project
