"""Rendering in forked workers gives MkDocs what its own rendering would, warnings included."""

from __future__ import annotations

import logging

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from builder.render.mkdocs import parallel_render
from builder.render.mkdocs.parallel_render import render_markdown


@pytest.fixture
def small_site(tmp_path, monkeypatch):
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nmarkdown_extensions: [toc, attr_list]\n",
                                         encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    config.plugins._current_plugin = "test"  # set by MkDocs while a plugin event runs
    texts = {f"p{n:02d}.md": f"# 第{n}篇\n\n## 小节 {{ #s{n} }}\n\n正文 [下一篇](p{n + 1:02d}.md)\n"
             for n in range(39)}
    texts["p30.md"] = "# 坏链接\n\n[缺失](missing.md) 与 [锚点](p00.md#s0)\n"  # a worker's share
    texts["p39.md"] = "# 最后\n\n[第一篇](p00.md)\n"
    files = Files([File.generated(config, path, content=text) for path, text in texts.items()])
    pages = [Page(None, f, config) for f in files.documentation_pages()]
    monkeypatch.setattr(parallel_render, "PARALLEL_FROM", 1)
    return config, files, pages


def rendered(page, config, files):
    page.read_source(config)
    page.render(config, files)
    return page.content, [(i.title, i.id, [c.id for c in i.children]) for i in page.toc.items], \
        page._title_from_render, page.present_anchor_ids, page.links_to_anchors


def test_workers_render_what_mkdocs_renders(small_site, caplog):
    config, files, pages = small_site
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        expected = [rendered(p, config, files) for p in pages]
        serial_messages = [r.getMessage() for r in caplog.records]
    assert any("missing.md" in m for m in serial_messages)
    fresh = [Page(None, f, config) for f in files.documentation_pages()]
    assert render_markdown(fresh, config, files, workers=3) == len(fresh)
    assert all("render" in vars(p) for p in fresh)  # each will take its worker's result
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        caplog.clear()
        got = [rendered(p, config, files) for p in fresh]
        messages = [r.getMessage() for r in caplog.records]
    assert got == expected
    assert messages == serial_messages  # the worker's warning, re-emitted here
    assert all("render" not in vars(p) for p in fresh)


def test_a_page_changed_by_a_plugin_is_rendered_here(small_site):
    config, files, pages = small_site
    assert render_markdown(pages, config, files, workers=2) == len(pages)
    page = pages[0]
    page.read_source(config)
    page.markdown += "\n追加的一段\n"  # as a plugin's on_page_markdown might
    page.render(config, files)
    assert "追加的一段" in page.content


def test_every_page_is_dealt_once_and_the_main_process_takes_a_little_more():
    pages = list(range(1000))
    for processes in (2, 3, 4):
        shares = parallel_render.deal(pages, processes)
        assert sorted(p for share in shares for p in share) == pages
        assert len(shares[0]) > max(len(s) for s in shares[1:])
        assert len(shares[0]) - 1000 / processes <= 1000 / 15
