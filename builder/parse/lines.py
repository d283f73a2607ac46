"""Split decoded text into source lines and tell the two export shapes apart.

A Markdown-style export marks headings with `#` and bold with `**`; a plain
(pdftotext-style) export has bare lines only. The shape is read from the text. A form
feed starts a new page (pdftotext and the PDF reader mark page breaks so); a line
`![caption](image)` is a figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from builder.parse.text import squeeze, visual_width

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*[-*+]\s+(?=\S)")
_BOLD = re.compile(r"^\*\*(.+?)\*\*$")
FORMATTING_TAG = re.compile(
    r"</?(?:u|b|strong|i|em|span|font|sub|br|mark|ins|s|small|big|center|p|div)"
    r"""(?:\s+[a-z-]+\s*=\s*(?:"[^"<>]*"|'[^'<>]*'))*\s*/?>""", re.IGNORECASE)
"""A formatting tag a converter leaves in Markdown: no attributes, or quoted ones only."""
_SUPERSCRIPT = re.compile(r"<sup>\s*(\d+)\s*</sup>", re.IGNORECASE)
_FIGURE = re.compile(r"^\s*!\[(?P<caption>[^\]]*)\]\((?P<image>[^)\s]*)\)\s*$")
MARKDOWN = "markdown"
PLAIN = "plain"
TITLE_LEVEL = 3
"""In an export laid out from the page (the PDF reader's), article titles are level-3
headings, column names level 2, subtitles and subheadings level 4."""


@dataclass(frozen=True)
class Line:
    """One line of the source file, with the markup of the export taken off."""

    no: int
    """1-based line number in the source file."""
    text: str
    """The content: whitespace squeezed, export markup (`#`, `**`, `- `) removed."""
    level: int = 0
    """Markdown heading level (0 when the line is not a `#` heading)."""
    bullet: bool = False
    """True when the line was a Markdown list item."""
    closed: bool = False
    """True when the raw line ended in whitespace (a block end in pdftotext output)."""
    width: int = 0
    """Visual width of `text` in half-width cells."""
    page: int = 0
    """1-based page the line is on, when the export marks page breaks (else 0)."""
    figure: str | None = None
    """For a figure line: the image it names ("" for none); `text` is its caption."""

    @property
    def blank(self) -> bool:
        """True for an empty (or whitespace-only) line."""
        return not self.text


def detect_shape(raw_lines: list[str]) -> str:
    """`markdown` when the export marks headings with `#`, else `plain`."""
    headings = sum(1 for line in raw_lines if _MD_HEADING.match(line))
    return MARKDOWN if headings >= 3 else PLAIN


def inline_text(raw: str) -> str:
    """A Markdown line with the inline HTML converters put in read as text (Markdown allows
    HTML; a plain export's `<b>` is text and stays): formatting tags (`<u>`, `<b>`,
    `<br>` …) dropped, `<sup>3</sup>` as ³."""
    if "<" not in raw:
        return raw
    text = _SUPERSCRIPT.sub(lambda m: m.group(1).translate(_SUPERSCRIPTS), raw)
    return FORMATTING_TAG.sub("", text)


_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _markdown_line(no: int, raw: str) -> Line:
    level, body = 0, inline_text(raw)
    if match := _MD_HEADING.match(body):
        level, body = len(match.group(1)), match.group(2)
    bullet = bool(_BULLET.match(body)) and not level
    if bullet:
        body = _BULLET.sub("", body, count=1)
    body = squeeze(body)
    if bold := _BOLD.match(body):
        body = squeeze(bold.group(1))
    return Line(no, body, level, bullet, raw != raw.rstrip(), visual_width(body))


def _plain_line(no: int, raw: str) -> Line:
    body = squeeze(raw)  # text, even where it looks like HTML: not a Markdown export
    return Line(no, body, 0, False, raw != raw.rstrip(), visual_width(body))


def _figure_line(no: int, raw: str) -> Line | None:
    if match := _FIGURE.match(raw):
        caption = squeeze(match.group("caption"))
        return Line(no, caption, width=visual_width(caption), figure=match.group("image"))
    return None


def split_lines(text: str) -> tuple[str, list[Line]]:
    """The export shape and the source lines, numbered from 1, with their pages."""
    raw_lines = text.split("\n")
    shape = detect_shape(raw_lines)
    make = _markdown_line if shape == MARKDOWN else _plain_line
    page = 1 if "\f" in text else 0
    lines = []
    for no, raw in enumerate(raw_lines, start=1):
        if raw.startswith("\f"):
            page += raw.count("\f", 0, len(raw) - len(raw.lstrip("\f")))
            raw = raw.lstrip("\f")
        line = _figure_line(no, raw) or make(no, raw)
        lines.append(replace(line, page=page) if page else line)
    return shape, lines
