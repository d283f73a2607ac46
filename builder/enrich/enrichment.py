"""Enrich: words once per article (cached), then tags, topic timelines and related articles.

Runs after every issue is parsed and before any page is written. The tag →
articles index and the topic timelines live here, outside the articles.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import pickle
from collections import Counter
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter
from pathlib import Path

from builder.cache import CODE, OutputCache, write_atomically
from builder.enrich.related import Reading, read_archive
from builder.enrich.segment import TokenCache, make_segmenter
from builder.enrich.tags import (
    NAMES,
    TagDoc,
    document_frequencies,
    is_candidate,
    tag_articles,
    tag_of,
)
from builder.enrich.terms import ArchiveTerms, TermCounts, decide_terms, variants
from builder.enrich.topics import may_mention, topic_mention, word_counts
from builder.enrich.vocab import Vocabulary, load_topics, load_vocabulary
from builder.model import (
    Archive,
    Article,
    ArticleKey,
    Enrichment,
    Issue,
    Mention,
    Tag,
    Topic,
    TopicTimeline,
)
from builder.settings import SITE_DATA

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Words:
    title: list[tuple[str, str]]
    body: list[tuple[str, str]]

    def counts(self) -> tuple[Counter[str], Counter[str]]:
        """Case-folded word counts of title and body, for topic matching."""
        return word_counts([w for w, _ in self.title]), word_counts([w for w, _ in self.body])


def article_key(issue: Issue, article: Article) -> ArticleKey:
    return (issue.id, article.slug)


def body_text(article: Article) -> str:
    return "\n".join(block.text for block in article.blocks)


class _Filter:
    """Which (word, part of speech) pairs are tag candidates, decided once per pair."""

    def __init__(self, vocab: Vocabulary, terms: set[str],
                 excluded: frozenset[str] = frozenset()) -> None:
        self.vocab, self.terms, self.excluded = vocab, terms, excluded
        self.decided: dict[tuple[str, str], str | None] = {}

    def canonical(self, pair: tuple[str, str]) -> str | None:
        if pair not in self.decided:
            word = self.vocab.canonical(pair[0])
            keep = (word not in self.excluded
                    and is_candidate(word, pair[1], self.vocab, self.terms))
            self.decided[pair] = word if keep else None
        return self.decided[pair]

    def candidates(self, pairs: list[tuple[str, str]]) -> tuple[str, ...]:
        decided, canonical = self.decided, self.canonical
        words = [decided[p] if p in decided else canonical(p) for p in pairs]
        return tuple(filter(None, words))

    def names(self, words: _Words) -> frozenset[str]:
        decided = self.decided  # every pair was decided by candidates() before
        return frozenset(w for pair in set(words.title) | set(words.body)
                         if (w := decided[pair]) and (pair[1] in NAMES or w in self.terms))


def _curated(site_data: Path) -> tuple[Vocabulary, tuple[Topic, ...], set[str]]:
    """The tag vocabulary, the topics, and the terms of both (kept whole when segmenting)."""
    vocab, topics = load_vocabulary(site_data), load_topics(site_data)
    return vocab, topics, vocab.terms() | {k for t in topics for k in t.keywords}


def token_cache(site_data: Path = SITE_DATA, cache_path: Path | None = None) -> TokenCache:
    """The archive's segmentation: the domain dictionary plus the tag vocabulary and topic
    keywords, each text segmented once and kept in `cache_path`."""
    terms = _curated(site_data)[2]
    return TokenCache(cache_path, make_segmenter(site_data / "userdict.txt", terms))


def enrich(archive: Archive, site_data: Path = SITE_DATA, cache_path: Path | None = None,
           tokens: TokenCache | None = None, reading: Path | None = None) -> Enrichment:
    """Tags, topics and related articles for every article of the archive (segmented by
    `tokens`, or by a `token_cache` kept in `cache_path`; the related articles' reading of
    the archive kept in `reading`, resumed after the issues it shares with this archive)."""
    vocab, topics, terms = _curated(site_data)
    curated = _curated_fingerprint(site_data)
    cache = tokens or token_cache(site_data, cache_path)
    order = [(issue, article) for issue in archive.issues for article in issue.articles]
    words = {article_key(i, a): _Words(cache.tagged(a.title), cache.tagged(body_text(a)))
             for i, a in order}
    cache.save()
    oldest_first = [(_issue_digest(i, curated), [article_key(i, a) for a in i.articles])
                    for i in reversed(archive.issues)]
    docs = _tag_docs(words, vocab, oldest_first,
                     reading.with_name("tags.pickle") if reading else None)
    tags = _tags(docs, vocab, {article_key(i, a): a for i, a in order})
    return Enrichment(
        tags=tags,
        tag_index=_tag_index(tags),
        topics=_timelines(topics, archive, words, curated,
                          reading.with_name("topics.pickle") if reading else None),
        related=_related(words, vocab, {article_key(i, a): a for i, a in order}, curated,
                         reading),
        cache={"hits": cache.hits, "misses": cache.misses},
    )


@dataclass
class _TagReading:
    """The archive's term counts as far as a build read them (issues oldest first, by the
    digest of their articles), what the counts decided, and each article's tag candidates
    with the digest of its issue, before units and generic words are left out: the next
    build adds the issues it did not read and works out again only the candidates of
    articles that changed or hold a word now joined otherwise (`ArchiveTerms.rejoined`);
    a word that became or stopped being generic or a unit is a filter, not a new reading."""

    chain: tuple[str, ...]
    counts: TermCounts
    found: ArchiveTerms
    docs: dict[ArticleKey, tuple[str, TagDoc]]


def _tag_docs(words: dict[ArticleKey, _Words], vocab: Vocabulary,
              issues: list[tuple[str, list[ArticleKey]]], path: Path | None = None
              ) -> dict[ArticleKey, TagDoc]:
    """Each article's tag candidates, after the archive's counts decided which words are
    pieces of names, units, generic words or variants of each other (builder/enrich/terms).
    `issues`: each issue's digest and articles, oldest first; `path`: where the counts are
    kept for the next build (resumed when the archive begins with the issues they read)."""
    curated = vocab.terms()
    first = _Filter(vocab, curated)
    last = _unpickle(path)
    digests = tuple(digest for digest, _ in issues)
    if isinstance(last, _TagReading) and digests[:len(last.chain)] == last.chain:
        counts, read, old = last.counts, len(last.chain), last.docs
    else:
        counts, read, old = TermCounts(), 0, {}
    counts.add((words[key].title, words[key].body) for _, keys in issues[read:] for key in keys)
    found = decide_terms(counts, lambda pair: first.canonical(pair) is not None,
                         lambda pair: pair[1] in NAMES, curated, vocab.stopwords)
    changed = last.found.rejoined(found) if old else frozenset()
    kept: dict[ArticleKey, tuple[str, TagDoc]] = {}
    for digest, keys in issues:
        for key in keys:
            doc = old.get(key)
            if doc is None or doc[0] != digest or not changed.isdisjoint(
                    map(itemgetter(0), chain(words[key].title, words[key].body))):
                doc = (digest, _tag_doc(first, found, words[key]))
            kept[key] = doc
    excluded = found.units | found.generic
    docs = {key: _without(kept[key][1], excluded) for key in words}  # in archive order
    if path is not None and (read != len(digests) or kept != old):
        write_atomically(path, pickle.dumps(_TagReading(digests, counts, found, kept),
                                            protocol=pickle.HIGHEST_PROTOCOL))
    merged = variants({w for d in docs.values() for w in d.title + d.body},
                      document_frequencies(list(docs.values())), vocab.suffixes, curated)
    if not merged:
        return docs
    rename = lambda ws: tuple(merged.get(w, w) for w in ws)  # noqa: E731
    return {key: TagDoc(rename(d.title), rename(d.body), frozenset(rename(d.names)))
            for key, d in docs.items()}


def _tag_doc(keep: _Filter, found: ArchiveTerms, words: _Words) -> TagDoc:
    joined = _Words(found.join(words.title), found.join(words.body))
    return TagDoc(keep.candidates(joined.title), keep.candidates(joined.body),
                  keep.names(joined))


def _without(doc: TagDoc, excluded: frozenset[str]) -> TagDoc:
    """`doc` without the words of `excluded` (units, generic words): the candidates of a
    `_Filter` that excludes them (it tests the same canonical word)."""
    if excluded.isdisjoint(doc.title) and excluded.isdisjoint(doc.body):
        return doc if excluded.isdisjoint(doc.names) else dataclasses.replace(
            doc, names=doc.names - excluded)
    return TagDoc(tuple(w for w in doc.title if w not in excluded),
                  tuple(w for w in doc.body if w not in excluded), doc.names - excluded)


def _related(words: dict[ArticleKey, _Words], vocab: Vocabulary,
             articles: dict[ArticleKey, Article], curated: str, path: Path | None
             ) -> dict[ArticleKey, tuple[ArticleKey, ...]]:
    """Most similar articles of the same or earlier issues, names weighing more than other
    words; none for an article that shares no subject with another (a list of loosely
    related articles misleads). Each article's words are its own — the curated vocabulary
    and parts of speech decide, not the archive's counts, so that an issue added later
    changes nothing of an earlier one's — and are worked out only for the issues the last
    build's reading (`path`) did not cover."""
    own = _Filter(vocab, vocab.terms())
    docs = _Lazy(lambda key: TagDoc(own.candidates(words[key].title),
                                    own.candidates(words[key].body), own.names(words[key])))
    resume = _load_reading(path)
    issues_read = len(resume.chain) if resume else 0
    content = (lambda key: f"{articles[key].title}\x1d{body_text(articles[key])}", curated)
    reading = read_archive(_Lazy(lambda key: [*docs[key].title, *docs[key].body]),
                           {k: k[0] for k in words}, _Lazy(lambda key: docs[key].names),
                           resume, content)
    if path is not None and (reading is not resume or len(reading.chain) != issues_read):
        write_atomically(path, pickle.dumps(reading, protocol=pickle.HIGHEST_PROTOCOL))
    return {key: tuple(reading.related[key]) for key in words}


def _load_reading(path: Path | None) -> Reading | None:
    reading = _unpickle(path)
    return reading if isinstance(reading, Reading) else None


class _Lazy(dict):
    """A dictionary whose value for a key is made the first time the key is asked for."""

    def __init__(self, make) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key):
        self[key] = value = self.make(key)
        return value

    def get(self, key, default=None):
        return self[key]


def _curated_fingerprint(site_data: Path) -> str:
    digest = hashlib.sha256(CODE.encode())
    for path in sorted(p for p in site_data.glob("*") if p.is_file()):
        digest.update(path.name.encode() + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _tags(docs: dict[ArticleKey, TagDoc], vocab: Vocabulary,
          articles: dict[ArticleKey, Article]) -> dict[ArticleKey, tuple[Tag, ...]]:
    edits = {key: ([vocab.canonical(t) for t in a.tags_added],
                   {vocab.canonical(t) for t in a.tags_removed}) for key, a in articles.items()}
    return {key: tuple(map(tag_of, names))
            for key, names in tag_articles(docs, vocab, edits).items()}


def _tag_index(tags: dict[ArticleKey, tuple[Tag, ...]]) -> dict[Tag, tuple[ArticleKey, ...]]:
    index: dict[Tag, list[ArticleKey]] = {}
    for key, article_tags in tags.items():
        for tag in article_tags:
            index.setdefault(tag, []).append(key)
    return {tag: tuple(keys) for tag, keys in index.items()}


def _timelines(topics: tuple[Topic, ...], archive: Archive, words: dict[ArticleKey, _Words],
               curated: str, path: Path | None = None) -> tuple[TopicTimeline, ...]:
    """Each topic's articles, oldest first. Whether an article mentions a topic is its own
    affair: the mentions are worked out per issue and kept in `path` by the digest of the
    issue's articles, so a build finds them again for every issue that did not change."""
    cached = _load_cache(path)
    by_issue: dict[str, dict[str, list[tuple[ArticleKey, Mention]]]] = {}
    for issue in reversed(archive.issues):  # oldest first
        digest = _issue_digest(issue, curated)
        found = cached.get(digest)
        by_issue[digest] = found if isinstance(found, dict) else _mentions(topics, issue, words)
    if path is not None and by_issue.keys() != cached.keys():
        write_atomically(path, pickle.dumps(by_issue, protocol=pickle.HIGHEST_PROTOCOL))
    timelines = []
    for topic in topics:
        mentions = {key: m for found in by_issue.values() for key, m in found.get(topic.slug, ())}
        per_issue = Counter(key[0] for key in mentions)
        timelines.append(TopicTimeline(topic, mentions, tuple(
            (issue.id, per_issue[issue.id]) for issue in reversed(archive.issues))))
    return tuple(timelines)


def _mentions(topics: tuple[Topic, ...], issue: Issue, words: dict[ArticleKey, _Words]
              ) -> dict[str, list[tuple[ArticleKey, Mention]]]:
    """The issue's articles that mention each topic (by slug), in the issue's order."""
    keywords = {k for topic in topics for k in topic.folded_keywords}  # of any topic
    found: dict[str, list[tuple[ArticleKey, Mention]]] = {}
    for article in issue.articles:
        key = article_key(issue, article)
        title, body = words[key].counts()
        present = (title.keys() | body.keys()) & keywords
        paragraphs = [b.text for b in article.blocks if b.kind == "paragraph"]
        for topic in topics:
            if may_mention(topic, present) and (
                    mention := topic_mention(topic, article.title, title, body, paragraphs)):
                found.setdefault(topic.slug, []).append((key, mention))
    return found


def _issue_digest(issue: Issue, curated: str) -> str:
    """What an issue's enrichment of its own depends on: its articles (keys, titles, blocks)
    and the curated data."""
    return hashlib.sha256(f"{curated}\x1e{issue.articles_digest}".encode()).hexdigest()


def _load_cache(path: Path | None) -> dict:
    """A dictionary pickled by an earlier build; empty when missing or unreadable."""
    found = _unpickle(path)
    return found if isinstance(found, dict) else {}


def _unpickle(path: Path | None) -> object | None:
    """What an earlier build pickled into `path`; None when missing or unreadable."""
    if path is None or not path.is_file():
        return None
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)  # noqa: S301 (the builder's own cache file)
    except (OSError, ValueError, TypeError, EOFError, AttributeError, pickle.UnpicklingError):
        return None


def articles_fingerprint(archive: Archive, site_data: Path) -> str:
    """Hash of what enrichment depends on: every article's key, title and text, the issue
    order, the editors' tag changes and the curated data — not issue titles or dates."""
    digest = hashlib.sha256(_curated_fingerprint(site_data).encode())
    for issue in archive.issues:
        digest.update(issue.articles_digest.encode())
    return digest.hexdigest()


def cached_enrich(archive: Archive, site_data: Path, cache_dir: Path | None,
                  tokens: TokenCache | None = None) -> Enrichment:
    """`enrich`, reused when no article changed (an issue's title or date, say)."""
    if cache_dir is None:
        return enrich(archive, site_data, tokens=tokens)
    cache = OutputCache(cache_dir, "enrichment.pickle")
    fingerprint = articles_fingerprint(archive, site_data)
    found = cache.get(fingerprint)
    if isinstance(found, Enrichment):
        return dataclasses.replace(found, cache={"reused": 1})
    enrichment = enrich(archive, site_data, cache_dir / "tokens.pickle", tokens,
                        cache_dir / "related.pickle")
    cache.put(fingerprint, enrichment)
    return enrichment
