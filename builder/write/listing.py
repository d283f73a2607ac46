"""Long lists of articles (a tag, a topic, a column) over several pages.

A page holds whole issues and at most `PAGE_SIZE` articles (unless one issue alone
has more); every page of a long list has a year jump list (each year links to the page
and heading where its first issue stands) and a pager. Page 1 keeps the list's URL;
page n is `<list>/page/<n>` (`tags/5g.md` → `tags/5g/page/2.md`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from builder.model import Issue
from builder.write.markdown import escape_inline
from builder.write.urls import relative_path

PAGE_SIZE = 100
"""Articles per page, at most (whole issues per page)."""

Item = TypeVar("Item")
Group = tuple[Issue, Item]


def page_path(first: str, n: int) -> str:
    """Page `n` (from 1) of a list whose first page is `first`."""
    return first if n == 1 else f"{first.removesuffix('.md')}/page/{n}.md"


def paginate(groups: Sequence[Group], size_of: Callable[[Item], int],
             size: int | None = None) -> list[list[Group]]:
    """Consecutive issues' groups cut into pages of at most `size` (`PAGE_SIZE`) articles."""
    size = size or PAGE_SIZE
    pages: list[list[Group]] = []
    current: list[Group] = []
    count = 0
    for group in groups:
        n = size_of(group[1])
        if current and count + n > size:
            pages.append(current)
            current, count = [], 0
        current.append(group)
        count += n
    if current or not pages:
        pages.append(current)
    return pages


def issue_anchor(issue: Issue) -> str:
    """The heading id of an issue in a list (`issue-2021-11`)."""
    return f"issue-{issue.id}"


def _years(pages: list[list[Group]], first: str, here: str) -> str:
    starts: dict[int, tuple[int, Issue]] = {}
    for n, page in enumerate(pages, 1):
        for issue, _ in page:
            starts.setdefault(issue.date.year, (n, issue))
    links = []
    for year, (n, issue) in starts.items():
        target = page_path(first, n)
        where = "" if target == here else relative_path(target, here)
        links.append(f"[{year}]({where}#{issue_anchor(issue)})")
    return "按年份：" + " · ".join(links) + "\n{ .qk-years }\n"


def _pager(count: int, n: int, first: str, here: str) -> str:
    def to(k: int, text: str) -> str:
        return f"[{escape_inline(text)}]({relative_path(page_path(first, k), here)})"

    parts = [to(n - 1, "‹ 上一页")] if n > 1 else []
    parts += [f"**{k}**" if k == n else to(k, str(k)) for k in range(1, count + 1)]
    parts += [to(n + 1, "下一页 ›")] if n < count else []
    return " ".join(parts) + "\n{ .qk-pager }\n"


def listing_pages(first: str, groups: Sequence[Group], size_of: Callable[[Item], int],
                  head: Callable[[str, int], list[str]],
                  render: Callable[[Issue, Item, str], list[str]],
                  size: int | None = None) -> dict[str, str]:
    """The pages of a list: `head(here, n)` opens page n, `render(issue,
    item, here)` writes one issue's group (its heading carries `issue_anchor`)."""
    pages = paginate(groups, size_of, size)
    out = {}
    for n, page in enumerate(pages, 1):
        here = page_path(first, n)
        lines = head(here, n)
        if len(pages) > 1:
            lines += [_years(pages, first, here)]
        for issue, item in page:
            lines += render(issue, item, here)
        if len(pages) > 1:
            lines += ["", _pager(len(pages), n, first, here)]
        out[here] = "\n".join(lines) + "\n"
    return out
