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


def _vector(counts: Counter[str], idf, special: Set[str]) -> dict[str, float]:
    """Unit-length TF-IDF vector cut to its strongest terms; `special` words (names)
    weigh `NAME_WEIGHT` times more."""
    top = heapq.nlargest(TERMS_PER_ARTICLE, (
        (v * idf(w) * (NAME_WEIGHT if w in special else 1.0), w) for w, v in counts.items()))
    norm = math.sqrt(sum(v * v for v, _ in top)) or 1.0
    return {w: v / norm for v, w in top if v > 0}


def related_articles(words: dict[Hashable, list[str]], issue_of: dict[Hashable, str],
                     names: dict[Hashable, Set[str]] | None = None
                     ) -> dict[Hashable, list[Hashable]]:
    """For each article, up to five most similar articles of its issue and the earlier ones
    (issues in the order of their ids: dates), above `MIN_SIMILARITY`, other issues first
    (`names`: each article's names, which weigh more)."""
    keys = sorted(words)
    number = {key: n for n, key in enumerate(keys)}  # ints hash and compare cheaply
    by_issue: dict[str, list[Hashable]] = defaultdict(list)
    for key in keys:
        by_issue[issue_of[key]].append(key)
    df: Counter[str] = Counter()
    seen = 0
    postings: dict[str, list[tuple[float, int]]] = defaultdict(list)
    """Per term, a heap of the (weight, -number) of the articles where it weighs most."""
    result = {}
    for issue in sorted(by_issue):
        members = by_issue[issue]
        counts = {key: Counter(words[key]) for key in members}
        for c in counts.values():
            df.update(c.keys())
        seen += len(members)
        def idf(word: str, n: int = seen) -> float:
            return math.log((n + 1) / (df[word] + 0.5))
        vectors = {key: _vector(counts[key], idf, names.get(key, ()) if names else ())
                   for key in members}
        for key in members:
            for word, weight in vectors[key].items():
                heap, entry = postings[word], (weight, -number[key])
                if len(heap) < POSTINGS_PER_TERM:
                    heapq.heappush(heap, entry)
                elif entry > heap[0]:  # equal weights: the earlier key stays (deterministic)
                    heapq.heapreplace(heap, entry)
        for key in members:
            mine = number[key]
            scores: dict[int, float] = defaultdict(float)
            for word, weight in vectors[key].items():
                for other_weight, other in postings[word]:
                    scores[-other] += weight * other_weight
            scores.pop(mine, None)  # not related to itself
            ranked = heapq.nsmallest(  # ties: numbers are in the order of the keys
                MAX_RELATED, ((-s * (SAME_ISSUE_FACTOR if issue_of[keys[o]] == issue else 1.0),
                               o) for o, s in scores.items()))
            result[key] = [keys[o] for s, o in ranked if -s >= MIN_SIMILARITY]
    return result
