"""The Atom feed: the newest articles, links and ids from the site URL (or stable URNs)."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from builder.settings import Masthead
from builder.write.feed import atom_feed, rfc3339
from builder.write.urls import page_url

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(feed: str):
    return ET.fromstring(feed.encode("utf-8")).findall(f"{ATOM}entry")


def test_newest_articles_with_absolute_links(archive):
    feed = atom_feed(archive, Masthead("档案", "说明"), "https://example.org/a/", page_url,
                     limit=5)
    found = entries(feed)
    newest = [a for i in archive.issues for a in i.articles][:5]
    assert [e.find(f"{ATOM}title").text for e in found] == [a.title for a in newest]
    for entry in found:
        link = entry.find(f"{ATOM}link").get("href")
        assert link.startswith("https://example.org/a/issues/") and link.endswith("/")
        assert entry.find(f"{ATOM}id").text == link


def test_without_a_site_url_links_are_relative_and_ids_stable(archive):
    first = atom_feed(archive, Masthead("档案"), None, page_url)
    again = atom_feed(archive, Masthead("档案"), None, page_url)
    assert first == again and len(entries(first)) == 40
    ids = [e.find(f"{ATOM}id").text for e in entries(first)]
    assert all(i.startswith("urn:uuid:") for i in ids) and len(set(ids)) == 40
    assert entries(first)[0].find(f"{ATOM}link").get("href").startswith("issues/")


def test_dates_are_china_time(archive):
    assert rfc3339(archive.issues[-1].date) == "2020-12-24T00:00:00+08:00"
