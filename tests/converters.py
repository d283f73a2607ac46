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
