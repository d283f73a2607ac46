"""Chinese word segmentation with the domain dictionary, once per text, cached.

One segmenter for everything that needs words: tags, topics and related articles
(search needs none: builder/search/index.py). It is jieba's algorithm and dictionary
run by rjieba (jieba-rs), which gives the same Chinese words ~15× faster. The
dictionary is jieba's own plus `site_data/userdict.txt` plus every term of the tag
vocabulary and topic keywords, so those terms stay whole — also the ones mixing
Latin and Chinese (`5G消息`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import pickle
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import rjieba

from builder.cache import write_atomically
from builder.settings import SITE_DATA

USERDICT = SITE_DATA / "userdict.txt"
ENGINE = f"rjieba-{getattr(rjieba, '__version__', '0.2.2')}"
TERM_FREQUENCY = 200000

log = logging.getLogger(__name__)


def read_userdict(path: Path) -> list[tuple[str, int, str]]:
    """`word [frequency] [part-of-speech]` lines (jieba's format); # starts a comment."""
    entries = []
    if not path.is_file():
        return entries
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("#", 1)[0].split()
        if not parts:
            continue
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else TERM_FREQUENCY
        pos = parts[2] if len(parts) > 2 else (parts[1] if len(parts) == 2
                                                and not parts[1].isdigit() else "n")
        entries.append((parts[0], freq, pos))
    return entries


@dataclass
class Segmenter:
    """rjieba with the domain dictionary, and the fingerprint of that dictionary."""

    entries: tuple[tuple[str, int, str], ...]
    engine: rjieba.Jieba = field(init=False, repr=False)
    fingerprint: str = field(init=False)

    def __post_init__(self) -> None:
        self.engine = rjieba.Jieba()
        for word, freq, pos in self.entries:
            self.engine.add_word(word, freq, pos)
        digest = hashlib.sha256(ENGINE.encode())
        for entry in self.entries:
            digest.update(json.dumps(entry, ensure_ascii=False).encode())
        self.fingerprint = digest.hexdigest()[:16]

    def words(self, text: str) -> list[str]:
        """The words of `text`, whitespace dropped."""
        return [w for w in self.engine.cut(text) if w.strip()]

    def tagged(self, text: str, shared: dict[tuple[str, str], tuple[str, str]] | None = None
               ) -> list[tuple[str, str]]:
        """(word, part of speech) pairs, whitespace dropped; with `shared`, each pair the
        one object `shared` holds for it (added when new)."""
        if shared is None:
            return [pair for pair in self.engine.tag(text) if pair[0].strip()]
        return [shared.setdefault(pair, pair) for pair in self.engine.tag(text)
                if pair[0].strip()]




def make_segmenter(userdict: Path = USERDICT, extra_terms: Iterable[str] = ()) -> Segmenter:
    """A segmenter with the user dictionary and extra terms (tag vocabulary, topic keywords)."""
    entries = read_userdict(userdict)
    known = {word for word, _, _ in entries}
    entries += [(term, TERM_FREQUENCY, "n") for term in sorted(set(extra_terms) - known)
                if term.strip() and " " not in term]
    return _segmenter(tuple(entries))


@lru_cache(maxsize=4)
def _segmenter(entries: tuple[tuple[str, int, str], ...]) -> Segmenter:
    """One segmenter per dictionary: building one loads jieba's whole dictionary."""
    return Segmenter(entries)


class TokenCache:
    """Tagged words per text, kept on disk keyed by the text's hash and the dictionary; the
    file is read when the first text is asked for (a build that reuses the enrichment
    never reads it)."""

    def __init__(self, path: Path | None, segmenter: Segmenter) -> None:
        self.path = path
        self.segmenter = segmenter
        self.hits = self.misses = 0
        self._read: dict[str, list] | None = None
        self._new: dict[str, list] = {}
        self._pairs: dict[tuple[str, str], tuple[str, str]] = {}
        """Each (word, tag) pair segmented here, one object per pair: the texts share them
        (in memory, and in the file: pickle keeps shared objects shared — a file half the
        size, loaded 7x faster than JSON; texts read from the file share theirs already)."""
        self._saved: tuple[int, int] | None = None
        """(misses, texts) when the file was last known to hold exactly `_new`."""

    @property
    def _old(self) -> dict[str, list]:
        if self._read is None:
            self._read = self._load()
            self._saved = (0, len(self._read))
        return self._read

    def _load(self) -> dict[str, list]:
        if self.path is None or not self.path.is_file():
            return {}
        try:
            with open(self.path, "rb") as handle:
                data = pickle.load(handle)  # noqa: S301 (the builder's own cache file)
            texts = data["texts"] if data["fingerprint"] == self.segmenter.fingerprint else {}
        except (OSError, ValueError, TypeError, KeyError, EOFError, pickle.UnpicklingError):
            log.warning("qikan: ignoring unreadable segmentation cache %s", self.path)
            return {}
        return texts if isinstance(texts, dict) else {}

    def tagged(self, text: str) -> list[tuple[str, str]]:
        """Tagged words of `text`, from the cache when this text was segmented before."""
        key = hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
        if key in self._new:
            return self._new[key]
        if key in self._old:
            self.hits += 1
            self._new[key] = self._old[key]
        else:
            self.misses += 1
            self._new[key] = self.segmenter.tagged(text, self._pairs)
        return self._new[key]

    def save(self) -> None:
        """Write the texts used in this build (others are forgotten), atomically — unless
        the file already holds exactly those (texts are only ever added to `_new`), or no
        text was asked for (a build that reused the enrichment keeps the file as it is)."""
        state = (self.misses, len(self._new))
        if self.path is None or state == self._saved or not self._new:
            return
        data = {"fingerprint": self.segmenter.fingerprint, "texts": self._new}
        write_atomically(self.path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        self._saved = state
