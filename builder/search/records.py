"""The articles as the search index holds them: URL, title, text and where each is from."""

from __future__ import annotations

from functools import partial

from builder.cache import KeptBySource
from builder.model import Archive, Article, Issue, issue_placed
from builder.search.index import SearchDoc
from builder.write.pages import placed_path
from builder.write.urls import page_url


def search_text(article: Article) -> str:
    """What the search index holds of an article besides its title: subtitle and body,
    one line per block."""
    return "\n".join(t for t in [article.subtitle, *(b.text for b in article.blocks)] if t)


_KEPT = KeptBySource()
"""Each issue's records, by the issue they were made from (`cache.KeptBySource`): ~0.1 s of
a rebuild at 120 issues (4k articles). A pass is a `search_records`."""


def issue_records(issue: Issue, directory_urls: bool = True) -> tuple[SearchDoc, ...]:
    """The issue's articles, last to first."""
    return tuple(SearchDoc(page_url(placed_path(p), directory_urls), p.article.title,
                           search_text(p.article), issue.title, str(issue.date), p.section.name)
                 for p in reversed(issue_placed(issue)))


def search_records(archive: Archive, directory_urls: bool = True) -> tuple[SearchDoc, ...]:
    """Every article of the archive, the archive's order reversed — oldest issue first, and
    each issue's articles last to first: an article's number in the index stays the same
    when newer issues are added (their articles come after; the index grows by appending,
    builder/search/index.py), and the search script ranks ties by number, highest (newest
    issue, first article) first."""
    _KEPT.begin()
    records = [_KEPT.get((issue.id, directory_urls), issue,
                         partial(issue_records, issue, directory_urls))
               for issue in reversed(archive.issues)]
    _KEPT.end()
    return tuple(record for issue in records for record in issue)
