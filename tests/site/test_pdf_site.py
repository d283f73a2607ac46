"""The sample issues as PDFs build the same site, plus figures and links to the original."""

from __future__ import annotations

import re
import shutil

import pytest

from tests.site_helpers import copy_project, mkdocs, read_page


@pytest.fixture(scope="module")
def pdf_site(tmp_path_factory, sample_pdfs):
    project = copy_project(tmp_path_factory.mktemp("pdf-site") / "project")
    issues = project / "content" / "issues"
    shutil.rmtree(issues)
    issues.mkdir()
    for name, typeset in sample_pdfs.items():
        shutil.copy(typeset.path, issues / f"{name}-issue.pdf")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_the_same_article_pages(pdf_site, nov, dec):
    for issue in (nov, dec):
        for article in issue.articles:
            page = pdf_site / "issues" / issue.id / article.slug / "index.html"
            assert re.sub(r"\s", "", read_page(page).h1[0]) == re.sub(r"\s", "", article.title)


def test_every_figure_is_on_its_article_page(pdf_site, sample_pdfs, nov, dec):
    for issue, name in ((nov, "nov"), (dec, "dec")):
        for drawn in sample_pdfs[name].figures:
            html = (pdf_site / "issues" / issue.id / drawn.article / "index.html").read_text(
                encoding="utf-8")
            images = re.findall(r'<img [^>]*src="\.\./figures/(p\d+-\d+\.png)"[^>]*>', html)
            assert images, drawn
            for image in images:
                assert (pdf_site / "issues" / issue.id / "figures" / image).is_file()
            assert re.search(r'<img [^>]*width="\d+"', html) and 'loading="lazy"' in html
            if drawn.caption:
                assert drawn.caption.replace("“", "") in html.replace("“", ""), drawn


def test_every_article_links_its_page_of_the_original(pdf_site, sample_pdfs, nov, dec):
    for issue, name in ((nov, "nov"), (dec, "dec")):
        original = pdf_site / "issues" / issue.id / f"{issue.id}.pdf"
        assert original.read_bytes() == sample_pdfs[name].path.read_bytes()
        for slug, page in sample_pdfs[name].title_pages.items():
            links = dict(read_page(pdf_site / "issues" / issue.id / slug / "index.html").links)
            assert links.get(f"../{issue.id}.pdf#page={page}", "").startswith("原文第"), slug
        contents = dict(read_page(pdf_site / "issues" / issue.id / "index.html").links)
        assert contents.get(f"{issue.id}.pdf") == "原文 PDF"
