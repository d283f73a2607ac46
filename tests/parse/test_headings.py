"""Evidence for article titles vs subheadings."""

from __future__ import annotations

from builder.parse.headings import (
    Context,
    Weights,
    article_evidence,
    latin_spacing,
    spacing_convention,
)


def test_latin_spacing_sign():
    assert latin_spacing("工信部下架 26 款 APP 加强整治") == 1
    assert latin_spacing("5G手机国内渗透率超过50%") == -1
    assert latin_spacing("鸿蒙OS持续落地 IoT 时代") == 0  # mixed
    assert latin_spacing("供需错位仍待弥合") == 0


def test_spacing_convention_needs_both_kinds():
    assert spacing_convention(["A 1 号", "发布 5G 手机", "5G手机", "第3季度"])
    assert not spacing_convention(["发布 5G 手机", "A 1 号"])


PARAGRAPHS = [
    "老年人在数字时代遇到困难，出门扫码、网上预约让老年人处处碰壁，数字鸿沟亟待弥合。",
    "为解决老年人运用智能技术困难，国务院办公厅发布实施方案，帮助老年人跨越数字鸿沟。",
    "12月22日，记者从两江新区了解到，15家半导体企业集中签约入驻两江半导体产业园。",
    "半导体产业园将为重庆芯片产业增添助力，预计企业年产值将突破1亿元。",
]


def test_text_that_continues_the_lead_is_a_subheading():
    weights = Weights.of(PARAGRAPHS)
    lead = ("新政满月 老年人的“数字鸿沟”消除了吗", PARAGRAPHS[0])
    same = Context("供需错位仍待弥合", (PARAGRAPHS[1],), lead, (PARAGRAPHS[0],))
    other = Context("重庆：15 家企业签约入驻", (PARAGRAPHS[2], PARAGRAPHS[3]), lead,
                    (PARAGRAPHS[0],))
    assert article_evidence(same, weights, spacing=False) < 0
    assert article_evidence(other, weights, spacing=False) > 0
