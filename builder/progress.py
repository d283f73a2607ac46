"""Progress for long builds: a bar in a terminal, nothing in CI or when output is piped."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")


class _Bar(tqdm):
    """tqdm without its monitor thread: a second thread would make forking unsafe, and
    the build would then parse and render in one process (see `workers`)."""

    monitor_interval = 0


def interactive() -> bool:
    """True when a person is watching: stderr is a terminal and this is not CI."""
    return sys.stderr.isatty() and not os.environ.get("CI")


def progress(items: Iterable[T], what: str, total: int | None = None) -> Iterator[T]:
    """`items`, with a progress bar labelled `what` when a person is watching."""
    if not interactive():
        yield from items
        return
    yield from _Bar(items, desc=what, total=total, unit="issue", leave=False, file=sys.stderr)
