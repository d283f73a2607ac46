"""Segmentation: the domain dictionary, rjieba giving jieba's words, the cache."""

from __future__ import annotations

import re

import jieba

from builder.enrich.segment import USERDICT, TokenCache, make_segmenter

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


def test_cache_reuses_segmentation_and_forgets_dictionary_changes(tmp_path):
    path = tmp_path / "tokens.pickle"
    first = TokenCache(path, make_segmenter())
    words = first.tagged("中芯国际被纳入实体清单")
    first.save()
    second = TokenCache(path, make_segmenter())
    assert second.tagged("中芯国际被纳入实体清单") == words
    assert (second.hits, second.misses) == (1, 0)
    other_dictionary = TokenCache(path, make_segmenter(extra_terms=["纳入实体"]))
    other_dictionary.tagged("中芯国际被纳入实体清单")
    assert (other_dictionary.hits, other_dictionary.misses) == (0, 1)


def test_a_build_that_asks_for_no_text_keeps_the_cache(tmp_path):
    path = tmp_path / "tokens.pickle"
    first = TokenCache(path, make_segmenter())
    first.tagged("中芯国际被纳入实体清单")
    first.save()
    untouched = TokenCache(path, make_segmenter())  # the enrichment was reused
    untouched.save()
    assert untouched._read is None  # the file was not even read
    third = TokenCache(path, make_segmenter())
    third.tagged("中芯国际被纳入实体清单")
    assert (third.hits, third.misses) == (1, 0)


def test_unreadable_cache_is_ignored(tmp_path):
    path = tmp_path / "tokens.pickle"
    path.write_bytes(b"{not a pickle")
    cache = TokenCache(path, make_segmenter())
    assert cache.tagged("硅片") and cache.misses == 1


def test_texts_segmented_here_share_their_pairs_in_memory_and_in_the_file(tmp_path):
    """A word with its tag is one object across the texts (the archive's counts and tag
    filters then compare by identity; the file stores it once), and the words are those
    of the segmenter alone."""
    path = tmp_path / "tokens.pickle"
    segmenter = make_segmenter()
    texts = ["中芯国际被纳入实体清单，中芯国际回应", "中芯国际发布公告 \n 回应实体清单"]
    cache = TokenCache(path, segmenter)
    first, second = (cache.tagged(text) for text in texts)
    assert first == segmenter.tagged(texts[0]) and second == segmenter.tagged(texts[1])
    assert all(pair[0].strip() for pair in first + second)  # no whitespace
    smic = [pair for pair in first + second if pair[0] == "中芯国际"]
    assert len(smic) == 3 and smic[0] is smic[1] is smic[2]
    cache.save()
    again = TokenCache(path, segmenter)
    loaded = [pair for text in texts for pair in again.tagged(text) if pair[0] == "中芯国际"]
    assert len(loaded) == 3 and loaded[0] is loaded[1] is loaded[2]
