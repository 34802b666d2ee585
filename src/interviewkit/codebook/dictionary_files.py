"""The dictionary files of other programs, read as quanteda's ``dictionary()`` reads them.

- WordStat ``.cat``: a category per line, its words indented below it and
  ending in a weight, ``WORD* (1)``, which is ignored; deeper indentation
  nests categories. WordStat indents with tabs; lines added by hand in an
  editor are often indented with spaces, so a line's level is its tabs plus
  its spaces divided by the smallest space indentation in the file (2 or 4,
  usually), and a line belongs to the nearest category above it at a lower
  level.
- LIWC ``.dic``: between two ``%`` lines, numbered categories (``12<tab>posemo``;
  tabs before the number nest them, as in LIWC2015); then one word per line
  with the numbers of its categories (a word in several categories is a rule
  of each). ``<of>`` lines and parenthesised parts are left out, as quanteda
  does, with a warning.
- Lexicoder ``.lc3``: ``+CATEGORY`` lines, each followed by its words.
- Yoshikoder ``.ykd`` (and ``.lcd``): XML, ``<cnode name=…>`` categories
  (nested) holding ``<pnode name=…>`` patterns.

What the file does not say is a warning with its line, never silence.
"""

from __future__ import annotations

import re
from pathlib import Path

from interviewkit.codebook.dictionary import MAX_DEPTH, Entry, Word
from interviewkit.codebook.load import Report
from interviewkit.errors import CodebookError

#: A WordStat weight after a word: ``(1)``, ``( 2 )``, ``(-1)``, ``(0.5)``.
_WEIGHT = re.compile(r"\s*\(\s*[-+]?\d+(?:[.,]\d+)?\s*\)\s*$")
_LIWC_CATEGORY = re.compile(r"^(\d+)\s+(.+)$")
_LIWC_WORD = re.compile(r"^(.*?\S)\s+(?=\d)(.*)$")


def read_text(path: Path, report: Report) -> list[str]:
    """The lines of a dictionary file: UTF-8 (with or without a byte-order mark) or
    UTF-16 with one; otherwise Windows-1252, as older WordStat and LIWC files are."""
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            text = data.decode("cp1252", errors="replace")
            report.warn(
                "",
                f"not UTF-8 (byte {exc.start}); read as Windows-1252, as older WordStat and "
                "LIWC files are written; check a few words with accents",
            )
    if not text.strip():
        raise CodebookError(f"{path}: the dictionary is empty", hint="Check the file.")
    return text.splitlines()


def _levels(lines: list[str]) -> list[int]:
    """The indentation level of each line: tabs, plus spaces in units of the file's smallest."""
    indents = [line[: len(line) - len(line.lstrip(" \t"))] for line in lines]
    spaces = [i.count(" ") for i in indents if i.count(" ")]
    unit = min(spaces) if spaces else 1
    return [i.count("\t") + i.count(" ") // unit for i in indents]


def read_wordstat(path: Path, report: Report) -> list[Entry]:
    """The categories of a WordStat ``.cat`` file."""
    roots: list[Entry] = []
    open_: list[tuple[int, Entry]] = []  # (level, category): where a deeper line may belong
    unindented: list[int] = []
    lines = [line.rstrip() for line in read_text(path, report)]
    levels = _levels([line for line in lines if line.strip()])
    level_of = iter(levels)
    for number, text in enumerate(lines, start=1):
        body = text.lstrip(" \t")
        if not body:
            continue
        width = next(level_of)
        weight = _WEIGHT.search(body)
        closed: Entry | None = None
        while open_ and open_[-1][0] >= width:
            if open_[-1][0] == width:
                closed = open_[-1][1]
            open_.pop()
        place = f"line {number}"
        if weight is not None:
            word = body[: weight.start()].strip()
            owner = open_[-1][1] if open_ else closed
            if owner is None:
                report.warn(place, f"the word {word!r} stands before any category; left out")
                continue
            if owner is closed:
                # Written at the level of its category, not under it: the
                # category above is still meant.
                unindented.append(number)
                open_.append((width, owner))
            owner.words.append(Word(word, place, number))
            continue
        if len(open_) >= MAX_DEPTH:
            raise CodebookError(
                f"{path}:{number}: categories are nested more than {MAX_DEPTH} deep",
                hint="No dictionary needs that many levels; check the indentation.",
            )
        entry = Entry(body.strip(), place, number)
        (open_[-1][1].children if open_ else roots).append(entry)
        open_.append((width, entry))
    if unindented:
        shown = ", ".join(map(str, unindented[:5])) + (" …" if len(unindented) > 5 else "")
        report.warn(
            "",
            f"the words on lines {shown} are not indented below their category; "
            "they were read as words of the category above them",
        )
    return roots


def read_liwc(path: Path, report: Report) -> list[Entry]:
    """The categories of a LIWC ``.dic`` file."""
    lines = list(enumerate(read_text(path, report), start=1))
    marks = [i for i, (_, line) in enumerate(lines) if line.strip() == "%"]
    if len(marks) < 2:
        raise CodebookError(
            f"{path}: a LIWC dictionary starts with its categories between two lines "
            "holding only '%'; " + ("only one was found" if marks else "none was found"),
            hint="The file should begin: %, then lines like '1<tab>posemo', then % again.",
        )
    by_number: dict[int, Entry] = {}
    roots: list[Entry] = []
    stack: list[tuple[int, Entry]] = []
    for number, line in lines[marks[0] + 1 : marks[1]]:
        body = line.strip()
        if not body:
            continue
        found = _LIWC_CATEGORY.match(body)
        if found is None:
            report.problem(
                f"line {number}",
                f"{body!r} is not a category; write its number, a tab and its name",
            )
            continue
        depth = len(line) - len(line.lstrip("\t")) + 1
        if depth > MAX_DEPTH:
            raise CodebookError(f"{path}:{number}: categories nested more than {MAX_DEPTH} deep")
        # quanteda takes the last tab-separated field as the name (LIWC2015
        # files may put a label between number and name).
        name = found.group(2).split("\t")[-1].strip()
        entry = Entry(name, f"line {number}", number)
        key = int(found.group(1))
        if key in by_number:
            report.problem(
                f"line {number}",
                f"category number {key} is given twice (first on line {by_number[key].line})",
            )
            continue
        by_number[key] = entry
        while stack and stack[-1][0] >= depth:
            stack.pop()
        (stack[-1][1].children if stack else roots).append(entry)
        stack.append((depth, entry))
    skipped_of: list[int] = []
    bracketed: list[int] = []
    for number, line in lines[marks[1] + 1 :]:
        body = line.strip()
        if not body:
            continue
        place = f"line {number}"
        if "<of>" in body:
            skipped_of.append(number)
            continue
        if re.search(r"\(.+\)", body):
            bracketed.append(number)
            body = re.sub(r"\(.+\)", " ", body).strip()
        found = _LIWC_WORD.match(body)
        numbers = [int(n) for n in re.findall(r"\d+", found.group(2))] if found else []
        if found is None or not numbers:
            report.warn(place, f"{body!r} names no category; left out")
            continue
        word = found.group(1).strip()
        for key in dict.fromkeys(numbers):
            category = by_number.get(key)
            if category is None:
                report.warn(place, f"{word!r}: category {key} is not defined; left out there")
                continue
            category.words.append(Word(word, place, number))
    if skipped_of:
        report.warn(
            "",
            f"{len(skipped_of)} line(s) with <of> (first: line {skipped_of[0]}) were left out; "
            "interviewkit reads them as quanteda does, without that LIWC rule",
        )
    if bracketed:
        report.warn(
            "",
            f"the parts in brackets on {len(bracketed)} line(s) (first: line {bracketed[0]}) "
            "were ignored, as quanteda ignores them",
        )
    return roots


def read_lexicoder(path: Path, report: Report) -> list[Entry]:
    """The categories of a Lexicoder ``.lc3`` file."""
    roots: list[Entry] = []
    for number, line in enumerate(read_text(path, report), start=1):
        body = line.strip()
        if not body:
            continue
        place = f"line {number}"
        if body.startswith("+"):
            name = body[1:].strip()
            if not name:
                report.problem(place, "'+' without a category name")
                continue
            roots.append(Entry(name, place, number))
        elif not roots:
            report.warn(place, f"the word {body!r} stands before any +CATEGORY line; left out")
        else:
            roots[-1].words.append(Word(body, place, number))
    return roots


def read_yoshikoder(path: Path, report: Report) -> tuple[list[Entry], str | None]:
    """The categories of a Yoshikoder ``.ykd`` file, and the dictionary's name."""
    from interviewkit.xmlsafe import children, local, parse

    root = parse(path.read_bytes(), str(path), error=CodebookError)
    if local(root.tag) != "dictionary":
        raise CodebookError(
            f"{path} is not a Yoshikoder dictionary: its root element is <{local(root.tag)}>, "
            "not <dictionary>",
            hint="Name a .ykd file saved by Yoshikoder.",
        )
    roots: list[Entry] = []
    loose = sum(1 for _ in children(root, "pnode"))
    if loose:
        report.warn("", f"{loose} pattern(s) stand outside any category; left out")
    stack = [(node, roots, "", 1) for node in reversed(list(children(root, "cnode")))]
    while stack:
        node, into, place, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise CodebookError(f"{path}: categories nested more than {MAX_DEPTH} deep")
        name = (node.get("name") or "").strip()
        sub = f"{place}.{name}" if place else name
        entry = Entry(name or "(unnamed)", sub)
        into.append(entry)
        entry.words = [
            Word(p.get("name") or "", f"{sub}[{k}]")
            for k, p in enumerate(children(node, "pnode"))
            if (p.get("name") or "").strip()
        ]
        stack.extend(
            (c, entry.children, sub, depth + 1) for c in reversed(list(children(node, "cnode")))
        )
    return roots, (root.get("name") or "").strip() or None
