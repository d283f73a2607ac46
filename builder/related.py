"""Related articles: cosine similarity of TF-IDF vectors across the whole archive.

Up to five per article, other issues preferred, deterministic. Candidates come
from an inverted index over each article's strongest terms, so the work grows
with the archive, not with its square.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable

MAX_RELATED = 5
TERMS_PER_ARTICLE = 40
MIN_SIMILARITY = 0.01
SAME_ISSUE_FACTOR = 0.8
"""Similarity of an article of the same issue is discounted: other issues are preferred."""
MAX_POSTINGS = 400
"""Terms in more articles than this give no candidates (they say little about relatedness)."""


def tfidf_vectors(words: dict[Hashable, list[str]]) -> dict[Hashable, dict[str, float]]:
    """Unit-length TF-IDF vectors, each cut to its strongest terms."""
    n = len(words)
    df: Counter[str] = Counter()
    for ws in words.values():
        df.update(set(ws))
    vectors = {}
    for key, ws in words.items():
        weights = {w: c * math.log((n + 1) / (df[w] + 0.5)) for w, c in Counter(ws).items()}
        top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:TERMS_PER_ARTICLE]
        norm = math.sqrt(sum(v * v for _, v in top)) or 1.0
        vectors[key] = {w: v / norm for w, v in top if v > 0}
    return vectors


def related_articles(words: dict[Hashable, list[str]], issue_of: dict[Hashable, str]
                     ) -> dict[Hashable, list[Hashable]]:
    """For each article, up to five most similar articles, other issues first."""
    vectors = tfidf_vectors(words)
    postings: dict[str, list[tuple[Hashable, float]]] = defaultdict(list)
    for key in sorted(vectors):
        for word, weight in vectors[key].items():
            postings[word].append((key, weight))
    result = {}
    for key in sorted(vectors):
        scores: dict[Hashable, float] = defaultdict(float)
        for word, weight in vectors[key].items():
            if len(postings[word]) > MAX_POSTINGS:
                continue
            for other, other_weight in postings[word]:
                if other != key:
                    scores[other] += weight * other_weight
        ranked = sorted(((s * (SAME_ISSUE_FACTOR if issue_of[o] == issue_of[key] else 1.0), o)
                         for o, s in scores.items()), key=lambda so: (-so[0], so[1]))
        result[key] = [o for s, o in ranked if s >= MIN_SIMILARITY][:MAX_RELATED]
    return result
