"""The Project Description our exports write: what a project is beyond its elements.

REFI-QDA has no element for a codebook's name and version, for code ids, for
kinds of coders, or for codes a project keeps only for old codings. Our
exports write them into the ``<Project>``'s ``<Description>`` (schema-valid;
other tools show it as the project's description)::

    Exported by interviewkit.
    codebook: City partnerships
    codebook version: 1.2
    code ids (where an import could not make them from the names):
      GUID x_trust
    coders who are not people (by user GUID):
      GUID auto
      GUID consensus
    retired codes (no longer in the codebook, kept for their codings):
      GUID

Every section is optional. ``code ids`` names the codes whose id an import
would not make from the name (``Economic growth`` → ``economic_growth``);
``coders who are not people`` names automatic coders (``auto``: their
codings are suggestions) and final codings (``consensus``); ``retired
codes`` come back retired.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from interviewkit.codebook.model import Code, Codebook
from interviewkit.codebook.qdc import guid_key, slug, unique_id
from interviewkit.refi.codebook_xml import code_guid

FIRST_LINE = "Exported by interviewkit."
_CODEBOOK_LINE = "codebook: "
_VERSION_LINE = "codebook version: "
_IDS_LINE = "code ids (where an import could not make them from the names):"
_KINDS_LINE = "coders who are not people (by user GUID):"
_RETIRED_LINE = "retired codes (no longer in the codebook, kept for their codings):"
_KINDS = ("auto", "consensus")


def describe_project(
    book: Codebook,
    known: dict[str, str],
    *,
    named_book: bool = True,
    kinds: Mapping[str, str] | None = None,
    retired: Iterable[str] = (),
) -> str:
    """The Project Description: ``kinds`` maps user GUIDs to coder kinds, ``retired``
    names code ids."""
    lines = [FIRST_LINE]
    if named_book:
        lines += [f"{_CODEBOOK_LINE}{book.name}", f"{_VERSION_LINE}{book.version}"]
    differing = []
    taken: set[str] = set()
    for code in export_order(book):
        made = unique_id(slug(code.name), code.parent, taken)
        taken.add(code.id)
        if made != code.id:
            differing.append(f"  {code_guid(code.id, scope=book.name, known=known)} {code.id}")
    if differing:
        lines += [_IDS_LINE, *differing]
    others = [f"  {guid} {kind}" for guid, kind in (kinds or {}).items() if kind in _KINDS]
    if others:
        lines += [_KINDS_LINE, *others]
    gone = [f"  {code_guid(cid, scope=book.name, known=known)}" for cid in retired]
    if gone:
        lines += [_RETIRED_LINE, *gone]
    return "\n".join(lines)


def export_order(book: Codebook) -> Iterable[Code]:
    """The codes in the order :func:`~interviewkit.refi.codebook_xml.code_elements` writes
    them (parents first)."""
    ids = {c.id for c in book.codes}
    stack = [c for c in reversed(book.codes) if c.parent is None or c.parent not in ids]
    while stack:
        code = stack.pop()
        yield code
        stack.extend(reversed(book.children(code.id)))


def is_ours(description: str) -> bool:
    """Whether a Project Description was written by interviewkit."""
    return description.lstrip().startswith(FIRST_LINE)


def codebook_version(description: str) -> str | None:
    """The codebook version a Project Description written by interviewkit names, if any."""
    for line in description.splitlines():
        if line.startswith(_VERSION_LINE):
            return line[len(_VERSION_LINE) :].strip() or None
    return None


def code_ids(description: str) -> dict[str, str]:
    """``{GUID key: code id}`` a Project Description written by interviewkit names."""
    return {key: rest for key, rest in _section(description, _IDS_LINE)}


def coder_kinds(description: str) -> dict[str, str]:
    """``{user GUID key: kind}`` of the coders who are not people."""
    return {key: kind for key, kind in _section(description, _KINDS_LINE) if kind in _KINDS}


def retired_codes(description: str) -> set[str]:
    """The GUID keys of the codes that come back retired."""
    return {key for key, _ in _section(description, _RETIRED_LINE, values=False)}


def _section(description: str, header: str, *, values: bool = True) -> list[tuple[str, str]]:
    """The ``GUID value`` lines below ``header``, up to the first line that is none."""
    lines = description.splitlines()
    if header not in lines:
        return []
    out = []
    for line in lines[lines.index(header) + 1 :]:
        guid, _, value = line.strip().partition(" ")
        key = guid_key(guid)
        if key is None or (values and not value.strip()) or not line.startswith("  "):
            break
        out.append((key, value.strip()))
    return out
