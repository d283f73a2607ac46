"""Any converter's text: the same issue as pdfminer.six extracts it from the PDF, with its
titles glued into the text, with HTML headings and a table of contents, or with page breaks
after lines ending in `；` — the same articles as the issue's own export."""

from __future__ import annotations

import re

import pytest

from builder.parse.contents import title_key
from builder.parse.issue import parse_text
from builder.read.decode import normalise_newlines
from tests.converters import (
    glued_titles,
    html_headings_and_table_contents,
    page_breaks_after_semicolons,
    pdfminer_text,
)
from tests.fuzzing import check


def outline(issue) -> list[tuple[str, list[str]]]:
    return [(s.name, [title_key(a.title) for a in s.articles]) for s in issue.sections]


def parse(text: str, columns):
    return parse_text(normalise_newlines(text), "converted.txt", columns=columns)


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
    assert [re.sub(r"\s", "", "".join(b.text for b in a.blocks if b.kind == "paragraph"))
            for a in issue.articles][:3] != []


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
