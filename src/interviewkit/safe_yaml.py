"""One YAML loader for every YAML the tool reads: bounded, safe, and text as written.

Codebooks and transcripts' front matter come from many hands (a dictionary
from the web, a colleague's transcript), so the loader is built for hostile
input:

- **Bounded.** Nesting deeper than :data:`MAX_DEPTH` levels is refused before
  anything recursive runs (no ``RecursionError``); aliases (``*name``) may add
  at most :data:`ALIAS_BUDGET` values in all (a "billion laughs" of a few
  hundred bytes is refused at the alias that goes over), an alias inside the
  very node it names is refused, and a caller may refuse aliases altogether.
- **Safe.** Only plain data is built: mappings, lists, text, whole numbers,
  ``true``/``false`` and null. Any other tag (``!!python/object``, ``!!set``,
  ``!!float``, …) is an error, as is a key given twice in one mapping and a
  lone surrogate (``"\\udc80"``), which is half a character and cannot be
  stored.
- **Text as written.** YAML 1.1 reads ``no``, ``on``, ``yes`` and ``off`` as
  booleans, ``1.10`` as the number 1.1, ``007`` as 7 and ``2020-05-01`` as a
  date. Here a plain value becomes a number only when the number writes back
  exactly as it was written (``12``, ``-3``), a boolean only when written
  ``true`` or ``false``, and stays text otherwise: the code ``no`` (Norway)
  stays ``"no"``, the version ``1.10`` stays ``"1.10"``.

Every refusal is a :class:`yaml.MarkedYAMLError` (:class:`YamlRefused`, with
a hint, for the bounds, repeated keys and surrogates), so that callers name
the line as they do for syntax errors.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.resolver import BaseResolver

#: Lists and mappings may nest this deep; a codebook nests a few levels per code level.
MAX_DEPTH = 100
#: Values that aliases (``*name``) may add to a document in all, counted as expanded.
ALIAS_BUDGET = 100_000

_SURROGATE = re.compile("[\ud800-\udfff]")


class YamlRefused(yaml.MarkedYAMLError):  # type: ignore[misc]
    """The document goes beyond a bound of the loader, or holds what cannot be stored.

    ``hint`` says what to change.
    """

    def __init__(self, problem: str, mark: Any, hint: str) -> None:
        super().__init__(problem=problem, problem_mark=mark)
        self.hint = hint


@dataclass(frozen=True)
class YamlDocument:
    """The loaded data, and its node tree (with the line of every value) for messages."""

    data: Any
    node: Any


class _Resolver(BaseResolver):  # type: ignore[misc]
    """Implicit types only where nothing is lost: exact whole numbers, true/false, null."""

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 - PyYAML's class-level registry
    _key = False

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        # The composer says where the next node stands: a key has no index.
        self._key = isinstance(current_node, yaml.MappingNode) and current_index is None

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        """Keys are always text (``no:``, ``1:`` and ``null:`` name things, they count nothing)."""
        if kind is yaml.ScalarNode and self._key and implicit[0]:
            return self.DEFAULT_SCALAR_TAG
        return super().resolve(kind, value, implicit)


_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


class _Constructor(SafeConstructor):  # type: ignore[misc]
    """Plain data only; a repeated key and a lone surrogate are errors with their place."""

    yaml_constructors: dict[Any, Any] = {}  # noqa: RUF012 - PyYAML's class-level registry

    def construct_scalar(self, node: Any) -> Any:
        value = super().construct_scalar(node)
        found = _SURROGATE.search(value) if isinstance(value, str) else None
        if found:
            raise YamlRefused(
                f"the text holds {found.group()!r}, half of a surrogate pair, which is not "
                "a character and cannot be stored",
                node.start_mark,
                "Write the character itself instead of its \\u escape, or remove the escape.",
            )
        return value

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):
            raise ConstructorError(
                None, None, f"expected a mapping, but found {node.id}", node.start_mark
            )
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):
                raise ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    "a key is a list or a mapping; keys must be plain text",
                    key_node.start_mark,
                )
            if key in mapping:
                raise YamlRefused(
                    f"the key {key!r} is given twice in the same mapping",
                    key_node.start_mark,
                    "Keep one of the two (merge their values into it); YAML would "
                    "silently drop the first.",
                )
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


for _tag, _construct in (
    ("tag:yaml.org,2002:null", SafeConstructor.construct_yaml_null),
    ("tag:yaml.org,2002:bool", SafeConstructor.construct_yaml_bool),
    ("tag:yaml.org,2002:int", SafeConstructor.construct_yaml_int),
    ("tag:yaml.org,2002:str", SafeConstructor.construct_yaml_str),
    ("tag:yaml.org,2002:seq", SafeConstructor.construct_yaml_seq),
    ("tag:yaml.org,2002:map", SafeConstructor.construct_yaml_map),
    (None, SafeConstructor.construct_undefined),
):
    _Constructor.add_constructor(_tag, _construct)

_PURE: tuple[type, ...] = (
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    yaml.composer.Composer,
)


class _PyLoader(*_PURE, _Constructor, _Resolver):  # type: ignore[misc]
    """PyYAML's own parser: its error messages are the ones callers explain."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        _Constructor.__init__(self)
        _Resolver.__init__(self)


# libyaml's parser where PyYAML was built with it: several times faster on large codebooks
# and on many transcripts. Both parsers keep their own stack, so deep input cannot overflow
# Python's; the composer and constructor recurse, and run only after the depth was checked.
try:
    from yaml.cyaml import CParser
except ImportError:  # PyYAML built without libyaml
    _Loader: type = _PyLoader
else:

    class _CLoader(CParser, _Constructor, _Resolver):  # type: ignore[misc]
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _Constructor.__init__(self)
            _Resolver.__init__(self)

    _Loader = _CLoader


def load_yaml(text: str, *, aliases: bool = True) -> YamlDocument:
    """Parse one YAML document within the bounds above.

    ``aliases=False`` refuses any alias (``*name``): for small documents such
    as front matter, where they have no use. Raises :class:`yaml.YAMLError`
    (a :class:`yaml.MarkedYAMLError` with the place where there is one).
    """
    try:
        return _load(text, aliases, _Loader)
    except YamlRefused:
        raise
    except yaml.MarkedYAMLError:
        if _Loader is _PyLoader:
            raise
    # libyaml words its errors differently from PyYAML, whose words callers explain
    # (and it refuses a surrogate escape without saying so): read it again with PyYAML.
    return _load(text, aliases, _PyLoader)


def _load(text: str, aliases: bool, loader_class: type) -> YamlDocument:
    with _no_collection():
        if not _within_bounds(text):
            check_bounds(text, aliases=aliases, loader_class=loader_class)
        loader = loader_class(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    return YamlDocument(data, node)


@contextmanager
def _no_collection() -> Iterator[None]:
    """No garbage collection while a document's nodes are built.

    A codebook of 50,000 codes is some 700,000 nodes; the collector's passes
    over them, which find nothing (nodes form no cycles: an alias inside its
    own value is refused), took three quarters of the time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _within_bounds(text: str) -> bool:
    """Whether ``text`` is within every bound without a look at its events.

    So it is without an anchor or alias (``&``, ``*``) and with fewer
    indicators than :data:`MAX_DEPTH`, since every level of nesting takes one
    (``-``, ``:``, ``?``, ``[`` or ``{``): a transcript's few lines of front
    matter, parsed once instead of twice.
    """
    if "*" in text or "&" in text:
        return False
    return sum(text.count(ch) for ch in "-:?[{") < MAX_DEPTH


def check_bounds(text: str, *, aliases: bool = True, loader_class: type | None = None) -> None:
    """Walk the document's events (no recursion, no values built) and refuse what is unbounded."""
    from yaml.events import (
        AliasEvent,
        CollectionEndEvent,
        CollectionStartEvent,
        NodeEvent,
    )

    loader = (loader_class or _Loader)(text)
    # One counter per open list or mapping: the values it holds once aliases are expanded.
    stack: list[int] = [0]
    open_anchors: list[str | None] = [None]
    sizes: dict[str, int] = {}
    added = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, AliasEvent):
                if not aliases:
                    raise YamlRefused(
                        f"an alias (*{event.anchor}) is not allowed here",
                        event.start_mark,
                        "Write the value out instead of referring to it with &name and *name.",
                    )
                if event.anchor in open_anchors:
                    raise YamlRefused(
                        f"the alias *{event.anchor} stands inside the value it names",
                        event.start_mark,
                        "An alias must refer to a value that is complete before it.",
                    )
                size = sizes.get(event.anchor or "", 1)
                added += size
                if added > ALIAS_BUDGET:
                    raise YamlRefused(
                        f"the aliases (*name) expand to more than {ALIAS_BUDGET:,} values",
                        event.start_mark,
                        "Aliases that repeat aliases multiply (a 'billion laughs'); write "
                        "the lists out, or refer to each one only a few times.",
                    )
                stack[-1] += size
            elif isinstance(event, CollectionStartEvent):
                if len(stack) > MAX_DEPTH:
                    raise _too_deep(event.start_mark)
                stack.append(0)
                open_anchors.append(event.anchor)
            elif isinstance(event, CollectionEndEvent):
                size = stack.pop() + 1
                anchor = open_anchors.pop()
                if anchor is not None:
                    sizes[anchor] = size
                stack[-1] += size
            elif isinstance(event, NodeEvent):  # a scalar
                if event.anchor is not None:
                    sizes[event.anchor] = 1
                stack[-1] += 1
    except yaml.MarkedYAMLError as exc:
        # libyaml stops at its own depth (1,000) while it looks ahead for keys: the same refusal.
        if "maximum nesting depth" in str(exc.problem):
            raise _too_deep(exc.problem_mark) from None
        raise
    finally:
        loader.dispose()


def _too_deep(mark: Any) -> YamlRefused:
    return YamlRefused(
        f"lists and mappings are nested more than {MAX_DEPTH} levels deep",
        mark,
        "Nothing the tool reads nests this deep; check the brackets and the "
        "indentation around this line.",
    )
