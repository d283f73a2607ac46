"""qikan's search index: every article that contains what the reader typed, and no other.

Chinese is written without spaces, and no two segmenters agree on its words (the browser's
ICU, jieba, Pagefind's): an index of words finds 芯片 only where the indexer happened to
cut 芯|片 the way the reader's browser did. This index does not cut words at all. Each
article's text becomes a *stream* (the same rules in `assets/qikan-search.js`):

- NFKC and lower case (full-width Ｌａｔｉｎ = latin, ５Ｇ = 5g);
- every letter and digit is one unit, Chinese or Latin alike (Perf500 is found in
  AIPerf500, as a reader's Ctrl+F would);
- a line break is a gap (an article's paragraphs, subheadings and captions are its lines:
  no match runs from one into the next);
- a space vanishes (中 国 = 中国, 5G 消息 = 5G消息) unless it stands between two Latin
  letters or digits (Mate 40 is two words); there, and for any run of other characters —
  punctuation, symbols — the stream has one gap (a space): no match spans it, and a
  query's own punctuation stands for any punctuation there (5G+工业互联网 = 5G、工业互联网).

The index maps every pair of adjacent stream characters (a bigram) to the articles and
positions it occurs at. A query phrase matches where its bigrams stand at consecutive
positions: exact substring semantics, at any length (one Chinese character: every bigram
that starts with it — the stream ends every run with a gap, so each character starts
one). Postings are sharded by the first character of the bigram (a shard too large is
split by the second), so a query downloads only the shards of its own characters; the
article list (title, issue, column, date) is one small file; each article's text is a file
of its own, fetched only for the hits shown (their excerpts); a query of one frequent
character loads how often it occurs per article instead of all its bigrams' positions.
Every file is a script (`qikanLoaded(kind, key, data)`), loaded by a script element: the
same files work over HTTP and from `file://`, where browsers refuse fetch() and module
workers.

This module imports nothing of the builder: the index is built in a child process that
runs it as a script, while the renderer builds the pages.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import pickle
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import NamedTuple

FORMAT = 1
"""Bumped when the files change shape (the script checks it)."""
FOLDER = "search/qikan"
"""Where the index goes in the site."""
SPLIT_BYTES = 48_000
"""A shard larger than this is split by the bigram's second character."""


class SearchDoc(NamedTuple):
    """One article as the search index holds it."""

    url: str
    """The page's URL relative to the site root (`issues/2021-11/slug/`)."""
    title: str
    text: str
    """Subtitle and body, paragraphs separated by line breaks."""
    issue: str
    """The issue's title (2021年11月)."""
    date: str
    """The issue's date, `YYYY-MM` or `YYYY-MM-DD`."""
    column: str


_SYMBOL = re.compile(r"[^\w\s]|_|[\n\x0b\x0c\r\x1c-\x1e\x85\u2028\u2029]")
"""Punctuation, symbols and line breaks (blocks of an article are lines: no match spans two)."""
_LATIN = r"[^\W_\u2e80-\U0010ffff]"
_BETWEEN_LATIN = re.compile(rf"(?<={_LATIN})\s+(?={_LATIN})")
_SPACE = re.compile(r"\s+")
_GAP = re.compile(r"\x00+")


def stream(text: str) -> str:
    """The text as the index and the queries see it (module docstring); ends with a gap."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _SYMBOL.sub("\x00", text)
    text = _BETWEEN_LATIN.sub("\x00", text)
    text = _SPACE.sub("", text)
    return _GAP.sub(" ", text).strip(" ") + " "


def postings(streams: list[str]) -> dict[str, list[int]]:
    """Bigram → flat list per article: article number (the difference to the previous
    one), how many positions, then the positions (each the difference to the previous)."""
    index: dict[str, list[int]] = defaultdict(list)
    last: dict[str, int] = {}
    for doc, text in enumerate(streams):
        local: dict[str, list[int]] = defaultdict(list)
        for at, gram in enumerate(map(str.__add__, text, text[1:])):
            if gram[0] != " ":  # no query starts at a gap
                local[gram].append(at)
        for gram, places in local.items():
            out = index[gram]
            out += (doc - last.get(gram, 0), len(places))
            last[gram] = doc
            previous = 0
            for place in places:
                out.append(place - previous)
                previous = place
    return index


def shard_name(char: str, part: int | None = None) -> str:
    return f"{ord(char):x}" if part is None else f"{ord(char):x}-{part}"


def _script(kind: str, key: object, data: object) -> str:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"qikanLoaded({json.dumps(kind)},{json.dumps(key)},{payload});\n"


def shards(index: dict[str, list[int]]) -> tuple[dict[str, str], dict[str, int]]:
    """Shard files by name, and the characters whose shard is split (into how many)."""
    by_first: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for gram in sorted(index):
        by_first[gram[0]][gram] = index[gram]
    files, split = {}, {}
    for char, grams in by_first.items():
        size = sum(len(g) + 4 * len(p) for g, p in grams.items())  # rough JSON bytes
        parts = min(64, math.ceil(size / SPLIT_BYTES))
        if parts <= 1:
            files[shard_name(char)] = _script("s", shard_name(char), grams)
            continue
        split[char] = parts
        for part in range(parts):
            chosen = {g: p for g, p in grams.items() if ord(g[1]) % parts == part}
            files[shard_name(char, part)] = _script("s", shard_name(char, part), chosen)
    return files, split


def char_counts(streams: list[str], chars) -> dict[str, list[int]]:
    """For each of `chars` (those whose shard is split: the frequent ones), how often it
    occurs in each article: article number (difference to the previous), count — what a
    query of that one character needs, without the positions of all its bigrams."""
    counts: dict[str, list[int]] = {char: [] for char in chars}
    last = dict.fromkeys(chars, 0)
    for doc, text in enumerate(streams):
        found = Counter(text)
        for char in counts:
            if n := found.get(char):
                counts[char] += (doc - last[char], n)
                last[char] = doc
    return counts


def build_files(docs: list[SearchDoc], version: str = "") -> dict[str, str]:
    """Every file of the index, by path inside its folder; `version` is added to the URLs
    of the shards and texts (a browser's cached copy of an older build is not used)."""
    issues: dict[tuple[str, str], int] = {}
    columns: dict[str, int] = {}
    table, streams = [], []
    for doc in docs:
        issue = issues.setdefault((doc.issue, doc.date), len(issues))
        column = columns.setdefault(doc.column, len(columns))
        streams.append(stream(doc.text))
        table.append([doc.url, doc.title, issue, column, len(streams[-1])])
    index = postings(streams)
    shard_files, split = shards(index)
    files = {f"s/{name}.js": text for name, text in shard_files.items()}
    files.update({f"c/{shard_name(char)}.js": _script("c", shard_name(char), counts)
                  for char, counts in char_counts(streams, split).items()})
    files.update({f"t/{n}.js": _script("t", n, doc.text) for n, doc in enumerate(docs)})
    files["docs.js"] = _script("docs", FORMAT, {
        "format": FORMAT, "version": version, "issues": [list(key) for key in issues],
        "columns": list(columns), "docs": table,
        "chars": "".join(sorted({gram[0] for gram in index})),
        "split": {shard_name(c): n for c, n in split.items()}})
    return files


def fingerprint(docs: list[SearchDoc]) -> str:
    """What the index depends on: the articles and this module."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(pickle.dumps(list(docs), protocol=pickle.HIGHEST_PROTOCOL))
    return digest.hexdigest()[:16]


def write_index(docs: list[SearchDoc], folder: Path, version: str = "") -> None:
    """The index files into `folder` (made complete beside it, then moved in)."""
    work = folder.with_name(f".{folder.name}-{os.getpid()}")
    shutil.rmtree(work, ignore_errors=True)
    for path, text in build_files(docs, version).items():
        target = work / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    os.rename(work, folder)


def _link_tree(source: Path, target: Path) -> None:
    """`target` as a copy of `source`: hard links where the file system allows."""
    shutil.rmtree(target, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        shutil.copytree(source, target, copy_function=os.link)
    except OSError:
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target)


class CachedIndex:
    """The index of an earlier build whose articles were the same: no indexing at all."""

    def __init__(self, bundle: Path, key: str) -> None:
        self.bundle, self.key = bundle, key

    def cancel(self) -> None:
        pass

    def finish(self, site_dir: Path) -> None:
        _link_tree(self.bundle, site_dir / FOLDER)


class BackgroundIndex:
    """The index built by a child process while the renderer builds the site: written
    straight into `site_dir/search/qikan/` and, with a `cache` folder, kept there under
    its key too (the last one only)."""

    def __init__(self, docs: list[SearchDoc], site_dir: Path, cache: Path | None,
                 key: str) -> None:
        self.key = key
        self.output = site_dir / FOLDER
        self.work = Path(tempfile.mkdtemp(prefix="qikan-search-"))
        with open(self.work / "job.pickle", "wb") as handle:
            pickle.dump((list(docs), self.output, cache, key), handle,
                        protocol=pickle.HIGHEST_PROTOCOL)
        self.process = subprocess.Popen([sys.executable, __file__, str(self.work)],
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True, start_new_session=True)

    def cancel(self) -> None:
        """Stop indexing (the build failed) and remove the work folder."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.communicate()
        shutil.rmtree(self.work, ignore_errors=True)

    def finish(self, site_dir: Path) -> None:
        """Wait for the index (already in `site_dir/search/qikan/`)."""
        try:
            output, _ = self.process.communicate()
            if (self.process.returncode != 0 or self.output != site_dir / FOLDER
                    or not (self.output / "docs.js").is_file()):
                raise RuntimeError(f"search index failed: {output[-500:]}")
        finally:
            shutil.rmtree(self.work, ignore_errors=True)


def start_index(docs: list[SearchDoc], site_dir: Path, cache: Path | None,
                key: str | None = None) -> CachedIndex | BackgroundIndex:
    """The index of `docs` for the site in `site_dir`: kept from an earlier build with the
    same articles (in `cache/search/qikan/<key>`), or built in the background (`finish` once the
    site is built, `cancel` if the build fails)."""
    key = key or fingerprint(docs)
    folder = cache / FOLDER if cache else None
    if folder and (folder / key / "docs.js").is_file():
        return CachedIndex(folder / key, key)
    return BackgroundIndex(docs, site_dir, folder, key)


def _child(work: Path) -> int:
    """In the child process: the index of `job.pickle` into the site, and a linked copy
    in the cache."""
    with open(work / "job.pickle", "rb") as handle:
        docs, output, cache, key = pickle.load(handle)
    write_index(docs, output, key)
    if cache:
        kept = cache.with_name(f".{cache.name}-{os.getpid()}")
        _link_tree(output, kept / key)
        shutil.rmtree(cache, ignore_errors=True)  # only the newest index is kept
        os.rename(kept, cache)
    return 0


if __name__ == "__main__":
    sys.exit(_child(Path(sys.argv[1])))
