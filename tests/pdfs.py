"""Test data: a parsed issue typeset as the PDF the newsletter's editors receive.

The two sample issues are only text; the PDF reader is tested on them typeset with
reportlab and its built-in CID font (STSong-Light): a cover, a 目录 with the real page
numbers, column headings, larger titles, subtitles and subheadings, justified body text,
a running header, a footer with the issue date and page numbers, and figures — a drawn
bar chart and an embedded raster image, with captions (the source's own where it has
them), and one raster image without a caption. `typeset` returns what it drew, so that
tests can check the reader found all of it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from builder.model import Article, Issue

FONT = "STSong-Light"


@dataclass
class Drawn:
    """A figure the typesetter drew: in which article, of which kind, with which caption."""

    article: str
    """Slug of the article it belongs to."""
    kind: str
    """`chart` (vector drawing) or `image` (an embedded raster image)."""
    caption: str | None
    """The caption under it, or None."""
    added: bool = True
    """The caption is the typesetter's (not a caption block of the source)."""
    page: int = 0
    """1-based page it landed on."""


@dataclass
class Typeset:
    """A typeset issue: the file, the page of every title, the figures drawn."""

    path: Path
    pages: int = 0
    title_pages: dict[str, int] = field(default_factory=dict)
    """Article slug → 1-based page of its title."""
    figures: list[Drawn] = field(default_factory=list)
    footer_date: str = ""
    """The date printed in every footer (`2020.12.24`)."""


def _styles():
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))

    def style(name, size, leading, **more):
        return ParagraphStyle(name, fontName=FONT, fontSize=size, leading=leading,
                              wordWrap="CJK", **more)

    return {
        "cover": style("cover", 26, 36, alignment=TA_CENTER, spaceAfter=18),
        "cover2": style("cover2", 18, 26, alignment=TA_CENTER, spaceAfter=12),
        "contents": style("contents", 18, 26, spaceAfter=12),
        "toc_column": style("toc_column", 12, 18, spaceBefore=6),
        "toc_entry": style("toc_entry", 10, 15, leftIndent=12),
        "column": style("column", 20, 28, spaceBefore=6, spaceAfter=12),
        "title": style("title", 15.5, 22, spaceBefore=14, spaceAfter=6),
        "subtitle": style("subtitle", 12.5, 18, spaceAfter=8),
        "subheading": style("subheading", 11.8, 17, spaceBefore=8, spaceAfter=4),
        "body": style("body", 10.5, 17, alignment=TA_JUSTIFY, firstLineIndent=21,
                      spaceAfter=4),
        "caption": style("caption", 9, 13, alignment=TA_CENTER, spaceAfter=8),
    }


def _chart(width: float, height: float):
    """A bar chart drawn with vector shapes (no raster image)."""
    from reportlab.graphics.shapes import Drawing, Line, Rect
    from reportlab.lib import colors

    drawing = Drawing(width, height)
    drawing.add(Line(20, 10, width - 10, 10, strokeColor=colors.black))
    drawing.add(Line(20, 10, 20, height - 5, strokeColor=colors.black))
    for n, value in enumerate((0.35, 0.6, 0.45, 0.8, 0.7, 0.95)):
        drawing.add(Rect(35 + n * (width - 50) / 6, 10, (width - 50) / 6 - 12,
                         value * (height - 25), fillColor=colors.HexColor("#3f51b5"),
                         strokeColor=None))
    return drawing


def _raster(width: int, height: int) -> io.BytesIO:
    """A PNG photo-like gradient (an embedded raster image)."""
    from PIL import Image

    image = Image.new("RGB", (width, height))
    image.putdata([(x * 255 // width, y * 255 // height, 160) for y in range(height)
                   for x in range(width)])
    data = io.BytesIO()
    image.save(data, "PNG")
    data.seek(0)
    return data


def _encryption(password: str):
    """A password on the file (reportlab's standard encryption), or none."""
    if not password:
        return None
    from reportlab.lib import pdfencrypt

    return pdfencrypt.StandardEncryption(password, canPrint=0)


class _Marker:
    """Records the page a flowable lands on."""

    def __init__(self, record) -> None:
        self.record = record


def _plan_figures(issue: Issue) -> dict[str, list[tuple[int, str, str | None]]]:
    """Article slug → figures to draw (block index to draw before, kind, caption).

    A chart goes above the first caption of every article that has captions (the source's
    own captions); the first article of the second column gets a raster image with a
    caption of its own, the first of the third one a raster image without a caption."""
    plan: dict[str, list[tuple[int, str, str | None]]] = {}
    for article in issue.articles:
        captions = [n for n, b in enumerate(article.blocks) if b.kind == "caption"]
        if captions:
            plan[article.slug] = [(captions[0], "chart", None)]
    sections = issue.sections
    if not any(kind == "chart" for figures in plan.values() for _, kind, _ in figures):
        first = sections[0].articles[0]
        plan.setdefault(first.slug, []).append((1, "chart", f"图2 {first.title[:12]}统计"))
    if len(sections) > 1 and sections[1].articles:
        first = sections[1].articles[0]
        plan.setdefault(first.slug, []).append((1, "image", f"图1 {first.title[:12]}示意图"))
    if len(sections) > 2 and sections[2].articles:
        plan.setdefault(sections[2].articles[0].slug, []).append((2, "image", None))
    return plan


def _article_flowables(article: Article, styles, plan, result: Typeset, frame_width: float):
    from reportlab.platypus import Image, Paragraph

    items = [_Marker(("title", article.slug)), Paragraph(escape(article.title), styles["title"])]
    if article.subtitle:
        items.append(Paragraph(escape(article.subtitle), styles["subtitle"]))
    figures = {n: [] for n in range(len(article.blocks) + 1)}
    for at, kind, caption in plan.get(article.slug, []):
        figures[min(at, len(article.blocks))].append((kind, caption))
    for n in range(len(article.blocks) + 1):
        for kind, caption in figures[n]:
            source = article.blocks[n].text if (not caption and n < len(article.blocks)
                                                and article.blocks[n].kind == "caption") else None
            drawn = Drawn(article.slug, kind, caption or source, added=caption is not None)
            result.figures.append(drawn)
            items.append(_Marker(("figure", drawn)))
            items.append(_chart(frame_width * 0.8, 150) if kind == "chart" else
                         Image(_raster(240, 140), width=frame_width * 0.6,
                               height=frame_width * 0.35))
            if caption:
                items.append(Paragraph(escape(caption), styles["caption"]))
        if n < len(article.blocks):
            block = article.blocks[n]
            style = {"subheading": "subheading", "caption": "caption"}.get(block.kind, "body")
            items.append(Paragraph(escape(block.text), styles[style]))
    return items


PUBLISHER = "询合作需要，特殊定制，未经同意，不得转载。"


@dataclass(frozen=True)
class Layout:
    """How the issue is laid out: the usual way, or one of the ways other newsletters are."""

    cover: bool = True
    """A cover page first (else the 目录, or the articles, start on page 1)."""
    contents: bool = True
    """A 目录 listing every article with its page."""
    right_aligned_pages: bool = False
    """The 目录's page numbers set flush right, apart from the titles (no dot leaders)."""
    mirrored: bool = False
    """Left and right pages with different margins, as a bound booklet has."""
    frame: bool = False
    """A ruled frame around the text area of every page, and a shaded box behind the text
    of the first article (neither is a figure)."""
    first_page: int = 1
    """The number printed on the first page (the 目录 and the footers count from it)."""


def typeset(issue: Issue, path: Path, *, cover: tuple[str, ...] = (), footer_date: str = "",
            header: str = "信息产业监测", publisher: str = PUBLISHER, password: str = "",
            layout: Layout = Layout()) -> Typeset:
    """Typeset `issue` into `path` (two passes: the contents get the real page numbers)."""
    footer_date = footer_date or (f"{issue.date.year}.{issue.date.month:02d}."
                                  f"{issue.date.day or 28:02d}")
    pages: dict[str, int] = {}
    for _ in range(3):
        result = _build(issue, path, cover, footer_date, header, publisher, pages, password,
                        layout)
        if result.title_pages == pages:
            return result
        pages = result.title_pages
    return result


def _contents(issue, styles, known_pages, layout: Layout, width: float) -> list:
    from reportlab.platypus import Paragraph, Table, TableStyle

    def printed(slug: str) -> int:
        return known_pages.get(slug, 0) + layout.first_page - 1

    rows = []
    for section in issue.sections:
        rows.append((section.name, printed(section.articles[0].slug), styles["toc_column"]))
        rows += [(a.title, printed(a.slug), styles["toc_entry"]) for a in section.articles]
    if not layout.right_aligned_pages:
        return [Paragraph(f"{escape(text)} ......... {page}", style)
                for text, page, style in rows]
    table = Table([[Paragraph(escape(text), style), Paragraph(str(page), style)]
                   for text, page, style in rows], colWidths=[width - 40, 40])
    table.setStyle(TableStyle([("ALIGN", (1, 0), (1, -1), "RIGHT"),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [table]


def _build(issue, path, cover, footer_date, header, publisher, known_pages, password,
           layout: Layout) -> Typeset:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import (
        BaseDocTemplate,
        Flowable,
        Frame,
        KeepTogether,
        PageBreak,
        PageTemplate,
        Paragraph,
        Spacer,
        Table,
        TableStyle,
    )

    styles = _styles()
    result = Typeset(path, footer_date=footer_date)
    plan = _plan_figures(issue)

    class Mark(Flowable):
        def __init__(self, marker: _Marker) -> None:
            super().__init__()
            self.marker = marker
            self.width = self.height = 0

        def draw(self) -> None:
            page = self.canv.getPageNumber()
            what, value = self.marker.record
            if what == "title":
                result.title_pages[value] = page
            else:
                value.page = page

    width, height = A4

    def furniture(canvas, doc) -> None:
        number = canvas.getPageNumber()
        if number == 1 and layout.cover:
            return
        canvas.saveState()
        canvas.setFont(FONT, 8.5)
        canvas.drawString(56, height - 40, header)
        edition = f"{issue.date.year}年第{issue.date.month}期"
        canvas.drawRightString(width - 56, height - 40, edition)
        canvas.line(56, height - 45, width - 56, height - 45)
        canvas.drawString(56, 36, f"©{issue.date.year} {publisher}请致电 400-007-6879 "
                                  f"{footer_date}")
        canvas.drawRightString(width - 56, 36, f"Page {number + layout.first_page - 1}")
        if layout.frame:
            canvas.setStrokeColor(colors.grey)
            canvas.rect(48, 50, width - 96, height - 108)
        canvas.restoreState()

    shift = 24 if layout.mirrored else 0
    templates = [PageTemplate("odd", [Frame(56 + shift, 56, width - 112 - shift,
                                            height - 120)], onPage=furniture,
                              autoNextPageTemplate="even" if layout.mirrored else None)]
    if layout.mirrored:
        templates.append(PageTemplate("even", [Frame(56, 56, width - 112 - shift,
                                                     height - 120)], onPage=furniture,
                                      autoNextPageTemplate="odd"))
    frame_width = width - 112 - shift
    doc = BaseDocTemplate(str(path), pagesize=A4, title=issue.title, author="信息产业监测",
                          pageTemplates=templates, encrypt=_encryption(password))
    story = []
    if layout.cover:
        story.append(Spacer(1, 180))
        for line in cover or ("行业信息监测与市场分析", "信息产业篇"):
            story.append(Paragraph(escape(line), styles["cover"]))
        story += [Paragraph(f"{issue.date.year}年第{issue.date.month}期", styles["cover2"]),
                  PageBreak()]
    if layout.contents:
        story += [Paragraph("目录", styles["contents"]),
                  *_contents(issue, styles, known_pages, layout, frame_width), PageBreak()]
    for n, section in enumerate(issue.sections):
        story += ([PageBreak()] if n else []) + [Paragraph(escape(section.name),
                                                           styles["column"])]
        for article in section.articles:
            items = _article_flowables(article, styles, plan, result, frame_width)
            if layout.frame and article is issue.sections[0].articles[0]:
                items = _shaded(items, Table, TableStyle, colors, frame_width)
            for k, item in enumerate(items):
                if isinstance(item, _Marker):  # on the page of what it marks
                    story.append(KeepTogether([Mark(item), items[k + 1]]))
                elif k == 0 or not isinstance(items[k - 1], _Marker):
                    story.append(item)
    doc.build(story)
    result.pages = doc.page
    return result


def _shaded(items: list, Table, TableStyle, colors, width: float) -> list:  # noqa: N803
    """The article's first body paragraph set in a shaded box."""
    from reportlab.platypus import Paragraph

    at = next(k for k, item in enumerate(items) if isinstance(item, Paragraph) and k > 1)
    box = Table([[items[at]]], colWidths=[width])
    box.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#eeeeee")),
                             ("BOX", (0, 0), (-1, -1), 0.5, colors.grey)]))
    return items[:at] + [box] + items[at + 1:]
