"""Writing a report file whole or not at all.

The bytes go to a temporary file in the same folder, which then replaces the
target in one step: a write that fails half way (a full disk) leaves the file
that was there before, and no half-written one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

__all__ = ["write_bytes", "write_with"]


def write_with(path: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(temporary path)`` and move the result to ``path``; on failure, clean up."""
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    return path


def _umask() -> int:
    """The process's umask (a new file gets the mode a plain ``open`` would give it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_bytes(path: Path, data: bytes) -> Path:
    """``data`` to ``path``, whole or not at all."""

    def write(temporary: Path) -> None:
        temporary.write_bytes(data)

    return write_with(path, write)
