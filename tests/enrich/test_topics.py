"""Topics: membership, timelines, the mention sentence, the chart."""

from __future__ import annotations

import re

from builder.enrich.topics import topic_mention, word_counts
from builder.enrich.vocab import load_topics
from builder.model import Topic
from builder.settings import Masthead
from builder.write.pages import write_pages


def timeline(enrichment, slug):
    return next(t for t in enrichment.topics if t.topic.slug == slug)


def test_ships_about_a_dozen_topics():
    topics = load_topics()
    assert 12 <= len(topics) <= 16
    assert all(t.description and t.keywords for t in topics)


def test_semiconductor_timeline_oldest_first_with_both_issues(enrichment):
    semi = timeline(enrichment, "ban-dao-ti")
    issues = [key[0] for key in semi.mentions]
    assert issues == sorted(issues) and {"2020-12", "2021-11"} <= set(issues)
    assert semi.per_issue == (("2020-12", issues.count("2020-12")),
                              ("2021-11", issues.count("2021-11")))


def test_topic_page_chart_values_match_listed_articles(enrichment, archive):
    page = write_pages(archive, Masthead("t"), enrichment)["topics/ban-dao-ti.md"]
    bars = dict(re.findall(r'data-issue="([^"]+)" data-count="(\d+)"', page))
    sections = re.split(r"\n## ", page)[1:]
    listed = {re.search(r"\(\.\./issues/([^/]+)/index\.md\)", s).group(1): s.count("\n- ")
              for s in sections}
    assert {k: int(v) for k, v in bars.items()} == listed
    assert page.index("2020年12月") < page.index("2021年11月")
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert "<script" not in svg and "href" not in svg and "src=" not in svg
    assert "<mark>" in page


def test_membership_needs_more_than_a_passing_mention():
    topic = Topic("边缘计算", "bian-yuan", "…", ("边缘计算",), min_hits=3)
    w = word_counts
    once = topic_mention(topic, "标题", w(["标题"]), w(["边缘计算", "其他"]), ["提到边缘计算。"])
    assert once is None
    in_title = topic_mention(topic, "边缘计算市场", w(["边缘计算", "市场"]), w([]), ["正文。"])
    assert in_title is not None and in_title.keyword == "边缘计算"
    thrice = topic_mention(topic, "标题", w(["标题"]), w(["边缘计算"] * 3),
                           ["开头。", "报告称边缘计算将快速增长。"])
    assert thrice.sentence == "报告称边缘计算将快速增长。" and thrice.hits == 3


def test_exclusion_keeps_an_article_out():
    topic = Topic("5G", "5g", "…", ("5G",), exclude=("手机面板",), min_hits=1)
    assert topic_mention(topic, "手机面板出货", word_counts(["手机面板"]), word_counts(["5G"]),
                         ["5G。"]) is None
