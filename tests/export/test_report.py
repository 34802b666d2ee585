"""``interviewkit report`` and ``codebook export``: what the files hold, escaped and whole."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import CODEBOOK, SAMPLES

REPORT = Path(__file__).resolve().parents[1] / "data" / "report"
FILES = (REPORT / "transcripts", "-c", REPORT / "codebook.yaml")
HOSTILE = ('<script>alert("xss")</script>', '<img src=x onerror="alert(1)">',
           "</script><script>alert(2)</script>", "<b>Leeds</b>", "<i>rivals</i>",
           '<script>alert("codebook")</script>', "<em>codebook</em>")


class Tags(HTMLParser):
    """Every start tag with its attributes, the text of each <script>, and every id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.ids: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if "id" in dict(attrs):
            self.ids.append(str(dict(attrs)["id"]))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile trilingual study, coded on the fly, written as HTML (built once)."""
    from interviewkit.cli import main

    path = tmp_path_factory.mktemp("report") / "study.html"
    code = main(["report", *map(str, FILES), "--by", "city", "--by", "country",
                 "--quotes", "1", "-o", str(path), "--permutations", "200"])
    assert code == 0
    return path


def test_report_is_self_contained_and_runs_only_its_own_script(study: Path) -> None:
    from importlib import resources

    text = study.read_text(encoding="utf-8")
    parser = Tags()
    parser.feed(text)
    ours = resources.files("interviewkit.export").joinpath("assets/report.js").read_text("utf-8")
    assert parser.scripts == [ours]  # a transcript's <script> is text, never a tag
    for tag, attrs in parser.tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        for name in ("src", "href", "xlink:href"):
            value = attrs.get(name)
            assert value is None or value.startswith(("#", "data:")), (tag, name, value)
        assert tag not in ("img", "iframe", "object", "embed", "link", "b", "i", "em")
    assert "Content-Security-Policy" in text and "default-src 'none'" in text
    for hostile in HOSTILE:
        assert hostile not in text
    assert "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;" in text
    assert "&lt;b&gt;Leeds&lt;/b&gt;" in text and "{{ 7*7 }}" in text
    assert "成都" in text and "zählt" in text and "Arbeitsplätze" in text


def test_links_land_and_ids_are_unique(study: Path) -> None:
    parser = Tags()
    parser.feed(study.read_text(encoding="utf-8"))
    ids = parser.ids
    assert len(ids) == len(set(ids))
    targets = [str(a["href"])[1:] for t, a in parser.tags if t == "a" and a.get("href")]
    assert targets and not set(targets) - set(ids)
    for section in ("glance", "codebook", "themes", "quotes", "memos"):
        assert section in targets  # the table of contents
    # a code links to its quotes, its codebook entry and its table row, and back
    assert {"q-c2", "cb-c2", "row-b1-c2", "row-b2-c2"} <= set(targets) & set(ids)


def test_report_content_counts_and_footnotes(study: Path) -> None:
    text = study.read_text(encoding="utf-8")
    assert "The study at a glance" in text and "Which coding is counted" in text
    assert "Counted: auto (unreviewed suggestions) — each unit and code once." in text
    assert "Holm&#x27;s adjustment runs over the 3 leaf codes" in text  # the terminal's notes
    assert text.count('<figure class="figure-heatmap">') == 2
    assert text.count('<figure class="figure-bars">') == 2
    assert "Overall (9 codings of the leaf codes)" in text
    assert "Investitionen" in text and "<mark>经济发展</mark>" in text
    # --quotes 1: the other quote of Economy from Leeds is behind "Show 1 more"
    assert "Show 1 more from &lt;b&gt;Leeds&lt;/b&gt;" in text
    assert "No memos." in text and "Agreement of" not in text  # one coder only


def test_quotes_are_the_counted_units(tmp_path: Path) -> None:
    """A code's quotes are exactly its units in the theme table (per group, too)."""
    from interviewkit.codebook import load_codebook
    from interviewkit.coding import Coder
    from interviewkit.export.report import coding_choice, gather_report
    from interviewkit.transcripts import read_transcripts
    from interviewkit.workflow import one_shot

    book = load_codebook(CODEBOOK)
    docs = read_transcripts(SAMPLES, metadata_file=SAMPLES / "metadata.csv")
    with one_shot(docs, book, Coder(book)) as project:
        project.import_codings(_gold_rows(project), coder="gold")
        project.memo("Pride & <doubt>", coder="anna", doc_id="bonn_de_01", unit_index=8, code="uncertainty")
        report = gather_report(project, by=["country"], choice=coding_choice("gold"),
                               permutations=200, bootstrap=50)
    units = report.themes[0].measures["units"]
    for code, quotes in report.quotes.items():
        if book.children(code):
            continue
        for group, items in quotes.groups.items():
            assert len(items) == units.at[code, group], (code, group)
        assert quotes.count == units.at[code, "total"]
        assert all(q.coders == ("gold",) for items in quotes.groups.values() for q in items)
    assert report.counted[0].startswith("Counted: gold")
    assert report.agreement is not None and report.agreement.coders == ("auto", "gold")
    assert list(report.memos["text"]) == ["Pride & <doubt>"]


def test_coders_without_a_document_in_common_leave_a_note_not_a_failed_report() -> None:
    """Two people who coded different transcripts: the report is made and says why no agreement."""
    from interviewkit.codebook import load_codebook
    from interviewkit.coding import Coder
    from interviewkit.export.report import gather_report
    from interviewkit.transcripts import read_transcripts
    from interviewkit.workflow import one_shot

    book = load_codebook(CODEBOOK)
    docs = read_transcripts(SAMPLES, metadata_file=SAMPLES / "metadata.csv")
    rows = _gold_rows(None)
    with one_shot(docs, book, Coder(book)) as project:
        project.import_codings([r for r in rows if r.doc_id == "bonn_de_01"], coder="anna")
        project.import_codings([r for r in rows if r.doc_id == "wuhan_zh_01"], coder="ben")
        report = gather_report(project, by=["country"], permutations=50, bootstrap=20)
    assert report.agreement is None
    assert report.agreement_note.startswith("No agreement to report: no document was coded by")
    assert "anna: 1 document(s); ben: 1 document(s)" in report.agreement_note
    from interviewkit.export.html_report import report_html

    assert "No agreement to report" in report_html(report)


def _gold_rows(project):  # type: ignore[no-untyped-def]
    from interviewkit.analysis.reliability import read_codings

    return read_codings(SAMPLES / "gold_standard.csv")


def test_word_report(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    import docx

    path = tmp_path / "study.docx"
    result = cli("report", *FILES, "--by", "city", "-o", path, "--permutations", "200")
    assert result.exit_code == 0, result
    assert "Wrote the report" in result.stderr and "1 comparison) to" in result.stderr
    document = docx.Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    for expected in ("The study at a glance", "Codebook", "Themes and comparisons", "By city",
                     "Memos", "Appendix: quotes per code, by city", "Economy (4)", "成都 (1)"):
        assert expected in headings, headings
    assert len(document.inline_shapes) == 2  # heatmap and bars
    codebook = document.tables[1]
    assert codebook.rows[0].cells[0].text == "Code"
    assert [r.cells[0].text.split("\n")[0] for r in codebook.rows[1:]] == [
        "Motives", "Economy", "Competition $\\alpha$ <i>rivals</i>", "Uncertainty"]
    assert "Include: Economic motives and benefits." in codebook.rows[2].cells[1].text
    quotes = [p for p in document.paragraphs if p.style.name == "Quote"]
    assert len(quotes) == 9
    chinese = next(p for p in quotes if "经济发展" in p.text)
    assert [r.text for r in chinese.runs if r.bold] == ["经济发展", "投资", "就业"]
    assert any('<script>alert("xss")</script>' in p.text for p in quotes)  # text, as it was said


def test_codebook_export_three_formats(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    import docx

    book = REPORT / "codebook.yaml"
    for suffix in ("md", "html", "docx"):
        result = cli("codebook", "export", book, "-o", tmp_path / f"cb.{suffix}", "--rules")
        assert result.exit_code == 0, result
    markdown = (tmp_path / "cb.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Report test &lt;em&gt;codebook&lt;/em&gt;\n")
    assert "### Competition \\$\\\\alpha\\$ &lt;i&gt;rivals&lt;/i&gt; (competition)" in markdown
    assert "under: motives; colour: #56b4e9." in markdown.lower() and "- 吸引德国企业来投资。" in markdown
    assert "**Rules (zh):** 投资, 经济发展, 就业" in markdown
    page = (tmp_path / "cb.html").read_text(encoding="utf-8")
    parser = Tags()
    parser.feed(page)
    assert parser.scripts == [] and "&lt;script&gt;alert" in page
    assert 'id="cb-c3" style="--code-colour:#56b4e9"' in page.lower()
    assert page.index('id="cb-c1"') < page.index('id="cb-c2"') < page.index("</article>")  # nested
    document = docx.Document(str(tmp_path / "cb.docx"))
    grid = document.tables[0]
    assert [c.text for c in grid.rows[0].cells] == ["Code", "Definition and criteria", "Examples"]
    assert "Rules (zh): 投资, 经济发展, 就业" in grid.rows[2].cells[1].text
    assert "• 吸引德国企业来投资。" in grid.rows[2].cells[2].text


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("report", *FILES, "-o", "study.pdf"), 2, "'.pdf' is not a report format"),
        (("report", *FILES, "-o", "study.html", "--by", "region"), 2, "'region' is not an attribute"),
        (("report", *FILES, "-o", "study.html", "--font", "Nope Sans"), 2, "no installed font"),
        (("report", *FILES, "-o", "no/such/folder/study.html"), 2, "does not exist"),
        (("codebook", "export", REPORT / "codebook.yaml", "-o", "cb.pdf"), 2,
         "'.pdf' is not a codebook format"),
    ],
)
def test_usage_errors(cli, args: tuple[str, ...], code: int, message: str, tmp_path: Path,  # type: ignore[no-untyped-def]
                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli(*args)
    assert result.exit_code == code, result
    assert message in result.stderr and "Hint:" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_a_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    from interviewkit.errors import OutputError
    from interviewkit.files import write_with

    target = tmp_path / "study.html"
    target.write_text("the good one", encoding="utf-8")

    def half(path: Path) -> None:
        path.write_text("half", encoding="utf-8")
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError, match="disk is full"):
        write_with(target, half)
    assert target.read_text(encoding="utf-8") == "the good one"
    assert [p.name for p in tmp_path.iterdir()] == ["study.html"]


def test_markup_helpers() -> None:
    from interviewkit.export.markup import colour, esc, md, plain

    assert esc('\x1b]0;title\x07<b x="1">') == "␛]0;title␇&lt;b x=&quot;1&quot;&gt;"
    assert plain("a\x00b\x7f") == "a␀b␡"
    assert md("1. not a list") == "1\\. not a list" and md("a_b*c") == "a\\_b\\*c"
    assert colour("#aabbcc") == "#aabbcc" and colour("red;}</style>") is None
