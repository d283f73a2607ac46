"""The archive's own counts decide pieces of names, units, generic words and variants."""

from __future__ import annotations

from collections import Counter

from builder.enrich.terms import archive_terms, general_ratio, variants

NOUN = frozenset("n nr ns nt nz eng".split())


def decide(articles, keep=frozenset(), stopwords=frozenset()):
    return archive_terms(articles, lambda p: p[1] in NOUN, lambda p: p[1] in {"nr", "ns", "nt"},
                         set(keep), stopwords)


def test_a_word_always_next_to_the_same_word_is_a_piece_of_a_name():
    # the segmenter cut 苍穹科技 into 苍穹 | 科技 and 柯南道 into 柯 | 南道
    one = [("据", "p"), ("柯", "nr"), ("南道", "ns"), ("介绍", "v"), ("，", "x"),
           ("苍穹", "n"), ("科技", "n"), ("的", "uj"), ("芯片", "n")]
    two = [("专家", "n"), ("柯", "nr"), ("南道", "ns"), ("说", "v"), ("。", "x"),
           ("与", "p"), ("苍穹", "n"), ("科技", "n"), ("合作", "v"), ("芯片", "n")]
    found = decide([[one], [two]])
    for text in (one, two):
        assert "柯南道" in [w for w, _ in found.join(text)]
    assert "苍穹科技" in [w for w, _ in found.join(one)]
    assert "芯片" in [w for w, _ in found.join(one)]  # after 的 (a particle) or a verb


def test_one_sentence_repeated_proves_nothing():
    sentence = [("专家", "n"), ("柯", "nr"), ("南道", "ns"), ("说", "v")]
    assert not decide([[sentence]] * 5).joins  # every neighbour fixed by the one sentence


def test_joins_chain_until_the_whole_name_stands():
    one = [("访问", "v"), ("皮", "n"), ("查", "n"), ("伊", "n"), ("表示", "v")]
    two = [("据", "p"), ("皮", "n"), ("查", "n"), ("伊", "n"), ("，", "x")]
    found = decide([[one], [two]])
    assert [w for w, _ in found.join(one)] == ["访问", "皮查伊", "表示"]
    assert [w for w, _ in found.join(two)] == ["据", "皮查伊", "，"]


def test_a_word_with_varied_neighbours_or_seen_once_stays_as_it_is():
    one = [("光刻机", "n"), ("出口", "v")]
    two = [("采购", "v"), ("光刻机", "n"), ("，", "x")]
    assert not decide([[one], [two]]).joins
    assert not decide([[one]]).joins  # one occurrence proves nothing


def test_curated_terms_are_never_joined_units_or_generic():
    text = [("8", "m"), ("体验", "n"), ("中心", "n")]
    found = decide([[text], [text]], keep={"体验"})
    assert not found.joins and "体验" not in found.units | found.generic


def test_a_word_that_follows_numbers_is_a_unit():
    texts = [[[("12", "m"), ("英寸", "n"), ("晶圆", "n")]], [[("8", "m"), ("英寸", "n")]],
             [[("三", "m"), ("英寸", "n")]]]
    assert "英寸" in decide(texts).units


def test_generic_words_are_common_in_general_chinese_or_spread_thin():
    # 效率 is frequent in general Chinese; 晶闸管阵 is not in the dictionary at all
    subject = [("晶闸管阵", "n")] * 4 + [("效率", "n")]
    assert general_ratio("晶闸管阵", 4, 10) == float("inf")
    found = decide([[subject], [subject]])
    assert "效率" in found.generic and "晶闸管阵" not in found.generic
    thin = [[[("晶闸管阵", "n"), ("增长", "v")]] for _ in range(5)]  # once per article
    assert "晶闸管阵" in decide(thin).generic
    # a name need not be particular to the archive, but must be more than a passing mention
    name = [[[("泰山", "ns"), ("增长", "v"), ("泰山", "ns")]] for _ in range(5)]
    assert "泰山" not in decide(name).generic
    passing = [[[("泰山", "ns"), ("增长", "v")]] for _ in range(5)]
    assert "泰山" in decide(passing).generic


def test_variants_merge_into_the_form_most_articles_use():
    articles = Counter({"湖南": 1, "湖南省": 4, "湖南省政府": 1, "湘江": 3, "中国电信": 2})
    merged = variants(articles, articles, ["省", "省政府", "办"], curated=set())
    assert merged == {"湖南": "湖南省", "湖南省政府": "湖南省"}
    # a curated term wins; a one-character stem is never a variant (省 of 全省)
    curated = variants(Counter({"网信": 3, "网信办": 1, "全省": 2, "全": 5}),
                       Counter({"网信": 3, "网信办": 1, "全省": 2, "全": 5}), ["办", "省"],
                       curated={"网信办"})
    assert curated == {"网信": "网信办"}
