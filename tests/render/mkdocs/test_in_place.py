"""Building over the last site (in_place.py): the folder is not emptied, what the build
does not write any more is removed, and the result is what a build into an empty folder
writes."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from builder.render.mkdocs import in_place as in_place_module
from builder.render.mkdocs.in_place import InPlace
from tests.render.mkdocs.test_incremental import Incremental, make_project

OLD = time.time() - 3600


class InPlaceBuild(Incremental):
    """The qikan plugin's use of the incremental pass and of the in-place build."""

    def __init__(self, cache: Path, fail: bool = False) -> None:
        super().__init__(cache)
        self.in_place, self.fail, self.removed = InPlace(), fail, None

    def on_pre_build(self, config):
        self.in_place.keep(Path(config.site_dir))

    def on_files(self, files, config):
        self.in_place.restore()
        return super().on_files(files, config)

    def on_nav(self, nav, config, files):
        if self.fail:
            raise PluginError("this build fails")
        return super().on_nav(nav, config, files)

    def on_post_build(self, config):
        super().on_post_build(config)
        self.removed = self.in_place.sweep(
            {os.path.normpath(f.abs_dest_path) for f in self.files}, owned=("kept",))

    def on_build_error(self, error):
        super().on_build_error(error)
        self.in_place.restore()


def build_into(project: Path, site: Path, cache: Path, fail: bool = False) -> InPlaceBuild:
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    plugin = InPlaceBuild(cache, fail)
    config.plugins["in_place"] = plugin
    build(config)
    return plugin


def files_of(site: Path) -> dict[str, bytes]:
    stamp = re.compile(rb"Build Date UTC : [^\n]*|<lastmod>[^<]*</lastmod>")
    return {p.relative_to(site).as_posix(): stamp.sub(b"", p.read_bytes())
            for p in sorted(site.rglob("*")) if p.is_file() and p.suffix != ".gz"}


def _old_file(path: Path, text: str = "x") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.utime(path, (OLD, OLD))


def test_a_build_over_the_last_site_writes_what_a_build_into_an_empty_folder_does(tmp_path):
    project = make_project(tmp_path / "project")
    site = tmp_path / "site"
    build_into(project, site, tmp_path / "cache")
    kept_page = (site / "p10" / "index.html").stat().st_ino
    (project / "docs" / "p05.md").unlink()  # its folder goes
    (project / "docs" / "p03.md").write_text("# 改过\n\n正文\n", encoding="utf-8")
    (project / "docs" / "new.md").write_text("# 新的\n", encoding="utf-8")
    _old_file(site / "stale" / "deep" / "leftover.html")  # not the build's
    _old_file(site / "kept" / "index.bin")  # a folder the plugin owns (the search index)
    for path in site.rglob("*"):  # the last build was long ago
        if path.is_file():
            os.utime(path, (OLD, OLD))

    plugin = build_into(project, site, tmp_path / "cache")
    assert not (site / "p05").exists() and not (site / "stale").exists()
    assert (site / "kept" / "index.bin").is_file()
    assert (site / "p10" / "index.html").stat().st_ino == kept_page  # not written again
    assert plugin.removed >= 2 and plugin.counts["reused"] > 0
    cold = build_into(project, tmp_path / "fresh", tmp_path / "cache2")
    assert cold.counts["reused"] == 0
    ours = files_of(site)
    del ours["kept/index.bin"]
    assert ours == files_of(tmp_path / "fresh")


def test_a_failed_build_leaves_the_site_folder_in_place(tmp_path):
    project = make_project(tmp_path / "project")
    site = tmp_path / "site"
    build_into(project, site, tmp_path / "cache")
    before = files_of(site)
    with pytest.raises(Abort):
        build_into(project, site, tmp_path / "cache", fail=True)
    assert files_of(site) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_what_the_build_wrote_stays_and_nothing_else(tmp_path):
    site = tmp_path / "site"
    _old_file(site / "a" / "old.html")
    _old_file(site / "b" / "listed.html")
    _old_file(site / "d" / "rewritten.xml")
    (site / "e" / "f").mkdir(parents=True)
    (site / "e" / "a-moment-ago.html").write_text("x", encoding="utf-8")  # the build before
    for name in ("f/1.html", "g/2.html", "g/h/3.html"):  # folders in folders, all gone
        _old_file(site / "e" / name)
    in_place = InPlace()
    in_place.keep(site)
    assert not site.exists()
    in_place.restore()
    (site / "c").mkdir()
    (site / "c" / "new.xml").write_text("y", encoding="utf-8")  # another plugin's, say
    (site / "d" / "rewritten.xml").write_text("新的内容", encoding="utf-8")  # the theme's
    assert in_place.sweep({str(site / "b" / "listed.html")}) == 5
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == [
        "b", "b/listed.html", "c", "c/new.xml", "d", "d/rewritten.xml"]


def test_a_folder_noted_ahead_is_not_walked_again_and_swept_the_same(tmp_path, monkeypatch):
    """`mkdocs serve`'s build process notes the folder while the server waits (`note`):
    the next build then takes that note instead of walking the folder, and sweeps what the
    walk would have swept; a note of another folder is not used."""
    site = tmp_path / "site"
    _old_file(site / "a" / "old.html")
    _old_file(site / "b" / "listed.html")
    in_place = InPlace()
    in_place.note(site)
    in_place.note(tmp_path / "elsewhere")  # the last note is the one kept
    walks = []
    monkeypatch.setattr(in_place_module, "_walk", lambda folder: walks.append(folder) or {})
    in_place.keep(site)
    assert walks == [site]  # the note was of another folder
    in_place.restore()
    monkeypatch.undo()
    in_place.note(site)
    monkeypatch.setattr(in_place_module, "_walk", lambda folder: walks.append(folder) or {})
    in_place.keep(site)
    assert walks == [site]  # not walked again
    in_place.restore()
    assert in_place.sweep({str(site / "b" / "listed.html")}) == 1
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == [
        "b", "b/listed.html"]
    in_place.keep(site)  # a note serves one build only
    assert walks == [site, site]
