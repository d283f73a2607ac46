"""The archive: every issue in `content/issues/`, parsed, checked for clashing ids.

One bad file never stops the others: it becomes an error naming the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from builder.cache import IssueCache, ReadingCache, issue_key
from builder.editorial.sidecar import sidecar_path
from builder.errors import QikanError
from builder.model import Archive, Columns, Issue
from builder.parse.columns import load_columns
from builder.parse.issue import parse_file
from builder.progress import progress
from builder.settings import SITE_DATA
from builder.workers import processes

ISSUE_SUFFIXES = (".pdf", ".txt", ".md", ".text", ".markdown")


def issue_files(folder: Path) -> list[Path]:
    """Raw issues in a folder (sidecars and other files left out), sorted by name. A PDF
    and a text export of it with the same stem are one issue: the PDF is read."""
    if not folder.is_dir():
        raise QikanError(folder, "no such folder of issues")
    files = [p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in ISSUE_SUFFIXES
             and not p.name.startswith(".")]
    pdfs = {p.stem for p in files if p.suffix.lower() == ".pdf"}
    return sorted(p for p in files if p.suffix.lower() == ".pdf" or p.stem not in pdfs)


PARALLEL_FROM = 8
"""Parse in worker processes when at least this many issues are not in the cache."""


@dataclass(frozen=True)
class ParsedArchive:
    """The archive, and how it was read."""

    archive: Archive
    """Every issue that parsed, and the errors of those that did not."""
    parsed: int
    """Files parsed in this build (not found in the cache)."""
    cached: int
    """Files taken from the cache."""
    processes: int
    """Processes that parsed them."""
    versions: dict[str, str] | None = None
    """Each issue's version (id → the cache key of its export, sidecar, columns file and
    the builder's code), for the pages made from it (write/depends.py); None without a
    cache."""


def parse_or_error(path: Path, columns: Columns, readings: ReadingCache | None = None
                   ) -> Issue | QikanError:
    """The parsed issue, or the error that names the file (picklable across processes)."""
    try:
        return parse_file(path, columns, readings)
    except QikanError as err:
        return err


def _parse_all(paths: list[Path], columns: Columns, count: int,
               readings: ReadingCache | None = None) -> Iterator[Issue | QikanError]:
    """Each file parsed, in order, by `count` processes."""
    if count < 2:
        yield from (parse_or_error(p, columns, readings) for p in paths)
        return
    with ProcessPoolExecutor(count, mp_context=get_context("fork")) as pool:
        yield from pool.map(parse_or_error, paths, [columns] * len(paths),
                            [readings] * len(paths), chunksize=4)


def _key(path: Path, columns_file: Path) -> str | None:
    try:
        return issue_key(path, sidecar_path(path), columns_file)
    except OSError:  # unreadable: parsing it reports the error
        return None


def _lookup(paths: list[Path], cache: IssueCache | None, columns_file: Path
            ) -> tuple[list[str | None], list[Issue | None]]:
    """Each file's cache key and cached issue (None where there is none)."""
    use_cache = cache is not None and cache.folder is not None
    keys = [_key(p, columns_file) if use_cache else None for p in paths]
    return keys, [cache.get(k) if k else None for k in keys]


def _issues_and_errors(paths: list[Path], results: Iterator[Issue | QikanError]
                       ) -> tuple[list[Issue], list[QikanError]]:
    """Issues in order; bad files and clashing ids become errors."""
    issues: list[Issue] = []
    errors: list[QikanError] = []
    seen: dict[str, Issue] = {}
    for path, issue in zip(paths, results, strict=True):
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


def read_issues(paths: list[Path], columns: Columns, cache: IssueCache | None = None,
                columns_file: Path | None = None, workers: object = "auto"
                ) -> tuple[list[Issue], list[QikanError], int, int, dict[str, str] | None]:
    """Parse every file (or take it from the cache): the issues, the errors, how many files
    were parsed, by how many processes, and each issue's version (its cache key; None
    without a cache)."""
    keys, found = _lookup(paths, cache, columns_file or SITE_DATA / "sections.yml")
    missing = [p for p, issue in zip(paths, found, strict=True) if issue is None]
    count = processes(workers, len(missing), PARALLEL_FROM)  # decided before a bar starts
    readings = ReadingCache(cache.folder.parent) if cache and cache.folder else None
    fresh = iter(progress(_parse_all(missing, columns, count, readings), "parsing issues",
                          total=len(missing)))
    results, kept = [], []
    for path, key, issue in zip(paths, keys, found, strict=True):
        if issue is None:
            issue = next(fresh)
            if key and isinstance(issue, Issue):
                cache.put(key, issue)
            elif isinstance(issue, QikanError) and cache is not None and (
                    good := cache.last_good(path)):
                kept.append(QikanError(issue.path, f"{issue.message} — the last version that "
                                       "could be read stays published", issue.line))
                issue = good
        results.append(issue)
    issues, errors = _issues_and_errors(paths, iter(results))
    versions = None
    if cache is not None and cache.folder is not None:
        cache.prune({key for key in keys if key})
        versions = {}
        for issue, key in zip(results, keys, strict=True):
            if isinstance(issue, Issue) and key:  # the first of clashing ids is published
                versions.setdefault(issue.id, key)
    return issues, kept + errors, len(missing), count, versions


def load_issues(paths: list[Path], columns: Columns, cache: IssueCache | None = None,
                columns_file: Path | None = None, workers: object = "auto"
                ) -> tuple[list[Issue], list[QikanError]]:
    """Parse every file (or take it from the cache); bad files and clashing ids become errors."""
    return read_issues(paths, columns, cache, columns_file, workers)[:2]


def newest_first(issues: list[Issue]) -> tuple[Issue, ...]:
    """Issues ordered by date, newest first (id breaks ties)."""
    return tuple(sorted(issues, key=lambda i: (i.date.year, i.date.month, i.date.day or 0,
                                              i.id), reverse=True))


def parse_archive(folder: Path, site_data: Path | None = None,
                  cache: IssueCache | None = None, workers: object = "auto") -> ParsedArchive:
    """Parse the archive folder (unchanged issues come from `cache` when one is given)."""
    columns_file = (site_data or SITE_DATA) / "sections.yml"
    columns = load_columns(columns_file)
    paths = issue_files(folder)
    issues, errors, parsed, count, versions = read_issues(paths, columns, cache, columns_file,
                                                          workers)
    return ParsedArchive(Archive(newest_first(issues), columns, tuple(errors)), parsed,
                         len(paths) - parsed, count, versions)


def load_archive(folder: Path, site_data: Path | None = None,
                 cache: IssueCache | None = None) -> Archive:
    """The archive of a folder (see `parse_archive`)."""
    return parse_archive(folder, site_data, cache).archive
