"""Compiled codebooks kept on disk, so that a run does not compile them again.

Reading the codebook's YAML, the lemma tables of spacy-lookups-data and
compiling hundreds of rules cost more than spaCy's own start. Their results
are plain data (:mod:`interviewkit.coding.stored`), kept as JSON files in the
user's cache folder (``platformdirs.user_cache_dir("interviewkit")``, or
``$INTERVIEWKIT_CACHE_DIR``), one file per codebook and language.

* **Keyed by content**: a file's name and header carry a SHA-256 of what its
  result depends on: the codebook's content (or the file's bytes), the
  language, the pipeline, the versions of interviewkit, spaCy and
  spacy-lookups-data, and the source of the modules that compile (so that a
  changed compiler never reads an old result).
* **Atomic**: written to a temporary file in the same folder and renamed
  into place: two processes at once never see half a file.
* **Checked, never trusted**: a file is read only if it belongs to this user
  and no one else may write it; its header must name the format, its kind
  and its key, and the SHA-256 of its body must match. Anything else (a
  corrupt, truncated or foreign file) is ignored and rebuilt, never an error.
  The body is JSON: nothing in it is executable, and it is turned back into
  objects field by field with type checks.
* **Off switch**: ``INTERVIEWKIT_NO_CACHE=1`` (``interviewkit --no-cache``)
  reads and writes nothing; ``interviewkit cache clear`` empties the folder.

The cache is a convenience: a folder that cannot be written is silently left
alone, and the results are the same with and without it.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

#: Bumped whenever what is stored changes shape.
FORMAT = 1
ENV_OFF = "INTERVIEWKIT_NO_CACHE"
ENV_DIR = "INTERVIEWKIT_CACHE_DIR"
_MAGIC = "interviewkit-cache"
_SUFFIX = ".json"
#: A cache file larger than this is not read (a compiled codebook is a few MB at most).
_MAX_BYTES = 256 << 20


def enabled() -> bool:
    """Whether the cache may be used (``INTERVIEWKIT_NO_CACHE`` unset, empty or 0)."""
    return os.environ.get(ENV_OFF, "").strip().lower() in ("", "0", "false", "no")


def cache_dir() -> Path:
    """The folder of the cache: ``$INTERVIEWKIT_CACHE_DIR``, else the user's cache folder."""
    env = os.environ.get(ENV_DIR)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("interviewkit", appauthor=False)) / "compiled"


def digest(*parts: str | bytes) -> str:
    """SHA-256 of the parts, each length-prefixed (so that no two lists collide)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The format, interviewkit's version and the source of the modules whose results are kept."""
    from interviewkit import __version__

    here = Path(__file__).resolve().parent
    parts: list[str | bytes] = [str(FORMAT), __version__]
    for folder in (here, here.parent / "codebook"):
        for path in sorted(folder.glob("*.py")):
            try:
                parts += [path.name, path.read_bytes()]
            except OSError:  # pragma: no cover - an installed package is readable
                parts += [path.name, b"?"]
    return digest(*parts)


@lru_cache(maxsize=1)
def library_versions() -> str:
    """The versions of spaCy and spacy-lookups-data (the lemma tables)."""
    from importlib import metadata

    found = []
    for name in ("spacy", "spacy-lookups-data", "jieba", "opencc"):
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:  # pragma: no cover - declared dependencies
            found.append(f"{name}=-")
    return ";".join(found)


class Store(Protocol):
    """Where compiled results are kept: the disk cache, or a project (see the README)."""

    def get(self, kind: str, key: str) -> Any | None: ...

    def put(self, kind: str, key: str, payload: Any) -> None: ...


@dataclass
class DiskCache:
    """JSON files under :func:`cache_dir`, one per kind and key."""

    folder: Path

    @classmethod
    def default(cls) -> DiskCache | None:
        """The user's cache, or None when it is turned off."""
        return cls(cache_dir()) if enabled() else None

    def path(self, kind: str, key: str) -> Path:
        return self.folder / f"{kind}-{key[:40]}{_SUFFIX}"

    def get(self, kind: str, key: str) -> Any | None:
        """The payload kept under ``key``, or None if there is none that can be trusted."""
        path = self.path(kind, key)
        try:
            with open(path, "rb") as handle:
                info = os.fstat(handle.fileno())
                if not _trusted(info) or info.st_size > _MAX_BYTES:
                    return None
                header_line = handle.readline(4096)
                body = handle.read()
            header = json.loads(header_line)
            if not (
                isinstance(header, dict)
                and header.get("magic") == _MAGIC
                and header.get("format") == FORMAT
                and header.get("kind") == kind
                and header.get("key") == key
                and header.get("size") == len(body)
                and header.get("sha256") == hashlib.sha256(body).hexdigest()
            ):
                return None
            return json.loads(body)
        except (OSError, ValueError, UnicodeDecodeError, RecursionError):
            return None

    def put(self, kind: str, key: str, payload: Any) -> None:
        """Keep ``payload`` (plain JSON data) under ``key``; a folder we cannot write is let be."""
        try:
            body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
            header = {
                "magic": _MAGIC,
                "format": FORMAT,
                "kind": kind,
                "key": key,
                "size": len(body),
                "sha256": hashlib.sha256(body).hexdigest(),
            }
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=_SUFFIX, dir=self.folder)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(json.dumps(header).encode() + b"\n" + body)
                os.replace(tmp, self.path(kind, key))
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except (OSError, ValueError, TypeError, RecursionError):
            return

    def entries(self) -> list[Path]:
        """The files of the cache (and leftovers of interrupted writes)."""
        if not self.folder.is_dir():
            return []
        return sorted(p for p in self.folder.iterdir() if p.is_file() and p.name.endswith(_SUFFIX))

    def clear(self) -> tuple[int, int]:
        """Delete every file of the cache; returns (files, bytes) removed."""
        files = size = 0
        for path in self.entries():
            try:
                size += path.stat().st_size
                path.unlink()
                files += 1
            except FileNotFoundError:  # another process cleared it first
                continue
        return files, size


def _trusted(info: os.stat_result) -> bool:
    """Only a file of this user that nobody else may change is read (POSIX)."""
    if not hasattr(os, "getuid"):  # pragma: no cover - Windows: the user's own profile
        return True
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
