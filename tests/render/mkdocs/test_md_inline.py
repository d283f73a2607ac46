"""Skipping inline patterns and block processors a document cannot match changes no HTML."""

from __future__ import annotations

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pymdownx.slugs import slugify

from builder.render.mkdocs.md_inline import BLOCK_NEEDS, NEEDS, SkipAbsent, add_to
from builder.settings import Masthead
from builder.write.pages import write_pages

EXTENSIONS = ["attr_list", "md_in_html", "tables", "toc"]
CONFIGS = {"toc": {"permalink": True, "slugify": slugify(case="lower")}}  # as mkdocs.yml
TOKENS = ["*", "**", "_", "__", "`", "``", "\\", "[", "]", "(", ")", "![", "<", ">", "&",
          "&amp;", "&#42;", "@", "  \n", "\n", "\n\n", "\t", " ", "#", "## ", "- ", "1. ",
          "> ", "|", "---", "{ .x }", "{: #y }", "<br>", "<b>", "</b>", "<http://a.b>",
          "<a@b.c>", "[t](u.md)", "[r]", "[r]: u", "中文", "abc", "9", "~", "=", "!",
          "    ", "\n    ", "&#9x", "&#x41", "===", "+ ", "* ", "_"]


def pair() -> tuple[markdown.Markdown, markdown.Markdown]:
    plain = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)
    lean = markdown.Markdown(extensions=[*EXTENSIONS, SkipAbsent()],
                             extension_configs=CONFIGS)
    return plain, lean


def same(plain: markdown.Markdown, lean: markdown.Markdown, text: str) -> None:
    expected = plain.reset().convert(text)
    assert lean.reset().convert(text) == expected, text
    assert lean.toc_tokens == plain.toc_tokens


def test_every_generated_page_renders_the_same(archive, enrichment):
    plain, lean = pair()
    pages = write_pages(archive, Masthead("期刊", "说明"), enrichment)
    assert len(pages) > 120
    for text in pages.values():
        same(plain, lean, text.split("---\n", 2)[2])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=40))
def test_random_markdown_renders_the_same(tokens):
    plain, lean = pair()
    same(plain, lean, "".join(tokens))


def test_patterns_come_back_for_the_next_document():
    plain, lean = pair()
    same(plain, lean, "纯文本，没有标记")
    assert "<em>" in lean.reset().convert("*强调* 与 `代码`")
    assert "<strong>" in lean.reset().convert("__强调__")
    names = {item.name for item in plain.inlinePatterns._priority}
    assert names & set(NEEDS) and names == {item.name for item in lean.inlinePatterns._priority}


def test_plain_text_skips_the_patterns_it_cannot_match():
    _, lean = pair()
    seen = []

    class Spy(markdown.treeprocessors.Treeprocessor):
        def run(self, root):
            seen.extend(item.name for item in self.md.inlinePatterns._priority)

    lean.treeprocessors.register(Spy(lean), "spy", 21)  # just before inline (20)
    lean.convert("纯文本 [链接](a.md) &#42;")
    assert {"link", "entity"} <= set(seen)
    assert not {"em_strong", "backtick", "html", "linebreak", "image_link"} & set(seen)


def test_plain_text_skips_the_block_processors_it_cannot_match():
    plain, lean = pair()
    seen = []

    class Spy(markdown.treeprocessors.Treeprocessor):
        def run(self, root):
            seen.extend(item.name for item in self.md.parser.blockprocessors._priority)

    lean.treeprocessors.register(Spy(lean), "spy", 21)
    text = "## 小节\n\n正文：35.1%，[链接](a.md)\n{ .qk-meta }\n"
    same(plain, lean, text)
    assert {"empty", "paragraph", "hashheader", "olist"} <= set(seen)
    assert not {"code", "indent", "quote", "table", "reference", "markdown_block"} & set(seen)
    names = {item.name for item in plain.parser.blockprocessors._priority}
    assert set(BLOCK_NEEDS) <= names  # every processor named is one Markdown has
    lean.reset().convert("> 引用\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert names == {item.name for item in lean.parser.blockprocessors._priority}


def test_raw_html_preprocessor_runs_only_where_it_has_work():
    plain, lean = pair()
    for text in ("没有标签的正文", "<div markdown>\n*强调*\n</div>\n", "&#42x 与 &amp; 之间",
                 "正文\n\n<p>段落</p>\n"):
        same(plain, lean, text)


class _Config:
    def __init__(self, extensions):
        self.markdown_extensions = extensions


@pytest.mark.parametrize("extensions, added", [
    (["toc", "tables", "fenced_code", "attr_list", "md_in_html"], True),
    (["toc", "markdown.extensions.tables", "pymdownx.snippets"], False),
    (["toc", "footnotes"], False),
])
def test_added_only_beside_known_extensions(extensions, added):
    config = _Config(list(extensions))
    assert add_to(config) is added
    assert add_to(config) is added  # a second build of the same config adds nothing more
    assert sum(isinstance(e, SkipAbsent) for e in config.markdown_extensions) == added
