"""The qikan MkDocs plugin: registered by entry point, options validated, the pipeline's
pages handed to MkDocs unchanged."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import entry_points

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from builder.render.mkdocs.plugin import QikanPlugin
from tests.site_helpers import copy_project, mkdocs


def test_registered_as_an_mkdocs_plugin():
    (entry,) = [e for e in entry_points(group="mkdocs.plugins") if e.name == "qikan"]
    assert entry.load() is QikanPlugin


@pytest.mark.parametrize("option, value, message", [
    ("workers", "lots", "expected 'auto' or a number of processes, got 'lots'"),
    ("workers", "0", "expected 'auto' or a number >= 1, got 0"),
    ("content", "no/such/folder", "isn't an existing directory"),
])
def test_a_wrong_option_is_a_one_line_config_error(tmp_path, option, value, message):
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index(f"      {option}:")
    end = text.index("\n", start)
    config.write_text(text[:start] + f"      {option}: {value}" + text[end:], encoding="utf-8")
    result = mkdocs(project, "build", "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")
              or "Aborted" in line or "ERROR" in line]
    assert any(f"Plugin 'qikan' option '{option}'" in line and message in line
               for line in errors), result.stderr
    assert "Traceback" not in result.stderr


def generated_by_mkdocs(project, monkeypatch, env: dict[str, str]) -> dict[str, bytes]:
    """What the plugin hands MkDocs: every file it generates, by path (nothing rendered)."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    try:
        files = config.plugins.on_files(Files([]), config=config)
    finally:
        config.plugins.on_build_error(error=RuntimeError("test: no render"))
    return {f.src_uri: f.content_bytes for f in files if f.generated_by}


@pytest.mark.parametrize("env", [{}, {"SITE_URL": "https://example.org/archive"},
                                 {"OFFLINE": "true"}], ids=["plain", "site-url", "offline"])
def test_the_command_line_writes_what_mkdocs_receives(tmp_path, monkeypatch, env):
    project = copy_project(tmp_path / "project")
    received = generated_by_mkdocs(project, monkeypatch, env)
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "builder", "build", "--out", str(out),
                             "--cache", str(tmp_path / "cli-cache")],  # not MkDocs' cache
                            cwd=project, capture_output=True, text=True,
                            env={**os.environ, **env})
    assert result.returncode == 0, result.stderr
    written = {p.relative_to(out).as_posix(): p.read_bytes()
               for p in out.rglob("*") if p.is_file() and p.name != ".qikan-pages.json"}
    assert "feed.xml" in received and "issues/index.md" in received
    assert len(received) > 120
    assert written.keys() == received.keys()
    assert [path for path in written if written[path] != received[path]] == []


def test_an_index_cancelled_by_a_failed_build_is_built_again(tmp_path):
    plugin = QikanPlugin()
    plugin.on_startup(command="serve", dirty=True)

    class Pending:
        cancelled = False

        def cancel(self):
            self.cancelled = True

    plugin.index, plugin.indexed = Pending(), "fingerprint of the records"
    pending = plugin.index
    plugin.on_build_error(error=RuntimeError("a page failed"))
    assert pending.cancelled and plugin.index is None and plugin.indexed is None


class _Done:
    """A future already resolved."""

    def __init__(self, value) -> None:
        self.value = value

    def result(self):
        return self.value


class _NoPool:
    def shutdown(self, **kwargs) -> None:
        pass


def test_workers_never_write_into_the_render_caches_copy(tmp_path, monkeypatch):
    """A changed page whose last HTML the site shares with the render cache (a hard link)
    is unlinked before any worker starts: a worker that writes its pages at once — here,
    the workers' jobs run the moment they are started — leaves every page in the site and
    the cached copies as they were."""
    from mkdocs.commands.build import build

    from builder.render.mkdocs import parallel_render
    from builder.render.mkdocs import plugin as plugin_module

    def at_once(processes, jobs):
        return _NoPool(), [_Done(function(*args)) for function, *args in jobs]

    monkeypatch.setattr(parallel_render, "_fork", at_once)
    monkeypatch.setattr(parallel_render, "_capture_logs", parallel_render._Capture)
    monkeypatch.setattr(parallel_render, "PARALLEL_FROM", 1)
    monkeypatch.setattr(plugin_module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(plugin_module, "processes", lambda *args: 2)
    monkeypatch.chdir(tmp_path)
    project = copy_project(tmp_path / "project")
    issue = sorted((project / "content" / "issues").glob("*.txt"))[0]

    def built() -> dict[str, bytes]:
        build(load_config(str(project / "mkdocs.yml")))
        site = project / "site"
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*.html")}

    built()
    issue.with_suffix(".yml").write_text("title: 更正后的标题\n", encoding="utf-8")  # sidecar
    pages = built()
    cache = next((project / ".cache" / "qikan" / "html").iterdir()) / "pages"
    changed = [uri for uri in pages if "更正后的标题".encode() in pages[uri]]
    assert len(changed) > 5
    for uri in pages:  # every page there, and the cache's copy of it the same bytes
        source = uri.removesuffix("index.html").rstrip("/") or "index"
        cached = cache / f"{source}.md.html"
        if cached.is_file():
            assert cached.read_bytes() == pages[uri], uri
    assert len(pages) == len(list((project / "site").rglob("*.html")))
    expected = {f"{p[:-3]}/index.html" for p in _page_sources(project)}
    assert expected <= set(pages) | {"index/index.html"}


def _page_sources(project) -> list[str]:
    import pickle

    with open(project / ".cache" / "qikan" / "output.pickle", "rb") as handle:
        _, built = pickle.load(handle)  # noqa: S301 (the test's own build)
    return [p for p in built.site.pages if not p.endswith("index.md")]
