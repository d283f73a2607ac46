"""Tags per article: TF-IDF over the archive itself, nouns and names, a controlled vocabulary.

IDF is computed over this newsletter's articles, so words found in most of them
(发展, 企业 …) score low or are dropped outright; stop words and blocked words
never count; synonyms merge into one canonical tag; `always` terms are tagged
whenever an article has them in its title or mentions them at least twice.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Hashable, Set
from dataclasses import dataclass
from functools import cache

from builder.enrich.vocab import Vocabulary
from builder.model import Tag
from builder.parse.slugs import pinyin_slug

MIN_TAGS, MAX_TAGS = 3, 8
TITLE_WEIGHT = 3
MAX_DOCUMENT_SHARE = 0.5
"""A word in more than this share of the archive's articles is never a tag."""
NOUNS = frozenset({"n", "nr", "nr1", "nr2", "nrj", "nrf", "nrfg", "nrt", "ns", "nsf", "nt",
                   "nz", "nl", "ng", "eng"})
NAMES = frozenset({"nr", "nrfg", "nrt", "ns", "nt", "nz", "eng"})
"""Names (people, places, organisations, products): specific enough after two mentions."""
CONSIDERED = 40
"""Only the best-scoring words of an article are considered as tags."""
RELATIVE_FLOOR = 0.2
"""A tag scores at least this share of the article's best candidate."""
MIN_ARTICLES = 2
"""A tag groups at least this many articles (unless an editor asked for it)."""


@dataclass(frozen=True)
class TagDoc:
    """What tagging needs of one article: candidate words of its title and body."""

    title: tuple[str, ...]
    """Canonical candidate words of the title, in order."""
    body: tuple[str, ...]
    """Canonical candidate words of the body, in order."""
    names: frozenset[str] = frozenset()
    """Candidates that are names or curated terms (specific enough after two mentions)."""


def is_candidate(word: str, pos: str, vocab: Vocabulary, terms: set[str]) -> bool:
    """A word that could be a tag: a noun or name (or a curated term), not a stop word."""
    if word in vocab.stopwords or word in vocab.blocked:
        return False
    if word in terms:
        return True
    if len(word) < 2:
        return False
    if not any(c.isalpha() for c in word) or word[0] in "-.%+":
        return False
    if pos == "eng":  # acronyms and model names (AWS, M6), not English words (To, Beta)
        return any(c.isdigit() for c in word) or sum(c.isupper() for c in word) >= 2
    return pos in NOUNS


def document_frequencies(docs: list[TagDoc]) -> Counter[str]:
    """In how many articles each candidate word occurs."""
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(set(doc.title) | set(doc.body))
    return df


def _scores(doc: TagDoc, df: Counter[str], n: int) -> dict[str, float]:
    tf = Counter(doc.body)
    for word in doc.title:
        tf[word] += TITLE_WEIGHT
    return {w: count * math.log((n + 1) / (df[w] + 0.5)) for w, count in tf.items()
            if df[w] <= MAX_DOCUMENT_SHARE * n or n < 4}


def _ranked(scores: dict[str, float]) -> list[str]:
    return heapq.nsmallest(CONSIDERED, scores, key=lambda w: (-scores[w], w))


def _strong(doc: TagDoc, scores: dict[str, float], ranked: list[str]) -> list[str]:
    """Words that stand out: near the best score, and in the title or mentioned repeatedly
    (twice for names, three times for other words)."""
    body = Counter(doc.body)
    floor = RELATIVE_FLOOR * scores[ranked[0]] if ranked else 0
    return [w for w in ranked if scores[w] >= floor
            and (w in doc.title or body[w] >= (2 if w in doc.names else 3))]


def pick_tags(doc: TagDoc, df: Counter[str], n: int, vocab: Vocabulary,
              eligible: Set[str] | None = None) -> list[str]:
    """Up to 8 tags: curated terms present, then the best TF-IDF words mentioned more than
    once, at least 3 where there are enough `eligible` words (default: any word)."""
    body = Counter(doc.body)
    always = [t for t in vocab.always if t in doc.title or body[t] >= 2]
    always.sort(key=lambda t: (t not in doc.title, -body[t]))
    scores = _scores(doc, df, n)
    if eligible is not None:
        scores = {w: s for w, s in scores.items() if w in eligible}
    ranked = _ranked(scores)
    strong = _strong(doc, scores, ranked)
    tags: list[str] = []
    for word in always + strong + ranked:
        if word not in tags and (len(tags) < MIN_TAGS or word in always or word in strong):
            tags.append(word)
        if len(tags) == MAX_TAGS:
            break
    return tags


def tag_articles(docs: dict[Hashable, TagDoc], vocab: Vocabulary,
                 edits: dict[Hashable, tuple[list[str], set[str]]]) -> dict[Hashable, list[str]]:
    """Tag names per article: the editors' additions (`edits`: added, removed), then
    `pick_tags` among the words that stand out in at least `MIN_ARTICLES` articles and
    end up grouping as many — a tag page with one article tells a reader nothing its
    article does not."""
    df = document_frequencies(list(docs.values()))
    n = len(docs)
    standing_out: Counter[str] = Counter()
    for doc in docs.values():
        scores = _scores(doc, df, n)
        standing_out.update(_strong(doc, scores, _ranked(scores)))
    eligible = {w for w, times in standing_out.items() if times >= MIN_ARTICLES}
    while True:
        tags = {}
        for key, doc in docs.items():
            added, removed = edits[key]
            picked = [w for w in pick_tags(doc, df, n, vocab, eligible) if w not in removed]
            tags[key] = list(dict.fromkeys(added + picked))
        used = Counter(w for names in tags.values() for w in names)
        lonely = {w for w in eligible if 0 < used[w] < MIN_ARTICLES}
        if not lonely:
            return tags
        eligible -= lonely  # shrinks every round: the loop ends


@cache
def tag_of(name: str) -> Tag:
    """The Tag for a display name (the pinyin slug is worked out once per name)."""
    return Tag(pinyin_slug(name), name)
