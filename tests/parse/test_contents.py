"""The contents block: entries, columns, page numbers, fuzzy title keys."""

from __future__ import annotations

from builder.parse.contents import find_contents, title_key
from builder.parse.lines import split_lines

CONTENTS = """# 行业信息监测与市场分析

目录

快速进入点击页码

**产业环境** ..... 3

- 工信部：“十四五”重点推进 15 个行业 5G 应用 ..... 9
- 李克强主持召开国务院常务会议 审议通过规划 . 3

**企业情报** ..... 49

阿里“M6”参数突破 10 万亿 .....\t54

## 产业环境

### 工信部：“十四五”重点推进15个行业5G应用
"""


def test_entries_columns_and_pages(columns):
    _, lines = split_lines(CONTENTS)
    contents = find_contents(lines, columns)
    assert [(e.title, e.page, e.column.name) for e in contents.entries] == [
        ("工信部：“十四五”重点推进 15 个行业 5G 应用", 9, "产业环境"),
        ("李克强主持召开国务院常务会议 审议通过规划", 3, "产业环境"),
        ("阿里“M6”参数突破 10 万亿", 54, "企业情报"),
    ]


def test_block_ends_before_the_body_column_heading(columns):
    _, lines = split_lines(CONTENTS)
    contents = find_contents(lines, columns)
    assert lines[contents.end].text == "" or lines[contents.end].text == "产业环境"
    assert all(line.text != "产业环境" or line.level == 0
               for line in lines[contents.start:contents.end])


def test_no_contents_block(columns):
    _, lines = split_lines("产业环境\n\n标题\n\n正文。\n")
    assert find_contents(lines, columns) is None


def test_title_key_ignores_spacing_width_and_punctuation():
    assert title_key("工信部：“十四五”重点推进 15 个行业 5G 应用") == \
        title_key("工信部:\"十四五\"重点推进１５个行业５Ｇ应用")
    spaced, tight = "阿里巴巴拟 4000 万元 “上车” 大众出行", "阿里巴巴拟4000万元“上车”大众出行"
    assert title_key(spaced) == title_key(tight)
    assert title_key("A") != title_key("B")


LEADERED = """目录

产业环境 ..... 3

工信部发布新规划 ..... 3

企业情报 ..... 5

华为发布“鸿蒙“系统 ..... 5

{after}

产业环境

工信部发布新规划

正文。
"""


def test_a_leadered_block_ends_at_text_that_only_looks_like_an_entry(columns):
    """After entries with dot leaders, `…达到 115` is the body's text, not an entry; an
    entry's title left open (a converter's “ for ”) takes no text after the block."""
    for after in ("全国5G基站总数达到 115", "卷首语\n\n本期我们关注数字经济的发展。",
                  "主办：中国信息通信研究院"):
        _, lines = split_lines(LEADERED.format(after=after))
        contents = find_contents(lines, columns)
        assert [e.title for e in contents.entries] == ["工信部发布新规划", "华为发布“鸿蒙“系统"]
        assert lines[contents.end - 1].text == "华为发布“鸿蒙“系统 ..... 5"


def test_a_title_wrapped_after_its_page_number_takes_one_short_line(columns):
    text = ("目录\n\n产业环境 3\n\n规划印发《网信系统法治宣传教育第八个五年规划（2021-2025 3\n"
            "年）》\n\n企业情报 5\n\n华为发布“鸿蒙 5\n\n本期我们关注数字经济的发展，各地出台政策。"
            "\n\n产业环境\n")
    _, lines = split_lines(text)
    titles = [e.title for e in find_contents(lines, columns).entries]
    assert titles == ["规划印发《网信系统法治宣传教育第八个五年规划（2021-2025年）》",
                      "华为发布“鸿蒙"]
