"""The contents block (目录): which headings are articles, in which column, on which page.

When an issue has one, it is the authority. Titles in it are matched to body
headings fuzzily: spacing between Chinese and digits, full/half width and
markup do not matter, and a title may be split over two heading lines.

Converters give an entry's page number in several ways: after dot leaders (`标题 ..... 9`),
after spaces or a tab (`pdftotext -layout`: squeezed to one space when the line is read),
on the next line (`标题` / `9`), or all the titles first and then all their page
numbers (pdfminer reads the column of numbers after the column of titles). A long title
may wrap before or after its page number.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from builder.model import Column, Columns
from builder.parse.lines import Line
from builder.parse.text import join_wrapped, visual_width

_CONTENTS_HEAD = re.compile(r"^(?:目\s*录|目\s*次|contents)$", re.IGNORECASE)
_ENTRY = re.compile(
    r"^(?P<title>.+?)\s*(?:[.．·…⋯]{2,}|\s[.．·…⋯]|\s{2,}|\t)\s*(?P<page>\d{1,4})$"
)
_SPACED = re.compile(r"^(?P<title>.*[\u4e00-\u9fff].*\S)\s(?P<page>\d{1,3})$")
"""An entry whose page number follows one space (the spacing squeezed): the title must
hold Chinese (`Page 3` is a footer) and the page has at most three digits."""
_PAGE_ONLY = re.compile(r"^\d{1,4}$")
_PAIRS = ("（）", "()", "《》", "“”", "【】", "「」", "『』", "〈〉")
PAIRED_RUN = 80
"""At most this many titles listed before their page numbers."""
MAX_TITLE = 80
"""A listed title is at most this long (characters)."""
WRAP_REST = 30
"""The rest of a title wrapped after its page number is at most this long (characters)."""
_LOOSE = re.compile(r"[\s\W_]+")
MAX_PREAMBLE = 5
SEARCH_LINES = 400
WRAP_MIN_WIDTH = 50
"""A contents line at least this wide (half-width cells) may continue on the next line."""


@dataclass(frozen=True)
class Entry:
    """One article listed in the contents block."""

    title: str
    """The title as listed."""
    page: int
    """The page number listed."""
    column: Column | None
    """The column the entry is listed under, if any."""
    line: int
    """1-based source line of the entry."""


@dataclass(frozen=True)
class Contents:
    """A parsed contents block and where it sits in the file."""

    entries: tuple[Entry, ...]
    """The listed articles in order."""
    start: int
    """Index (in the line list) of the 目录 line."""
    end: int
    """Index one past the last line of the block."""


def title_key(text: str) -> str:
    """A title reduced for fuzzy matching: NFKC width folding, no spaces or punctuation."""
    return _LOOSE.sub("", unicodedata.normalize("NFKC", text)).lower()


_TABLE_ROW = re.compile(r"^\|(?P<cells>.+)\|$")
_TABLE_RULE = re.compile(r"^\|?[\s:|-]*-{3,}[\s:|-]*\|?$")


def _table_entry(text: str) -> tuple[str, int] | None:
    """A contents block exported as a Markdown table: `| title | page |`."""
    row = _TABLE_ROW.match(text.strip())
    if not row:
        return None
    cells = [c.strip().strip("*").strip() for c in row.group("cells").split("|")]
    cells = [c for c in cells if c]
    if len(cells) >= 2 and cells[-1].isdigit() and len(cells[-1]) <= 4:
        return " ".join(cells[:-1]), int(cells[-1])
    return None


def _leader_match(text: str) -> re.Match | None:
    return _ENTRY.match(text.replace("\t", "  ")) or _ENTRY.match(text)


def _leadered(line: Line) -> bool:
    """An entry with dot leaders (or a table row): a block of these has no other kind."""
    return line.text.startswith("|") or _leader_match(line.text) is not None


def _entry(line: Line) -> tuple[str, int] | None:
    if line.text.startswith("|"):
        return _table_entry(line.text)
    match = _leader_match(line.text) or _SPACED.match(line.text)
    return (match.group("title").strip("* "), int(match.group("page"))) if match else None


def _rest_of_title(title: str, lines: list[Line], i: int, columns: Columns) -> bool:
    """Line `i` is the rest of a listed `title` that wrapped after its page number (`…规划
    （2021-2025 10` / `年）》`): short, no sentence or label in it (`主办：…`), no column,
    and either closing what the title left open or after a title as wide as a full line
    with the block going on after it."""
    text = lines[i].text
    if len(text) > WRAP_REST or any(c in text for c in "。：:；;") or columns.match(text):
        return False
    if _unclosed(title):
        return not _unclosed(join_wrapped(title, text))
    return visual_width(title) >= WRAP_MIN_WIDTH and _listed_next(lines, i, columns)


def _unclosed(text: str) -> bool:
    """A bracket or quotation mark opened and not closed: the title goes on."""
    return any(text.count(left) > text.count(right) for left, right in _PAIRS)


def _listed_then_paged(lines: list[Line], i: int, columns: Columns
                       ) -> tuple[list[tuple[Line, str, int | None]], int] | None:
    """Titles without page numbers from line `i` on, then as many page numbers alone on
    their lines (one title and its number, or all the titles and then all the numbers):
    each title's first line, its text and page (None for a column listed without one),
    and the index after the last number. Titles are title-like (short, no sentence end);
    the pages never go back; one number more may be the page's own, read last."""
    texts: list[tuple[Line, str]] = []
    k = i
    while k < len(lines) and len(texts) <= PAIRED_RUN:
        line = lines[k]
        if not line.blank:
            if _PAGE_ONLY.match(line.text) or _entry(line) is not None:
                break
            if len(line.text) > MAX_TITLE or line.text.endswith("。"):
                return None
            if texts and _unclosed(texts[-1][1]):
                texts[-1] = (texts[-1][0], join_wrapped(texts[-1][1], line.text))
            else:
                texts.append((line, line.text))
        k += 1
    pages: list[int] = []
    while k < len(lines) and (lines[k].blank or _PAGE_ONLY.match(lines[k].text)):
        if not lines[k].blank:
            pages.append(int(lines[k].text))
        k += 1
    if not texts or not pages:
        return None
    named = [columns.match(text) is not None for _, text in texts]
    heads, rest = sum(named), len(texts) - sum(named)
    orders = []
    for listed in (pages, pages[:-1]):
        if len(listed) == len(texts):
            # in the listed order; or the columns' numbers first (or last), as a converter
            # reads a column of numbers set apart from the entries'
            orders += [listed, _interleaved(named, listed[:heads], listed[heads:]),
                       _interleaved(named, listed[rest:], listed[:rest])]
        elif len(listed) == rest and listed:
            orders.append(_interleaved(named, [None] * heads, listed))
    order = next((o for o in orders if _forward(o)), None)
    if order is None:
        return None
    return [(line, text, page) for (line, text), page in zip(texts, order, strict=True)], k


def _forward(pages: list[int | None]) -> bool:
    numbers = [p for p in pages if p is not None]
    return numbers == sorted(numbers)


def _interleaved(named: list[bool], heads: list, rest: list) -> list:
    """`heads` for the columns' places in `named`, `rest` for the others', in order."""
    heads_, rest_ = iter(heads), iter(rest)
    return [next(heads_) if is_column else next(rest_) for is_column in named]


def _next_content(lines: list[Line], i: int) -> Line | None:
    return next((line for line in lines[i + 1:] if not line.blank), None)


def find_contents(lines: list[Line], columns: Columns) -> Contents | None:
    """The contents block near the top of the file, or None when there is none."""
    head = next((i for i, line in enumerate(lines[:SEARCH_LINES])
                 if _CONTENTS_HEAD.match(line.text.replace(" ", ""))), None)
    if head is None:
        return None
    entries: list[Entry] = []
    column: Column | None = None
    leadered = continued = False
    preamble = 0
    end = head + 1
    i = head
    while i + 1 < len(lines):
        i += 1
        line = lines[i]
        if line.blank or _TABLE_RULE.match(line.text):
            continue
        if entries and _PAGE_ONLY.match(line.text):  # the block's own page number
            continue
        parsed = _entry(line)
        if parsed and leadered and not _leadered(line):
            parsed = None  # `…达到 115`: text after a block of leadered entries
        if parsed is None and (wrapped := _wrapped_entry(lines, i)):
            parsed, i = wrapped
        leadered = leadered or bool(parsed and _leadered(line))
        named = columns.match(parsed[0] if parsed else line.text)
        paged = None if parsed or (named and _entry_follows(lines, i)) else \
            _listed_then_paged(lines, i, columns)
        if paged:
            for first, text, page in paged[0]:
                if listed_column := columns.match(text):
                    column = listed_column
                else:
                    entries.append(Entry(text, page, column, first.no))
            i = paged[1] - 1
            end = paged[1]
        elif named and (parsed or _entry_follows(lines, i)):
            column, end = named, i + 1
        elif parsed:
            entries.append(Entry(parsed[0], parsed[1], column, line.no))
            end, continued = i + 1, False
        elif entries and not continued and not leadered and \
                _rest_of_title(entries[-1].title, lines, i, columns):
            last = entries[-1]  # once per entry
            entries[-1] = Entry(join_wrapped(last.title, line.text), last.page, last.column,
                                last.line)
            end, continued = i + 1, True
        elif not entries and preamble < MAX_PREAMBLE:
            preamble, end = preamble + 1, i + 1
        else:
            break
    return Contents(tuple(entries), head, end) if entries else None


def _wrapped_entry(lines: list[Line], i: int) -> tuple[tuple[str, int], int] | None:
    """An entry whose long title wrapped onto the next line: the entry and that line's index."""
    j = next((k for k in range(i + 1, min(i + 3, len(lines))) if not lines[k].blank), None)
    if j is None or lines[i].width < WRAP_MIN_WIDTH or len(lines[i].text) > 80:
        return None
    joined = _entry(Line(lines[i].no, join_wrapped(lines[i].text, lines[j].text)))
    return (joined, j) if joined else None


def _listed_next(lines: list[Line], i: int, columns: Columns) -> bool:
    """The next line lists an entry or a column: line `i` is inside the block."""
    nxt = _next_content(lines, i)
    return nxt is not None and (_entry(nxt) is not None or columns.match(nxt.text) is not None)


def _entry_follows(lines: list[Line], i: int) -> bool:
    nxt = _next_content(lines, i)
    return nxt is not None and _entry(nxt) is not None


_SENTENCE_END = "。！？!?；;：:”’」』）)"


def _folded(text: str) -> tuple[str, list[int]]:
    """`text` as title_key folds it, with the index in `text` of every folded character."""
    chars, where = [], []
    for i, char in enumerate(text):
        folded = title_key(char)
        chars.append(folded)
        where += [i] * len(folded)
    return "".join(chars), where


def _title_span(text: str, title: str, folded: tuple[str, list[int]] | None = None
                ) -> tuple[int, int] | None:
    """Where `title` stands in `text` as a title glued to text: at its start or right after
    a sentence ends, and followed by more text. The span includes the title's own opening
    and closing marks (《“ … ”？). `folded`: `_folded(text)`, when known."""
    folded_text, where = folded or _folded(text)
    key = title_key(title)
    if len(key) < 4:
        return None
    at = folded_text.find(key)
    while at >= 0:
        start, end = where[at], where[at + len(key) - 1] + 1
        lead = len(title) - len(title.lstrip("《“‘（(【「『〈 "))
        start = max(0, start - lead) if text[max(0, start - lead):start].strip() == \
            title[:lead].strip() else start
        tail = title[len(title.rstrip("》”’）)】」』〉？?！! ")):]
        if text[end:end + len(tail)] == tail:
            end += len(tail)
        before = text[:start].rstrip()
        if (not before or before[-1] in _SENTENCE_END) and text[end:].strip():
            return start, end
        at = folded_text.find(key, at + 1)
    return None


def _shown(key: str, shown: set[str]) -> bool:
    """A title among the keys of the headings, exactly or nearly (as headings match)."""
    return key in shown or any(
        (k.startswith(key) or key.startswith(k)) and min(len(k), len(key)) >= 0.8 * max(
            len(k), len(key)) for k in shown)


def separate_listed_titles(units: list, contents: Contents | None, make_heading) -> list:
    """Titles the contents list but the export glued to a paragraph (a converter that sets
    no blank line around a title), split out as heading units: the contents is the
    authority on which articles there are. `make_heading(unit, text, before, after)` gives
    the units that replace a paragraph `unit` split around the title `text`."""
    if contents is None:
        return units
    shown = {title_key(u.text) for u in units}
    missing = [e.title for e in contents.entries if not _shown(title_key(e.title), shown)]
    if not missing:
        return units
    out = list(units)
    folded = {id(u): _folded(u.text) for u in out if u.kind == "paragraph"}
    for title in missing:
        for i, unit in enumerate(out):
            if unit.kind != "paragraph":
                continue
            span = _title_span(unit.text, title, folded.get(id(unit)))
            if span is None:
                continue
            start, end = span
            parts = make_heading(unit, unit.text[start:end].strip(), unit.text[:start].strip(),
                                 unit.text[end:].strip())
            folded.update({id(u): _folded(u.text) for u in parts if u.kind == "paragraph"})
            out[i:i + 1] = parts
            break
    return out
