"""Every command over a corpus of hostile input: a clear result or a clear error, never a crash.

The corpus imitates what a reliability probe found (issue 18): a codebook or
front matter built as a "billion laughs" or nested hundreds of levels deep, a
lone surrogate, ids written ``no`` or ``1.10``, a hierarchy that loops, a
code named ``[/]``, a codebook named ``[bold]CB[/]``, memos about ``Costs
[EUR]``, terminal escape sequences and spreadsheet formulas in names and
metadata, a unit number of 10**23, arguments that are not UTF-8, outputs
aimed at an input or at the project, a project with a table dropped, and a
leftover ``-shm`` file on a full disk.

Each input is built here. The commands run in one process bounded in memory,
each bounded in time (see :func:`tests.hostile.run_batch`); after every run
the project's rows, its integrity check and the folder's files are compared
with what they were: a refused command changes nothing.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.hostile import (
    BatchRun,
    assert_no_crash,
    folder_state,
    project_state,
    run_batch,
    run_bounded,
)

ESC = "\\e]0;owned\\a\\e[2J"  # as YAML writes them: retitle the window, clear the screen
BOOK = f"""\
name: "[bold]CB[/]"
version: 1.10
codes:
  - id: close
    name: "[/]"
    keywords: {{en: [port], de: [Hafen]}}
  - id: escape
    name: "Esc {ESC}"
    keywords: {{en: [trade]}}
  - id: formula
    name: "=2+5"
    keywords: {{en: [image]}}
  - id: no
    name: on
    keywords: {{en: [doubt]}}
"""
TRANSCRIPT_1 = f"""\
---
id: "=2+5"
city: "=HYPERLINK(\\"http://evil.example\\")"
country: no
partner_city: "Wuhan {ESC}"
language: en
---
I: Tell me about the partnership [laughs].

R: The port and the trade matter. Costs [EUR] were high [laughs].

I: And the image?

R: The image helps, but we have doubts.
"""
TRANSCRIPT_2 = """\
---
id: "[bold]x[/]"
city: "\\e[2JBonn"
language: en
---
I: Anything else?

R: The port, the port, the port.
"""
METADATA = 'id,=cmd\n"=2+5",@SUM(A1)\n[bold]x[/],-1\n'
CODINGS = f"doc_id,unit,code\n=2+5,2,close\n=2+5,{10**23},close\n"
#: A transcript coded in a spreadsheet, its tags and words hostile too (a sheet with raw
#: control characters is refused as not being text: tried in REFUSED).
CODED_SHEET = (
    "timestamp,speaker,words,tags\n"
    '00:00:01,I,"What did it cost [EUR]?",\n'
    '00:00:05,R,"=HYPERLINK(""http://evil.example"") [laughs] port",close;=cmd;\n'
)
SPANS = f"doc_id,start,end,code\n=2+5,0,{10**23},close\n"


def laughs() -> str:
    lines = ["l0: &l0 [" + ", ".join(["lol"] * 9) + "]"]
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


HOSTILE_BOOKS = {
    "bomb.yaml": laughs() + "name: b\nversion: 1\ncodes:\n  - id: a\n    name: A\n"
    "    examples: *l9\n",
    "deep.yaml": "name: b\nversion: 1\ncodes:\n  - id: a\n    name: A\n    description: "
    + "[" * 3000
    + "]" * 3000
    + "\n",
    "surrogate.yaml": 'name: b\nversion: 1\ncodes:\n  - id: a\n    name: "x\\udc80"\n',
    "cycle.yaml": "name: b\nversion: 1\ncodes:\n  - id: a\n    name: A\n    parent: b\n"
    "  - id: b\n    name: B\n    parent: a\n",
    "twice.yaml": "name: b\nversion: 1\ncodes:\n  - id: a\n    name: A\n    name: B\n",
    "self.yaml": "name: b\nversion: 1\ncodes:\n  - &c {id: a, name: A, children: [*c]}\n",
    "python.yaml": "name: !!python/object/apply:os.system ['true']\nversion: 1\ncodes: []\n",
    "true.yaml": "name: b\nversion: 1\ncodes:\n  - id: true\n    name: A\n",
}
HOSTILE_TRANSCRIPTS = {
    "alias.md": "---\ncity: &c Bonn\npartner_city: *c\n---\nI: Hi\n\nR: port\n",
    "bomb.md": "---\n" + laughs() + "---\nI: Hi\n\nR: port\n",
    "deep.md": "---\ncity: " + "[" * 3000 + "]" * 3000 + "\n---\nI: Hi\n\nR: port\n",
    "surrogate.md": '---\ncity: "\\ud800"\n---\nI: Hi\n\nR: port\n',
}


def _write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    _write(folder, {"book.yaml": BOOK, "meta.csv": METADATA, "codings.csv": CODINGS})
    _write(folder, {"spans.csv": SPANS, "coded.csv": CODED_SHEET})
    _write(folder, {"controls.csv": CODED_SHEET.replace("[laughs]", "\x1b]0;owned\x07")})
    _write(folder, {"docs/t1.md": TRANSCRIPT_1, "docs/t2.md": TRANSCRIPT_2})
    _write(folder, {f"books/{n}": t for n, t in HOSTILE_BOOKS.items()})
    _write(folder, {f"fm/{n}": t for n, t in HOSTILE_TRANSCRIPTS.items()})
    (folder / "notes.db").write_bytes(b"not a database at all" * 100)
    return folder


def _setup(corpus: Path) -> list[list[str]]:
    return [
        ["init", "p.db", "--codebook", "book.yaml"],
        ["add", "docs", "--metadata", "meta.csv", "-p", "p.db"],
        ["autocode", "-p", "p.db"],
        ["tag", "=2+5", "2", "no", "--coder", "anna", "-p", "p.db"],
        ["memo", "Costs [EUR] and [laughs]", "--coder", "anna", "--doc", "=2+5", "-p", "p.db"],
        [
            "memo",
            "[/] [link=http://x]y[/link]",
            "--coder",
            "[bold]ben[/]",
            "--code",
            "close",
            "-p",
            "p.db",
        ],
        ["accept", "=2+5", "2", "close", "--coder", "anna", "-p", "p.db"],
        ["reject", "[bold]x[/]", "2", "--all", "--coder", "anna", "-p", "p.db"],
        ["import-sheet", "coded.csv", "--coder", "=gold", "-p", "p.db"],
        ["consensus", "--coders", "auto,anna", "-p", "p.db"],
        ["init", "empty.db"],
    ]


#: Commands that must work on the hostile project, showing its data as written.
READING = [
    ["codebook", "check", "book.yaml"],
    ["codebook", "show", "book.yaml", "--rules"],
    ["transcripts", "docs", "--metadata", "meta.csv", "--units"],
    ["code", "docs", "-c", "book.yaml", "--uncoded"],
    ["status", "-p", "p.db"],
    ["segments", "-p", "p.db"],
    ["themes", "-p", "p.db", "--by", "city"],
    ["themes", "-p", "p.db", "--by", "=cmd"],
    ["compare", "-p", "p.db", "--by", "city", "--permutations", "100"],
    ["cooccur", "-p", "p.db"],
    ["matrix", "-p", "p.db"],
    ["kwic", "port", "-p", "p.db"],
    ["kwic", "[bold]", "-p", "p.db"],
    ["agreement", "--coders", "auto,anna", "-p", "p.db", "--disagreements", "--bootstrap", "0"],
    ["segments", "-p", "p.db", "-o", "out/segments.xlsx"],
    ["segments", "-p", "p.db", "-o", "out/segments.csv"],
    ["matrix", "-p", "p.db", "-o", "out/matrix.xlsx"],
    ["themes", "-p", "p.db", "--by", "city", "-o", "out/themes.xlsx"],
    ["export", "codebook", "out/book.qdc", "-p", "p.db"],
    ["export", "project", "out/p.qdpx", "-p", "p.db"],
    ["memos", "-p", "p.db"],
    ["memos", "-p", "p.db", "-o", "out/memos.xlsx"],
    ["log", "-p", "p.db"],
    ["log", "1", "-p", "p.db"],
    ["report", "-p", "p.db", "-o", "out/report.html"],
    ["report", "-p", "p.db", "-o", "out/report.docx"],
    ["codebook", "export", "book.yaml", "-o", "out/book.html"],
    ["transcripts", "docs/t1.md", "--text", "-o", "out/t1.txt"],
    ["cache", "info"],
    ["cache", "clear"],
    ["rules", "-p", "p.db"],
    ["rules", "-p", "p.db", "-o", "out/rules.xlsx"],
    ["suggest", "close", "-p", "p.db", "--min-count", "1", "--min-keyness", "0"],
    ["codebook", "tune", "book.yaml", "-o", "out/tuned.yaml", "-p", "p.db", "--folds", "0"],
]

#: Hostile input: each must be refused with a clear error, and change nothing.
REFUSED = [
    *(["codebook", "check", f"books/{name}"] for name in HOSTILE_BOOKS),
    ["codebook", "load", "books/bomb.yaml", "-p", "p.db"],
    ["codebook", "load", "books/cycle.yaml", "-p", "p.db"],
    ["init", "new.db", "--codebook", "books/surrogate.yaml"],
    *(["transcripts", f"fm/{name}"] for name in HOSTILE_TRANSCRIPTS),
    ["add", "fm/bomb.md", "-p", "p.db"],
    ["code", "fm/deep.md", "-c", "book.yaml"],
    ["tag", "=2+5", str(10**23), "close", "--coder", "anna", "-p", "p.db"],
    ["untag", "=2+5", str(10**23), "close", "--coder", "anna", "-p", "p.db"],
    ["accept", "=2+5", "2", "close", "--coder", "anna", "--from", "nobody\x1b[2J", "-p", "p.db"],
    ["tag", "=2+5", "2", "close", "--coder", "anna", "--start", str(10**23), "-p", "p.db"],
    [
        "memo",
        "x",
        "--coder",
        "anna",
        "--doc",
        "=2+5",
        "--code",
        "close",
        "--unit",
        str(10**23),
        "-p",
        "p.db",
    ],
    ["tag", "=2+5", "2", "close", "--coder", "anna\udcff", "-p", "p.db"],
    ["memo", "Kosten \udcff", "--coder", "anna", "--doc", "=2+5", "-p", "p.db"],
    ["compare", "-p", "p.db", "--permutations", str(10**23)],
    ["agreement", "--coders", "auto,anna", "--bootstrap", str(10**23), "-p", "p.db"],
    ["autocode", "-p", "p.db", "--jobs", str(10**23)],
    ["code", "docs", "-c", "book.yaml", "-m", "meta.csv", "-o", "meta.csv"],
    ["code", "docs", "-c", "book.yaml", "-o", "docs/t1.md"],
    ["segments", "-p", "p.db", "-o", "link-to-project.csv"],
    ["themes", "-p", "p.db", "-o", "link-to-wal.csv"],
    ["export", "project", "link-to-project.qdpx", "-p", "p.db"],
    ["status", "-p", "notes.db"],
    ["status", "-p", "dropped.db"],
    ["segments", "-p", "dropped.db"],
    ["themes", "-p", "looped.db"],
    ["segments", "--code", "close", "-p", "looped.db"],
    ["merge", "looped.db", "-p", "empty.db"],
    ["import", "notes.db", "-p", "p.db"],
    ["review", "--coder", "anna", "-p", "p.db"],
    ["import-codings", "codings.csv", "--coder", "gold", "-p", "p.db"],
    ["import-codings", "spans.csv", "--coder", "gold", "-p", "p.db"],
    ["import-sheet", "fm/bomb.md", "--coder", "gold", "-p", "p.db"],
    ["import-sheet", "controls.csv", "--coder", "gold", "-p", "p.db"],
    ["memos", "-p", "p.db", "-o", "link-to-project.csv"],
    ["log", "-p", "p.db", "-o", "link-to-wal.csv"],
    ["consensus", "--coders", "auto,anna", "-p", "p.db", "-o", "link-to-project.csv"],
    ["report", "-p", "p.db", "-o", "link-to-project.html"],
    ["codebook", "export", "book.yaml", "-o", "link-to-book.md"],
    ["transcripts", "docs/t1.md", "--text", "-o", "docs/t1.md"],
    ["undo", "999", "-p", "p.db"],
    ["rules", "-p", "p.db", "-o", "link-to-project.csv"],
    ["suggest", "close", "-p", "p.db", "-o", "link-to-wal.csv"],
    ["codebook", "tune", "book.yaml", "-o", "link-to-project.yaml", "-p", "p.db"],
    ["codebook", "tune", "books/bomb.yaml", "-o", "out/bomb.yaml", "-p", "p.db"],
    ["import-codings", "fm/bomb.md", "--coder", "gold", "-p", "p.db"],
]


def _command(args: tuple[str, ...] | list[str]) -> str:
    skip = {"codebook", "export", "cache"}
    return " ".join(args[:2]) if args[0] in skip else args[0]


def test_every_command_holds_up_on_hostile_input(corpus: Path) -> None:
    setup = run_batch(_setup(corpus), folder=corpus, project=corpus / "p.db")
    for run in setup:
        assert_no_crash(run)
        assert run.exit_code == 0, run
    project = corpus / "p.db"
    # Damaged and looping copies of the project, and links that aim outputs at it.
    shutil.copy(project, corpus / "dropped.db")
    _sql(corpus / "dropped.db", "DROP TABLE codings")
    shutil.copy(project, corpus / "looped.db")
    _sql(corpus / "looped.db", "UPDATE codes SET parent = 'escape' WHERE code_id = 'close'")
    _sql(corpus / "looped.db", "UPDATE codes SET parent = 'close' WHERE code_id = 'escape'")
    (corpus / "link-to-project.csv").symlink_to(project)
    (corpus / "link-to-project.qdpx").symlink_to(project)
    (corpus / "link-to-project.html").symlink_to(project)
    (corpus / "link-to-project.yaml").symlink_to(project)
    (corpus / "link-to-book.md").symlink_to(corpus / "book.yaml")
    (corpus / "link-to-wal.csv").symlink_to(corpus / "p.db-wal")
    (corpus / "out").mkdir()

    before = project_state(project)
    refused = run_batch(REFUSED, folder=corpus, project=project)
    files = folder_state(corpus)
    for run in refused:
        assert_no_crash(run)
        assert run.exit_code in (1, 2), run
        assert run.project == before, run  # rows and integrity: unchanged
        assert {k: tuple(v) for k, v in (run.folder or {}).items()} == files, run
        assert run.seconds < 30, run
        _no_terminal_control(run)

    reading = run_batch(READING, folder=corpus, project=project)
    for run in reading:
        assert_no_crash(run)
        assert run.exit_code == 0, run
        assert run.project == before, run
        _no_terminal_control(run)
    shown = {_key(run): run for run in reading}
    # Data is printed as written, markup and all; control characters as symbols.
    assert "'[bold]CB[/]' version 1.10" in shown["codebook check book.yaml"].stderr
    assert "Codebook:    '[bold]CB[/]' version 1.10" in shown["status -p p.db"].stdout
    assert "[bold]ben[/]" in shown["status -p p.db"].stdout
    code = shown["code docs -c book.yaml --uncoded"].stdout
    assert "[/]" in code and "=2+5" in code and "Esc ␛]0;owned␇␛[2J" in code
    assert "Costs [EUR] were high [laughs]" in code
    assert "=2+5" in shown["segments -p p.db"].stdout
    listing = shown["transcripts docs --metadata meta.csv --units"].stdout
    assert "[bold]x[/]" in listing and "␛[2JBonn" in listing
    assert "=HYPERLINK" in shown["themes -p p.db --by city"].stdout
    _no_formulas(corpus / "out" / "segments.xlsx")
    _no_formulas(corpus / "out" / "matrix.xlsx")
    _no_formulas(corpus / "out" / "themes.xlsx")
    header = (corpus / "out" / "segments.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "'=cmd" in header.split(",")

    # Every command of the tool met the corpus.
    tried = {_command(run.args) for run in [*setup, *refused, *reading]}
    assert _all_commands() <= tried, _all_commands() - tried


def test_a_leftover_shm_on_a_full_disk_is_named_and_the_project_kept(tmp_path: Path) -> None:
    from tests.test_files import _project

    project = _project(tmp_path)
    before = project_state(project)
    (tmp_path / "p.db-shm").write_bytes(b"abc")  # what a full disk left behind
    # A file size limit stands in for the full disk: SQLite cannot grow the -shm file.
    run = run_bounded("status", "-p", project, cwd=tmp_path, file_size_kb=16)
    assert_no_crash(run)
    assert run.exit_code == 1, run
    assert "cannot be opened: SQLite cannot set up its shared-memory file p.db-shm" in run.stderr
    assert "the project file itself is intact" in run.stderr
    assert "not a SQLite database" not in run.stderr
    # With room again the same project opens as it was.
    run = run_bounded("status", "-p", project, cwd=tmp_path)
    assert run.exit_code == 0, run
    assert project_state(project) == before


def _sql(path: Path, statement: str) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute(statement)
    conn.close()


def _key(run: BatchRun) -> str:
    return " ".join(run.args)


def _no_terminal_control(run: BatchRun) -> None:
    for text in (run.stdout, run.stderr):
        assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text, run


def _no_formulas(path: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (path.name, cell.coordinate, cell.value)


def _all_commands() -> set[str]:
    from interviewkit.cli.app import app

    names = {c.name or c.callback.__name__ for c in app.registered_commands if c.callback}
    for group in app.registered_groups:
        sub = group.typer_instance
        names |= {
            f"{group.name} {c.name or c.callback.__name__}"
            for c in sub.registered_commands
            if c.callback
        }
    return {n.replace("_", "-") for n in names}
