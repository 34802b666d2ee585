"""The automatic coder: a codebook applied to transcripts, unit by unit."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from interviewkit.codebook.model import Codebook
from interviewkit.coding.matcher import LanguageMatcher, Match
from interviewkit.coding.pipeline import get_pipeline
from interviewkit.errors import UsageError
from interviewkit.models import Coding, Evidence, Transcript, Unit


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


@dataclass(frozen=True)
class UnitResult:
    """What a coding run keeps of one inspected unit: its place and its codings."""

    doc_id: str
    unit_index: int
    codings: tuple[Coding, ...]


@dataclass
class Coder:
    """Apply a codebook to transcripts.

    ``speakers`` limits coding to units of those speaker labels; by default
    every unit that is not the interviewer's is coded. ``models`` maps a
    language to an installed spaCy pipeline to use instead of the built-in
    one. ``jobs`` > 1 codes transcripts in that many processes.
    """

    codebook: Codebook
    coder: str = "auto"
    speakers: Sequence[str] | None = None
    include_interviewer: bool = False
    models: dict[str, str] = field(default_factory=dict)
    jobs: int = 1
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.jobs < 1:
            raise UsageError(f"--jobs must be 1 or more, not {self.jobs}")
        self._matchers: dict[str, LanguageMatcher | None] = {}
        self._warned: set[str] = set()

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
        return [
            UnitResult(unit.doc_id, unit.unit.index, tuple(self.codings(unit)))
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
        nlp = matcher.nlp
        # A blank pipeline only tokenizes: make_doc skips pipe()'s per-doc bookkeeping.
        docs = nlp.pipe(texts) if nlp.pipe_names else map(nlp.make_doc, texts)
        out = []
        for unit, text, doc in zip(units, texts, docs, strict=True):
            matches = matcher.match(doc, text)
            out.append(CodedUnit(transcript.id, unit, text, tuple(matches)))
        return out

    def codings(self, coded: CodedUnit) -> Iterator[Coding]:
        """One coding per (unit, code), with every mention as evidence."""
        by_code: dict[str, list[Evidence]] = {}
        for m in coded.matches:
            if m.cancelled is None:
                by_code.setdefault(m.code, []).append(
                    Evidence(
                        m.rule.label, m.text, coded.unit.start + m.start, coded.unit.start + m.end
                    )
                )
        for code, evidence in by_code.items():
            yield Coding(
                doc_id=coded.doc_id,
                start=coded.unit.start,
                end=coded.unit.end,
                code=code,
                coder=self.coder,
                origin="auto",
                status="suggested",
                unit_index=coded.unit.index,
                evidence=tuple(evidence),
            )

    def selects(self, unit: Unit) -> bool:
        if self.speakers:
            return unit.speaker in self.speakers
        return self.include_interviewer or not unit.interviewer

    def matcher(self, language: str, doc_id: str = "") -> LanguageMatcher | None:
        """The compiled matcher of a language, or None (with a warning) if it has no rules."""
        if language not in self._matchers:
            has_rules = any(
                code.keywords.get(language) or code.keywords.get("xx")
                for code in self.codebook.codes
            )
            if not has_rules:
                langs = ", ".join(self.codebook.rule_languages) or "none"
                self._warn(
                    f"{doc_id or 'a transcript'} is in '{language}', but the codebook has rules "
                    f"for {langs} only: it is read but not coded automatically",
                    key=language,
                )
                self._matchers[language] = None
            else:
                nlp = get_pipeline(language, self.models.get(language))
                self._matchers[language] = LanguageMatcher(self.codebook, language, nlp)
        return self._matchers[language]

    def _warn(self, message: str, *, key: str) -> None:
        if key not in self._warned:
            self._warned.add(key)
            self.warnings.append(message)

    # -- processes ---------------------------------------------------------------

    def _parallel(self, transcripts: Iterable[Transcript], *, detail: bool) -> Iterator[Any]:
        """Code in ``jobs`` processes, a bounded window of transcripts at a time.

        Only the results travel back: whole units with their matches when
        ``detail`` (for display), else just the coding records.
        """
        import multiprocessing

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
                self.codebook, self.coder, self.speakers, self.include_interviewer, self.models
            )
        window = self.jobs * 4
        with ProcessPoolExecutor(
            self.jobs, mp_context=context, initializer=initializer, initargs=settings
        ) as pool:
            pending: list[Future[tuple[Any, list[str]]]] = []
            for transcript in transcripts:
                pending.append(pool.submit(_work, transcript, detail))
                if len(pending) >= window:
                    yield from self._collect(pending.pop(0))
            for future in pending:
                yield from self._collect(future)
        if fork:
            _WORKER = None

    def _collect(self, future: Future[tuple[Any, list[str]]]) -> list[Any]:
        units, warnings = future.result()
        for message in warnings:
            self._warn(message, key=message)
        if isinstance(units, tuple):  # coding records, packed by _work
            return self._unpack(*units)
        return units  # type: ignore[no-any-return]

    def _unpack(self, doc_id: str, packed: list[tuple[Any, ...]]) -> list[UnitResult]:
        """The records :func:`_pack` sent back, as objects again."""
        coder = self.coder
        return [
            UnitResult(doc_id, index, tuple(
                Coding(doc_id, start, end, code, coder, "auto", "suggested", index,
                       tuple(Evidence(*e) for e in evidence))
                for code, evidence in codings
            ))
            for index, start, end, codings in packed
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


def _work(transcript: Transcript, detail: bool) -> tuple[Any, list[str]]:
    assert _WORKER is not None
    units: Any = (
        _WORKER.code_transcript(transcript) if detail
        else _pack(transcript.id, _WORKER._records(transcript))
    )
    warnings = list(_WORKER.warnings)
    _WORKER.warnings.clear()
    return units, warnings


def _pack(doc_id: str, results: list[UnitResult]) -> tuple[str, list[tuple[Any, ...]]]:
    """Coding records as plain tuples: they cross between processes several times faster.

    Every record of one unit shares the unit's place, and the coder's name,
    origin and status are the same for all (see :meth:`Coder.codings`).
    """
    packed = []
    for result in results:
        first = result.codings[0] if result.codings else None
        packed.append((
            result.unit_index,
            first.start if first else 0,
            first.end if first else 0,
            [(c.code, [(e.rule, e.matched, e.start, e.end) for e in c.evidence])
             for c in result.codings],
        ))
    return doc_id, packed
