"""Reading PDF issues: the samples typeset as PDFs give the samples' articles, text, date,
figures and pages; bad PDFs give one line naming the file and what to do."""

from __future__ import annotations

import io
import random
import re

import pytest

from builder.errors import ParseError
from builder.parse.issue import parse_file
from builder.read.pdf import read_pdf
from tests.pdfs import Layout, typeset

FURNITURE = ("信息产业监测", "不得转载", "400-007-6879")


def squash(text: str) -> str:
    return re.sub(r"\s", "", text)


@pytest.fixture(scope="module")
def read(sample_pdfs):
    return {name: parse_file(typeset_.path) for name, typeset_ in sample_pdfs.items()}


@pytest.mark.parametrize("name", ["nov", "dec"])
def test_the_same_articles_in_the_same_columns(read, name, request):
    source = request.getfixturevalue(name)
    issue = read[name]
    assert len(issue.articles) == {"nov": 37, "dec": 28}[name] == len(source.articles)
    assert [(s.name, [squash(a.title) for a in s.articles]) for s in issue.sections] == \
        [(s.name, [squash(a.title) for a in s.articles]) for s in source.sections]
    assert [a.subtitle for a in issue.articles] == [a.subtitle for a in source.articles]
    assert [a.subheadings for a in issue.articles] == [a.subheadings for a in source.articles]
    assert [a.slug for a in issue.articles] == [a.slug for a in source.articles]


@pytest.mark.parametrize("name", ["nov", "dec"])
def test_every_sentence_in_order_and_no_furniture(read, sample_pdfs, name, request):
    source, issue = request.getfixturevalue(name), read[name]
    added = {d.caption for d in sample_pdfs[name].figures if d.added and d.caption}
    for want, got in zip(source.articles, issue.articles, strict=True):
        got_text = [squash(b.text) for b in got.blocks if squash(b.text) not in
                    {squash(c) for c in added} and b.text]
        assert got_text == [squash(b.text) for b in want.blocks], want.title
        for block in got.blocks:
            assert not any(mark in block.text for mark in FURNITURE), block.text


@pytest.mark.parametrize("name", ["nov", "dec"])
def test_date_from_the_footer_and_furniture_reported(read, sample_pdfs, name):
    issue = read[name]
    assert issue.date_inferred
    assert str(issue.date) == sample_pdfs[name].footer_date.replace(".", "-")
    kinds = [d.kind for d in issue.dropped]
    assert len(kinds) == len(set(kinds))  # one record per kind
    counts = {d.kind: d.count for d in issue.dropped}
    pages = sample_pdfs[name].pages - 1  # every page but the cover: the header's two ends,
    assert (counts["header"], counts["copyright"], counts["page-number"]) == (
        2 * pages, pages, pages)  # the footer and the page number


@pytest.mark.parametrize("name", ["nov", "dec"])
def test_every_figure_drawn_is_in_its_article(read, sample_pdfs, name):
    issue = read[name]
    figures = {f.name: f for f in issue.figures}
    found = [(a.slug, b.text, figures[b.image]) for a in issue.articles for b in a.blocks
             if b.kind == "figure"]
    drawn = sample_pdfs[name].figures
    assert [(d.article, d.caption or "", d.page) for d in drawn] == \
        [(slug, caption, figure.page) for slug, caption, figure in found]
    assert {"chart", "image"} <= {d.kind for d in drawn}
    for _, _, figure in found:
        assert figure.data.startswith(b"\x89PNG") and figure.width > 100 and figure.height > 50


@pytest.mark.parametrize("name", ["nov", "dec"])
def test_every_article_knows_its_page(read, sample_pdfs, name):
    pages = sample_pdfs[name].title_pages
    assert {a.slug: a.source_page for a in read[name].articles} == pages
    assert all(a.page == a.source_page for a in read[name].articles)  # the 目录's numbers


def test_an_encrypted_pdf(tmp_path, nov):
    path = tmp_path / "locked.pdf"
    typeset(nov, path, password="secret")
    with pytest.raises(ParseError, match="encrypted PDF: save it without a password"):
        read_pdf(path, None)


def test_a_scan_without_text(tmp_path):
    from reportlab.pdfgen import canvas

    from tests.pdfs import _raster

    path = tmp_path / "scan.pdf"
    page = canvas.Canvas(str(path))
    for _ in range(3):
        from reportlab.lib.utils import ImageReader

        page.drawImage(ImageReader(_raster(600, 800)), 0, 0, 595, 842)
        page.showPage()
    page.save()
    with pytest.raises(ParseError, match="no text layer .* run OCR on it first"):
        read_pdf(path, None)


def test_a_truncated_pdf(tmp_path, sample_pdfs):
    path = tmp_path / "cut.pdf"
    path.write_bytes(sample_pdfs["dec"].path.read_bytes()[:5000])
    with pytest.raises(ParseError) as error:
        parse_file(path)
    assert str(error.value).startswith(f"{path}: ")
    assert "\n" not in str(error.value)


def test_a_pdf_of_something_else(tmp_path):
    from reportlab.pdfgen import canvas

    from tests.pdfs import FONT, _styles

    _styles()  # registers the font
    path = tmp_path / "letter.pdf"
    page = canvas.Canvas(str(path))
    page.setFont(FONT, 11)
    for n in range(30):
        page.drawString(72, 760 - n * 20, f"这是一封普通的信，第{n}行，没有任何栏目，也不是简报。")
    page.save()
    with pytest.raises(ParseError, match="no recognisable column"):
        parse_file(path)


def test_damaged_pdfs_are_errors_naming_the_file_never_tracebacks(tmp_path, dec):
    from dataclasses import replace

    from builder.errors import QikanError

    small = replace(dec, sections=(replace(dec.sections[0],
                                           articles=dec.sections[0].articles[:4]),))
    data = typeset(small, tmp_path / "small.pdf").path.read_bytes()
    rng = random.Random(5)
    damaged = tmp_path / "damaged.pdf"
    outcomes = set()
    for n in range(90):
        raw = bytearray(data)
        if n % 3 == 0:
            for _ in range(rng.randint(1, 40)):
                raw[rng.randrange(len(raw))] = rng.randrange(256)
        elif n % 3 == 1:
            raw = raw[:rng.randrange(len(raw))]
        else:
            at = rng.randrange(len(raw))
            raw[at:at] = bytes(rng.randrange(256) for _ in range(200))
        damaged.write_bytes(bytes(raw))
        try:
            parse_file(damaged)
            outcomes.add("parsed")
        except QikanError as error:
            assert str(error).startswith(f"{damaged}: ") and "\n" not in str(error)
            outcomes.add("error")
    assert outcomes == {"parsed", "error"}


LAYOUTS = {
    "right-aligned-pages": Layout(right_aligned_pages=True),
    "mirrored-margins": Layout(mirrored=True),
    "frame-and-shaded-box": Layout(frame=True),
    "no-cover": Layout(cover=False),
    "no-cover-no-contents": Layout(cover=False, contents=False),
    "unnumbered-cover": Layout(first_page=0),
}


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_other_layouts_give_the_same_issue(tmp_path, dec, layout):
    made = typeset(dec, tmp_path / "issue.pdf", layout=layout)
    issue = parse_file(made.path)
    assert [(s.name, [squash(a.title) for a in s.articles]) for s in issue.sections] == \
        [(s.name, [squash(a.title) for a in s.articles]) for s in dec.sections]
    assert [a.subheadings for a in issue.articles] == [a.subheadings for a in dec.articles]
    added = {squash(d.caption) for d in made.figures if d.added and d.caption}
    for want, got in zip(dec.articles, issue.articles, strict=True):
        assert [squash(b.text) for b in got.blocks if b.text and squash(b.text) not in added] \
            == [squash(b.text) for b in want.blocks], want.title
    assert {a.slug: a.source_page for a in issue.articles} == made.title_pages
    if layout.contents:  # the printed page numbers, from the 目录
        assert [a.page for a in issue.articles] == \
            [made.title_pages[a.slug] + layout.first_page - 1 for a in issue.articles]


def test_a_crop_box_moves_nothing(tmp_path, dec):
    import pypdfium2 as pdfium
    from PIL import Image

    made = typeset(dec, tmp_path / "issue.pdf")
    document = pdfium.PdfDocument(str(made.path))
    for page in document:
        left, bottom, right, top = page.get_mediabox()
        page.set_cropbox(left + 30, bottom + 20, right - 15, top - 25)
    document.save(str(tmp_path / "cropped.pdf"))
    document.close()
    issue = parse_file(tmp_path / "cropped.pdf")
    assert [squash(a.title) for a in issue.articles] == [squash(a.title) for a in dec.articles]
    charts = [f for f in issue.figures if f.name in {b.image for a in issue.articles
                                                       for b in a.blocks}]
    assert charts
    for figure in charts:  # the whole drawing, not a corner of it
        image = Image.open(io.BytesIO(figure.data)).convert("L")
        dark = sum(image.histogram()[:200])
        assert dark > 0.08 * image.width * image.height, figure.name


def test_sizes_drawn_through_the_text_matrix(tmp_path, columns):
    """Producers that set text at `1 Tf` and scale it with the text matrix."""
    from reportlab.pdfgen import canvas

    from tests.pdfs import FONT, _styles

    _styles()
    path = tmp_path / "scaled.pdf"
    page = canvas.Canvas(str(path))
    body = [(10.5, "这是正文的一行，用来说明文字的大小是由文字矩阵决定的。")] * 12
    rows = [(20, "产业环境"), (15, "第一篇文章的标题"), *body, (15, "第二篇文章的标题"), *body]
    y = 780
    for size, text in rows:
        line = page.beginText()
        line.setTextTransform(size, 0, 0, size, 72, y)
        line.setFont(FONT, 1)
        line.textLine(text)
        page.drawText(line)
        y -= size * 1.6
    page.save()
    reading = read_pdf(path, columns)
    assert "## 产业环境" in reading.text
    assert "### 第一篇文章的标题" in reading.text and "### 第二篇文章的标题" in reading.text
