"""`check`: the report an editor reads before publishing.

Per issue: the date (and whether it was inferred), articles per column, what was
dropped as noise, and warnings — headings the parser was unsure about, very
short or very long articles, possible duplicates of an article in another issue.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from builder.editorial.published import load_published, moves, published_path, unrecorded
from builder.errors import QikanError
from builder.model import Article, Issue
from builder.parse.contents import title_key

SHORT_CHARS = 150
LONG_CHARS = 20000
FINGERPRINT_CHARS = 120
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Report:
    """The check of a set of issues."""

    text: str
    """The report as printed."""
    errors: int
    """Files that could not be used."""
    warnings: int
    """Things that need an editor's attention."""


def _length(article: Article) -> int:
    return sum(len(b.text) for b in article.blocks)


def _fingerprint(article: Article) -> str:
    body = _WS.sub("", "".join(b.text for b in article.blocks if b.kind == "paragraph"))
    return body[:FINGERPRINT_CHARS] if len(body) >= FINGERPRINT_CHARS // 2 else ""


def _keys(article: Article) -> list[str]:
    keys = ["title:" + title_key(article.title)]
    if fingerprint := _fingerprint(article):
        keys.append("opening:" + fingerprint)
    return keys


def duplicates(issues: list[Issue]) -> dict[tuple[str, str], list[tuple[Issue, Article]]]:
    """For each article, articles of other issues with the same title or the same opening."""
    groups: dict[str, list[tuple[Issue, Article]]] = defaultdict(list)
    for issue in issues:
        for article in issue.articles:
            for key in _keys(article):
                groups[key].append((issue, article))
    found: dict[tuple[str, str], dict] = defaultdict(dict)
    for group in groups.values():
        for issue, article in group:
            for other_issue, other in group:
                if other_issue.id != issue.id:
                    found[(issue.id, article.slug)][(other_issue.id, other.slug)] = \
                        (other_issue, other)
    return {key: list(others.values()) for key, others in found.items()}


def issue_warnings(issue: Issue, dupes) -> list[str]:
    """Everything about one issue that needs an editor's attention."""
    warnings = list(issue.warnings)
    for article in issue.articles:
        length = _length(article)
        if length < SHORT_CHARS:
            warnings.append(f"very short article ({length} characters): “{article.title}”")
        elif length > LONG_CHARS:
            warnings.append(f"very long article ({length} characters) — two articles run "
                            f"together? “{article.title}”")
        for other_issue, other in dupes.get((issue.id, article.slug), []):
            warnings.append(f"“{article.title}” may duplicate “{other.title}” "
                            f"in {other_issue.id}")
    return warnings


def url_changes(issue: Issue, published: dict[str, str] | None = None) -> list[str]:
    """What happened to the URLs the issue's articles were published under
    (editorial/published.py, read unless given): changed ones (redirected), new ones not
    recorded yet."""
    if published is None:
        try:
            published = load_published(issue.source)
        except QikanError as error:
            return [str(error)]
    notes = []
    for slug, target in moves(issue, published):
        now = f"now {target.slug} (“{target.title}”)" if target else "the article is gone: " \
            "sent to the issue's page"
        notes.append(f"URL changed: issues/{issue.id}/{slug}/ → {now}; a redirect page is "
                     "written")
    missing = unrecorded(issue, published)
    if missing:
        notes.append(f"{len(missing)} article URL(s) not recorded yet (`make urls`, then "
                     f"commit {published_path(issue.source).name}): renaming such an "
                     "article would break its published link")
    return notes


def url_report(issue: Issue, published: dict[str, str]) -> str:
    """`python -m builder urls`: one issue's recorded URLs and what changed."""
    lines = [f"{issue.id}  {issue.title}  ← {issue.source}",
             f"  {len(published)} URL(s) recorded, {len(issue.articles)} article(s)"]
    lines += [f"  ! {note}" for note in url_changes(issue, published)]
    return "\n".join(lines)


def issue_report(issue: Issue, warnings: list[str]) -> str:
    inferred = " (inferred from the text: confirm with `date:` in the sidecar)" \
        if issue.date_inferred else " (from the sidecar)"
    per_column = " · ".join(f"{s.name} {len(s.articles)}" for s in issue.sections)
    lines = [f"{issue.id}  {issue.title}  ← {issue.source}",
             f"  date      {issue.date}{inferred}",
             f"  articles  {len(issue.articles)}: {per_column}"]
    for dropped in issue.dropped:
        lines.append(f"  dropped   {dropped.kind}: {dropped.count} line(s), "
                     f"e.g. “{dropped.sample[:60]}”")
    lines += [f"  ! {w}" for w in warnings]
    if not warnings:
        lines.append("  ok: nothing needs attention")
    return "\n".join(lines)


def check_report(issues: list[Issue], errors: list[QikanError]) -> Report:
    """The whole report, with counts of errors and warnings."""
    dupes = duplicates(issues)
    parts, total = [], 0
    for issue in issues:
        warnings = issue_warnings(issue, dupes) + url_changes(issue)
        total += len(warnings)
        parts.append(issue_report(issue, warnings))
    parts += [f"error: {err}" for err in errors]
    summary = (f"{len(issues)} issue(s) checked, {sum(len(i.articles) for i in issues)} "
               f"articles, {total} warning(s), {len(errors)} error(s)")
    return Report("\n\n".join(parts + [summary]), len(errors), total)
