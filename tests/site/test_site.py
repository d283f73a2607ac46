"""End to end: `mkdocs build` of the sample archive, read back from the built HTML."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from builder.search.index import stream
from tests.conftest import ROOT
from tests.site_helpers import copy_project, mkdocs, read_page

DOMAIN_TERMS = ["中芯国际", "工业互联网", "边缘计算", "5G消息", "三大运营商", "硅晶圆"]


def article_pages(site):
    return [p for p in (site / "issues").glob("*/*/index.html")]


def test_page_counts(site):
    assert len(article_pages(site)) == 65
    assert len(list((site / "issues").glob("*/index.html"))) == 2
    assert len(list((site / "sections").glob("*/index.html"))) == 5
    assert (site / "issues" / "index.html").is_file() and (site / "index.html").is_file()


def test_article_pages_show_title_column_and_issue(site, nov, dec):
    titles = {a.slug: (issue, section.name, a.title) for issue in (nov, dec)
              for section in issue.sections for a in section.articles}
    for page in article_pages(site):
        issue, column, title = titles[page.parent.name]
        reader = read_page(page)
        assert reader.h1 == [title], page
        texts = [text for _, text in reader.links]
        assert column in texts and issue.title in texts, page


def test_slugs_are_short_ascii_pinyin(site):
    for page in article_pages(site):
        slug = page.parent.name
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) and len(slug) <= 60


def test_issue_pages_link_every_article(site, nov, dec):
    for issue in (nov, dec):
        reader = read_page(site / "issues" / issue.id / "index.html")
        hrefs = {href.strip("/").split("/")[0] for href, _ in reader.links}
        assert {a.slug for a in issue.articles} <= hrefs
        assert reader.h1 == [issue.title]


def test_column_indexes_list_both_issues(site, nov, dec):
    for section_dir in (site / "sections").iterdir():
        if not (section_dir / "index.html").is_file():
            continue
        hrefs = [href for href, _ in read_page(section_dir / "index.html").links]
        for issue in (nov, dec):
            assert any(f"issues/{issue.id}/" in h and h.count("/") > 4 for h in hrefs), \
                (section_dir.name, issue.id)


def test_nav_lists_only_top_level_pages(site):
    page = next(iter(article_pages(site))).read_text(encoding="utf-8")
    nav = page[page.index('class="md-tabs__list"'):]
    nav = nav[:nav.index("</ul>")]
    assert nav.count("<li") == 6  # 首页 期刊 栏目 标签 专题 关于


def test_a_bad_issue_does_not_stop_the_others(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "content" / "issues" / "broken.txt").write_bytes(b"\x00\x01garbage" * 100)
    shutil.rmtree(project / "site", ignore_errors=True)
    result = mkdocs(project, "build")
    assert result.returncode == 0, result.stderr
    assert "broken.txt" in result.stderr and "does not look like text" in result.stderr
    assert len(list((project / "site" / "issues").glob("*/*/index.html"))) == 65
    strict = mkdocs(project, "build", "--strict")
    assert strict.returncode != 0
    assert "broken.txt" in strict.stderr


def test_article_pages_link_tags_and_related_articles(site):
    tagged = listing = 0
    pages = article_pages(site)
    for page in pages:
        html = page.read_text(encoding="utf-8")
        tagged += 'class="qk-tags"' in html and "/tags/" in html
        if 'id="related"' in html:
            related = html[html.index('id="related"'):]
            related = related[:related.index("</ul>")]
            assert 1 <= related.count("<li><a href=") <= 5, page
            listing += 1
    # related articles look back (builder/enrich/related.py): the sample's first issue has
    # only its own articles to draw them from
    assert tagged >= 0.9 * len(pages) and listing >= 0.75 * len(pages)


def test_5g_tag_page_lists_both_issues(site):
    hrefs = [href for href, _ in read_page(site / "tags" / "5g" / "index.html").links]
    for issue in ("2020-12", "2021-11"):
        assert any(f"issues/{issue}/" in h and h.count("/") > 4 for h in hrefs), issue


def test_topic_timeline_has_inline_chart_and_dated_issues(site):
    html = (site / "topics" / "ban-dao-ti" / "index.html").read_text(encoding="utf-8")
    assert "<svg" in html and "data-count" in html and "<mark>" in html
    assert html.index("2020年12月") < html.index("2021年11月")
    index = (site / "topics" / "index.html").read_text(encoding="utf-8")
    assert index.count("<svg") >= 12


def test_search_is_qikans_index_behind_materials_box(site):
    docs = (site / "search" / "qikan" / "docs.js").read_text(encoding="utf-8")
    assert docs.startswith('qikanLoaded("docs",') and docs.count('"issues/20') == 65
    assert len(list((site / "search" / "qikan" / "t").glob("*.js"))) == 65  # one text each
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] == []  # Material's own index is left empty, its worker idle
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "data-qikan-search" in html and 'name="search"' not in html
    assert 'data-md-component="search"' not in html
    assert re.search(r'<script src="assets/javascripts/qikan-search\.js(\?[^"]*)?"', html)
    page = (site / "search" / "index.html").read_text(encoding="utf-8")
    assert "data-qikan-search-page" in page and "<h1" in page


def test_domain_terms_are_found_whole_in_the_index(site):
    """Every character pair of a term is indexed where the term stands (no segmenter
    decides whether 中芯国际 is one word)."""
    folder = site / "search" / "qikan" / "s"
    for term in DOMAIN_TERMS:
        text = stream(term).strip()
        for first, second in zip(text, text[1:], strict=False):
            shard = folder / f"{ord(first):x}.js"
            shards = [shard] if shard.is_file() else sorted(folder.glob(f"{ord(first):x}-*.js"))
            assert any(f'"{first}{second}":' in s.read_text(encoding="utf-8") for s in shards), term


def test_an_archive_with_no_usable_issue_still_builds(tmp_path):
    project = copy_project(tmp_path / "project")
    for raw in (project / "content" / "issues").iterdir():
        raw.unlink()
    (project / "content" / "issues" / "empty.txt").write_bytes(b"")
    result = mkdocs(project, "build")
    assert result.returncode == 0, result.stderr
    assert "empty.txt: file is empty" in result.stderr
    assert (project / "site" / "index.html").is_file()
    docs = (project / "site" / "search" / "qikan" / "docs.js").read_text(encoding="utf-8")
    assert '"docs":[]' in docs  # an empty index: the search box says so, no missing file


def test_columns_and_topics_have_their_own_feeds(site):
    from xml.etree import ElementTree as ET

    atom = "{http://www.w3.org/2005/Atom}"
    for page, name in [("sections/hai-wai-jie-jian", "海外借鉴"), ("topics/5g", "5G")]:
        html = (site / page / "index.html").read_text(encoding="utf-8")
        assert re.search(r'<a class="qk-feed" href="feed.xml">订阅本', html), page
        feed = ET.parse(site / page / "feed.xml").getroot()
        entries = feed.findall(f"{atom}entry")
        assert entries and feed.find(f"{atom}title").text.startswith(name)
        if page.startswith("sections/"):
            assert {e.find(f"{atom}category").get("term") for e in entries} == {name}
