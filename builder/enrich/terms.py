"""Words as they stand in the text: what the archive's own counts say about its words.

The segmenter cuts names it does not know into pieces (王|恩东, 台积|电, 进|博会) and
cannot tell a filler noun (体验, 效率) from a subject. These rules decide from counts
over the whole archive, with jieba's dictionary (a large general-language corpus) as
the background — never from a list of this archive's words:

- **pieces**: a word whose occurrences nearly all stand next to the same word, while the
  words on its other side vary (so: many sentences, not one sentence repeated), is a piece
  of a longer name; the two are joined (台积电), so the tag is the whole name;
- **units**: a word that mostly follows a number is a unit of measure (8 英寸, 64 GB);
- **generic words**: a common noun is a subject only when it is particular to this
  archive (at least `SPECIFIC_RATIO` times more frequent than in general Chinese) and
  repeated where it occurs (on average `MIN_BURST` mentions in an article that has it:
  subjects come in bursts, filler words such as 体验, 效率, 布局 are spread thin); a name
  needs `NAME_BURST` (a place named in passing in many articles is no subject — and
  jieba tags some common words as names: 深度, 普及, 上市);
- **variants**: a word that is another plus an administrative suffix from `tags.yml`
  (湖南省 = 湖南 + 省, 网信办 = 网信 + 办) is one tag with it, in the form more articles use.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources

Pair = tuple[str, str]
"""A word and its part of speech (jieba's tags)."""

PIECE_SHARE = 0.9
"""A word is a piece when at least this share of its occurrences has the same neighbour."""
MIN_OCCURRENCES = 2
"""Fewer occurrences prove nothing about a word's neighbours."""
MAX_JOINED = 8
"""Longest joined name, in characters."""
UNIT_SHARE = 0.5
"""A word is a unit when at least this share of its occurrences follows a number."""
SPECIFIC_RATIO = 20
"""A common noun must be this many times more frequent in the archive than in general
Chinese to be a tag (names and curated terms need not be)."""
MIN_BURST = 3.0
"""Mentions per article that mentions it, on average, for a common noun to be a tag."""
NAME_BURST = 2.0
"""The same for a name."""
FUNCTION_POS = frozenset("cdefmopqruwxy")
"""First letters of jieba's tags for words that never join a name: conjunctions, adverbs,
particles, numerals, measure words, pronouns, prepositions, punctuation …"""
NUMBER = re.compile(r"[\d.,%０-９一二三四五六七八九十百千万亿两几多余数]+")


@cache
def general_frequencies() -> tuple[dict[str, int], int]:
    """jieba's dictionary: word → frequency in its general-language corpus, and the total."""
    frequencies: dict[str, int] = {}
    text = resources.files("jieba").joinpath("dict.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        word, frequency, *_ = line.split(" ")
        frequencies[word] = int(frequency)
    return frequencies, sum(frequencies.values())


def _joinable(pair: Pair, stopwords: frozenset[str]) -> bool:
    """A neighbour that can be part of a name: not punctuation, a function word or a
    verb of its own (介绍, 表示; one-character verbs such as 进 of 进博会 can)."""
    word, pos = pair
    return (any(c.isalpha() for c in word) and word not in stopwords
            and not (pos and pos[0] in FUNCTION_POS)
            and not (pos.startswith("v") and len(word) > 1))


def _varies(neighbours: Counter[str], count: int) -> bool:
    """The words on a piece's other side vary: the pair stands in different sentences
    (台积电 after ，/与/。), not in one sentence repeated (which fixes every neighbour)."""
    at_edge = count - sum(neighbours.values())  # the text's start or end: one context too
    most = max(neighbours.most_common(1)[0][1] if neighbours else 0, at_edge)
    return most < PIECE_SHARE * count


def _is_number(pair: Pair) -> bool:
    return pair[1].startswith("m") or NUMBER.fullmatch(pair[0]) is not None


@dataclass(frozen=True)
class ArchiveTerms:
    """What the archive's counts decided: pieces to join, units, generic words."""

    joins: dict[tuple[str, str], str]
    """Two adjacent words → the part of speech of the name they form together."""
    units: frozenset[str]
    generic: frozenset[str]

    @cached_property
    def _firsts(self) -> frozenset[str]:
        return frozenset(first for first, _ in self.joins)

    def join(self, pairs: Sequence[Pair]) -> list[Pair]:
        """`pairs` with every piece joined to its neighbour, in chains (皮|查|伊 → 皮查伊)."""
        words = [word for word, _ in pairs]
        firsts = self._firsts
        if firsts.isdisjoint(words):
            return list(pairs)
        out: list[Pair] = []
        start = 0  # pairs[start:] are not written yet
        for k, word in enumerate(words):
            if k < start or word not in firsts:
                continue
            end = k
            while end + 1 < len(words) and (words[end], words[end + 1]) in self.joins:
                end += 1
            if end > k:
                out += pairs[start:k]
                out.append(("".join(words[k:end + 1]), self.joins[(words[end - 1], words[end])]))
                start = end + 1
        out += pairs[start:]
        return out

    def rejoined(self, other: ArchiveTerms) -> frozenset[str]:
        """The words (as segmented) that `other` joins differently: both pieces of a join
        made or undone (or whose name changed its part of speech)."""
        joins = self.joins.items() ^ other.joins.items()
        return frozenset(w for (first, second), _ in joins for w in (first, second))


@dataclass
class TermCounts:
    """The archive's counts: words with their parts of speech, adjacent words, articles
    with each word. Articles are added in archive order, oldest first (a word's first part
    of speech is the one it had first), so that the counts of an archive grown by an issue
    are the last counts with that issue added."""

    unigrams: Counter[Pair] = field(default_factory=Counter)
    bigrams: Counter[tuple[str, str]] = field(default_factory=Counter)
    articles_with: Counter[str] = field(default_factory=Counter)
    total: int = 0

    def add(self, articles: Iterable[Sequence[Sequence[Pair]]]) -> None:
        """Count `articles` (each a few texts: lists of word/tag pairs) in."""
        # Counted in C (Counters over pairs and over adjacent words), then read once per
        # distinct entry: a pass in Python per word of the archive costs seconds at scale.
        for texts in articles:
            seen: set[str] = set()
            for pairs in texts:
                self.total += len(pairs)
                self.unigrams.update(pairs)
                words = [word for word, _ in pairs]
                self.bigrams.update(zip(words, words[1:], strict=False))
                seen.update(words)
            self.articles_with.update(seen)


def archive_terms(articles: Iterable[Sequence[Sequence[Pair]]], is_noun, is_name,
                  keep: set[str], stopwords: frozenset[str]) -> ArchiveTerms:
    """Count every noun's neighbours over `articles` (each a few texts: lists of word/tag
    pairs, oldest first) and decide (see `decide_terms`)."""
    counts = TermCounts()
    counts.add(articles)
    return decide_terms(counts, is_noun, is_name, keep, stopwords)


def decide_terms(counts: TermCounts, is_noun, is_name, keep: set[str],
                 stopwords: frozenset[str]) -> ArchiveTerms:
    """What the counts say: pieces to join, units, generic words.

    `is_noun(pair)`: could be a tag; `is_name(pair)`: a name (held to `NAME_BURST` only, not
    to the general-Chinese ratio); `keep`: curated terms, never joined (to anything), never
    units or generic."""
    unigrams, bigrams = counts.unigrams, counts.bigrams
    articles_with, total = counts.articles_with, counts.total
    nouns = {pair for pair in unigrams if pair[0] not in keep and is_noun(pair)}
    occurrences: Counter[str] = Counter()  # as a noun
    everywhere: Counter[str] = Counter()  # with any part of speech
    pos_of: dict[str, str] = {}  # a noun's first part of speech as a noun
    names: set[str] = set()
    for pair, times in unigrams.items():  # first seen first
        everywhere[pair[0]] += times
        if pair in nouns:
            occurrences[pair[0]] += times
            pos_of.setdefault(pair[0], pair[1])
            if is_name(pair):
                names.add(pair[0])
    tag = {word: pos for word, pos in reversed(list(unigrams))}  # first seen wins
    tag.update(pos_of)
    left: dict[str, Counter[str]] = defaultdict(Counter)
    right: dict[str, Counter[str]] = defaultdict(Counter)
    after_number: Counter[str] = Counter()
    for (first, second), times in bigrams.items():
        if second in occurrences:
            left[second][first] += times
            if _is_number((first, tag[first])):
                after_number[second] += times
        if first in occurrences:
            right[first][second] += times
    joins: dict[tuple[str, str], str] = {}
    units = set()
    for word in occurrences:
        count = everywhere[word]
        if count < MIN_OCCURRENCES:
            continue
        if after_number[word] >= UNIT_SHARE * count:
            units.add(word)
            continue
        for side, neighbours, outside in ((0, left[word], right[word]),
                                          (1, right[word], left[word])):
            if not neighbours:
                continue
            neighbour, times = neighbours.most_common(1)[0]
            if (times >= PIECE_SHARE * count and _varies(outside, count)
                    and neighbour not in keep
                    and _joinable((neighbour, tag[neighbour]), stopwords)
                    and len(word) + len(neighbour) <= MAX_JOINED):
                key = (neighbour, word) if side == 0 else (word, neighbour)
                joins[key] = pos_of[word]
                break
    generic = {word for word, count in occurrences.items() if (
        count < NAME_BURST * articles_with[word] if word in names else
        general_ratio(word, count, total) < SPECIFIC_RATIO
        or count < MIN_BURST * articles_with[word])}
    return ArchiveTerms(joins, frozenset(units), frozenset(generic))


def variants(words: Iterable[str], articles: Counter[str], suffixes: Sequence[str],
             curated: set[str]) -> dict[str, str]:
    """Word → the form it merges into: words that differ by an administrative suffix
    (湖南/湖南省/湖南省政府) become one: a curated term if one of them is, else the form
    used by most articles (then the shorter)."""
    present = set(words)
    base: dict[str, str] = {}
    for word in present:
        for suffix in sorted(suffixes, key=len, reverse=True):
            stem = word[:-len(suffix)]
            if word.endswith(suffix) and len(stem) >= 2 and stem in present:
                base[word] = stem
                break
    groups: dict[str, list[str]] = defaultdict(list)
    for word in present:
        root = word
        while root in base:
            root = base[root]
        groups[root].append(word)
    result = {}
    for members in groups.values():
        if len(members) > 1:
            best = max(members, key=lambda w: (w in curated, articles[w], -len(w), w))
            result.update({w: best for w in members if w != best})
    return result


def general_ratio(word: str, count: int, total: int) -> float:
    """How many times more frequent `word` is in the archive than in general Chinese
    (infinite for words the general dictionary lacks)."""
    general, general_total = general_frequencies()
    if not general.get(word):
        return math.inf
    return (count / max(total, 1)) / (general[word] / general_total)
