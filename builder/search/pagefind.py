"""Search that stays small at scale: Pagefind's chunked index behind the site's search box.

A single search index (Material's) is downloaded whole before the first result (~9 MB
gzipped at 120 issues). Pagefind indexes every article from the builder's own text,
already segmented by the builder's segmenter (the words enrichment cut, in the short
pieces a reader's browser cuts a query into) — in its own process, while the renderer
builds the pages; the browser then fetches only the index chunks a query needs. How a
site's search box asks Pagefind is the renderer adapter's business (Material's search
worker replaced, or Pagefind's own box). An offline (file://) build keeps the renderer's
own index: browsers do not load Pagefind's modules from file://. This module imports
nothing of the builder: its child process runs it as a script.
"""

from __future__ import annotations

import hashlib
import html
import os
import pickle
import shutil
import signal
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

OUTPUT = "pagefind"
LANGUAGE = "cmn"
"""Mandarin Chinese (ISO 639-3). Pagefind's indexer splits the text of a language other
than zh/ja at spaces — the builder has segmented it — instead of segmenting it again,
while browsers canonicalise `cmn` to `zh` and so segment a reader's query as Chinese."""

Record = tuple[str, str, str, str]
"""(file of the page in the built site, title, the title's words, the text's words) of one
article; words are separated by spaces (`TokenCache.search_words`)."""


def search_page(title: str, title_words: str, words: str) -> str:
    """The minimal page Pagefind indexes for one article: its title as shown in results,
    and its segmented title and text as indexed."""
    return (f'<!doctype html><html lang="{LANGUAGE}"><head><meta charset="utf-8"></head>'
            f'<body><p data-pagefind-meta="title">{html.escape(title)}</p>'
            f"<main data-pagefind-body><h1>{html.escape(title_words)}</h1>"
            f"<p>{html.escape(words)}</p></main></body></html>")


def fingerprint(records: list[Record]) -> str:
    """What a Pagefind bundle depends on: the records, this module and Pagefind's version."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(metadata.version("pagefind").encode())
    digest.update(repr(records).encode("utf-8"))
    return digest.hexdigest()[:40]


def _link_tree(source: Path, target: Path) -> None:
    """`target` as a copy of `source`: hard links where the file system allows."""
    shutil.rmtree(target, ignore_errors=True)
    try:
        shutil.copytree(source, target, copy_function=os.link)
    except OSError:
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target)


class CachedIndex:
    """The bundle of an earlier build whose records were the same: no indexing at all."""

    def __init__(self, bundle: Path) -> None:
        self.bundle = bundle

    def cancel(self) -> None:
        pass

    def finish(self, site_dir: Path) -> None:
        _link_tree(self.bundle, site_dir / OUTPUT)


def cached_bundle(cache: Path | None, key: str) -> Path | None:
    """The kept bundle for `key`, if the last index built had these records."""
    bundle = cache / key if cache else None
    return bundle if bundle and (bundle / "pagefind.js").is_file() else None


def start_index(records: list[Record], site_dir: Path, cache: Path | None,
                key: str | None = None) -> CachedIndex | BackgroundIndex:
    """The Pagefind index of `records` for the site in `site_dir`: the bundle of an earlier
    build with the same records (kept in `cache/pagefind/`), or one built in the background
    (call `finish` once the site is built, `cancel` if the build fails)."""
    key = key or fingerprint(records)
    folder = cache / "pagefind" if cache else None
    bundle = cached_bundle(folder, key)
    return CachedIndex(bundle) if bundle else BackgroundIndex(records, site_dir, folder, key)


class BackgroundIndex:
    """A Pagefind index of the articles, built by a child process while the renderer builds
    the site (the builder has the text already; no need to wait for the HTML): it writes the
    minimal pages, runs Pagefind with its output straight into the site being built and,
    with a `cache` folder, keeps a linked copy there under `key` (the last one only)."""

    def __init__(self, records: list[Record], site_dir: Path, cache: Path | None = None,
                 key: str | None = None) -> None:
        self.output = site_dir / OUTPUT
        self.work = Path(tempfile.mkdtemp(prefix="qikan-pagefind-"))
        with open(self.work / "job.pickle", "wb") as handle:
            pickle.dump((records, self.output, cache, key), handle,
                        protocol=pickle.HIGHEST_PROTOCOL)
        self.process = subprocess.Popen([sys.executable, __file__, str(self.work)],
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True, start_new_session=True)

    def cancel(self) -> None:
        """Stop indexing (the build failed) and remove the work folder."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # the child and Pagefind under it
        except ProcessLookupError:
            pass
        self.process.communicate()
        shutil.rmtree(self.work, ignore_errors=True)

    def finish(self, site_dir: Path) -> None:
        """Wait for the index (already in `site_dir/pagefind/`)."""
        try:
            output, _ = self.process.communicate()
            if (self.process.returncode != 0 or self.output != site_dir / OUTPUT
                    or not (self.output / "pagefind.js").is_file()):
                raise RuntimeError(f"Pagefind index failed: {output[-500:]}")
        finally:
            shutil.rmtree(self.work, ignore_errors=True)


def index(work: Path) -> int:
    """In the child process: the minimal pages of `job.pickle`'s records, Pagefind's
    bundle into the site, and a linked copy of it in the cache."""
    with open(work / "job.pickle", "rb") as handle:
        records, output, cache, key = pickle.load(handle)
    pages = work / "pages"
    for dest, *texts in records:
        target = pages / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(search_page(*texts), encoding="utf-8")
    shutil.rmtree(output, ignore_errors=True)
    output.parent.mkdir(parents=True, exist_ok=True)
    code = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(pages),
                           "--output-path", str(output), "--quiet"]).returncode
    if code == 0 and cache and key:
        kept = cache.with_name(f".{cache.name}-{os.getpid()}")  # complete before it is kept
        _link_tree(output, kept / key)
        shutil.rmtree(cache, ignore_errors=True)  # only the newest bundle is kept
        os.rename(kept, cache)
    return code


if __name__ == "__main__":
    sys.exit(index(Path(sys.argv[1])))
