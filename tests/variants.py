"""Other export shapes of the sample issues, made the way other converters would make them.

The parser must not depend on the shape the samples happen to arrive in:
- `markdown_as_plain`: a Markdown-style issue exported as hard-wrapped plain text with
  page headers and footers (no `#`, no `**`, titles wrapped in a larger font);
- `plain_as_markdown`: a pdftotext issue exported as Markdown with a contents block and
  uneven heading levels (articles at ## or ###, subheadings at ### or ####);
- `encoded`: any text as GB18030, UTF-8 with BOM or UTF-16, with CRLF or CR line ends.
"""

from __future__ import annotations

import random
import re
import unicodedata

BODY_CELLS = 78
TITLE_CELLS = 56
LINES_PER_PAGE = 46
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_BOLD = re.compile(r"^\*\*(.*)\*\*$")
_BULLET = re.compile(r"^[-*]\s+")
_SUPERSCRIPT = re.compile(r"<sup>(\d+)</sup>")
_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _cells(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def hard_wrap(text: str, cells: int) -> list[str]:
    """Cut text into lines of at most `cells` half-width cells, as a PDF line would."""
    lines, current, width = [], "", 0
    for char in text:
        if width + _cells(char) > cells:
            lines.append(current)
            current, width = "", 0
        current += char
        width += _cells(char)
    return lines + [current] if current else lines


def _footer(page: int, year: int, month: int) -> list[str]:
    notice = f"©{year} 仅供内部参考，未经同意，不得转载。  {year}.{month:02d}.28"
    return ["", "行业信息监测", notice, f"Page {page}", ""]


def markdown_as_plain(text: str, year: int, month: int) -> str:
    """The Markdown-style export re-exported as hard-wrapped plain text with page furniture."""
    out: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            out.append("")
            continue
        heading = bool(_MD_HEADING.match(line))
        line = _BULLET.sub("", _MD_HEADING.sub("", line))
        line = _BOLD.sub(r"\1", line).strip()
        line = _SUPERSCRIPT.sub(lambda m: m.group(1).translate(_SUPERSCRIPTS), line)  # as shown
        out.extend(hard_wrap(line, TITLE_CELLS if heading else BODY_CELLS))
    paged: list[str] = []
    for i, line in enumerate(out, start=1):
        paged.append(line)
        if i % LINES_PER_PAGE == 0:
            paged.extend(_footer(i // LINES_PER_PAGE + 1, year, month))
    return "\n".join(paged) + "\n"


def plain_as_markdown(text: str, articles: list[tuple[str, str]], seed: int = 7) -> str:
    """The pdftotext export as Markdown: a contents block, `#` headings at uneven levels.

    `articles` (column, title) say which lines are titles, as a converter reading the
    PDF's fonts would know; other short standalone lines become subheadings.
    """
    rng = random.Random(seed)
    titles = {t for _, t in articles}
    out = ["# 行业信息监测与市场分析", "", "目录", ""]
    column = None
    for page, (col, title) in enumerate(articles, start=3):
        if col != column:
            out += [f"**{col}** ..... {page}", ""]
            column = col
        out.append(f"- {title} ..... {page}")
    out.append("")
    paragraph: list[str] = []
    rest = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        squeezed = re.sub(r"\s+", " ", line)
        split = next((t for t in titles if t.startswith(squeezed) and t != squeezed
                      and len(squeezed) >= 10), None)
        if rest and squeezed == rest:  # second heading line of a split title
            out += [f"### {squeezed}", ""]
            rest = ""
        elif split:
            out += ["", f"### {squeezed}"]
            rest = split[len(squeezed):].strip()
        elif squeezed in {c for c, _ in articles}:
            out += ["", f"## **{squeezed}**", ""]
        elif squeezed in titles:
            out += ["", f"{'#' * rng.choice((2, 3))} {squeezed}", ""]
        elif raw.endswith(" ") and not paragraph and len(squeezed) <= 24 \
                and squeezed[-1] not in "。！”":
            out += ["", f"{'#' * rng.choice((3, 4))} {squeezed}", ""]
        else:
            paragraph.append(line)
            if raw.endswith(" "):
                out += paragraph + [""]
                paragraph = []
    return "\n".join(out + paragraph) + "\n"


def encoded(text: str, codec: str, newline: str = "\n") -> bytes:
    """`text` with the given line ends, encoded (a BOM where the codec has one)."""
    body = text.replace("\n", newline)
    if codec == "utf-8-sig":
        return body.encode("utf-8-sig")
    if codec == "utf-16":
        return body.encode("utf-16")  # Python writes the BOM
    return body.encode(codec)
