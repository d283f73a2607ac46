"""Reading PDF issues: the samples typeset as PDFs give the samples' articles, text, date,
figures and pages; bad PDFs give one line naming the file and what to do."""

from __future__ import annotations

import random
import re

import pytest

from builder.errors import ParseError
from builder.parse.issue import parse_file
from builder.read.pdf import read_pdf
from tests.pdfs import typeset

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
    kinds = {d.kind: d.count for d in issue.dropped}
    pages = sample_pdfs[name].pages
    assert kinds["header"] == kinds["copyright"] == pages - 1  # every page but the cover


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
