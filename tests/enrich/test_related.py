"""Related articles: similar, other issues preferred, deterministic."""

from __future__ import annotations

from builder.enrich.enrichment import enrich
from builder.enrich.related import MAX_RELATED, related_articles


def test_most_articles_list_related_articles(enrichment, archive):
    listed = 0
    for issue in archive.issues:
        for article in issue.articles:
            related = enrichment.related[(issue.id, article.slug)]
            assert len(related) <= MAX_RELATED, article.title
            assert (issue.id, article.slug) not in related
            listed += bool(related)
    assert listed >= 0.8 * len(enrichment.related)


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


def test_most_articles_link_to_another_issue(enrichment):
    across = sum(any(k[0] != key[0] for k in keys) for key, keys in enrichment.related.items())
    listing = sum(bool(keys) for keys in enrichment.related.values())
    assert across >= 0.75 * listing
