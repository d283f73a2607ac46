"""Segmentation: the domain dictionary, rjieba giving jieba's words, the cache."""

from __future__ import annotations

import re

import jieba

from builder.enrich.segment import USERDICT, ZWSP, TokenCache, make_segmenter

HAN = re.compile(r"[\u3400-\u9fff]")


def test_dictionary_terms_stay_whole():
    seg = make_segmenter(extra_terms=["卫星互联网"])
    words = seg.words("被纳入实体清单的中芯国际，河南第一条5G消息，卫星互联网大数据")
    for term in ["中芯国际", "实体清单", "5G消息", "卫星互联网"]:
        assert term in words


def test_rjieba_gives_jiebas_chinese_words_on_the_samples(nov, dec):
    seg = make_segmenter()
    reference = jieba.Tokenizer()
    reference.load_userdict(str(USERDICT))
    for issue in (nov, dec):
        for article in issue.articles:
            text = article.title + "\n" + "\n".join(b.text for b in article.blocks)
            ours = [w for w in seg.words(text) if HAN.search(w)]
            theirs = [w for w in reference.cut(text) if HAN.search(w)]
            assert ours == theirs, article.title


def test_search_marking_keeps_text_and_splits_words():
    seg = make_segmenter()
    text = "河南第一条5G消息正式发出，SEMI 报告"
    marked = seg.mark_words(text)
    assert marked.replace(ZWSP, "") == text
    assert f"{ZWSP}5G消息{ZWSP}" in marked and "SEMI 报告" not in marked


def test_cache_reuses_segmentation_and_forgets_dictionary_changes(tmp_path):
    path = tmp_path / "tokens.json"
    first = TokenCache(path, make_segmenter())
    words = first.tagged("中芯国际被纳入实体清单")
    first.save()
    second = TokenCache(path, make_segmenter())
    assert second.tagged("中芯国际被纳入实体清单") == words
    assert (second.hits, second.misses) == (1, 0)
    other_dictionary = TokenCache(path, make_segmenter(extra_terms=["纳入实体"]))
    other_dictionary.tagged("中芯国际被纳入实体清单")
    assert (other_dictionary.hits, other_dictionary.misses) == (0, 1)


def test_unreadable_cache_is_ignored(tmp_path):
    path = tmp_path / "tokens.json"
    path.write_text("{not json")
    cache = TokenCache(path, make_segmenter())
    assert cache.tagged("硅片") and cache.misses == 1


def test_search_words_are_the_short_words_a_browser_cuts_a_query_into():
    tokens = TokenCache(None, make_segmenter(extra_terms=["中芯国际"]))
    words = tokens.search_words("中国液冷数据中心发展白皮书，中芯国际与5G消息、Open RAN、35.1%")
    assert words.split() == ["中国", "液冷", "数据", "中心", "发展", "白皮", "书", "，", "中", "芯",
                             "国际", "与", "5G", "消息", "、", "Open", "RAN", "、", "35.1%"]


def test_search_words_keep_every_character_in_order(nov, dec):
    """Only spaces are added: the text (whitespace aside) is all there, in order."""
    tokens = TokenCache(None, make_segmenter())
    for issue in (nov, dec):
        for article in issue.articles:
            text = "\n".join(b.text for b in article.blocks)
            words = tokens.search_words(text)
            assert words.replace(" ", "") == re.sub(r"\s", "", text), article.title
            assert tokens.search_words(text) is words  # once per text
