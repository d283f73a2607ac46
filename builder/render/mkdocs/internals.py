"""The private internals of MkDocs, Material and Python-Markdown this adapter relies on.

Each is used only with the version it was written for (and tested against); with any
other the adapter falls back to the public behaviour and says so once. What each buys,
measured at 120 issues, is in the README ("Internals").

- `mkdocs.commands.build._build_page` (MkDocs 1.6.1 / ProperDocs 1.6.7): building the
  generated pages' templates in forked workers (`parallel_render`).
- `mkdocs.commands.build._populate_page` and `_build_page` (same versions): reusing the
  HTML of generated pages whose inputs did not change (`incremental`), and converting the
  Markdown of the pages outside the navigation in the workers that build them
  (`parallel-markdown`, with `parallel-templates` and `incremental`).
- `mkdocs.livereload.LiveReloadServer.builder` (same versions): running `mkdocs serve`'s
  rebuilds in a build process of their own, which can fork render workers
  (`serve-process`).
- watchdog's `BaseObserver._timeout` (watchdog 7.1.0): polling the folders of `watch:`
  more often than MkDocs' 0.5 s where they are small (`watch-interval`).
- Python-Markdown's `Registry._priority` (Markdown 3.11.3): leaving out the patterns a
  page cannot match (`md_inline`).

Material's search is not patched: its box is answered by qikan's own search script.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from importlib import metadata

from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger("qikan")

WRITTEN_FOR = {"mkdocs": "1.6.1", "properdocs": "1.6.7", "markdown": "3.11.3",
               "watchdog": "7.1.0"}
"""The versions whose internals the adapter was written for (the pinned ones)."""


def engine() -> str:
    """The distribution that runs the build: `mkdocs`, or `properdocs` (which answers
    imports of `mkdocs` with its own modules)."""
    module = sys.modules.get("mkdocs")
    return "properdocs" if module is not None and module.__name__ == "properdocs" else "mkdocs"


def installed(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


INTERNALS = {
    "parallel-templates": ("engine", "building the pages' templates in a second process"),
    "parallel-markdown": ("engine", "converting the pages' Markdown where they are built"),
    "incremental": ("engine", "reusing the HTML of pages whose inputs did not change"),
    "serve-process": ("engine", "rebuilding under `mkdocs serve` in a process of its own"),
    "watch-interval": ("watchdog", "polling the watched folders more often where that is cheap"),
    "skip-absent": ("markdown", "skipping Markdown patterns a page cannot match"),
}
"""Each use of an internal: the distribution it reaches into (`engine`: MkDocs or
ProperDocs) and what it does."""
WITHOUT = "QIKAN_WITHOUT"
"""Environment variable: internals to leave out, comma-separated (to measure what each
buys: `QIKAN_WITHOUT=skip-absent python benchmarks/archive.py`)."""


@cache
def allowed(name: str) -> bool:
    """True when the internal `name` may be used: not left out by QIKAN_WITHOUT, and the
    installed distribution is the version it was written for (otherwise says so once)."""
    distribution, what = INTERNALS[name]
    if name in os.environ.get(WITHOUT, "").replace(" ", "").split(","):
        log.info("%s left out (%s)", what, WITHOUT)
        return False
    distribution = engine() if distribution == "engine" else distribution
    found, expected = installed(distribution), WRITTEN_FOR[distribution]
    if found != expected:
        log.info("%s %s is not %s, for which %s was written: left out", distribution, found,
                 expected, what)
    return found == expected
