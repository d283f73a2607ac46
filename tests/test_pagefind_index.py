"""The background Pagefind index: built from the builder's records, or cancelled cleanly."""

from __future__ import annotations

import os
import time
from pathlib import Path

from builder.pagefind_search import BackgroundIndex

RECORDS = [(f"issues/2021-11/a{n}/index.html", f"标题{n}", ["中芯国际扩产。", f"第{n}段"])
           for n in range(30)]


def test_the_index_lands_in_the_site(tmp_path):
    index = BackgroundIndex(RECORDS)
    work = index.work
    index.finish(tmp_path)
    assert (tmp_path / "pagefind" / "pagefind.js").is_file()
    assert len(list((tmp_path / "pagefind" / "fragment").iterdir())) == len(RECORDS)
    assert not work.exists()


def children(pid: int) -> list[str]:
    tasks = Path(f"/proc/{pid}/task")
    return [c for t in tasks.iterdir() for c in (t / "children").read_text().split()]


def test_cancel_stops_the_child_and_pagefind_under_it(tmp_path):
    records = [(f"issues/x/a{n}/index.html", "标题", [f"中芯国际第{n}次扩产。" * 400])
               for n in range(4000)]  # several seconds of indexing
    index = BackgroundIndex(records)
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
