"""Slugs: pinyin, polyphones, length, uniqueness, stability."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from builder.parse.slugs import MAX_LENGTH, pinyin_slug, unique_slugs


def test_polyphones_read_right():
    assert pinyin_slug("重庆") == "chong-qing"
    assert pinyin_slug("还有") == "hai-you"
    assert pinyin_slug("硅片") == "gui-pian"


def test_latin_and_digits_kept():
    assert pinyin_slug("SEMI 报告：5G 手机") == "semi-bao-gao-5g-shou-ji"


def test_long_titles_cut_at_a_word_boundary():
    slug = pinyin_slug("中央网络安全和信息化委员会办公室印发《网信系统法治宣传教育第八个五年规划》")
    assert len(slug) <= MAX_LENGTH
    assert not slug.endswith("-")
    assert pinyin_slug("中央网络安全和信息化委员会办公室印发").startswith(slug[:20])


def test_unique_and_deterministic():
    titles = ["5G 已来", "5G已来", "5G 已来", "《》"]
    slugs = unique_slugs(titles)
    assert slugs == ["5g-yi-lai", "5g-yi-lai-2", "5g-yi-lai-3", "article"]
    assert unique_slugs(titles) == slugs


def test_pinned_slug_is_kept_and_reserved():
    assert unique_slugs(["标题", "标题"], pinned={1: "biao-ti"}) == ["biao-ti-2", "biao-ti"]


@given(st.lists(st.text(min_size=1, max_size=80), min_size=1, max_size=8))
def test_any_titles_give_safe_unique_slugs(titles):
    slugs = unique_slugs(titles)
    assert len(set(slugs)) == len(slugs)
    for slug in slugs:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug
        assert len(slug) <= MAX_LENGTH
