"""Related articles: similar, other issues preferred, deterministic."""

from __future__ import annotations

import pickle
import random

import pytest

from builder.enrich.enrichment import enrich
from builder.enrich.related import MAX_RELATED, read_archive, related_articles


def test_most_articles_list_related_articles(enrichment, archive):
    """Judged on the later issue: the first one has only its own articles to look back on."""
    listed = 0
    later = max(archive.issues, key=lambda issue: issue.id)
    for issue in archive.issues:
        for article in issue.articles:
            related = enrichment.related[(issue.id, article.slug)]
            assert len(related) <= MAX_RELATED, article.title
            assert (issue.id, article.slug) not in related
            listed += bool(related) and issue is later
    assert listed >= 0.8 * len(later.articles)


def test_sharing_a_word_or_two_is_not_being_related():
    words = {"a": ["芯片"] * 5 + ["晶圆"] * 3 + ["光刻"] * 2 + ["封测"],
             "b": ["流量"] + ["套餐"] * 4 + ["资费"] * 3 + ["携转"] * 2 + ["晶圆"],
             "c": ["芯片"] * 4 + ["晶圆"] * 2 + ["光刻"] * 3,
             "d": ["鸿蒙"] * 3 + ["手机"] * 2}
    issue = dict.fromkeys(words, "2021-11")
    related = related_articles(words, issue)
    assert related["a"] == ["c"] and related["b"] == [] and related["d"] == []


def test_shared_names_weigh_more_than_shared_words():
    words = {"a": ["中芯国际"] * 2 + ["产能"] * 2 + ["订单"], "b": ["中芯国际"] * 2 + ["季度"] * 2,
             "c": ["产能"] * 2 + ["订单"] + ["季度"], "d": ["鸿蒙"], "e": ["手机"]}
    issue = dict.fromkeys(words, "2021-11")
    assert related_articles(words, issue)["a"][0] == "c"  # more words in common
    names = {key: {"中芯国际"} for key in words}
    assert related_articles(words, issue, names)["a"][0] == "b"  # the same company


def test_deterministic(enrichment, archive):
    assert enrich(archive).related == enrichment.related


def test_prefers_other_issues():
    words = {"a": ["芯片"] * 5 + ["晶圆"], "b": ["芯片"] * 5 + ["晶圆"],
             "c": ["芯片"] * 5 + ["晶圆", "工厂"], "d": ["鸿蒙", "手机"]}
    issue = {"a": "2021-11", "b": "2021-11", "c": "2020-12", "d": "2020-12"}
    related = related_articles(words, issue)
    assert related["a"][0] == "c"  # nearly as similar, but from another issue
    assert "d" not in related["a"]


def test_wafer_article_is_related_to_last_years_silicon_articles(enrichment, nov, dec):
    wafer = next(a for a in nov.articles if "硅晶圆" in a.title)
    related = enrichment.related[(nov.id, wafer.slug)]
    titles = {a.slug: a.title for a in dec.articles}
    assert "硅片：寡头格局如何破？" in [titles.get(slug) for issue, slug in related]


def test_related_articles_look_back(enrichment):
    """An article's related articles are of its own issue or earlier ones."""
    for key, keys in enrichment.related.items():
        assert all(other[0] <= key[0] for other in keys), key


def test_most_articles_of_a_later_issue_link_to_an_earlier_one(enrichment):
    later = max(key[0] for key in enrichment.related)
    listing = [keys for key, keys in enrichment.related.items() if key[0] == later and keys]
    across = sum(any(other[0] != later for other in keys) for keys in listing)
    assert len(listing) >= 25 and across >= 0.75 * len(listing)


@pytest.mark.parametrize("seed", range(5))
def test_a_later_issue_changes_nothing_before_it(seed):
    """The related articles of the first issues are the same with or without the next."""
    rng = random.Random(seed)
    vocabulary = [f"词{n}" for n in range(40)]
    words = {(f"2021-{month:02d}", n): rng.choices(vocabulary, k=rng.randint(5, 30))
             for month in range(1, 6) for n in range(8)}
    issue = {key: key[0] for key in words}
    earlier = {key: w for key, w in words.items() if key[0] < "2021-05"}
    before = related_articles(earlier, issue)
    after = related_articles(words, issue)
    assert {key: after[key] for key in earlier} == before
    assert any(after[key] for key in words if key[0] == "2021-05")


def test_a_reading_resumes_after_the_issues_it_shares():
    """A build with one issue more reads that issue only, and finds what a full read finds;
    a change in an earlier issue reads everything again."""
    rng = random.Random(7)
    vocabulary = [f"词{n}" for n in range(40)]
    words = {(f"2021-{month:02d}", n): rng.choices(vocabulary, k=rng.randint(5, 30))
             for month in range(1, 6) for n in range(8)}
    issue = {key: key[0] for key in words}
    earlier = {key: issue[key] for key in words if key[0] < "2021-05"}
    saved = pickle.dumps(read_archive(words, earlier))
    resumed = read_archive(words, issue, resume=pickle.loads(saved))
    fresh = read_archive(words, issue)
    assert resumed.related == fresh.related and resumed.chain == fresh.chain
    assert len(resumed.keys) == len(words)
    changed = {**words, ("2021-02", 3): ["词1", "词2"] * 5}
    reread = read_archive(changed, issue, resume=pickle.loads(saved))
    assert reread.related == read_archive(changed, issue).related
    assert reread.related != resumed.related
