"""Topics: which articles follow a subject, and the sentence that mentions it.

An article belongs to a topic on more than a passing mention: a keyword in the
title, or at least `min_hits` keyword occurrences in the body.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Set

from builder.model import Mention, Topic

_SENTENCE = re.compile(r"[^。！？!?]*[。！？!?]?")
MAX_SENTENCE = 120


def word_counts(words: list[str]) -> Counter[str]:
    """Words counted case-insensitively, as topic keywords are matched."""
    return Counter(map(str.lower, words))


def may_mention(topic: Topic, words: Set[str]) -> bool:
    """False when `topic_mention` is sure to find nothing: none of the topic's keywords is
    among the article's (case-folded) title and body words, and it needs at least one."""
    return topic.min_hits <= 0 or not topic.folded_keywords.isdisjoint(words)


def topic_mention(topic: Topic, title: str, title_words: Counter[str], body_words: Counter[str],
                  paragraphs: list[str]) -> Mention | None:
    """The article's mention of the topic, or None when it does not belong.

    `title_words` and `body_words` are `word_counts` of the title and the body."""
    keywords = topic.folded_keywords
    in_title = any(title_words[k] for k in keywords)
    if not in_title and any(x in title for x in topic.exclude):
        return None
    hits = sum(body_words[k] for k in keywords)
    if not in_title and hits < topic.min_hits:
        return None
    sentence, keyword = _first_sentence(topic, paragraphs) or (title, _find(topic, title))
    return Mention(hits + in_title, sentence, keyword)


def _find(topic: Topic, text: str) -> str:
    """The longest keyword found in `text` (case-insensitive), as written there."""
    for keyword in sorted(topic.keywords, key=len, reverse=True):
        at = text.lower().find(keyword.lower())
        if at >= 0:
            return text[at:at + len(keyword)]
    return ""


def _first_sentence(topic: Topic, paragraphs: list[str]) -> tuple[str, str] | None:
    for paragraph in paragraphs:
        for sentence in _SENTENCE.findall(paragraph):
            if keyword := _find(topic, sentence):
                return _clip(sentence.strip(), keyword), keyword
    return None


def _clip(sentence: str, keyword: str) -> str:
    """A long sentence cut around its keyword, with an ellipsis where it was cut."""
    if len(sentence) <= MAX_SENTENCE:
        return sentence
    at = sentence.find(keyword)
    start = max(0, min(at - MAX_SENTENCE // 3, len(sentence) - MAX_SENTENCE))
    clipped = sentence[start:start + MAX_SENTENCE]
    return ("…" if start else "") + clipped + ("…" if start + MAX_SENTENCE < len(sentence) else "")
