"""Reading a .qdpx archive from elsewhere without trusting it.

A .qdpx is a zip file: ``project.qde`` (the XML) and the sources under
``Sources/``. It may come from anyone, so: entry names that would lead out of
a folder (``../``, absolute paths, drive letters) are refused, however they
are used (zip slip); the number of entries and the unpacked size are capped,
and every entry is read with a cap whatever its header claims (zip bombs);
a broken archive is one clear error, not a traceback. Nothing is ever
extracted to disk: entries are read into memory, one at a time. A bare .qde
finds its texts in a :class:`Folder` instead: its own folder and a
``Sources`` folder there, nothing outside them.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import Protocol

from interviewkit.errors import ExchangeError

#: Caps on what an archive may hold; generous for real projects of interviews.
MAX_ENTRIES = 10_000
MAX_TOTAL_BYTES = 2 * 1024**3
MAX_ENTRY_BYTES = 512 * 1024**2
PROJECT_FILE = "project.qde"


class Archive:
    """A checked, read-only .qdpx archive; use it as a context manager."""

    def __init__(
        self,
        path: str | Path,
        *,
        max_entries: int = MAX_ENTRIES,
        max_total: int = MAX_TOTAL_BYTES,
        max_entry: int = MAX_ENTRY_BYTES,
    ) -> None:
        self.path = Path(path)
        self.max_entry = max_entry
        try:
            self._zip = zipfile.ZipFile(self.path)
        except FileNotFoundError:
            raise ExchangeError(f"{self.path}: no such file", hint="Check the path.") from None
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise ExchangeError(
                f"{self.path} is not a readable .qdpx archive ({exc})",
                hint="A .qdpx file is a zip archive; export the project again from the tool "
                "that made it, or check that the file was copied completely.",
            ) from None
        try:
            self._names = self._check(max_entries, max_total)
        except BaseException:
            self._zip.close()
            raise

    def _check(self, max_entries: int, max_total: int) -> dict[str, zipfile.ZipInfo]:
        entries = self._zip.infolist()
        if len(entries) > max_entries:
            raise ExchangeError(
                f"{self.path} holds {len(entries)} entries, more than the {max_entries} "
                "interviewkit accepts; it was not read",
                hint="This is not what QDA tools export; if you trust the file, unpack it "
                "and pack only project.qde and the Sources folder again.",
            )
        total = sum(e.file_size for e in entries)
        if total > max_total:
            raise ExchangeError(
                f"{self.path} would unpack to {total / 1024**2:.0f} MB, more than the "
                f"{max_total / 1024**2:.0f} MB interviewkit accepts; it was not read",
                hint="Export the project without its audio and video sources.",
            )
        names: dict[str, zipfile.ZipInfo] = {}
        for entry in entries:
            name = entry.filename
            if not safe_name(name):
                raise ExchangeError(
                    f"{self.path}: the entry {name!r} points outside the archive's folder; "
                    "the archive was not read",
                    hint="The file may have been made to harm; do not unpack it by hand.",
                )
            if not entry.is_dir():
                names[_key(name)] = entry
        return names

    def __enter__(self) -> Archive:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    def has(self, name: str) -> bool:
        return _key(name) in self._names

    def entries(self) -> list[str]:
        """The names of the files in the archive, in the lenient form lookups use."""
        return list(self._names)

    def read(self, name: str) -> bytes:
        """The bytes of one entry, read with a cap whatever its header claims."""
        entry = self._names.get(_key(name))
        if entry is None:
            raise ExchangeError(f"{self.path} holds no {name}")
        try:
            with self._zip.open(entry) as stream:
                data = stream.read(self.max_entry + 1)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError) as exc:
            raise ExchangeError(
                f"{self.path}: the entry {name} is damaged ({exc})",
                hint="Export the project again, or check that the file was copied completely.",
            ) from None
        if len(data) > self.max_entry:
            raise ExchangeError(
                f"{self.path}: the entry {name} unpacks to more than "
                f"{self.max_entry / 1024**2:.0f} MB; the archive was not read",
                hint="The file may be a zip bomb; do not unpack it by hand.",
            )
        return data

    def project_xml(self) -> bytes:
        """The archive's ``project.qde``; a clear error if it has none."""
        if not self.has(PROJECT_FILE):
            raise ExchangeError(
                f"{self.path} holds no project.qde, so it is not a REFI-QDA project",
                hint="Export the project again with your QDA tool's 'REFI-QDA project' "
                "(.qdpx) export.",
            )
        return self.read(PROJECT_FILE)


def safe_name(name: str) -> bool:
    """Whether an entry name stays inside the folder it would be unpacked to."""
    if not name or "\x00" in name:
        return False
    posix = name.replace("\\", "/")
    if posix.startswith("/") or (len(posix) > 1 and posix[1] == ":"):
        return False
    return ".." not in PurePosixPath(posix).parts


def _key(name: str) -> str:
    # Tools differ in case and slashes (Sources/ vs sources\); we look up leniently.
    return name.replace("\\", "/").lstrip("./").lower()


class Files(Protocol):
    """Where the files a project names are looked up: its archive, or its folder."""

    path: Path

    def has(self, name: str) -> bool: ...

    def read(self, name: str) -> bytes: ...

    def entries(self) -> list[str]: ...


class Folder:
    """The files beside a bare .qde (an unpacked archive): the files in its folder and
    in a ``Sources`` folder there, and nothing outside them."""

    def __init__(self, root: Path) -> None:
        self.path = root
        self._files: dict[str, Path] = {}
        base = root.resolve()
        places = [(base, False)]
        places += [(p, True) for p in _listed(base) if p.is_dir() and p.name.lower() == "sources"]
        for place, deep in places:
            walk = os.walk(place) if deep else [(str(place), [], [p.name for p in _listed(place)])]
            for folder, _, names in walk:
                for name in names:
                    full = Path(folder, name)
                    try:
                        inside = full.resolve().is_relative_to(base) and full.is_file()
                    except OSError:
                        continue
                    if inside:
                        key = full.relative_to(base).as_posix().lower()
                        self._files.setdefault(key, full)
                if len(self._files) > MAX_ENTRIES:
                    raise ExchangeError(
                        f"{place} holds more than {MAX_ENTRIES} files; its texts were not read",
                        hint="Put the .qde and its Sources folder in a folder of their own.",
                    )

    def has(self, name: str) -> bool:
        return name.replace("\\", "/").lstrip("./").lower() in self._files

    def entries(self) -> list[str]:
        return list(self._files)

    def read(self, name: str) -> bytes:
        path = self._files[name.replace("\\", "/").lstrip("./").lower()]
        with path.open("rb") as stream:
            data = stream.read(MAX_ENTRY_BYTES + 1)
        if len(data) > MAX_ENTRY_BYTES:
            raise ExchangeError(
                f"{path} is larger than {MAX_ENTRY_BYTES / 1024**2:.0f} MB; it was not read",
                hint="A transcript is never that large; check the file.",
            )
        return data


def _listed(folder: Path) -> list[Path]:
    try:
        return sorted(folder.iterdir())
    except OSError:
        return []
