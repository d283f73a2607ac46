"""Published URLs keep working: a renamed article's old URL sends readers to it, the feed
keeps its id, and `check` / `urls` say what changed."""

from __future__ import annotations

import dataclasses
import re

import pytest
import yaml

from builder.cli import main
from builder.editorial.published import (
    first_slug,
    load_published,
    moves,
    published_path,
    recorded,
)
from builder.errors import QikanError
from builder.pipeline import build
from builder.settings import Settings
from tests.browser import launch
from tests.expected_samples import DEC_2020_FILE
from tests.site_helpers import copy_project, mkdocs


def rename(project, title: str, new: str) -> None:
    sidecar = (project / "content" / "issues" / DEC_2020_FILE).with_suffix(".yml")
    sidecar.write_text(f"articles:\n  {title}:\n    title: {new}\n", encoding="utf-8")


def test_a_rename_keeps_the_old_url_and_the_feed_id(tmp_path, dec):
    project = copy_project(tmp_path / "project")
    settings = Settings(content=project / "content" / "issues", cache=None)
    article = next(a for a in dec.articles if a.title.startswith("硅片"))
    before = build(settings)
    old = f"issues/2020-12/{article.slug}.md"
    assert old in before.pages
    rename(project, article.title, "硅片市场：寡头格局")
    after = build(settings)
    assert old in after.pages and "redirect.html" in after.pages[old]  # the old URL stays
    new = next(p for p, text in after.pages.items() if '"硅片市场：寡头格局"' in text
               and "article.html" in text)
    assert new != old and re.search(r'redirect: "\.\./[a-z0-9-]+/"', after.pages[old])
    ids = [re.findall(r"<id>([^<]+)</id>", site.feed) for site in (before, after)]
    assert ids[0] == ids[1]  # feed readers see no new entry
    unchanged = dataclasses.replace(settings, directory_urls=False)
    assert 'redirect: "' in build(unchanged).pages[old]


def test_moves_and_records(dec):
    article = dec.articles[0]
    renamed = dataclasses.replace(article, slug="xin-de", title="新的")
    issue = dataclasses.replace(dec, sections=(dataclasses.replace(
        dec.sections[0], articles=(renamed, *dec.sections[0].articles[1:])), *dec.sections[1:]))
    published = recorded(dec, {})
    assert moves(issue, published) == [(article.slug, renamed)]
    assert first_slug(renamed, published) == article.slug
    gone = dataclasses.replace(issue, sections=issue.sections[1:])
    assert (article.slug, None) in moves(gone, published)
    assert list(recorded(issue, published))[-1] == "xin-de"  # old ones kept, new added


def test_check_and_urls_report_changes(tmp_path, dec, capsys):
    project = copy_project(tmp_path / "project")
    issues = project / "content" / "issues"
    article = next(a for a in dec.articles if a.title.startswith("硅片"))
    rename(project, article.title, "硅片市场：寡头格局")
    main(["check", "--content", str(issues)])
    out = capsys.readouterr().out
    assert f"URL changed: issues/2020-12/{article.slug}/ → now gui-pian" in out
    assert "a redirect page is written" in out
    (issues / DEC_2020_FILE).with_name(DEC_2020_FILE.replace(".txt", ".urls.yml")).unlink()
    main(["urls", "--content", str(issues)])
    assert "28 article URL(s) not recorded yet" in capsys.readouterr().out
    main(["urls", "--write", "--content", str(issues)])
    assert len(load_published(issues / DEC_2020_FILE)) == 28


def test_the_old_url_lands_on_the_new_page_in_a_browser(tmp_path, dec):
    from playwright.sync_api import sync_playwright

    from benchmarks.search_latency import serve

    project = copy_project(tmp_path / "project")
    article = next(a for a in dec.articles if a.title.startswith("硅片"))
    rename(project, article.title, "硅片市场：寡头格局")
    result = mkdocs(project, "build", "--strict", "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    httpd, base = serve(tmp_path / "site")
    try:
        with sync_playwright() as p:
            browser = launch(p)
            page = browser.new_page()
            page.goto(f"{base}/issues/2020-12/{article.slug}/")
            page.wait_for_url(re.compile(r"/issues/2020-12/(?!" + article.slug + r"/)"))
            assert page.locator("h1").first.inner_text() == "硅片市场：寡头格局"
            browser.close()
    finally:
        httpd.shutdown()


def test_records_read_fast_and_a_bad_one_shows_its_line(tmp_path, sample_paths):
    """Every build reads every issue's record (libyaml's loader where PyYAML has it: the
    same mapping); a record that is not YAML is an error naming the file, with the line
    PyYAML's own loader shows."""
    source = sample_paths["dec"]
    record = published_path(source)
    assert load_published(source) == yaml.safe_load(record.read_text(encoding="utf-8"))
    bad = tmp_path / "dec.txt"
    published_path(bad).write_text("a-slug: 一个标题\nother: [不对\n", encoding="utf-8")
    with pytest.raises(QikanError) as error:
        load_published(bad)
    assert str(error.value).startswith(str(published_path(bad)))
    assert "other: [不对" in str(error.value)  # the line, as PyYAML's own loader shows it
