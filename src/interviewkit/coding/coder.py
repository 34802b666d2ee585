"""The automatic coder: a codebook applied to transcripts, unit by unit."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from interviewkit.codebook.model import Codebook
from interviewkit.coding.cache import Store
from interviewkit.coding.matcher import LanguageMatcher, Match
from interviewkit.coding.pipeline import get_pipeline
from interviewkit.errors import UsageError
from interviewkit.models import NON_RESPONDENT_KINDS, Coding, Evidence, Transcript, Unit

if TYPE_CHECKING:
    from concurrent.futures import Future


@dataclass(frozen=True)
class CodedUnit:
    """A unit with every match in it, cancelled ones included (for display)."""

    doc_id: str
    unit: Unit
    text: str
    matches: tuple[Match, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for m in self.matches:
            if m.cancelled is None:
                seen.setdefault(m.code)
        return tuple(seen)


#: One code on a unit, as a coding run keeps it: the code and its evidence, each
#: mention ``(rule label, matched text, start, end)`` in the transcript's text.
CodeRecord = tuple[str, tuple[tuple[str, str, int, int], ...]]


class UnitResult(NamedTuple):
    """What a coding run keeps of one inspected unit: its place and its codes.

    Plain tuples, made several times faster than objects and sent between
    processes as they are; :attr:`codings` makes the :class:`Coding` records
    a store takes, when it is asked for.
    """

    doc_id: str
    unit_index: int
    start: int
    end: int
    codes: tuple[CodeRecord, ...]
    coder: str = "auto"

    @property
    def codings(self) -> tuple[Coding, ...]:
        """One suggestion per code, with every mention as evidence."""
        doc_id, index, start, end, codes, coder = self
        return tuple(
            Coding(
                doc_id,
                start,
                end,
                code,
                coder,
                "auto",
                "suggested",
                index,
                tuple(Evidence(*e) for e in evidence),
            )
            for code, evidence in codes
        )


@dataclass
class Coder:
    """Apply a codebook to transcripts.

    ``speakers`` limits coding to units of those speaker labels; by default
    every unit that is not the interviewer's is coded. ``models`` maps a
    language to an installed spaCy pipeline to use instead of the built-in
    one. ``jobs`` > 1 codes transcripts in that many processes. ``cache``:
    whether compiled codebooks may be kept in and taken from the user's cache
    (:mod:`interviewkit.coding.cache`; default: unless ``INTERVIEWKIT_NO_CACHE``).
    ``store``: where else compiled codebooks are kept (a project's table, see
    :class:`~interviewkit.coding.cache.Store`); used instead of the user's cache.
    """

    codebook: Codebook
    coder: str = "auto"
    speakers: Sequence[str] | None = None
    include_interviewer: bool = False
    models: dict[str, str] = field(default_factory=dict)
    jobs: int = 1
    warnings: list[str] = field(default_factory=list)
    cache: bool | None = None
    store: Store | None = None

    def __post_init__(self) -> None:
        if self.jobs < 1:
            raise UsageError(f"--jobs must be 1 or more, not {self.jobs}")
        self._matchers: dict[str, LanguageMatcher | None] = {}
        self._warned: set[str] = set()
        self._keys: list[str] = []  # the key of each warning, in order
        self._digest: str | None = None

    # -- public ----------------------------------------------------------------

    def code(self, transcripts: Iterable[Transcript]) -> Iterator[Coding]:
        """Coding records for every transcript, in order (streamed)."""
        for result in self.code_records(transcripts):
            yield from result.codings

    def code_units(self, transcripts: Iterable[Transcript]) -> Iterator[CodedUnit]:
        """Every inspected unit with all its matches (for display), in order."""
        if self.jobs == 1:
            for transcript in transcripts:
                yield from self.code_transcript(transcript)
            return
        yield from self._parallel(transcripts, detail=True)

    def code_records(self, transcripts: Iterable[Transcript]) -> Iterator[UnitResult]:
        """Every inspected unit with its codings only: lighter than :meth:`code_units`."""
        if self.jobs == 1:
            for transcript in transcripts:
                yield from self._records(transcript)
            return
        yield from self._parallel(transcripts, detail=False)

    def _records(self, transcript: Transcript) -> list[UnitResult]:
        coder, codes = self.coder, self.unit_codes
        return [
            UnitResult(
                unit.doc_id, unit.unit.index, unit.unit.start, unit.unit.end, codes(unit), coder
            )
            for unit in self.code_transcript(transcript)
        ]

    def code_transcript(self, transcript: Transcript) -> list[CodedUnit]:
        """Match every selected unit of one transcript."""
        language = transcript.language or "xx"
        matcher = self.matcher(language, transcript.id)
        if matcher is None:
            return []
        units = [u for u in transcript.units if self.selects(u)]
        texts = [transcript.unit_text(u) for u in units]
        found, cut = matcher.match_all(texts)
        limit = matcher.nlp.max_length
        for u, count in cut:
            self._warn(
                f"{transcript.id}: unit {units[u].index} has {len(texts[u]):,} characters, more "
                f"than spaCy takes at once ({limit:,}): coded in {count} pieces cut at line or "
                "word breaks; a mention across a cut is not found. Split the text into turns "
                "or paragraphs to avoid this.",
                key=f"pieces:{transcript.id}:{units[u].index}",
            )
        return [
            CodedUnit(transcript.id, unit, text, tuple(matches))
            for unit, text, matches in zip(units, texts, found, strict=True)
        ]

    def codings(self, coded: CodedUnit) -> list[Coding]:
        """One coding per (unit, code), with every mention as evidence."""
        unit = coded.unit
        return list(
            UnitResult(
                coded.doc_id, unit.index, unit.start, unit.end, self.unit_codes(coded), self.coder
            ).codings
        )

    @staticmethod
    def unit_codes(coded: CodedUnit) -> tuple[CodeRecord, ...]:
        """The codes of a unit with their evidence, as plain tuples (see :data:`CodeRecord`)."""
        base = coded.unit.start
        by_code: dict[str, list[tuple[str, str, int, int]]] = {}
        for m in coded.matches:
            if m.cancelled is None:
                evidence = (m.rule.label, m.text, base + m.start, base + m.end)
                found = by_code.get(m.code)
                if found is None:
                    by_code[m.code] = [evidence]
                else:
                    found.append(evidence)
        return tuple([(code, tuple(evidence)) for code, evidence in by_code.items()])

    def close(self) -> None:
        """Stop the helper processes of the matchers (they end with this process anyway)."""
        for matcher in self._matchers.values():
            if matcher is not None:
                matcher.close()

    def selects(self, unit: Unit) -> bool:
        if unit.kind in NON_RESPONDENT_KINDS:
            return False  # a header or heading is shown, never coded
        if self.speakers:
            return unit.speaker in self.speakers
        return self.include_interviewer or not unit.interviewer

    def matcher(self, language: str, doc_id: str = "") -> LanguageMatcher | None:
        """The compiled matcher of a language, or None (with a warning) if it has no rules.

        A transcript is coded only with its own language's rules and the
        codebook's rules for every language (``xx``), never with another
        language's: one warning per language says what was left uncoded.
        """
        if language not in self._matchers:
            book = self.codebook
            own = any(code.keywords.get(language) for code in book.codes)
            common = any(code.keywords.get("xx") for code in book.codes)
            what = doc_id or "a transcript"
            if language == "xx":
                where = f"{what} has no language (none in its metadata, none detected)"
            else:
                where = f"{what} is in '{language}'"
            has = ", ".join(lang for lang in book.rule_languages if lang != "xx") or "none"
            if not own and not common:
                if language == "xx":
                    message = (
                        f"{where}: transcripts without a language are read but not coded "
                        f"automatically (the codebook has rules for {has}). Set their language "
                        "(--lang, or a language column in the metadata), or add rules for "
                        "every language under 'xx:' in the codebook."
                    )
                else:
                    message = (
                        f"{where}, and the codebook has no rules for it (it has rules for "
                        f"{has}): transcripts in '{language}' are read but not coded "
                        "automatically. Set their language (--lang, or a language column in "
                        f"the metadata) if it is wrong, or add rules under '{language}:' to the "
                        "codebook."
                    )
                self._warn(message, key=f"language:{language}")
                self._matchers[language] = None
            else:
                if not own and language != "xx" and has != "none":
                    self._warn(
                        f"{where}, and the codebook has no rules for it (it has rules for "
                        f"{has}): transcripts in '{language}' are coded with the codebook's "
                        "rules for every language (xx) only.",
                        key=f"language:{language}",
                    )
                self._matchers[language] = self._build(language)
        return self._matchers[language]

    def _build(self, language: str) -> LanguageMatcher:
        """Compile the codebook for a language, or take it from the cache."""
        from interviewkit.coding.cache import DiskCache
        from interviewkit.coding.stored import build_matcher, codebook_digest

        model = self.models.get(language)
        nlp = get_pipeline(language, model)
        store: Store | None = self.store
        if store is None and self.cache is not False:
            store = DiskCache.default()
        if store is not None and self._digest is None:
            self._digest = codebook_digest(self.codebook)
        return build_matcher(
            self.codebook, language, nlp, pipeline=model or "", store=store, digest=self._digest
        )

    def _warn(self, message: str, *, key: str) -> None:
        """Add a warning once per ``key`` (the same key from every process)."""
        if key not in self._warned:
            self._warned.add(key)
            self.warnings.append(message)
            self._keys.append(key)

    # -- processes ---------------------------------------------------------------

    def _parallel(self, transcripts: Iterable[Transcript], *, detail: bool) -> Iterator[Any]:
        """Code in ``jobs`` processes, this one included, a bounded window at a time.

        Transcripts go in batches of about :data:`_BATCH_CHARS` characters
        (a task per transcript costs this process more than the workers
        gain). The ``jobs - 1`` workers always have two batches each in hand;
        a batch that would have to wait for them, this process codes itself
        instead of waiting: ``jobs`` busy processes on ``jobs`` cores, not one
        more, and the share of each settles by itself (this process also
        reads the transcripts). Results are yielded in order. Only results
        travel back: whole units with their matches when ``detail`` (for
        display), else the coding records, packed.
        """
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor  # imported here: 15-30 ms

        global _WORKER
        fork = os.name == "posix"
        context = multiprocessing.get_context("fork" if fork else "spawn")
        if fork:
            # Forked workers inherit this coder with the matchers it has already
            # compiled (compiling the codebook costs about a second per language).
            _WORKER = self
            initializer = None
            settings: tuple[Any, ...] = ()
        else:  # pragma: no cover - spawned workers build their own coder
            initializer = _init_worker
            settings = (
                self.codebook,
                self.coder,
                self.speakers,
                self.include_interviewer,
                self.models,
            )
        in_hand = 2 * (self.jobs - 1)  # batches given to the workers and not yet back
        held = 4 * self.jobs  # batches whose results wait to be yielded, at most
        with ProcessPoolExecutor(
            self.jobs - 1, mp_context=context, initializer=initializer, initargs=settings
        ) as pool:
            pending: deque[Future[tuple[list[Any], list[tuple[str, str]]]] | list[Any]] = deque()
            given = 0
            for batch in _batches(transcripts):
                while pending and (isinstance(pending[0], list) or pending[0].done()):
                    given -= not isinstance(pending[0], list)
                    yield from self._collect(pending.popleft())
                if given >= in_hand and len(pending) < held:  # code it here, not wait
                    pending.append(
                        [self.code_transcript(t) if detail else self._records(t) for t in batch]
                    )
                    continue
                if given >= in_hand:
                    given -= not isinstance(pending[0], list)
                    yield from self._collect(pending.popleft())
                pending.append(pool.submit(_work, batch, detail))
                given += 1
            while pending:
                yield from self._collect(pending.popleft())
        if fork:
            _WORKER = None

    def _collect(
        self, item: Future[tuple[list[Any], list[tuple[str, str]]]] | list[Any]
    ) -> Iterator[Any]:
        if isinstance(item, list):  # coded by this process
            for units in item:
                yield from units
            return
        results, warnings = item.result()
        for key, message in warnings:
            self._warn(message, key=key)
        for units in results:
            if isinstance(units, tuple):  # coding records, packed by _work
                yield from self._unpack(*units)
            else:
                yield from units

    def _unpack(self, doc_id: str, packed: list[tuple[Any, ...]]) -> list[UnitResult]:
        """The records :func:`_pack` sent back, with their transcript and coder again."""
        coder = self.coder
        return [
            UnitResult(doc_id, index, start, end, codes, coder)
            for index, start, end, codes in packed
        ]


_WORKER: Coder | None = None


def _init_worker(*settings: Any) -> None:
    global _WORKER
    codebook, coder, speakers, include_interviewer, models = settings
    _WORKER = Coder(
        codebook,
        coder=coder,
        speakers=speakers,
        include_interviewer=include_interviewer,
        models=models,
    )


#: About how many characters of transcripts a worker gets at a time (~15,000 words).
_BATCH_CHARS = 100_000


def _batches(transcripts: Iterable[Transcript]) -> Iterator[list[Transcript]]:
    batch: list[Transcript] = []
    size = 0
    for transcript in transcripts:
        batch.append(transcript)
        size += len(transcript.text)
        if size >= _BATCH_CHARS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _work(batch: list[Transcript], detail: bool) -> tuple[list[Any], list[tuple[str, str]]]:
    assert _WORKER is not None
    results: list[Any] = [
        _WORKER.code_transcript(transcript)
        if detail
        else _pack(transcript.id, _WORKER._records(transcript))
        for transcript in batch
    ]
    warnings = list(zip(_WORKER._keys, _WORKER.warnings, strict=True))
    _WORKER.warnings.clear()
    _WORKER._keys.clear()
    return results, warnings


def _pack(doc_id: str, results: list[UnitResult]) -> tuple[str, list[tuple[Any, ...]]]:
    """Coding records as plain tuples: they cross between processes several times faster.

    Every record of one transcript shares its id, and of one run the coder's name.
    """
    return doc_id, [(r.unit_index, r.start, r.end, r.codes) for r in results]
