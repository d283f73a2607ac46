"""MkDocs hook: run the qikan builder and hand its pages to MkDocs as virtual files.

Nothing is written into `docs_dir` (or any watched folder), so `mkdocs serve` never
sees its own output and never rebuilds in a loop; `watch:` in mkdocs.yml covers the
raw issues and curated data, so saving one rebuilds the site and reloads the open
page. Under `mkdocs serve --dirty` the pages are files in `.cache/qikan/pages/`,
rewritten only when their bytes change, so that MkDocs renders only changed pages.
Online builds get Pagefind search (built while MkDocs renders); see pagefind_search.
A file that cannot be parsed is logged as a warning naming it: the site still
builds from the other issues, and `mkdocs build --strict` fails.
"""

from __future__ import annotations

import gc
import html
import logging
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
if str(ROOT) not in sys.path:  # MkDocs loads hooks by path, not as part of a package
    sys.path.insert(0, str(ROOT))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402

from builder.cache import IssueCache, OutputCache, inputs_fingerprint  # noqa: E402
from builder.enrich.enrichment import body_text, cached_enrich, token_cache  # noqa: E402
from builder.enrich.segment import mark_words  # noqa: E402
from builder.errors import QikanError  # noqa: E402
from builder.model import placements  # noqa: E402
from builder.parse.archive import load_archive  # noqa: E402
from builder.render.mkdocs.material_search import patch_search_worker  # noqa: E402
from builder.render.mkdocs.md_inline import add_to  # noqa: E402
from builder.render.mkdocs.parallel_render import TemplatePass, render_markdown, worker_count  # noqa: E402
from builder.search.pagefind import (  # noqa: E402
    BackgroundIndex,
    CachedIndex,
    cached_bundle,
    fingerprint,
    install_worker,
)
from builder.write.feed import atom_feed  # noqa: E402
from builder.write.output import write_tree  # noqa: E402
from builder.write.pages import Site, placed_path, write_pages  # noqa: E402

log = logging.getLogger("mkdocs.plugins.qikan")
_search_index: BackgroundIndex | CachedIndex | None = None
"""The Pagefind index of the build under way (MkDocs hooks are module functions)."""
_dirty_serve = False
"""`mkdocs serve --dirty`: pages are written to files so that only changed ones render."""
_indexed: str | None = None
"""Fingerprint of the search records last indexed (a dirty serve keeps that index)."""
_generated: set[str] = set()
"""Source paths of the pages the builder generated in the build under way."""
_render: dict = {}
"""The build's navigation, template environment and files, for the template pass."""
_template_pass = TemplatePass()


def on_startup(*, command: str, dirty: bool) -> None:
    global _dirty_serve
    _dirty_serve = command == "serve" and dirty


def _use_our_segmenter() -> None:
    """Material's search index segments only runs of Chinese characters; use ours instead,
    so that dictionary terms mixing Latin and Chinese (5G消息) are single search tokens."""
    try:
        from material.plugins.search.plugin import SearchIndex
    except ImportError:
        return
    if hasattr(SearchIndex, "_segment_chinese"):
        SearchIndex._segment_chinese = lambda self, data: mark_words(data)
    else:
        log.warning("qikan: Material's search plugin changed; using its own segmentation")


def search_engine(config) -> str:
    """`pagefind` (chunked index) or `material` (one index; always for offline builds)."""
    offline = config.plugins.get("material/offline") or config.plugins.get("offline")
    if offline is not None and offline.config.enabled:
        return "material"
    return (config.extra.get("qikan") or {}).get("search", "pagefind")


def on_config(config):
    _use_our_segmenter()
    add_to(config)  # Markdown: skip inline patterns a page cannot match (same HTML)
    return config


ESCAPED_META = ("title", "subtitle", "issue_title", "column")
"""Front-matter values that templates print: Material prints `page.meta.title` unescaped
(in <title> and the header), so every such value is HTML-escaped once, here."""


def on_page_markdown(markdown: str, page, config, files) -> str:
    for key in ESCAPED_META:
        if isinstance(page.meta.get(key), str):
            page.meta[key] = html.escape(page.meta[key])
    if search_engine(config) == "pagefind":
        page.meta["search"] = {"exclude": True}  # Pagefind indexes the pages instead
    return markdown


def _workers(config) -> int:
    return worker_count((config.extra.get("qikan") or {}).get("workers"))


def _generated_pages(files: Files) -> list:
    return [f.page for f in files.documentation_pages() if f.src_uri in _generated and f.page]


def on_nav(nav, config, files):
    """Render the generated pages' Markdown on every core (see parallel_render)."""
    start = time.perf_counter()
    gc.freeze()  # the pages and MkDocs' structures live to the end: spare them GC scans
    count = render_markdown(_generated_pages(files), config, files, _workers(config))
    if count:
        log.info("qikan: %d pages rendered in %d processes in %.2f s", count,
                 _workers(config), time.perf_counter() - start)
    _render.update(nav=nav, files=files)
    return nav


def on_env(env, config, files):
    """Build a share of the generated pages' templates in a worker during MkDocs' loop."""
    _render.update(env=env, files=files)
    _template_pass.start(_generated_pages(files), config, files, _render.get("nav"), env,
                         _workers(config))
    return env


def on_build_error(error) -> None:
    global _search_index
    gc.unfreeze()
    _template_pass.close()
    _render.clear()
    if _search_index is not None:
        _search_index.cancel()
        _search_index = None


def on_post_build(config) -> None:
    global _search_index
    gc.unfreeze()
    if _render:
        _template_pass.finish(config, _render["files"], _render["nav"], _render["env"])
        _render.clear()
    site_dir = Path(config.site_dir)
    if search_engine(config) != "pagefind":
        patch_search_worker(site_dir)
        return
    if _search_index is not None:
        start, reused = time.perf_counter(), isinstance(_search_index, CachedIndex)
        try:
            _search_index.finish(site_dir)
        except (OSError, RuntimeError) as error:
            raise PluginError(f"qikan: {error}") from None
        finally:
            _search_index = None
        log.info("qikan: Pagefind index %s", "reused (no article changed)" if reused else
                 f"waited for {time.perf_counter() - start:.2f} s after rendering")
    install_worker(site_dir)


def _setting(config, key: str, default: str) -> Path:
    """A path from `extra.qikan` in mkdocs.yml, relative to the config file."""
    value = (config.extra.get("qikan") or {}).get(key, default)
    return Path(config.config_file_path).resolve().parent / value


def _generate(config, content: Path, site_data: Path, cache_dir: Path) -> dict:
    """Parse (unchanged issues from the cache), segment, start the search index, enrich,
    write pages and the feed."""
    issue_cache = IssueCache(cache_dir)
    archive = load_archive(content, site_data, issue_cache)
    gc.freeze()  # the parsed archive lives to the end of the build: spare it GC scans
    try:
        tokens = token_cache(site_data, cache_dir / "tokens.json")
        # Segmenting first lets Pagefind index while the tags, topics and related articles
        # are worked out (enrichment takes the same words from `tokens`).
        records = search_records(config, archive, tokens)
        _start_index(config, records, cache_dir)
        enrichment = cached_enrich(archive, site_data, cache_dir, tokens)
    except QikanError as error:
        raise PluginError(f"qikan: {error}") from None
    tokens.save()  # what a reused enrichment did not save (subtitles, new texts)
    site = Site(config.site_name, config.site_description or "")
    pages = write_pages(archive, site, enrichment)
    urls = {path: File.generated(config, path, content="").url for path in pages}
    summary = (f"{len(archive.issues)} issues ({issue_cache.misses} parsed, {issue_cache.hits} "
               f"from cache), {archive.article_count} articles, {len(enrichment.tag_index)} "
               f"tags; {_enrichment_summary(enrichment.cache)}")
    return {"pages": pages, "errors": [str(e) for e in archive.errors], "summary": summary,
            "feed": atom_feed(archive, site, config.site_url, urls.__getitem__),
            "records": records}


def search_records(config, archive, tokens) -> list:
    """Each article for the search index: its built file, title, and the words of its
    title and of its subtitle and body, as the segmentation cut them (once per text)."""
    if search_engine(config) != "pagefind":
        return []
    return [(_dest(config, placed_path(p)), p.article.title, tokens.search_words(p.article.title),
             " ".join(tokens.search_words(text) for text in search_text(p.article)))
            for p in placements(archive).values()]


def _enrichment_summary(stats: dict[str, int]) -> str:
    if stats.get("reused"):
        return "enrichment reused (no article changed)"
    return f"segmentation {stats.get('misses', 0)} new, {stats.get('hits', 0)} cached"


def _dest(config, path: str) -> str:
    """The built file of a generated page."""
    return File.generated(config, path, content="").dest_uri


def _start_index(config, records: list, cache_dir: Path) -> None:
    """Index the articles with Pagefind in its own process, in parallel with the rest of
    the build. Unchanged records reuse the last bundle (kept in the cache); a dirty serve
    keeps the index already in the site."""
    global _search_index, _indexed
    if search_engine(config) != "pagefind" or not records:
        return
    key = fingerprint(records)
    if _dirty_serve and key == _indexed:
        return
    if _search_index is not None:
        _search_index.cancel()
    folder = cache_dir / "pagefind"
    bundle = cached_bundle(folder, key)
    _search_index = (CachedIndex(bundle) if bundle else
                     BackgroundIndex(records, Path(config.site_dir), folder, key))
    _indexed = key


def search_text(article) -> list[str]:
    """What the search index holds of an article besides its title: subtitle and body
    (the body as one text, as enrichment segments it)."""
    return [t for t in (article.subtitle, body_text(article)) if t]


def _page_files(config, pages: dict[str, str], cache_dir: Path) -> list[File]:
    """The pages as MkDocs files: virtual, or under `mkdocs serve --dirty` real files in the
    cache (rewritten only when their bytes change), so that only changed pages render."""
    if not _dirty_serve:
        return [File.generated(config, path, content=text) for path, text in pages.items()]
    folder = cache_dir / "pages"
    write_tree(folder, pages)
    return [File(path, str(folder), config.site_dir, config.use_directory_urls)
            for path in pages]


def on_files(files: Files, config) -> Files:
    start = time.perf_counter()
    site_data = _setting(config, "site_data", "site_data")
    content = _setting(config, "content", "content/issues")
    cache_dir = _setting(config, "cache", ".cache/qikan")
    output_cache = OutputCache(cache_dir)
    inputs = inputs_fingerprint(content, site_data, config.site_name,
                                config.site_description or "", str(config.site_url),
                                str(config.use_directory_urls))
    output = output_cache.get(inputs)
    if output is None:
        output = _generate(config, content, site_data, cache_dir)
        output_cache.put(inputs, output)
    else:
        output["summary"] = "no input changed: pages reused"
        _start_index(config, output["records"], cache_dir)
    for error in output["errors"]:
        log.warning("qikan: %s", error)
    _generated.clear()
    for page in _page_files(config, output["pages"], cache_dir):
        _generated.add(page.src_uri)
        files.append(page)
    files.append(File.generated(config, "feed.xml", content=output["feed"]))
    log.info("qikan: %s; builder %.2f s", output["summary"], time.perf_counter() - start)
    return files
