"""Keyword in context: every place a term occurs, with its speaker and attributes.

The term is matched exactly as a codebook rule is (a word, a phrase, a glob
like ``partner*`` or a ``/regular expression/``): it becomes a one-code
codebook compiled by the coder's :class:`~interviewkit.coding.matcher.LanguageMatcher`,
so a word finds its inflected forms (``Stadt`` → ``Städte``) and a Chinese
word is found inside unsegmented text, in simplified and traditional script
alike (``参与`` finds ``參與``). Unlike coding, a negation before the term
does not hide it: a concordance shows every occurrence.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from interviewkit.errors import UsageError

if TYPE_CHECKING:
    import pandas as pd

    from interviewkit.codebook.model import Codebook
    from interviewkit.models import Transcript

__all__ = ["KWIC_COLUMNS", "kwic", "term_codebook"]

#: The columns of :func:`kwic`, before the transcripts' attributes.
KWIC_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "unit",
    "speaker",
    "interviewer",
    "language",
    "left",
    "match",
    "right",
    "start",
    "end",
)
_FIRST_ATTRIBUTES = ("city", "country", "partner_city", "institution")
_ELLIPSIS = "…"


def term_codebook(term: str, language: str) -> Codebook:
    """A codebook with one code whose only rule is ``term`` in ``language``."""
    from interviewkit.codebook.model import Code, Codebook
    from interviewkit.codebook.rules import RuleProblem, parse_rule

    try:
        rule = parse_rule(term, language=language, location="the search term")
    except RuleProblem as problem:
        raise UsageError(
            f"cannot search for {term!r}: {problem}",
            hint='Give a word (Stadt), a phrase ("city partnership"), a glob (partner*) '
            "or a regular expression between slashes (/Partner(stadt|schaft)/).",
        ) from None
    code = Code(id="term", name=term, negation=False, keywords={language: (rule,)})
    return Codebook(name="kwic", version="1", codes=(code,))


def _flat(text: str) -> str:
    return " ".join(text.split())


def _left(text: str, width: int) -> str:
    flat = _flat(text)
    if text[-1:].isspace() and flat:
        flat += " "
    return flat if len(flat) <= width else _ELLIPSIS + flat[len(flat) - width + 1 :]


def _right(text: str, width: int) -> str:
    flat = _flat(text)
    if text[:1].isspace() and flat:
        flat = " " + flat
    return flat if len(flat) <= width else flat[: width - 1] + _ELLIPSIS


def _narrow(match: Any, language: str) -> Any:
    """In Chinese a word is found inside a longer token; show just the word."""
    from interviewkit.coding.compiler import fold
    from interviewkit.coding.pipeline import UNSPACED

    if language not in UNSPACED or match.rule.kind not in ("word", "phrase"):
        return match
    needle = fold(language, "".join(match.rule.value.split()).lower())
    at = fold(language, match.text.lower()).find(needle)
    if at < 0 or len(needle) == len(match.text):
        return match
    start = match.start + at
    return match._replace(
        start=start, end=start + len(needle), text=match.text[at : at + len(needle)]
    )


def kwic(
    transcripts: Iterable[Transcript],
    term: str,
    *,
    languages: Sequence[str] | None = None,
    width: int = 40,
    interviewer: bool = True,
    models: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Every occurrence of ``term``, with up to ``width`` characters of context each side.

    Context stays inside the unit (the speaker's turn), with line breaks shown
    as spaces. ``languages`` limits the search to transcripts in those
    languages (default: every language); ``interviewer=False`` leaves out the
    interviewer's turns. ``start``/``end`` are offsets into the transcript's
    text. Columns: :data:`KWIC_COLUMNS`, then every metadata attribute.

    Raises
    ------
    UsageError
        A term that is not a valid rule, or a language no transcript is in.
    """
    import pandas as pd

    from interviewkit.coding.matcher import LanguageMatcher
    from interviewkit.coding.pipeline import get_pipeline

    docs = list(transcripts)
    present = sorted({d.language or "xx" for d in docs})
    wanted = list(languages) if languages else present
    missing = [lang for lang in wanted if lang not in present]
    if languages and missing and docs:
        raise UsageError(
            f"no transcript is in '{missing[0]}'",
            hint=f"These transcripts are in: {', '.join(present)}.",
        )
    matchers: dict[str, LanguageMatcher] = {}
    for lang in wanted:
        if lang in present:
            nlp = get_pipeline(lang, (models or {}).get(lang))
            matchers[lang] = LanguageMatcher(term_codebook(term, lang), lang, nlp)
    attributes = list(_FIRST_ATTRIBUTES)
    for doc in docs:
        attributes += [k for k in doc.metadata if k not in attributes and k != "language"]
    rows = []
    for doc in docs:
        language = doc.language or "xx"
        matcher = matchers.get(language)
        if matcher is None:
            continue
        units = [u for u in doc.units if interviewer or not u.interviewer]
        texts = [doc.unit_text(u) for u in units]
        found, _ = matcher.match_all(texts)  # units over spaCy's limit in pieces
        for unit, text, matches in zip(units, texts, found, strict=True):
            for match in matches:
                match = _narrow(match, language)
                rows.append(
                    [
                        doc.id,
                        unit.index,
                        unit.speaker,
                        unit.interviewer,
                        language,
                        _left(text[: match.start], width),
                        _flat(match.text),
                        _right(text[match.end :], width),
                        unit.start + match.start,
                        unit.start + match.end,
                        *(doc.metadata.get(a) for a in attributes),
                    ]
                )
    # A metadata attribute named like a column (``interviewer``: the interviewer's
    # name) keeps its value under a distinct name.
    names = [f"{a} (metadata)" if a in KWIC_COLUMNS else a for a in attributes]
    frame = pd.DataFrame(rows, columns=[*KWIC_COLUMNS, *names])
    frame = frame.drop_duplicates(["doc_id", "start", "end"])
    return frame.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)
