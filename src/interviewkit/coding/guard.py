"""A codebook's regular expressions, bounded in time.

Codebooks are shared and downloaded, and a regular expression such as
``(a+)+$`` takes Python's ``re`` longer than the age of the universe on a
turn of forty ``a`` followed by ``b``; while it runs, not even Ctrl-C stops
it. So:

* an expression that RE2 can run with exactly Python's meaning
  (:func:`~interviewkit.coding.regexset.exact_re2`) runs in RE2 alone:
  linear time, nothing to bound;
* every other one (word boundaries, ``$``, look-arounds, …) runs in Python's
  ``re`` in a helper process, which this process watches: an expression that
  takes longer than its budget on one unit (:func:`budget`) ends the run
  with an error naming the rule, and Ctrl-C ends it at once, the helper
  killed with it.

RE2's set of permissive twins still says first which expressions can match a
unit at all; most units send nothing to the helper.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from interviewkit.coding.regexset import RegexSet, exact_re2
from interviewkit.errors import CodebookError, InterviewkitError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from interviewkit.codebook.model import Rule

#: Seconds one expression may take on one unit: this, plus :data:`PER_MILLION` per
#: million characters of the unit (a turn of a few thousand characters takes microseconds).
BASE_SECONDS = 2.0
PER_MILLION = 10.0
#: How often the watching process looks at the helper (and sees Ctrl-C).
_POLL = 0.05

#: Per unit: (slot, start, end) of every match, in the order Python's finditer gives them.
Spans = list[list[tuple[int, int, int]]]


def budget(length: int) -> float:
    """Seconds an expression may take on a unit of ``length`` characters."""
    return BASE_SECONDS + PER_MILLION * length / 1_000_000


class RegexRunner:
    """Run the expressions of ``rules`` (each ``rule.value``) over units' texts."""

    def __init__(
        self,
        rules: Sequence[Rule],
        *,
        source: str = "",
        fold: Callable[[str], str] | None = None,
    ) -> None:
        """``fold`` turns a rule into the form the texts are matched in (Chinese script)."""
        self.rules = list(rules)
        self.source = source
        patterns = [fold(r.value) if fold else r.value for r in self.rules]
        self.patterns = patterns
        self._set = RegexSet(patterns)
        self._exact: dict[int, Any] = {}
        self._python: list[int] = []
        if patterns:
            import re2

            options = re2.Options()
            options.case_sensitive = False
            options.log_errors = False
            for slot, pattern in enumerate(patterns):
                exact = exact_re2(pattern)
                if exact is None:
                    self._python.append(slot)
                else:
                    self._exact[slot] = re2.compile(exact, options)
        self._helper: _Helper | None = None

    def __bool__(self) -> bool:
        return bool(self.rules)

    def find(self, texts: Sequence[str]) -> Spans:
        """Every match of every expression in each text (the texts are units)."""
        return self.collect(self.submit(texts))

    def submit(self, texts: Sequence[str]) -> Pending:
        """Start on ``texts``: the helper's share runs while the caller does other work."""
        found: Spans = [[] for _ in texts]
        jobs: list[tuple[int, str, list[int]]] = []
        for u, text in enumerate(texts):
            slow = []
            for slot in self._set.candidates(text):
                exact = self._exact.get(slot)
                if exact is None:
                    slow.append(slot)
                    continue
                found[u].extend((slot, m.start(), m.end()) for m in exact.finditer(text))
            if slow:
                jobs.append((u, text, slow))
        if not jobs:
            return Pending(found, None, {})
        if self._helper is None or self._helper.pid_owner != os.getpid():
            try:
                self._helper = _Helper(self.patterns)
            except OSError as exc:
                raise InterviewkitError(
                    "cannot start the process that runs the codebook's regular expressions "
                    f"within their time limit ({exc.strerror or type(exc).__name__})",
                    hint="Check the limits on processes and shared memory (ulimit -u, /dev/shm).",
                ) from None
        try:
            self._helper.conn.send(jobs)
        except BaseException:
            self._drop_helper()
            raise
        return Pending(found, self._helper, {u: len(text) for u, text, _ in jobs})

    def collect(self, pending: Pending) -> Spans:
        """The matches of :meth:`submit`, once the helper is done (watched, see :func:`budget`)."""
        if pending.helper is not None:
            try:
                for u, spans in pending.helper.wait(pending.lengths, self):
                    pending.found[u].extend(spans)
            except BaseException:
                self._drop_helper()  # stopped in the middle (Ctrl-C, a budget): never reused
                raise
        return pending.found

    def _drop_helper(self) -> None:
        if self._helper is not None:
            self._helper.kill()
            self._helper = None

    def timed_out(self, slot: int, length: int) -> CodebookError:
        rule = self.rules[slot]
        where = ": ".join(p for p in (self.source, rule.location) if p)
        where += ": " if where else ""
        return CodebookError(
            f"{where}the regular expression /{rule.value}/ took more than "
            f"{budget(length):.0f} s on one unit of {length:,} characters and was stopped",
            hint="Rewrite it without nested repetition such as (a+)+ or (\\w+\\s*)+, "
            "or remove it from the codebook.",
        )

    def close(self) -> None:
        """Stop the helper process, if one runs (a new one starts when needed)."""
        if self._helper is not None and self._helper.pid_owner == os.getpid():
            self._helper.stop()
        self._helper = None


@dataclass
class Pending:
    """Work given to :meth:`RegexRunner.submit`: what RE2 found, and what the helper is doing."""

    found: Spans
    helper: _Helper | None
    lengths: dict[int, int]


class _Helper:
    """A process that runs Python's ``re``, and what it is doing right now."""

    def __init__(self, patterns: list[str]) -> None:
        import multiprocessing

        fork = os.name == "posix" and "fork" in multiprocessing.get_all_start_methods()
        context: Any = multiprocessing.get_context("fork" if fork else "spawn")
        # [unit, slot, time it started (0: idle)], written by the helper, read here.
        self.progress = context.Array("d", 3, lock=False)
        self.conn, child = context.Pipe()
        # A forked helper holds a copy of this end too: it closes it, so that it
        # sees the end of the pipe when this process closes its own.
        self.process = context.Process(
            target=_serve, args=(child, patterns, self.progress, self.conn), daemon=True
        )
        self.process.start()
        child.close()
        self.pid_owner = os.getpid()

    def wait(self, lengths: dict[int, int], runner: RegexRunner) -> list[tuple[int, list[Any]]]:
        """The answer to the jobs sent, or an error when one expression runs over its budget."""
        while not self.conn.poll(_POLL):
            if not self.process.is_alive():
                raise CodebookError(
                    "the process running the codebook's regular expressions stopped",
                    hint="Run the command again; if it stops again, report it with --debug.",
                )
            unit, slot, started = self.progress[:]
            length = lengths.get(int(unit), 0)
            if started and time.monotonic() - started > budget(length):
                raise runner.timed_out(int(slot), length)
        result: list[tuple[int, list[Any]]] = self.conn.recv()
        return result

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()

    def stop(self) -> None:
        """End the helper when it is idle: it sees the pipe closed and returns."""
        self.conn.close()
        self.process.join(timeout=5)
        if self.process.is_alive():  # pragma: no cover - it was not idle after all
            self.process.kill()
            self.process.join(timeout=5)


def _serve(conn: Connection, patterns: list[str], progress: Any, other: Connection) -> None:
    """The helper: run the asked expressions over the asked texts until the pipe closes."""
    import re

    other.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the watching process decides
    compiled: dict[int, re.Pattern[str]] = {}
    while True:
        try:
            jobs = conn.recv()
        except EOFError:
            return
        out = []
        for u, text, slots in jobs:
            spans = []
            for slot in slots:
                rx = compiled.get(slot)
                if rx is None:
                    rx = compiled[slot] = re.compile(patterns[slot], re.IGNORECASE)
                progress[0], progress[1], progress[2] = u, slot, time.monotonic()
                spans += [(slot, m.start(), m.end()) for m in rx.finditer(text)]
            out.append((u, spans))
        progress[2] = 0.0
        conn.send(out)
