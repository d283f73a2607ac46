"""`mkdocs serve`'s rebuilds run in a forked build process that keeps its state; a failed
rebuild is reported to the server, and a server whose build process is gone builds itself."""

from __future__ import annotations

import gc
import logging
import os
import signal

import pytest

from builder.render.mkdocs.serve_process import BuildProcess, RebuildFailed, interrupts_held
from tests.site_helpers import wait_for


class Builder:
    """A builder that records, in a file, the process and the count of each rebuild (the
    count lives in the builder's memory: it keeps growing only in one process)."""

    def __init__(self, record) -> None:
        self.record, self.count, self.fail = record, 0, False

    def __call__(self, config=None) -> None:
        self.count += 1
        with self.record.open("a") as out:
            out.write(f"{os.getpid()} {self.count}\n")
        if self.record.with_suffix(".fail").exists():
            raise ValueError("a sidecar the build cannot read")

    def lines(self) -> list[tuple[int, int]]:
        return [tuple(map(int, line.split())) for line in self.record.read_text().split("\n")
                if line]


@pytest.fixture
def process(tmp_path):
    builder = Builder(tmp_path / "builds.txt")
    process = BuildProcess(builder)
    yield process, builder
    process.close()


def test_rebuilds_run_in_the_build_process_which_keeps_its_state(process):
    process, builder = process
    process.build()
    process.build()
    (pid, first), (same, second) = builder.lines()
    assert pid == same != os.getpid()
    assert (first, second) == (1, 2) and builder.count == 0  # its memory, not the server's


def test_a_failed_rebuild_is_raised_with_its_traceback_and_the_next_one_runs(process):
    process, builder = process
    builder.record.with_suffix(".fail").touch()
    with pytest.raises(RebuildFailed, match="ValueError: a sidecar the build cannot read"):
        process.build()
    builder.record.with_suffix(".fail").unlink()
    process.build()
    assert [count for _, count in builder.lines()] == [1, 2]


def test_without_its_build_process_the_server_rebuilds_itself(process, caplog):
    process, builder = process
    process.build()
    os.kill(process.pid, signal.SIGKILL)
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.qikan"):
        process.build()
        process.build()
    assert [pid for pid, _ in builder.lines()][1:] == [os.getpid()] * 2
    assert any("build process ended" in r.getMessage() for r in caplog.records)
    assert process.pid is None


def test_closing_ends_the_build_process(process):
    process, _ = process
    pid = process.pid
    process.close()
    with pytest.raises(ProcessLookupError):  # ended and reaped, not a zombie
        os.kill(pid, 0)


def test_work_ahead_runs_while_the_server_waits_and_may_fail(tmp_path):
    """`idle` runs in the build process when it starts and after each rebuild; one that
    fails leaves the build process serving."""
    builder, marks = Builder(tmp_path / "builds.txt"), tmp_path / "idle.txt"

    def idle() -> None:
        with marks.open("a") as out:
            out.write(f"{os.getpid()}\n")
        raise OSError("the site folder is gone")

    process = BuildProcess(builder, idle=idle)
    try:
        process.build()
        process.build()
        pid = builder.lines()[0][0]
        assert wait_for(lambda: marks.read_text().split() == [str(pid)] * 3, 10)
    finally:
        process.close()


def test_the_garbage_of_a_rebuild_is_collected_while_the_server_waits(tmp_path):
    """A full collection falls in the build process's idle time, not in the next rebuild:
    a cycle a rebuild leaves (the collector off, so only that pass can find it) is
    collected before another rebuild is asked for."""
    collected = tmp_path / "collected"

    class Cycle:
        def __init__(self) -> None:
            self.me = self

        def __del__(self) -> None:
            collected.touch()

    def builder(config=None) -> None:
        gc.disable()
        Cycle()

    process = BuildProcess(builder)
    try:
        process.build()
        assert wait_for(collected.exists, 10)
    finally:
        process.close()


def test_without_a_process_to_be_had_the_server_keeps_rebuilding_itself(monkeypatch):
    """The plugin's `on_serve`: a fork that fails leaves MkDocs' own builder in place."""
    from builder.render.mkdocs.plugin import QikanPlugin

    plugin = QikanPlugin()
    errors, warnings = plugin.load_config({"workers": "2"})
    assert not errors, errors

    class Server:
        def builder(self, config=None) -> None:
            pass

    server = Server()
    original = server.builder

    def no_fork():
        raise OSError("Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    assert plugin.on_serve(server, config=None, builder=original) is server
    assert server.builder == original and plugin.build_process is None


def test_ctrl_c_waits_for_the_end_of_a_held_block():
    """What the build process must not stop half-way (the render cache's pages and its
    manifest) is done before Ctrl-C ends it."""
    done = []
    # Python's own handler: a test run started in the background may inherit SIGINT ignored
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            with interrupts_held():
                os.kill(os.getpid(), signal.SIGINT)
                done.append("stored")
    finally:
        signal.signal(signal.SIGINT, previous)
    assert done == ["stored"]
