"""Parsing of the rule strings users write in a codebook.

A rule's kind follows from how it is written (see docs/codebook-format.md):
``/…/`` is a regular expression, a string with ``*`` or ``?`` a glob, a string
with spaces a phrase, anything else a word; a mapping ``{pattern: [...]}`` is a
spaCy token pattern.
"""

from __future__ import annotations

import json
import re
from typing import Any

from interviewkit.codebook.model import Rule

#: Token attributes spaCy's Matcher understands (the structural check here;
#: spaCy itself validates the pattern when the coder compiles it).
TOKEN_ATTRIBUTES = frozenset(
    {
        "ORTH",
        "TEXT",
        "NORM",
        "LOWER",
        "LENGTH",
        "LEMMA",
        "SHAPE",
        "PREFIX",
        "SUFFIX",
        "POS",
        "TAG",
        "MORPH",
        "DEP",
        "ENT_TYPE",
        "ENT_IOB",
        "ENT_ID",
        "ENT_KB_ID",
        "IS_ALPHA",
        "IS_ASCII",
        "IS_DIGIT",
        "IS_LOWER",
        "IS_UPPER",
        "IS_TITLE",
        "IS_PUNCT",
        "IS_SPACE",
        "IS_STOP",
        "IS_SENT_START",
        "IS_BRACKET",
        "IS_QUOTE",
        "IS_LEFT_PUNCT",
        "IS_RIGHT_PUNCT",
        "IS_CURRENCY",
        "LIKE_NUM",
        "LIKE_URL",
        "LIKE_EMAIL",
        "SPACY",
        "SENT_START",
        "OP",
        "_",
    }
)
_OPS = frozenset({"!", "?", "+", "*", "{", "}"})


class RuleProblem(ValueError):
    """A rule cannot be used; the message says why (without the location)."""


def parse_rule(item: Any, *, language: str, location: str) -> Rule:
    """Turn one item of a ``keywords`` list into a :class:`Rule`."""
    if isinstance(item, dict):
        if set(item) != {"pattern"}:
            raise RuleProblem(
                "a rule given as a mapping must have the single key 'pattern' "
                f"(found: {', '.join(map(str, item))})"
            )
        return Rule("pattern", check_token_pattern(item["pattern"]), language, location)
    if isinstance(item, bool) or item is None:
        raise RuleProblem(f"a rule must be text, not {item!r}; quote it in YAML")
    if isinstance(item, (int, float)):
        item = str(item)
    if not isinstance(item, str):
        raise RuleProblem(f"a rule must be text or {{pattern: [...]}}, not {type(item).__name__}")
    value = " ".join(item.split())
    if not value:
        raise RuleProblem("empty rule")
    if len(value) >= 2 and value.startswith("/") and value.endswith("/"):
        body = value[1:-1]
        try:
            re.compile(body)
        except re.error as exc:
            raise RuleProblem(f"invalid regular expression {body!r}: {exc}") from None
        return Rule("regex", body, language, location)
    if value.startswith("/"):
        raise RuleProblem(
            f"{value!r} starts with '/' but does not end with one; "
            "write a regular expression as /pattern/"
        )
    if "*" in value or "?" in value:
        for token in value.split():
            if not token.strip("*?"):
                raise RuleProblem(f"glob {value!r} has a part made only of wildcards")
        return Rule("glob", value, language, location)
    if " " in value:
        return Rule("phrase", value, language, location)
    return Rule("word", value, language, location)


def check_token_pattern(pattern: Any) -> str:
    """Check a spaCy token pattern's shape and return it as JSON text."""
    if not isinstance(pattern, list) or not pattern:
        raise RuleProblem("a token pattern must be a non-empty list of token mappings")
    for i, token in enumerate(pattern):
        if not isinstance(token, dict):
            raise RuleProblem(f"token {i} of the pattern must be a mapping like {{LOWER: stadt}}")
        for key, value in token.items():
            if str(key).upper() not in TOKEN_ATTRIBUTES:
                raise RuleProblem(f"token {i} of the pattern: unknown attribute {key!r}")
            if str(key).upper() == "OP" and value not in _OPS:
                raise RuleProblem(
                    f"token {i} of the pattern: OP must be one of ! ? + *, not {value!r}"
                )
    normalised = [{str(k).upper(): v for k, v in token.items()} for token in pattern]
    return json.dumps(normalised, ensure_ascii=False, sort_keys=True)


def glob_to_regex(glob: str, *, anchored: bool = True) -> str:
    """A glob token (``partner*``, ``*schaft``) as a regex for lowercase token text.

    Anchored, the regex must match the whole token; unanchored, it finds the
    glob's letters anywhere inside a token (for languages written without
    spaces).
    """
    if not anchored:
        glob = glob.strip("*")
    parts = []
    for ch in glob.lower():
        if ch == "*":
            parts.append(r"\w*")
        elif ch == "?":
            parts.append(r"\w")
        else:
            parts.append(re.escape(ch))
    body = "".join(parts)
    return f"^{body}$" if anchored else body
