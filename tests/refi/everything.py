"""A project with every kind of thing a user does in it, built here for the round-trip tests.

- a codebook with a hierarchy, Chinese and German names, colours, criteria, and a
  code retired by a later version of the codebook (still used by a coding);
- a German interview with a header block, a Markdown write-up with headings, a caption
  transcript (WebVTT, speakers and times), and a Chinese interview; attributes on each;
- the automatic coder's suggestions with their evidence, and two coders who decided
  differently on the same suggestion (accepted by one and rejected by the other, rejected
  by both, accepted by one, left open), a suggestion of a second automatic coder;
- people's own codings: a whole turn, a part of a turn, a span over two turns;
- a final coding (consensus) with codings and a code it settled as absent;
- memos on the project, a document, a unit, a code, a document and code, a person's
  coding, a suggestion, and a unit and code whose coding was taken back, by several
  authors (one not recorded, as in older projects);
- code groups.
"""

from __future__ import annotations

from pathlib import Path

from interviewkit.codebook.model import Code, Codebook
from interviewkit.models import Coding, Evidence, Transcript
from interviewkit.store import Project
from interviewkit.store.exchange import ExchangeBundle, ExchangeGroup, ExchangeMemo
from interviewkit.store.imports import ImportRow
from interviewkit.transcripts import read_transcript

CODES = (
    Code("drivers", "Drivers of cooperation", description="Why cities cooperate.",
         color="#E69F00"),
    Code("economy", "Economy", parent="drivers", description="Trade and investment.",
         include="Ports, trade fairs.", exclude="Tourism.",
         examples=("Der Hafen zählt.", "Two lines\nof example.")),
    Code("exchange", "Austausch 交流", parent="drivers", color="#56B4E9"),
    Code("trust", "Vertrauen 信任", color="#0072B2", description="Trust between partners."),
    Code("doubt", "Doubt", description="Uncertainty about the partnership."),
)
OLD = Code("old_theme", "Old theme", description="A code a later codebook dropped.")

FILES = {
    "bonn_de_03.txt": (
        "Interview 3 – Stadtverwaltung Bonn\n"
        "Interviewerin: K. Weiß; Datum: 12.03.2024\n\n"
        "I: Wie läuft die Partnerschaft mit Chengdu?\n\n"
        "B: Der Hafen und der Handel zählen. Das Vertrauen wächst langsam.\n\n"
        "I: Und der Austausch?\n\n"
        "B: Der Schüleraustausch läuft gut, aber ich habe Zweifel an den Verträgen."
    ),
    "duesseldorf_de_04.md": (
        "---\ntitle: Interview mit der Leiterin des China-Büros\ninterviewer: Redaktion\n---\n\n"
        "# Interview mit der Leiterin des China-Büros\n\n"
        "## Die Anfänge\n\n"
        "Redaktion: Wie ist das Büro entstanden?\n\n"
        "Leiterin: Die Stadt wollte einen festen Ansprechpartner für Unternehmen, "
        "für den Handel mit Chongqing.\n\n"
        "## Die Zukunft\n\n"
        "Redaktion: Und heute?\n\n"
        "Leiterin: Mehr Austausch zwischen jungen Leuten, und mehr Vertrauen.\n"
    ),
    "council_en.vtt": (
        "WEBVTT\n\n"
        "00:00:01.000 --> 00:00:04.000\n<v Anna>Welcome. How is the partnership with Wuhan?\n\n"
        "00:00:04.500 --> 00:00:07.000\n<v Ben>Trade grew, and the port is busy.\n\n"
        "00:00:07.000 --> 00:00:09.500\n<v Ben>We trust our partners.\n\n"
        "00:00:10.000 --> 00:00:12.000\n<v Anna>Any doubts?\n\n"
        "00:00:12.500 --> 00:00:15.000\n<v Ben>Some doubt about the contracts.\n"
    ),
    "wuhan_zh_02.txt": (
        "问：合作怎么样？\n\n答：我们很信任对方，贸易也很好。\n\n"
        "问：交流呢？\n\n答：学生交流很多，但是合同有些疑问。"
    ),
}
METADATA = {
    "bonn_de_03": {"city": "Bonn", "country": "Germany", "institution": "city"},
    "duesseldorf_de_04": {"city": "Düsseldorf", "country": "Germany", "wave": "2"},
    "council_en": {"city": "Oakland", "country": "USA", "interviewer": "Anna"},
    "wuhan_zh_02": {"city": "Wuhan", "country": "China", "partner_city": "Duisburg"},
}


def _transcripts(folder: Path) -> list[Transcript]:
    out = []
    for name, text in FILES.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        meta = METADATA[path.stem]
        labels = [meta["interviewer"]] if "interviewer" in meta else None
        out.append(read_transcript(path, metadata=meta, interviewer_labels=labels))
    return out


def _suggest(t: Transcript, unit: int, code: str, word: str) -> Coding:
    span = t.unit(unit)
    at = t.text.index(word, span.start)
    return Coding(t.id, span.start, span.end, code, unit_index=unit,
                  evidence=(Evidence(f"word:{word}", word, at, at + len(word)),))


def unit_with(t: Transcript, words: str) -> int:
    at = t.text.index(words)
    return next(u.index for u in t.units if u.start <= at < u.end)


def build(folder: Path) -> Path:
    """The project file, in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "everything.db"
    transcripts = {t.id: t for t in _transcripts(folder)}
    with Project.create(path) as project:
        project.load_codebook(Codebook("Städtepartnerschaften", "1", (*CODES, OLD)))
        project.add_transcripts(transcripts.values())
        bonn, dus, council, wuhan = (transcripts[k] for k in METADATA)
        b_port, b_doubt = unit_with(bonn, "Der Hafen"), unit_with(bonn, "Zweifel")
        c_trade, c_trust = unit_with(council, "Trade grew"), unit_with(council, "We trust")
        c_doubt = unit_with(council, "Some doubt")
        w_trust, w_doubt = unit_with(wuhan, "我们很信任"), unit_with(wuhan, "合同")
        project.tag("bonn_de_03", b_port, "old_theme", coder="anna")
        project.load_codebook(Codebook("Städtepartnerschaften", "2.0", CODES))
        project.store_auto_codings([
            _suggest(bonn, b_port, "economy", "Hafen"),
            _suggest(bonn, b_port, "trust", "Vertrauen"),
            _suggest(bonn, b_doubt, "doubt", "Zweifel"),
            _suggest(bonn, b_doubt, "exchange", "Schüleraustausch"),
            _suggest(council, c_trade, "economy", "port"),
            _suggest(council, c_trust, "trust", "trust"),
            _suggest(council, c_doubt, "doubt", "doubt"),
            _suggest(wuhan, w_trust, "trust", "信任"),
            _suggest(wuhan, w_doubt, "doubt", "疑问"),
            _suggest(dus, unit_with(dus, "Mehr Austausch"), "exchange", "Austausch"),
        ])
        project.store_auto_codings([_suggest(wuhan, w_trust, "economy", "贸易")],
                                   coder="dictionary")
        # Two coders who decided differently on the same suggestions.
        project.review("bonn_de_03", b_port, "economy", status="accepted", reviewer="anna")
        project.review("bonn_de_03", b_port, "economy", status="rejected", reviewer="ben")
        project.review("bonn_de_03", b_port, "trust", status="rejected", reviewer="anna")
        project.review("bonn_de_03", b_port, "trust", status="rejected", reviewer="ben")
        project.review("council_en", c_trade, "economy", status="accepted", reviewer="ben")
        project.review("wuhan_zh_02", w_trust, "trust", status="accepted", reviewer="李")
        project.review("wuhan_zh_02", w_trust, "economy", status="rejected", reviewer="李",
                       coder="dictionary")
        project.review("council_en", c_doubt, "doubt", status="rejected", reviewer="ben")
        # People's own codings: a whole turn, part of a turn, a span over two turns.
        project.tag("council_en", c_trust, "trust", coder="anna", memo="Said with warmth.")
        start = bonn.text.index("Vertrauen")
        project.tag("bonn_de_03", b_port, "trust", coder="ben", start=start,
                    end=start + len("Vertrauen wächst langsam"))
        project.tag("wuhan_zh_02", w_doubt, "doubt", coder="李")
        span_start = bonn.text.index("Das Vertrauen")
        span_end = bonn.text.index("der Austausch?") + len("der Austausch?")
        project.import_codings([ImportRow(1, "bonn_de_03", "trust", start=span_start,
                                          end=span_end)], coder="anna")
        # The final coding: codings, and a code it settled as absent.
        project.write_final("final", [("bonn_de_03", b_port, "economy", None, None),
                                      ("council_en", c_trust, "trust", None, None)])
        project.untag("bonn_de_03", b_doubt, "doubt", coder="final")
        # Memos of every kind.
        project.memo("Pilot study: four interviews.", coder="anna")
        project.memo("Recorded in the town hall.", coder="ben", doc_id="bonn_de_03")
        project.memo("She hesitates here.", coder="anna", doc_id="bonn_de_03",
                     unit_index=b_doubt)
        project.memo("Merge with relationship?", coder="ben", code="trust")
        project.memo("Economy in Düsseldorf: only trade.", coder="anna",
                     doc_id="duesseldorf_de_04", code="economy")
        project.memo("Port, not trade: still economy.", coder="ben", doc_id="bonn_de_03",
                     unit_index=b_port, code="economy")
        project.memo("学生交流", coder="李", doc_id="wuhan_zh_02", unit_index=w_doubt,
                     code="doubt")
        # A memo on a coding that was taken back stays on its unit and code.
        project.tag("wuhan_zh_02", w_trust, "exchange", coder="ben")
        project.memo("Exchange, or trust?", coder="ben", doc_id="wuhan_zh_02",
                     unit_index=w_trust, code="exchange")
        project.untag("wuhan_zh_02", w_trust, "exchange", coder="ben")
        project.import_exchange(ExchangeBundle(
            # A memo of an older project, whose author was not recorded.
            memos=(ExchangeMemo("Transcribed by the city.", "", doc_id="council_en"),),
            groups=(
            ExchangeGroup("Motives", ("economy", "trust"), "Why partners cooperate."),
            ExchangeGroup("Worries", ("doubt",)),
        )))
    return path
