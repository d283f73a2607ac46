"""Reflow: joining wrapped lines and page-broken paragraphs; heading candidates; captions."""

from __future__ import annotations

from builder.parse.lines import split_lines
from builder.parse.reflow import CAPTION_KIND, COLUMN, HEADING, PARAGRAPH, to_units
from builder.parse.text import join_wrapped


def units_of(text: str, columns):
    shape, lines = split_lines(text)
    return [(u.kind, u.text) for u in to_units(shape, lines, columns)]


def test_join_wrapped_spacing():
    assert join_wrapped("中国", "芯片") == "中国芯片"
    assert join_wrapped("Snapdragon", "Ride平台") == "Snapdragon Ride平台"
    assert join_wrapped("提高1.", "5个百分点") == "提高1.5个百分点"
    assert join_wrapped("发布了iPhone", "12系列") == "发布了iPhone 12系列"
    assert join_wrapped("产量达14", "95万片") == "产量达1495万片"
    assert join_wrapped("报告", "5G") == "报告5G"


PLAIN = """ 产业环境 

工信部下架 26 款 APP 加强侵害用户权益专项整治 

工信部通报下架26款侵害用户权益APP，包括微脉圈、蜜月直播、小蚁摄像机等。记

者获悉，工信部将加大个人信息保护力度，持续推进APP专项整治行动，进一步开展垃圾

信息整治和电信网络诈骗防范治理工作。 

2020年三季度机构重仓持股配置比例 

资料来源：Wind、华西证券研究所 

当前工信部持续加强互联网行业管理，重点针对移动APP，从政策体系、标准制定、

专项行动、技术平台四方面建构起综合治理体系。 
"""


def test_plain_double_spaced_pdftotext(columns):
    units = units_of(PLAIN, columns)
    assert units[0] == (COLUMN, "产业环境")
    assert units[1] == (HEADING, "工信部下架 26 款 APP 加强侵害用户权益专项整治")
    assert units[2] == (PARAGRAPH, "工信部通报下架26款侵害用户权益APP，包括微脉圈、蜜月直播、"
                        "小蚁摄像机等。记者获悉，工信部将加大个人信息保护力度，持续推进APP专项整治行动，进一步开展垃圾"
                        "信息整治和电信网络诈骗防范治理工作。")
    assert units[3] == (CAPTION_KIND, "2020年三季度机构重仓持股配置比例")
    assert units[4] == (CAPTION_KIND, "资料来源：Wind、华西证券研究所")
    assert units[5][0] == PARAGRAPH


def test_plain_without_trailing_spaces_uses_line_width(columns):
    text = "\n".join(line.rstrip() for line in PLAIN.splitlines() if line.strip())
    assert [k for k, _ in units_of(text, columns)] == [
        COLUMN, HEADING, PARAGRAPH, CAPTION_KIND, CAPTION_KIND, PARAGRAPH]


MARKDOWN = """# 封面

## 产业环境

### 一个标题

会议决定，再设立2000亿元专项再贷款，形成政策规模，推动绿色低

碳发展。此次设立的专项再贷款，按照市场化原则。

党政“一把手”亲抓数字经济

我省高度重视数字经济发展。

1. 这一段以数字开头，不是列表。
"""


def test_markdown_page_break_join_and_bare_subheading(columns):
    assert units_of(MARKDOWN, columns) == [
        (HEADING, "封面"),
        (COLUMN, "产业环境"),
        (HEADING, "一个标题"),
        (PARAGRAPH, "会议决定，再设立2000亿元专项再贷款，形成政策规模，推动绿色低碳发展。"
                    "此次设立的专项再贷款，按照市场化原则。"),
        (HEADING, "党政“一把手”亲抓数字经济"),
        (PARAGRAPH, "我省高度重视数字经济发展。"),
        (PARAGRAPH, "1. 这一段以数字开头，不是列表。"),
    ]


def test_long_unterminated_markdown_block_is_a_page_tail_not_a_heading(columns):
    tail = "在医疗方面，紫光展锐与海南联通、联通物联网有限公司等单位共同申报的5G应用创"
    text = f"# 封面\n\n## 产业环境\n\n### 标题\n\n前文。\n\n{tail}\n\n新项目获得了认可。\n"
    assert units_of(text, columns)[-1] == (PARAGRAPH, tail + "新项目获得了认可。")
