"""The pipeline: every page, the feed and the search records from the settings alone, the
caches, and bad input that never stops the rest."""

from __future__ import annotations

import dataclasses
import shutil

import pytest

from builder.pipeline import FEED, Site, build
from builder.settings import Masthead, Settings


@pytest.fixture
def settings(tmp_path, sample_paths):
    content = tmp_path / "issues"
    content.mkdir()
    for path in sample_paths.values():
        shutil.copy(path, content)
    return Settings(content=content, cache=tmp_path / "cache", masthead=Masthead("档案"))


def test_every_page_the_feed_and_the_search_records(settings, archive):
    heard = []
    site = build(settings, heard.append)
    assert isinstance(site, Site) and site.errors == ()
    files = site.files()
    assert FEED in files and files[FEED].startswith("<?xml")
    assert {"index.md", "issues/index.md", "sections/index.md", "tags/index.md",
            "topics/index.md"} <= files.keys()
    assert sum(p.count("/") == 2 and p.startswith("issues/") and not p.endswith("index.md")
               for p in site.pages) == archive.article_count
    assert len(site.search_records) == archive.article_count and heard == [site.search_records]
    assert "2 issues (2 parsed" in site.summary
    with pytest.raises(dataclasses.FrozenInstanceError):
        site.feed = ""


def test_the_same_inputs_reuse_the_last_result(settings, sample_paths):
    first = build(settings)
    heard = []
    again = build(settings, heard.append)
    assert again.summary == "no input changed: pages reused"
    assert again.files() == first.files() and heard == [first.search_records]
    sidecar = settings.content / sample_paths["dec"].with_suffix(".yml").name
    sidecar.write_text("title: 二〇二〇年十二月刊\n", encoding="utf-8")
    changed = build(settings)
    assert "(1 parsed in 1 process, 1 from cache)" in changed.summary
    assert "二〇二〇年十二月刊" in changed.pages["issues/2020-12/index.md"]


def test_a_bad_issue_is_an_error_and_the_others_are_built(settings):
    (settings.content / "broken.txt").write_bytes(b"")
    site = build(dataclasses.replace(settings, cache=None))
    assert [str(e) for e in site.errors] == [f"{settings.content / 'broken.txt'}: file is empty"]
    assert "issues/2021-11/index.md" in site.pages and "issues/2020-12/index.md" in site.pages


def test_no_cache_is_needed_and_settings_reach_the_pages(settings):
    site = build(dataclasses.replace(settings, cache=None, site_url="https://example.org/",
                                     masthead=Masthead("另一个档案", "说明")))
    assert "# 另一个档案" in site.pages["index.md"]
    assert "https://example.org/issues/" in site.feed
