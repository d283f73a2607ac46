"""The archive: every issue in `content/issues/`, parsed, checked for clashing ids.

One bad file never stops the others: it becomes an error naming the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from builder.cache import IssueCache, issue_key
from builder.errors import QikanError
from builder.model import Issue
from builder.parse import parse_file
from builder.progress import progress
from builder.sections import SITE_DATA, Columns, load_columns
from builder.sidecar import sidecar_path

ISSUE_SUFFIXES = (".txt", ".md", ".text", ".markdown")


@dataclass(frozen=True)
class Archive:
    """All issues that parsed, newest first, and the errors of those that did not."""

    issues: tuple[Issue, ...]
    """Parsed issues, newest first."""
    columns: Columns
    """The newsletter's columns."""
    errors: tuple[QikanError, ...] = ()
    """One error per file that could not be used."""

    @property
    def article_count(self) -> int:
        """Number of articles across all issues."""
        return sum(len(issue.articles) for issue in self.issues)


def issue_files(folder: Path) -> list[Path]:
    """Raw issue exports in a folder (sidecars and other files left out), sorted by name."""
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.suffix.lower() in ISSUE_SUFFIXES
                  and not p.name.startswith("."))


def _parse(path: Path, columns: Columns, cache: IssueCache | None,
           columns_file: Path) -> Issue:
    if cache is None or cache.folder is None:
        return parse_file(path, columns)
    key = issue_key(path, sidecar_path(path), columns_file)
    issue = cache.get(key)
    if issue is None:
        issue = parse_file(path, columns)
        cache.put(key, issue)
    return issue


def load_issues(paths: list[Path], columns: Columns, cache: IssueCache | None = None,
                columns_file: Path | None = None) -> tuple[list[Issue], list[QikanError]]:
    """Parse every file (or take it from the cache); bad files and clashing ids become errors."""
    issues: list[Issue] = []
    errors: list[QikanError] = []
    seen: dict[str, Issue] = {}
    columns_file = columns_file or SITE_DATA / "sections.yml"
    for path in progress(paths, "parsing issues", total=len(paths)):
        try:
            issue = _parse(path, columns, cache, columns_file)
        except QikanError as err:
            errors.append(err)
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
