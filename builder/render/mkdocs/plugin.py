"""The qikan MkDocs plugin (`plugins: - qikan` in mkdocs.yml): runs the pipeline and hands
its pages to MkDocs as virtual files.

Nothing is written into `docs_dir` (or any watched folder), so `mkdocs serve` never sees
its own output and never rebuilds in a loop; `watch:` in mkdocs.yml covers the raw
issues and curated data, so saving one rebuilds the site and reloads the open page.
In every build (`mkdocs build` and `serve` alike) a generated page whose inputs did not
change since the last build is not rendered again: its HTML is reused (incremental.py),
and the site folder is built over, not emptied first (in_place.py).
The search index
(builder/search/index.py) is built in its own process while MkDocs renders; Material's
search box is answered by qikan's search script (overrides/partials/search.html,
overrides/assets/javascripts/qikan-search.js), online and offline alike. A file that
cannot be parsed is logged as a warning naming it: the site still builds from the other
issues, and `--strict` fails.
Works the same under ProperDocs (the maintained MkDocs 1.6 fork).
"""

from __future__ import annotations

import gc
import html
import os
import time
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files

from builder.errors import QikanError
from builder.parse.issue import prepare as prepare_parsing
from builder.pipeline import build
from builder.render import ESCAPED_META
from builder.render.mkdocs import md_inline
from builder.render.mkdocs.in_place import InPlace
from builder.render.mkdocs.incremental import IncrementalPass
from builder.render.mkdocs.internals import allowed
from builder.render.mkdocs.parallel_render import PARALLEL_FROM, TemplatePass, can_defer
from builder.render.mkdocs.serve_process import BuildProcess, interrupts_held
from builder.render.mkdocs.watch import watch_sooner
from builder.search.index import FOLDER, BackgroundIndex, CachedIndex, fingerprint
from builder.search.index import start_index as start_search_index
from builder.settings import Masthead, Settings
from builder.workers import can_fork, processes, wanted

log = get_plugin_logger("qikan")


class Workers(c.OptionallyRequired[str]):
    """`auto` (one process per core, at most 4) or a number of processes."""

    def run_validation(self, value: object) -> str:
        try:
            wanted(value)
        except ValueError as error:
            raise c.ValidationError(str(error).removeprefix("workers: ")) from None
        return str(value)


class QikanConfig(base.Config):
    """The plugin's options in mkdocs.yml (paths relative to mkdocs.yml)."""

    content = c.Dir(exists=True, default="content/issues")
    """The folder of raw issues and their sidecars."""
    site_data = c.Dir(exists=True, default="site_data")
    """The folder of curated data."""
    cache = c.Type(str, default=".cache/qikan")
    """Parsed issues, segmentation, the last output and the search index."""
    workers = Workers(default="auto")
    """Processes for parsing and rendering."""


class QikanPlugin(BasePlugin[QikanConfig]):
    """Runs the builder inside MkDocs; all state of a build lives on the instance (MkDocs
    keeps one instance across the rebuilds of `mkdocs serve`)."""

    def __init__(self) -> None:
        self.dirty_serve = False
        self.serving = self.rebuilding = False
        """Under `mkdocs serve`; and a rebuild of it (its output kept in memory only)."""
        self.site_dir = Path("site")
        self.settings: Settings | None = None
        self.index: BackgroundIndex | CachedIndex | None = None
        self.indexed: str | None = None
        """Fingerprint of the search records last indexed (a dirty serve keeps that index)."""
        self.generated: set[str] = set()
        """Source paths of the pages the builder generated in the build under way."""
        self.render: dict = {}
        """The build's navigation, template environment and files, for the template pass."""
        self.template_pass = TemplatePass()
        self.incremental = IncrementalPass()
        self.in_place = InPlace()
        self.build_process: BuildProcess | None = None
        """Under `mkdocs serve`, the process that runs the rebuilds (serve_process.py)."""
        self.build_process_here = False
        """This is that process: what a rebuild can leave for later waits for `idle`."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.dirty_serve = command == "serve" and dirty
        self.serving = command == "serve"

    def on_serve(self, server, config, builder):
        """The folders of `watch:` polled as often as is cheap (watch.py); the rebuilds run
        in a build process forked now, while the server runs no thread yet, so that they
        can fork render workers (serve_process.py)."""
        if config is not None:
            watch_sooner(server, config["watch"])
        if (wanted(self.config.workers) > 1 and can_fork()
                and callable(getattr(server, "builder", None)) and allowed("serve-process")):
            try:
                self.build_process = BuildProcess(server.builder, idle=self.between_builds)
            except OSError as error:  # no process to be had: the server rebuilds itself
                log.info("rebuilding in the server's process (no build process: %s)", error)
                return server
            server.builder = self.build_process.build
        return server

    def between_builds(self) -> None:
        """In the build process, while the server waits for a save: the last rebuild's
        pages kept in the render cache (incremental.py), the site folder noted for the next
        rebuild (in_place.py), what the parser loads first loaded."""
        self.build_process_here = True
        with interrupts_held():  # Ctrl-C: not between the cache's pages and its manifest
            try:
                self.incremental.store_pending()
            except OSError as error:  # its pages are rendered again next time
                log.warning("the render cache could not keep the last rebuild: %s", error)
        self.in_place.note(self.site_dir)
        prepare_parsing()

    def on_shutdown(self) -> None:
        if self.build_process is not None:
            self.build_process.close()
            self.build_process = None

    def on_config(self, config):
        md_inline.add_to(config)  # Markdown: skip what a page cannot match (same HTML)
        self.settings = Settings(
            content=Path(self.config.content), site_data=Path(self.config.site_data),
            cache=Path(config.config_file_path).resolve().parent / self.config.cache,
            masthead=Masthead(config.site_name, config.site_description or ""),
            site_url=config.site_url or None, directory_urls=config.use_directory_urls,
            workers=self.config.workers)
        return config

    def on_pre_build(self, config) -> None:
        """The last site is built over, not emptied first (in_place.py)."""
        self.in_place.keep(Path(config.site_dir))

    def on_files(self, files: Files, config) -> Files:
        self.in_place.restore()
        self.site_dir = Path(config.site_dir)
        try:
            site = build(self.settings, self.start_index, keep_on_disk=not self.rebuilding)
            self.rebuilding = self.serving
        except QikanError as error:
            raise PluginError(f"qikan: {error}") from None
        for error in site.errors:
            log.warning("%s", error)
        # The banner on every page (overrides/main.html) while the build has problems.
        config.extra["qikan_problems"] = len(site.errors)
        self.generated = set(site.pages)
        for path, text in site.pages.items():
            files.append(File.generated(config, path, content=text))
        for path, feed in site.feeds.items():
            files.append(File.generated(config, path, content=feed))
        for path, content in site.assets.items():  # figures, the original PDFs
            files.append(File.generated(config, path, content=content) if isinstance(
                content, bytes) else File.generated(config, path, abs_src_path=str(content)))
        log.info("%s; builder %.2f s", site.summary, site.timings.get("total", 0))
        self.incremental.start(self.settings.cache, config, dict(site.pages), files)
        return files

    def start_index(self, records) -> None:
        """Index the articles in a process of its own, in parallel with the rest of the
        build (an empty archive gets an empty index); a dirty serve keeps the index
        already in the site."""
        key = fingerprint(records)
        if self.dirty_serve and key == self.indexed:
            return
        if self.index is not None:
            self.index.cancel()
        self.index = start_search_index(records, self.site_dir, self.settings.cache, key)
        self.indexed = key

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        for key in ESCAPED_META:
            if isinstance(page.meta.get(key), str):
                page.meta[key] = html.escape(page.meta[key])
        page.meta["search"] = {"exclude": True}  # Material's index: qikan's indexes articles
        return markdown

    def generated_pages(self, files: Files) -> list:
        """The generated pages MkDocs renders in this build (not those reused)."""
        return [f.page for f in files.documentation_pages()
                if f.src_uri in self.generated and f.page
                and f.src_uri not in self.incremental.reused]

    def on_nav(self, nav, config, files):
        """The pages in the navigation are read even when reused (incremental.py); the
        conversion of the other generated pages is left to the processes that build them
        (parallel_render)."""
        gc.freeze()  # the pages and MkDocs' structures live to the end: spare them GC scans
        self.render.update(nav=nav, files=files)
        in_nav = {page.file.src_uri for page in nav.pages}
        self.incremental.in_navigation(in_nav)
        pending = self.generated - in_nav - self.incremental.reused
        if can_defer(config, processes(self.config.workers, len(pending), PARALLEL_FROM)):
            self.incremental.defer(pending)
        return nav

    def on_env(self, env, config, files):
        """Build shares of the generated pages' templates in workers during MkDocs' loop
        (see parallel_render). The theme's templates are compiled once, not once per build
        (Jinja's bytecode cache, in the cache folder; ~0.5 s a build)."""
        folder = self.settings.cache / "jinja"
        folder.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(folder))
        self.render.update(env=env, files=files)
        pages = self.generated_pages(files)
        count = processes(self.config.workers, len(pages), PARALLEL_FROM)
        self.incremental.place_reused(files)  # before any worker writes
        taken = self.template_pass.start(
            pages, config, files, self.render.get("nav"), env, count,
            self.incremental.deferred, self.incremental.populate, self.incremental.lookups)
        self.incremental.skip_reused()
        log.info("%d pages rendered in %d %s, %d unchanged reused", len(pages),
                 count if taken else 1, "processes" if taken else "process",
                 len(self.incremental.reused))
        return env

    def on_build_error(self, error) -> None:
        gc.unfreeze()
        self.in_place.restore()
        self.template_pass.close()
        self.incremental.close()
        self.render.clear()
        if self.index is not None:
            self.index.cancel()
            self.index, self.indexed = None, None  # nothing indexed: the next build indexes

    def on_post_build(self, config) -> None:
        gc.unfreeze()
        files = self.render.get("files")
        if self.render:
            self.template_pass.finish(config, files, self.render["nav"], self.render["env"],
                                      self.incremental.converted)
            self.incremental.finish(files, store_later=self.build_process_here)
            self.render.clear()
        if self.index is not None:
            self.finish_index(Path(config.site_dir))
        if files is not None:
            try:
                removed = self.in_place.sweep({os.path.normpath(f.abs_dest_path) for f in files
                                               if f.inclusion.is_included()}, owned=(FOLDER,))
            except OSError as error:  # the site may hold a page no longer built: say so
                log.warning("could not remove what the last site held and this build does "
                            "not: %s", error)
            else:
                if removed:
                    log.info("%d files of the last site removed (no longer built)", removed)

    def finish_index(self, site_dir: Path) -> None:
        start, reused = time.perf_counter(), isinstance(self.index, CachedIndex)
        try:
            self.index.finish(site_dir)
        except (OSError, RuntimeError) as error:
            self.indexed = None  # the next build indexes again
            raise PluginError(f"qikan: {error}") from None
        finally:
            self.index = None
        log.info("search index %s", "reused (no article changed)" if reused else
                 f"waited for {time.perf_counter() - start:.2f} s after rendering")
