"""Atom feeds of the newest articles: title, link, date, column, summary — the site's
(`feed.xml`) and one per column and per topic (next to its page: `sections/x/feed.xml`)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from xml.etree import ElementTree as ET

from builder.editorial.published import first_slug
from builder.model import Archive, IssueDate, Placed, placements
from builder.settings import Masthead
from builder.write.pages import excerpt, placed_path

ATOM = "http://www.w3.org/2005/Atom"
FEED_ARTICLES = 40
TIMEZONE = "+08:00"


def rfc3339(date: IssueDate) -> str:
    """An issue date as an Atom timestamp (midnight, China time)."""
    return f"{date.year:04d}-{date.month:02d}-{date.day or 1:02d}T00:00:00{TIMEZONE}"


def _absolute(site_url: str | None, url: str) -> str:
    return (site_url.rstrip("/") + "/" + url.lstrip("/")) if site_url else url


def _id(site_url: str | None, url: str, key: str) -> str:
    return _absolute(site_url, url) if site_url else uuid.uuid5(uuid.NAMESPACE_URL,
                                                                  f"qikan:{key}").urn


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def atom_feed(archive: Archive, masthead: Masthead, site_url: str | None,
              url_of: Callable[[str], str], limit: int = FEED_ARTICLES,
              published: dict[str, dict[str, str]] | None = None,
              entries: list[Placed] | None = None, title: str | None = None,
              path: str = "feed.xml", page: str = "index.md") -> str:
    """The feed at `path` of the newest `entries` (default: every article) shown on `page`;
    `url_of` maps a page path (`issues/…/x.md`) to its URL in the built site. An entry's
    id is the article's first published URL (`published`: issue id → recorded URLs), so
    that a renamed article is not a new entry to feed readers."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _add(feed, "title", f"{title} · {masthead.title}" if title else masthead.title)
    if masthead.description:
        _add(feed, "subtitle", masthead.description)
    _add(feed, "id", _id(site_url, "" if path == "feed.xml" else path, path.removesuffix(
        "feed.xml").strip("/") or "feed"))
    _add(feed, "link", rel="self", href=_absolute(site_url, path))
    _add(feed, "link", rel="alternate",
         href=_absolute(site_url, "" if page == "index.md" else url_of(page)))
    everything = list(placements(archive).values()) if entries is None else entries
    newest = everything[:limit]
    _add(feed, "updated", rfc3339(newest[0].issue.date) if newest else "1970-01-01T00:00:00Z")
    author = _add(feed, "author")
    _add(author, "name", masthead.title)
    for placed in newest:
        entry = _add(feed, "entry")
        url = url_of(placed_path(placed))
        _add(entry, "title", placed.article.title)
        _add(entry, "link", rel="alternate", href=_absolute(site_url, url))
        first = first_slug(placed.article, (published or {}).get(placed.issue.id, {}))
        _add(entry, "id", _id(site_url, url_of(f"issues/{placed.issue.id}/{first}.md"),
                              f"{placed.issue.id}/{first}"))
        _add(entry, "updated", rfc3339(placed.issue.date))
        _add(entry, "published", rfc3339(placed.issue.date))
        _add(entry, "category", term=placed.section.name, label=placed.section.name)
        _add(entry, "summary", excerpt(placed.article))
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode")
