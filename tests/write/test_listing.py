"""Long lists over several pages: whole issues per page, cut from the oldest issue on (pages
that stay put), a year jump list and a pager."""

from __future__ import annotations

import random
import re
from types import SimpleNamespace

import pytest

import builder.write.listing as listing
from builder.settings import Masthead
from builder.write.listing import listing_pages, page_path, paginate
from builder.write.pages import write_pages

LINK = re.compile(r"\]\(([^)]+)\)")


def test_pages_hold_whole_groups_up_to_the_size():
    groups = [(n, size) for n, size in enumerate([4, 3, 5, 12, 1, 1])]
    pages = paginate(groups, lambda size: size, size=8)
    assert [[n for n, _ in page] for page in pages] == [[0, 1], [2], [3], [4, 5]]
    assert paginate([], len, size=8) == [[]]


def test_page_paths():
    assert page_path("tags/5g.md", 1) == "tags/5g/page/1.md"
    assert page_path("tags/5g.md", 3) == "tags/5g/page/3.md"


def test_a_long_tag_list_is_paginated_with_years_and_pager(monkeypatch, archive, enrichment):
    monkeypatch.setattr(listing, "PAGE_SIZE", 10)
    pages = write_pages(archive, Masthead("t"), enrichment)
    tag = next(t for t in enrichment.tag_index if t.name == "5G")
    total = len(enrichment.tag_index[tag])
    later = sorted(p for p in pages if p.startswith("tags/5g/page/"))
    assert later and "tags/5g/page/1.md" in later  # the oldest page
    listed = []
    for path in ["tags/5g.md", *later]:
        text = pages[path]
        items = [line for line in text.splitlines() if line.startswith("- [")]
        issues = re.findall(r"\{ #issue-([\d-]+) \}", text)
        assert len(items) <= 10 or len(issues) == 1, path  # only one issue can overflow
        listed += items
        assert "{ .qk-pager }" in text
        assert ("按年份：" in text) == (path == "tags/5g.md")  # on the landing page
        assert (f"共 {total} 篇" in text) == (path == "tags/5g.md")  # counts change: landing
    assert len(listed) == total and len(set(listed)) == total  # every article once
    years = pages["tags/5g.md"].split("按年份：")[1].split("\n")[0]
    assert all(t.partition("#")[2].startswith("issue-") for t in LINK.findall(years))
    oldest = pages["tags/5g/page/1.md"]
    date = r"\d{4}年\d+月"
    assert re.search(rf"title: \"?5G（{date}( – {date})?）", oldest)  # its dates
    newest_numbered = later[-1]
    assert "[‹ 较新](../../5g.md)" in pages[newest_numbered]
    assert f"[较早 ›](5g/page/{len(later)}.md)" in pages["tags/5g.md"]


def _issues(count: int, seed: int) -> list:
    rng = random.Random(seed)
    return [(SimpleNamespace(id=f"{2000 + n // 12}-{n % 12 + 1:02d}",
                             date=SimpleNamespace(year=2000 + n // 12, month=n % 12 + 1, day=None)),
             rng.randint(1, 6)) for n in range(count)]


@pytest.mark.parametrize("newest_first", [True, False])
@pytest.mark.parametrize("seed", range(4))
def test_a_new_issue_changes_only_the_newest_page_and_the_landing_page(newest_first, seed):
    """Every other page keeps its bytes (and so is not rendered again); at most one more
    page changes, when the newest page fills up and the next one opens (its link)."""
    def pages(count: int) -> dict[str, str]:
        groups = _issues(count, seed)
        groups = list(reversed(groups)) if newest_first else groups
        return listing_pages("tags/x.md", groups, lambda size: size,
                             lambda here, page: [f"# {here}", ""],
                             lambda issue, size, here: [f"## {issue.id} {{ #issue-{issue.id} }}",
                                                        *["- [a](b.md)"] * size],
                             size=10, newest_first=newest_first)

    for count in range(5, 40):
        before, after = pages(count), pages(count + 1)
        changed = {p for p in before if before[p] != after.get(p)}
        assert "tags/x.md" in after
        assert len(changed - {"tags/x.md"}) <= 1 + (not newest_first), (count, changed)
        assert set(before) <= set(after)  # no page goes away


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
