"""Read a PDF issue: text with its fonts and positions, page furniture, figures.

What text exports throw away decides the structure here. Every character comes with its
font size (as drawn: the font's size times the text matrix's scale), weight and box
(pypdfium2, PDFium's text layer). A line that repeats at the same height near the top or
bottom of many pages (digits aside) is a running header, footer or page number: dropped
and reported. The body font is the style most text is set in; a style used for short
lines that is larger (or bold) is a heading style — a column name, the largest style used
for two headings or more the article titles, smaller ones subtitles and subheadings.
Body lines join into paragraphs by their geometry, measured on their own page (margins
may differ between left and right pages): a first-line indent starts one, a last line
short of the margin ends one, and a paragraph cut by a page break goes on. Images and
drawn charts are cut out as PNGs (the page rendered in their box) with the small-print
line under them as the caption; a box or frame that holds running text is no figure.

The result is the issue as a Markdown-style export (`#` headings, a blank line between
paragraphs, a form feed at every page break, `![caption](figure)` lines), which the
parser reads like any other export, plus the furniture and the figures.
"""

from __future__ import annotations

import ctypes
import io
import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from builder.errors import ParseError
from builder.model import Columns, Dropped, Figure
from builder.parse.lines import TITLE_LEVEL
from builder.parse.noise import CAPTION, COPYRIGHT, PAGE_NUMBER
from builder.parse.text import join_wrapped

BAND = 0.11
"""Running headers and footers sit in the top and bottom share of the page this tall."""
REPEATED_ON = 0.3
"""A line in those bands repeated on at least this share of pages is furniture."""
_DIGITS = re.compile(r"\d+")
WIDE_GAP = 1.8
"""A gap wider than this many ems between two characters of a line separates two texts
set side by side (a header's two ends, a title and its page number)."""
HEADING_CHARS = 32
"""A style whose lines are mostly longer than this is running text, however large."""
FIGURE_MIN = 24.0
"""A drawing smaller than this (points, either side) is a rule or an ornament."""
FIGURE_GAP = 8.0
"""Drawn shapes closer than this (points) belong to one figure."""
TEXT_BOX_CHARS = 80
"""A box holding this much text set at the body size or larger is a text box, not a figure."""
RENDER_SCALE = 2.0
"""Figures are rendered at twice the page's size (144 dpi): sharp on high-density screens."""
CSS_PX = 96 / 72
"""CSS pixels per point, for the figures' display size."""
UNMAPPED = 0.1
"""Share of characters without a Unicode meaning above which the text layer is unusable."""
_LEADER = " ..... "
"""How a title and its page number set apart on a line are written (a contents entry)."""
_ENTRY = re.compile(r"(?:\.{2,}|…{2,}|_{3,})\s*\d{1,4}$|\s\.{5}\s\d{1,4}$")


@dataclass
class TextLine:
    """One line of text on a page, in reading order."""

    page: int
    """1-based page number."""
    text: str
    size: float
    """The size most of its characters are drawn at, in points."""
    bold: bool
    x0: float
    x1: float
    top: float
    """Distance from the top of the page, in points."""
    bottom: float
    role: str = "body"
    """`body`, `furniture`, `figure` (text inside a drawing) or `caption` (a figure's)."""


@dataclass
class _Region:
    """A figure on a page: its box (points, from the top-left) and what it is."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    caption: str = ""
    name: str = ""
    lines: list[TextLine] = field(default_factory=list)

    def holds(self, line: TextLine) -> bool:
        middle = (line.top + line.bottom) / 2
        return (self.x0 - 2 <= (line.x0 + line.x1) / 2 <= self.x1 + 2
                and self.top - 2 <= middle <= self.bottom + 2)


@dataclass
class _Page:
    """What is read of one page: its size, lines and candidate figures."""

    number: int
    width: float
    height: float
    rotated: bool
    lines: list[TextLine]
    regions: list[_Region]


@dataclass(frozen=True)
class PdfReading:
    """A PDF issue as the parser reads it: Markdown-style text, furniture, figures."""

    text: str
    """The issue as a Markdown-style export, a form feed at every page break."""
    dropped: tuple[Dropped, ...]
    """Running headers, footers, page numbers and the text inside figures."""
    furniture: tuple[str, ...]
    """Every header, footer and page-number line (the date is often in the footer)."""
    figures: tuple[Figure, ...]
    """The figures cut out, in reading order, named as the text refers to them."""


def read_pdf(path: str | Path, columns: Columns) -> PdfReading:
    """Read a PDF issue, or raise ParseError naming the file and what to do."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        raise ParseError(path, _open_error(str(error))) from None
    try:
        pages, handles = [], []
        for number in range(len(document)):
            try:
                handle = document[number]
                pages.append(_read_page(handle, number + 1))
            except pdfium.PdfiumError:
                raise ParseError(path, f"page {number + 1} cannot be read (damaged file?): "
                                       "export the PDF again") from None
            handles.append(handle)
        lines = [line for page in pages for line in page.lines]
        _check_text(path, lines, len(pages))
        dropped = _mark_furniture(pages)
        furniture = tuple(line.text for line in lines if line.role == "furniture")
        body = _body_size(lines)
        try:
            figures, placed = _cut_figures(pages, handles, body)
        except pdfium.PdfiumError:
            raise ParseError(path, "a page cannot be rendered (damaged file?): export the "
                                   "PDF again") from None
        dropped += _figure_text(placed)
        return PdfReading(_Composer(pages, placed, columns).text(), tuple(dropped),
                          furniture, tuple(figures))
    finally:
        document.close()


def _open_error(message: str) -> str:
    if "password" in message.lower():
        return "encrypted PDF: save it without a password (or print it to a new PDF) first"
    return "cannot read as PDF (damaged or cut short?)"


def _check_text(path, lines: list[TextLine], pages: int) -> None:
    """A text layer the builder can read: there is one, and it says which characters
    it draws (fonts without a Unicode map give private-use or replacement characters)."""
    text = "".join(line.text for line in lines)
    if len(text) < 20 * max(pages, 1):
        raise ParseError(path, "no text layer (a scan?): run OCR on it first "
                               "(e.g. ocrmypdf) and add the result")
    unmapped = sum(1 for c in text if "\ue000" <= c <= "\uf8ff" or c in "\ufffd\x00")
    if unmapped > UNMAPPED * len(text):
        raise ParseError(path, "its fonts do not say which characters they draw (no Unicode "
                               "map): print it to a new PDF, or export its text, and add that")


def _read_page(page, number: int) -> _Page:
    left, bottom, right, top = page.get_cropbox()
    rotated = page.get_rotation() % 360 != 0
    lines = _page_lines(page, number, left, top)
    regions = [] if rotated else _figure_regions(page, number, left, top)
    return _Page(number, right - left, top - bottom, rotated, lines, regions)


def _page_lines(page, number: int, left: float, top: float) -> list[TextLine]:
    """The page's lines, as PDFium cuts them, with sizes and boxes (points from the
    crop box's top-left); texts set side by side on one line are separate lines."""
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    count = raw.FPDFText_CountChars(textpage)
    box, matrix = raw.FS_RECTF(), raw.FS_MATRIX()
    lines: list[TextLine] = []
    chars: list[tuple] = []
    gap = False
    for i in range(count):
        char = chr(raw.FPDFText_GetUnicode(textpage, i))
        if char in "\r\n":
            lines += _split_line(textpage, chars, number)
            chars, gap = [], False
            continue
        if char.isspace() and raw.FPDFText_IsGenerated(textpage, i):
            gap = True  # a gap PDFium saw between two characters
            continue
        raw.FPDFText_GetLooseCharBox(textpage, i, box)
        scale = 1.0
        if raw.FPDFText_GetMatrix(textpage, i, matrix):
            scale = math.hypot(matrix.c, matrix.d) or 1.0
        chars.append((char, raw.FPDFText_GetFontSize(textpage, i) * scale, box.left - left,
                      box.right - left, top - box.top, top - box.bottom, gap, i))
        gap = False
    lines += _split_line(textpage, chars, number)
    textpage.close()
    return [line for line in lines if line.text.strip()]


def _split_line(textpage, chars: list[tuple], number: int) -> list[TextLine]:
    """One line of PDFium's, cut where a wide gap sets two texts apart — unless what
    stands after the gap is a page number, which is written after dot leaders."""
    if not chars:
        return []
    pieces, piece = [], [chars[0]]
    for before, char in zip(chars, chars[1:], strict=False):
        em = max(char[1], 1.0)
        if char[2] - before[3] > WIDE_GAP * em:
            pieces.append(piece)
            piece = []
        piece.append(char)
    pieces.append(piece)
    if len(pieces) > 1 and "".join(c[0] for c in pieces[-1]).strip().isdigit():
        number_piece = pieces.pop()
        pieces[-1] = pieces[-1] + [(_LEADER, *number_piece[0][1:])] + number_piece
    return [_line(textpage, piece, number) for piece in pieces]


def _line(textpage, chars: list[tuple], number: int) -> TextLine:
    text = ""
    for char, *_rest, gap, _index in chars:
        previous = text[-1:] if text else ""
        if gap and previous.isascii() and previous.isalnum() and char[:1].isascii() and \
                char[:1].isalnum():
            text += " "  # a space PDFium saw between two Latin words
        text += char
    boxed = [c for c in chars if c[0] != _LEADER and not c[0].isspace()] or chars
    sizes = Counter(round(c[1], 1) for c in boxed)
    return TextLine(number, re.sub(r" {2,}", " ", text).strip(), sizes.most_common(1)[0][0],
                    _bold(textpage, boxed[0][7]), min(c[2] for c in boxed),
                    max(c[3] for c in boxed), min(c[4] for c in boxed),
                    max(c[5] for c in boxed))


def _bold(textpage, index: int) -> bool:
    """The character's font is bold: by its weight, or by its name."""
    import pypdfium2.raw as raw

    if raw.FPDFText_GetFontWeight(textpage, index) >= 600:
        return True
    buffer = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    raw.FPDFText_GetFontInfo(textpage, index, buffer, 128, ctypes.byref(flags))
    return bool(re.search(r"bold|black|heavy", buffer.value.decode("latin-1", "replace"),
                          re.IGNORECASE))


def _figure_regions(page, number: int, left: float, top: float) -> list[_Region]:
    """Images, and clusters of drawn shapes big enough to be a chart or a table."""
    import pypdfium2.raw as raw

    boxes, images = [], []
    for obj in page.get_objects(max_depth=2):
        if obj.type not in (raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_PATH):
            continue
        x0, y0, x1, y1 = obj.get_bounds()
        box = [x0 - left, top - y1, x1 - left, top - y0]
        (images if obj.type == raw.FPDF_PAGEOBJ_IMAGE else boxes).append(box)
    regions = [_Region(number, *box) for box in images
               if box[2] - box[0] >= FIGURE_MIN and box[3] - box[1] >= FIGURE_MIN]
    for x0, y0, x1, y1 in _clusters(boxes):
        if x1 - x0 >= FIGURE_MIN * 2 and y1 - y0 >= FIGURE_MIN * 2:
            regions.append(_Region(number, x0, y0, x1, y1))
    return sorted(_merged(regions), key=lambda r: (r.top, r.x0))


def _clusters(boxes: list[list[float]], gap: float = FIGURE_GAP) -> list[list[float]]:
    """Boxes closer than `gap` (overlapping, for a negative one) merged into their union,
    until none are."""
    merged = [list(box) for box in boxes]
    changed = True
    while changed:
        changed = False
        out: list[list[float]] = []
        for box in sorted(merged, key=lambda b: (b[1], b[0])):
            for other in out:
                if (box[0] <= other[2] + gap and other[0] <= box[2] + gap
                        and box[1] <= other[3] + gap and other[1] <= box[3] + gap):
                    other[:] = [min(box[0], other[0]), min(box[1], other[1]),
                                max(box[2], other[2]), max(box[3], other[3])]
                    changed = True
                    break
            else:
                out.append(box)
        merged = out
    return merged


def _merged(regions: list[_Region]) -> list[_Region]:
    """Regions of a page that overlap (a chart drawn over an image, say) as one."""
    if not regions:
        return []
    boxes = _clusters([[r.x0, r.top, r.x1, r.bottom] for r in regions], gap=-0.01)
    return [_Region(regions[0].page, *box) for box in boxes]


def _mark_furniture(pages: list[_Page]) -> list[Dropped]:
    """Lines repeated at the same height across pages (digits aside), near the top or the
    bottom of their page: headers, footers and page numbers."""
    def key(line: TextLine) -> tuple[int, str]:
        return round(line.top / 4), _DIGITS.sub("#", line.text)

    banded = [line for page in pages for line in page.lines
              if line.top < page.height * BAND or line.bottom > page.height * (1 - BAND)]
    counts = Counter(k for k, _page in {(key(line), line.page) for line in banded})
    needed = max(2, round(REPEATED_ON * len(pages)))
    found: dict[str, list[TextLine]] = {}
    for line in banded:
        number = PAGE_NUMBER.match(line.text) is not None
        if counts[key(line)] >= needed or (number and len(pages) > 1):
            line.role = "furniture"
            kind = ("page-number" if number else
                    "copyright" if COPYRIGHT.search(line.text) else "header")
            found.setdefault(kind, []).append(line)
    return [Dropped(kind, len(group), group[0].text) for kind, group in found.items()]


def _cut_figures(pages: list[_Page], handles, body: float) -> tuple[list[Figure], list[_Region]]:
    """Each figure rendered as a PNG; the text inside it and its caption claimed. A region
    that holds running text (a frame, a shaded box, the image under an OCR'd text layer)
    is no figure: its text stays."""
    figures, placed = [], []
    for page, handle in zip(pages, handles, strict=True):
        for region in page.regions:
            inside = [line for line in page.lines if line.role == "body" and region.holds(line)]
            if sum(len(line.text) for line in inside if line.size >= body - 0.3) >= \
                    TEXT_BOX_CHARS:
                continue
            region.lines = inside
            for line in inside:
                line.role = "figure"
            region.caption = _caption(region, page.lines, body)
            region.name = f"p{region.page}-{len(placed) + 1}.png"
            figures.append(_render(handle, page, region))
            placed.append(region)
    return figures, placed


def _caption(region: _Region, lines: list[TextLine], body: float) -> str:
    """The small-print line right under (or else right above) the figure, claimed."""
    below = [line for line in lines if line.role == "body"
             and 0 <= line.top - region.bottom <= 2.2 * max(line.size, 1)]
    above = [line for line in lines if line.role == "body"
             and 0 <= region.top - line.bottom <= 1.6 * max(line.size, 1)]
    for candidates in (below, list(reversed(above))):
        for line in candidates[:1]:
            if line.size < body - 0.3 or CAPTION.match(line.text):
                line.role = "caption"
                return line.text
    return ""


def _render(handle, page: _Page, region: _Region) -> Figure:
    """The figure's box of the page as a PNG at RENDER_SCALE."""
    x0, x1 = max(region.x0 - 2, 0), min(region.x1 + 2, page.width)
    top, bottom = max(region.top - 2, 0), min(region.bottom + 2, page.height)
    bitmap = handle.render(scale=RENDER_SCALE, crop=(x0, page.height - bottom,
                                                     page.width - x1, top))
    data = io.BytesIO()
    bitmap.to_pil().convert("RGB").save(data, "PNG", optimize=True)
    return Figure(region.name, data.getvalue(), round((x1 - x0) * CSS_PX),
                  round((bottom - top) * CSS_PX), region.page)


def _figure_text(placed: list[_Region]) -> list[Dropped]:
    """The text inside figures (labels of a chart): shown in the image, not as text."""
    lines = [line for region in placed for line in region.lines]
    if not lines:
        return []
    return [Dropped("figure", len(lines), lines[0].text)]


def _body_size(lines: list[TextLine]) -> float:
    """The size most running text is set in."""
    sizes = Counter()
    for line in lines:
        if line.role == "body":
            sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _mode(values, default: float = 0.0) -> float:
    counts = Counter(round(v) for v in values)
    return float(counts.most_common(1)[0][0]) if counts else default


class _Composer:
    """Lines (and figures) in reading order → Markdown-style text."""

    def __init__(self, pages: list[_Page], placed: list[_Region], columns: Columns) -> None:
        self.columns = columns
        self.pages = pages
        self.lines = [line for page in pages for line in page.lines
                      if line.role in ("body", "caption")]
        self.body = _body_size(self.lines)
        self.headings = self._heading_styles()
        self.levels = self._heading_levels()
        self.margins = self._margins()
        self.cover = self._is_cover(pages[0]) if pages else False
        self.placed = placed
        self.anchors: dict[int, list[_Region]] = {}
        for region in placed:
            anchor = next((line for line in self.lines if line.role != "caption" and (
                line.page, line.top) >= (region.page, region.bottom - 1)), None)
            self.anchors.setdefault(id(anchor) if anchor else 0, []).append(region)

    def _heading_styles(self) -> set[tuple[float, bool]]:
        """Styles larger (or bolder) than the body's and used for short lines."""
        lengths: dict[tuple[float, bool], list[int]] = {}
        for line in self.lines:
            if line.size >= self.body + 0.4 or (line.bold and line.size >= self.body - 0.2):
                lengths.setdefault((line.size, line.bold), []).append(len(line.text))
        return {style for style, found in lengths.items()
                if statistics.median(found) <= HEADING_CHARS}

    def _style(self, line: TextLine) -> str:
        if line.role == "caption":
            return "caption"
        if (line.size, line.bold) in self.headings and len(line.text) <= 2 * HEADING_CHARS:
            return "heading"
        return "small" if line.size < self.body - 0.3 else "body"

    def _heading_levels(self) -> dict[tuple[float, bool], int]:
        """Heading styles → Markdown levels. Article titles (TITLE_LEVEL) are the largest
        style used for two headings or more (column names aside); smaller styles are
        subtitles and subheadings; a larger one used once (目录) goes above them."""
        styles = Counter((line.size, line.bold) for line in self.lines
                         if self._style(line) == "heading" and not self.columns.match(line.text))
        repeated = sorted((style for style, n in styles.items() if n >= 2), reverse=True)
        title = repeated[0] if repeated else max(styles, default=(0.0, False))
        return {style: (TITLE_LEVEL - 1 if style > title else TITLE_LEVEL if style == title
                        else TITLE_LEVEL + 1) for style in styles}

    def _margins(self) -> dict[int, tuple[float, float]]:
        """Each page's left and right text margin (pages with little text: the issue's)."""
        body = [line for line in self.lines if self._style(line) == "body"]
        whole = (_mode(line.x0 for line in body), _mode(line.x1 for line in body))
        margins = {}
        for page in self.pages:
            own = [line for line in body if line.page == page.number]
            margins[page.number] = ((_mode(line.x0 for line in own), _mode(line.x1 for line in own))
                                    if len(own) >= 6 else whole)
        return margins

    def _is_cover(self, page: _Page) -> bool:
        """The first page is a cover when it holds (almost) no running text."""
        return sum(1 for line in page.lines if line.role == "body"
                   and self._style(line) == "body") < 3

    def text(self) -> str:
        out: list[str] = []
        paragraph: list[TextLine] = []
        heading: list[TextLine] = []
        pending: list[_Region] = []
        page = 0

        def flush() -> None:
            if heading:
                out.extend([self._heading(heading), ""])
                heading.clear()
            if paragraph:
                out.extend([_joined(paragraph), ""])
                paragraph.clear()
            for region in pending:
                out.extend([_figure_line(region), ""])
            pending.clear()

        for line in self.lines:
            if line.page != page:
                if heading:  # a heading ends with its page, on that page
                    flush()
                out.extend(["\f"] * (line.page - max(page, 1)))  # text before a break is
                page = line.page                                 # on page 1
            if regions := self.anchors.get(id(line)):
                pending.extend(regions)  # before this line, or after the paragraph it goes on
                if not (paragraph and self._continues(paragraph, line)):
                    flush()
            if line.role == "caption":
                continue  # in its figure's line
            if self._style(line) == "heading" or (line.page == 1 and self.cover):
                if paragraph or (heading and not self._same_heading(heading[-1], line)):
                    flush()
                heading.append(line)
                continue
            if heading or (paragraph and not self._continues(paragraph, line)):
                flush()
            paragraph.append(line)
        pending.extend(self.anchors.get(0, []))
        flush()
        return "\n".join(out) + "\n"

    def _same_heading(self, last: TextLine, line: TextLine) -> bool:
        """`line` goes on with the heading `last` started (a long title wrapped)."""
        if line.page == 1 and self.cover:
            return False
        return (line.page == last.page and (line.size, line.bold) == (last.size, last.bold)
                and 0 <= line.top - last.bottom < 0.8 * max(line.size, 1)
                and not line.text.startswith(("——", "—")))

    def _heading(self, lines: list[TextLine]) -> str:
        first = lines[0]
        if first.page == 1 and self.cover:
            return "\n\n".join(f"# {line.text}" for line in lines)
        text = _joined(lines)
        if self.columns.match(text):
            return f"{'#' * (TITLE_LEVEL - 1)} {text}"
        return "#" * self.levels.get((first.size, first.bold), TITLE_LEVEL + 1) + f" {text}"

    def _continues(self, paragraph: list[TextLine], line: TextLine) -> bool:
        """Does `line` go on with the paragraph? Yes unless the last line was short (a
        paragraph's end), or `line` is indented (a paragraph's start), or of another
        size, or either is a contents entry; a page break changes nothing."""
        last = paragraph[-1]
        if abs(last.size - line.size) > 0.3 or _ENTRY.search(last.text) or \
                _ENTRY.search(line.text):
            return False
        em = max(line.size, 1)
        left, right = self.margins.get(line.page, (0.0, 0.0))
        last_right = self.margins.get(last.page, (left, right))[1]
        if last_right - last.x1 > 0.5 * em + _first_word_width(line.text, em):
            return False  # the next line's first word would have fitted: a paragraph's end
        if line.x0 > left + 0.8 * em:
            return False
        return line.page != last.page or line.top - last.bottom < 1.2 * em


def _figure_line(region: _Region) -> str:
    caption = region.caption.replace("]", "］").replace("[", "［")
    return f"![{caption}]({region.name})"


_FIRST_WORD = re.compile(r"(?P<open>[“‘（《〈【「『]*)(?P<latin>[\x21-\x7e]*)")


def _first_word_width(text: str, em: float) -> float:
    """About how wide the start of `text` is that a line break cannot cut: opening quotes
    and brackets (an em each) with a run of Latin letters, digits and ASCII marks after
    them (about half an em each), or else one Chinese character."""
    word = _FIRST_WORD.match(text)
    width = len(word.group("open")) * em + len(word.group("latin")) * 0.55 * em
    return width if word.group("latin") else width + em


def _joined(lines: list[TextLine]) -> str:
    text = ""
    for line in lines:
        text = join_wrapped(text, line.text)
    return text
