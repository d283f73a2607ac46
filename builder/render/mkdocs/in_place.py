"""Build over the last site instead of emptying it first.

MkDocs empties the site folder before a build; at archive scale that is most of a build
in which nothing changed (4.5k folders and 11k files unlinked, then made again, the reused
pages linked back in one by one: 3–4 s of file-system work on a 120-issue archive). So
the plugin moves the site folder aside before MkDocs would empty it (`on_pre_build`, the
event before the cleaning), and back as soon as the files are known (`on_files`, before
anything is written). The build then writes over the last site: pages it renders and files
it copies are rewritten, reused pages stay where they are (incremental.py links only what
is not the cached page already), and at the end every file that this build neither wrote
nor placed is removed, with the folders left empty — so the folder holds what a build into
an empty folder would have written (tests/render/mkdocs/test_in_place.py).

A file counts as this build's when it was written since the build began, or is the
destination of one of MkDocs' files (a reused page keeps its time), or lies in the search
index's folder (linked from the kept index). Files another plugin writes during the build
are new, so they stay.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

SLACK_NS = 2_000_000_000
"""File times lag the clock by up to a tick: a file older than the build by less than this
is taken as written by it (a stale file is from an earlier build, seconds older at least)."""


class InPlace:
    """One build's use of the last site folder."""

    def __init__(self) -> None:
        self.site_dir: Path | None = None
        self.aside: Path | None = None
        self.started = 0

    def keep(self, site_dir: Path) -> None:
        """`on_pre_build`: the site folder out of MkDocs' reach while it cleans."""
        self.started = time.time_ns()
        self.site_dir, self.aside = site_dir, None
        if site_dir.is_dir() and not site_dir.is_symlink():
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
        else:
            os.rename(self.aside, self.site_dir)
        self.aside = None

    def sweep(self, outputs: set[str], owned: tuple[str, ...] = ()) -> int:
        """After the build: remove every file this build did not write and that is not
        among `outputs` (absolute paths of MkDocs' files) or under `owned` (folders,
        relative to the site); then the folders left empty. How many files went."""
        if self.site_dir is None or not self.site_dir.is_dir():
            return 0
        since = self.started - SLACK_NS
        owned_paths = tuple(str(self.site_dir / o) + os.sep for o in owned)
        removed, gone = 0, set()
        for folder, subfolders, names in os.walk(self.site_dir, topdown=False):
            left = sum(os.path.join(folder, sub) not in gone for sub in subfolders)
            for name in names:
                path = os.path.join(folder, name)
                if (path in outputs or path.startswith(owned_paths)
                        or os.lstat(path).st_mtime_ns >= since):
                    left += 1
                else:
                    os.unlink(path)
                    removed += 1
            if not left and folder != str(self.site_dir):
                os.rmdir(folder)
                gone.add(folder)
        return removed
