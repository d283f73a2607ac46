"""Search records: every article once, with its URL, title, text and where it is from."""

from __future__ import annotations

import re

from builder.search.records import search_records


def test_every_article_once_with_its_url(archive):
    records = search_records(archive)
    assert len(records) == archive.article_count
    urls = [r.url for r in records]
    assert len(set(urls)) == len(urls)
    assert all(re.fullmatch(r"issues/\d{4}-\d{2}/[a-z0-9-]+/", u) for u in urls)
    flat = search_records(archive, directory_urls=False)
    assert all(r.url.endswith(".html") and not r.url.endswith("/index.html") for r in flat)


def test_text_issue_column_and_date(archive):
    issue = archive.issues[0]
    section = issue.sections[0]
    article = section.articles[0]
    record = search_records(archive)[-1]  # the newest issue's first article comes last
    assert (record.title, record.issue, record.date, record.column) == (
        article.title, issue.title, str(issue.date), section.name)
    assert record.text.split("\n")[len([article.subtitle] if article.subtitle else []):] == [
        b.text for b in article.blocks if b.text]


def test_oldest_issue_first(archive):
    dates = [r.date for r in search_records(archive)]
    assert dates == sorted(dates) and dates[0] != dates[-1]


def test_an_articles_number_stays_when_issues_are_added(archive):
    """Oldest issue first: the articles of a newer issue come after everyone else's."""
    from builder.model import Archive

    older = Archive(tuple(i for i in archive.issues if i is not archive.issues[0]),
                    archive.columns)
    before, after = search_records(older), search_records(archive)
    assert after[:len(before)] == before and len(after) > len(before)


def test_an_unchanged_issue_keeps_its_records_and_a_changed_one_gets_new(archive):
    """The rebuilds of `mkdocs serve` share the issues that did not change: their records
    are not made again; a retitled issue's are, and equal a fresh making."""
    from dataclasses import replace

    from builder.model import Archive
    from builder.search import records as module

    first = search_records(archive)
    retitled = replace(archive.issues[0], title="改过标题的一期")
    changed = Archive((retitled, *archive.issues[1:]), archive.columns)
    again = search_records(changed)
    count = len(archive.issues[0].articles)
    assert all(a is b for a, b in zip(again[:-count], first[:-count], strict=True))
    assert {r.issue for r in again[-count:]} == {"改过标题的一期"}
    module._KEPT.last.clear()
    assert search_records(changed) == again
    assert set(module._KEPT.last) == {(i.id, True) for i in changed.issues}
