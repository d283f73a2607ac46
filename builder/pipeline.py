"""The build: read and parse every issue, enrich, write every page, the feed and the
search input — the one function every front end calls (the command line, the MkDocs
plugin, the Zensical adapter, the benchmarks). It knows no renderer.

    site = build(Settings(content=Path("content/issues"), cache=Path(".cache/qikan")))
    site.files()   # {"index.md": "---\\n…", …, "feed.xml": "<?xml …"}

Caches (all in `settings.cache`, safe to delete): parsed issues by the bytes of their
export and sidecar, segmentation per text, enrichment while no article changed, and the
whole result while no input changed at all.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from builder.cache import IssueCache, OutputCache, inputs_fingerprint, settings_fingerprint
from builder.editorial.published import load_published
from builder.enrich.enrichment import cached_enrich, token_cache
from builder.errors import QikanError
from builder.model import Archive, Enrichment, placements
from builder.parse.archive import ParsedArchive, parse_archive
from builder.search.index import SearchDoc
from builder.search.records import search_records
from builder.settings import Settings
from builder.write.depends import Group, PageMemo, inputs
from builder.write.feed import atom_feed
from builder.write.pages import (
    EDITORS_PAGE,
    assets,
    editors_page,
    feed_path,
    section_path,
    topic_path,
    write_pages,
)
from builder.write.urls import page_url

FEED = "feed.xml"


@dataclass(frozen=True)
class Site:
    """Everything the builder produces for a renderer: the pages and the feed (plain text,
    by path), the search records and what to tell the user."""

    pages: Mapping[str, str]
    """Markdown with front matter, by path (`issues/2021-11/gao-tong.md`)."""
    feeds: Mapping[str, str]
    """Atom feeds by path: the site's (`feed.xml`), one per column and per topic."""
    assets: Mapping[str, bytes | Path] = field(default_factory=dict)
    """Files the pages link to, by path: figures (PNG bytes) and the issues' original PDFs
    (the source files)."""
    search_records: tuple[SearchDoc, ...] = ()
    """The articles as the search index holds them."""
    errors: tuple[QikanError, ...] = ()
    """One error per input that could not be used (the rest was built)."""
    summary: str = ""
    """One line on what was built and what came from the caches."""
    processes: int = 1
    """Processes that parsed the issues."""
    timings: Mapping[str, float] = field(default_factory=dict)
    """Seconds per stage (parse, segment, enrich, write)."""

    @property
    def feed(self) -> str:
        """The site's feed of the newest articles."""
        return self.feeds[FEED]

    def files(self) -> dict[str, str | bytes | Path]:
        """Every file the builder writes, by path: the pages, the feeds and the assets."""
        return {**self.pages, **self.feeds, **self.assets}


SearchListener = Callable[[tuple[SearchDoc, ...]], None]
"""Called with the search records as soon as they exist (before enrichment), so that a
search index can be built while the rest of the site is."""


def build(settings: Settings, on_search_records: SearchListener | None = None,
          keep_on_disk: bool = True) -> Site:
    """The whole site from `settings`; the last result when no input changed, and the last
    result's pages whose inputs did not change when some did (write/depends.py).
    `keep_on_disk=False`: the result is kept for the next build of this process only (the
    rebuilds of `mkdocs serve`: writing 66 MB at 120 issues costs 0.4 s)."""
    start = time.perf_counter()
    output = OutputCache(settings.cache)
    context = settings_fingerprint(*settings.fingerprint())
    inputs = inputs_fingerprint(settings.content, settings.site_data, context)
    last = output.last()
    if last and isinstance(last[1], Built):
        if last[0] == inputs:
            site = last[1].site
            if on_search_records:
                on_search_records(site.search_records)
            return replace(site, summary="no input changed: pages reused", processes=1,
                           timings={"total": time.perf_counter() - start})
        previous = last[1].groups if last[1].context == context else {}
    else:
        previous = {}
    site, memo = _generate(settings, on_search_records, previous)
    output.put(inputs, Built(site, context, memo.groups), disk=keep_on_disk)
    return replace(site, timings={**site.timings, "total": time.perf_counter() - start})


@dataclass(frozen=True)
class Built:
    """A build as the next one finds it: the site, and its pages by group with their
    inputs (write/depends.py), valid for the same builder code and settings (`context`)."""

    site: Site
    context: str
    groups: Mapping[str, Group]


def _generate(settings: Settings, on_search_records: SearchListener | None,
              previous: Mapping[str, Group]) -> tuple[Site, PageMemo]:
    clock = _Clock()
    issue_cache = IssueCache(settings.cache)
    parsed = parse_archive(settings.content, settings.site_data, issue_cache, settings.workers)
    clock.lap("parse")
    frozen = gc.get_freeze_count() > 0  # a caller froze the heap already: leave it so
    gc.freeze()  # the parsed archive outlives enrichment's garbage: spare it GC scans
    try:
        archive, enrichment, records = _enrich(settings, parsed.archive, on_search_records,
                                               clock)
    finally:
        if not frozen:
            gc.unfreeze()
    published, problems = _published(archive)
    memo = PageMemo(previous, parsed.versions)
    pages = write_pages(archive, settings.masthead, enrichment, published,
                        settings.directory_urls, memo)
    project = Path(os.path.commonpath([settings.content.resolve(), settings.site_data.resolve()]))
    pages[EDITORS_PAGE] = editors_page(archive.errors + problems, project)
    feeds = write_feeds(archive, enrichment, settings, published, memo)
    clock.lap("write")
    return Site(pages, feeds, assets(archive), records, archive.errors + problems,
                _summary(parsed, enrichment, memo), parsed.processes, clock.laps), memo


def write_feeds(archive: Archive, enrichment: Enrichment, settings: Settings,
                published: dict[str, dict[str, str]], memo: PageMemo | None = None
                ) -> dict[str, str]:
    """The site's feed, and one per column and per topic next to its page (with a `memo`,
    a feed whose inputs did not change is the last build's)."""
    memo = memo if memo is not None else PageMemo()

    def feed(path: str, shown: Iterable[str], **options) -> dict[str, str]:
        ids = dict.fromkeys(shown)
        recorded = tuple(published.get(i) for i in ids)
        return memo.page(f"feed:{path}", path, inputs(
            settings.masthead, settings.site_url, settings.directory_urls,
            options.get("title", ""), memo.issues(ids), recorded,
            tuple(p.key for p in options.get("entries", ()))), lambda: atom_feed(
                archive, settings.masthead, settings.site_url,
                lambda page: page_url(page, settings.directory_urls),
                published=published, path=path, **options))

    feeds = feed(FEED, (i.id for i in archive.issues))
    placed = placements(archive)
    for column in archive.columns.columns:
        page = section_path(column.slug)
        entries = [p for p in placed.values() if p.section.slug == column.slug]
        feeds |= feed(feed_path(page), (p.issue.id for p in entries), page=page,
                      title=column.name, entries=entries)
    for timeline in enrichment.topics:
        page = topic_path(timeline.topic.slug)
        entries = [p for key, p in placed.items() if key in timeline.mentions]
        feeds |= feed(feed_path(page), (p.issue.id for p in entries), page=page,
                      title=timeline.topic.name, entries=entries)
    return feeds


def _published(archive: Archive) -> tuple[dict[str, dict[str, str]], tuple[QikanError, ...]]:
    """Each issue's recorded URLs (editorial/published.py); a record that cannot be read
    is an error to report, and its issue is built without redirects."""
    published, problems = {}, []
    for issue in archive.issues:
        try:
            published[issue.id] = load_published(issue.source)
        except QikanError as error:
            problems.append(error)
    return published, tuple(problems)


def _enrich(settings: Settings, archive: Archive, on_search_records: SearchListener | None,
            clock: _Clock) -> tuple[Archive, Enrichment, tuple[SearchDoc, ...]]:
    """Segment every article (and hand the search records on), then tags, topics and
    related articles; the segmentation is kept for the next build."""
    cache = settings.cache
    tokens = token_cache(settings.site_data, cache / "tokens.pickle" if cache else None)
    records = search_records(archive, settings.directory_urls)
    if on_search_records:
        on_search_records(records)
    enrichment = cached_enrich(archive, settings.site_data, cache, tokens)
    tokens.save()  # what a reused enrichment did not save (subtitles, new texts)
    clock.lap("enrich")
    return archive, enrichment, records


def _summary(parsed: ParsedArchive, enrichment: Enrichment, memo: PageMemo) -> str:
    archive = parsed.archive
    if enrichment.cache.get("reused"):
        words = "enrichment reused (no article changed)"
    else:
        words = (f"segmentation {enrichment.cache.get('misses', 0)} new, "
                 f"{enrichment.cache.get('hits', 0)} cached")
    how = (f" in {parsed.processes} {'process' if parsed.processes == 1 else 'processes'}"
           if parsed.parsed else "")
    return (f"{len(archive.issues)} issues ({parsed.parsed} parsed{how}, {parsed.cached} from "
            f"cache), {archive.article_count} articles, {len(enrichment.tag_index)} tags; "
            f"{words}; pages: {len(memo.made)} groups made, {memo.reused} reused")


class _Clock:
    """Seconds per stage."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps[stage] = round(now - self._last, 3)
        self._last = now
