"""Tags on the sample archive and the controlled vocabulary."""

from __future__ import annotations

from collections import Counter

from builder.enrich.tags import MAX_TAGS, MIN_TAGS, TagDoc, pick_tags, tag_of
from builder.enrich.vocab import Vocabulary, load_vocabulary
from builder.model import Tag


def names(enrichment, issue, title):
    article = next(a for a in issue.articles if a.title == title)
    return [t.name for t in enrichment.tags[(issue.id, article.slug)]]


def test_smic_article_is_tagged_smic(enrichment, dec):
    assert "中芯国际" in names(enrichment, dec, "被纳入“实体清单” 中芯国际：短期无重大影响")


def test_at_most_eight_tags_and_nearly_every_article_has_some(enrichment, archive):
    counts = [len(enrichment.tags[(i.id, a.slug)]) for i in archive.issues for a in i.articles]
    assert max(counts) <= MAX_TAGS
    assert sum(c >= 1 for c in counts) >= 0.9 * len(counts)
    assert sum(counts) >= 3 * len(counts)  # 3–4 on average, not a token one


def test_a_tag_groups_two_articles_unless_an_editor_asked_for_it(enrichment):
    always = set(load_vocabulary().always)
    lonely = {t.name for t, keys in enrichment.tag_index.items() if len(keys) < 2}
    assert lonely <= always
    assert len(lonely) < 0.2 * len(enrichment.tag_index)


def test_no_two_tags_are_variants_of_one_name(enrichment):
    vocab = load_vocabulary()
    assert "省" in vocab.suffixes
    names_used = {t.name for t in enrichment.tag_index}
    for name in names_used:
        for suffix in vocab.suffixes:
            assert not (name.endswith(suffix) and name[:-len(suffix)] in names_used), name


def test_no_tag_is_a_stop_word_or_blocked(enrichment):
    vocab = load_vocabulary()
    for generic in ["发展", "进一步", "表示", "企业", "相关"]:
        assert generic in vocab.stopwords
    for tag in enrichment.tag_index:
        assert tag.name not in vocab.stopwords and tag.name not in vocab.blocked, tag.name


def test_synonyms_merge_into_the_canonical_tag(enrichment):
    names_used = {t.name for t in enrichment.tag_index}
    vocab = load_vocabulary()
    assert not names_used & set(vocab.synonyms)  # e.g. 工业和信息化部 → 工信部


def test_5g_tag_lists_articles_of_both_issues(enrichment):
    keys = enrichment.tag_index[tag_of("5G")]
    assert {issue for issue, _ in keys} == {"2020-12", "2021-11"}
    assert [k[0] for k in keys] == sorted((k[0] for k in keys), reverse=True)  # newest first


def test_pick_tags_rules():
    vocab = Vocabulary(synonyms={}, blocked=frozenset({"坏词"}), always=("鸿蒙",),
                       stopwords=frozenset({"发展"}))
    doc = TagDoc(title=("硅片",), body=("鸿蒙", "鸿蒙", "晶圆", "晶圆", "晶圆", "光刻", "坏词"))
    df = Counter({"硅片": 1, "鸿蒙": 5, "晶圆": 2, "光刻": 1, "坏词": 1})
    tags = pick_tags(doc, df, 10, vocab)
    assert tags[0] == "鸿蒙"  # curated, mentioned twice
    assert "硅片" in tags and "晶圆" in tags
    assert len(tags) >= MIN_TAGS


def test_tags_compare_by_slug():
    assert Tag("5g", "5G") == Tag("5g", "5g") and hash(Tag("5g", "5G")) == hash(Tag("5g", "x"))
    assert sorted([tag_of("硅片"), tag_of("半导体")])[0].name == "半导体"
