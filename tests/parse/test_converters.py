"""Any converter's text: the same issue as pdfminer.six extracts it from the PDF, with its
titles glued into the text, with HTML headings and a table of contents, or with page breaks
after lines ending in `；` — the same articles as the issue's own export."""

from __future__ import annotations

import re

import pytest

from builder.editorial.sidecar import Sidecar
from builder.model import IssueDate
from builder.parse.contents import title_key
from builder.parse.issue import parse_text
from builder.read.decode import normalise_newlines
from tests.converters import (
    CONTENTS_SHAPES,
    closing_marks_wrapped,
    contents_without_leaders,
    glued_titles,
    html_headings_and_table_contents,
    page_breaks_after_semicolons,
    pdfminer_text,
)
from tests.fuzzing import check
from tests.variants import TITLE_CELLS, hard_wrap, markdown_as_plain


def squash_title(article) -> str:
    return re.sub(r"\s", "", article.title)


def outline(issue) -> list[tuple[str, list[str]]]:
    return [(s.name, [title_key(a.title) for a in s.articles]) for s in issue.sections]


def parse(text: str, columns, dated: bool = False):
    sidecar = Sidecar(date=IssueDate(2021, 11)) if dated else None
    return parse_text(normalise_newlines(text), "converted.txt", sidecar, columns)


@pytest.mark.parametrize("name", ["nov", "dec"])
def test_pdfminer_text_of_the_pdf(sample_pdfs, columns, name, request):
    source = request.getfixturevalue(name)
    text = pdfminer_text(sample_pdfs[name].path)
    issue = parse(text, columns)
    assert outline(issue) == outline(source)
    assert [a.subheadings for a in issue.articles] == [a.subheadings for a in source.articles]
    assert issue.warnings == ()
    assert str(issue.date) == sample_pdfs[name].footer_date.replace(".", "-")
    assert check(text.encode("utf-8")) is None  # every line lands, in order


def test_titles_glued_into_the_text_are_split_out_by_the_contents(sample_paths, nov, columns):
    text = glued_titles(sample_paths["nov"].read_text(encoding="utf-8"),
                        lambda t: columns.match(t) is not None)
    assert "。《“十四五”信息通信行业发展规划》解读近期" in text  # glued on both sides
    issue = parse(text, columns)
    assert outline(issue) == outline(nov)
    assert not [w for w in issue.warnings if "no such heading" in w]
    body = [re.sub(r"\s", "", "".join(b.text for b in a.blocks)) for a in issue.articles]
    assert all(body) and not any(text.startswith(squash_title(a)) for a, text in zip(
        issue.articles, body, strict=True))  # no title left glued to its text


def test_html_headings_and_a_table_of_contents(sample_paths, nov, columns):
    text = html_headings_and_table_contents(sample_paths["nov"].read_text(encoding="utf-8"),
                                            lambda t: columns.match(t) is not None)
    assert "### <u>产业环境</u>" in text and "| 标题 | 页码 |" in text and "<b>" in text
    issue = parse(text, columns)
    assert outline(issue) == outline(nov)
    assert [a.page for a in issue.articles] == [a.page for a in nov.articles]
    assert not any("<" in b.text for a in issue.articles for b in a.blocks)


def test_a_page_break_after_a_full_line_ending_in_a_semicolon(nov, dec, columns):
    plain = "\n\n".join(
        part for issue in (nov, dec) for section in issue.sections for part in
        [section.name] + [t for a in section.articles for t in
                          [a.title] + [b.text for b in a.blocks if b.kind == "paragraph"]])
    text, broken = page_breaks_after_semicolons(plain)
    footer = "©2021 询合作需要，特殊定制，未经同意，不得转载。"
    text = text.replace("\f信息产业监测", f"{footer}\n\fPage 1")
    assert len(broken) >= 3
    issue = parse(text, columns)
    paragraphs = [b.text for a in issue.articles for b in a.blocks]
    for line in broken:  # the paragraph goes on after the page break
        holder = next(p for p in paragraphs if line in p)
        assert not holder.endswith(line), line


def test_a_title_after_a_full_line_ending_a_sentence_at_the_foot_of_a_page(columns):
    line = "各地为数字经济发展按下加速键的政策纷纷出台，终端厂商和运营商都已经在积极地行动。"
    assert len(line) == 40  # every line full (80 cells) and ending a sentence
    body = "我国信息通信业保持平稳较快发展，新型基础设施建设稳步推进，应用创新持续活跃。" * 3
    text = "\n".join(["产业环境", "", "第一篇的标题", "", *[line] * 6,
                      "©2021 未经同意，不得转载。", "\fPage 2", "", "多地出台数据要素市场培育政策",
                      "", *hard_wrap(body, 80), ""])
    issue = parse(text, columns, dated=True)
    assert [a.title for a in issue.articles] == ["第一篇的标题", "多地出台数据要素市场培育政策"]


def test_markdown_tables_and_angle_brackets_in_the_text_stay_text(columns):
    text = "\n".join(["# 封面", "", "## 产业环境", "", "### 运营商收入", "",
                      "三家运营商的收入如下，x<b 且 y>a，A<B and C>D。", "",
                      "| 运营商 | 营收（亿元） | 同比增长 |", "|---|---|---|",
                      "| 中国移动 | 6960 | 12 |", "", "### 第二篇", "", "正文。", ""])
    issue = parse(text, columns, dated=True)
    assert [a.title for a in issue.articles] == ["运营商收入", "第二篇"]
    texts = [b.text for b in issue.articles[0].blocks]
    assert "三家运营商的收入如下，x<b 且 y>a，A<B and C>D。" in texts
    assert any("中国移动" in t and "6960" in t and "....." not in t for t in texts)


@pytest.mark.parametrize("shape", CONTENTS_SHAPES)
@pytest.mark.parametrize("name", ["nov", "dec"])
def test_a_contents_block_without_dot_leaders(columns, name, shape, request):
    """Page numbers set flush right, as converters give them without leaders: after one
    space or many, on the next line, or all after the titles — the contents still lists
    every article in its column at its page, and the bare page numbers of the body pages
    stay out of the articles."""
    source = request.getfixturevalue(name)
    text, pages = contents_without_leaders(source, shape)
    issue = parse(text, columns, dated=True)
    assert outline(issue) == outline(source)
    assert [a.page for a in issue.articles] == pages
    assert [a.title for a in issue.articles] == [a.title for a in source.articles]
    assert not issue.warnings, issue.warnings
    assert not any(b.text.isdigit() for a in issue.articles for b in a.blocks)
    kinds = {d.kind: d.count for d in issue.dropped}
    assert kinds["page-number"] == len(source.articles) and kinds["contents"] > len(pages)


@pytest.mark.parametrize("name", ["nov", "dec"])
def test_a_closing_mark_wrapped_alone_onto_the_next_line_stays_in_the_title(
        sample_paths, columns, name, request):
    """`…重构 IoT 赛道` / `？`: the mark ends the title, it is no paragraph of its own."""
    source = request.getfixturevalue(name)
    raw = sample_paths[name].read_text(encoding="utf-8")
    text, wrapped = closing_marks_wrapped(raw, [a.title for a in source.articles])
    assert wrapped
    issue = parse(text, columns)
    assert [a.title for a in issue.articles] == [a.title for a in source.articles]
    assert not any(b.text in "？！”》）?!" for a in issue.articles for b in a.blocks)


def test_a_title_wrapped_in_its_font_without_a_contents_block(sample_paths, nov, columns):
    """No 目录 to match: a title that filled its line and went on on the next one
    (`…推进国家政务信` / `息化规划`) is one title, not a title and a subheading."""
    lines = sample_paths["nov"].read_text(encoding="utf-8").split("\n")
    start = lines.index("目录")
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("#"))
    plain = markdown_as_plain("\n".join(lines[:start] + lines[end:]), 2021, 11)
    wrapped = [a.title for a in nov.articles if len(hard_wrap(a.title, TITLE_CELLS)) > 1]
    assert len(wrapped) >= 2
    titles = [a.title for a in parse(plain, columns).articles]
    assert all(title in titles for title in wrapped), (wrapped, titles)
