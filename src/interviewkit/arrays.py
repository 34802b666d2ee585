"""Small NumPy helpers shared by the store's counting and the analysis.

Counting "each unit and code once, parents included" on a million codings is
done on integer keys; these two steps are the same wherever it is done.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np


def distinct(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (a sort and a diff: ``np.unique`` of NumPy 2.3 is far slower)."""
    import numpy as np

    ordered = np.sort(values, kind="stable")
    if ordered.size == 0:
        return ordered
    keep = np.empty(ordered.size, dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def expand(
    unit_of: np.ndarray, code_of: np.ndarray, lineage: Sequence[Sequence[int]]
) -> tuple[np.ndarray, np.ndarray]:
    """Each (unit, code) pair once for every target its code counts for.

    ``lineage[c]`` lists the targets of code ``c`` (itself and its ancestors, or
    the table codes it is a member of). Returns the repeated units and their
    targets, vectorised (no Python loop over the pairs).
    """
    import numpy as np

    sizes = np.array([len(line) for line in lineage], dtype=np.int64)
    flat = np.array([t for line in lineage for t in line], dtype=np.int64)
    starts = np.cumsum(sizes) - sizes
    repeat = sizes[code_of]
    first = np.repeat(np.cumsum(repeat) - repeat, repeat)
    target = flat[np.repeat(starts[code_of], repeat) + np.arange(int(repeat.sum())) - first]
    return np.repeat(unit_of, repeat), target
