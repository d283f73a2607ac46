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

    def __init__(self, cache: Path, store_later: bool = False) -> None:
        self.cache, self.incremental, self.counts = cache, IncrementalPass(), {}
        self.store_later, self.texts = store_later, {}

    def on_files(self, files, config):
        """The pages' Markdown; a page unchanged since the last build by this plugin is
        given as the very string it was then (as the builder's reused groups are)."""
        docs = Path(config.docs_dir)
        pages = {f.src_uri: (docs / f.src_uri).read_text("utf-8")
                 for f in files.documentation_pages() if f.src_uri != "index.md"}
        pages = {uri: self.texts[uri] if self.texts.get(uri) == text else text
                 for uri, text in pages.items()}
        self.texts = pages
        self.incremental.start(self.cache, config, pages, files)
        return files

    def on_nav(self, nav, config, files):
        self.incremental.in_navigation(p.file.src_uri for p in nav.pages)
        return nav

    def on_env(self, env, config, files):
        self.incremental.place_reused(files)
        self.incremental.skip_reused()
        self.files = files
        return env

    def on_post_build(self, config):
        self.counts = self.incremental.finish(self.files, store_later=self.store_later)

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


def built(folder: Path, name: str, caplog, cache: Path | None = None,
          plugin: Incremental | None = None):
    """Build into `folder/name` (with `plugin`: that plugin, as a serve session keeps its
    one); the pages' bytes, the warnings and the pass's counts."""
    config = load_config(str(folder / "mkdocs.yml"), site_dir=str(folder / name))
    plugin = plugin or Incremental(cache or folder / "cache")
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


def test_a_page_given_as_the_last_builds_very_string_is_not_hashed_again(
        tmp_path, caplog, monkeypatch):
    project, plugin = make_project(tmp_path), Incremental(tmp_path / "cache")
    built(project, "a", caplog, plugin=plugin)
    hashed = []
    real = incremental.page_digest
    monkeypatch.setattr(incremental, "page_digest",
                        lambda uri, text: hashed.append(uri) or real(uri, text))
    (project / "docs" / "p05.md").write_text("# 第5篇（改）\n\n正文\n", encoding="utf-8")
    again, _, counts = built(project, "b", caplog, plugin=plugin)
    hashed.remove("index.md")  # the navigation's page without a title (navigation_shown)
    assert hashed == ["p05.md"] and counts == {"rendered": 1, "reused": 19}
    hashed.clear()
    fresh, _, counts = built(project, "c", caplog)  # equal texts, other strings: hashed
    assert len(hashed) == 21 and counts == {"rendered": 0, "reused": 20} and fresh == again


def test_a_store_left_for_later_is_kept_by_store_pending_or_by_the_next_build(
        tmp_path, caplog):
    """The build process of `mkdocs serve` stores the render cache while the server waits;
    a build that comes first stores it before it reads the cache."""
    project = make_project(tmp_path)
    plugin = Incremental(tmp_path / "cache", store_later=True)
    built(project, "a", caplog, plugin=plugin)
    manifests = (tmp_path / "cache").glob(f"html/*/{incremental.MANIFEST}")
    assert not list(manifests)  # left for later
    plugin.incremental.store_pending()
    manifest = next((tmp_path / "cache").glob(f"html/*/{incremental.MANIFEST}"))
    assert len(RenderCache(tmp_path / "cache", manifest.parent.name).entries) == 20
    (project / "docs" / "p05.md").write_text("# 第5篇（改）\n\n正文\n", encoding="utf-8")
    changed, _, counts = built(project, "b", caplog, plugin=plugin)
    assert counts == {"rendered": 1, "reused": 19}
    _, _, counts = built(project, "c", caplog, plugin=plugin)  # stored b's p05 first
    assert counts == {"rendered": 0, "reused": 20}
    cold, _, _ = built(project, "d", caplog, cache=tmp_path / "fresh")
    assert changed == cold


def nav_project(folder: Path) -> Path:
    """Three generated pages in the navigation: one titled by the configuration, one by its
    front matter, one by its first heading (rendered: not the heading's source)."""
    make_project(folder)
    docs = folder / "docs"
    (docs / "p01.md").write_text("---\ntitle: 乙篇\n---\n# 第1篇\n\n正文\n", encoding="utf-8")
    (docs / "p02.md").write_text("# 第2篇 **粗**\n\n正文\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text(
        "site_name: t\nplugins: []\nnav: [index.md, {甲篇: p00.md}, p01.md, p02.md]\n"
        "extra: {motto: 一}\n", encoding="utf-8")
    return folder


def test_a_reused_page_in_the_navigation_is_read_not_converted(tmp_path, caplog):
    """Its title shows in every page's tabs: read from the configuration or its front
    matter, the same as rendered — reused; from its first heading — rendered again. A
    change to any page's title renders every page; the site is a cold build's."""
    project = nav_project(tmp_path)
    first, _, counts = built(project, "a", caplog)
    assert counts == {"rendered": 20, "reused": 0}
    again, _, counts = built(project, "b", caplog)
    assert counts == {"rendered": 1, "reused": 19}  # p02: its unconverted title differs
    assert again == first and ">乙篇<" in first["p05/index.html"].decode()
    p00 = project / "docs" / "p00.md"
    p00.write_text(p00.read_text("utf-8") + "\n又一段\n", encoding="utf-8")
    _, _, counts = built(project, "c", caplog)
    assert counts == {"rendered": 2, "reused": 18}  # p00 and p02; the title is the config's
    for page, old, new in (("p01.md", "乙篇", "丙篇"), ("p02.md", "**粗**", "**细**")):
        path = project / "docs" / page
        path.write_text(path.read_text("utf-8").replace(old, new), encoding="utf-8")
        retitled, _, counts = built(project, f"d{page}", caplog)
        assert counts == {"rendered": 20, "reused": 0}, page
        cold, _, _ = built(project, f"e{page}", caplog, cache=tmp_path / f"fresh{page}")
        assert retitled == cold
    assert ">丙篇<" in retitled["p05/index.html"].decode()
    p00.write_text("---\nsubtitle: 副标题\n---\n" + p00.read_text("utf-8"), encoding="utf-8")
    _, _, counts = built(project, "f", caplog)  # what the tabs show of its front matter
    assert counts == {"rendered": 20, "reused": 0}


def test_a_store_that_did_not_end_leaves_no_page_reused_under_its_old_entry(tmp_path,
                                                                           monkeypatch):
    """Killed between a page's new HTML and the manifest that says so: that page's old
    entry would reuse the new HTML for the old Markdown (an edit taken back). The store's
    journal names the pages it replaces; the next cache does not reuse them."""
    pages = {}
    for name in ("a", "b"):
        pages[name] = tmp_path / f"{name}.html"
        pages[name].write_text(f"<p>{name} 1</p>", encoding="utf-8")
    cache = RenderCache(tmp_path, "context")
    cache.store({f"{n}.md": (Entry(f"{n}1"), pages[n]) for n in pages}, kept=())
    fresh = tmp_path / "a2.html"
    fresh.write_text("<p>a 2</p>", encoding="utf-8")
    real = incremental.os.replace

    def killed_at_the_manifest(source, target):
        if Path(target).name == incremental.MANIFEST:
            raise OSError("No space left on device")
        real(source, target)

    monkeypatch.setattr(incremental.os, "replace", killed_at_the_manifest)
    try:
        RenderCache(tmp_path, "context").store({"a.md": (Entry("a2"), fresh)}, kept=["b.md"])
    except OSError:
        pass
    monkeypatch.setattr(incremental.os, "replace", real)
    RenderCache._kept.clear()  # a new process
    after = RenderCache(tmp_path, "context")
    assert after.html("a.md").read_text("utf-8") == "<p>a 2</p>"  # replaced, not recorded
    assert set(after.entries) == {"b.md"}  # a's old entry ("a1") would reuse a 2's HTML
    assert after.reusable({"a.md": "a1", "b.md": "b1"}, set(), logs_needed=False) == {"b.md"}
    after.store({"a.md": (Entry("a2"), fresh)}, kept=["b.md"])  # the next store ends well
    assert not (after.folder / incremental.JOURNAL).exists()
    assert set(RenderCache(tmp_path, "context").entries) == {"a.md", "b.md"}
