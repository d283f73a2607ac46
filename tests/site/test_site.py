"""End to end: `mkdocs build` of the sample archive, read back from the built HTML."""

from __future__ import annotations

import json
import re
import shutil

import pytest

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


@pytest.fixture(scope="module")
def material_search_site(tmp_path_factory):
    """The sample site with Material's own single search index (QIKAN_SEARCH=material)."""
    import os
    import subprocess
    import sys

    from tests.site_helpers import mkdocs_env

    out = tmp_path_factory.mktemp("material-search") / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir",
                             str(out)], cwd=ROOT, capture_output=True, text=True,
                            env={**mkdocs_env(), "QIKAN_SEARCH": "material"})
    assert result.returncode == 0, result.stderr
    assert os.path.getsize(out / "search" / "search_index.json") > 100_000
    return out


def test_search_index_keeps_domain_terms_whole(material_search_site):
    site = material_search_site
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["zh"] and "\\u200b" in index["config"]["separator"]
    text = "\u200b".join(doc["title"] + "\u200b" + doc["text"] for doc in index["docs"])
    tokens = set(re.split(r"[\s\u200b\-]+", text))
    for term in DOMAIN_TERMS:
        assert term in tokens, term
        splits = [term[:i] + "\u200b" + term[i:] for i in range(1, len(term))]
        assert not any(split in text for split in splits), term


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
    for page in article_pages(site):
        html = page.read_text(encoding="utf-8")
        assert 'class="qk-tags"' in html and "/tags/" in html, page
        related = html[html.index('id="related"'):]
        related = related[:related.index("</ul>")]
        assert related.count("<li><a href=") >= 1, page


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


def test_default_search_is_pagefind_behind_materials_box(site):
    assert (site / "pagefind" / "pagefind.js").is_file()
    worker = next((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    assert "pagefind" in worker.read_text(encoding="utf-8")
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] == []  # readers no longer download the whole archive
    fragments = list((site / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert len(fragments) == 65  # one per article, built from the builder's own text


def test_an_archive_with_no_usable_issue_still_builds(tmp_path):
    project = copy_project(tmp_path / "project")
    for raw in (project / "content" / "issues").iterdir():
        raw.unlink()
    (project / "content" / "issues" / "empty.txt").write_bytes(b"")
    result = mkdocs(project, "build")
    assert result.returncode == 0, result.stderr
    assert "empty.txt: file is empty" in result.stderr
    assert (project / "site" / "index.html").is_file()
