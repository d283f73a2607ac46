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
- `%` is a unit too (20% is not 2020）);
- quotation marks and title marks vanish (“十四五”规划 = 十四五规划, 《规划》解读 =
  规划解读: readers type the words without the marks the text puts round them), and so
  does a hyphen between two Latin letters (Wi-Fi = WiFi; COVID-19 keeps its gap);
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
from functools import partial
from itertools import groupby
from operator import sub
from pathlib import Path
from typing import NamedTuple

from builder.cache import KeptBySource

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


QUOTES = "\"'\u2018-\u201f\u2039\u203a\u00ab\u00bb\u3008-\u300f\u301d-\u301f"
"""Quotation and title marks (after NFKC: full-width and vertical forms fold into these):
they vanish from the stream (the same set in `assets/qikan-search.js`)."""
_QUOTE = re.compile(f"[{QUOTES}]")
_LETTER = r"[^\W\d_\u2e80-\U0010ffff]"
_JOINED = re.compile(rf"(?<={_LETTER})[-\u2010](?={_LETTER})")
"""A hyphen between two Latin letters (after NFKC, U+2011 is U+2010)."""
_SYMBOL = re.compile(r"[^\w\s%]|_|[\n\x0b\x0c\r\x1c-\x1e\x85\u2028\u2029]")
"""Punctuation, symbols and line breaks (blocks of an article are lines: no match spans two)."""
_LATIN = r"[^\W_\u2e80-\U0010ffff]"
_BETWEEN_LATIN = re.compile(rf"(?<={_LATIN})\s+(?={_LATIN})")
_SPACE = re.compile(r"\s+")
_GAP = re.compile(r"\x00+")


def stream(text: str) -> str:
    """The text as the index and the queries see it (module docstring); ends with a gap."""
    text = _QUOTE.sub("", unicodedata.normalize("NFKC", text).lower())
    text = _JOINED.sub("", text)
    text = _SYMBOL.sub("\x00", text)
    text = _BETWEEN_LATIN.sub("\x00", text)
    text = _SPACE.sub("", text)
    return _GAP.sub(" ", text).strip(" ") + " "


def postings(streams: list[str], index: dict[str, list[int]] | None = None,
             last: dict[str, int] | None = None, first: int = 0) -> dict[str, list[int]]:
    """Bigram → flat list per article: article number (the difference to the previous
    one), how many positions, then the positions (each the difference to the previous).
    With `index` and `last` (each bigram's last article) of the articles before `first`,
    the streams of articles `first`, `first + 1`, … are appended to them."""
    index = index if index is not None else defaultdict(list)
    last = last if last is not None else {}
    for doc, text in enumerate(streams, first):
        grams = list(map(str.__add__, text, text[1:]))
        # positions grouped by bigram, in order (a stable sort: ~30 % faster than a loop)
        for gram, group in groupby(sorted(range(len(grams)), key=grams.__getitem__),
                                   grams.__getitem__):
            if gram[0] == " ":  # no query starts at a gap
                continue
            places = list(group)
            out = index[gram]
            out += (doc - last.get(gram, 0), len(places))
            last[gram] = doc
            out += map(sub, places, [0, *places[:-1]])
    return index


def shard_name(char: str, part: int | None = None) -> str:
    return f"{ord(char):x}" if part is None else f"{ord(char):x}-{part}"


def _script(kind: str, key: object, data: object) -> str:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"qikanLoaded({json.dumps(kind)},{json.dumps(key)},{payload});\n"


def _body(flat: list[int] | str) -> str:
    """A list of numbers as the inside of its JSON array (`1,2,3`)."""
    return flat if isinstance(flat, str) else _NUMBERS(flat)[1:-1]


_NUMBERS = json.JSONEncoder(separators=(",", ":")).encode


_ESCAPED = re.compile(r'["\\\x00-\x1f]')
"""What JSON escapes in a string (with `ensure_ascii=False`)."""


def _object(bodies: dict[str, str]) -> str:
    """The JSON object of keys → arrays given as their insides (`json.dumps` of it, with
    `separators=(",", ":")` and `ensure_ascii=False`, byte for byte)."""
    if _ESCAPED.search("".join(bodies)):
        keys = {key: json.dumps(key, ensure_ascii=False) for key in bodies}
    else:  # bigrams are letters, digits and spaces: quoting is all they need
        keys = {key: f'"{key}"' for key in bodies}
    return "{" + ",".join(f"{keys[key]}:[{body}]" for key, body in bodies.items()) + "}"


def _script_of(kind: str, key: str, bodies: dict[str, str]) -> str:
    return f"qikanLoaded({json.dumps(kind)},{json.dumps(key)},{_object(bodies)});\n"


def shards(index: dict[str, list[int] | str]) -> tuple[dict[str, str], dict[str, int]]:
    """Shard files by name, and the characters whose shard is split (into how many).
    `index`: bigram → its postings, as a list or as the inside of its JSON array."""
    by_first: dict[str, dict[str, str]] = defaultdict(dict)
    for gram in sorted(index):
        by_first[gram[0]][gram] = _body(index[gram])
    files, split = {}, {}
    for char, grams in by_first.items():
        # rough JSON bytes: a gram and four bytes per number
        size = sum(len(g) + 4 * (p.count(",") + 1) for g, p in grams.items())
        parts = min(64, math.ceil(size / SPLIT_BYTES))
        if parts <= 1:
            files[shard_name(char)] = _script_of("s", shard_name(char), grams)
            continue
        split[char] = parts
        for part in range(parts):
            chosen = {g: p for g, p in grams.items() if ord(g[1]) % parts == part}
            files[shard_name(char, part)] = _script_of("s", shard_name(char, part), chosen)
    return files, split


def char_counts(streams: list[str], chars, last: dict[str, int] | None = None,
                first: int = 0) -> dict[str, list[int]]:
    """For each of `chars` (those whose shard is split: the frequent ones), how often it
    occurs in each article: article number (difference to the previous), count — what a
    query of that one character needs, without the positions of all its bigrams. With
    `last` (each char's last article before `first`), counts articles `first`, … after
    those (as `postings` does)."""
    counts: dict[str, list[int]] = {char: [] for char in chars}
    last = last if last is not None else {}
    for doc, text in enumerate(streams, first):
        found = Counter(text)
        for char in counts:
            if n := found.get(char):
                counts[char] += (doc - last.get(char, 0), n)
                last[char] = doc
    return counts


class Reading(NamedTuple):
    """What an index was built from, kept for the next build: its articles' text digests (in
    index order), postings (each bigram's as the inside of its JSON array: extended by
    appending text, written as it is), each bigram's last article, each stream's length,
    and the counts of the characters whose shard is split (inside of the JSON array, last
    article)."""

    texts: list[str]
    postings: dict[str, str]
    last: dict[str, int]
    lengths: list[int]
    counts: dict[str, tuple[str, int]]


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def _joined(*bodies: str) -> str:
    return ",".join(body for body in bodies if body)


def _counts_from(bodies: list[str]) -> tuple[str, int]:
    """A character's counts (inside of the JSON array, last article) read from the postings
    of the bigrams it starts: every character of a stream but a gap starts one bigram
    (a stream ends with a gap), so its count in an article is their positions there."""
    per_doc: Counter[int] = Counter()
    for body in bodies:
        for doc, (count, *_) in _entries(body).items():
            per_doc[doc] += count
    return _encoded({doc: [count] for doc, count in per_doc.items()})


def _counted(split, old: dict[str, tuple[str, int]], added: list[str], first: int,
             index: dict[str, str]) -> dict[str, tuple[str, int]]:
    """The counts of the split characters: those counted before extended with the `added`
    streams (articles `first`, …); a character split for the first time read from the
    postings (counted from the streams when they are all in hand: faster)."""
    if first == 0:
        last: dict[str, int] = {}
        return {char: (_body(flat), last[char])
                for char, flat in char_counts(added, split, last).items()}
    kept = [char for char in split if char in old]
    last = {char: old[char][1] for char in kept}
    counts = {char: (_joined(old[char][0], _body(flat)), last[char])
              for char, flat in char_counts(added, kept, last, first).items()}
    if fresh := {char for char in split if char not in old}:
        starting: dict[str, list[str]] = defaultdict(list)
        for gram, body in index.items():
            if gram[0] in fresh:
                starting[gram[0]].append(body)
        counts.update({char: _counts_from(starting[char]) for char in fresh})
    return {char: counts[char] for char in split}


CORRECTED_SHARE = 0.05
"""At most this share of the previous build's articles corrected in place (an editor's
corrections); more, and the index is built from scratch."""


def _entries(body: str, positions: bool = True) -> dict[int, list[int]]:
    """Postings decoded: article → [how many, positions…]; with `positions` False, a
    character's counts: article → [count]."""
    flat, entries, at, doc = list(map(int, body.split(","))) if body else [], {}, 0, 0
    while at < len(flat):
        doc += flat[at]
        size = 1 + flat[at + 1] if positions else 1
        entries[doc] = flat[at + 1:at + 1 + size]
        at += 1 + size
    return entries


def _encoded(entries: dict[int, list[int]]) -> tuple[str, int]:
    """`_entries` encoded again: the body and the last article (-1 when there is none)."""
    out, previous = [], 0
    for doc in sorted(entries):
        out.append(doc - previous)
        out += entries[doc]
        previous = doc
    return _body(out), previous if entries else -1


def _replaced(body: str, doc: int, entry: list[int] | None,
              positions: bool = True) -> tuple[str, int]:
    """Postings (or counts) with article `doc`'s entry replaced (None: removed), encoded."""
    entries = _entries(body, positions)
    entries.pop(doc, None)
    if entry is not None:
        entries[doc] = entry
    return _encoded(entries)


def _corrected(old: Reading, folder: Path | None, changed: set[int], docs: list[SearchDoc]
               ) -> tuple[dict[str, str], dict[str, int], list[int], dict] | None:
    """The previous build's postings, last articles, lengths and counts with the texts of
    the articles an editor corrected (`changed`: same place in the index, another text)
    put right — each one's old text is its `t/N.js` in the previous index — or None when
    too many changed or an old text cannot be read."""
    if folder is None or len(changed) > CORRECTED_SHARE * len(old.texts):
        return None
    index, last, lengths = dict(old.postings), dict(old.last), list(old.lengths)
    counts = dict(old.counts)
    for n in changed:
        try:
            text = _script_data(folder / f"t/{n}.js")
        except (OSError, ValueError, IndexError):
            return None
        if _digest(text) != old.texts[n]:
            return None
        was, now = stream(text), stream(docs[n].text)
        before, after = postings([was]), postings([now])
        for gram in before.keys() | after.keys():
            entry = after[gram][1:] if gram in after else None
            index[gram], final = _replaced(index.get(gram, ""), n, entry)
            if final < 0:
                del index[gram], last[gram]
            else:
                last[gram] = final
        lengths[n] = len(now)
        found = Counter(now)
        for char in (set(was) | found.keys()) & counts.keys():
            count = found.get(char)
            counts[char] = _replaced(counts[char][0], n, [count] if count else None,
                                     positions=False)
            if counts[char][1] < 0:
                del counts[char]
    return index, last, lengths, counts


def build_files(docs: list[SearchDoc], version: str = "",
                previous: tuple[Reading, Path] | None = None
                ) -> tuple[dict[str, str | Path], Reading]:
    """Every file of the index, by path inside its folder (text, or an unchanged file of the
    `previous` build's folder to link), and what it was built from. `version` is added to
    the URLs of the shards and texts (a browser's cached copy of an older build is not
    used). When the articles' texts begin with the previous build's (new issues come last,
    `records.search_records`), the previous postings and counts are extended with the new
    articles only; when the texts are all the same (a title, a date changed), only the
    article list is written again."""
    texts = [_digest(doc.text) for doc in docs]
    old, folder = previous or (None, None)
    changed = ({n for n, digest in enumerate(old.texts) if texts[n] != digest}
               if old is not None and len(texts) >= len(old.texts) else None)
    corrected = _corrected(old, folder, changed, docs) if changed is not None else None
    kept = len(old.texts) if corrected is not None else 0
    changed = changed if corrected is not None else set()
    added = [stream(doc.text) for doc in docs[kept:]]
    index, last, lengths, old_counts = corrected or ({}, {}, [], {})
    for gram, flat in postings(added, last=last, first=kept).items():
        index[gram] = _joined(index.get(gram, ""), _body(flat))
    lengths = lengths + [len(s) for s in added]
    if kept and kept == len(docs) and not changed:  # the same shards, counts and texts
        files: dict[str, str | Path] = {
            p.relative_to(folder).as_posix(): p for p in folder.rglob("*.js")
            if p.is_file() and p.name != "docs.js"}
        split = json.loads(_read_docs(folder / "docs.js"))["split"]
        split = {chr(int(name, 16)): n for name, n in split.items()}
        counts = old.counts
    else:
        shard_files, split = shards(index)
        files = {f"s/{name}.js": text for name, text in shard_files.items()}
        counts = _counted(split, old_counts, added, kept, index)
        files.update({f"c/{shard_name(char)}.js":
                      f'qikanLoaded("c",{json.dumps(shard_name(char))},[{body}]);\n'
                      for char, (body, _) in counts.items()})
        files.update({f"t/{n}.js": folder / f"t/{n}.js" if n < kept and n not in changed
                      else _script("t", n, doc.text) for n, doc in enumerate(docs)})
    chars = {gram[0] for gram in index}
    if "f.js" not in files:
        files["f.js"] = _script("f", FORMAT, folds(chars))
    reading = Reading(texts, index, last, lengths, counts)
    issues: dict[tuple[str, str], int] = {}
    columns: dict[str, int] = {}
    table = []
    for doc, length in zip(docs, reading.lengths, strict=True):
        issue = issues.setdefault((doc.issue, doc.date), len(issues))
        column = columns.setdefault(doc.column, len(columns))
        table.append([doc.url, doc.title, issue, column, length])
    files["docs.js"] = _script("docs", FORMAT, {
        "format": FORMAT, "version": version, "issues": [list(key) for key in issues],
        "columns": list(columns), "docs": table,
        "chars": "".join(sorted(chars)),
        "split": {shard_name(c): n for c, n in split.items()}})
    return files, reading


def folds(chars: set[str]) -> str:
    """Traditional characters and the simplified ones the index holds for them, as pairs in
    one string (華华為为…): a query in traditional characters finds the simplified text.
    OpenCC's t2s, character by character; a character the index holds itself is never
    folded (the text may use it)."""
    import opencc  # the index's process alone needs it

    convert = opencc.OpenCC("t2s.json").convert
    pairs = []
    for code in range(0x3400, 0xA000):  # CJK extension A and the unified ideographs
        char = chr(code)
        if char not in chars:
            simple = convert(char)
            if simple != char and simple in chars:
                pairs.append(char + simple)
    return "".join(pairs)


def _read_docs(path: Path) -> str:
    """The JSON of an article list file (`qikanLoaded("docs",1,{…});`)."""
    text = path.read_text("utf-8")
    return text[text.index("{"):text.rindex("}") + 1]


def _script_data(path: Path) -> object:
    """What a file `_script` wrote holds (`qikanLoaded("t",3,"…");` → the text)."""
    text = path.read_text("utf-8")
    return json.loads("[" + text[text.index("(") + 1:text.rindex(")")] + "]")[-1]


_RECORD_DIGESTS = KeptBySource()
"""Each record's digest for `fingerprint`, by the record (`cache.KeptBySource`; the records
of the issues that did not change are kept, `records.issue_records`): ~0.08 s of a rebuild
at 120 issues. A pass is a `fingerprint`."""


def _record_digest(doc: SearchDoc) -> bytes:
    return hashlib.sha256(json.dumps(doc, ensure_ascii=False).encode("utf-8")).digest()


def fingerprint(docs: list[SearchDoc]) -> str:
    """What the index depends on: the articles (the digests of their fields' text — a pickle
    would differ with how the strings happen to be shared) and this module."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    _RECORD_DIGESTS.begin()
    for doc in docs:
        digest.update(_RECORD_DIGESTS.get(id(doc), doc, partial(_record_digest, doc)))
    _RECORD_DIGESTS.end()
    return digest.hexdigest()[:16]


def write_index(docs: list[SearchDoc], folder: Path, version: str = "",
                previous: tuple[Reading, Path] | None = None) -> Reading:
    """The index files into `folder` (made complete beside it, then moved in); what it was
    built from (see `build_files`)."""
    work = folder.with_name(f".{folder.name}-{os.getpid()}")
    shutil.rmtree(work, ignore_errors=True)
    files, reading = build_files(docs, version, previous)
    for path, content in files.items():
        target = work / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            _link_file(content, target)
        else:
            target.write_text(content, encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    os.rename(work, folder)
    return reading


def _link_file(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


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


READING = "reading.pickle"
"""Beside the kept index in the cache: what it was built from (`Reading`), with the digest
of the code that built it."""
_CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
"""This module's digest: a reading kept by other code (other stream rules: its postings
would not be this code's) is not extended."""


def _previous(cache: Path | None) -> tuple[Reading, Path] | None:
    """The reading of the index kept in `cache` and its folder; None when there is none,
    it cannot be read or other code made it (the index is then built from scratch)."""
    if cache is None or not (cache / READING).is_file():
        return None
    try:
        with open(cache / READING, "rb") as handle:
            code, key, reading = pickle.load(handle)  # noqa: S301 (the builder's own cache)
    except (OSError, ValueError, TypeError, EOFError, AttributeError, pickle.UnpicklingError):
        return None
    folder = cache / key
    if (code != _CODE or not isinstance(reading, Reading)
            or not (folder / "docs.js").is_file()):
        return None
    return reading, folder


def _child(work: Path) -> int:
    """In the child process: the index of `job.pickle` into the site (extending the kept
    index's reading where it can), and a linked copy in the cache with its reading."""
    with open(work / "job.pickle", "rb") as handle:
        docs, output, cache, key = pickle.load(handle)
    reading = write_index(docs, output, key, _previous(cache))
    if cache:
        kept = cache.with_name(f".{cache.name}-{os.getpid()}")
        _link_tree(output, kept / key)
        with open(kept / READING, "wb") as handle:
            pickle.dump((_CODE, key, reading), handle, protocol=pickle.HIGHEST_PROTOCOL)
        shutil.rmtree(cache, ignore_errors=True)  # only the newest index is kept
        os.rename(kept, cache)
    return 0


if __name__ == "__main__":
    # run as the module, not as __main__: the kept reading pickles builder.search.index's
    # classes, which a build's own process can read back too
    from builder.search.index import _child as child

    sys.exit(child(Path(sys.argv[1])))
