"""Convert and build the generated pages on every core: MkDocs does one page at a time.

MkDocs builds a site in two passes over its pages: Markdown → HTML (`_populate_page`),
then the theme's template (`_build_page`, a private function of MkDocs). Once every page
is populated (`on_env`), the template of a page the builder generated is a pure function
of that page and the state MkDocs has gathered, so the plugin forks worker processes that
run MkDocs' own `_build_page` on a share of the pages left out of Material's search index
(no plugin collects anything from them; see `SAFE_PAGE_EVENTS`) and write them; MkDocs'
loop in the main process skips those pages and builds any page a worker could not.

The conversion of a generated page outside the navigation is deferred the same way
(`IncrementalPass.defer`): no other page reads it (its title, table of contents or HTML)
and no plugin collects anything while it is read (`SAFE_READING_EVENTS`), so MkDocs'
reading loop skips it and whoever builds it — a worker, or the main process just before —
converts it first, recording its links' lookups for the render cache. (MkDocs' anchor
check, an info message after the build, then passes over those pages, as it does over
pages reused from the render cache.)

Log records of the workers are re-emitted by the main process (so `--strict` counts
them). Only used where forking is safe (see `builder.workers`), for enough pages, and
with the MkDocs (or ProperDocs) it was written for; otherwise MkDocs builds everything
itself. A build with `QIKAN_WORKERS=1` is byte-identical (a test compares the two).
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context

from mkdocs.commands import build as mkdocs_build
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import InclusionLevel
from mkdocs.structure.pages import Page

from builder.render.mkdocs.internals import allowed

log = get_plugin_logger("qikan")
PARALLEL_FROM = int(os.environ.get("QIKAN_PARALLEL_FROM") or 50)
"""Fork only for at least this many generated pages (a fork costs ~10 ms, converting and
building a page ~15 ms); the environment variable lets tests render a small sample in
parallel too."""
SAFE_PAGE_EVENTS = {"material.plugins.search.plugin"}
"""Modules whose `on_page_context` / `on_post_page` keep no state for a search-excluded
page (Material's search plugin returns at once for it; the qikan plugin has neither)."""
SAFE_READING_EVENTS = {"builder.render.mkdocs.plugin"}
"""Modules whose events while a page is read and converted (`on_pre_page`,
`on_page_read_source`, `on_page_markdown`, `on_page_content`) change only that page (the
qikan plugin escapes its front matter)."""

LogRecord = tuple[str, int, str]


class _Capture(logging.Handler):
    """Collects the records MkDocs logs in a worker, to be re-emitted by the main process."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))

    def take(self) -> list[LogRecord]:
        records, self.records = self.records, []
        return records


def _capture_logs() -> _Capture:
    """In a forked worker: MkDocs' log records go to a capture, not to the terminal."""
    capture = _Capture()
    for name in ("mkdocs", ""):
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(capture)
    logger.propagate = False
    return capture


def _emit(records: list[LogRecord]) -> None:
    for name, level, message in records:
        logging.getLogger(name).log(level, message)


# State shared with forked workers (they inherit it; nothing but results is pickled).
_job: dict = {}


def _fork(processes: int, jobs: list[tuple]) -> tuple[ProcessPoolExecutor, list[Future]]:
    """A pool of `processes` forked workers running `jobs` ((function, *args) each). The
    heap is frozen for the fork (`gc.freeze`): the workers' garbage collector then leaves
    the inherited objects alone instead of touching — and so copying — every page of them."""
    was_frozen = gc.get_freeze_count() > 0  # the plugin may have frozen the heap already
    gc.freeze()
    try:
        pool = ProcessPoolExecutor(processes, mp_context=get_context("fork"))
        try:
            return pool, [pool.submit(*job) for job in jobs]  # the workers fork here
        except BaseException:
            pool.shutdown(cancel_futures=True)
            raise
    finally:
        if not was_frozen:
            gc.unfreeze()


def deal(pages: list, processes: int) -> list[list]:
    """Pages dealt in turn to `processes` shares (share 0 stays in the main process)."""
    return [pages[n::processes] for n in range(processes)]


def _each(pages: list[Page], action: Callable, capture: _Capture) -> dict[str, list]:
    """`{src_uri: log records}` of the pages `action` built; a page whose action fails is
    left out — the main process then builds it itself and reports the error."""
    done = {}
    for page in pages:
        try:
            action(page)
        except Exception:  # noqa: BLE001
            capture.take()
            continue
        done[page.file.src_uri] = capture.take()
    return done


def _events_are_safe(config, names: tuple[str, ...], modules: set[str]) -> bool:
    events = config.plugins.events
    return all(getattr(method, "__module__", None) in modules
               for name in names for method in events[name])


def _page_events_are_safe(config) -> bool:
    return _events_are_safe(config, ("page_context", "post_page"), SAFE_PAGE_EVENTS)


def can_defer(config, processes: int) -> bool:
    """Pages may be converted by the workers that build them."""
    return (processes >= 2 and _ORIGINAL_BUILD_PAGE is not None
            and _page_events_are_safe(config) and allowed("parallel-templates")
            and allowed("parallel-markdown") and _events_are_safe(
                config, ("pre_page", "page_read_source", "page_markdown", "page_content"),
                SAFE_READING_EVENTS))


def _build_share(share: int) -> dict[str, tuple[list[LogRecord], object]]:
    """In a worker: MkDocs' own `_build_page` for each page of its share (inherited through
    the fork, not pickled: a page must stay part of the navigation), converted first when
    its conversion was deferred; the pages built, their logs and (converted here) their
    links' lookups."""
    config, nav, env, files, doc_files, deferred, populate, lookups = (_job[k] for k in (
        "config", "nav", "env", "files", "doc_files", "deferred", "populate", "lookups"))

    def build(page: Page) -> None:
        if page.file.src_uri in deferred:
            populate(page, config, files)
        _ORIGINAL_BUILD_PAGE(page, config, doc_files, nav, env)

    built = _each(_job["shares"][share], build, _capture_logs())
    return {uri: (logs, lookups.get(uri)) for uri, logs in built.items()}


_ORIGINAL_BUILD_PAGE = getattr(mkdocs_build, "_build_page", None)
"""MkDocs' own page builder (an internal: without it, MkDocs builds every page itself)."""


class TemplatePass:
    """Builds shares of the search-excluded pages in workers during MkDocs' page loop."""

    def __init__(self) -> None:
        self.pool: ProcessPoolExecutor | None = None
        self.futures: list[Future] = []
        self.assigned: dict[str, Page] = {}
        self.deferred: set[str] = set()
        self.populate: Callable | None = None
        self.files = None

    def start(self, pages: list[Page], config, files, nav, env, processes: int,
              deferred: set[str] = frozenset(), populate: Callable | None = None,
              lookups: dict | None = None) -> int:
        """Fork `processes - 1` workers, each for its share of the eligible pages; MkDocs'
        loop skips those. `deferred`: pages not converted yet (`populate(page, config,
        files)` converts one, recording into `lookups`), converted by whoever builds them.
        How many pages the workers took."""
        self.deferred, self.populate, self.files = set(deferred), populate, files
        if self.deferred:  # converted here before they are built, whatever the workers do
            mkdocs_build._build_page = self._build_page
        eligible = [p for p in pages if type(p) is Page and (
            p.file.src_uri in self.deferred or (p.meta.get("search") or {}).get("exclude"))]
        if (processes < 2 or len(eligible) < PARALLEL_FROM or _ORIGINAL_BUILD_PAGE is None
                or not _page_events_are_safe(config) or not allowed("parallel-templates")):
            return 0
        shares = deal(eligible, processes)
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        _job.update(config=config, nav=nav, env=env, files=files, doc_files=doc_files,
                    shares=shares, deferred=self.deferred, populate=populate,
                    lookups=lookups if lookups is not None else {})
        try:
            self.pool, self.futures = _fork(processes - 1,
                                            [(_build_share, n) for n in range(1, processes)])
        except OSError as error:
            log.info("parallel page building unavailable (%s)", error)
            self.close(keep_deferred=True)
            return 0
        finally:
            _job.clear()
        self.assigned = {p.file.src_uri: p for share in shares[1:] for p in share}
        mkdocs_build._build_page = self._build_page
        return len(self.assigned)

    def _convert(self, page, config) -> None:
        if page.file.src_uri in self.deferred:
            self.deferred.discard(page.file.src_uri)
            self.populate(page, config, self.files)

    def _build_page(self, page, config, *args, **kwargs) -> None:
        if page.file.src_uri not in self.assigned:
            self._convert(page, config)
            _ORIGINAL_BUILD_PAGE(page, config, *args, **kwargs)

    def finish(self, config, files, nav, env, converted: Callable | None = None) -> None:
        """Wait for the workers; build here whatever they did not, re-emit their logs;
        `converted(src_uri, lookups)` for each page a worker converted."""
        if not self.futures:
            self.close()
            return
        built: dict[str, tuple[list[LogRecord], object]] = {}
        try:
            for future in self.futures:
                built.update(future.result())
        except (BrokenProcessPool, OSError) as error:
            log.info("parallel page building failed (%s); building here", error)
        finally:
            self.close(keep_deferred=True)
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        for uri, page in self.assigned.items():
            if uri in built:
                records, lookups = built[uri]
                if lookups is not None and converted is not None:
                    converted(uri, lookups)
                config._current_page = page  # as MkDocs does: the records name their page
                try:
                    _emit(records)
                finally:
                    config._current_page = None
            else:
                self._convert(page, config)
                _ORIGINAL_BUILD_PAGE(page, config, doc_files, nav, env)
        self.assigned = {}
        self.close()

    def close(self, keep_deferred: bool = False) -> None:
        """Undo the patch and stop the workers (`keep_deferred`: the pages not converted yet
        are still converted before MkDocs builds them here)."""
        mkdocs_build._build_page = (self._build_page if keep_deferred and self.deferred
                                    else _ORIGINAL_BUILD_PAGE)
        if self.pool is not None:
            self.pool.shutdown()
        self.pool, self.futures = None, []
        if not keep_deferred:
            self.deferred, self.populate, self.files = set(), None, None
