"""Article text renders as the same characters: Markdown/HTML specials are escaped."""

from __future__ import annotations

import html

import markdown as md
from hypothesis import given
from hypothesis import strategies as st

from builder.model import Block
from builder.write.markdown import escape_block, render_body


def rendered_text(source: str) -> str:
    page = md.markdown(source, extensions=["tables", "attr_list", "md_in_html", "toc"])
    assert page.startswith("<p>") and page.endswith("</p>"), page
    inner = page.removeprefix("<p>").removesuffix("</p>")
    assert "<" not in inner, page  # no element at all inside the paragraph
    return html.unescape(inner)


def test_body_layout():
    body = render_body([Block("paragraph", "第一段。"), Block("subheading", "小标题"),
                        Block("caption", "资料来源：Wind"), Block("paragraph", "第二段。")])
    assert body == "第一段。\n\n## 小标题\n\n资料来源：Wind\n{ .caption }\n\n第二段。"


def test_examples_render_literally():
    for text in ["<10nm 工艺", "<script>alert(1)</script>", "5G+ *注释* _x_", "# 不是标题",
                 "1. 不是列表", "- 不是列表", "> 不是引用", "[x](javascript:alert(1))",
                 "{{ config }} {% if %}", "a | b | c", "`code`", "&amp; 与 &"]:
        assert rendered_text(escape_block(text)) == text, text


@given(st.text(alphabet=st.sampled_from(list("<>&*_[]()#-+.1`|{}!~^=$\\/\"' 中文aZ9")),
               min_size=1, max_size=40).map(str.strip).filter(bool))
def test_any_markup_characters_render_literally(text):
    assert rendered_text(escape_block(text)) == text
