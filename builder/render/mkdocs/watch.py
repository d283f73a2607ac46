"""`mkdocs serve` notices a saved issue, sidecar or curated file sooner.

MkDocs polls the folders it watches every 0.5 s (a polling observer: it works on network
shares and in containers, where file-system events do not arrive), so a save waits 0.25 s
on average, up to 0.5 s, before the rebuild starts. The folders of `watch:` in mkdocs.yml
(the raw issues, the curated data) are small; polling them takes a few milliseconds. Before
MkDocs starts watching them (`on_serve`), the plugin times one poll of them — a snapshot
and its comparison with the last, as the observer does — and has them polled as often as
keeps that polling under `CPU_SHARE` of one core: every 0.1 s at 120 issues (4–5 ms a
poll), back to MkDocs' 0.5 s for folders ten times that size. What MkDocs watches before
(the documentation folder, mkdocs.yml, the theme) keeps MkDocs' interval, unless it lies
inside a folder of `watch:` (qikan's `site_data/pages` inside `site_data`), whose polling
sees it sooner.

Private internal (`watch-interval`): the observer's `_timeout`, the interval watchdog gives
each folder scheduled after it is set (watchdog 7.1.0, the version MkDocs 1.6.1 installs
here, pinned).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable

from mkdocs.plugins import get_plugin_logger
from watchdog.observers.polling import PollingObserver
from watchdog.utils.dirsnapshot import DirectorySnapshot, DirectorySnapshotDiff

from builder.render.mkdocs.internals import allowed

log = get_plugin_logger("qikan")

SOONEST = 0.1
"""Seconds between polls at most this often (MkDocs waits 0.1 s after a change anyway, for
the saves of one edit to end)."""
CPU_SHARE = 0.05
"""The share of one core that polling the watched folders may take."""


def poll_cost(paths: Iterable[str]) -> float:
    """Seconds one poll of `paths` takes: a fresh snapshot of each folder compared with the
    one before (a file: its status)."""
    snapshots = {path: DirectorySnapshot(path) for path in paths if os.path.isdir(path)}
    files = [path for path in paths if not os.path.isdir(path)]
    start = time.perf_counter()
    for path, before in snapshots.items():
        DirectorySnapshotDiff(before, DirectorySnapshot(path))
    for path in files:
        try:
            os.stat(path)
        except OSError:
            pass
    return time.perf_counter() - start


def interval(cost: float, slowest: float) -> float:
    """Seconds between polls that keep a poll of `cost` seconds under `CPU_SHARE` of a core,
    between `SOONEST` and `slowest` (MkDocs' own interval)."""
    return max(SOONEST, min(slowest, cost / CPU_SHARE))


def watch_sooner(server, paths: Iterable[str]) -> float | None:
    """Have `server` (MkDocs' LiveReloadServer, before it watches `paths`) poll the folders
    it watches from now on as often as their size allows; the interval, or None where the
    observer is not MkDocs' polling one of the version this was written for."""
    observer = getattr(server, "observer", None)
    if (not isinstance(observer, PollingObserver)
            or not isinstance(getattr(observer, "_timeout", None), (int, float))
            or not allowed("watch-interval")):
        return None
    paths = [os.path.abspath(path) for path in paths]
    try:
        seconds = interval(poll_cost(paths), observer._timeout)
    except OSError as error:  # a folder that went away: MkDocs will say so when it watches
        log.debug("watched folders not timed: %s", error)
        return None
    observer._timeout = seconds
    log.debug("watched folders polled every %.2f s", seconds)
    return seconds
