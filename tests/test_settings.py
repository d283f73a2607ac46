"""Settings from mkdocs.yml as the command line reads it: `!ENV`, the plugin's options,
paths relative to the file, overrides."""

from __future__ import annotations

import pytest

from builder.errors import QikanError
from builder.settings import Masthead, Settings, settings_from_config

CONFIG = """\
site_name: 档案
site_url: !ENV [TEST_SITE_URL, null]
use_directory_urls: false
markdown_extensions:
  - toc:
      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}
plugins:
  - search
  - qikan:
      content: raw
      workers: !ENV [TEST_WORKERS, 3]
"""


def test_read_from_mkdocs_yml(tmp_path, monkeypatch):
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    monkeypatch.setenv("TEST_SITE_URL", "https://example.org/a/")
    monkeypatch.setenv("TEST_WORKERS", "2")
    settings = settings_from_config(tmp_path / "mkdocs.yml")
    assert settings.content == tmp_path / "raw"
    assert settings.site_data == tmp_path / "site_data"
    assert settings.cache == tmp_path / ".cache" / "qikan"
    assert settings.masthead == Masthead("档案", "")
    assert settings.site_url == "https://example.org/a/"
    assert (settings.directory_urls, settings.workers) == (False, 2)
    override = settings_from_config(tmp_path / "mkdocs.yml", content=tmp_path / "x",
                                    cache=None)
    assert override.content == tmp_path / "x" and override.cache == settings.cache


def test_defaults_without_the_plugin(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    settings = settings_from_config(tmp_path / "mkdocs.yml")
    assert (settings.site_url, settings.directory_urls, settings.workers) == (None, True, "auto")


def test_errors(tmp_path):
    with pytest.raises(ValueError, match="workers"):
        Settings(content=".", workers="lots")
    with pytest.raises(QikanError, match="cannot read"):
        settings_from_config(tmp_path / "no-such-mkdocs.yml")
    config = tmp_path / "mkdocs.yml"
    config.write_text("plugins:\n  - qikan:\n      workers: lots\n", encoding="utf-8")
    with pytest.raises(QikanError) as error:
        settings_from_config(config)
    assert str(error.value).startswith(f"{config}: plugin qikan: workers: ")
    assert "\n" not in str(error.value)
