"""The codebook: codes, their definitions and their matching rules."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

RULE_KINDS: tuple[str, ...] = ("word", "phrase", "glob", "regex", "pattern")

#: What ``exclusive`` may declare of a parent code: its children are the values
#: of one variable, at most one per unit, unordered (nominal) or in the order
#: they stand in the codebook (ordinal).
EXCLUSIVE_LEVELS: tuple[str, ...] = ("nominal", "ordinal")

DEFAULT_NEGATION_WINDOW = 3
DEFAULT_NEGATIONS: Mapping[str, tuple[str, ...]] = {
    "de": (
        "kein",
        "keine",
        "keinen",
        "keinem",
        "keiner",
        "keines",
        "nicht",
        "nie",
        "niemals",
        "ohne",
        "weder",
    ),
    "en": ("no", "not", "never", "without", "n't", "neither", "nor"),
    "zh": ("没有", "没", "不", "无", "非", "毫无", "并非", "从未", "从来不"),
}


@dataclass(frozen=True)
class Rule:
    """One matching rule as the user wrote it.

    ``value`` is the word, phrase, glob or regular expression; for a spaCy
    token pattern it is the pattern as JSON text. ``location`` says where the
    rule stands in the codebook file, for messages.
    """

    kind: str
    value: str
    language: str
    location: str = ""

    @cached_property  # asked for every mention a coding run finds
    def label(self) -> str:
        """How the rule is shown as evidence: ``word:Stadt``, ``glob:partner*``."""
        return f"{self.kind}:{self.value}"


@dataclass(frozen=True)
class Code:
    """One code (theme) with its definition and its rules per language."""

    id: str
    name: str
    description: str = ""
    include: str = ""
    exclude: str = ""
    examples: tuple[str, ...] = ()
    color: str | None = None
    parent: str | None = None
    negation: bool = True
    keywords: Mapping[str, tuple[Rule, ...]] = field(default_factory=dict)
    near_misses: Mapping[str, tuple[Rule, ...]] = field(default_factory=dict)
    #: ``"nominal"`` or ``"ordinal"`` when the code's children are one variable
    #: (mutually exclusive per unit); ``None`` for an ordinary code.
    exclusive: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "keywords", dict(self.keywords))
        object.__setattr__(self, "near_misses", dict(self.near_misses))

    def rules(self, language: str) -> tuple[Rule, ...]:
        return self.keywords.get(language, ())

    @property
    def rule_count(self) -> int:
        return sum(len(r) for r in self.keywords.values())


@dataclass(frozen=True)
class Codebook:
    """A named, versioned, possibly hierarchical set of codes."""

    name: str
    version: str
    codes: tuple[Code, ...]
    description: str = ""
    languages: tuple[str, ...] = ()
    negation_window: int = DEFAULT_NEGATION_WINDOW
    negation_words: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: dict(DEFAULT_NEGATIONS)
    )
    source: str | None = None
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "negation_words", dict(self.negation_words))
        # Every way a codebook comes to be (a file, a REFI-QDA import, a merge, the
        # project's store) builds it here: a hierarchy that loops is refused once, here.
        cycle = find_cycle({code.id: code.parent for code in self.codes})
        if cycle is not None:
            from interviewkit.errors import CodebookError

            raise CodebookError(
                f"the codebook {self.name!r} cannot be used: the parents of its codes form "
                f"a cycle: {' → '.join(cycle)}",
                hint="A code cannot be its own parent or the parent of its parents: give one "
                "of these codes another parent (or none) and load the codebook again.",
            )

    # Looked up for every code of every table: dictionaries, not scans of the codes. Built
    # once, on first use; not fields, so they are neither compared nor stored.
    @cached_property
    def _by_id(self) -> dict[str, Code]:
        by_id: dict[str, Code] = {}
        for code in self.codes:
            by_id.setdefault(code.id, code)
        return by_id

    @cached_property
    def _children(self) -> dict[str | None, tuple[Code, ...]]:
        children: dict[str | None, list[Code]] = {}
        for code in self.codes:
            children.setdefault(code.parent, []).append(code)
        return {parent: tuple(codes) for parent, codes in children.items()}

    def __iter__(self) -> Iterator[Code]:
        return iter(self.codes)

    def __len__(self) -> int:
        return len(self.codes)

    def __contains__(self, code_id: object) -> bool:
        return code_id in self._by_id

    def get(self, code_id: str) -> Code:
        return self._by_id[code_id]

    def children(self, code_id: str | None) -> tuple[Code, ...]:
        """The direct children of a code, or the top-level codes for ``None``."""
        return self._children.get(code_id, ())

    def ancestors(self, code_id: str) -> tuple[str, ...]:
        """Ids of the parents of a code, nearest first (up to one the codebook lacks)."""
        out: list[str] = []
        parent = self.get(code_id).parent
        while parent is not None:
            out.append(parent)
            above = self._by_id.get(parent)
            parent = above.parent if above is not None else None
        return tuple(out)

    def descendants(self, code_id: str) -> tuple[str, ...]:
        """Ids of every code below a code, depth first in file order."""
        out: list[str] = []
        stack = list(reversed(self.children(code_id)))
        while stack:
            code = stack.pop()
            out.append(code.id)
            stack.extend(reversed(self.children(code.id)))
        return tuple(out)

    def families(self) -> tuple[Code, ...]:
        """The codes whose children are one variable (``exclusive``), parents first."""
        return tuple(c for c in self.walk() if c.exclusive is not None)

    def depth(self, code_id: str) -> int:
        return len(self.ancestors(code_id))

    def walk(self) -> Iterator[Code]:
        """Every code, parents before children, in file order."""
        stack = list(reversed(self.children(None)))
        while stack:
            code = stack.pop()
            yield code
            stack.extend(reversed(self.children(code.id)))

    @property
    def rule_languages(self) -> tuple[str, ...]:
        """Languages for which at least one code has rules."""
        langs = {lang for c in self.codes for lang, rules in c.keywords.items() if rules}
        return tuple(sorted(langs))


def find_cycle(parents: Mapping[str, str | None]) -> tuple[str, ...] | None:
    """The first loop in ``{code: parent}``, as ``("a", "b", "a")``; ``None`` if there is none.

    Linear in the number of codes: each code is followed up its parents once.
    """
    done: set[str] = set()
    for start in parents:
        path: list[str] = []
        on_path: set[str] = set()
        node: str | None = start
        while node is not None and node in parents and node not in done:
            if node in on_path:
                return (*path[path.index(node) :], node)
            path.append(node)
            on_path.add(node)
            node = parents[node]
        done.update(path)
    return None
