"""Read a PDF issue: text with its fonts and positions, page furniture, figures.

What text exports throw away decides the structure here. Every character comes with its
font size, weight and box (pypdfium2, PDFium's text layer). Lines that repeat at the same
height on many pages (digits aside) are running headers, footers and page numbers: they
are dropped and reported. The body font is the most used size; larger (or bold) lines are
headings — a column name, the largest other size an article title, smaller ones
subtitles and subheadings. Body lines join into paragraphs by their geometry: a first-line
indent starts one, a short last line ends one, and a paragraph cut by a page break goes
on. Images and drawn charts are cut out as PNGs (the page rendered in their box), with
the small-print line under them as the caption.

The result is the issue as a Markdown-style export (`#` headings, a blank line between
paragraphs, a form feed at every page break, `![caption](figure)` lines), which the
parser reads like any other export, plus the furniture and the figures.
"""

from __future__ import annotations

import ctypes
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from builder.errors import ParseError
from builder.model import Columns, Dropped, Figure
from builder.parse.noise import CAPTION
from builder.parse.text import join_wrapped

BAND = 0.11
"""Running headers and footers sit in the top and bottom share of the page this tall."""
REPEATS = 0.3
"""A line in those bands repeated on at least this share of pages is furniture."""
_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(r"^(?:page|p\.?|第)?\s*[-–—]?\s*\d{1,4}\s*[-–—]?\s*(?:页)?$",
                          re.IGNORECASE)
_COPYRIGHT = re.compile(r"©|版权|不得转载|copyright", re.IGNORECASE)
_BREAKS = {"\r", "\n"}
FIGURE_MIN = 24.0
"""A drawing smaller than this (points, either side) is a rule or an ornament."""
FIGURE_GAP = 8.0
"""Drawn shapes closer than this (points) belong to one figure."""
RENDER_SCALE = 2.0
"""Figures are rendered at twice the page's size (144 dpi): sharp on high-density screens."""
CSS_PX = 96 / 72
"""CSS pixels per point, for the figures' display size."""


@dataclass
class TextLine:
    """One line of text on a page, in reading order."""

    page: int
    """1-based page number."""
    text: str
    size: float
    """The font size most of its characters have."""
    bold: bool
    x0: float
    x1: float
    top: float
    """Distance from the top of the page, in points."""
    bottom: float
    role: str = "body"
    """`body`, `small` (captions, notes), `heading`, `furniture` or `figure` (text inside a
    drawing)."""


@dataclass
class _Region:
    """A figure on a page: its box (points, from the top-left) and what it is."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    caption: str = ""
    lines: list[TextLine] = field(default_factory=list)

    def holds(self, line: TextLine) -> bool:
        middle = (line.top + line.bottom) / 2
        return (self.x0 - 2 <= (line.x0 + line.x1) / 2 <= self.x1 + 2
                and self.top - 2 <= middle <= self.bottom + 2)


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
    pages: int
    """Number of pages."""


def read_pdf(path: str | Path, columns: Columns) -> PdfReading:
    """Read a PDF issue, or raise ParseError naming the file and what to do."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        raise ParseError(path, _open_error(str(error))) from None
    try:
        lines, regions = [], []
        for number in range(len(document)):
            try:
                page = document[number]
                page_lines = _page_lines(page, number + 1)
                page_regions = _figure_regions(page, number + 1, page_lines)
            except pdfium.PdfiumError:
                raise ParseError(path, f"page {number + 1} cannot be read (damaged file?): "
                                       "export the PDF again") from None
            lines += page_lines
            regions.append((page, page_regions))
        if sum(len(line.text) for line in lines) < 20 * max(len(document), 1):
            raise ParseError(path, "no text layer (a scan?): run OCR on it first "
                                   "(e.g. ocrmypdf) and add the result")
        dropped = _mark_furniture(lines, len(document))
        furniture = tuple(line.text for line in lines if line.role == "furniture")
        try:
            figures, placed = _cut_figures(regions, lines)
        except pdfium.PdfiumError:
            raise ParseError(path, "a page cannot be rendered (damaged file?): export the "
                                   "PDF again") from None
        dropped += _figure_text(placed)
        text = _compose(lines, placed, columns)
        return PdfReading(text, tuple(dropped), furniture, tuple(figures), len(document))
    finally:
        document.close()


def _open_error(message: str) -> str:
    if "password" in message.lower():
        return "encrypted PDF: save it without a password (or print it to a new PDF) first"
    return "cannot read as PDF (damaged or cut short?)"


def _page_lines(page, number: int) -> list[TextLine]:
    """The page's lines, as PDFium cuts them, with sizes and boxes."""
    import pypdfium2.raw as raw

    height = page.get_height()
    textpage = page.get_textpage()
    count = raw.FPDFText_CountChars(textpage)
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    lines: list[TextLine] = []
    chars: list[tuple[str, float, float, float, float, float]] = []
    for i in range(count):
        char = chr(raw.FPDFText_GetUnicode(textpage, i))
        if char in _BREAKS:
            if chars:
                lines.append(_line(textpage, chars, number, height, i))
                chars = []
            continue
        if char == " " and raw.FPDFText_IsGenerated(textpage, i):
            chars.append((" ", 0.0, -1.0, -1.0, -1.0, -1.0))  # a gap PDFium saw
            continue
        raw.FPDFText_GetCharBox(textpage, i, left, right, bottom, top)
        chars.append((char, raw.FPDFText_GetFontSize(textpage, i), left.value, right.value,
                      height - top.value, height - bottom.value))
    if chars:
        lines.append(_line(textpage, chars, number, height, count))
    textpage.close()
    return [line for line in lines if line.text]


def _line(textpage, chars, number: int, height: float, end: int) -> TextLine:
    import pypdfium2.raw as raw

    boxed = [c for c in chars if c[2] >= 0 and not c[0].isspace()]
    text = _spaced(chars)
    if not boxed:
        return TextLine(number, "", 0, False, 0, 0, 0, 0)
    sizes = Counter(round(c[1], 1) for c in boxed)
    weight = raw.FPDFText_GetFontWeight(textpage, end - len(chars))
    return TextLine(number, text, sizes.most_common(1)[0][0], weight >= 600 or _bold_font(
        textpage, end - len(chars)), min(c[2] for c in boxed), max(c[3] for c in boxed),
        min(c[4] for c in boxed), max(c[5] for c in boxed))


def _bold_font(textpage, index: int) -> bool:
    import pypdfium2.raw as raw

    buffer = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    raw.FPDFText_GetFontInfo(textpage, index, buffer, 128, ctypes.byref(flags))
    name = buffer.value.decode("latin-1", "replace")
    return bool(re.search(r"bold|black|heavy|hei|黑", name, re.IGNORECASE))


def _spaced(chars) -> str:
    """The line's text: a gap PDFium saw becomes a space only between Latin words."""
    out = ""
    for i, (char, *_rest) in enumerate(chars):
        if char == " " and _rest[1] < 0:  # generated
            before = out[-1:] if out else ""
            after = next((c[0] for c in chars[i + 1:] if c[0] != " "), "")
            if not (before.isascii() and before.isalnum() and after.isascii()
                    and after.isalnum()):
                out += "  " if before and after else ""  # a wide gap: a column break
                continue
        out += char
    return re.sub(r"[ \t]+", " ", out.replace("  ", "\u3000")).strip().replace("\u3000",
                                                                                "  ")


def _figure_regions(page, number: int, lines: list[TextLine]) -> list[_Region]:
    """Images, and clusters of drawn shapes big enough to be a chart or a table."""
    import pypdfium2.raw as raw

    height = page.get_height()
    boxes, images = [], []
    for obj in page.get_objects(max_depth=2):
        if obj.type not in (raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_PATH):
            continue
        left, bottom, right, top = obj.get_bounds()
        box = [left, height - top, right, height - bottom]
        (images if obj.type == raw.FPDF_PAGEOBJ_IMAGE else boxes).append(box)
    regions = [_Region(number, *box) for box in images
               if box[2] - box[0] >= FIGURE_MIN and box[3] - box[1] >= FIGURE_MIN]
    for cluster in _clusters(boxes):
        x0, top, x1, bottom = cluster
        if x1 - x0 >= FIGURE_MIN * 2 and bottom - top >= FIGURE_MIN * 2:
            regions.append(_Region(number, x0, top, x1, bottom))
    return sorted(_merged(regions), key=lambda r: (r.top, r.x0))


def _clusters(boxes: list[list[float]]) -> list[list[float]]:
    """Boxes that touch or nearly touch, merged into their union."""
    merged: list[list[float]] = []
    for box in sorted(boxes, key=lambda b: (b[1], b[0])):
        for other in merged:
            if (box[0] <= other[2] + FIGURE_GAP and other[0] <= box[2] + FIGURE_GAP
                    and box[1] <= other[3] + FIGURE_GAP and other[1] <= box[3] + FIGURE_GAP):
                other[:] = [min(box[0], other[0]), min(box[1], other[1]),
                            max(box[2], other[2]), max(box[3], other[3])]
                break
        else:
            merged.append(list(box))
    return merged if len(merged) == len(boxes) else _clusters(merged)


def _merged(regions: list[_Region]) -> list[_Region]:
    """Regions that overlap (a chart drawn over an image, say) as one."""
    out: list[_Region] = []
    for region in regions:
        for other in out:
            if (region.x0 < other.x1 and other.x0 < region.x1 and region.top < other.bottom
                    and other.top < region.bottom):
                other.x0, other.top = min(other.x0, region.x0), min(other.top, region.top)
                other.x1, other.bottom = max(other.x1, region.x1), max(other.bottom,
                                                                        region.bottom)
                break
        else:
            out.append(region)
    return out


def _mark_furniture(lines: list[TextLine], pages: int) -> list[Dropped]:
    """Lines repeated at the same height across pages (digits aside), near the top or the
    bottom: headers, footers and page numbers."""
    heights = {line.page: 0.0 for line in lines}
    for line in lines:
        heights[line.page] = max(heights[line.page], line.bottom)
    page_height = max(heights.values(), default=0) / (1 - BAND / 2) or 1

    def key(line: TextLine) -> tuple[int, str]:
        return round(line.top / 4), _DIGITS.sub("#", line.text)

    banded = [line for line in lines if line.top < page_height * BAND
              or line.bottom > page_height * (1 - BAND)]
    seen = Counter(key for key in {(key(line), line.page) for line in banded})
    counts = Counter(k for k, _page in seen)
    needed = max(2, round(REPEATS * pages))
    found: dict[str, list[TextLine]] = {}
    for line in banded:
        if counts[key(line)] >= needed or (_PAGE_NUMBER.match(line.text) and pages > 1):
            line.role = "furniture"
            kind = ("page-number" if _PAGE_NUMBER.match(line.text) else
                    "copyright" if _COPYRIGHT.search(line.text) else "header")
            found.setdefault(kind, []).append(line)
    return [Dropped(kind, len(group), group[0].text) for kind, group in found.items()]


def _cut_figures(regions, lines: list[TextLine]) -> tuple[list[Figure], list[_Region]]:
    """Each region rendered as a PNG; the text inside it and its caption claimed."""
    body = _body_size(lines)
    figures, placed = [], []
    by_page: dict[int, list[TextLine]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    for page, page_regions in regions:
        for region in page_regions:
            page_lines = by_page.get(region.page, [])
            region.lines = [line for line in page_lines if line.role != "furniture"
                            and region.holds(line)]
            for line in region.lines:
                line.role = "figure"
            region.caption = _caption(region, page_lines, body)
            name = f"p{region.page}-{len(placed) + 1}.png"
            figures.append(_render(page, region, name))
            placed.append(region)
    return figures, placed


def _caption(region: _Region, lines: list[TextLine], body: float) -> str:
    """The small-print line right under (or else right above) the figure, claimed."""
    below = [line for line in lines if line.role not in ("furniture", "figure")
             and 0 <= line.top - region.bottom <= 2.2 * max(line.size, 1)]
    above = [line for line in lines if line.role not in ("furniture", "figure")
             and 0 <= region.top - line.bottom <= 1.6 * max(line.size, 1)]
    for candidates in (below, list(reversed(above))):
        for line in candidates[:1]:
            if line.size < body - 0.3 or CAPTION.match(line.text):
                line.role = "caption"
                return line.text
    return ""


def _render(page, region: _Region, name: str) -> Figure:
    """The figure's box of the page as a PNG at RENDER_SCALE."""
    width, height = page.get_width(), page.get_height()
    x0, x1 = max(region.x0 - 2, 0), min(region.x1 + 2, width)
    top, bottom = max(region.top - 2, 0), min(region.bottom + 2, height)
    bitmap = page.render(scale=RENDER_SCALE, crop=(x0, height - bottom, width - x1, top))
    image = bitmap.to_pil()
    data = io.BytesIO()
    image.convert("RGB").save(data, "PNG", optimize=True)
    return Figure(name, data.getvalue(), round((x1 - x0) * CSS_PX), round((bottom - top) * CSS_PX),
                  region.page)


def _figure_text(placed: list[_Region]) -> list[Dropped]:
    """The text inside figures (labels of a chart): shown in the image, not as text."""
    lines = [line for region in placed for line in region.lines]
    if not lines:
        return []
    return [Dropped("figure", len(lines), lines[0].text)]


def _body_size(lines: list[TextLine]) -> float:
    sizes = Counter()
    for line in lines:
        if line.role == "body":
            sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _compose(lines: list[TextLine], placed: list[_Region], columns: Columns) -> str:
    """The Markdown-style export of the issue."""
    return _Composer(lines, placed, columns).text()


class _Composer:
    """Lines (and figures) in reading order → Markdown-style text."""

    def __init__(self, lines: list[TextLine], placed: list[_Region], columns: Columns) -> None:
        self.columns = columns
        self.lines = [line for line in lines if line.role not in ("furniture", "figure")]
        self.body = _body_size(self.lines)
        body_lines = [line for line in self.lines if self._style(line) == "body"]
        self.left = _mode(line.x0 for line in body_lines)
        self.right = _mode(line.x1 for line in body_lines)
        self.levels = self._heading_levels()
        self.placed = placed
        self.anchors: dict[int, list[_Region]] = {}
        for region in placed:
            anchor = next((line for line in self.lines if line.role != "caption" and (
                line.page, line.top) >= (region.page, region.bottom - 1)), None)
            self.anchors.setdefault(id(anchor) if anchor else 0, []).append(region)

    def _style(self, line: TextLine) -> str:
        if line.role == "caption":
            return "caption"
        if line.size >= self.body + 0.4 or (line.bold and line.size >= self.body - 0.2
                                            and len(line.text) <= 40):
            return "heading"
        return "small" if line.size < self.body - 0.3 else "body"

    def _heading_levels(self) -> dict[tuple[float, bool], int]:
        """Heading styles → Markdown levels. Article titles (3) are the largest style used
        for two headings or more (column names aside); smaller styles are subtitles and
        subheadings (4); a larger one used once (目录) is 2; the cover page is 1."""
        styles = Counter()
        for line in self.lines:
            if line.page > 1 and self._style(line) == "heading" and not self.columns.match(
                    line.text):
                styles[(line.size, line.bold)] += 1
        repeated = sorted((style for style, n in styles.items() if n >= 2), reverse=True)
        title = repeated[0] if repeated else max(styles, default=(0.0, False))
        return {style: 2 if style > title else 3 if style == title else 4 for style in styles}

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
                out.extend([self._figure(region), ""])
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
            if self._style(line) == "heading" or line.page == 1:
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
        return (line.page == last.page > 1 and (line.size, line.bold) == (last.size, last.bold)
                and 0 <= line.top - last.bottom < 0.8 * max(line.size, 1)
                and not line.text.startswith(("——", "—")))

    def _figure(self, region: _Region) -> str:
        index = self.placed.index(region) + 1
        caption = region.caption.replace("]", "］").replace("[", "［")
        return f"![{caption}](p{region.page}-{index}.png)"

    def _heading(self, lines: list[TextLine]) -> str:
        first = lines[0]
        text = _joined(lines)
        if first.page == 1:
            return "\n\n".join(f"# {line.text}" for line in lines)
        if self.columns.match(text):
            return f"## {text}"
        return "#" * self.levels.get((first.size, first.bold), 4) + f" {text}"

    def _continues(self, paragraph: list[TextLine], line: TextLine) -> bool:
        """Does `line` go on with the paragraph? Yes unless the last line was short (a
        paragraph's end), or `line` is indented (a paragraph's start), or of another
        size; a page break changes nothing."""
        last = paragraph[-1]
        if abs(last.size - line.size) > 0.3:
            return False
        em = max(line.size, 1)
        if self.right - last.x1 > 0.5 * em + _first_word_width(line.text, em):
            return False  # the next line's first word would have fitted: a paragraph's end
        if line.x0 > self.left + 0.8 * em:
            return False
        return line.page != last.page or line.top - last.bottom < 1.2 * em


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


def _mode(values) -> float:
    counts = Counter(round(v) for v in values)
    return float(counts.most_common(1)[0][0]) if counts else 0.0
