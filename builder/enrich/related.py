"""Related articles: cosine similarity of TF-IDF vectors across the whole archive.

Up to five per article, other issues preferred, deterministic. Candidates come
from an inverted index over each article's strongest terms, each term keeping
only the articles where it weighs most, so the work grows with the archive,
not with its square.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Set

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


def tfidf_vectors(words: dict[Hashable, list[str]], names: dict[Hashable, Set[str]] | None = None
                  ) -> dict[Hashable, dict[str, float]]:
    """Unit-length TF-IDF vectors, each cut to its strongest terms; an article's `names`
    weigh `NAME_WEIGHT` times more."""
    n = len(words)
    counts = {key: Counter(ws) for key, ws in words.items()}
    df: Counter[str] = Counter()
    for c in counts.values():
        df.update(c.keys())
    idf = {w: math.log((n + 1) / (d + 0.5)) for w, d in df.items()}
    vectors = {}
    for key, c in counts.items():
        special = names.get(key, ()) if names else ()
        top = heapq.nlargest(TERMS_PER_ARTICLE, (
            (v * idf[w] * (NAME_WEIGHT if w in special else 1.0), w) for w, v in c.items()))
        norm = math.sqrt(sum(v * v for v, _ in top)) or 1.0
        vectors[key] = {w: v / norm for v, w in top if v > 0}
    return vectors


def _postings(vectors: dict[Hashable, dict[str, float]]) -> dict[str, list[tuple[Hashable, float]]]:
    postings: dict[str, list[tuple[float, Hashable]]] = defaultdict(list)
    for key in sorted(vectors):
        for word, weight in vectors[key].items():
            postings[word].append((weight, key))
    # nlargest is stable: equal weights keep the sorted order of the keys (deterministic)
    return {w: [(k, v) for v, k in heapq.nlargest(POSTINGS_PER_TERM, entries,
                                                   key=lambda e: e[0])]
            for w, entries in postings.items()}


def related_articles(words: dict[Hashable, list[str]], issue_of: dict[Hashable, str],
                     names: dict[Hashable, Set[str]] | None = None
                     ) -> dict[Hashable, list[Hashable]]:
    """For each article, up to five most similar articles above `MIN_SIMILARITY`, other
    issues first (`names`: each article's names, see `tfidf_vectors`)."""
    vectors = tfidf_vectors(words, names)
    keys = sorted(vectors)
    number = {key: n for n, key in enumerate(keys)}  # ints hash and compare cheaply
    postings = {w: [(number[k], v) for k, v in entries]
                for w, entries in _postings(vectors).items()}
    issues = [issue_of[key] for key in keys]
    result = {}
    for n, key in enumerate(keys):
        scores: dict[int, float] = defaultdict(float)
        for word, weight in vectors[key].items():
            for other, other_weight in postings[word]:
                scores[other] += weight * other_weight
        scores.pop(n, None)  # not related to itself
        mine = issues[n]
        ranked = heapq.nsmallest(  # ties: numbers are in the order of the keys
            MAX_RELATED, ((-s * (SAME_ISSUE_FACTOR if issues[o] == mine else 1.0), o)
                          for o, s in scores.items()))
        result[key] = [keys[o] for s, o in ranked if -s >= MIN_SIMILARITY]
    return result
