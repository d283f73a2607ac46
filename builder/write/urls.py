"""Where a generated page ends up in a built site, and its URL (as static site generators
of the MkDocs family lay them out: `a/b.md` → `a/b/index.html`, URL `a/b/`)."""

from __future__ import annotations

import posixpath
from urllib.parse import quote


def page_dest(path: str, directory_urls: bool = True) -> str:
    """The built file of page `path` (`issues/x/y.md` → `issues/x/y/index.html`)."""
    if not path.endswith(".md"):
        return path
    parent, name = posixpath.split(path[:-3])
    if not directory_urls or name == "index":
        return posixpath.join(parent, f"{name}.html")
    return posixpath.join(parent, name, "index.html")


def page_url(path: str, directory_urls: bool = True) -> str:
    """The URL of page `path` relative to the site's root (`issues/x/y.md` → `issues/x/y/`)."""
    url = page_dest(path, directory_urls)
    folder, name = posixpath.split(url)
    if directory_urls and name == "index.html":
        url = (folder or ".") + "/"
    return quote(url)


def relative_path(target: str, here: str) -> str:
    """`target` relative to the folder of `here` (both site paths without `..`)."""
    base = here.split("/")[:-1]
    parts = target.split("/")
    common = 0
    while common < min(len(base), len(parts) - 1) and base[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:])
