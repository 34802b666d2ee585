"""Codebooks and compiled rules as plain JSON data, and back, for the cache.

Turning data back into objects checks every field's type and every
reference (an entry index within the codebook's rules, a rule of the right
kind); anything unexpected raises :class:`Unusable`, and the caller compiles
afresh. Only the three classes of the codebook model are ever made.
"""

from __future__ import annotations

import dataclasses
import json
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewkit.codebook.model import Code, Codebook, Rule
from interviewkit.coding import cache as caching
from interviewkit.coding.cache import DiskCache
from interviewkit.coding.compiler import CompiledRules, entries_of, negation_words

if TYPE_CHECKING:
    from spacy.language import Language

    from interviewkit.coding.matcher import LanguageMatcher

_CLASSES: dict[str, type[Any]] = {"Codebook": Codebook, "Code": Code, "Rule": Rule}


class Unusable(ValueError):
    """Stored data that does not fit what it should be: compile again."""


# -- codebooks -------------------------------------------------------------------


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and type(value).__name__ in _CLASSES:
        fields = {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"@": type(value).__name__, **fields}
    if isinstance(value, tuple):
        return {"@": "tuple", "items": [_encode(v) for v in value]}
    if isinstance(value, dict):
        return {"@": "dict", "items": [[k, _encode(v)] for k, v in value.items()]}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot keep a {type(value).__name__}")


def _decode(value: Any, depth: int = 0) -> Any:
    if depth > 20:
        raise Unusable("nested too deep")
    if isinstance(value, dict):
        kind = value.get("@")
        if kind == "tuple":
            return tuple(_decode(v, depth + 1) for v in _list(value.get("items")))
        if kind == "dict":
            out = {}
            for pair in _list(value.get("items")):
                key, item = _list(pair)
                out[_str(key)] = _decode(item, depth + 1)
            return out
        cls = _CLASSES.get(kind) if isinstance(kind, str) else None
        if cls is None:
            raise Unusable(f"unknown kind {kind!r}")
        names = {f.name for f in dataclasses.fields(cls)}
        fields = {k: _decode(v, depth + 1) for k, v in value.items() if k != "@"}
        if set(fields) != names:
            raise Unusable(f"{kind} has other fields")
        return cls(**fields)
    if isinstance(value, list):
        raise Unusable("a list where a value was expected")
    return value


def codebook_data(book: Codebook) -> Any:
    """The codebook as plain JSON data."""
    return _encode(book)


def codebook_from_data(data: Any) -> Codebook:
    book = _decode(data)
    if not isinstance(book, Codebook):
        raise Unusable("not a codebook")
    return book


#: Codebooks read through the cache → (the codebook, the key of its file): a file's key is
#: a fingerprint of the codebook too, and costs nothing more.
_FILE_KEYS: dict[int, tuple[weakref.ref[Codebook], str]] = {}


def codebook_digest(book: Codebook) -> str:
    """A fingerprint of everything a codebook is made of."""
    known = _FILE_KEYS.get(id(book))
    if known is not None and known[0]() is book:
        return known[1]
    text = json.dumps(codebook_data(book), ensure_ascii=False, sort_keys=True)
    return caching.digest(text)


def _remember(book: Codebook, key: str) -> Codebook:
    ident = id(book)
    _FILE_KEYS[ident] = (weakref.ref(book, lambda _: _FILE_KEYS.pop(ident, None)), key)
    return book


def load_codebook_cached(
    path: str | Path, *, language: str | None = None, cache: bool = True
) -> Codebook:
    """:func:`~interviewkit.codebook.load_codebook`, from the cache when the file is unchanged.

    Keyed by the file's bytes and name; a codebook with problems is never
    kept (loading it again reports them). ``cache=False`` reads the file only.
    """
    from interviewkit.codebook import load_codebook

    store = DiskCache.default() if cache else None
    if store is None:
        return load_codebook(path, language=language)
    try:
        raw = Path(path).read_bytes()
    except OSError:
        return load_codebook(path, language=language)  # its own message
    key = caching.digest(caching.code_fingerprint(), str(path), language or "", raw)
    data = store.get("codebook", key)
    if data is not None:
        try:
            return _remember(codebook_from_data(data), key)
        except (Unusable, TypeError, ValueError):
            pass
    book = load_codebook(path, language=language)
    try:
        data = codebook_data(book)
        if codebook_from_data(json.loads(json.dumps(data))) == book:
            store.put("codebook", key, data)
            _remember(book, key)
    except (TypeError, ValueError):  # a field the cache cannot keep: simply not kept
        pass
    return book


# -- compiled rules --------------------------------------------------------------


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise Unusable("a list was expected")
    return value


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise Unusable("text was expected")
    return value


def _words(value: Any) -> list[str]:
    words = [_str(w) for w in _list(value)]
    if not words or not all(words):
        raise Unusable("empty words")
    return words


def compiled_data(matcher: LanguageMatcher) -> dict[str, Any]:
    """What a built matcher knows beyond its codebook: compiled rules and learned words."""
    c = matcher.compiled
    return {
        "entries": len(c.entries),
        "phrases": [[idx, words] for idx, words in c.phrases.items()],
        "patterns": [[idx, pattern] for idx, pattern in c.patterns.items()],
        "token_patterns": c.token_patterns,
        "regexes": c.regexes,
        "types": [list(t) for t in c.types],
        "phrase_index": [[idx, forms] for idx, forms in c.phrase_index],
        "learned": [[idx, words] for idx, words in matcher.learned_words.items()],
        "tested": sorted(matcher.vocabulary.tested),
    }


def compiled_from_data(
    data: Any, codebook: Codebook, language: str
) -> tuple[CompiledRules, dict[int, list[str]], list[str]]:
    """Compiled rules, learned words and tested words, checked against the codebook."""
    if not isinstance(data, dict):
        raise Unusable("not a mapping")
    entries = entries_of(codebook, language)
    if data.get("entries") != len(entries):
        raise Unusable("another codebook")

    def entry(value: Any, *kinds: str) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < len(entries):
            raise Unusable("no such entry")
        if entries[value].rule.kind not in kinds:
            raise Unusable("an entry of another kind")
        return value

    negations = negation_words(codebook, language)
    compiled = CompiledRules(language, entries, codebook.negation_window, negations)
    compiled.source = codebook.source or ""
    for idx, patterns in map(_list, _list(data.get("phrases"))):
        compiled.phrases[entry(idx, "word", "phrase")] = [_words(p) for p in _list(patterns)]
    for idx, pattern in map(_list, _list(data.get("patterns"))):
        if not all(isinstance(token, dict) for token in _list(pattern)):
            raise Unusable("a token pattern is a list of mappings")
        compiled.patterns[entry(idx, "glob", "pattern")] = pattern
    compiled.token_patterns = data.get("token_patterns") is True
    compiled.regexes = [entry(idx, "regex") for idx in _list(data.get("regexes"))]
    for idx, body, twin in map(_list, _list(data.get("types"))):
        compiled.types.append((entry(idx, "word", "phrase", "glob"), _str(body), _str(twin)))
    for idx, forms in map(_list, _list(data.get("phrase_index"))):
        choices = [_words(f) for f in _list(forms)]
        if len(choices) < 2:
            raise Unusable("an indexed phrase has two words or more")
        compiled.phrase_index.append((entry(idx, "phrase", "word"), choices))
    learned = {}
    for idx, words in map(_list, _list(data.get("learned"))):
        learned[entry(idx, "word", "phrase", "glob")] = _words(words)
    tested = [_str(w) for w in _list(data.get("tested"))]
    return compiled, learned, tested


def build_matcher(
    codebook: Codebook,
    language: str,
    nlp: Language,
    *,
    pipeline: str = "",
    store: caching.Store | None = None,
    digest: str | None = None,
) -> LanguageMatcher:
    """The matcher of a codebook for a language, from ``store`` when it holds it.

    ``pipeline`` names the spaCy pipeline (its tokenizer shapes the patterns);
    ``digest`` is :func:`codebook_digest` when the caller has it.
    """
    from interviewkit.coding.matcher import LanguageMatcher

    if store is None:
        return LanguageMatcher(codebook, language, nlp)
    key = caching.digest(
        caching.code_fingerprint(),
        caching.library_versions(),
        language,
        pipeline,
        str(nlp.meta.get("version", "")),
        digest or codebook_digest(codebook),
    )
    data = store.get(f"rules-{language}", key)
    if data is not None:
        try:
            compiled, learned, tested = compiled_from_data(data, codebook, language)
            return LanguageMatcher.from_compiled(compiled, nlp, learned=learned, tested=tested)
        except Exception:  # whatever is wrong with it, compile afresh
            pass
    built = LanguageMatcher(codebook, language, nlp)
    store.put(f"rules-{language}", key, compiled_data(built))
    return built
