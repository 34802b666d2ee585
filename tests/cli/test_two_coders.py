"""A study with two coders, end to end through the command line.

Two coders review the same suggestions differently; agreement is computed;
consensus writes a final coding where they agree and lists the rest; one
disagreement is settled by hand; an autocode run is undone; the log shows
all of it; and ``themes --coder final`` counts exactly what was agreed.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.store.factory import md_file, write_book


@pytest.fixture
def study(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "later").mkdir()
    md_file(tmp_path / "docs", "bonn_en_01", city="Bonn", country="Germany")
    md_file(tmp_path / "later", "wuhan_en_01", [("I", "What about trade?"),
                                                ("R", "Trade and the port.")],
            city="Wuhan", country="China")
    write_book(tmp_path)
    for args in (("init", "--codebook", "book.yaml"), ("add", "docs"), ("autocode",)):
        result = cli(*args)
        assert result.exit_code == 0, result
    return tmp_path


def _ok(result):  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result
    return result


def _themes(cli, folder: Path, coder: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    _ok(cli("themes", "--by", "city", "--coder", coder, "-o", f"{coder}.csv"))
    with open(folder / f"{coder}.csv", encoding="utf-8") as handle:
        return {row["code"]: row["total: coded units"] for row in csv.DictReader(handle)}


def test_a_study_with_two_coders(cli, study: Path) -> None:  # type: ignore[no-untyped-def]
    # Unit 2 (port, trade): both accept economy. Unit 4 (image, doubts): they differ.
    _ok(cli("accept", "bonn_en_01", "2", "economy", "--coder", "anna"))
    _ok(cli("accept", "bonn_en_01", "2", "economy", "--coder", "ben"))
    _ok(cli("accept", "bonn_en_01", "4", "prestige", "--coder", "anna"))
    said = _ok(cli("reject", "bonn_en_01", "4", "prestige", "--coder", "ben"))
    assert "anna accepted 'prestige' here: both decisions are kept" in said.stderr
    _ok(cli("reject", "bonn_en_01", "4", "uncertainty", "--coder", "anna"))
    _ok(cli("accept", "bonn_en_01", "4", "uncertainty", "--coder", "ben"))
    # Each coder's coding counts the suggestions they accepted.
    assert _themes(cli, study, "anna") == {
        "drivers": "2", "economy": "1", "prestige": "1", "uncertainty": "0"}
    assert _themes(cli, study, "ben") == {
        "drivers": "1", "economy": "1", "prestige": "0", "uncertainty": "1"}
    segments = _ok(cli("segments", "--coder", "anna"))
    assert "2 coded segments" in segments.stdout

    agreement = _ok(cli("agreement", "--coders", "anna,ben", "--bootstrap", "0"))
    assert "Agreement of anna, ben" in agreement.stdout

    first = _ok(cli("consensus", "--coders", "anna,ben", "--as", "final"))
    assert "final: 1 coding(s) where anna and ben agree were written" in first.stderr
    assert "2 disagreement(s) to settle" in first.stderr
    assert "Prestige" in first.stdout and "Uncertainty" in first.stdout

    # The meeting: prestige is there; uncertainty is not.
    _ok(cli("tag", "bonn_en_01", "4", "prestige", "--coder", "final"))
    second = _ok(cli("consensus", "--coders", "anna,ben", "--as", "final", "-o", "open.csv"))
    assert "1 disagreement(s) to settle; 1 settled already" in second.stderr
    with open(study / "open.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["unit"], r["code"], r["anna"], r["ben"]) for r in rows] == [
        ("4", "uncertainty", "no", "yes")]
    said = _ok(cli("untag", "bonn_en_01", "4", "uncertainty", "--coder", "final"))
    assert "'uncertainty' is not on unit 4" in said.stderr
    assert "Nothing left to settle" in _ok(
        cli("consensus", "--coders", "anna,ben", "--as", "final")).stderr

    # A second transcript, coded automatically, and that run undone.
    _ok(cli("add", "later"))
    _ok(cli("autocode"))
    _ok(cli("log", "-o", "log.csv"))
    with open(study / "log.csv", encoding="utf-8") as handle:
        runs = list(csv.DictReader(handle))
    autocode = [r for r in runs if r["command"] == "interviewkit autocode"]
    assert len(autocode) == 2 and "wuhan_en_01" in autocode[-1]["transcripts"]
    following = str(int(runs[-1]["run"]) + 1)  # the number the undo run itself gets
    nothing = cli("undo", following)
    assert nothing.exit_code == 2 and f"there is no run {following}" in nothing.stderr
    blocked = cli("undo", autocode[0]["run"])
    assert blocked.exit_code == 1 and "later runs depend on it" in blocked.stderr
    undone = _ok(cli("undo", autocode[-1]["run"]))
    assert f"Run {autocode[-1]['run']} was undone" in undone.stderr
    assert "0 coded segments" in _ok(cli("segments", "--doc", "wuhan_en_01")).stdout

    # The log shows all of it, by whom.
    _ok(cli("log", "-o", "log.csv"))
    with open(study / "log.csv", encoding="utf-8") as handle:
        runs = list(csv.DictReader(handle))
    commands = [r["command"].removeprefix("interviewkit ") for r in runs]
    assert commands[:3] == ["init --codebook book.yaml", "add docs", "autocode"]
    assert "consensus --coders anna,ben --as final" in commands
    assert "tag bonn_en_01 4 prestige --coder final" in commands
    assert commands[-1] == f"undo {autocode[-1]['run']}"
    states = {r["run"]: r["state"] for r in runs}
    assert states[autocode[-1]["run"]] == f"undone by run {runs[-1]['run']}"
    assert {r["coder"] for r in runs} >= {"anna", "ben", "final"}
    assert "anna" in _ok(cli("log", "--coder", "anna")).stdout

    # The final coding counts exactly what was agreed and settled.
    assert _themes(cli, study, "final") == {
        "drivers": "2", "economy": "1", "prestige": "1", "uncertainty": "0"}
    footnote = _ok(cli("themes", "--by", "city", "--coder", "final")).stdout
    assert "Counted: final (the final coding)" in footnote
