"""The articles as a search index holds them: built file, title, and the words of title
and text as the builder's segmentation cut them (once per text, see `TokenCache`)."""

from __future__ import annotations

from builder.enrich.enrichment import body_text
from builder.enrich.segment import TokenCache
from builder.model import Archive, Article, placements
from builder.search.pagefind import Record
from builder.write.pages import placed_path
from builder.write.urls import page_dest


def search_text(article: Article) -> list[str]:
    """What the search index holds of an article besides its title: subtitle and body
    (the body as one text, as enrichment segments it)."""
    return [t for t in (article.subtitle, body_text(article)) if t]


def search_records(archive: Archive, tokens: TokenCache,
                   directory_urls: bool = True) -> tuple[Record, ...]:
    """Every article of the archive as a search record, newest issue first."""
    return tuple((page_dest(placed_path(p), directory_urls), p.article.title,
                  tokens.search_words(p.article.title),
                  " ".join(tokens.search_words(text) for text in search_text(p.article)))
                 for p in placements(archive).values())
