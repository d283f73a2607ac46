"""Lines and export shape."""

from __future__ import annotations

import unicodedata

from builder.parse.lines import MARKDOWN, PLAIN, split_lines
from builder.parse.text import _wide_class, visual_width


def test_markdown_shape_strips_export_markup():
    text = "# 封面\n\n## **运营竞争**\n\n### 标题一\n\n- 条目 ..... 3\n\n正文*不动*。\n"
    shape, lines = split_lines(text)
    assert shape == MARKDOWN
    by_text = {line.text: line for line in lines if line.text}
    assert by_text["运营竞争"].level == 2
    assert by_text["标题一"].level == 3
    assert by_text["条目 ..... 3"].bullet
    assert "正文*不动*。" in by_text  # inline characters are content, not markup


def test_plain_shape_keeps_characters_and_marks_trailing_space():
    shape, lines = split_lines(" 产业环境 \n\n# 不是标题，只有一个\n正文 ")
    assert shape == PLAIN
    assert lines[0].text == "产业环境" and lines[0].closed
    assert lines[2].text == "# 不是标题，只有一个" and lines[2].level == 0
    assert [line.no for line in lines] == [1, 2, 3, 4]


def test_visual_width_counts_cjk_twice():
    _, lines = split_lines("中文ab，")
    assert lines[0].width == 8


def test_wide_class_agrees_with_unicodedata_everywhere():
    wide = {c for c in range(0x110000) if unicodedata.east_asian_width(chr(c)) in "WF"}
    text = "".join(map(chr, range(0x110000)))
    assert {ord(c) for c in _wide_class().findall(text)} == wide
    assert visual_width("中文ab，Ｚ") == 10
