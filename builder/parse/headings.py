"""Article title or subheading? Decided from the text around a heading candidate.

Used when an issue has no contents block. A new article starts where the text
after a heading stops talking about what the current article's title and lead
talk about; a subheading continues it. Two typographic hints add to that: a
news lead opening (`12月14日，`, `近日，`) and, when an issue's title font spaces
Latin from Chinese while its subheadings do not, that spacing.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

LEAD_THRESHOLD = 0.12
"""Similarity to the current article's title and lead above which text continues it."""
RECENT_THRESHOLD = 0.12
"""Similarity to the text just before above which text continues it."""
UNSURE = 0.3
"""Decisions with less evidence than this either way are reported as warnings."""
_WORDISH = re.compile(r"[^\u3400-\u9fffA-Za-z0-9]+")
_BOUNDARY = re.compile(r"[A-Za-z0-9]( ?)[\u3400-\u9fff]|[\u3400-\u9fff]( ?)[A-Za-z0-9]")
_OPENER = re.compile(r"^(?:\d{1,2}月\d{1,2}日|近日|日前|本报讯|据.{0,12}报道|记者.{0,10}获悉)")


@lru_cache(maxsize=8192)
def bigram_list(text: str) -> tuple[str, ...]:
    """Character bigrams within runs of letters and digits, in order (cached per text)."""
    return tuple(run[i:i + 2] for run in _WORDISH.split(text) for i in range(len(run) - 1))


def window_bigrams(texts: Sequence[str]) -> Counter[str]:
    """Bigram counts of several paragraphs together."""
    return Counter(chain.from_iterable(bigram_list(text) for text in texts))


@dataclass(frozen=True)
class Weights:
    """Inverse document frequencies of bigrams over one issue's paragraphs."""

    idf: dict[str, float]
    """Bigram → idf."""

    @classmethod
    def of(cls, paragraphs: list[str]) -> Weights:
        """IDF over the given paragraphs."""
        df: Counter[str] = Counter()
        for text in paragraphs:
            df.update(set(bigram_list(text)))
        n = max(len(paragraphs), 1)
        return cls({gram: math.log(n / (1 + count)) + 1 for gram, count in df.items()})

    def similarity(self, a: Sequence[str], b: Sequence[str]) -> float:
        """TF-IDF cosine similarity of the bigrams of two windows of paragraphs."""
        va, vb = self._vector(a), self._vector(b)
        dot = sum(w * vb[g] for g, w in va.items() if g in vb)
        norm = math.sqrt(sum(w * w for w in va.values()) * sum(w * w for w in vb.values()))
        return dot / norm if norm else 0.0

    def _vector(self, texts: Sequence[str]) -> dict[str, float]:
        idf = self.idf
        return {g: n * idf.get(g, 1.0) for g, n in window_bigrams(texts).items()}


def latin_spacing(text: str) -> int:
    """+1 when every Latin–Chinese boundary in `text` is spaced, -1 when none is, else 0."""
    spaced = [bool(a or b) for a, b in _BOUNDARY.findall(text)]
    if not spaced or any(spaced) != all(spaced):
        return 0
    return 1 if spaced[0] else -1


def spacing_convention(headings: list[str]) -> bool:
    """True when some headings space Latin from Chinese and others do not (two fonts)."""
    signs = Counter(latin_spacing(h) for h in headings)
    return signs[1] >= 2 and signs[-1] >= 2


@dataclass(frozen=True)
class Context:
    """The text around one heading candidate."""

    heading: str
    """The candidate's text."""
    after: tuple[str, ...]
    """The paragraphs that follow it."""
    lead: tuple[str, ...]
    """Title and opening paragraphs of the article it would otherwise belong to."""
    recent: tuple[str, ...]
    """The paragraphs just before it."""


def article_evidence(ctx: Context, weights: Weights, spacing: bool) -> float:
    """Positive when `ctx.heading` starts a new article, negative for a subheading."""
    evidence = 8 * (LEAD_THRESHOLD - weights.similarity(ctx.after, ctx.lead))
    evidence += 4 * (RECENT_THRESHOLD - weights.similarity(ctx.after, ctx.recent))
    if spacing:
        evidence += 1.2 * latin_spacing(ctx.heading)
    if ctx.after and _OPENER.match(ctx.after[0]):
        evidence += 0.8
    return evidence
