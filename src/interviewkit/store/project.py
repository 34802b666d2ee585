"""``Project``: the one door to a project file (or an in-memory project).

Every command that stores or reads coding work goes through it, the
one-shot commands too (with ``Project(":memory:")``), so there is one code
path.

Why this module is long: :class:`Project` is the one door to the store, and each
of its many methods is a few lines that open a transaction or a snapshot and call
the module that does the work.

Each public method that changes something is one transaction: it is stored
whole, or not at all.

    >>> from interviewkit.store import Project
    >>> with Project("interviewkit.db") as project:          # doctest: +SKIP
    ...     frame = project.segments(codes=["drivers"], where={"city": "Bonn"})
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from interviewkit.codebook.model import Codebook
from interviewkit.errors import CodebookError, ProjectError, UsageError
from interviewkit.models import AUTO, Coding, Transcript
from interviewkit.store import (
    audit,
    codebooks,
    codings,
    compiled,
    counts,
    documents,
    exchange,
    frames,
    imports,
)
from interviewkit.store import memos as memo_store
from interviewkit.store import merge as merging
from interviewkit.store.database import Database
from interviewkit.store.imports import ImportReport, ImportRow
from interviewkit.store.lookup import all_coders, all_doc_ids, doc_rowids
from interviewkit.store.reports import (
    AddReport,
    AutoReport,
    CodebookReport,
    MergeReport,
    ProjectStatus,
)
from interviewkit.store.review import ReviewStore

if TYPE_CHECKING:
    import pandas as pd

#: The file name a project gets when the user names none.
DEFAULT_NAME = "interviewkit.db"


class Project(AbstractContextManager["Project"]):
    """A project: transcripts, the codebook, and every coder's codings and memos.

    ``Project(path)`` opens an existing project file (``":memory:"`` makes an
    empty one in memory); :meth:`create` makes a new file. An older project
    is upgraded when opened; a file that is not a project, or that a newer
    interviewkit made, raises :class:`~interviewkit.errors.ProjectError` and
    is left untouched. A read-only file can be read; changing it raises.
    """

    def __init__(self, path: str | Path = ":memory:", *, readonly: bool = False) -> None:
        self._db = Database.open(path, readonly=readonly)
        self.path = self._db.path

    @classmethod
    def create(cls, path: str | Path, codebook: Codebook | None = None) -> Project:
        """Create a project file (never overwriting one), optionally with a codebook."""
        db = Database.create(path)
        project = cls.__new__(cls)
        project._db, project.path = db, db.path
        if codebook is not None:
            try:
                project.load_codebook(codebook)
            except BaseException:
                db.close()
                if db.path != ":memory:":
                    for suffix in ("", "-wal", "-shm"):
                        Path(db.path + suffix).unlink(missing_ok=True)
                raise
        return project

    @property
    def readonly(self) -> bool:
        """Whether the project can only be read (the file is not writable)."""
        return self._db.readonly

    def close(self) -> None:
        self._db.close()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Project({self.path!r})"

    # -- transcripts -----------------------------------------------------------

    def add_transcripts(
        self, transcripts: Iterable[Transcript], *, replace: bool = False
    ) -> AddReport:
        """Add transcripts (all, or none if one is refused).

        The same transcript again changes nothing; a changed one whose old
        version has codings is refused unless ``replace``: then its codings
        move to where their text now stands, and those whose text is gone are
        listed in :attr:`AddReport.orphaned`.
        """
        with self._db.transaction() as conn:
            return documents.add_transcripts(conn, transcripts, replace=replace)

    def transcript(self, doc_id: str) -> Transcript:
        """One stored transcript."""
        with self._db.snapshot() as conn:
            return documents.load_transcript(conn, doc_id)

    def transcripts(self, doc_ids: Iterable[str] | None = None) -> Iterator[Transcript]:
        """Stored transcripts (all, in id order, or those named), one at a time."""
        with self._db.snapshot() as conn:
            ids = [doc_id for _, doc_id in doc_rowids(conn, doc_ids)]
        for doc_id in ids:
            yield self.transcript(doc_id)

    def doc_ids(self) -> list[str]:
        """The ids of the stored transcripts, sorted."""
        return all_doc_ids(self._db.conn)

    # -- codebook ----------------------------------------------------------------

    def load_codebook(self, codebook: Codebook) -> CodebookReport:
        """Load or update the codebook; codes keep their identity (and codings) by id.

        Codes no longer in ``codebook`` but used by codings or memos are kept
        as *retired*; unused ones are removed. Every load is recorded.
        """
        with self._db.transaction() as conn:
            report = codebooks.store_codebook(conn, codebook)
            compiled.drop_other_versions(conn)  # what was compiled from the old one
            return report

    def codebook(self) -> Codebook | None:
        """The current codebook (retired codes left out), or ``None``."""
        with self._db.snapshot() as conn:
            try:
                return codebooks.read_codebook(conn)
            except CodebookError as exc:  # a project written by other hands: its codes loop
                raise ProjectError(
                    f"{self.path}: {exc.message}",
                    hint="Load the codebook file again with 'interviewkit codebook load FILE' "
                    "(after fixing its parents, if they loop there too).",
                ) from None

    def compiled_store(self) -> compiled.CompiledStore:
        """Where the coder keeps the codebook compiled for each language, in this project
        (``Coder(store=...)``), with the codebook version it was compiled from."""
        return compiled.CompiledStore(self._db)

    def code_names(self) -> dict[str, str]:
        """``{code id: name}`` of every code, retired ones included."""
        return codebooks.code_names(self._db.conn)

    def codebook_history(self) -> pd.DataFrame:
        """One row per codebook load: name, version, source, time, and what changed."""
        import pandas as pd

        return pd.DataFrame(codebooks.history(self._db.conn))

    # -- codings -------------------------------------------------------------------

    def store_auto_codings(
        self,
        codings_: Iterable[Coding],
        *,
        coder: str = AUTO,
        doc_ids: Iterable[str] | None = None,
        units: Iterable[tuple[str, int]] | None = None,
    ) -> AutoReport:
        """Store an automatic run's suggestions, under the coder name ``coder``.

        For the transcripts covered (``doc_ids``, else those the codings
        name), unreviewed suggestions of ``coder`` are replaced; a person's
        codings and reviewed suggestions are never touched, and a suggestion
        that was reviewed already is not made again. ``units``, the
        ``(doc_id, unit index)`` pairs the run inspected, limits withdrawing
        to them. ``coder`` may not be the name of a person.
        """
        with self._db.transaction() as conn:
            return codings.store_auto(conn, codings_, coder=coder, doc_ids=doc_ids, units=units)

    def tag(
        self,
        doc_id: str,
        unit_index: int,
        code: str,
        *,
        coder: str,
        start: int | None = None,
        end: int | None = None,
        memo: str | None = None,
    ) -> Coding:
        """A person codes a unit (or the span ``start``–``end`` inside it) with ``code``."""
        with self._db.transaction() as conn:
            return codings.tag(
                conn, doc_id, unit_index, code, coder=coder, start=start, end=end, memo=memo
            )

    def untag(self, doc_id: str, unit_index: int, code: str, *, coder: str) -> int:
        """Remove a person's codings of ``code`` on a unit; returns how many."""
        with self._db.transaction() as conn:
            return codings.untag(conn, doc_id, unit_index, code, coder=coder)

    def review(
        self,
        doc_id: str,
        unit_index: int,
        code: str | None,
        *,
        status: str,
        reviewer: str,
        coder: str = AUTO,
    ) -> int:
        """Accept or reject ``coder``'s suggestion(s) on a unit; ``code=None``: all of them."""
        with self._db.transaction() as conn:
            return codings.review(
                conn, doc_id, unit_index, code, status=status, reviewer=reviewer, coder=coder
            )

    def write_final(
        self, coder: str, rows: Iterable[tuple[str, int, str, int | None, int | None]]
    ) -> tuple[int, int]:
        """Store codings of the final coding ``coder``: (added, there already); see
        :func:`interviewkit.store.codings.write_final`."""
        with self._db.transaction() as conn:
            return codings.write_final(conn, coder, rows)

    def memo(
        self,
        text: str,
        *,
        coder: str,
        doc_id: str | None = None,
        code: str | None = None,
        unit_index: int | None = None,
    ) -> None:
        """A memo on a transcript, a code, or a coding (transcript, unit and code)."""
        with self._db.transaction() as conn:
            memo_store.memo(
                conn, text, coder=coder, doc_id=doc_id, code=code, unit_index=unit_index
            )

    def reviewing(self) -> ReviewStore:
        """The reads and writes of the review app (``interviewkit review``)."""
        return ReviewStore(self._db)

    def import_codings(
        self,
        rows: Sequence[ImportRow],
        *,
        coder: str,
        replace: bool = False,
        unknown: str = "refuse",
        source: str | None = None,
    ) -> ImportReport:
        """Store codings made elsewhere as ``coder``'s manual codings (all rows, or none).

        ``unknown`` says what becomes of codes the codebook lacks: ``refuse``
        (an error naming each with its rows), ``add`` (to the codebook) or
        ``skip`` (their rows left out); see :mod:`interviewkit.store.imports`.
        """
        with self._db.transaction() as conn:
            return imports.import_codings(
                conn, rows, coder=coder, replace=replace, unknown=unknown, source=source
            )

    def coders(self) -> list[str]:
        """Every coder with work in the project: automatic coders first, then people."""
        return all_coders(self._db.conn)

    # -- frames ----------------------------------------------------------------------

    def documents(self) -> pd.DataFrame:
        """One row per transcript: id, source, every metadata attribute, units, words."""
        with self._db.snapshot() as conn:
            return frames.documents(conn)

    def units(self, doc_ids: Iterable[str] | None = None) -> pd.DataFrame:
        """One row per unit, with its speaker, interviewer flag, offsets, times and text."""
        with self._db.snapshot() as conn:
            return frames.units(conn, doc_ids)

    def coding_keys(self, *, statuses: Iterable[str] | None = None) -> pd.DataFrame:
        """Who coded which unit with which code (id, doc_id, unit, code, coder, origin,
        status): what theme tables and comparisons count, without text or evidence."""
        with self._db.snapshot() as conn:
            return frames.coding_keys(conn, statuses=_listed(statuses))

    def decisions(self) -> pd.DataFrame:
        """Every coder's decision on a suggestion: coding, doc_id, unit, code, suggested_by,
        coder (who decided), verdict (accepted or rejected), decided (when)."""
        with self._db.snapshot() as conn:
            return frames.decisions(conn)

    def evidence(self) -> pd.DataFrame:
        """Every mention that made an automatic suggestion: coding, doc_id, unit, code, coder,
        status, language, rule, kind, pattern, matched, start, end (see :mod:`.evidence`)."""
        from interviewkit.store import evidence

        with self._db.snapshot() as conn:
            return evidence.evidence(conn)

    def check_coder(self, name: str) -> str:
        """``name`` if the project knows the coder; else an error naming the coders."""
        from interviewkit.store.lookup import check_coder

        with self._db.snapshot() as conn:
            return check_coder(conn, name)

    def unit_values(self, attribute: str) -> list[tuple[int, int, str, int]]:
        """(document row id, unit, value, words) of every respondent unit for a unit
        attribute (``speaker``, ``kind``); see :meth:`counting_keys` for the row ids."""
        with self._db.snapshot() as conn:
            return counts.unit_values(conn, attribute)

    def worked_documents(self, coders: Sequence[str]) -> set[str]:
        """The transcripts where one of ``coders`` stored a coding or decided on a suggestion."""
        with self._db.snapshot() as conn:
            return counts.worked_documents(conn, list(coders))

    def coder_kinds(self) -> dict[str, str]:
        """``{coder: kind}``: ``auto`` (suggestions), ``person``, or ``consensus`` (a final
        coding)."""
        with self._db.snapshot() as conn:
            return dict(conn.execute("SELECT name, kind FROM coders").fetchall())

    def respondent_units(self) -> pd.DataFrame:
        """The respondents' units, the denominators of every count: doc_id, unit, words."""
        with self._db.snapshot() as conn:
            return frames.respondent_units(conn)

    def counting_keys(
        self,
        *,
        coders: Sequence[str] | None = None,
        statuses: Iterable[str] = ("suggested", "accepted"),
    ) -> counts.CodingKeys:
        """Who coded which unit with which code, as integer keys, with the units they point
        into: what :func:`interviewkit.analysis.counting.document_counts` counts."""
        with self._db.snapshot() as conn:
            return counts.coding_keys(conn, coders=coders, statuses=statuses)

    def codings(
        self,
        *,
        coders: Iterable[str] | None = None,
        statuses: Iterable[str] | None = None,
    ) -> pd.DataFrame:
        """One row per coding, rejected ones included unless ``statuses`` says otherwise."""
        with self._db.snapshot() as conn:
            return frames.codings(conn, coders=_listed(coders), statuses=_listed(statuses))

    def segments(
        self,
        *,
        codes: Iterable[str] | None = None,
        coders: Iterable[str] | None = None,
        where: Mapping[str, Any] | None = None,
        statuses: Iterable[str] | None = ("suggested", "accepted"),
        doc_ids: Iterable[str] | None = None,
        ids: Iterable[int] | None = None,
    ) -> pd.DataFrame:
        """Coded segments with their text and the transcript's attributes.

        Columns: doc_id, unit, speaker, start, end, code, code_name, coder,
        origin, status, evidence, memo, text, then every metadata attribute.
        ``codes`` includes the codes below a parent code; ``where`` maps an
        attribute to a value or a list of values; ``ids`` keeps only these codings (a
        coder's coding, chosen by :func:`interviewkit.analysis.selection.coding_ids`).
        """
        with self._db.snapshot() as conn:
            return frames.segments(
                conn,
                codes=_listed(codes),
                coders=_listed(coders),
                where=where,
                statuses=_listed(statuses),
                doc_ids=_listed(doc_ids),
                ids=ids,
            )

    def memos(self) -> pd.DataFrame:
        """Every memo: on transcripts, on codes and on codings."""
        with self._db.snapshot() as conn:
            return frames.memos(conn)

    def status(self) -> ProjectStatus:
        """Documents, units, words, the codebook, and each coder's progress."""
        with self._db.snapshot() as conn:
            return frames.status(conn, self.path, all_coders(conn))

    # -- REFI-QDA exchange ----------------------------------------------------------------

    def import_exchange(self, bundle: exchange.ExchangeBundle) -> exchange.ExchangeStored:
        """Store a REFI-QDA import (built by :mod:`interviewkit.refi`): all of it, or nothing."""
        with self._db.transaction() as conn:
            return exchange.store_bundle(conn, bundle)

    def exchange_guids(self) -> dict[str, dict[str, str]]:
        """``{kind: {local name: guid}}`` kept from earlier REFI-QDA imports."""
        with self._db.snapshot() as conn:
            return exchange.read_guids(conn)

    def code_groups(self) -> dict[str, tuple[str, str | None, list[str]]]:
        """``{name: (description, guid, code ids)}``: the code groups (REFI-QDA code sets)."""
        with self._db.snapshot() as conn:
            return exchange.read_groups(conn)

    def coding_spans(self) -> dict[int, int]:
        """``{coding id: span}`` of codings stored in pieces, one per unit they cover."""
        with self._db.snapshot() as conn:
            return exchange.read_spans(conn)

    def exchange_details(self) -> exchange.ExchangeDetails:
        """What a REFI-QDA export needs beyond the frames: evidence, memos' codings,
        retired codes (see :class:`~interviewkit.store.exchange_reads.ExchangeDetails`)."""
        with self._db.snapshot() as conn:
            return exchange.read_details(conn)

    # -- the audit trail ---------------------------------------------------------------

    def log(
        self, *, coder: str | None = None, doc_id: str | None = None, since: str | None = None
    ) -> list[audit.Run]:
        """The runs that changed the project, oldest first (see :mod:`.audit`)."""
        with self._db.snapshot() as conn:
            return audit.runs(conn, coder=coder, doc_id=doc_id, since=since)

    def changes(self, run: int) -> list[audit.Change]:
        """Every change one run made, in order."""
        with self._db.snapshot() as conn:
            return audit.changes(conn, run)

    def undo(self, run: int) -> audit.UndoReport:
        """Take back one run's changes (refused when later work depends on them)."""
        with self._db.transaction() as conn:
            if self._db.run is None:  # a run that changes nothing yet; the undo makes one
                raise ProjectError(f"{self.path}: this project keeps no log (in memory)")
            return audit.undo(conn, run, undo_run=self._db.run)

    # -- merge -------------------------------------------------------------------------

    def merge(self, other: str | Path) -> MergeReport:
        """Bring in another coder's project of the same study (one transaction).

        Transcripts under one id must have the same text; otherwise nothing is
        merged. The other file is only read.
        """
        if self.path != ":memory:" and Path(other).resolve() == Path(self.path).resolve():
            raise UsageError(
                f"{other} is this project itself", hint="Name the other coder's project file."
            )
        theirs = Database.open_copy(other)
        try:
            with self._db.transaction() as conn:
                return merging.merge(conn, theirs.conn, source=str(other))
        finally:
            theirs.close()


def _listed(values: Iterable[str] | str | None) -> list[str] | None:
    """A list of names; a single string is one name, not a list of letters."""
    if values is None:
        return None
    if isinstance(values, str):
        return [values]
    return list(values)


def ensure_writable(project: Project) -> None:
    """A :class:`ProjectError` early, before long work, if the project is read-only."""
    if project.readonly:
        raise ProjectError(
            f"{project.path} is read-only: this command would change it",
            hint="Make the file writable, or work on a copy of it.",
        )
