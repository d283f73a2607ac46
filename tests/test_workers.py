"""One policy for working in several processes (parsing and rendering)."""

from __future__ import annotations

import threading

import pytest

from builder import workers
from builder.workers import processes, wanted


def test_a_setting_asks_for_a_number_of_processes(monkeypatch):
    monkeypatch.setattr(workers.os, "cpu_count", lambda: 16)
    assert wanted("auto") == wanted(None) == workers.MAX_AUTO
    assert wanted("3") == wanted(3) == 3
    for bad in ("x", "0", -2, "1.5"):
        with pytest.raises(ValueError, match="workers"):
            wanted(bad)


def test_several_processes_only_for_enough_work():
    assert processes(2, jobs=10, minimum=8) == 2
    assert processes(2, jobs=7, minimum=8) == 1
    assert processes(4, jobs=3, minimum=1) == 3  # never more processes than jobs
    assert processes(1, jobs=1000, minimum=8) == 1


def test_one_process_while_another_thread_runs():
    assert processes(2, jobs=10, minimum=8) == 2
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:  # `mkdocs serve`: forking beside the server's threads is unsafe
        assert processes(2, jobs=10, minimum=8) == 1
    finally:
        stop.set()
        thread.join()


def test_a_progress_bar_starts_no_thread(monkeypatch):
    import io
    import sys

    from builder.progress import progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", Terminal())
    monkeypatch.delenv("CI", raising=False)
    before = threading.active_count()
    for _ in progress(range(3), "parsing issues", total=3):
        assert threading.active_count() == before
        assert processes(2, jobs=10, minimum=8) == 2
    assert "parsing issues" in sys.stderr.getvalue()
