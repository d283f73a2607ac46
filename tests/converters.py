"""Test data: an issue's text as other converters give it.

From the samples' own text and the PDFs tests/pdfs.py typesets: pdfminer.six's text (the
library under pdf2txt and markitdown; a blank line after every line), a Markdown export
whose titles are glued into the paragraphs around them (no blank line, no `#`), one that
underlines column headings with HTML as pymupdf4llm does and exports the contents as a
table, and a plain export whose page breaks fall after full lines ending in `；`.
"""

from __future__ import annotations

import re
from pathlib import Path

from builder.parse.text import visual_width
from tests.variants import hard_wrap

_TITLE = re.compile(r"^#{2,4} (?!\*\*)(.+)$")


def pdfminer_text(pdf: Path) -> str:
    """What pdfminer.six extracts from a PDF (form feeds at page breaks)."""
    from pdfminer.high_level import extract_text

    return extract_text(str(pdf))


def glued_titles(markdown: str, is_column) -> str:
    """Every article title and subheading of a Markdown export run into the text around
    it: no `#`, no blank line — `…会议。标题正文…` as some converters give it."""
    body = markdown.index("\n## ", markdown.index("目录"))
    head, lines = markdown[:body], markdown[body:].split("\n")
    out: list[str] = []
    glue = False
    for line in lines:
        match = _TITLE.match(line)
        if match and not is_column(match.group(1)) and out:
            while out and not out[-1].strip():
                out.pop()
            if out and not _TITLE.match(out[-1]) and not out[-1].startswith("## "):
                out[-1] += match.group(1)
            else:
                out.append(match.group(1))
            glue = True
            continue
        if glue and line.strip():
            out[-1] += line
            glue = False
        elif not glue:
            out.append(line)
    return head + "\n".join(out)


def html_headings_and_table_contents(markdown: str, is_column) -> str:
    """Column headings underlined with HTML (`### <u>产业环境</u>`), some words in <b>, and
    the contents block as a Markdown table."""
    out = []
    for line in markdown.split("\n"):
        if line.startswith("## ") and is_column(line[3:].strip("* ")):
            out.append(f"### <u>{line[3:].strip('* ')}</u>")
        elif entry := re.match(r"^(?:- )?(.+?)\s*\.{2,}\s*(\d+)$", line):
            out.append(f"| {entry.group(1)} | {entry.group(2)} |")
        elif re.match(r"^目\s*录$", line):
            out += [line, "", "| 标题 | 页码 |", "|---|---|"]
        else:
            out.append(re.sub(r"(“[^”]{2,8}”)", r"<b>\1</b>", line, count=1))
    return "\n".join(out)


def _wrapped(plain: str, width: int) -> list[list[str]]:
    paragraphs = [p.replace("\n", "") for p in plain.split("\n\n") if p.strip()]
    return [hard_wrap(text, 2 * width) for text in paragraphs]


def page_breaks_after_semicolons(plain: str) -> tuple[str, list[str]]:
    """A plain export hard-wrapped (at the width that puts most `；` at a line's end) with a
    page break (a form feed and a running header) after full lines that end in `；` inside a
    paragraph; and those lines."""
    width = max(range(30, 47), key=lambda w: sum(
        line.endswith("；") for lines in _wrapped(plain, w) for line in lines[:-1]))
    out, broken = [], []
    for lines in _wrapped(plain, width):
        for n, line in enumerate(lines):
            out.append(line)
            if line.endswith("；") and visual_width(line) >= 2 * width - 1 and n + 1 < len(lines):
                broken.append(line)
                out += ["", "\f信息产业监测", ""]
        out.append("")
    return "\n".join(out), broken


CONTENTS_SHAPES = ("spaced", "layout", "alternating", "titles_then_pages")
"""How converters give a contents block whose page numbers are set flush right without
dot leaders (`contents_without_leaders`)."""


def contents_without_leaders(issue, shape: str) -> tuple[str, list[int]]:
    """A plain export of `issue` whose contents block has no dot leaders, in one of the
    CONTENTS_SHAPES, and the page each article is listed at:

    - `spaced`: `title 9` (pdftotext -raw, pypdfium2);
    - `layout`: the number after a run of spaces, a long title wrapped after it (`…规划
      （2021-2025    10` / `年）》`, pdftotext -layout);
    - `alternating`: a title's line, then its number's (pdftotext without -layout);
    - `titles_then_pages`: every column and title, then the columns' numbers, then the
      titles' (pdfminer reads the numbers' column after the titles').

    The block runs over a page break (a footer, a bare page number and the running header
    between its entries, the last column at the foot of the first page); every body page
    ends with a bare page number and the running header."""
    header = f"信息产业监测 {issue.date.year}年第{issue.date.month}期"
    footer = ["", "©仅供内部参考，未经同意，不得转载。", ""]
    listed, pages = [], []  # (column?, text, page)
    page = 3
    for section in issue.sections:
        listed.append((True, section.name, page))
        for article in section.articles:
            listed.append((False, article.title, page))
            pages.append(page)
            page += 1
    if shape == "titles_then_pages":  # page by page: the titles, then their numbers
        half = len(listed) // 2
        block = []
        for n, part in enumerate((listed[:half], listed[half:])):
            block += [text for _, text, _ in part] + [
                str(p) for named, _, p in part if named] + [
                str(p) for named, _, p in part if not named]
            block += [] if n else [*footer, "2", header, ""]
    else:
        block = []
        for _, text, number in listed:
            if shape == "spaced":
                block.append(f"{text} {number}")
            elif shape == "alternating":
                block += [text, "", str(number)]
            elif visual_width(text) > 60:  # wrapped at the column's width
                first, *more = hard_wrap(text, 60)
                block += [f"  {first}{' ' * 8}{number}", *(f"  {m}" for m in more)]
            else:
                block.append(f"  {text}{' ' * max(4, 70 - visual_width(text))}{number}")
            block.append("")
        # a page break after the last column's line
        at = max(i for i, line in enumerate(block) if line.strip().startswith(
            issue.sections[-1].name)) + 1 + (shape == "alternating") * 2
        block[at:at] = [*footer, "2", header, ""]
    body = []
    number = 3
    for section in issue.sections:
        body += [section.name, ""]
        for article in section.articles:
            body += [article.title, ""]
            body += [b.text for b in article.blocks if b.kind == "paragraph"] + [""]
            body += [*footer, str(number), header, ""]
            number += 1
    text = "\n".join(["行业信息监测与市场分析", header, "", "目录", "", *block, "", *body])
    return text + "\n", pages


def closing_marks_wrapped(text: str, titles: list[str]) -> tuple[str, list[str]]:
    """The export with each title that ends in a closing mark (？ ！ ” 》 ）) wrapped just
    before it, the mark alone on the next line (a title set in a large font, as the PDF
    reader and converters give it), and those titles. The body's line is the last one
    that holds the title (the contents lists it first)."""
    lines = text.split("\n")
    wrapped = []
    for title in titles:
        if title[-1] not in "？！”》）?!":
            continue
        at = max((i for i, line in enumerate(lines)
                  if line.strip().lstrip("#").strip() == title), default=None)
        if at is None:
            continue
        line = lines[at]
        end = line.rstrip()
        lines[at:at + 1] = [end[:-1], end[-1] + line[len(end):]]
        wrapped.append(title)
    return "\n".join(lines), wrapped
