"""The archive: every issue in `content/issues/`, parsed, checked for clashing ids.

One bad file never stops the others: it becomes an error naming the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from builder.errors import QikanError
from builder.model import Issue
from builder.parse import parse_file
from builder.progress import progress
from builder.sections import Columns, load_columns

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


def load_issues(paths: list[Path], columns: Columns) -> tuple[list[Issue], list[QikanError]]:
    """Parse every file; bad files and clashing ids become errors, the rest parse."""
    issues: list[Issue] = []
    errors: list[QikanError] = []
    seen: dict[str, Issue] = {}
    for path in progress(paths, "parsing issues", total=len(paths)):
        try:
            issue = parse_file(path, columns)
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


def load_archive(folder: Path, site_data: Path | None = None) -> Archive:
    """Parse the archive folder."""
    columns = load_columns(site_data / "sections.yml" if site_data else None)
    issues, errors = load_issues(issue_files(folder), columns)
    return Archive(newest_first(issues), columns, tuple(errors))
