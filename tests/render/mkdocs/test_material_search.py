"""Material's single search index: segmented by the builder, queries by longest match."""

from __future__ import annotations

import shutil
from pathlib import Path

import material

from builder.enrich.segment import ZWSP
from builder.render.mkdocs import internals
from builder.render.mkdocs.material_search import (
    MARKER,
    patch_search_worker,
    use_builder_segmentation,
)
from builder.settings import SITE_DATA

WORKERS = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "workers"


def built_worker(site: Path) -> Path:
    folder = site / "assets" / "javascripts" / "workers"
    folder.mkdir(parents=True)
    (worker,) = [shutil.copy(w, folder) for w in WORKERS.glob("search.*.min.js")]
    return Path(worker)


def test_materials_worker_is_patched_once(tmp_path):
    worker = built_worker(tmp_path)
    assert patch_search_worker(tmp_path)
    patched = worker.read_text(encoding="utf-8")
    assert patched.count(MARKER) == 1
    assert patch_search_worker(tmp_path) and worker.read_text(encoding="utf-8") == patched


def test_a_changed_worker_is_left_alone_with_a_warning(tmp_path, caplog):
    worker = built_worker(tmp_path)
    worker.write_text("function other(){}", encoding="utf-8")
    assert not patch_search_worker(tmp_path)
    assert worker.read_text(encoding="utf-8") == "function other(){}"
    assert any("search worker changed" in r.getMessage() for r in caplog.records)


def test_materials_index_uses_the_builders_words(monkeypatch):
    from material.plugins.search.plugin import SearchIndex

    internals.allowed.cache_clear()
    monkeypatch.setattr(SearchIndex, "_segment_chinese", SearchIndex._segment_chinese)
    assert use_builder_segmentation(SITE_DATA)
    marked = SearchIndex._segment_chinese(None, "发布5G消息应用")
    assert marked.replace(ZWSP, "") == "发布5G消息应用"
    assert f"{ZWSP}5G消息{ZWSP}" in marked
