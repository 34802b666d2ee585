"""Fuzzing the codebook loader and the front matter: any text gives a result or a located error.

Hypothesis builds texts from the pieces YAML is made of (indentation,
brackets, anchors and aliases, tags, quotes and escapes, the keys of a
codebook) and from arbitrary characters. Whatever it builds, reading it must
end in a codebook (whose hierarchy can be walked) or in the tool's own error,
never in another exception; the whole test runs bounded in time and memory.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviewkit.codebook import load_codebook
from interviewkit.errors import InterviewkitError
from interviewkit.transcripts.text import split_front_matter
from tests.hostile import bounded

PIECES = [
    "name: study\n",
    "version: 1\n",
    "version: 1.10\n",
    "codes:\n",
    "  - id: a\n",
    "  - id: b\n",
    "    name: ",
    "    parent: a\n",
    "    parent: b\n",
    "    children:\n",
    "      - id: c\n",
    "    keywords: {en: [",
    "de: [",
    "]}\n",
    "    negation: ",
    "window: ",
    "[",
    "]",
    "{",
    "}",
    ", ",
    ": ",
    "- ",
    "? ",
    "  ",
    "    ",
    "\n",
    "\t",
    "#",
    "|",
    ">",
    "&a ",
    "*a",
    "&b ",
    "*b",
    "<<: ",
    "!!str ",
    "!!python/object:os.system ",
    "!!binary ",
    "!x ",
    "'",
    '"',
    "\\u",
    "\\udc80",
    '"\\ud800"',
    "\\e[2J",
    "\\x00",
    "yes",
    "no",
    "on",
    "off",
    "true",
    "~",
    "null",
    "007",
    "1.10",
    ".inf",
    "2020-05-01",
    "/(a+)+$/",
    "partner*",
    "*",
    "?",
    "[/]",
    "[bold]",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "\ufeff",
]
TEXTS = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=60).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_any_codebook_text_loads_or_is_a_located_error(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder, bounded(seconds=60, memory_mb=1000):
        path = Path(folder) / "book.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            book = load_codebook(path)
        except InterviewkitError as exc:
            assert exc.message and "Traceback" not in exc.message
            return
        walked = [code.id for code in book.walk()]
        assert len(walked) <= len(book.codes)
        for code in book.codes:
            book.ancestors(code.id)
            book.descendants(code.id)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_any_front_matter_reads_or_is_a_located_error(block: str) -> None:
    text = "---\n" + block.replace("\n---", "\n -") + "\n---\nI: Hallo\n\nB: Tschüss\n"
    with bounded(seconds=60, memory_mb=1000):
        try:
            metadata, body = split_front_matter(text, Path("fuzz.md"))
        except InterviewkitError as exc:
            assert exc.message.startswith("fuzz.md, line ")
            return
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in metadata.items())
    assert body.endswith("B: Tschüss\n")
