"""Incremental rendering: a generated page whose inputs did not change is not rendered again;
its HTML from the last build is reused.

A generated page's HTML is a function of
- its Markdown and its path (which gives its URL),
- the files its links looked up while it was converted (MkDocs rewrites a link to a file
  that exists, and leaves one to a file that does not),
- what every page shares: the configuration (theme, features, Markdown extensions, extra
  values such as the problems banner, the site URL, the navigation, the plugins' options),
  the theme's overrides, the versions of the renderer and its libraries, and this
  adapter's code — together the *context*.

The render cache (`<cache>/html/<context>/`) holds each generated page's HTML from the last
build with the digest of its Markdown, the paths its links found and missed, and the log
records its rendering produced. A page whose digest matches and whose links find and miss
the same files is neither converted nor templated: its HTML is linked into the site and its
log records are emitted again (a warning fails `--strict` as it did the first time). A page
in the navigation (the tabs) that can be reused is still *read* — its Markdown and front
matter, as every other page's tabs show its title and read its metadata — but not
converted, unless the title it shows unconverted differs from the one it had when
rendered (which only a title taken from its first heading can: one from `nav:` or from its
front matter is the same either way). What the navigation shows of those pages is part of
the context (`navigation_shown`).

A store writes a journal of the pages whose HTML it replaces before it writes the
manifest, and removes it after: a store that did not end leaves those pages rendered again,
not reused under their old entries. Two contexts are kept (a `make serve` session and `make
site` differ by the site URL), so switching between them does not render everything again.
Delete the folder at any time.

Relies on MkDocs' internal `_populate_page` and `_build_page` (MkDocs 1.6.1 / ProperDocs
1.6.7, see `internals`); with another version every page is rendered, as MkDocs does.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from mkdocs.commands import build as mkdocs_build
from mkdocs.utils.meta import get_data

from builder.cache import file_stamp
from builder.render.mkdocs.internals import allowed, engine, installed
from builder.write.output import link_or_copy

VERSIONS = ("mkdocs", "properdocs", "mkdocs-material", "markdown", "pymdown-extensions",
            "jinja2", "babel")
"""Distributions whose version changes every page's HTML."""
CONFIG_KEYS = ("site_name", "site_url", "site_description", "site_author", "copyright",
               "repo_url", "repo_name", "edit_uri", "use_directory_urls", "extra", "extra_css",
               "extra_javascript", "markdown_extensions", "mdx_configs", "nav", "docs_dir",
               "strict", "validation")
"""The configuration every page depends on (the theme is taken apart on its own)."""
KEEP_CONTEXTS = 2
MANIFEST = "manifest.json"
JOURNAL = "replacing.json"
"""Beside the manifest while a store replaces pages' HTML: the pages it replaces."""
LogRecord = tuple[str, int, str]

_ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def _stable(value: object) -> str | list[str]:
    """A JSON stand-in for an object of the configuration that is the same in every run."""
    if isinstance(value, (set, frozenset)):
        return sorted(map(str, value))
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', '')}"
    return _ADDRESS.sub("", repr(value))


def _folder_digest(folder: Path, digest, pattern: str = "*") -> None:
    for path in sorted(p for p in folder.rglob(pattern)
                       if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())


def _installed_package(folder: Path) -> bool:
    return any(part in ("site-packages", "dist-packages") for part in folder.parts)


def context_key(config, navigation: list | None = None) -> str:
    """The digest of what every generated page's HTML depends on besides its own Markdown
    (`navigation`: `navigation_shown`)."""
    digest = hashlib.sha256()
    shared = {
        "engine": engine(), "python": sys.version_info[:2],
        "versions": {name: installed(name) for name in VERSIONS},
        "config": {key: config.get(key) for key in CONFIG_KEYS},
        "theme": dict(config.theme),
        "plugins": {name: dict(plugin.config) for name, plugin in config.plugins.items()},
        "navigation": navigation,
    }
    digest.update(json.dumps(shared, sort_keys=True, default=_stable).encode())
    if config.config_file_path and Path(config.config_file_path).is_file():
        digest.update(Path(config.config_file_path).read_bytes())
    for folder in map(Path, config.theme.dirs):  # the project's overrides (installed
        if folder.is_dir() and not _installed_package(folder):  # themes: their version)
            _folder_digest(folder, digest)
    _folder_digest(Path(__file__).parent, digest, "*.py")  # this adapter's code
    return digest.hexdigest()[:20]


def _nav_entries(nav: object) -> Iterator[tuple[str | None, str]]:
    """(the title the configuration gives or None, the path) of each entry of `nav:`."""
    for item in nav if isinstance(nav, list) else ():
        if isinstance(item, str):
            yield None, item
        elif isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    yield title, value
                else:  # a section
                    yield from _nav_entries(value)


NAV_META = ("title", "icon", "subtitle", "status")
"""What the navigation and the tabs show of a page's front matter (Material's
`partials/nav-item.html` and `tabs-item.html`, and qikan's override of the latter)."""


def navigation_shown(config, pages: dict[str, str], digests: dict[str, str],
                     files) -> list | None:
    """What decides how the navigation shows its pages, besides the configuration (every
    page shows it in its tabs): for each page `nav:` names, the front matter the navigation
    shows (`NAV_META`) and — when neither `nav:` nor that front matter titles it — the
    digest of its whole text (the title then comes from its first heading, when rendered;
    a generated page's from `digests`). None without a `nav:` (every page is in the
    navigation)."""
    if not isinstance(config["nav"], list):
        return None
    shown = []
    for title, path in _nav_entries(config["nav"]):
        text = pages.get(path)
        if text is None:
            file = files.get_file_from_path(path)
            try:
                text = file.content_string if file is not None else None
            except (OSError, ValueError):  # MkDocs says so when it reads it
                text = None
        if text is None:
            continue
        meta = get_data(text)[1]
        shown.append((path, {key: meta[key] for key in NAV_META if key in meta},
                      None if title is not None or "title" in meta else
                      digests.get(path) or page_digest(path, text)))
    return shown


def page_digest(src_uri: str, markdown: str) -> str:
    return hashlib.sha256(f"{src_uri}\0{markdown}".encode()).hexdigest()[:32]


@dataclass
class Entry:
    """What the last build knew of one page."""

    digest: str
    found: list[str] = field(default_factory=list)
    """Paths its links looked up and found."""
    missing: list[str] = field(default_factory=list)
    """Paths its links looked up and did not find."""
    logs: list[LogRecord] | None = field(default_factory=list)
    """Its log records (`None`: rendered while warnings were silenced, `mkdocs -q`)."""
    title: str | None = None
    """Its title once rendered (kept for the pages in the navigation, which show it)."""

    def still_valid(self, digest: str, existing: set[str] | dict, logs_needed: bool) -> bool:
        return (digest == self.digest and (self.logs is not None or not logs_needed)
                and all(p in existing for p in self.found)
                and not any(p in existing for p in self.missing))


def _warnings_shown() -> bool:
    """False under `mkdocs -q` (the `mkdocs` logger lets only errors through)."""
    return logging.getLogger("mkdocs").getEffectiveLevel() <= logging.WARNING


class _Recorder(logging.Handler):
    """Log records of the `mkdocs` loggers, by the page being rendered when they came."""

    def __init__(self, config) -> None:
        super().__init__(logging.INFO)
        self.config = config
        self.records: dict[str, list[LogRecord]] = {}

    def emit(self, record: logging.LogRecord) -> None:
        page = getattr(self.config, "_current_page", None)
        if page is not None:
            self.records.setdefault(page.file.src_uri, []).append(
                (record.name, record.levelno, record.getMessage()))


class RenderCache:
    """The HTML of the last build's generated pages, for one context. The entries a process
    read or wrote last are kept in memory while the manifest is the file they were read from
    or written as (`mkdocs serve`'s rebuilds do not parse 4.5k entries again: ~0.1 s)."""

    _kept: dict[Path, tuple[tuple[int, int], dict[str, Entry]]] = {}

    def __init__(self, cache: Path, context: str) -> None:
        self.root = cache / "html"
        self.folder = self.root / context
        self.entries = self._read()
        self._drop_replaced()

    def _read(self) -> dict[str, Entry]:
        manifest = self.folder / MANIFEST
        try:
            stamp = file_stamp(manifest)
            kept = self._kept.get(manifest)
            if kept and kept[0] == stamp:
                return dict(kept[1])
            data = json.loads(manifest.read_text("utf-8"))
            entries = {uri: Entry(*value) for uri, value in data.items()}
        except (OSError, ValueError, TypeError):
            return {}
        self._kept.clear()  # one manifest: the process's project and context
        self._kept[manifest] = (stamp, dict(entries))
        return entries

    def _drop_replaced(self) -> None:
        """A store that did not end (killed, a full disk) may have replaced pages' HTML
        without writing their entries: the pages its journal names are not reused (all,
        when the journal cannot be read)."""
        try:
            replaced = json.loads((self.folder / JOURNAL).read_text("utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError):
            replaced = None
        for uri in replaced if isinstance(replaced, list) else list(self.entries):
            self.entries.pop(uri, None)

    def html(self, src_uri: str) -> Path:
        return self.folder / "pages" / f"{src_uri}.html"

    def reusable(self, digests: dict[str, str], existing: set[str] | dict,
                 logs_needed: bool = True) -> set[str]:
        """The pages (by source path, with the digests of their Markdown) whose HTML can be
        reused: same Markdown, links that find and miss the same files, their log records
        known when they are needed, and the cached HTML still there."""
        return {uri for uri, digest in digests.items()
                if (entry := self.entries.get(uri)) is not None
                and entry.still_valid(digest, existing, logs_needed)
                and self.html(uri).is_file()}

    def store(self, rendered: dict[str, tuple[Entry, Path]], kept: Iterable[str]) -> None:
        """Keep the HTML of the pages rendered now (entry and output file each) and the
        entries of `kept` (reused); forget every other page."""
        kept = set(kept)
        entries = {uri: self.entries[uri] for uri in kept if uri in self.entries}
        self.folder.mkdir(parents=True, exist_ok=True)
        journal = self.folder / JOURNAL  # the pages replaced before the manifest says so
        journal.write_text(json.dumps(sorted(rendered), ensure_ascii=False), "utf-8")
        for uri, (entry, output) in rendered.items():
            target = self.html(uri)
            target.parent.mkdir(parents=True, exist_ok=True)
            spare = target.with_name(target.name + ".new")
            spare.unlink(missing_ok=True)
            try:
                link_or_copy(output, spare)
            except OSError:
                continue  # not written (an empty page): rendered again next time
            os.replace(spare, target)
            entries[uri] = entry
        for uri in set(self.entries) - set(entries):
            self.html(uri).unlink(missing_ok=True)
        self.entries = entries
        manifest = self.folder / MANIFEST
        spare = manifest.with_name(MANIFEST + ".new")
        spare.write_text(json.dumps({uri: [e.digest, e.found, e.missing, e.logs, e.title]
                                     for uri, e in sorted(entries.items())},
                                    ensure_ascii=False), "utf-8")
        os.replace(spare, manifest)
        journal.unlink()
        self._kept.clear()
        self._kept[manifest] = (file_stamp(manifest), dict(entries))
        self._forget_old_contexts()

    def _forget_old_contexts(self) -> None:
        others = sorted((p for p in self.root.iterdir() if p.is_dir() and p != self.folder),
                        key=lambda p: (p / MANIFEST).stat().st_mtime
                        if (p / MANIFEST).exists() else 0, reverse=True)
        for old in others[KEEP_CONTEXTS - 1:]:
            shutil.rmtree(old, ignore_errors=True)


def place(source: Path, target: Path) -> None:
    """The cached HTML `source` as the site's file `target` (a hard link where possible)."""
    try:
        if os.path.samefile(source, target):
            return
        target.unlink()
    except FileNotFoundError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    link_or_copy(source, target)


class IncrementalPass:
    """One build's use of the render cache: decides which generated pages are reused,
    renders the others while recording their lookups and logs, and keeps the result."""

    def __init__(self) -> None:
        self.cache: RenderCache | None = None
        self.digests: dict[str, str] = {}
        self.reused: set[str] = set()
        self.lookups: dict[str, tuple[set[str], set[str]]] = {}
        self.recorder: _Recorder | None = None
        self.recording = True
        self.deferred: set[str] = set()
        """Pages not converted in MkDocs' reading loop: a worker converts and builds them
        (parallel_render), or the main process just before it builds them."""
        self.navigation: list | None = None
        """What decides how the navigation shows its pages (`navigation_shown`), in the
        context."""
        self.titled: set[str] = set()
        """The pages in the navigation: their rendered titles are kept (`in_navigation`)."""
        self.read: set[str] = set()
        """Reused pages in the navigation, read but not converted (`_read`)."""
        self._populate = self._build = None
        self._known: dict[str, tuple[str, str]] = {}
        """The last build's pages: their Markdown (the very string) and its digest."""
        self._pending: Callable[[], None] | None = None
        """The render cache's store of the last build, when left for later."""

    @staticmethod
    def available() -> bool:
        return (getattr(mkdocs_build, "_populate_page", None) is not None
                and getattr(mkdocs_build, "_build_page", None) is not None
                and allowed("incremental"))

    def start(self, cache_folder: Path, config, pages: dict[str, str], files) -> None:
        """Before MkDocs reads the pages (end of `on_files`): the pages to reuse."""
        self.close()
        self.store_pending()
        if not self.available():
            return
        self.digests = self._digests(pages)
        self.navigation = navigation_shown(config, pages, self.digests, files)
        self.cache = RenderCache(cache_folder, context_key(config, self.navigation))
        existing = {f.src_uri for f in files}
        self.recording = _warnings_shown()
        self.reused = self.cache.reusable(self.digests, existing, self.recording)
        self.lookups = {}
        self.recorder = _Recorder(config)
        logging.getLogger("mkdocs").addHandler(self.recorder)
        self._populate, self._build = mkdocs_build._populate_page, mkdocs_build._build_page
        mkdocs_build._populate_page = self._populate_page

    def _digests(self, pages: dict[str, str]) -> dict[str, str]:
        """Each page's digest; a page whose Markdown is the very string of the last build
        (the builder reused its group: the rebuilds of `mkdocs serve`) is not hashed again
        (4.5k pages at 120 issues: ~0.06 s)."""
        known, digests = self._known, {}
        for uri, text in pages.items():
            last = known.get(uri)
            digests[uri] = last[1] if last is not None and last[0] is text else \
                page_digest(uri, text)
        self._known = {uri: (text, digests[uri]) for uri, text in pages.items()}
        return digests

    def in_navigation(self, src_uris: Iterable[str]) -> None:
        """The pages in the navigation: read even when reused (`_read`), their rendered
        titles kept. Without a `nav:` (every page in it, titles not in the context) they
        are all rendered."""
        self.titled = set(src_uris)
        if self.navigation is None:
            self.reused -= self.titled
        self.read = self.titled & self.reused

    def defer(self, src_uris: Iterable[str]) -> None:
        """Leave the conversion of these pages (generated, not reused, outside the
        navigation) to whoever builds them: `populate` before building."""
        self.deferred = set(src_uris) & set(self.digests) - self.reused

    def _populate_page(self, page, config, files, dirty: bool = False) -> None:
        uri = page.file.src_uri
        if uri in self.read and self._read(page, config, files):
            return
        if uri in self.reused or uri in self.deferred:
            return
        self.populate(page, config, files, dirty)

    def _read(self, page, config, files) -> bool:
        """A reused page in the navigation: its Markdown and metadata as MkDocs reads them
        (the `page_markdown` event included), not converted. False — and no longer reused
        — when the title it shows so differs from its rendered one."""
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page,
                                                         config=config, files=files)
        if page.title == self.cache.entries[page.file.src_uri].title:
            return True
        self.reused.discard(page.file.src_uri)
        return False

    def populate(self, page, config, files, dirty: bool = False) -> None:
        """MkDocs' conversion of `page`, recording what its links looked up (a generated
        page's)."""
        uri = page.file.src_uri
        if uri not in self.digests:
            return self._populate(page, config, files, dirty)
        found, missing = set(), set()
        lookup = files.get_file_from_path

        def look_up(path: str):
            target = lookup(path)
            (found if target is not None else missing).add(Path(path).as_posix())
            return target

        files.get_file_from_path = look_up
        try:
            self._populate(page, config, files, False)  # MkDocs' dirty check: ours decides
        finally:
            del files.get_file_from_path
        self.lookups[uri] = (found, missing)

    def converted(self, src_uri: str, lookups: tuple[set[str], set[str]]) -> None:
        """A deferred page was converted elsewhere (a worker): what its links looked up."""
        self.lookups[src_uri] = lookups

    def place_reused(self, files) -> None:
        """At `on_env` (before MkDocs or a worker writes a page): reused pages into the
        site, and the pages about to be rendered unlinked from the cache's copy first
        (MkDocs writes a file in place: into the cache's copy, were it still linked — and a
        worker started before this would have its page unlinked after writing it). Then
        `skip_reused` once the workers are started."""
        if self.cache is None:
            return
        for file in files.documentation_pages():
            uri = file.src_uri
            if uri in self.reused:
                place(self.cache.html(uri), Path(file.abs_dest_path))
            elif uri in self.digests:
                target = Path(file.abs_dest_path)
                if target.is_file() and target.stat().st_nlink > 1:
                    target.unlink()

    def skip_reused(self) -> None:
        """MkDocs' page loop passes over the reused pages (wrapping whatever builds pages
        now: the template pass's dealing, if it started)."""
        if self.cache is not None:
            mkdocs_build._build_page = self._build_page_or_reuse(mkdocs_build._build_page)

    def _build_page_or_reuse(self, build_page):
        def build(page, *args, **kwargs) -> None:
            if page.file.src_uri not in self.reused:
                build_page(page, *args, **kwargs)
        return build

    def finish(self, files, store_later: bool = False) -> dict[str, int]:
        """After the pages are written (`on_post_build`): re-emit the reused pages' logs,
        keep what was rendered — now, or with `store_later` at `store_pending` (the build
        process of `mkdocs serve` stores while the server waits: ~0.1 s a rebuild; the next
        build stores first if it has not). Counts of rendered and reused pages."""
        if self.cache is None:
            return {}
        logging.getLogger("mkdocs").removeHandler(self.recorder)
        for uri in sorted(self.reused):
            for name, level, message in self.cache.entries[uri].logs or ():
                logging.getLogger(name).log(level, message)
        rendered = {}
        for file in files.documentation_pages():
            uri = file.src_uri
            if uri in self.digests and uri not in self.reused and uri in self.lookups:
                found, missing = self.lookups[uri]
                logs = self.recorder.records.get(uri, []) if self.recording else None
                title = file.page.title if file.page is not None and uri in self.titled else None
                rendered[uri] = (Entry(self.digests[uri], sorted(found), sorted(missing), logs,
                                       title), Path(file.abs_dest_path))
        self._pending = partial(self.cache.store, rendered, set(self.reused))
        if not store_later:
            self.store_pending()
        counts = {"rendered": len(rendered), "reused": len(self.reused)}
        self.close()
        return counts

    def store_pending(self) -> None:
        """Keep what the last build rendered, if `finish` left that for later."""
        pending, self._pending = self._pending, None
        if pending is not None:
            pending()

    def close(self) -> None:
        """Undo the patches (after a build, or one that failed): nothing of this build is
        stored (a store the last build left for later still is, by `store_pending`)."""
        if self._populate is not None:
            mkdocs_build._populate_page = self._populate
            mkdocs_build._build_page = self._build
        if self.recorder is not None:
            logging.getLogger("mkdocs").removeHandler(self.recorder)
        self._populate = self._build = None
        self.cache, self.recorder = None, None
        self.reused, self.digests, self.lookups, self.deferred = set(), {}, {}, set()
        self.titled, self.read = set(), set()
