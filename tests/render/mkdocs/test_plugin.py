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
