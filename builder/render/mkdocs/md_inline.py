"""A Python-Markdown extension that skips what a document cannot match.

Python-Markdown tries each of its ~16 inline patterns on every piece of text and each of
its ~13 block processors on every block; most pages of the archive (escaped text, links)
contain none of the characters that emphasis, code spans, images, autolinks, block
quotes, tables, reference definitions or raw HTML need — trying those is half of
rendering an article. Each pattern and processor below needs one of its literal strings
to match (its regular expression or test requires it), so when the document — as they
will see it, after whitespace normalisation — contains none of them, it is left out for
that conversion; the raw-HTML block preprocessor is passed over the same way. The HTML
is the same (tests compare both ways on generated and random documents); rendering an
article page is ~35 % faster.
"""

from __future__ import annotations

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from mkdocs.plugins import get_plugin_logger

from builder.render.mkdocs.internals import allowed

log = get_plugin_logger("qikan")

NEEDS: dict[str, tuple[str, ...]] = {
    "backtick": ("`",), "escape": ("\\",),
    "image_link": ("![",), "image_reference": ("![",), "short_image_ref": ("![",),
    "reference": ("[",), "link": ("[",), "short_reference": ("[",),
    "autolink": ("<",), "automail": ("<",), "html": ("<",), "entity": ("&",),
    "linebreak": ("  \n",),
    "not_strong": ("*", "_"), "em_strong": ("*", "_"), "em_strong2": ("_",),
}
"""Standard inline pattern → the strings of which it needs at least one to match
(`em_strong` also needs any other delimiter registered with it)."""
BLOCK_NEEDS: dict[str, tuple[str, ...]] = {
    "indent": ("    ",), "code": ("    ",), "hashheader": ("#",), "setextheader": ("\n=", "\n-"),
    "hr": ("-", "_", "*"), "olist": (".",), "ulist": ("*", "+", "-"), "quote": (">",),
    "reference": ("]:",), "table": ("|",), "markdown_block": ("<",),
}
"""Block processor → the strings of which it needs at least one to match (tabs are spaces
by then; `markdown_block` handles stashed raw HTML, which needs a `<`)."""
BLOCK_MODULES = frozenset({"markdown.blockprocessors", "markdown.extensions.tables",
                           "markdown.extensions.md_in_html"})
"""Where the processors of BLOCK_NEEDS come from; one another extension put in their
place is always run."""
HTML_BLOCK_NEEDS = ("<", "&")
"""The raw-HTML block preprocessor changes nothing in a document without a tag — nor
without `&`, which it may rewrite (`&#42x` becomes `&#42;x`)."""
SAFE_EXTENSIONS = frozenset({"toc", "tables", "fenced_code", "attr_list", "md_in_html"})
"""Extensions known not to put text into the document before the inline patterns run
(other than text of the source itself); with any other, nothing is skipped."""


class _Skip(Preprocessor):
    """Runs after whitespace normalisation (30), before raw HTML is stashed (20)."""

    def __init__(self, md: Markdown, removed: list) -> None:
        super().__init__(md)
        self.removed = removed

    def run(self, lines: list[str]) -> list[str]:
        restore(self.md, self.removed)
        text = "\n".join(lines)
        self._leave_out(self.md.inlinePatterns, NEEDS, {"markdown.inlinepatterns"}, text)
        self._leave_out(self.md.parser.blockprocessors, BLOCK_NEEDS, BLOCK_MODULES, text)
        return lines

    def _leave_out(self, registry, needs: dict[str, tuple[str, ...]], modules: set[str],
                   text: str) -> None:
        priorities = {item.name: item.priority for item in registry._priority}
        for name, needles in needs.items():
            item = registry[name] if name in registry else None
            needles += tuple(getattr(item, "tokens", None) or ())  # em_strong's delimiters
            if (item is not None and type(item).__module__ in modules
                    and not any(needle in text for needle in needles)):
                self.removed.append((registry, item, name, priorities[name]))
                registry.deregister(name)


class _OnlyWith(Preprocessor):
    """Runs `processor` on a document only when it holds one of `needles`."""

    def __init__(self, md: Markdown, processor: Preprocessor, needles: tuple[str, ...]) -> None:
        super().__init__(md)
        self.processor, self.needles = processor, needles

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if any(needle in text for needle in self.needles):
            return self.processor.run(lines)
        return lines


class _Restore(Postprocessor):
    """Puts the skipped patterns back once the document is converted."""

    def __init__(self, md: Markdown, removed: list) -> None:
        super().__init__(md)
        self.removed = removed

    def run(self, text: str) -> str:
        restore(self.md, self.removed)
        return text


def restore(md: Markdown, removed: list) -> None:
    while removed:
        registry, item, name, priority = removed.pop()
        registry.register(item, name, priority)


class SkipAbsent(Extension):
    """Leave out, per document, the inline patterns and block processors that cannot
    match it, and the raw-HTML block preprocessor where it has nothing to do."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 — Python-Markdown's API
        registries = (md.inlinePatterns, md.parser.blockprocessors, md.preprocessors)
        if not all(hasattr(r, "_priority") for r in registries):
            return  # Python-Markdown changed: render with everything
        removed: list = []
        md.preprocessors.register(_Skip(md, removed), "qikan_skip_inline", 25)
        md.postprocessors.register(_Restore(md, removed), "qikan_restore_inline", 0)
        html = md.preprocessors["html_block"] if "html_block" in md.preprocessors else None
        if type(html).__module__ in ("markdown.preprocessors", "markdown.extensions.md_in_html"):
            priority = next(i.priority for i in md.preprocessors._priority
                            if i.name == "html_block")
            md.preprocessors.register(_OnlyWith(md, html, HTML_BLOCK_NEEDS), "html_block",
                                      priority)


def extension_name(entry: object) -> str:
    """`toc` for 'toc', 'markdown.extensions.toc' or an instance of its extension."""
    name = entry if isinstance(entry, str) else type(entry).__module__
    return name.rsplit(".", 1)[-1].split(":")[0]


def add_to(config) -> bool:
    """Add the extension to MkDocs' Markdown extensions when all of them are known safe."""
    if any(isinstance(e, SkipAbsent) for e in config.markdown_extensions):
        return True
    if not allowed("skip-absent"):
        return False
    names = {extension_name(e) for e in config.markdown_extensions}
    if not names <= SAFE_EXTENSIONS:
        log.info("Markdown extensions %s: every pattern and processor is tried",
                 ", ".join(sorted(names - SAFE_EXTENSIONS)))
        return False
    config.markdown_extensions.append(SkipAbsent())
    return True
