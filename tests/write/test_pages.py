"""Writing pages: paths, front matter, relative links, contents, column indexes."""

from __future__ import annotations

import posixpath
import re

import pytest
import yaml

from builder.model import Archive
from builder.parse.archive import newest_first
from builder.settings import Masthead
from builder.write.pages import write_pages

LINK = re.compile(r"\]\(([^)]+\.md)\)")


@pytest.fixture(scope="module")
def pages(nov, dec, columns):
    return write_pages(Archive(newest_first([dec, nov]), columns), Masthead("档案", "说明"))


def meta(text: str) -> dict:
    return yaml.safe_load(text.split("---\n")[1])


def test_page_set(pages, nov, dec):
    articles = [p for p in pages if re.fullmatch(r"issues/[^/]+/(?!index)[^/]+\.md", p)]
    assert len(articles) == 65
    assert {"index.md", "issues/index.md", "sections/index.md", "issues/2021-11/index.md",
            "issues/2020-12/index.md"} <= set(pages)
    assert len([p for p in pages if p.startswith("sections/") and p != "sections/index.md"]) == 5


def test_every_link_points_to_a_page(pages):
    for path, text in pages.items():
        for target in LINK.findall(text):
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
            assert resolved in pages, (path, target)


def test_article_front_matter_and_body(pages, dec):
    article = next(a for a in dec.articles if a.title == "硅片：寡头格局如何破？")
    text = pages[f"issues/2020-12/{article.slug}.md"]
    data = meta(text)
    assert data["template"] == "article.html"
    assert (data["title"], data["issue"], data["column"]) == (article.title, "2020-12", "技术情报")
    assert data["chars"] > 1000 and data["reading_minutes"] >= 2
    assert "## “寡头格局”与“客户捆绑”" in text
    assert "[2020年12月](index.md)" in text and "../../sections/ji-shu-qing-bao.md" in text
    assert "上一篇：" in text and "下一篇：" in text


def test_issue_page_lists_every_article_in_column_order(pages, nov):
    text = pages["issues/2021-11/index.md"]
    slugs = LINK.findall(text)
    assert [s for s in slugs if not s.startswith("..")] == [f"{a.slug}.md" for a in nov.articles]
    assert "· 第 3 页" in text
    assert text.index("## 产业环境") < text.index("## 运营竞争") < text.index("## 海外借鉴")


def test_column_index_newest_issue_first(pages):
    text = pages["sections/ji-shu-qing-bao.md"]
    assert text.index("2021年11月") < text.index("2020年12月")
    assert "硅片：寡头格局如何破？" in text and "谁会成为中国的“第四朵云”？" in text


def test_archive_grouped_by_year_newest_first(pages):
    text = pages["issues/index.md"]
    assert text.index("## 2021 年") < text.index("## 2020 年")
    assert "37 篇" in text and "28 篇" in text


def test_home_shows_latest_issue_and_counts(pages):
    text = pages["index.md"]
    assert "# 档案" in text and "**2** 期、**65** 篇" in text
    assert "最新一期：[2021年11月](issues/2021-11/index.md)" in text


def test_titles_with_markup_characters_are_escaped_in_links(columns, nov):
    from dataclasses import replace

    article = replace(nov.articles[0], title="<b>[x](y)</b>")
    section = replace(nov.sections[0], articles=(article,))
    issue = replace(nov, sections=(section,))
    text = write_pages(Archive((issue,), columns), Masthead("t"))["issues/2021-11/index.md"]
    assert "<b>" not in text and "[x](y)" not in text
