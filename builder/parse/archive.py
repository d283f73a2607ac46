"""The archive: every issue in `content/issues/`, parsed, checked for clashing ids.

One bad file never stops the others: it becomes an error naming the file.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from builder.cache import IssueCache, issue_key
from builder.editorial.sidecar import sidecar_path
from builder.errors import QikanError
from builder.model import Archive, Columns, Issue
from builder.parse.columns import SITE_DATA, load_columns
from builder.parse.issue import parse_file
from builder.progress import progress

ISSUE_SUFFIXES = (".txt", ".md", ".text", ".markdown")


def issue_files(folder: Path) -> list[Path]:
    """Raw issue exports in a folder (sidecars and other files left out), sorted by name."""
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.suffix.lower() in ISSUE_SUFFIXES
                  and not p.name.startswith("."))


PARALLEL_FROM = 8
"""Parse in worker processes when at least this many issues are not in the cache."""


def parse_or_error(path: Path, columns: Columns) -> Issue | QikanError:
    """The parsed issue, or the error that names the file (picklable across processes)."""
    try:
        return parse_file(path, columns)
    except QikanError as err:
        return err


def _parse_all(paths: list[Path], columns: Columns) -> Iterator[Issue | QikanError]:
    workers = min(os.cpu_count() or 1, 4)
    # Worker processes are forked, which is only safe while this is the only thread
    # (`mkdocs serve` runs a server thread: it parses in order, usually one issue).
    if len(paths) < PARALLEL_FROM or workers < 2 or threading.active_count() > 1:
        yield from (parse_or_error(p, columns) for p in paths)
        return
    with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
        yield from pool.map(parse_or_error, paths, [columns] * len(paths), chunksize=4)


def _key(path: Path, columns_file: Path) -> str | None:
    try:
        return issue_key(path, sidecar_path(path), columns_file)
    except OSError:  # unreadable: parsing it reports the error
        return None


def _parsed(paths: list[Path], columns: Columns, cache: IssueCache | None,
            columns_file: Path) -> Iterator[Issue | QikanError]:
    """Each file's issue or error, in order: from the cache, or parsed (in parallel)."""
    use_cache = cache is not None and cache.folder is not None
    keys = [_key(p, columns_file) if use_cache else None for p in paths]
    found = [cache.get(k) if k else None for k in keys]
    missing = [p for p, issue in zip(paths, found, strict=True) if issue is None]
    fresh = iter(progress(_parse_all(missing, columns), "parsing issues", total=len(missing)))
    for key, issue in zip(keys, found, strict=True):
        if issue is None:
            issue = next(fresh)
            if key and isinstance(issue, Issue):
                cache.put(key, issue)
        yield issue


def load_issues(paths: list[Path], columns: Columns, cache: IssueCache | None = None,
                columns_file: Path | None = None) -> tuple[list[Issue], list[QikanError]]:
    """Parse every file (or take it from the cache); bad files and clashing ids become errors."""
    issues: list[Issue] = []
    errors: list[QikanError] = []
    seen: dict[str, Issue] = {}
    columns_file = columns_file or SITE_DATA / "sections.yml"
    for path, issue in zip(paths, _parsed(paths, columns, cache, columns_file), strict=True):
        if isinstance(issue, QikanError):
            errors.append(issue)
            continue
        if issue.id in seen:
            errors.append(QikanError(path, f"issue id {issue.id} is also the id of "
                                     f"{seen[issue.id].source}; set `id:` in a sidecar"))
            continue
        seen[issue.id] = issue
        issues.append(issue)
    return issues, errors


def newest_first(issues: list[Issue]) -> tuple[Issue, ...]:
    """Issues ordered by date, newest first (id breaks ties)."""
    return tuple(sorted(issues, key=lambda i: (i.date.year, i.date.month, i.date.day or 0,
                                              i.id), reverse=True))


def load_archive(folder: Path, site_data: Path | None = None,
                 cache: IssueCache | None = None) -> Archive:
    """Parse the archive folder (unchanged issues come from `cache` when one is given)."""
    columns_file = (site_data or SITE_DATA) / "sections.yml"
    columns = load_columns(columns_file)
    issues, errors = load_issues(issue_files(folder), columns, cache, columns_file)
    return Archive(newest_first(issues), columns, tuple(errors))
