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


def test_a_poll_is_timed_as_the_observer_polls_a_snapshot_compared_with_the_last(
        tmp_path, monkeypatch):
    for n in range(50):
        (tmp_path / f"issue-{n}.txt").write_text("正文", "utf-8")
    taken, compared = [], []
    real_snapshot, real_diff = watch.DirectorySnapshot, watch.DirectorySnapshotDiff
    monkeypatch.setattr(watch, "DirectorySnapshot",
                        lambda path: taken.append(path) or real_snapshot(path))
    monkeypatch.setattr(watch, "DirectorySnapshotDiff",
                        lambda a, b: compared.append(1) or real_diff(a, b))
    folder, missing = str(tmp_path), str(tmp_path / "missing.yml")
    assert poll_cost([folder, missing]) > 0  # a file that is not there: no error
    assert taken == [folder, folder] and compared == [1]


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


def test_larger_folders_are_polled_less_often_never_less_than_mkdocs(tmp_path, monkeypatch):
    monkeypatch.setattr(watch, "poll_cost", lambda paths: 0.012)  # ~1,000 issues
    live = server(tmp_path)
    assert watch_sooner(live, [str(tmp_path)]) == pytest.approx(0.24)
    live.watch(str(tmp_path))
    assert [e.timeout for e in live.observer.emitters] == [pytest.approx(0.24)]
    monkeypatch.setattr(watch, "poll_cost", lambda paths: 1.0)
    assert watch_sooner(server(tmp_path), [str(tmp_path)]) == 0.5


def test_the_plugin_has_the_watched_folders_polled_sooner_when_serving(tmp_path):
    from builder.render.mkdocs.plugin import QikanPlugin

    plugin = QikanPlugin()
    errors, _ = plugin.load_config({"workers": "1"})  # no build process to fork here
    assert not errors, errors
    live = server(tmp_path)
    assert plugin.on_serve(live, config={"watch": [str(tmp_path)]}, builder=None) is live
    live.watch(str(tmp_path))
    assert [e.timeout for e in live.observer.emitters] == [SOONEST]


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
