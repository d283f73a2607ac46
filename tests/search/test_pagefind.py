"""The background Pagefind index: built from the builder's records, or cancelled cleanly."""

from __future__ import annotations

import gzip
import json
import os
import time
from pathlib import Path

from builder.search.pagefind import BackgroundIndex, CachedIndex, cached_bundle, fingerprint
from tests.site_helpers import copy_project, mkdocs

RECORDS = [(f"issues/2021-11/a{n}/index.html", f"标题{n}", f"标题 {n}",
            f"中 芯 国际 扩产 。 第 {n} 段")
           for n in range(30)]


def fragments(bundle: Path) -> list[dict]:
    """Pagefind's per-page records (gzipped JSON after a signature)."""
    return [json.loads(gzip.decompress(f.read_bytes())[len(b"pagefind_dcd"):])
            for f in sorted((bundle / "fragment").iterdir())]


def test_the_index_lands_in_the_site(tmp_path):
    index = BackgroundIndex(RECORDS, tmp_path)
    work = index.work
    index.finish(tmp_path)
    assert (tmp_path / "pagefind" / "pagefind.js").is_file()
    assert len(list((tmp_path / "pagefind" / "fragment").iterdir())) == len(RECORDS)
    assert not work.exists()


def test_the_index_holds_the_builders_words_and_the_title_as_written(tmp_path):
    BackgroundIndex(RECORDS[:2], tmp_path).finish(tmp_path)
    bundle = tmp_path / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["cmn"]  # words split at spaces, not segmented again
    pages = {page["meta"]["title"]: page for page in fragments(bundle)}
    assert set(pages) == {"标题0", "标题1"}
    assert pages["标题1"]["content"] == "标题 1. 中 芯 国际 扩产 。 第 1 段."  # one per element


def children(pid: int) -> list[str]:
    tasks = Path(f"/proc/{pid}/task")
    return [c for t in tasks.iterdir() for c in (t / "children").read_text().split()]


def test_cancel_stops_the_child_and_pagefind_under_it(tmp_path):
    records = [(f"issues/x/a{n}/index.html", "标题", "标题", f"中 芯 国际 第 {n} 次 扩产 。 " * 400)
               for n in range(4000)]  # several seconds of indexing
    index = BackgroundIndex(records, tmp_path)
    group = index.process.pid
    deadline = time.monotonic() + 20
    while not children(group):  # wait for Pagefind to be running under the child
        assert time.monotonic() < deadline and index.process.poll() is None
        time.sleep(0.02)
    started = time.monotonic()
    index.cancel()
    assert time.monotonic() - started < 1.5  # not waiting for Pagefind to finish
    assert not index.work.exists()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)  # any process left in the group?
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        raise AssertionError("a process of the index's group is still running")


def test_the_bundle_is_kept_and_reused_for_the_same_records(tmp_path):
    cache = tmp_path / "cache"
    key = fingerprint(RECORDS)
    assert cached_bundle(cache, key) is None
    BackgroundIndex(RECORDS, tmp_path / "site1", cache, key).finish(tmp_path / "site1")
    bundle = cached_bundle(cache, key)
    assert bundle is not None
    CachedIndex(bundle).finish(tmp_path / "site2")
    first, second = (sorted(p.relative_to(d) for p in d.rglob("*") if p.is_file())
                     for d in (tmp_path / "site1" / "pagefind", tmp_path / "site2" / "pagefind"))
    assert first == second and len(first) > len(RECORDS)
    changed = [(RECORDS[0][0], "新标题", "新 标题", RECORDS[0][3]), *RECORDS[1:]]
    assert fingerprint(changed) != key and cached_bundle(cache, fingerprint(changed)) is None
    BackgroundIndex(changed, tmp_path / "site3", cache, fingerprint(changed)).finish(
        tmp_path / "site3")
    assert [p.name for p in cache.iterdir()] == [fingerprint(changed)]  # the newest only
    assert (tmp_path / "site2" / "pagefind" / "pagefind.js").is_file()  # linked copies stay


def test_a_rebuild_without_article_changes_reuses_the_index(tmp_path):
    project = copy_project(tmp_path / "project")
    first = mkdocs(project, "build", "--site-dir", str(tmp_path / "a"))
    assert first.returncode == 0 and "Pagefind index waited" in first.stderr, first.stderr
    (project / "site_data" / "pages" / "about.md").write_text("# 关于\n\n改过的说明。\n",
                                                             encoding="utf-8")
    second = mkdocs(project, "build", "--site-dir", str(tmp_path / "b"))
    assert second.returncode == 0 and "Pagefind index reused" in second.stderr, second.stderr
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a" / "pagefind").rglob("*"))
    assert files == sorted(p.relative_to(tmp_path / "b")
                           for p in (tmp_path / "b" / "pagefind").rglob("*"))
    assert "改过的说明" in (tmp_path / "b" / "about" / "index.html").read_text(encoding="utf-8")
