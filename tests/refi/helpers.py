"""A small project for the REFI-QDA tests: two transcripts, a codebook, codings, memos."""

from __future__ import annotations

import zipfile
from pathlib import Path

from interviewkit.codebook.model import Code, Codebook
from interviewkit.models import Transcript
from interviewkit.refi.imports import make_transcript
from interviewkit.store import Project

BOOK = Codebook(
    name="REFI test book",
    version="1",
    codes=(
        Code(id="drivers", name="Drivers of cooperation", description="Why cities cooperate.",
             color="#E69F00"),
        Code(id="economy", name="Economy", parent="drivers",
             description="Trade and investment.", include="Ports, trade fairs.",
             exclude="Tourism.", examples=("The port matters.", "Two lines\nof example.")),
        Code(id="trust", name="Vertrauen 信任", color="#0072b2"),
    ),
)

TEXTS = {
    "bonn_de_01": "I: Wie läuft die Partnerschaft?\n\nB: Der Hafen 🚢 und der Handel zählen.\n\n"
                  "I: Und das Vertrauen?\n\nB: Das Vertrauen wächst langsam.",
    "wuhan_zh_01": "问：合作怎么样？\n\n答：我们很信任对方，贸易也很好。",
}
METADATA = {
    "bonn_de_01": {"city": "Bonn", "country": "Germany", "language": "de"},
    "wuhan_zh_01": {"city": "Wuhan", "country": "China", "language": "zh"},
}


def transcripts() -> list[Transcript]:
    return [make_transcript(doc_id, text, dict(METADATA[doc_id]), source=doc_id)
            for doc_id, text in TEXTS.items()]


def small_project(path: Path | str = ":memory:") -> Project:
    project = Project.create(path, codebook=BOOK) if path != ":memory:" else Project(path)
    if path == ":memory:":
        project.load_codebook(BOOK)
    project.add_transcripts(transcripts())
    text = TEXTS["bonn_de_01"]
    start = text.index("Hafen")
    project.tag("bonn_de_01", 2, "economy", coder="anna", start=start,
                end=start + len("Hafen 🚢"), memo="Port as a driver.")
    project.tag("bonn_de_01", 4, "trust", coder="anna")
    project.tag("bonn_de_01", 4, "trust", coder="ben")
    project.tag("wuhan_zh_01", 2, "trust", coder="li")
    project.memo("Short interview.", coder="anna", doc_id="bonn_de_01")
    project.memo("Merge with 'relationship'?", coder="ben", code="trust")
    return project


def qde(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("project.qde")
