"""Content never becomes markup: text that looks like HTML, Markdown or Jinja renders literally.

Property-based tests push such text through the parser, the page writer and the
Markdown renderer MkDocs uses (same extensions as mkdocs.yml); an end-to-end
MkDocs build checks titles, tags and sidecar values in the real pages.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import markdown
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from builder.editorial.sidecar import Sidecar
from builder.enrich.tags import tag_of
from builder.model import Archive, Enrichment, IssueDate
from builder.parse.issue import parse_text
from builder.parse.lines import FORMATTING_TAG
from builder.settings import Masthead
from builder.write.pages import write_pages
from tests.conftest import ROOT
from tests.site_helpers import copy_project, mkdocs, read_page

NASTY = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<10nm 工艺", "5G+ 应用",
    "* 注：脚注", "_下划线_", "# 不是标题", "- 不是列表", "1. 不是列表", "> 不是引用",
    "| a | b |", "```", "~~~", "[点我](javascript:alert(1))", "{{ config.site_name }}",
    "{% include 'x' %}", "&amp; &lt; &#60;", "<!-- 注释 -->", "\\*转义\\*", "**粗体**",
    "`code`", "![图](x.png)", "<https://example.org>", "{: .caption }", "{ #id }", "===",
    "+ 加号开头", "2. 5D封装", "<b>粗体</b>", "=\"引号\"", "$x$", "^上标^", "~下标~",
]
ALPHABET = list("<>&*_[]()#-+.1`|{}!~^=$\\/\"':; 中文字aZ9") + ["\n"]
EXTENSIONS = ["attr_list", "md_in_html", "tables", "toc"]


def render(body: str) -> str:
    return markdown.markdown(body, extensions=EXTENSIONS)


class TextAndTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def visible(fragment: str) -> tuple[set[str], str]:
    reader = TextAndTags()
    reader.feed(fragment)
    return set(reader.tags), "".join(reader.text)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def issue_text(title: str, paragraphs: list[str]) -> str:
    return "产业环境\n\n" + title + "\n\n" + "\n\n".join(p + "。" for p in paragraphs) + "\n"


nasty_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(alphabet=st.sampled_from(ALPHABET), min_size=1, max_size=40),
).map(lambda s: " ".join(s.split())).filter(bool)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(nasty_text, min_size=1, max_size=6))
def test_article_text_renders_as_the_same_characters(paragraphs):
    if sum(p.startswith("# ") for p in paragraphs) >= 3:
        paragraphs = ["正文" + p for p in paragraphs]  # ≥3 `# ` lines: a Markdown export
        # whose formatting tags (<b>, <sup>3</sup> …) are read as formatting: test_converters
        assume(not any(FORMATTING_TAG.search(p) or "<sup>" in p.lower() for p in paragraphs))
    text = issue_text("一个安全的标题", paragraphs)
    issue = parse_text(text, "x.txt", Sidecar(date=IssueDate(2021, 11)))
    article = issue.articles[-1]
    expected = squash("".join(p + "。" for p in paragraphs))
    assert squash("".join(b.text for a in issue.articles for b in a.blocks)) == expected
    body = write_pages(Archive((issue,), _columns()), Masthead("t"))[
        f"issues/2021-11/{article.slug}.md"].split("---\n", 2)[2]
    tags, shown = visible(render(body))
    assert tags <= {"p", "a", "h2"}, tags  # links are our own (issue, column, neighbours)
    assert expected in squash(shown) or all(squash(b.text) in squash(shown)
                                            for b in article.blocks)


def _columns():
    from builder.parse.columns import load_columns

    return load_columns()


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(NASTY) | st.text(alphabet=st.sampled_from(ALPHABET), min_size=1,
                                        max_size=30).map(str.strip).filter(bool))
def test_titles_and_tags_render_literally_in_links_and_front_matter(name):
    title = "标题" + name.replace("\n", " ")
    issue = parse_text(issue_text("临时标题", ["正文一段"]), "x.txt",
                       Sidecar(date=IssueDate(2021, 11), title=name.replace("\n", " ")))
    article = issue.articles[0]
    from dataclasses import replace

    article = replace(article, title=title)
    issue = replace(issue, sections=(replace(issue.sections[0], articles=(article,)),))
    tag = tag_of(name.replace("\n", " "))
    enrichment = Enrichment(tags={(issue.id, article.slug): (tag,)},
                            tag_index={tag: ((issue.id, article.slug),)})
    pages = write_pages(Archive((issue,), _columns()), Masthead("t"), enrichment)
    page = pages[f"issues/2021-11/{article.slug}.md"]
    meta = yaml.safe_load(page.split("---\n")[1])
    assert meta["title"] == title and meta["issue_title"] == issue.title
    tags, shown = visible(render(page.split("---\n", 2)[2]))
    assert tags <= {"p", "a", "h2"}
    assert squash(tag.name) in squash(shown) and squash(issue.title) in squash(shown)
    contents = pages["issues/2021-11/index.md"].split("---\n", 2)[2]
    tags, shown = visible(render(contents))
    assert tags <= {"p", "a", "h2", "ul", "li"} and squash(title) in squash(shown)


# --- end to end: the real MkDocs build ------------------------------------------------------

EVIL_TITLE = "<img src=x onerror=alert(1)> 标题"
EVIL_ISSUE = "<script>alert('期')</script>"
EVIL_TAG = "<b>粗体</b>"
EVIL_LINES = ["<script>alert(1)</script>正文", "{{ config.site_name }} 不是模板",
              "[点我](javascript:alert(1))", "1. 不是列表", "# 不是标题"]


def test_real_pages_show_markup_as_text(tmp_path):
    project = copy_project(tmp_path / "project")
    issues = project / "content" / "issues"
    for raw in issues.iterdir():
        raw.unlink()
    (issues / "evil.txt").write_text(issue_text(EVIL_TITLE, EVIL_LINES), encoding="utf-8")
    (issues / "evil.yml").write_text(yaml.safe_dump({
        "date": "2021-11", "title": EVIL_ISSUE,
        "articles": {EVIL_TITLE: {"tags": {"add": [EVIL_TAG]}}}}, allow_unicode=True),
        encoding="utf-8")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    article = next((site / "issues" / "2021-11").glob("*/index.html"))
    raw = article.read_text(encoding="utf-8")
    for evil in ("<img src=x", "<script>alert", "<b>粗体", 'href="javascript'):
        assert evil not in raw, evil
    assert read_page(article).h1 == [EVIL_TITLE]
    title = re.search(r"<title>(.*?)</title>", raw, re.S).group(1)
    assert html.unescape(title).startswith(EVIL_TITLE)
    _, shown = visible(raw[raw.index('class="qk-article"'):])
    for line in EVIL_LINES:
        assert squash(line) in squash(shown), line
    assert EVIL_TAG in shown
    issue_page = (site / "issues" / "2021-11" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(" not in issue_page
    assert read_page(site / "issues" / "2021-11" / "index.html").h1 == [EVIL_ISSUE]
    inline = re.findall(r"<script\b[^>]*>(.*?)</script>", raw, re.S)
    assert inline and not any("alert" in s or "粗体" in s for s in inline)
    assert ROOT  # the project copy, not the repository, was built
