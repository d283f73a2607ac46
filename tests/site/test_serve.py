"""`mkdocs serve`: saving a sidecar rebuilds with the change, live reload is on, no loop."""

from __future__ import annotations

import html
import subprocess
import sys
import time
from contextlib import contextmanager

import pytest

from tests.expected_samples import DEC_2020_FILE
from tests.site_helpers import copy_project, fetch, free_port, mkdocs_env, wait_for


@contextmanager
def serving(folder, dirty: bool = True, **env: str):
    """`mkdocs serve` on a copy of the sample project: the project, its URL and its log."""
    project = copy_project(folder / "project")
    port = free_port()
    log = (folder / "serve.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve",
                             *(["--dirty"] if dirty else []), "--dev-addr",
                             f"127.0.0.1:{port}"], cwd=project, stdout=log,
                            stderr=subprocess.STDOUT, env={**mkdocs_env(), **env})
    try:
        yield project, f"http://127.0.0.1:{port}", folder / "serve.log"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


@pytest.fixture(params=["full", "dirty"])
def server(tmp_path, request):
    with serving(tmp_path, dirty=request.param == "dirty") as served:  # `make serve`: dirty
        yield served


def test_saving_a_sidecar_rebuilds_and_does_not_loop(server):
    project, base, log = server
    page = wait_for(lambda: fetch(f"{base}/issues/2020-12/"), 60)
    assert page and "2020年12月" in page
    assert "livereload" in page  # Click 8.2.1 pinned: mkdocs#4032 would turn this off
    sidecar = project / "content" / "issues" / DEC_2020_FILE.replace(".txt", ".yml")
    sidecar.write_text("title: 二〇二〇年十二月刊\n", encoding="utf-8")
    assert wait_for(lambda: "二〇二〇年十二月刊" in fetch(f"{base}/issues/2020-12/"), 60)
    time.sleep(4)  # a build that retriggered itself would have started again by now
    builds = log.read_text(encoding="utf-8").count("Documentation built")
    assert builds == 2, log.read_text(encoding="utf-8")


def test_a_sidecar_typo_shows_on_the_site_and_the_issue_stays(server):
    """Under `make serve`, a sidecar that cannot be used: every page carries a banner to
    the editors' report (file, line, every known key), and the issue stays published in
    its last good version; fixing the sidecar removes the banner."""
    project, base, _ = server
    article = wait_for(lambda: fetch(f"{base}/issues/2020-12/"), 60)
    assert article and "md-banner" not in article
    sidecar = project / "content" / "issues" / DEC_2020_FILE.replace(".txt", ".yml")
    sidecar.write_text("title: 二〇二〇年十二月刊\ncolour: red\n", encoding="utf-8")
    assert wait_for(lambda: "编辑报告" in fetch(f"{base}/"), 60)
    home = fetch(f"{base}/")
    assert "已收录 <strong>2</strong> 期" in home  # the issue is still published
    assert "2020年12月" in fetch(f"{base}/issues/2020-12/")  # the last good version
    report = html.unescape(fetch(f"{base}/editors/"))
    assert f"{sidecar.name}，第 2 行" in report and "colour" in report
    assert "known: date, title, id, number, articles" in report
    from playwright.sync_api import sync_playwright

    from tests.browser import launch

    with sync_playwright() as p:  # what the editor sees in the browser
        browser = launch(p)
        page = browser.new_page()
        page.goto(f"{base}/issues/2020-12/")
        banner = page.locator(".md-banner a.qk-problems")
        assert banner.is_visible() and "1 个问题" in banner.inner_text()
        page.screenshot(path=str(project.parent / "serve-banner.png"))
        banner.click()
        page.wait_for_url("**/editors/")
        assert "colour" in page.locator("article").inner_text()
        browser.close()
    sidecar.write_text("title: 二〇二〇年十二月刊\n", encoding="utf-8")
    assert wait_for(lambda: "二〇二〇年十二月刊" in fetch(f"{base}/issues/2020-12/"), 60)
    assert "md-banner" not in fetch(f"{base}/issues/2020-12/")


def test_rebuilds_render_in_several_processes_beside_the_server(tmp_path):
    """The server's threads would make forking unsafe: rebuilds run in the build process
    forked before they start (serve_process.py), which renders in two processes."""
    with serving(tmp_path, QIKAN_WORKERS="2", QIKAN_PARALLEL_FROM="1") as (project, base, log):
        assert wait_for(lambda: fetch(f"{base}/issues/2020-12/"), 60)
        sidecar = project / "content" / "issues" / DEC_2020_FILE.replace(".txt", ".yml")
        sidecar.write_text("title: 二〇二〇年十二月刊\n", encoding="utf-8")
        assert wait_for(lambda: "二〇二〇年十二月刊" in fetch(f"{base}/issues/2020-12/"), 60)
        assert wait_for(lambda: "Reloading browsers" in log.read_text(encoding="utf-8"), 10)
        rebuild = log.read_text(encoding="utf-8").split("Detected file changes")[1]
        assert "pages rendered in 2 processes" in rebuild, rebuild
        assert "0 pages rendered" not in rebuild
