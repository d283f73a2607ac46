"""Build over the last site instead of emptying it first.

MkDocs empties the site folder before a build; at archive scale that is most of a build
in which nothing changed (4.5k folders and 11k files unlinked, then made again, the reused
pages linked back in one by one: 3–4 s of file-system work on a 120-issue archive). So
the plugin notes what the folder holds and moves it aside before MkDocs would empty it
(`on_pre_build`, the event before the cleaning), and back as soon as the files are known
(`on_files`, before anything is written). The build then writes over the last site: pages
it renders and files it copies are rewritten, reused pages stay where they are
(incremental.py links only what is not the cached page already), and at the end every
file the folder held before that is not one of this build's files and was not written
since is removed, with the folders left empty — so the folder holds what a build into an
empty folder would have written (tests/render/mkdocs/test_in_place.py).

A file is this build's when it is the destination of one of MkDocs' files (a reused page
keeps its time), lies in a folder the plugin owns (the search index, linked from the kept
one), or was not there before or changed during the build (what the theme's templates and
other plugins write) — told by its inode, size and modification time, not by the clock.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

Seen = tuple[int, int, int]
"""A file's inode, size and modification time (ns): what tells that it was written."""


def _seen(path: str) -> Seen:
    stat = os.lstat(path)
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def _walk(site_dir: Path) -> dict[str, Seen]:
    """Every file under the folder (path relative to it) and how it was last written."""
    root = str(site_dir)
    start, found = len(os.path.join(root, "")), {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            found[path[start:]] = _seen(path)
    return found


class InPlace:
    """One build's use of the last site folder."""

    def __init__(self) -> None:
        self.site_dir: Path | None = None
        self.aside: Path | None = None
        self.before: dict[str, Seen] = {}
        """The files the folder held before the build (path relative to it)."""
        self.noted: tuple[Path, dict[str, Seen]] | None = None
        """A folder and what it held, noted ahead of the next build (`note`)."""

    def note(self, site_dir: Path) -> None:
        """Between two builds of one process (`mkdocs serve`'s build process, while the
        server waits for a save): what the folder holds noted ahead, so that the next
        `keep` need not walk it (~0.2 s at 11k files). Nothing else writes there meanwhile:
        MkDocs serves from a temporary folder of its own."""
        self.noted = (site_dir, _walk(site_dir))

    def keep(self, site_dir: Path) -> None:
        """`on_pre_build`: what the folder holds noted, the folder out of MkDocs' reach."""
        noted, self.noted = self.noted, None
        self.site_dir, self.aside, self.before = site_dir, None, {}
        if not site_dir.is_dir() or site_dir.is_symlink():
            return
        self.before = noted[1] if noted and noted[0] == site_dir else _walk(site_dir)
        aside = site_dir.with_name(f".{site_dir.name}.qikan-{os.getpid()}")
        shutil.rmtree(aside, ignore_errors=True)
        os.rename(site_dir, aside)
        self.aside = aside

    def restore(self) -> None:
        """`on_files` (nothing written yet), or after a failed build: the folder back."""
        if self.aside is None or self.site_dir is None:
            return
        if self.site_dir.exists():  # written meanwhile: that is the build's now
            shutil.rmtree(self.aside, ignore_errors=True)
            self.before = {}
        else:
            os.rename(self.aside, self.site_dir)
        self.aside = None

    def sweep(self, outputs: set[str], owned: tuple[str, ...] = ()) -> int:
        """After the build: remove every file the folder held before that is not among
        `outputs` (absolute paths of MkDocs' files), not under `owned` (folders, relative to
        the site) and not written since; then the folders left empty. How many went."""
        if self.site_dir is None or not self.site_dir.is_dir():
            return 0
        root = str(self.site_dir)
        owned_paths = tuple(os.path.join(o, "") for o in owned)
        removed, emptied = 0, set()
        for relative, seen in self.before.items():
            path = os.path.join(root, relative)
            if path in outputs or relative.startswith(owned_paths):
                continue
            try:
                if _seen(path) != seen:
                    continue  # written during the build: the build's
            except FileNotFoundError:
                continue
            os.unlink(path)
            removed += 1
            emptied.add(os.path.dirname(path))
        for folder in sorted(emptied, key=len, reverse=True):  # the deepest first
            while (folder != root and folder.startswith(root) and os.path.isdir(folder)
                   and not os.listdir(folder)):
                os.rmdir(folder)
                folder = os.path.dirname(folder)
        self.before = {}
        return removed
