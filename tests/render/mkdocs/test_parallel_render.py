"""Building templates in forked workers writes what MkDocs itself writes, warnings included."""

from __future__ import annotations

import logging
import os

import pytest
from mkdocs.commands import build as mkdocs_build
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.plugins import BasePlugin

from builder.render.mkdocs import parallel_render
from builder.render.mkdocs.parallel_render import TemplatePass, deal


class Parallel(BasePlugin):
    """The plugin's use of the template pass, alone."""

    def __init__(self, processes: int) -> None:
        self.processes, self.template_pass, self.taken = processes, TemplatePass(), 0

    def on_nav(self, nav, config, files):
        self.nav = nav
        return nav

    def on_env(self, env, config, files):
        self.files, self.env = files, env
        pages = [f.page for f in files.documentation_pages()]
        self.taken = self.template_pass.start(pages, config, files, self.nav, env,
                                              self.processes)
        return env

    def on_post_build(self, config):
        self.template_pass.finish(config, self.files, self.nav, self.env)


def make_project(folder):
    docs = folder / "docs"
    docs.mkdir()
    for n in range(30):
        (docs / f"p{n:02d}.md").write_text(
            f"---\nsearch: {{exclude: true}}\n---\n# 第{n}篇\n\n## 小节\n\n正文 "
            f"[下一篇](p{n + 1:02d}.md)\n", encoding="utf-8")
    (docs / "p17.md").write_text("---\nsearch: {exclude: true}\n---\n# 坏链接\n\n"
                                 "[缺失](missing.md)\n", encoding="utf-8")  # a worker's page
    (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text("site_name: t\nplugins: []\nnav: [index.md]\n",
                                       encoding="utf-8")


def built(folder, processes: int, caplog, plugin: Parallel | None = None) -> tuple:
    """The pages written, the warnings about the missing link, how many pages the workers
    took (and the plugin, when one was given)."""
    config = load_config(str(folder / "mkdocs.yml"), site_dir=str(folder / f"site{processes}"))
    given, plugin = plugin, plugin or Parallel(processes)
    config.plugins["parallel"] = plugin
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        build(config)
    site = folder / f"site{processes}"
    pages = {p.relative_to(site).as_posix(): p.read_bytes()
             for p in site.rglob("*.html") if "sitemap" not in p.name}
    logs = sorted(r.getMessage() for r in caplog.records if "missing.md" in r.getMessage())
    return (pages, logs, plugin.taken) + ((plugin,) if given else ())


def test_workers_write_what_mkdocs_writes(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(parallel_render, "PARALLEL_FROM", 1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # the same build date in both
    make_project(tmp_path)
    alone, alone_logs, none = built(tmp_path, 1, caplog)
    together, logs, taken = built(tmp_path, 3, caplog)
    assert none == 0 and taken == 20  # two workers, ten pages each
    assert together == alone and len(alone) == 32
    assert logs == alone_logs and len(logs) == 1  # the worker's warning, re-emitted here


def test_a_page_a_worker_cannot_build_is_built_here(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(parallel_render, "PARALLEL_FROM", 1)
    make_project(tmp_path)
    original = parallel_render._ORIGINAL_BUILD_PAGE
    parent = __import__("os").getpid()

    def flaky(page, *args, **kwargs):
        if page.file.src_uri == "p05.md" and __import__("os").getpid() != parent:
            raise RuntimeError("a worker could not build this page")
        return original(page, *args, **kwargs)

    monkeypatch.setattr(parallel_render, "_ORIGINAL_BUILD_PAGE", flaky)
    pages, _, taken = built(tmp_path, 2, caplog)
    assert taken == 15  # p05 among them: the worker failed on it
    assert "第5篇" in pages["p05/index.html"].decode("utf-8")


class Deferring(Parallel):
    """The template pass with every page but the home page converted by whoever builds it
    (the plugin's deferral, without the render cache)."""

    def on_nav(self, nav, config, files):
        self.original = mkdocs_build._populate_page
        self.deferred = {f.src_uri for f in files.documentation_pages()} - {"index.md"}
        self.converted: dict[str, object] = {}
        deferred = self.deferred
        mkdocs_build._populate_page = lambda page, *args, **kwargs: (
            None if page.file.src_uri in deferred else self.original(page, *args, **kwargs))
        return super().on_nav(nav, config, files)

    def on_env(self, env, config, files):
        self.files, self.env = files, env
        pages = [f.page for f in files.documentation_pages()]
        lookups: dict[str, object] = {}

        def populate(page, config, files):
            self.original(page, config, files)
            lookups[page.file.src_uri] = ("looked up in", os.getpid())

        self.taken = self.template_pass.start(pages, config, files, self.nav, env,
                                              self.processes, self.deferred, populate, lookups)
        return env

    def on_post_build(self, config):
        self.template_pass.finish(config, self.files, self.nav, self.env,
                                  self.converted.__setitem__)
        mkdocs_build._populate_page = self.original


def test_pages_converted_by_their_workers_are_what_mkdocs_writes(tmp_path, monkeypatch,
                                                                   caplog):
    """Conversion deferred to whoever builds the page: the same pages, the same warnings
    (the worker's page's missing link, found while converting), each worker's lookups
    handed back; a page a worker fails on is converted and built here."""
    monkeypatch.setattr(parallel_render, "PARALLEL_FROM", 1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    make_project(tmp_path)
    alone, alone_logs, _ = built(tmp_path, 1, caplog)
    original = parallel_render._ORIGINAL_BUILD_PAGE
    parent = os.getpid()

    def flaky(page, *args, **kwargs):
        if page.file.src_uri == "p04.md" and os.getpid() != parent:
            raise RuntimeError("a worker could not build this page")
        return original(page, *args, **kwargs)

    monkeypatch.setattr(parallel_render, "_ORIGINAL_BUILD_PAGE", flaky)
    together, logs, taken, plugin = built(tmp_path, 3, caplog, Deferring(3))
    assert taken == 20 and together == alone and logs == alone_logs and len(logs) == 1
    workers = {uri: pid for uri, (_, pid) in plugin.converted.items()}
    assert len(workers) == 19 and "p04.md" not in workers  # p04: converted here after all
    assert parent not in workers.values() and len(set(workers.values())) == 2
    assert "第4篇" in together["p04/index.html"].decode("utf-8")


@pytest.mark.parametrize("processes", [2, 3, 4])
def test_every_page_is_dealt_once(processes):
    pages = list(range(1000))
    shares = deal(pages, processes)
    assert sorted(p for share in shares for p in share) == pages
    assert max(map(len, shares)) - min(map(len, shares)) <= 1
