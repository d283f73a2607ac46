"""Incremental rendering: a page is rendered again exactly when its inputs changed, and the
site it gives is the site a cold build gives, warnings included."""

from __future__ import annotations

import logging
import re
import subprocess
import sys
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.plugins import BasePlugin

from builder.render.mkdocs import incremental
from builder.render.mkdocs.incremental import Entry, IncrementalPass, RenderCache, context_key
from tests.conftest import ROOT


class Incremental(BasePlugin):
    """The qikan plugin's use of the incremental pass, alone: every page but the home page
    counts as generated."""

    def __init__(self, cache: Path) -> None:
        self.cache, self.incremental, self.counts = cache, IncrementalPass(), {}

    def on_files(self, files, config):
        docs = Path(config.docs_dir)
        pages = {f.src_uri: (docs / f.src_uri).read_text("utf-8")
                 for f in files.documentation_pages() if f.src_uri != "index.md"}
        self.incremental.start(self.cache, config, pages, files)
        return files

    def on_nav(self, nav, config, files):
        self.incremental.keep_rendering(p.file.src_uri for p in nav.pages)
        return nav

    def on_env(self, env, config, files):
        self.incremental.place_reused(files)
        self.incremental.skip_reused()
        self.files = files
        return env

    def on_post_build(self, config):
        self.counts = self.incremental.finish(self.files)

    def on_build_error(self, error):
        self.incremental.close()


def make_project(folder: Path) -> Path:
    docs = folder / "docs"
    docs.mkdir(parents=True)
    for n in range(20):
        (docs / f"p{n:02d}.md").write_text(f"# 第{n}篇\n\n正文 [下一篇](p{n + 1:02d}.md)\n",
                                           encoding="utf-8")
    (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text("site_name: t\nplugins: []\nnav: [index.md]\n"
                                       "extra: {motto: 一}\n", encoding="utf-8")
    return folder


def built(folder: Path, name: str, caplog, cache: Path | None = None):
    """Build into `folder/name`; the pages' bytes, the warnings and the pass's counts."""
    config = load_config(str(folder / "mkdocs.yml"), site_dir=str(folder / name))
    plugin = Incremental(cache or folder / "cache")
    config.plugins["incremental"] = plugin
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        build(config)
    site = folder / name
    stamp = re.compile(rb"Build Date UTC : [^\n]*")  # the mkdocs theme's home page
    pages = {p.relative_to(site).as_posix(): stamp.sub(b"", p.read_bytes())
             for p in site.rglob("*.html")}
    warnings = sorted(r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING)
    return pages, warnings, plugin.counts


def test_an_unchanged_page_is_reused_with_its_warnings(tmp_path, caplog):
    project = make_project(tmp_path)
    first, warned, counts = built(project, "a", caplog)
    assert counts == {"rendered": 20, "reused": 0}
    assert any("p20.md" in w for w in warned)  # p19 links a page that does not exist
    again, warned_again, counts = built(project, "b", caplog)
    assert counts == {"rendered": 0, "reused": 20}
    assert again == first and warned_again == warned


def test_a_changed_page_alone_is_rendered_and_the_site_is_a_cold_builds(tmp_path, caplog):
    project = make_project(tmp_path)
    built(project, "a", caplog)
    (project / "docs" / "p05.md").write_text("# 第5篇（改）\n\n正文\n", encoding="utf-8")
    incremental, warned, counts = built(project, "b", caplog)
    assert counts == {"rendered": 1, "reused": 19}
    cold, cold_warned, _ = built(project, "c", caplog, cache=tmp_path / "fresh")
    assert incremental == cold and warned == cold_warned
    assert "（改）" in incremental["p05/index.html"].decode()


def test_a_page_whose_link_target_appears_or_goes_is_rendered_again(tmp_path, caplog):
    project = make_project(tmp_path)
    built(project, "a", caplog)
    (project / "docs" / "p20.md").write_text("# 第20篇\n", encoding="utf-8")  # p19's link
    appeared, warned, counts = built(project, "b", caplog)
    assert counts == {"rendered": 2, "reused": 19}  # p19 and the new p20
    assert not any("p20.md" in w for w in warned)
    assert 'href="../p20/"' in appeared["p19/index.html"].decode()
    (project / "docs" / "p11.md").unlink()  # p10 links it
    gone, warned, counts = built(project, "c", caplog)
    assert counts == {"rendered": 1, "reused": 19}
    assert any("p11.md" in w for w in warned)
    cold, _, _ = built(project, "d", caplog, cache=tmp_path / "fresh")
    assert gone == cold


def test_a_change_every_page_shows_renders_every_page(tmp_path, caplog):
    project = make_project(tmp_path)
    built(project, "a", caplog)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("一", "二"), encoding="utf-8")
    _, _, counts = built(project, "b", caplog)
    assert counts == {"rendered": 20, "reused": 0}
    config.write_text(config.read_text("utf-8").replace("二", "一"), encoding="utf-8")
    _, _, counts = built(project, "c", caplog)  # the first context is still kept
    assert counts == {"rendered": 0, "reused": 20}


def test_the_context_is_the_same_in_every_process():
    """Sets in the configuration iterate in another order in each process."""
    script = ("from mkdocs.config import load_config\n"
              "from builder.render.mkdocs.incremental import context_key\n"
              "print(context_key(load_config('mkdocs.yml')))\n")
    keys = {subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                           text=True, check=True, env={"PYTHONHASHSEED": seed,
                                                       "NO_MKDOCS_2_WARNING": "1",
                                                       "PATH": "/usr/bin:/bin"}
                           ).stdout.strip() for seed in ("1", "2", "3")}
    assert len(keys) == 1 and len(next(iter(keys))) == 20


def test_the_context_follows_the_configuration_and_the_overrides(tmp_path):
    config = load_config(str(ROOT / "mkdocs.yml"))
    key = context_key(config)
    config.extra["qikan_problems"] = 3  # the problems banner on every page
    assert context_key(config) != key
    config.extra.pop("qikan_problems")
    assert context_key(config) == key
    config.theme["features"] = [*config.theme["features"], "navigation.footer"]
    assert context_key(config) != key


def test_an_entry_is_valid_only_for_the_same_markdown_and_links():
    entry = Entry("d1", found=["a.md"], missing=["b.md"], logs=[])
    assert entry.still_valid("d1", {"a.md", "c.md"}, logs_needed=True)
    assert not entry.still_valid("d2", {"a.md"}, logs_needed=True)
    assert not entry.still_valid("d1", {"c.md"}, logs_needed=True)  # a.md went
    assert not entry.still_valid("d1", {"a.md", "b.md"}, logs_needed=True)  # b.md came
    quiet = Entry("d1", logs=None)  # rendered under `mkdocs -q`: its warnings unknown
    assert quiet.still_valid("d1", set(), logs_needed=False)
    assert not quiet.still_valid("d1", set(), logs_needed=True)


def test_the_manifest_is_parsed_again_only_when_its_file_changed(tmp_path, monkeypatch):
    """A process keeps the entries it read or wrote while the manifest is the file they came
    from (`mkdocs serve`'s rebuilds); one rewritten meanwhile (another process) is read."""
    first = RenderCache(tmp_path, "context")
    page = tmp_path / "page.html"
    page.write_text("<p>x</p>", encoding="utf-8")
    first.store({"a.md": (Entry("d1"), page)}, kept=())
    parsed = []
    real = incremental.json.loads
    monkeypatch.setattr(incremental.json, "loads", lambda text: parsed.append(1) or real(text))
    assert RenderCache(tmp_path, "context").entries == {"a.md": Entry("d1")} and parsed == []
    manifest = first.folder / incremental.MANIFEST
    manifest.write_text('{"b.md": ["d2", [], [], []]}', encoding="utf-8")  # another process
    assert RenderCache(tmp_path, "context").entries == {"b.md": Entry("d2")} and parsed == [1]
    assert RenderCache(tmp_path, "context").entries == {"b.md": Entry("d2")} and parsed == [1]
