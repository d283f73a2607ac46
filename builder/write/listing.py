"""Long lists of articles (a tag, a topic, a column) over several pages that stay put.

The list's issues are cut into pages from the *oldest* one on: each page holds whole issues
and at most `PAGE_SIZE` articles (unless one issue alone has more). A new issue only ever
joins the newest page (or opens the next), so every other page keeps its articles, its URL
and its bytes month after month — a link to one stays right, and a build does not render
it again (README: "Pages that do not shift").

The list's own URL (`tags/5g.md`, the *landing* page) shows the page a reader starts on —
the newest for a list shown newest first (tags, columns), the oldest for one read oldest
first (topics) — with the list's heading, its year jump list (each year links to the page
and heading where its first issue stands) and the way on. Every other page is
`<list>/page/<k>.md`, k counted from the oldest page (`tags/5g/page/3.md`), titled with
its months, with a breadcrumb back to the landing page and links to the next pages either
side, above and below its list (no page count: it would change every page when a page is
added).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Generic, TypeVar

from builder.cache import KeptBySource
from builder.model import Issue
from builder.write.markdown import escape_inline
from builder.write.urls import relative_path

PAGE_SIZE = 100
"""Articles per page, at most (whole issues per page)."""

Item = TypeVar("Item")
Group = tuple[Issue, Item]


@dataclass(frozen=True)
class Page(Generic[Item]):
    """One page of a list: its number from the oldest page, its groups (in the order shown),
    and whether it is the landing page."""

    number: int
    groups: list[Group]
    landing: bool

    @property
    def issues(self) -> list[Issue]:
        return [issue for issue, _ in self.groups]


def page_path(first: str, n: int) -> str:
    """Page `n` (counted from the oldest page) of a list whose landing page is `first`."""
    return f"{first.removesuffix('.md')}/page/{n}.md"


def paginate(groups: Sequence[Group], size_of: Callable[[Item], int],
             size: int | None = None) -> list[list[Group]]:
    """Consecutive issues' groups (oldest first) cut into pages of at most `size`
    (`PAGE_SIZE`) articles, from the first on: adding groups at the end changes only the
    last page (or adds one)."""
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


def _years(pages: list[Page], first: str, here: str) -> str:
    starts: dict[int, tuple[Page, Issue]] = {}
    for page in sorted(pages, key=lambda p: p.number):
        for issue in sorted(page.issues, key=lambda i: (i.date.year, i.date.month, i.id)):
            starts.setdefault(issue.date.year, (page, issue))
    links = []
    for year, (page, issue) in sorted(starts.items()):
        target = first if page.landing else page_path(first, page.number)
        where = "" if target == here else relative_path(target, here)
        links.append(f"[{year}]({where}#{issue_anchor(issue)})")
    return "按年份：" + " · ".join(links) + "\n{ .qk-years }\n"


def _pager(page: Page, pages: dict[int, Page], first: str, here: str, newest_first: bool
           ) -> str:
    """Links to the neighbouring pages: older and newer (newest-first lists: newer on the
    left)."""
    def to(k: int, text: str) -> str:
        target = first if pages[k].landing else page_path(first, k)
        return f"[{escape_inline(text)}]({relative_path(target, here)})"

    older = to(page.number - 1, "较早 ›" if newest_first else "‹ 较早") \
        if page.number - 1 in pages else ""
    newer = to(page.number + 1, "‹ 较新" if newest_first else "较新 ›") \
        if page.number + 1 in pages else ""
    parts = [newer, older] if newest_first else [older, newer]
    return " ".join(p for p in parts if p) + "\n{ .qk-pager }\n"


FRAGMENTS = KeptBySource()
"""What `render` wrote for each issue's group of a list, by the issue it was written from
(`cache.KeptBySource`): a tag's pages made again because one issue changed write only that
issue's group again (58 tags and 13 topics at 120 issues: ~0.2 s of ~0.3 s). A pass is a
`write_pages`."""


def listing_pages(first: str, groups: Sequence[Group], size_of: Callable[[Item], int],
                  head: Callable[[str, Page], list[str]],
                  render: Callable[[Issue, Item, str], list[str]],
                  size: int | None = None, newest_first: bool = True,
                  identity: Callable[[Issue, Item], Hashable] | None = None
                  ) -> dict[str, str]:
    """The pages of a list whose `groups` are in the order shown (`newest_first`, or oldest
    first): `head(here, page)` opens each page, `render(issue, item, here)` writes one
    issue's group (its heading carries `issue_anchor`). With `identity` — what, besides
    the issue and the page, `render` reads of the group (a value it compares equal on) —
    a group written by the last build for the same issue object is reused (`FRAGMENTS`)."""
    oldest_first = list(reversed(groups)) if newest_first else list(groups)
    chunks = paginate(oldest_first, size_of, size)
    landing = len(chunks) if newest_first else 1
    pages = {n: Page(n, list(reversed(chunk)) if newest_first else chunk, n == landing)
             for n, chunk in enumerate(chunks, 1)}
    out = {}
    for n, page in pages.items():
        here = first if page.landing else page_path(first, n)
        lines = head(here, page)
        if page.landing and len(pages) > 1:
            lines += [_years(list(pages.values()), first, here)]
        elif len(pages) > 1:  # a later page: the way on at its top too
            lines += [_pager(page, pages, first, here, newest_first)]
        for issue, item in page.groups:
            if identity is None:
                lines += render(issue, item, here)
            else:
                lines += FRAGMENTS.get((first, here, issue.id, identity(issue, item)), issue,
                                       partial(render, issue, item, here))
        if len(pages) > 1:
            lines += ["", _pager(page, pages, first, here, newest_first)]
        out[here] = "\n".join(lines) + "\n"
    return out
