"""Reflow: source lines → units (paragraphs, heading candidates, captions, column names).

Hard-wrapped lines are joined into whole paragraphs, a paragraph cut by a page
break is joined again, and short standalone lines become heading candidates.
Nothing is dropped here: every line ends up in exactly one unit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from builder.model import Column, Columns
from builder.parse.lines import MARKDOWN, Line
from builder.parse.noise import CAPTION
from builder.parse.text import CLOSERS, ends_sentence, join_wrapped

PARAGRAPH, HEADING, CAPTION_KIND, COLUMN, FIGURE = ("paragraph", "heading", "caption",
                                                    "column", "figure")
HEADING_MAX = 40
"""Longest heading, in characters; a longer line is always text."""
BARE_HEADING_MAX = 32
"""Longest unmarked heading in a Markdown export, where a longer short block is
more likely the tail of a page than a heading the converter did not mark."""
_PARA_END = "：:"
_TITLE_ENDS = "？?！!”’」』》〉）)】 "
"""Marks that may close a title (and the spaces between them)."""
_QUESTION = "？?！!"


@dataclass(frozen=True)
class Unit:
    """A paragraph, heading candidate, caption or column name, with where it came from."""

    kind: str
    """`paragraph`, `heading`, `caption`, `column` or `figure`."""
    text: str
    """Reflowed text."""
    line: int
    """1-based source line where the unit starts."""
    level: int = 0
    """Markdown heading level, 0 when unmarked."""
    column: Column | None = None
    """For a `column` unit: which column it names."""
    wrapped: bool = False
    """True when the unit was joined from more than one source line."""
    last: int = 0
    """1-based source line where the unit ends."""
    figure: str | None = None
    """For a figure: the image it names ("" for none); `text` is its caption."""


def closes_paragraph(text: str) -> bool:
    """True when a paragraph may end after `text` (else a page break cut it)."""
    stripped = text.rstrip()
    return ends_sentence(stripped) or stripped.endswith(tuple(_PARA_END))


def looks_like_heading(text: str, longest: int = HEADING_MAX) -> bool:
    """Short, one clause at most, not ending like a sentence (a question may end one)."""
    if not text or len(text) > longest or any(c in "。；;" for c in text[:-1]):
        return False
    if not any(c.isalnum() for c in text):  # a stray quote or mark is no heading
        return False
    if text.count("，") + text.count(",") > 1:  # two clauses or more: prose, cut by a page
        return False
    return not closes_paragraph(text) or text.rstrip("”’」』") .endswith(tuple(_QUESTION))


def _classify(text: str, lines: tuple[int, int], level: int, columns: Columns, wrapped: bool,
              longest: int = HEADING_MAX) -> Unit:
    line, last = lines
    if column := columns.match(text) if len(text) <= 12 else None:
        return Unit(COLUMN, text, line, level, column, last=last)
    if CAPTION.match(text):
        return Unit(CAPTION_KIND, text, line, level, wrapped=wrapped, last=last)
    if level or (not wrapped and looks_like_heading(text, longest)):
        return Unit(HEADING, text, line, level, wrapped=wrapped, last=last)
    return Unit(PARAGRAPH, text, line, level, wrapped=wrapped, last=last)


def _join(lines: list[Line]) -> str:
    text = ""
    for line in lines:
        text = join_wrapped(text, line.text)
    return text


def markdown_units(lines: list[Line], columns: Columns) -> list[Unit]:
    """Units of a Markdown-style export: blank lines separate blocks, `#` marks headings."""
    units: list[Unit] = []
    run: list[Line] = []

    def flush() -> None:
        if run:
            units.append(_classify(_join(run), (run[0].no, run[-1].no), 0, columns,
                                   len(run) > 1, BARE_HEADING_MAX))
            run.clear()

    for line in lines:
        if line.figure is not None:
            flush()
            units.append(figure_unit(line))
            continue
        standalone = line.level or _names_column(line, columns)
        if line.blank or standalone:
            flush()
            if standalone:
                units.append(_classify(line.text, (line.no, line.no), line.level, columns,
                                       False))
        else:
            run.append(line)
    flush()
    return units


def figure_unit(line: Line) -> Unit:
    """A figure line: its own unit, whatever is around it."""
    return Unit(FIGURE, line.text, line.no, last=line.no, figure=line.figure)


def _names_column(line: Line, columns: Columns) -> bool:
    """A line that is nothing but a column name stands alone, whatever surrounds it."""
    return len(line.text) <= 12 and columns.match(line.text) is not None


WRAPPED_WIDTH = 40
"""Below this typical line width (half-width cells) a text is not hard-wrapped at all."""


@dataclass(frozen=True)
class Layout:
    """How a plain export lays out its lines."""

    double_spaced: bool
    """A blank line follows nearly every line, so blank lines mean nothing."""
    trailing_marks_end: bool
    """A line ending in whitespace ends a block (pdftotext does this)."""
    width: int
    """Typical width of a full body line, in half-width cells."""

    @property
    def hard_wrapped(self) -> bool:
        """Whether lines were cut at a fixed width (short typical lines: they were not)."""
        return self.width >= WRAPPED_WIDTH


def measure_layout(lines: list[Line]) -> Layout:
    """Read the layout conventions of a plain export from its lines."""
    content = [i for i, line in enumerate(lines) if not line.blank]
    if not content:
        return Layout(False, False, 0)
    followed = sum(1 for i in content if i + 1 < len(lines) and lines[i + 1].blank)
    widths = sorted(lines[i].width for i in content)
    width = widths[int(len(widths) * 0.75)]
    full = [lines[i] for i in content if lines[i].width >= 0.9 * width]
    full_open = [line for line in full if not closes_paragraph(line.text)]
    closed = sum(1 for i in content if lines[i].closed)
    trailing = (closed >= max(3, len(content) // 10)
                and sum(1 for line in full_open if line.closed) <= len(full_open) // 10)
    return Layout(followed >= 0.7 * len(content), trailing, width)


def _ends_block(line: Line, layout: Layout) -> bool:
    if layout.trailing_marks_end:
        return line.closed
    if not layout.hard_wrapped:
        return True
    return line.width < 0.85 * layout.width


def _heading_block(block: list[Line], layout: Layout) -> bool:
    """One short line, or a title in a larger font wrapped early onto a second line."""
    if len(block) == 1:
        return block[0].width < 0.9 * layout.width or not layout.hard_wrapped
    return len(block) == 2 and block[0].width < 0.9 * layout.width


def _heading_after_sentence(previous: Line, line: Line, layout: Layout) -> bool:
    """A short heading-like line right after a line that ends a sentence stands alone,
    even where no blank line sets it off: a paragraph does not end without punctuation."""
    return (layout.hard_wrapped and closes_paragraph(previous.text)
            and line.width < 0.85 * layout.width and looks_like_heading(line.text)
            and not closes_paragraph(line.text))


def plain_units(lines: list[Line], columns: Columns) -> list[Unit]:
    """Units of a plain export: visual lines grouped into blocks by layout."""
    layout = measure_layout(lines)
    units: list[Unit] = []
    block: list[Line] = []

    def flush() -> None:
        if block:
            text = _join(block)
            wrapped = not _heading_block(block, layout)
            units.append(_classify(text, (block[0].no, block[-1].no), 0, columns, wrapped))
            block.clear()

    for line in lines:
        if line.blank:
            if not layout.double_spaced:
                flush()
            continue
        if line.figure is not None:
            flush()
            units.append(figure_unit(line))
            continue
        if _names_column(line, columns):
            flush()
            block.append(line)
            flush()
            continue
        if block and _heading_after_sentence(block[-1], line, layout):
            flush()
        block.append(line)
        if _ends_block(line, layout):
            flush()
    flush()
    return units


def full_before_breaks(lines: list[Line]) -> set[int]:
    """Line numbers of full-width lines that end a page of a hard-wrapped plain export
    (pages known from form feeds): a paragraph goes on after them, whatever their last
    character."""
    content = [line for line in lines if not line.blank]
    layout = measure_layout(lines)
    if not layout.hard_wrapped or not any(line.page for line in content):
        return set()
    return {line.no for line, nxt in zip(content, content[1:], strict=False)
            if nxt.page > line.page and line.width >= 0.9 * layout.width}


_FINAL = "。！？!?…"
"""Marks that end a paragraph for certain (`；` and `：` may end a clause in the middle of
one)."""


def _ends_for_certain(text: str) -> bool:
    return text.rstrip().rstrip(CLOSERS)[-1:] in tuple(_FINAL)


def join_page_breaks(units: list[Unit], full: set[int] = frozenset()) -> list[Unit]:
    """Join a paragraph cut by a page break (or a stray short line) to the one before: when
    it does not end a sentence, or when it ends in a full line at the foot of a page
    (`full`) with a `；` or `：` — whatever comes next is text, not a title."""
    out: list[Unit] = []
    for unit in units:
        prev = out[-1] if out else None
        if (prev is not None and prev.kind == PARAGRAPH and not unit.level and (
                (not closes_paragraph(prev.text) and unit.kind in (PARAGRAPH, HEADING))
                or (prev.last in full and not _ends_for_certain(prev.text)
                    and unit.kind == PARAGRAPH))):
            out[-1] = replace(prev, text=join_wrapped(prev.text, unit.text), wrapped=True,
                              last=unit.last)
        else:
            out.append(unit)
    return out


def marks_to_headings(units: list[Unit]) -> list[Unit]:
    """A unit of closing marks alone (`？`, `”`, `》`) right after a heading ends that
    heading: a title wrapped just before its closing mark (`。` or `：` would be text)."""
    out: list[Unit] = []
    for unit in units:
        prev = out[-1] if out else None
        if (prev is not None and prev.kind == HEADING and unit.kind in (PARAGRAPH, HEADING)
                and unit.text and all(c in _TITLE_ENDS for c in unit.text)):
            out[-1] = replace(prev, text=prev.text + unit.text.strip(), last=unit.last)
        else:
            out.append(unit)
    return out


def figure_titles(units: list[Unit]) -> list[Unit]:
    """A heading candidate right before a `资料来源：` caption is the figure's title."""
    out = list(units)
    for i, unit in enumerate(out[:-1]):
        if unit.kind == HEADING and not unit.level and out[i + 1].kind == CAPTION_KIND:
            out[i] = replace(unit, kind=CAPTION_KIND)
    return out


def to_units(shape: str, lines: list[Line], columns: Columns, laid_out: bool = False
             ) -> list[Unit]:
    """Reflowed units of the body of an issue. `laid_out`: the reader already joined the
    paragraphs from the page's geometry (a PDF), so page breaks are not guessed at."""
    if shape == MARKDOWN:
        units, full = markdown_units(lines, columns), set()
    else:
        units, full = plain_units(lines, columns), full_before_breaks(lines)
    units = marks_to_headings(units)
    return figure_titles(units if laid_out else join_page_breaks(units, full))


def split_paragraph(unit: Unit, title: str, before: str, after: str) -> list[Unit]:
    """A paragraph cut around a title glued into it: the text before, the title as a
    heading, the text after (each kept when not empty)."""
    parts = [replace(unit, text=before)] if before else []
    parts.append(Unit(HEADING, title, unit.line, last=unit.line))
    return parts + ([replace(unit, text=after, wrapped=True)] if after else [])
