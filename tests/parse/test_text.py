"""Text predicates the parser stages share."""

from __future__ import annotations

from builder.parse.text import ends_sentence, join_wrapped, squeeze, visual_width


def test_visual_width_counts_wide_characters_twice():
    assert visual_width("5G网络") == 6 and visual_width("ＡＢ") == 4 and visual_width("") == 0


def test_sentence_ends_inside_closing_quotes():
    assert ends_sentence("会议召开。") and ends_sentence("他说：“很好！”")
    assert ends_sentence("见表1；") and not ends_sentence("增长了") and not ends_sentence("  ")


def test_wrapped_lines_join_with_a_space_only_between_latin_words():
    assert join_wrapped("中国移动", "发布") == "中国移动发布"
    assert join_wrapped("Open", "RAN") == "Open RAN"
    assert join_wrapped("增长1.", "5%") == "增长1.5%" and join_wrapped("14", "95") == "1495"
    assert join_wrapped("5G", "网络") == "5G网络"


def test_squeeze():
    assert squeeze(" a \u3000 b\t\u00a0c ") == "a b c"
