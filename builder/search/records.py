"""The articles as the search index holds them: URL, title, text and where each is from."""

from __future__ import annotations

from builder.model import Archive, Article, placements
from builder.search.index import SearchDoc
from builder.write.pages import placed_path
from builder.write.urls import page_url


def search_text(article: Article) -> str:
    """What the search index holds of an article besides its title: subtitle and body,
    one line per block."""
    return "\n".join(t for t in [article.subtitle, *(b.text for b in article.blocks)] if t)


def search_records(archive: Archive, directory_urls: bool = True) -> tuple[SearchDoc, ...]:
    """Every article of the archive, the archive's order reversed — oldest issue first, and
    each issue's articles last to first: an article's number in the index stays the same
    when newer issues are added (their articles come after; the index grows by appending,
    builder/search/index.py), and the search script ranks ties by number, highest (newest
    issue, first article) first."""
    return tuple(SearchDoc(page_url(placed_path(p), directory_urls), p.article.title,
                           search_text(p.article), p.issue.title, str(p.issue.date),
                           p.section.name)
                 for p in reversed(placements(archive).values()))
