"""Long lists over several pages: whole issues per page, a year jump list and a pager."""

from __future__ import annotations

import re

import builder.write.listing as listing
from builder.settings import Masthead
from builder.write.listing import page_path, paginate
from builder.write.pages import write_pages

LINK = re.compile(r"\]\(([^)]+)\)")


def test_pages_hold_whole_groups_up_to_the_size():
    groups = [(n, size) for n, size in enumerate([4, 3, 5, 12, 1, 1])]
    pages = paginate(groups, lambda size: size, size=8)
    assert [[n for n, _ in page] for page in pages] == [[0, 1], [2], [3], [4, 5]]
    assert paginate([], len, size=8) == [[]]


def test_page_paths():
    assert page_path("tags/5g.md", 1) == "tags/5g.md"
    assert page_path("tags/5g.md", 3) == "tags/5g/page/3.md"


def test_a_long_tag_list_is_paginated_with_years_and_pager(monkeypatch, archive, enrichment):
    monkeypatch.setattr(listing, "PAGE_SIZE", 10)
    pages = write_pages(archive, Masthead("t"), enrichment)
    tag = next(t for t in enrichment.tag_index if t.name == "5G")
    total = len(enrichment.tag_index[tag])
    paths = sorted(p for p in pages if p == "tags/5g.md" or p.startswith("tags/5g/page/"))
    assert len(paths) >= 2 and "tags/5g/page/2.md" in paths
    listed = []
    for path in paths:
        text = pages[path]
        items = [line for line in text.splitlines() if line.startswith("- [")]
        issues = re.findall(r"\{ #issue-([\d-]+) \}", text)
        assert len(items) <= 10 or len(issues) == 1, path  # only one issue can overflow
        listed += items
        assert "按年份：" in text and "{ .qk-pager }" in text
        for target in LINK.findall(text.split("按年份：")[1].split("\n")[0]):
            page, _, anchor = target.partition("#")
            assert anchor.startswith("issue-")
    assert len(listed) == total and len(set(listed)) == total  # every article once
    assert "（第 2 页）" in pages["tags/5g/page/2.md"].split("---")[1]
    assert "[‹ 上一页](../../5g.md)" in pages["tags/5g/page/2.md"]


def test_short_lists_stay_on_one_page(archive, enrichment):
    pages = write_pages(archive, Masthead("t"), enrichment)
    assert not [p for p in pages if "/page/" in p]
    assert "按年份" not in pages["tags/5g.md"]


def test_every_link_of_every_page_of_a_long_list_resolves(monkeypatch, archive, enrichment):
    import posixpath

    monkeypatch.setattr(listing, "PAGE_SIZE", 10)
    pages = write_pages(archive, Masthead("t"), enrichment)
    later = [p for p in pages if "/page/" in p]
    assert any(p.startswith("topics/") for p in later) and any(p.startswith("tags/") for p in later)
    for path in later + [p.split("/page/")[0] + ".md" for p in later]:
        for target in LINK.findall(pages[path]):
            target = target.partition("#")[0]
            if not target or target.endswith(".xml"):
                continue
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
            assert resolved in pages, (path, target)
