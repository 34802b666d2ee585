"""The shipped samples: complete, readable by every reader, and the gold standard fits them."""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from interviewkit.models import count_words
from interviewkit.transcripts import read_transcripts
from tests.conftest import CODEBOOK, SAMPLES


@pytest.fixture(scope="module")
def samples():  # type: ignore[no-untyped-def]
    return {d.id: d for d in read_transcripts([SAMPLES], metadata_file=SAMPLES / "metadata.csv")}


def test_at_least_two_transcripts_per_city_in_every_format(samples) -> None:  # type: ignore[no-untyped-def]
    cities = Counter(d.metadata["city"] for d in samples.values())
    assert set(cities) == {"Bonn", "Düsseldorf", "Duisburg", "Chengdu", "Chongqing", "Wuhan"}
    assert min(cities.values()) >= 2 and len(samples) >= 12
    assert {d.metadata["language"] for d in samples.values()} == {"de", "en", "zh"}
    suffixes = {d.source.rsplit(".", 1)[-1] for d in samples.values() if d.source}
    assert {"md", "docx", "vtt", "txt"} <= suffixes
    for doc in samples.values():
        for key in ("country", "partner_city", "institution", "date"):
            assert doc.metadata.get(key), (doc.id, key)
        respondent = sum(count_words(doc.unit_text(u)) for u in doc.units if not u.interviewer)
        assert respondent >= (2500 if doc.language == "zh" else 1200), doc.id
        assert any(u.interviewer for u in doc.units) and any(not u.interviewer for u in doc.units)


def test_timed_formats_keep_time_spans(samples) -> None:  # type: ignore[no-untyped-def]
    for doc_id in ("duisburg_de_01", "duisburg_en_02", "wuhan_zh_02"):
        units = samples[doc_id].units
        assert all(u.time_end is not None for u in units), doc_id
        assert "#00:" not in samples[doc_id].text


def test_gold_standard_quotes_lie_in_their_units(samples) -> None:  # type: ignore[no-untyped-def]
    from interviewkit.codebook import load_codebook

    codes = {c.id for c in load_codebook(CODEBOOK).codes}
    with open(SAMPLES / "gold_standard.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) > 200
    seen = set()
    for row in rows:
        doc = samples[row["doc_id"]]
        unit = doc.unit(int(row["unit"]))
        assert not unit.interviewer, row
        assert unit.speaker == row["speaker"], row
        assert row["quote"] in doc.unit_text(unit), row
        assert row["code"] in codes, row
        key = (row["doc_id"], row["unit"], row["code"])
        assert key not in seen, row
        seen.add(key)
