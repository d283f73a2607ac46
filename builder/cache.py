"""Parsed issues cached on disk, keyed by the bytes that made them.

An issue is parsed again only when its export, its sidecar, the columns file or
the builder itself changed: the key hashes all four. Entries are pickles of the
frozen model, written atomically; an unreadable entry is simply parsed again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TypeVar

from builder import __version__
from builder.model import Issue

CACHE_FORMAT = 1
"""Bump when the model or the parser changes in a way that must invalidate cached issues."""
log = logging.getLogger(__name__)
T = TypeVar("T")


def _code_fingerprint() -> str:
    """Hash of the builder's own source, so that any code change invalidates the cache."""
    digest = hashlib.sha256(f"{__version__}:{CACHE_FORMAT}".encode())
    for source in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()


CODE = _code_fingerprint()


def write_atomically(path: Path, data: bytes) -> None:
    """`data` into `path` through a temporary file beside it: a reader sees the old file or
    the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


def content_key(*parts: bytes) -> str:
    """A cache key of `parts` made by this builder's code."""
    digest = hashlib.sha256(CODE.encode())
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()[:40]


def issue_key(source: Path, sidecar: Path, columns_file: Path) -> str:
    """The cache key of one issue: its path, bytes, sidecar, the columns and the builder."""
    return content_key(str(source).encode(), source.read_bytes(),
                       sidecar.read_bytes() if sidecar.is_file() else b"",
                       columns_file.read_bytes() if columns_file.is_file() else b"")


def _source_name(source: str | Path) -> str:
    """A file name for what a cache keeps of one source file (by its absolute path)."""
    return hashlib.sha256(str(Path(source).resolve()).encode()).hexdigest()[:32]


class IssueCache:
    """Pickled issues in `folder/issues/`; those a process read or wrote are also kept in
    memory while their file is unchanged (the rebuilds of `mkdocs serve` do not read them
    again)."""

    _kept: dict[Path, tuple[Path, tuple[int, int], Issue]] = {}
    KEPT = 4096
    """Issues kept in memory at most (then the memory starts again)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder / "issues" if folder else None
        self.hits = self.misses = 0

    def get(self, key: str) -> Issue | None:
        if self.folder is None:
            return None
        path = self.folder / f"{key}.pickle"
        if len(self._kept) >= self.KEPT:
            self._kept.clear()
        try:
            issue = _read(path, self._kept, path)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            self.misses += 1
            return None
        self.hits += 1
        return issue

    def put(self, key: str, issue: Issue) -> None:
        if self.folder is None:
            return
        data = pickle.dumps(issue, protocol=pickle.HIGHEST_PROTOCOL)
        path = self.folder / f"{key}.pickle"
        write_atomically(path, data)
        _keep(path, self._kept, path, issue)
        write_atomically(self._last_good(issue.source), data)

    def prune(self, keep: set[str]) -> int:
        """Remove the cached issues whose key is not in `keep` (the issues of this build):
        each edit of a sidecar or of the builder's code leaves the old entries behind,
        without end (0.9 GB after a few hundred builds of a 120-issue archive). How many
        went. The last good versions stay."""
        if self.folder is None or not self.folder.is_dir():
            return 0
        removed = 0
        for entry in os.scandir(self.folder):
            name = entry.name
            if name.endswith(".pickle") and name[:-7] not in keep and entry.is_file():
                Path(entry.path).unlink(missing_ok=True)
                removed += 1
        return removed

    def _last_good(self, source: str | Path) -> Path:
        return self.folder / "last-good" / f"{_source_name(source)}.pickle"

    def last_good(self, source: str | Path) -> Issue | None:
        """The last version of the issue at `source` that parsed, if any: published while
        an edit (a sidecar typo, say) makes the file fail."""
        if self.folder is None:
            return None
        try:
            with self._last_good(source).open("rb") as handle:
                return pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None


class ReadingCache:
    """What the PDF reader made of each issue's PDF, in `folder/readings/`: one entry per
    PDF (by its path), with the key of the bytes, columns and code that made it. An issue
    parsed again only because its sidecar changed has its PDF read from here instead of
    the PDF (~1 s an issue); a PDF that changed replaces its entry."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder / "readings" if folder else None

    @staticmethod
    def key(digest: bytes, columns: object) -> str:
        """The key of a PDF (the digest of its bytes) read with `columns` (their repr)."""
        return content_key(digest, repr(columns).encode())

    def _path(self, source: str | Path) -> Path:
        return self.folder / f"{_source_name(source)}.pickle"

    def get(self, source: str | Path, key: str) -> object | None:
        """The reading stored for `source` under `key`, else None."""
        if self.folder is None:
            return None
        try:
            with self._path(source).open("rb") as handle:
                stored, reading = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
                ValueError, TypeError):
            return None
        return reading if stored == key else None

    def put(self, source: str | Path, key: str, reading: object) -> None:
        if self.folder is not None:
            write_atomically(self._path(source), pickle.dumps(
                (key, reading), protocol=pickle.HIGHEST_PROTOCOL))


def settings_fingerprint(*settings: str) -> str:
    """Hash of the builder's code and the given settings."""
    digest = hashlib.sha256(CODE.encode())
    for setting in settings:
        digest.update(hashlib.sha256(setting.encode()).digest())
    return digest.hexdigest()


def inputs_fingerprint(content: Path, site_data: Path, *settings: str) -> str:
    """Hash of everything the generated pages depend on: every file of the content folder,
    the curated data files (not the curated pages in its subfolders), the builder's code,
    and the given settings."""
    digest = hashlib.sha256(CODE.encode())
    for setting in settings:
        digest.update(hashlib.sha256(setting.encode()).digest())
    for folder, files in ((content, content.rglob("*")), (site_data, site_data.glob("*"))):
        for path in sorted(p for p in files if p.is_file()):
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


class OutputCache:
    """The last build's output (pages, feed, messages), reused when no input changed.

    What a process wrote or read last is also kept in memory while the file is unchanged
    (its size and modification time), so that the rebuilds of `mkdocs serve` do not read
    it back (one file of each name: the process's project)."""

    _kept: dict[str, tuple[Path, tuple[int, int], tuple[str, object]]] = {}

    def __init__(self, folder: Path | None, name: str = "output.pickle") -> None:
        self.path = folder / name if folder else None

    def get(self, fingerprint: str):
        """The payload stored under `fingerprint`, else None."""
        stored = self.last()
        return stored[1] if stored and stored[0] == fingerprint else None

    def last(self) -> tuple[str, object] | None:
        """The fingerprint and payload stored last, whatever the fingerprint."""
        if self.path is None:
            return None
        try:
            stored, payload = _read(self.path, self._kept, self.path.name)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError,
                ImportError, TypeError):  # written by another version of the builder
            return None
        return stored, payload

    def put(self, fingerprint: str, payload, disk: bool = True) -> None:
        """Keep `payload` under `fingerprint`; `disk=False`: in memory only, while the file
        is there and unchanged (`mkdocs serve`'s rebuilds: the file is the first build's)."""
        if self.path is None:
            return
        if disk or not self.path.is_file():
            write_atomically(self.path, pickle.dumps((fingerprint, payload),
                                                     protocol=pickle.HIGHEST_PROTOCOL))
        _keep(self.path, self._kept, self.path.name, (fingerprint, payload))


def _read(path: Path, kept: dict, slot: object) -> object:
    """The pickle in `path`: the object kept in `kept[slot]` while the file is the one it
    was read from or written as, else read from the file (and kept)."""
    stamp, found = file_stamp(path), kept.get(slot)
    if found and found[:2] == (path, stamp):
        return found[2]
    with path.open("rb") as handle:
        value = pickle.load(handle)
    kept[slot] = (path, stamp, value)
    return value


def _keep(path: Path, kept: dict, slot: object, value: object) -> None:
    """`value` kept in memory as what the file `path` holds now."""
    kept[slot] = (path, file_stamp(path), value)


def file_stamp(path: Path) -> tuple[int, int]:
    """A file's size and modification time: what tells that it was rewritten."""
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


class KeptBySource:
    """Values made from objects, kept from one pass to the next while they are asked for
    with the very object they were made from (compared by identity, not equality: cheap,
    and right for frozen objects as long as the key names everything else the value is
    made from — the caller's duty). The rebuilds of `mkdocs serve` share the issues
    that did not change (the issue cache keeps them in memory), so what is made of one
    issue — its search records, its groups in the tag and topic lists — is made again only
    for the issue that changed. A pass runs between `begin` and `end`; only what it asked
    for is kept after it."""

    def __init__(self) -> None:
        self.last: dict[Hashable, tuple[object, object]] = {}
        self.now: dict[Hashable, tuple[object, object]] = {}

    def get(self, key: Hashable, source: object, make: Callable[[], T]) -> T:
        """The value under `key`: the one kept when it was made from `source` itself, else
        `make()`."""
        kept = self.now.get(key) or self.last.get(key)
        value = kept[1] if kept is not None and kept[0] is source else make()
        self.now[key] = (source, value)
        return value

    def begin(self) -> None:
        """A pass starts: what the last one kept (or an unfinished one made) may be reused."""
        self.last.update(self.now)
        self.now = {}

    def end(self) -> None:
        """A pass ended: keep only what it asked for."""
        self.last, self.now = self.now, {}
