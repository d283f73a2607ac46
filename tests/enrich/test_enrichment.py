"""Enrichment of the archive: tags, topics and related articles for every article, and the
cache that reuses them while no article changed."""

from __future__ import annotations

import pytest

from builder.model import Tag


def test_every_article_is_enriched_consistently(archive, enrichment):
    keys = {(i.id, a.slug) for i in archive.issues for a in i.articles}
    assert enrichment.tags.keys() == keys and enrichment.related.keys() == keys
    for key, tags in enrichment.tags.items():
        assert all(isinstance(t, Tag) for t in tags) and len(set(tags)) == len(tags)
        for tag in tags:
            assert key in enrichment.tag_index[tag]
        related = enrichment.related[key]
        assert key not in related and len(related) <= 5 and set(related) <= keys
    for tag, articles in enrichment.tag_index.items():
        assert all(tag in enrichment.tags[key] for key in articles)
    for timeline in enrichment.topics:
        assert set(timeline.mentions) <= keys
        assert sum(n for _, n in timeline.per_issue) == timeline.article_count


def test_enrichment_reused_when_no_article_changed(tmp_path, archive):
    from dataclasses import replace

    from builder.enrich.enrichment import articles_fingerprint, cached_enrich
    from builder.settings import SITE_DATA

    first = cached_enrich(archive, SITE_DATA, tmp_path)
    retitled = replace(archive, issues=(replace(archive.issues[0], title="另一个标题"),
                                        *archive.issues[1:]))
    assert articles_fingerprint(retitled, SITE_DATA) == articles_fingerprint(archive, SITE_DATA)
    reused = cached_enrich(retitled, SITE_DATA, tmp_path)
    assert reused.cache == {"reused": 1} and replace(reused, cache=first.cache) == first
    issue = archive.issues[0]
    article = replace(issue.articles[0], tags_added=("新标签",))
    section = replace(issue.sections[0], articles=(article, *issue.sections[0].articles[1:]))
    edited = replace(archive, issues=(replace(issue, sections=(section, *issue.sections[1:])),
                                      *archive.issues[1:]))
    assert articles_fingerprint(edited, SITE_DATA) != articles_fingerprint(archive, SITE_DATA)
    again = cached_enrich(edited, SITE_DATA, tmp_path)
    assert "新标签" in [t.name for t in again.tags[(issue.id, article.slug)]]


def test_a_new_issue_resumes_the_related_articles_reading(tmp_path, archive, enrichment, dec,
                                                          monkeypatch):
    """The build before the newest issue kept its reading; the next one resumes it, reads
    the new issue only and finds what a build from scratch finds."""
    from builder.enrich.enrichment import enrich
    from builder.enrich.related import Reading
    from builder.model import Archive

    reading = tmp_path / "related.pickle"
    enrich(Archive((dec,), archive.columns), reading=reading)
    saved = reading.stat().st_mtime_ns
    read, issues = Reading.read, []
    monkeypatch.setattr(Reading, "read", lambda self, issue, *rest: (
        issues.append(issue), read(self, issue, *rest)))
    assert enrich(archive, reading=reading).related == enrichment.related
    assert issues == [max(issue.id for issue in archive.issues)]
    assert reading.stat().st_mtime_ns != saved  # one issue more kept


def test_topic_mentions_are_kept_per_issue(tmp_path, archive, enrichment, monkeypatch):
    """A second build finds every issue's topic mentions in the cache: the same timelines,
    no article matched again."""
    from builder.enrich import enrichment as module

    reading = tmp_path / "related.pickle"
    assert module.enrich(archive, reading=reading).topics == enrichment.topics
    assert (tmp_path / "topics.pickle").is_file()
    monkeypatch.setattr(module, "_mentions", lambda *args: pytest.fail("matched again"))
    assert module.enrich(archive, reading=reading).topics == enrichment.topics


@pytest.fixture(scope="module")
def grown(tmp_path_factory, columns, nov, dec):
    """The samples and four generated months after them, oldest first."""
    from benchmarks.synthetic import write_archive
    from builder.parse.issue import parse_file

    folder = tmp_path_factory.mktemp("grown")
    paths = write_archive(folder, 4, seed=5, first=(2022, 1))
    return [dec, nov, *(parse_file(p, columns) for p in paths)]


def test_tag_counts_resume_with_each_new_issue_and_give_a_cold_builds_tags(
        tmp_path, grown, columns, monkeypatch):
    """Month by month, each build adds the new issue to the kept counts and works out again
    only the candidates its words need; the tags are those of a build from scratch."""
    from builder.enrich import enrichment as module
    from builder.model import Archive
    from builder.parse.archive import newest_first

    tokens = module.token_cache(cache_path=tmp_path / "tokens.pickle")
    reading = tmp_path / "related.pickle"
    worked = []
    tag_doc = module._tag_doc
    monkeypatch.setattr(module, "_tag_doc", lambda *a: worked.append(1) or tag_doc(*a))
    for n in range(2, len(grown) + 1):
        archive = Archive(newest_first(grown[:n]), columns)
        worked.clear()
        resumed = module.enrich(archive, tokens=tokens, reading=reading)
        assert (tmp_path / "tags.pickle").is_file()
        if n == len(grown):  # (a small archive's counts move much: most are worked out)
            assert len(worked) < archive.article_count
        cold = module.enrich(archive, tokens=tokens)
        assert resumed.tags == cold.tags and resumed.tag_index == cold.tag_index
        assert {k: [t.name for t in v] for k, v in resumed.tags.items()} == {
            k: [t.name for t in v] for k, v in cold.tags.items()}
    worked.clear()
    again = module.enrich(archive, tokens=tokens, reading=reading)  # nothing new
    assert worked == [] and again.tags == resumed.tags


def test_a_changed_old_issue_counts_the_archive_again(tmp_path, grown, columns):
    from dataclasses import replace

    from builder.enrich import enrichment as module
    from builder.model import Archive
    from builder.parse.archive import newest_first

    tokens = module.token_cache(cache_path=tmp_path / "tokens.pickle")
    reading = tmp_path / "related.pickle"
    module.enrich(Archive(newest_first(grown), columns), tokens=tokens, reading=reading)
    oldest = grown[0]
    section = oldest.sections[0]
    shorter = replace(oldest, sections=(replace(section, articles=section.articles[1:]),
                                        *oldest.sections[1:]))
    archive = Archive(newest_first([shorter, *grown[1:]]), columns)
    resumed = module.enrich(archive, tokens=tokens, reading=reading)
    assert resumed.tags == module.enrich(archive, tokens=tokens).tags


def test_resumed_tag_candidates_follow_joins_and_generic_words_the_new_month_decides(tmp_path):
    """A new month that makes a join (two pieces seen together everywhere now) and makes a
    word generic (now spread thin): the older articles' candidates, resumed, are those of a
    build from scratch — the joined name in the article with the pieces, the generic word
    gone from one that was not worked out again."""
    from builder.enrich import enrichment as module

    vocab = module.load_vocabulary(module.SITE_DATA)
    fill = [("报道", "v"), ("，", "x"), ("今天", "t"), ("发布", "v"), ("。", "x"), ("表示", "v")]
    name, piece, thin = ("鑫淼", "nr"), ("垚焱", "n"), ("晶闸", "n")
    old = {("a", "1"): module._Words([], [name, piece, fill[0], name, ("公司", "n")]),
           ("a", "2"): module._Words([], [thin, ("发布", "v"), thin, ("。", "x"), thin])}
    new = {("b", str(n)): module._Words([], [fill[n], name, piece, fill[-n - 1], thin])
           for n in range(5)}
    path = tmp_path / "tags.pickle"
    before = module._tag_docs(old, vocab, [("A", list(old))], path)
    assert "晶闸" in before[("a", "2")].body and "鑫淼垚焱" not in before[("a", "1")].body
    words = {**old, **new}
    issues = [("A", list(old)), ("B", list(new))]
    cold = module._tag_docs(words, vocab, issues)
    assert "鑫淼垚焱" in cold[("a", "1")].body and "晶闸" not in cold[("a", "2")].body
    assert module._tag_docs(words, vocab, issues, path) == cold
