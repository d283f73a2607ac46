"""`mkdocs serve` polls the folders of `watch:` as often as their size allows."""

from __future__ import annotations

import pytest
from mkdocs.livereload import LiveReloadServer

from builder.render.mkdocs import watch
from builder.render.mkdocs.watch import CPU_SHARE, SOONEST, interval, poll_cost, watch_sooner


def test_the_interval_keeps_polling_under_its_share_of_a_core_within_mkdocs_interval():
    assert interval(0.001, 0.5) == SOONEST  # small folders: as soon as MkDocs debounces
    assert interval(0.01, 0.5) == pytest.approx(0.01 / CPU_SHARE) == 0.2
    assert interval(0.2, 0.5) == 0.5  # never slower than MkDocs' own


def test_a_poll_is_timed_over_folders_and_files(tmp_path):
    for n in range(50):
        (tmp_path / f"issue-{n}.txt").write_text("正文", "utf-8")
    (tmp_path / "missing.yml").unlink(missing_ok=True)
    assert poll_cost([str(tmp_path), str(tmp_path / "missing.yml")]) > 0


def server(tmp_path) -> LiveReloadServer:
    return LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0,
                            root=str(tmp_path))


def test_folders_watched_after_it_are_polled_sooner_those_before_at_mkdocs_interval(tmp_path):
    docs, content = tmp_path / "docs", tmp_path / "content"
    docs.mkdir()
    content.mkdir()
    live = server(tmp_path)
    live.watch(str(docs))  # as MkDocs watches docs_dir before `on_serve`
    assert watch_sooner(live, [str(content)]) == SOONEST
    live.watch(str(content))  # as MkDocs watches `watch:` after it
    intervals = {emitter.watch.path: emitter.timeout for emitter in live.observer.emitters}
    assert intervals == {str(docs): 0.5, str(content): SOONEST}


def test_large_folders_keep_mkdocs_interval(tmp_path, monkeypatch):
    monkeypatch.setattr(watch, "poll_cost", lambda paths: 1.0)
    live = server(tmp_path)
    assert watch_sooner(live, [str(tmp_path)]) == 0.5
    live.watch(str(tmp_path))
    assert [e.timeout for e in live.observer.emitters] == [0.5]


def test_left_out_it_changes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("QIKAN_WITHOUT", "watch-interval")
    watch.allowed.cache_clear()
    try:
        live = server(tmp_path)
        assert watch_sooner(live, [str(tmp_path)]) is None
        live.watch(str(tmp_path))
        assert [e.timeout for e in live.observer.emitters] == [0.5]
    finally:
        watch.allowed.cache_clear()
