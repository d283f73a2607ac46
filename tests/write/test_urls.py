"""Where a page ends up and its URL: the layout of the MkDocs family, checked against
MkDocs itself."""

from __future__ import annotations

import pytest
from mkdocs.structure.files import File

from builder.write.urls import page_dest, page_url

PATHS = ["index.md", "issues/index.md", "issues/2021-11/index.md",
         "issues/2021-11/gao-tong-xiang-qu-ping-guo-hua.md", "tags/5g.md", "feed.xml",
         "sections/chan-ye-huan-jing.md"]


@pytest.mark.parametrize("directory_urls", [True, False])
def test_the_same_as_mkdocs(directory_urls):
    for path in PATHS:
        file = File(path, "/docs", "/site", directory_urls)
        assert page_dest(path, directory_urls) == file.dest_uri, path
        assert page_url(path, directory_urls) == file.url, path


def test_examples():
    assert page_dest("issues/x/y.md") == "issues/x/y/index.html"
    assert page_url("issues/x/y.md") == "issues/x/y/" and page_url("index.md") == "./"
    assert page_url("issues/x/y.md", directory_urls=False) == "issues/x/y.html"
