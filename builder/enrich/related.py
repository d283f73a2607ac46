"""Related articles: cosine similarity of TF-IDF vectors, looking back.

Up to five per article, drawn from its own issue and the issues before it, other issues
preferred, deterministic. The archive is read in date order: an article's vector is
weighed with the document frequencies of the archive as it stood at its issue, and its
candidates come from an inverted index over the strongest terms of the articles so far,
each term keeping only the articles where it weighs most (the work grows with the
archive, not with its square). So an issue added later never changes the related
articles of an earlier one — its pages stay as they were published (see the README:
"Pages that do not shift"); newer coverage of a subject is on its tag and topic pages.
"""

from __future__ import annotations

import hashlib
import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Mapping, Set

MAX_RELATED = 5
TERMS_PER_ARTICLE = 25
POSTINGS_PER_TERM = 60
"""A term links only the articles where it weighs most (bounds the work per article)."""
MIN_SIMILARITY = 0.08
"""Below this cosine two articles share a word or two, not a subject: not related."""
NAME_WEIGHT = 2.0
"""Names (people, places, organisations, products) weigh this much more than other words:
sharing 中芯国际 says more than sharing 流量."""
SAME_ISSUE_FACTOR = 0.8
"""Similarity of an article of the same issue is discounted: other issues are preferred."""
VERSION = "related-1"
"""Part of every issue's digest: a reading saved under other rules is not resumed."""


def _vector(counts: Counter[str], idf, special: Set[str]) -> dict[str, float]:
    """Unit-length TF-IDF vector cut to its strongest terms; `special` words (names)
    weigh `NAME_WEIGHT` times more."""
    top = heapq.nlargest(TERMS_PER_ARTICLE, (
        (v * idf(w) * (NAME_WEIGHT if w in special else 1.0), w) for w, v in counts.items()))
    norm = math.sqrt(sum(v * v for v, _ in top)) or 1.0
    return {w: v / norm for v, w in top if v > 0}


class Reading:
    """The archive read so far, issue by issue in date order: the document frequencies and
    the inverted index the next issue is weighed and matched against, the related
    articles found, and a chained digest per issue read (so that a later build resumes
    after the issues it shares with this one — a new issue reads that issue only)."""

    def __init__(self) -> None:
        self.chain: list[str] = []
        self.df: Counter[str] = Counter()
        self.keys: list[Hashable] = []
        """Articles in the order read: their numbers in the index (ties go to the earlier)."""
        self.postings: dict[str, list[tuple[float, int]]] = defaultdict(list)
        """Per term, a heap of the (weight, -number) of the articles where it weighs most."""
        self.related: dict[Hashable, list[Hashable]] = {}

    def read(self, issue: str, members: list[Hashable], words: dict[Hashable, list[str]],
             names: dict[Hashable, Set[str]] | None, digest: str) -> None:
        first = len(self.keys)
        self.keys += members
        counts = {key: Counter(words[key]) for key in members}
        df = self.df
        for c in counts.values():
            df.update(c.keys())
        n = len(self.keys)
        idf = {w: math.log((n + 1) / (df[w] + 0.5)) for c in counts.values() for w in c}
        vectors = [_vector(counts[key], idf.__getitem__,
                           names.get(key, ()) if names is not None else ()) for key in members]
        postings = self.postings
        for offset, vector in enumerate(vectors):
            for word, weight in vector.items():
                heap, entry = postings[word], (weight, -(first + offset))
                if len(heap) < POSTINGS_PER_TERM:
                    heapq.heappush(heap, entry)
                elif entry > heap[0]:  # equal weights: the earlier article stays
                    heapq.heapreplace(heap, entry)
        for offset, vector in enumerate(vectors):
            mine = first + offset
            scores: dict[int, float] = defaultdict(float)
            for word, weight in vector.items():
                for other_weight, other in postings[word]:
                    scores[-other] += weight * other_weight
            scores.pop(mine, None)  # not related to itself
            ranked = heapq.nsmallest(  # ties: the article read first
                MAX_RELATED, ((-s * (SAME_ISSUE_FACTOR if o >= first else 1.0), o)
                              for o, s in scores.items()))
            self.related[members[offset]] = [self.keys[o] for s, o in ranked
                                             if -s >= MIN_SIMILARITY]
        self.chain.append(digest)


def _digests(issues: list[tuple[str, list[Hashable]]], content: Callable[[Hashable], str],
             seed: str) -> list[str]:
    """One digest per issue, of its articles' content and every issue before it."""
    chain, previous = [], f"{VERSION}\x1e{seed}"
    for issue, members in issues:
        digest = hashlib.sha256(f"{previous}\x1e{issue}".encode())
        for key in members:
            digest.update(f"\x1e{key}\x1d{content(key)}".encode())
        previous = digest.hexdigest()
        chain.append(previous)
    return chain


def _content(words: Mapping[Hashable, list[str]], names: Mapping[Hashable, Set[str]] | None
             ) -> Callable[[Hashable], str]:
    return lambda key: "\x1f".join(words[key]) + "\x1d" + "\x1f".join(
        sorted(names.get(key, ()) if names is not None else ()))


def read_archive(words: Mapping[Hashable, list[str]], issue_of: dict[Hashable, str],
                 names: Mapping[Hashable, Set[str]] | None = None,
                 resume: Reading | None = None,
                 content: tuple[Callable[[Hashable], str], str] | None = None) -> Reading:
    """Read the archive in date order (issue ids), resuming `resume` (a reading of an earlier
    build: it is changed) when its issues are this archive's first ones, unchanged.
    `content`: a cheaper stand-in for each article's words and names in the issues'
    digests, and a seed for what else decides them (by default the words and names
    themselves; `words` and `names` may then compute an article's words when asked)."""
    by_issue: dict[str, list[Hashable]] = defaultdict(list)
    for key in sorted(issue_of):
        by_issue[issue_of[key]].append(key)
    issues = sorted(by_issue.items())
    chain = _digests(issues, *(content or (_content(words, names), "")))
    reading = resume if (resume is not None and resume.chain
                         and resume.chain == chain[:len(resume.chain)]) else Reading()
    for (issue, members), digest in list(zip(issues, chain, strict=True))[len(reading.chain):]:
        reading.read(issue, members, words, names, digest)
    return reading


def related_articles(words: dict[Hashable, list[str]], issue_of: dict[Hashable, str],
                     names: dict[Hashable, Set[str]] | None = None
                     ) -> dict[Hashable, list[Hashable]]:
    """For each article, up to five most similar articles of its issue and the earlier ones
    (issues in the order of their ids: dates), above `MIN_SIMILARITY`, other issues first
    (`names`: each article's names, which weigh more)."""
    related = read_archive(words, {key: issue_of[key] for key in words}, names).related
    return {key: related[key] for key in sorted(words)}
