"""When to work in several processes: one policy for parsing and rendering.

Work is forked (the workers inherit the build's state instead of pickling it), which
is safe only while the process runs no other thread: a plain build, the first build of
`mkdocs serve`, and its rebuilds in the build process (the server's threads run in
another process: render/mkdocs/serve_process.py). The progress
bar starts no thread (see `progress`), so a build in a terminal forks as a piped one.
"""

from __future__ import annotations

import os
import threading
from multiprocessing import get_all_start_methods

MAX_AUTO = 4
"""`auto` uses one process per core, at most this many."""


def wanted(setting: object = "auto") -> int:
    """The number of processes a setting asks for (`auto`, None or a positive number)."""
    if setting in (None, "", "auto"):
        return min(os.cpu_count() or 1, MAX_AUTO)
    try:
        number = int(setting)
    except (TypeError, ValueError):
        raise ValueError(f"workers: expected 'auto' or a number of processes, "
                         f"got {setting!r}") from None
    if number < 1:
        raise ValueError(f"workers: expected 'auto' or a number >= 1, got {number}")
    return number


def can_fork() -> bool:
    """Forking is available and safe: no other thread runs in this process."""
    return "fork" in get_all_start_methods() and threading.active_count() == 1


def processes(setting: object, jobs: int, minimum: int) -> int:
    """Processes to use for `jobs` pieces of work: 1 unless there are at least `minimum`
    of them, the setting asks for more than one and forking is safe."""
    count = wanted(setting)
    if count < 2 or jobs < minimum or not can_fork():
        return 1
    return min(count, jobs)
