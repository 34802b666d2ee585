"""Which reader reads which codebook file: the registry of formats, and :func:`load_codebook`.

A plain list, one :class:`Format` per kind of file, chosen by the file's
suffix. Every reader writes its problems into one
:class:`~interviewkit.codebook.load.Report`, so that ``codebook check``
shows all of them with their places.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from interviewkit.codebook.load import Report, from_mapping
from interviewkit.codebook.model import Codebook
from interviewkit.errors import CodebookError, UsageError


@dataclass(frozen=True)
class Options:
    """What the user may say about a file: the language of a dictionary's words, and
    which sheet column holds what (``{"id": "cid"}``)."""

    language: str | None = None
    columns: Mapping[str, str] = field(default_factory=dict)


Reader = Callable[[Path, Report, Options], "Codebook | None"]


@dataclass(frozen=True)
class Format:
    """A kind of codebook file: what it is called, its suffixes, and its reader."""

    name: str
    suffixes: tuple[str, ...]
    read: Reader
    takes_columns: bool = False


def _yaml(path: Path, report: Report, options: Options) -> Codebook | None:
    from interviewkit.codebook.dictionary import from_dictionary, looks_like_dictionary
    from interviewkit.codebook.yaml_source import read_yaml

    data, lines = read_yaml(path)
    report.lines.update(lines)
    if isinstance(data, dict) and "codes" not in data and looks_like_dictionary(data):
        return from_dictionary(data, path, report, options.language or "xx")
    return from_mapping(data, path, report)


def _sheet(path: Path, report: Report, options: Options) -> Codebook | None:
    from interviewkit.codebook.sheet import from_sheet

    return from_sheet(path, report, columns=options.columns)


def _dictionary(kind: str) -> Reader:
    def read(path: Path, report: Report, options: Options) -> Codebook:
        from interviewkit.codebook import dictionary_files as files
        from interviewkit.codebook.dictionary import codebook_from_entries

        name = None
        if kind == "WordStat dictionary":
            roots = files.read_wordstat(path, report)
        elif kind == "LIWC dictionary":
            roots = files.read_liwc(path, report)
        elif kind == "Lexicoder dictionary":
            roots = files.read_lexicoder(path, report)
        else:
            roots, name = files.read_yoshikoder(path, report)
        if not roots:
            report.problem("", f"the {kind} has no categories")
        return codebook_from_entries(
            roots, path, report, options.language or "xx", what=kind, name=name
        )

    return read


def _qdc(path: Path, report: Report, options: Options) -> Codebook:
    from interviewkit.codebook.qdc import codebook_from_qdc

    return codebook_from_qdc(path, warn=report.warnings)


#: Every format, in the order ``--help`` and messages name them.
FORMATS: tuple[Format, ...] = (
    Format("YAML codebook or quanteda dictionary", (".yaml", ".yml"), _yaml),
    Format("sheet", (".csv", ".xlsx"), _sheet, takes_columns=True),
    Format("WordStat dictionary", (".cat",), _dictionary("WordStat dictionary")),
    Format("LIWC dictionary", (".dic",), _dictionary("LIWC dictionary")),
    Format("Lexicoder dictionary", (".lc3",), _dictionary("Lexicoder dictionary")),
    Format("Yoshikoder dictionary", (".ykd", ".lcd"), _dictionary("Yoshikoder dictionary")),
    Format("REFI-QDA codebook", (".qdc",), _qdc),
)

SUFFIXES: tuple[str, ...] = tuple(s for f in FORMATS for s in f.suffixes)


def format_of(path: Path) -> Format:
    """The format of ``path`` by its suffix; a :class:`UsageError` naming the valid ones."""
    suffix = path.suffix.lower()
    for found in FORMATS:
        if suffix in found.suffixes:
            return found
    raise UsageError(
        f"{path}: {suffix or 'no suffix'} is not a codebook format; use one of: "
        + ", ".join(SUFFIXES),
        hint="A codebook is a YAML file, a .csv/.xlsx sheet, a dictionary (WordStat .cat, "
        "LIWC .dic, Lexicoder .lc3, Yoshikoder .ykd) or a REFI-QDA codebook (.qdc).",
    )


def load_codebook(
    path: str | Path,
    *,
    language: str | None = None,
    columns: Mapping[str, str] | None = None,
) -> Codebook:
    """Read and validate a codebook file of any format in :data:`FORMATS`.

    A YAML file without a ``codes`` list but with nested mappings of word
    lists is read as a quanteda dictionary. The rules of a dictionary are
    given ``language`` (default ``xx``, which applies to every transcript).
    ``columns`` maps our column names to a sheet's own (``{"id": "cid"}``).

    Raises :class:`CodebookError` listing every problem with its place.
    """
    path = Path(path)
    if not path.exists():
        raise UsageError(f"{path}: no such codebook file", hint="Check the path.")
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give the codebook file inside it")
    kind = format_of(path)
    if columns and not kind.takes_columns:
        raise UsageError(
            f"--columns maps the columns of a sheet; {path.name} is a {kind.name}",
            hint="Leave --columns out, or name a .csv/.xlsx codebook.",
        )
    report = Report(str(path))
    try:
        book = kind.read(path, report, Options(language=language, columns=dict(columns or {})))
    except CodebookError:
        # The model refuses what a reader found already (a cycle of parents); the
        # reader's problems name the lines.
        if not report.problems:
            raise
        book = None
    if report.problems:
        count = len(report.problems)
        problems = _by_line(report.problems, str(path))
        raise CodebookError(
            problems[0] if count == 1 else f"{path}: {count} problems in the codebook",
            hint="Fix the places named above; docs/codebook-format.md describes the formats.",
            problems=problems,
        )
    if book is None:  # a reader that found nothing says why in report.problems
        raise CodebookError(f"{path}: no codes were found", hint="See docs/codebook-format.md.")
    return book


def _by_line(problems: list[str], source: str) -> list[str]:
    """``problems`` in the order of their lines in the file (those without a line first)."""
    prefix = source + ":"

    def line(problem: str) -> int:
        number = problem[len(prefix) :].split(":", 1)[0] if problem.startswith(prefix) else ""
        return int(number) if number.isdigit() else 0

    return sorted(problems, key=line)
