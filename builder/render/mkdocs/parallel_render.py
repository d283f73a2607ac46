"""Render the generated pages on every core: MkDocs renders one page at a time.

MkDocs builds a site in two passes over its pages: Markdown → HTML (`_populate_page`),
then the theme's template (`_build_page`). For the pages the builder generates, both are
pure functions of the page and the state MkDocs has gathered, so the hook forks worker
processes that run MkDocs' own code for a share of them while the main process does
the rest:

1. Markdown (`on_nav`): each process runs `Page.render` on its share and keeps what it
   sets (content, table of contents, anchors, the log records it emitted). When MkDocs
   then renders a page in the main process, the page's `render` takes that result —
   after checking that the Markdown is the one rendered (a plugin may have changed it;
   then MkDocs renders it itself). Every later step sees what MkDocs would have computed.
2. Templates (`on_env`, all pages populated): a worker runs MkDocs' `_build_page` on its
   share of the pages left out of Material's search index (no plugin collects anything
   from them; see `SAFE_PAGE_EVENTS`) and writes them; the main process skips those
   pages and builds any page the worker could not.

Log records of the workers are re-emitted by the main process (so `--strict` counts
them). Only used where forking is safe — one thread: a plain build, or the first build
of `mkdocs serve` (its rebuilds run beside the server's threads) — and for enough pages;
otherwise MkDocs renders everything itself. A build rendered with `QIKAN_WORKERS=1` is
byte-identical (a test builds the site both ways and compares).
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_context

from mkdocs.commands import build as mkdocs_build
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import InclusionLevel
from mkdocs.structure.pages import Page

from builder.render.mkdocs.internals import allowed

log = get_plugin_logger("qikan")
PARALLEL_FROM = 200
"""Fork only for at least this many generated pages (a fork costs ~10 ms)."""
SAFE_PAGE_EVENTS = {"material.plugins.search.plugin"}
"""Modules whose `on_page_context` / `on_post_page` keep no state for a search-excluded
page (Material's search plugin returns at once for it; the hook has neither event)."""

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


@dataclass
class _Rendered:
    """What `Page.render` set on one page, in a form that crosses processes."""

    markdown: str
    content: str
    toc: object
    title: str | None
    anchors: set[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None
    logs: list[LogRecord] = field(default_factory=list)


# State shared with forked workers (they inherit it; nothing but results is pickled).
_job: dict = {}


def _fork(processes: int, jobs: list[tuple]) -> tuple[ProcessPoolExecutor, list[Future]]:
    """A pool of `processes` forked workers running `jobs` ((function, *args) each). The
    heap is frozen for the fork (`gc.freeze`): the workers' garbage collector then leaves
    the inherited objects alone instead of touching — and so copying — every page of them."""
    was_frozen = gc.get_freeze_count() > 0  # the hook may have frozen the heap already
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


def _render(page: Page, config, files) -> _Rendered:
    page.read_source(config)
    Page.render(page, config, files)
    links = page.links_to_anchors
    return _Rendered(page.markdown, page.content, page.toc,
                     getattr(page, "_title_from_render", None),
                     page.present_anchor_ids,
                     None if links is None else {f.src_uri: dict(a) for f, a in links.items()})


def deal(pages: list, processes: int, slots: int = 60) -> list[list]:
    """Pages dealt in turn to the processes; the main process (share 0) takes about two in
    every `slots` more than an even split: a worker also pickles its results back."""
    per_worker = (slots - slots // processes - 2) // (processes - 1)
    owner = [0] * (slots - per_worker * (processes - 1))
    owner += [1 + n % (processes - 1) for n in range(per_worker * (processes - 1))]
    shares: list[list] = [[] for _ in range(processes)]
    for n, page in enumerate(pages):
        shares[owner[n % slots]].append(page)
    return shares


_FAILED = object()


def _each(pages: list[Page], action: Callable, capture: _Capture | None) -> dict:
    """`{src_uri: (action(page), its log records)}`; a page whose action fails is left
    out — the main process then does it itself and reports the error."""
    done = {}
    for page in pages:
        try:
            result = action(page)
        except Exception:  # noqa: BLE001
            result = _FAILED
        logs = capture.take() if capture else []
        if result is not _FAILED:
            done[page.file.src_uri] = (result, logs)
    return done


def _render_share(share: int) -> dict[str, _Rendered]:
    """Render every page of one share (in a worker, or in the main process for share 0)."""
    config, files = _job["config"], _job["files"]
    done = _each(_job["shares"][share], lambda page: _render(page, config, files),
                 _capture_logs() if share else None)
    for rendered, logs in done.values():
        rendered.logs = logs
    return {uri: rendered for uri, (rendered, _) in done.items()}


def _take(page: Page, rendered: _Rendered, files) -> Callable:
    """A `render` for one page that installs its pre-rendered result."""

    def render(config, files_now) -> None:
        del page.render  # back to the class's method
        if page.markdown != rendered.markdown:  # a plugin changed it: render it here
            Page.render(page, config, files_now)
            return
        _emit(rendered.logs)
        page.content, page.toc = rendered.content, rendered.toc
        page._title_from_render = rendered.title
        page.present_anchor_ids = rendered.anchors
        if rendered.links_to_anchors is not None:
            page.links_to_anchors = {files.get_file_from_path(uri): anchors
                                     for uri, anchors in rendered.links_to_anchors.items()}

    return render


def _renders_as_expected() -> bool:
    """`Page.render` sets what it set in the MkDocs this was written for; otherwise MkDocs
    renders every page itself."""
    return allowed("parallel-markdown") and all(
        hasattr(Page, name) for name in ("render", "read_source", "present_anchor_ids",
                                         "links_to_anchors"))


def render_markdown(pages: list[Page], config, files, workers: int) -> int:
    """Render `pages` in `workers` processes before MkDocs asks for them; how many were."""
    pages = [p for p in pages if type(p) is Page]
    if workers < 2 or len(pages) < PARALLEL_FROM or not _renders_as_expected():
        return 0
    _job.update(shares=deal(pages, workers), config=config, files=files)
    results: dict[str, _Rendered] = {}
    try:
        pool, futures = _fork(workers - 1, [(_render_share, n) for n in range(1, workers)])
        with pool:
            results.update(_render_share(0))
            for future in futures:
                results.update(future.result())
    except (BrokenProcessPool, OSError) as error:
        log.info("parallel rendering failed (%s); MkDocs renders the rest", error)
    finally:
        _job.clear()
    for page in pages:
        if page.file.src_uri in results:
            page.render = _take(page, results[page.file.src_uri], files)
    return len(results)


def _page_events_are_safe(config) -> bool:
    events = config.plugins.events
    return all(getattr(method, "__module__", None) in SAFE_PAGE_EVENTS
               for name in ("page_context", "post_page") for method in events[name])


def _build_share() -> dict[str, list[LogRecord]]:
    """In a worker: MkDocs' own `_build_page` for each page of its share (inherited through
    the fork, not pickled: a page must stay part of the navigation); the pages built and
    their logs."""
    config, nav, env, doc_files = (_job[k] for k in ("config", "nav", "env", "doc_files"))
    done = _each(_job["share"], lambda page: _ORIGINAL_BUILD_PAGE(page, config, doc_files,
                                                                  nav, env), _capture_logs())
    return {uri: logs for uri, (_, logs) in done.items()}


_ORIGINAL_BUILD_PAGE = getattr(mkdocs_build, "_build_page", None)
"""MkDocs' own page builder (an internal: without it, MkDocs builds every page itself)."""


class TemplatePass:
    """Builds a share of the search-excluded pages in a worker during MkDocs' page loop."""

    def __init__(self) -> None:
        self.pool: ProcessPoolExecutor | None = None
        self.future: Future | None = None
        self.assigned: dict[str, Page] = {}

    def start(self, pages: list[Page], config, files, nav, env, workers: int) -> int:
        """Fork a worker for every other eligible page; MkDocs' loop skips those."""
        eligible = [p for p in pages if type(p) is Page
                    and (p.meta.get("search") or {}).get("exclude")]
        if (workers < 2 or len(eligible) < PARALLEL_FROM or _ORIGINAL_BUILD_PAGE is None
                or not _page_events_are_safe(config) or not allowed("parallel-templates")):
            return 0
        share = eligible[1::2]
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        _job.update(config=config, nav=nav, env=env, doc_files=doc_files, share=share)
        try:
            self.pool, (self.future,) = _fork(1, [(_build_share,)])
        except OSError as error:
            log.info("parallel page building unavailable (%s)", error)
            self.close()
            return 0
        finally:
            _job.clear()
        self.assigned = {p.file.src_uri: p for p in share}
        mkdocs_build._build_page = self._build_page
        return len(share)

    def _build_page(self, page, *args, **kwargs) -> None:
        if page.file.src_uri not in self.assigned:
            _ORIGINAL_BUILD_PAGE(page, *args, **kwargs)

    def finish(self, config, files, nav, env) -> None:
        """Wait for the worker; build here whatever it did not, re-emit its log records."""
        if self.future is None:
            return
        try:
            built = self.future.result()
        except (BrokenProcessPool, OSError) as error:
            log.info("parallel page building failed (%s); building here", error)
            built = {}
        finally:
            self.close()
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        for uri, page in self.assigned.items():
            if uri in built:
                _emit(built[uri])
            else:
                _ORIGINAL_BUILD_PAGE(page, config, doc_files, nav, env)
        self.assigned = {}

    def close(self) -> None:
        mkdocs_build._build_page = _ORIGINAL_BUILD_PAGE
        if self.pool is not None:
            self.pool.shutdown()
        self.pool = self.future = None
