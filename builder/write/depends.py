"""The builder's dependency map: which inputs each page is made from, so that a build
makes again only the pages whose inputs changed and takes the others from the last build.

Pages are made in *groups* (an article page; an issue page with its redirects; every page
of one tag, topic or column; a feed). Each group names its inputs as a plain, comparable
value: the *versions* of the issues it shows (an issue's version is the cache key of its
export, sidecar, the columns file and the builder's code: any change to what an issue
holds changes it), and the enrichment it shows (an article's tags, its related articles,
a tag's articles, a topic's timeline). A group whose inputs equal the last build's is
taken as it was; any other group is made. Groups whose inputs cannot be named (an issue
without a version: no cache) are always made.

    memo = PageMemo(previous=last.groups, versions={"2021-11": "ab12…", …})
    pages = memo.page("issue:2021-11", "issues/2021-11/index.md",
                      inputs(memo.issues(["2021-11", "2021-10"]), …), issue_page, issue, …)
    memo.groups   # what the next build compares with

A page made from inputs its group does not name would go stale: tests compare every
build made with a memo to one made without (tests/write/test_depends.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

Group = tuple[object, dict[str, str]]
"""A group's inputs and its pages (path → text)."""
UNKNOWN = type("Unknown", (), {"__repr__": lambda self: "UNKNOWN"})()
"""An input that cannot be named (an issue without a version): its group is always made."""


@dataclass
class PageMemo:
    """Groups of pages with their inputs: the last build's, and this build's as made."""

    previous: Mapping[str, Group] = field(default_factory=dict)
    """The last build's groups (empty: make everything)."""
    versions: Mapping[str, str] | None = None
    """Each issue's version (issue id → key); None: no issue has one, nothing is reused."""
    groups: dict[str, Group] = field(default_factory=dict)
    """This build's groups."""
    made: list[str] = field(default_factory=list)
    """The groups made in this build (the others were reused)."""
    reused: int = 0

    def issues(self, ids: Iterable[str]) -> tuple[tuple[str, str], ...] | object:
        """The issues `ids` with their versions, as inputs; UNKNOWN when one has none."""
        if self.versions is None:
            return UNKNOWN
        try:
            return tuple((i, self.versions[i]) for i in ids)
        except KeyError:
            return UNKNOWN

    def pages(self, group: str, inputs: object, make: Callable[..., dict[str, str]],
              *args: object) -> dict[str, str]:
        """The group's pages: the last build's when its inputs were the same, else
        `make(*args)`. `inputs` None (an input without a version) always makes them."""
        old = self.previous.get(group)
        if inputs is not None and old is not None and old[0] == inputs:
            pages = old[1]
            self.reused += 1
        else:
            pages = make(*args)
            self.made.append(group)
        self.groups[group] = (inputs, pages)
        return pages

    def page(self, group: str, path: str, inputs: object, make: Callable[..., str],
             *args: object) -> dict[str, str]:
        """A group of one page, `path`."""
        return self.pages(group, inputs, lambda: {path: make(*args)})


def inputs(*parts: object) -> tuple | None:
    """Inputs made of `parts` (comparable values); None (always make) when one of them is
    UNKNOWN."""
    return None if any(p is UNKNOWN for p in parts) else parts
