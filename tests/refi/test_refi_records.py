"""The coding record in a selection's Description: written, read back, and refused when wrong."""

from __future__ import annotations

import json

import pytest

from interviewkit.models import Evidence
from interviewkit.refi.records import CodingRecord, describe_coding, read_coding
from interviewkit.store.exchange import ExchangeDecision

GUID = "173ED84C-8A4E-57B3-810D-29E7485AF5D6"


def block(**overrides: object) -> str:
    args: dict[str, object] = {
        "coder": "auto",
        "origin": "auto",
        "code_guid": GUID,
        "code_name": 'Vertrauen "信任"',
        "status": "accepted",
        "created": "2026-03-01T09:00:00+00:00",
        "decisions": (ExchangeDecision("Anna Weiß", "accepted", "2026-03-02T10:00:00+00:00"),
                      ExchangeDecision("李", "rejected", "2026-03-02T11:00:00+00:00")),
        "evidence": (Evidence("word:信任", "信任", 15, 17),),
    }
    args.update(overrides)
    return describe_coding(**args)  # type: ignore[arg-type]


def test_a_record_reads_back_as_written() -> None:
    record = read_coding(block())
    assert record == CodingRecord(
        "auto", "auto", GUID.lower(), "accepted", "2026-03-01T09:00:00+00:00",
        (ExchangeDecision("Anna Weiß", "accepted", "2026-03-02T10:00:00+00:00"),
         ExchangeDecision("李", "rejected", "2026-03-02T11:00:00+00:00")),
        (Evidence("word:信任", "信任", 15, 17),),
    )
    # Text is kept as written, for people reading it in another tool too.
    assert "信任" in block() and "\\u" not in block()


def test_a_final_codings_absence_reads_back() -> None:
    record = read_coding(block(coder="final", origin="manual", status="rejected",
                               decisions=(), evidence=()))
    assert record == CodingRecord("final", "manual", GUID.lower(), "rejected",
                                  "2026-03-01T09:00:00+00:00")


def test_crlf_and_surrounding_blank_lines_are_read() -> None:
    assert read_coding("\r\n" + block().replace("\n", "\r\n") + "\r\n\r\n") == read_coding(block())


def _edited(line: int, change: dict[str, object]) -> str:
    lines = block().split("\n")
    data = json.loads(lines[line])
    data.update(change)
    lines[line] = json.dumps(data, ensure_ascii=False)
    return "\n".join(lines)


@pytest.mark.parametrize(
    "description",
    [
        "Interviewee laughs.",  # another tool's comment: no record at all
        block().replace('{"decision"', '{decision', 1),  # not JSON
        _edited(1, {"status": "maybe"}),
        _edited(1, {"origin": "robot"}),
        _edited(1, {"code": "not a guid"}),
        _edited(1, {"coder": " "}),
        _edited(1, {"created": 20260301}),
        _edited(2, {"decision": "liked"}),
        _edited(2, {"coder": "李"}),  # two decisions by one coder
        _edited(2, {"decided": None}),
        _edited(4, {"start": -1}),
        _edited(4, {"end": True}),
        block().split("\n")[0],  # the marker alone
        block() + '\n{"something": "else"}',
        block() + "\n[1, 2, 3]",
    ],
)
def test_a_record_that_is_not_one_is_none(description: str) -> None:
    assert read_coding(description) is None


def test_docs_refi_shows_the_conventions_as_they_are_written() -> None:
    from interviewkit.refi import project_description, records, structure
    from tests.conftest import ROOT

    doc = (ROOT / "docs" / "refi.md").read_text(encoding="utf-8")
    assert records._HEADER in doc and structure._HEADER in doc
    for line in (project_description.FIRST_LINE, project_description._IDS_LINE,
                 project_description._KINDS_LINE, project_description._RETIRED_LINE):
        assert f"\n{line}\n" in doc
    # Each example line of the coding record reads as the record it shows.
    example = doc.split("```text\ninterviewkit coding v1", 1)[1].split("```", 1)[0]
    head = json.loads(example.split("\n")[1].replace("173ed84c-…", GUID))
    assert set(head) == {"coder", "origin", "code", "name", "status", "created"}
