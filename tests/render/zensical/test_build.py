"""The sample archive built by Zensical: every article page with its title, column and issue
links, the feed, and qikan's search box over the same index as the MkDocs site."""

from __future__ import annotations

import subprocess
import sys

import pytest

from builder.render.zensical.build import escape_front_matter
from tests.expected_samples import DEC_2020_FILE
from tests.site_helpers import copy_project, mkdocs_env, read_page


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("zensical") / "project")
    out = project / "site"
    result = subprocess.run([sys.executable, "-m", "builder.render.zensical", "--strict",
                             "--site-dir", str(out)], cwd=project, capture_output=True,
                            text=True, env=mkdocs_env(), timeout=600)
    assert result.returncode == 0, result.stderr
    assert "Zensical site in" in result.stderr
    return out


def test_every_article_page_with_title_column_and_issue(zensical_site, nov, dec):
    for issue in (nov, dec):
        for section in issue.sections:
            for article in section.articles:
                page = zensical_site / "issues" / issue.id / article.slug / "index.html"
                assert page.is_file(), page
                reader = read_page(page)
                assert reader.h1 == [article.title], page
                links = {text: href for href, text in reader.links}
                assert links.get(section.name, "").endswith(f"sections/{section.slug}/"), page
                assert links.get(issue.title) in ("../", "../index.html"), page


def test_issue_column_tag_and_topic_pages_and_the_feed(zensical_site):
    for path in ("index.html", "issues/index.html", "issues/2021-11/index.html",
                 "sections/index.html", "tags/index.html", "topics/index.html",
                 "about/index.html", "feed.xml"):
        assert (zensical_site / path).is_file(), path
    assert len(list((zensical_site / "tags").glob("*/index.html"))) > 20


def test_the_search_box_is_qikans_over_the_same_index(zensical_site, tmp_path):
    assert (zensical_site / "search" / "qikan" / "docs.js").is_file()
    html = (zensical_site / "issues" / "index.html").read_text(encoding="utf-8")
    assert 'data-qikan-search="inline"' in html and "qikan-search.js" in html
    assert 'data-md-component="search"' not in html  # Zensical's own search is not mounted
    from playwright.sync_api import sync_playwright

    from benchmarks.search_latency import serve
    from tests.browser import launch

    httpd, base = serve(zensical_site)
    try:
        with sync_playwright() as p:
            browser = launch(p)
            page = browser.new_page()
            errors = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{base}/")
            box = page.locator("input.md-search__input")
            box.click()
            box.press_sequentially("中芯国际")
            page.wait_for_selector(".md-search-result__item", timeout=15000)
            first = page.locator(".md-search-result__item h1").first.inner_text()
            assert "被纳入“实体清单” 中芯国际" in first
            page.screenshot(path=str(tmp_path / "zensical-search.png"))
            browser.close()
    finally:
        httpd.shutdown()
    assert errors == []


def test_front_matter_that_templates_print_is_escaped():
    page = ('---\ntemplate: "article.html"\ntitle: "<b>硅片</b> & {{ x }}"\ntags: ["<i>"]\n'
            '---\n\n正文 <b>\n')
    escaped = escape_front_matter(page)
    assert 'title: "&lt;b&gt;硅片&lt;/b&gt; &amp; {{ x }}"' in escaped
    assert 'tags: ["<i>"]' in escaped and escaped.endswith("---\n\n正文 <b>\n")
    assert escape_front_matter("# 关于\n") == "# 关于\n"


def test_a_title_with_markup_shows_as_text(tmp_path):
    project = copy_project(tmp_path / "project")
    sidecar = (project / "content" / "issues" / DEC_2020_FILE).with_suffix(".yml")
    sidecar.write_text("articles:\n  硅片：寡头格局如何破？:\n    title: '<script>x()</script>'\n"
                       "    slug: gui-pian\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "builder.render.zensical", "--site-dir",
                             str(tmp_path / "site")], cwd=project, capture_output=True,
                            text=True, env=mkdocs_env(), timeout=600)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "issues" / "2020-12" / "gui-pian" / "index.html").read_text(
        encoding="utf-8")
    assert "<script>x()" not in html and "&lt;script&gt;x()&lt;/script&gt;" in html
    assert read_page(tmp_path / "site" / "issues" / "2020-12" / "gui-pian" / "index.html") \
        .h1 == ["<script>x()</script>"]


def test_a_failed_build_is_one_line_and_leaves_the_site_alone(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "content" / "issues" / "broken.txt").write_bytes(b"")
    site = tmp_path / "site"
    site.mkdir()
    (site / "kept.html").write_text("the previous site", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "builder.render.zensical", "--strict",
                             "--site-dir", str(site)], cwd=project, capture_output=True,
                            text=True, env=mkdocs_env(), timeout=600)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"error: {project / 'content' / 'issues' / 'broken.txt'}: 1 issue(s) could not be "
        "built (strict): file is empty"]
    assert [p.name for p in site.iterdir()] == ["kept.html"]


def test_the_banner_tells_of_problems(tmp_path):
    from builder.render.zensical.build import zensical_config

    assert "qikan_problems" not in zensical_config("site_name: x\nextra:\n  a: 1\n")
    assert "extra:\n  qikan_problems: 2\n  a: 1\n" in zensical_config("extra:\n  a: 1\n", 2)
    assert "\nextra:\n  qikan_problems: 1\n" in zensical_config("site_name: x\n", 1)
    project = copy_project(tmp_path / "project")
    sidecar = (project / "content" / "issues" / DEC_2020_FILE).with_suffix(".yml")
    sidecar.write_text("colour: red\n", encoding="utf-8")  # an unknown key: a problem
    result = subprocess.run([sys.executable, "-m", "builder.render.zensical", "--site-dir",
                             str(tmp_path / "site")], cwd=project, capture_output=True,
                            text=True, env=mkdocs_env(), timeout=600)
    assert result.returncode == 0, result.stderr
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'class="qk-problems"' in home and "1 个问题" in home
    assert (tmp_path / "site" / "editors" / "index.html").is_file()
    assert "colour" in (tmp_path / "site" / "editors" / "index.html").read_text(encoding="utf-8")
