"""Real browser: the built sample site served on 127.0.0.1, driven in headless Chromium.

Chinese search finds the expected article among the first results, a tag chip leads
to its tag page, a topic timeline shows its chart, and no page logs a console error.
Screenshots are saved in test-artifacts/. Skips (saying so) where no Chromium is installed.
"""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

from benchmarks.search_quality import answers, query_set, score
from tests.browser import launch
from tests.conftest import ROOT

ARTIFACTS = ROOT / "test-artifacts"
QUERIES = {  # query → the articles about it (either is a right first answer)
    "中芯国际": {"被纳入“实体清单” 中芯国际：短期无重大影响"},
    "边缘计算": {"预计 2024 年全球边缘计算市场规模将达到 2500 亿美元"},
    "液冷": {"2025 年中国液冷数据中心市场规模将超千亿元"},
    "5G消息": {"河南第一条 5G 消息正式发出", "企业短信风口来了？三大运营商启动 5G 消息规模化部署"},
    "硅晶圆": {"SEMI 报告：全球硅晶圆出货量再创新高"},
}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(site):
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error"
            else None)
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    yield page
    assert page.console_errors == []
    context.close()


def test_search_finds_what_readers_type(page, server, site):
    """~440 queries from the sample archive (tags, topic keywords, dictionary terms, title
    words, pieces of text) through the site's search worker: the articles that contain a
    query come first, and hardly any query that some article contains finds nothing."""
    truth = query_set(ROOT / "content" / "issues", ROOT / "site_data")
    quality = score(truth, answers(page, server, site, list(truth)))
    assert quality["queries"] > 400
    assert quality["hit_at_3"] >= 0.85 and quality["recall_at_10"] >= 0.85, quality
    assert quality["no_result"] <= 5, quality["no_result_queries"]


def type_query(page, query: str) -> None:
    """Type as a reader does: Material reacts to key-up events (an IME commits the Chinese
    text, then a key is released), not to a value set by script."""
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")


def result_titles(page) -> list[str]:
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    items = page.locator(".md-search-result__item h1")
    return [items.nth(i).inner_text().replace("\u200b", "").strip()
            for i in range(min(items.count(), 5))]


@pytest.mark.parametrize(("query", "expected"), list(QUERIES.items()))
def test_chinese_search_finds_the_article(page, server, query, expected):
    page.goto(f"{server}/")
    type_query(page, query)
    titles = result_titles(page)
    page.screenshot(path=str(ARTIFACTS / f"search-{query}.png"))
    assert expected & set(titles[:3]), titles


def test_tag_chip_leads_to_its_tag_page(page, server, dec):
    smic = next(a for a in dec.articles if a.title.startswith("被纳入"))
    page.goto(f"{server}/issues/2020-12/{smic.slug}/")
    chip = page.locator(".qk-tags a", has_text="中芯国际").first
    chip.click()
    page.wait_for_load_state()
    assert "/tags/" in page.url
    assert page.locator("article h1, .md-content h1").first.inner_text().strip() == "中芯国际"
    assert page.locator(f"a[href*='{smic.slug}']").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "tag-page.png"), full_page=True)


def test_topic_timeline_shows_its_chart(page, server):
    page.goto(f"{server}/topics/ban-dao-ti/")
    chart = page.locator("svg.qk-chart").first
    box = chart.bounding_box()
    assert box and box["width"] > 50 and box["height"] > 50
    assert chart.locator("rect").count() == 2  # one bar per issue
    assert page.locator("mark").count() >= 2
    page.screenshot(path=str(ARTIFACTS / "topic-timeline.png"), full_page=True)


def test_home_issue_article_and_column_pages_render(page, server, nov):
    for path, name in [("/", "home"), ("/issues/2021-11/", "issue"),
                       (f"/issues/2021-11/{nov.articles[0].slug}/", "article"),
                       ("/sections/ji-shu-qing-bao/", "column"), ("/tags/", "tags")]:
        page.goto(server + path)
        assert page.locator("h1").first.is_visible()
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
