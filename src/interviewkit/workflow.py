"""The few steps every command shares: code transcripts into a project.

A one-shot command given files builds an in-memory project and runs the same
code as a command on a project file. ``code``, which only shows and writes
the coded segments, has them without the project (:func:`code_files`): the
same rows, made from the coding records directly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from interviewkit.codebook.model import Codebook
    from interviewkit.coding.cache import Store
    from interviewkit.coding.coder import Coder
    from interviewkit.coding.segments import Segments
    from interviewkit.models import Coding, Transcript
    from interviewkit.store import Project


def autocode(
    project: Project,
    coder: Coder,
    *,
    doc_ids: Sequence[str] | None = None,
    on_unit: Callable[[Any], None] | None = None,
    detail: bool = False,
) -> Any:
    """Run ``coder`` over the project's transcripts and store its suggestions.

    Returns the store's report (added, replaced, kept_reviewed). ``on_unit`` is
    called for every inspected unit, for progress and display: with a
    :class:`CodedUnit` (its matches, for highlighting) when ``detail``, else
    with a lighter :class:`UnitResult`.
    """
    ids = list(doc_ids) if doc_ids is not None else project.doc_ids()
    kept = coder.store
    coder.store = _store_of(project, coder)
    try:
        return _autocode(project, coder, ids, on_unit, detail)
    finally:
        coder.store = kept


def _store_of(project: Project, coder: Coder) -> Store | None:
    """Where the coder keeps compiled codebooks: the store it was given, else a project
    file's own (:meth:`Project.compiled_store`) before the user's cache; an in-memory
    project (gone when the command ends) leaves the coder to the user's cache."""
    from interviewkit.coding.cache import DiskCache, Layered

    if coder.store is not None or coder.cache is False or project.path == ":memory:":
        return coder.store
    disk = DiskCache.default()
    if disk is None:  # INTERVIEWKIT_NO_CACHE: neither read nor write a compiled codebook
        return None
    if project.readonly:
        return disk
    return Layered(project.compiled_store(), disk)


def _autocode(
    project: Project,
    coder: Coder,
    ids: list[str],
    on_unit: Callable[[Any], None] | None,
    detail: bool,
) -> Any:
    codings: list[Coding] = []
    # Every inspected unit is yielded, coded or not: suggestions are withdrawn
    # only on these, never on units the coder skipped (other speakers).
    inspected: list[tuple[str, int]] = []
    transcripts = project.transcripts(ids)
    if detail:
        for unit in coder.code_units(transcripts):
            if on_unit is not None:
                on_unit(unit)
            inspected.append((unit.doc_id, unit.unit.index))
            codings.extend(coder.codings(unit))
    else:
        for result in coder.code_records(transcripts):
            if on_unit is not None:
                on_unit(result)
            inspected.append((result.doc_id, result.unit_index))
            codings.extend(result.codings)
    return project.store_auto_codings(codings, coder=coder.coder, doc_ids=ids, units=inspected)


def one_shot(
    transcripts: Sequence[Transcript],
    codebook: Codebook,
    coder: Coder,
    *,
    on_unit: Callable[[Any], None] | None = None,
    detail: bool = False,
) -> Project:
    """An in-memory project holding ``transcripts``, coded with ``coder``."""
    from interviewkit.store import Project

    project = Project(":memory:")
    project.load_codebook(codebook)
    project.add_transcripts(transcripts)
    autocode(project, coder, on_unit=on_unit, detail=detail)
    return project


def code_files(
    transcripts: Sequence[Transcript],
    codebook: Codebook,
    coder: Coder,
    *,
    on_unit: Callable[[Any], None] | None = None,
    detail: bool = False,
) -> Segments:
    """The coded segments of ``transcripts``: the rows ``one_shot(...).segments()`` gives.

    Nothing is stored (no SQLite, no pandas). ``on_unit`` and ``detail`` as
    in :func:`autocode`.
    """
    from interviewkit.coding.coder import UnitResult
    from interviewkit.coding.segments import check_transcripts, segment_rows

    check_transcripts(transcripts)  # what adding them to a project checks
    results: list[UnitResult] = []
    if detail:
        for unit in coder.code_units(transcripts):
            if on_unit is not None:
                on_unit(unit)
            place = unit.unit
            codes = coder.unit_codes(unit)
            results.append(
                UnitResult(unit.doc_id, place.index, place.start, place.end, codes, coder.coder)
            )
    else:
        for result in coder.code_records(transcripts):
            if on_unit is not None:
                on_unit(result)
            results.append(result)
    return segment_rows(transcripts, codebook, results)
