"""Publishing: the Pages workflow, feed.xml, sitemap.xml, and the offline (file://) build."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml

from benchmarks.search_quality import Archive, url_key
from tests.conftest import ROOT
from tests.site_helpers import RENDERERS, mkdocs

ATOM = "{http://www.w3.org/2005/Atom}"
SITE_URL = "https://archive.example.org/qikan/"


def build(out: Path, renderer: str, **env: str) -> Path:
    result = mkdocs(ROOT, "build", "--strict", "--site-dir", str(out), renderer=renderer, **env)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module", params=RENDERERS)
def published(request, tmp_path_factory):
    return build(tmp_path_factory.mktemp("published") / "site", request.param,
                 SITE_URL=SITE_URL)


@pytest.fixture(scope="module", params=RENDERERS)
def offline(request, tmp_path_factory):
    return build(tmp_path_factory.mktemp("offline") / "site", request.param, OFFLINE="true")


def make_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z-]+):", text, re.MULTILINE))


def test_workflow_builds_with_the_makefile_and_deploys_with_pages_actions():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text())
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    runs = [s["run"] for s in steps if "run" in s]
    assert runs and all(r.startswith("make ") for r in runs)
    for run in runs:
        assert run.split()[1] in make_targets()
    assert any(r.startswith("make site STRICT=1 SITE_URL=") for r in runs)
    uses = {s["uses"].split("@")[0] for s in steps if "uses" in s}
    assert {"actions/upload-pages-artifact", "actions/deploy-pages"} <= uses
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_feed_is_atom_with_the_newest_articles(published, archive):
    feed = ET.parse(published / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    for child in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{child}").text
    entries = feed.findall(f"{ATOM}entry")
    newest = [(s.name, a.title) for i in archive.issues for s in i.sections for a in s.articles]
    assert [(e.find(f"{ATOM}category").get("term"), e.find(f"{ATOM}title").text)
            for e in entries] == newest[:40]
    for entry in entries:
        link = entry.find(f"{ATOM}link").get("href")
        assert link.startswith(SITE_URL + "issues/2021-11/") or link.startswith(
            SITE_URL + "issues/2020-12/")
        assert entry.find(f"{ATOM}id").text == link
        datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
        assert entry.find(f"{ATOM}summary").text
        target = published / link.removeprefix(SITE_URL) / "index.html"
        assert target.is_file()


def test_sitemap_uses_the_site_url(published):
    root = ET.parse(published / "sitemap.xml").getroot()
    locs = [e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(locs) > 65 and all(loc.startswith(SITE_URL) for loc in locs)
    assert SITE_URL + "issues/2021-11/" in locs


def test_pages_announce_the_feed(published):
    html = (published / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*\s+href="feed\.xml"',
                     html)


# --- offline ---------------------------------------------------------------------------------

EXTERNAL = r"(?:https?:)?//[^\s\"'<>)]+"
HTML_RESOURCE = re.compile(
    rf"<(?:script|img|iframe|source|audio|video|embed|track|input)\b[^>]*?\s(?:src|srcset|poster)"
    rf"\s*=\s*[\"']?({EXTERNAL})|<link\b[^>]*?\shref\s*=\s*[\"']?({EXTERNAL})|"
    rf"<object\b[^>]*?\sdata\s*=\s*[\"']?({EXTERNAL})", re.IGNORECASE)
CSS_RESOURCE = re.compile(rf"url\(\s*[\"']?({EXTERNAL})|@import\s+[\"']?({EXTERNAL})")
JS_URL = re.compile(r"https?://[^\s\"'`<>)\\]+")
# URLs inside Material's JavaScript bundle that the built site never requests, and why:
DORMANT_IN_JS = {
    "https://unpkg.com/mermaid": "loaded only for Mermaid diagrams; the site has none (checked)",
    "https://unpkg.com/resize-observer-polyfill": "loaded only where ResizeObserver is missing",
    "https://api.github.com/": "repository facts, only with repo_url; not configured (checked)",
    "https://${e}/api/v4/": "GitLab repository facts, only with repo_url (checked)",
}
NOT_LOADED = ("http://www.w3.org/", "https://www.w3.org/", "http://www.mozilla.org/MPL",
              "https://github.com/", "http://snowball.tartarus.org", "http://code.google.com",
              "https://fontawesome.com", "https://developer.mozilla.org", "https://clipboardjs.com",
              "https://bit.ly/", "http://wiki.ecmascript.org", "https://squidfunk.github.io",
              "http://lunrjs.com", "http://tartarus.org/")  # licence and comment references


def loaded_scripts(site: Path) -> set[Path]:
    """Scripts the pages load, the search worker, and the lunr files it imports for zh."""
    scripts = set()
    for page in files(site, ".html"):
        for src in re.findall(r'<script[^>]+src="([^"]+)"', page.read_text(encoding="utf-8")):
            target = (page.parent / src.split("?")[0]).resolve()
            if target.is_file():
                scripts.add(target)
    javascripts = site / "assets" / "javascripts"
    scripts |= set((javascripts / "workers").glob("*.js"))
    lunr = javascripts / "lunr" / "min"
    scripts |= {lunr / "lunr.stemmer.support.min.js", lunr / "lunr.zh.min.js"}
    return {s.resolve() for s in scripts}


def files(site: Path, *suffixes: str):
    return [p for p in site.rglob("*") if p.suffix in suffixes]


def test_offline_build_loads_nothing_from_other_hosts(offline):
    problems = []
    for page in files(offline, ".html"):
        html = page.read_text(encoding="utf-8")
        problems += [(page, u) for m in HTML_RESOURCE.finditer(html) for u in m.groups() if u]
        assert 'class="mermaid"' not in html and "md-source" not in html
    for sheet in files(offline, ".css"):
        css = sheet.read_text(encoding="utf-8")
        problems += [(sheet, u) for m in CSS_RESOURCE.finditer(css) for u in m.groups() if u]
    scripts = loaded_scripts(offline)
    assert any(s.name.startswith("bundle.") for s in scripts) and len(scripts) >= 5
    for script in scripts:
        for url in JS_URL.findall(script.read_text(encoding="utf-8")):
            if not url.startswith(tuple(DORMANT_IN_JS)) and not url.startswith(NOT_LOADED):
                problems.append((script, url))
    assert not problems


def test_offline_build_links_files_not_folders(offline):
    html = (offline / "index.html").read_text(encoding="utf-8")
    assert 'href="issues/index.html"' in html
    assert (offline / "search" / "qikan" / "docs.js").is_file()
    assert '"issues/2021-11/' in (offline / "search" / "qikan" / "docs.js").read_text(
        encoding="utf-8") and ".html\"" in (offline / "search" / "qikan" / "docs.js").read_text(
        encoding="utf-8")  # the hits link files, as every other link of the offline site
    assert "iframe-worker-shim.js" in html and "unpkg.com" not in html


def test_offline_site_works_from_file_urls_with_search(offline, tmp_path):
    from playwright.sync_api import sync_playwright

    from tests.browser import launch

    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page()
        requests, errors = [], []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

        def guard(route):
            url = route.request.url
            if url.startswith(("file:", "data:", "blob:", "about:")):
                route.continue_()
            else:
                requests.append(url)
                route.abort()

        page.route("**/*", guard)
        page.goto((offline / "index.html").as_uri())
        page.click("text=期刊")
        assert page.url.endswith("/issues/index.html")
        box = page.locator("input.md-search__input")
        box.click()
        box.press_sequentially("中芯国际")  # as a reader types
        page.wait_for_selector(".md-search-result__item", timeout=15000)
        first = page.locator(".md-search-result__item").first.inner_text()
        shown = page.locator(".md-search-result__meta").inner_text()
        page.screenshot(path=str(tmp_path / "offline-search.png"))
        offline_hits = page.evaluate(ALL_HITS, SAME_QUERIES)
        page.locator(".md-search-result__link").first.click()
        page.wait_for_selector("mark[data-md-highlight]", timeout=15000)
        assert page.url.startswith("file:") and "?h=" in page.url
        browser.close()
    assert "中芯国际" in first and "4 篇文章包含「中芯国际」" in shown, shown
    assert requests == [] and errors == []
    truth = Archive(ROOT / "content" / "issues", ROOT / "site_data")
    for query, hits in zip(SAME_QUERIES, offline_hits, strict=True):  # as online: exactly
        assert {url_key(h) for h in hits} == truth.truth(query), query  # those holding it


ALL_HITS = """async (queries) => {
  const out = [];
  for (const q of queries) out.push((await window.qikanSearch.search(q)).hits.map((h) => h.url));
  return out;
}"""
SAME_QUERIES = ["华为", "5G消息", "腾讯云", "云", "华为 5G", "区块链溯源平台", "第四朵云"]


if os.environ.get("QIKAN_KEEP_SITE"):  # pragma: no cover - debugging aid
    print("sites are kept in pytest's tmp folder")
