"""Writing output files without destroying what was there.

Every file the tool writes (tables, figures, reports, REFI-QDA exports) goes
through :func:`atomic_write`: the writer writes a temporary file in the
target's own folder, which is renamed over the target only once it is
complete. A write that fails half way (a full disk, a file size limit, a
killed process) leaves the earlier file as it was and no partial one, and
the error says so in one line.

:func:`check_not_clobbering` refuses, before any work, an output path that
is (or resolves to) one of the command's inputs, the project file or one of
its journal files.
"""

from __future__ import annotations

import errno
import gc
import os
import secrets
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from interviewkit.errors import OutputError, UsageError

#: Files SQLite keeps beside a project file while it is open, or after a crash.
JOURNAL_SUFFIXES = ("-wal", "-shm", "-journal")

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "the file would be larger than this system allows (a file size limit)",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the disk is read-only",
    errno.ENOENT: "the folder does not exist",
}


@contextmanager
def atomic_write(target: str | Path) -> Iterator[Path]:
    """A temporary path to write ``target`` to; it replaces ``target`` when the block ends well.

    The temporary file is in the folder of the file ``target`` names (a
    symbolic link is followed, and stays a link), hidden, with the target's
    suffix (so that writers that take the format from the name still do).
    It keeps the permissions of the file it replaces. If the block raises,
    the temporary file is removed and ``target`` is untouched; an
    :class:`OSError` becomes an :class:`~interviewkit.errors.OutputError`
    that says what happened. A target that is not a regular file (a device
    such as ``/dev/stdout``, a named pipe) is written once the block is done,
    from a temporary file elsewhere.
    """
    target = Path(target)
    if target.is_dir():
        raise UsageError(f"cannot write {target}: it is a folder", hint="Give a file name.")
    if target.exists() and not target.is_file():  # links followed, /dev/stdout's too
        with _special(target) as path:
            yield path
        return
    real = Path(os.path.realpath(target))
    existed = real.exists()
    temporary = _temporary(target, real, existed)
    failure: OutputError | None = None
    try:
        yield temporary
        _sync(temporary)
        os.replace(temporary, real)
    except OSError as exc:
        failure = _failed(target, exc, existed)
    except BaseException:
        _discard(temporary)
        raise
    if failure is not None:
        # Raised outside the handler: the writer's half-closed objects (a zip
        # archive, a workbook) are freed here, not at exit with a traceback.
        _discard(temporary)
        raise failure


def write_bytes(target: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` atomically (see :func:`atomic_write`)."""
    with atomic_write(target) as path:
        path.write_bytes(data)
    return Path(target)


def write_text(target: str | Path, text: str, *, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``target`` atomically (see :func:`atomic_write`); newlines as given."""
    return write_bytes(target, text.encode(encoding))


def write_with(target: str | Path, writer: Callable[[Path], object]) -> Path:
    """Call ``writer(path)`` on a temporary path that then replaces ``target``."""
    with atomic_write(target) as path:
        writer(path)
    return Path(target)


def _temporary(target: Path, real: Path, existed: bool) -> Path:
    for _ in range(10):
        temporary = real.with_name(f".{real.stem}.{secrets.token_hex(4)}.tmp{real.suffix}")
        try:
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        except OSError as exc:
            raise _failed(target, exc, existed) from None
        os.close(descriptor)
        if existed:
            with suppress(OSError):  # else the umask's permissions, the next best
                os.chmod(temporary, stat.S_IMODE(real.stat().st_mode))
        return temporary
    raise OutputError(f"{target} could not be written: no free temporary name in its folder")


def _sync(path: Path) -> None:
    """Make the new content durable before it replaces the old."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _discard(temporary: Path) -> None:
    with quiet_cleanup():
        pass
    with suppress(OSError):
        temporary.unlink(missing_ok=True)


@contextmanager
def quiet_cleanup() -> Iterator[None]:
    """Free what a failed writer left half open, without Python's 'Exception ignored' noise.

    A writer that fails (a full disk) leaves objects (a zip archive, an XML
    stream) whose clean-up fails again when they are freed; Python prints
    that as a traceback. The write's own error says it all: inside this
    block, and in a garbage collection at its end, those second failures are
    dropped.
    """
    hook = sys.unraisablehook
    sys.unraisablehook = _drop
    try:
        yield
    finally:
        try:
            gc.collect()
        finally:
            sys.unraisablehook = hook


def _drop(unraisable: object) -> None:
    pass


@contextmanager
def _special(target: Path) -> Iterator[Path]:
    """Write to a device or a pipe: through a temporary file, then one copy we control."""
    failure: OutputError | None = None
    with tempfile.TemporaryDirectory(prefix="interviewkit-") as folder:
        temporary = Path(folder) / f"output{target.suffix}"
        try:
            yield temporary
            with temporary.open("rb") as source, target.open("wb", buffering=0) as sink:
                shutil.copyfileobj(source, sink)
        except OSError as exc:
            failure = _failed(target, exc, existed=False, replaced=False)
    if failure is not None:
        _discard(temporary)
        raise failure


def _failed(target: Path, exc: OSError, existed: bool, *, replaced: bool = True) -> OutputError:
    reason = _REASONS.get(exc.errno or 0) or exc.strerror or type(exc).__name__
    if not replaced:
        kept = "what was written is incomplete"
    elif existed:
        kept = f"the earlier {target.name} was left as it was"
    else:
        kept = "nothing was written"
    hint = {
        errno.ENOSPC: "Free some disk space, or write to another disk, and run the command again.",
        errno.EDQUOT: "Free some space in your quota, or write elsewhere, and run it again.",
        errno.EFBIG: "Raise the limit (ulimit -f), or write a smaller output.",
    }.get(exc.errno or 0, "Check that you may write to that folder, or choose another path.")
    return OutputError(f"{target} could not be written: {reason}; {kept}", hint=hint)


# --------------------------------------------------------------------------- clobbering


def check_not_clobbering(
    output: str | Path,
    *,
    inputs: Iterable[str | Path] = (),
    project: str | Path | None = None,
    option: str = "-o",
) -> Path:
    """Refuse an output that is an input, the project or a journal file of it (links followed).

    ``inputs`` are the files the command reads (transcripts, a metadata sheet,
    a codebook); ``project`` the project file, whether or not this command
    opens it: a table written over it would destroy the study.
    """
    output = Path(output)
    for source in inputs:
        if _same(output, Path(source)):
            raise UsageError(
                f"{option} {output} is {_shown(output, Path(source))}, which this command "
                "reads; writing there would destroy it",
                hint="Give the output another file name.",
            )
    if project is not None and str(project) != ":memory:":
        base = Path(project)
        for suffix in ("", *JOURNAL_SUFFIXES):
            guarded = base.with_name(base.name + suffix)
            resolved = Path(os.path.realpath(base))
            resolved = resolved.with_name(resolved.name + suffix)
            if _same(output, guarded) or _same(output, resolved):
                what = "the project file" if not suffix else f"the project's {suffix[1:]} file"
                raise UsageError(
                    f"{option} {output} is {what} {guarded}; writing there would destroy "
                    "the project",
                    hint="Give the output another file name.",
                )
    return output


def _same(a: Path, b: Path) -> bool:
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)  # a hard link: another name of the same file
    except OSError:
        return False


def _shown(output: Path, source: Path) -> str:
    return str(source) if str(source) != str(output) else "an input"
