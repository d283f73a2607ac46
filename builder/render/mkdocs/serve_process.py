"""`mkdocs serve`'s rebuilds in a build process of their own, where forking is safe.

MkDocs rebuilds in the server's main thread, beside the HTTP server's and the file
watcher's threads, and forking beside threads is not safe (`builder.workers`): a rebuild
parsed and rendered everything in one process, on one core. When the first build is done
and before the server starts any thread (`on_serve`), the plugin forks a *build process*:
it holds all the first build kept in memory (the plugin's state, the caches) and runs each
rebuild the server asks for — MkDocs' own builder function, which reads the configuration
again and builds — single-threaded, so it forks render workers as `mkdocs build` does. The
server's process only serves the site and waits for each rebuild to finish. A rebuild that
fails is reported to the server as MkDocs' own failure would be (it says the server looks
stuck until the build is fixed); if the build process is gone, the server rebuilds itself
as before.

Private internal (`serve-process`): `LiveReloadServer.builder`, the function MkDocs'
build loop calls for each rebuild (MkDocs 1.6.1 / ProperDocs 1.6.7).
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing import Pipe
from multiprocessing.connection import Connection

from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger("qikan")

STOP_WAIT = 10.0
"""Seconds the server waits for the build process to end before it is killed."""


class RebuildFailed(Exception):
    """A rebuild failed in the build process (the message holds its traceback)."""


def _run(connection: Connection, builder: Callable, idle: Callable | None) -> None:
    """The build process: `idle` while the server waits for a save, then one rebuild per
    request, its outcome sent back (None, or the failure's traceback); until the server
    closes the connection or is interrupted."""
    try:
        while True:
            _idle(idle)
            connection.recv()
            try:
                builder()
                outcome = None
            except Exception as error:  # as MkDocs' loop would show it, then keep serving
                outcome = "".join(traceback.format_exception(error))
            connection.send(outcome)
    except (EOFError, OSError, KeyboardInterrupt):  # the server ended (or Ctrl-C)
        pass
    finally:
        os._exit(0)  # never return into MkDocs' serve() of the server process


def _idle(idle: Callable | None) -> None:
    """Work ahead of the next rebuild; it only saves time, so a failure is left to it. The
    garbage collector's full pass over the heap comes first: left to itself it falls in the
    first rebuild, over everything the first build left (0.38 s at 120 issues)."""
    gc.collect()
    if idle is None:
        return
    try:
        idle()
    except Exception as error:
        log.debug("work ahead of the next rebuild failed: %s", error)


@contextmanager
def interrupts_held() -> Iterator[None]:
    """Ctrl-C (SIGINT) held until the block is done: work that must not stop half-way."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


class BuildProcess:
    """The forked build process, seen from the server: `build` is MkDocs' builder for it."""

    def __init__(self, builder: Callable, idle: Callable | None = None) -> None:
        """`builder`: MkDocs' rebuild; `idle`: what the build process does while the
        server waits for a save (work that makes the next rebuild faster)."""
        self.builder = builder
        ours, theirs = Pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            pid = os.fork()
        except OSError:
            ours.close()
            theirs.close()
            raise
        if pid == 0:  # the build process
            ours.close()
            _run(theirs, builder, idle)
        theirs.close()
        self.pid: int | None = pid
        self.connection: Connection | None = ours

    def build(self) -> None:
        """A rebuild, by the build process (or here, once it is gone)."""
        if self.connection is None:
            return self.builder()
        try:
            self.connection.send(None)
            outcome = self.connection.recv()
        except (EOFError, OSError):
            log.warning("the build process ended: rebuilding in the server's process")
            self.close()
            return self.builder()
        if outcome is not None:
            raise RebuildFailed(outcome)
        return None

    def close(self) -> None:
        """End the build process: it exits when the connection closes (after the rebuild
        under way, if any); killed if it has not after `STOP_WAIT` seconds."""
        if self.connection is not None:
            self.connection.close()
            self.connection = None
        if self.pid is None:
            return
        pid, self.pid = self.pid, None
        deadline = time.monotonic() + STOP_WAIT
        try:
            while os.waitpid(pid, os.WNOHANG) == (0, 0):
                if time.monotonic() > deadline:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                    break
                time.sleep(0.02)
        except ChildProcessError:  # already reaped
            pass
