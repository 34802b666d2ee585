"""The coded segments of files coded at once, as rows, without a project.

``interviewkit code FILES`` shows and writes what the coder found and keeps
nothing. Its table is the table of :meth:`Project.segments` for an in-memory
project holding those files (the design's one path), and it is made here
from the coding records directly: no SQLite, no pandas, the same columns,
rows, order and values (``tests/coding/test_segments.py`` holds the two
side by side). Commands that analyse files (``themes``, ``compare``) go
through the in-memory project.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from interviewkit.models import STANDARD_ATTRIBUTES, Transcript
from interviewkit.store.documents import check_transcript
from interviewkit.store.frames import SEGMENT_COLUMNS

if TYPE_CHECKING:
    import pandas as pd

    from interviewkit.codebook.model import Codebook
    from interviewkit.coding.coder import UnitResult


@dataclass
class Segments:
    """A table of coded segments: its columns and its rows (tuples, in the columns' order)."""

    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> list[Any]:
        """The values of one column, row by row."""
        at = self.columns.index(name)
        return [row[at] for row in self.rows]

    def frame(self) -> pd.DataFrame:
        """The table as :meth:`Project.segments` gives it (imports pandas)."""
        import pandas as pd

        return pd.DataFrame(self.rows, columns=list(self.columns))


def check_transcripts(transcripts: Sequence[Transcript]) -> None:
    """What a project checks of transcripts it is given: one id each, units inside the text."""
    seen: set[str] = set()
    for transcript in transcripts:
        check_transcript(transcript, seen)


def segment_rows(
    transcripts: Sequence[Transcript], codebook: Codebook, results: Iterable[UnitResult]
) -> Segments:
    """The coded segments of ``results`` (one run of one coder over ``transcripts``).

    Sorted as the project sorts them: by transcript id, unit, the code's place
    in the codebook, then code; each unit's evidence by where it stands.
    """
    metadata = {
        t.id: {str(k): str(v) for k, v in t.metadata.items() if v is not None} for t in transcripts
    }
    keys = {key for values in metadata.values() for key in values}
    attributes = [a for a in STANDARD_ATTRIBUTES if a in keys]
    attributes += sorted(keys - set(STANDARD_ATTRIBUTES))
    by_id = {t.id: t for t in transcripts}
    position = {code.id: at for at, code in enumerate(codebook.codes)}
    names = {code.id: code.name for code in codebook.codes}
    keyed: list[tuple[tuple[Any, ...], tuple[Any, ...]]] = []
    for result in results:
        if not result.codes:
            continue
        transcript = by_id[result.doc_id]
        unit = transcript.units[result.unit_index - 1]
        if unit.index != result.unit_index:  # units are numbered from 1 in order
            unit = next(u for u in transcript.units if u.index == result.unit_index)
        meta = metadata[result.doc_id]
        text = transcript.text[result.start : result.end]
        extra = tuple(meta.get(a) for a in attributes)
        for code, evidence in result.codes:
            shown = "; ".join(
                f"{rule} → {matched!r}" for rule, matched, _, _ in sorted(evidence, key=_start)
            )
            row = (
                result.doc_id,
                result.unit_index,
                unit.speaker,
                result.start,
                result.end,
                code,
                names.get(code),
                result.coder,
                "auto",
                "suggested",
                "",
                shown,
                None,
                text,
                *extra,
            )
            order = (result.doc_id, result.unit_index, position.get(code, -1), code)
            keyed.append((order, row))
    keyed.sort(key=_first)
    return Segments((*SEGMENT_COLUMNS, *attributes), [row for _, row in keyed])


def _start(evidence: tuple[str, str, int, int]) -> int:
    return evidence[2]


def _first(item: tuple[tuple[Any, ...], tuple[Any, ...]]) -> tuple[Any, ...]:
    return item[0]
