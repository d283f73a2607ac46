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
