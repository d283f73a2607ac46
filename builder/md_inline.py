"""A Python-Markdown extension that skips inline patterns a document cannot match.

Python-Markdown tries each of its ~16 inline patterns on every piece of text; most
pages of the archive (escaped text, links) contain none of the characters that emphasis,
code spans, images, autolinks or line breaks need — trying those patterns is half of
rendering an article. Each pattern below needs one of its literal characters to match
(its regular expression starts with or requires it), so when the document — as the
inline patterns will see it, after whitespace normalisation — contains none of them,
the pattern is left out for that conversion. The HTML is the same (tests compare both
ways on generated and random documents); rendering an article page is ~30 % faster.
"""

from __future__ import annotations

import logging

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

log = logging.getLogger("mkdocs.plugins.qikan")

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
        registry = self.md.inlinePatterns
        priorities = {item.name: item.priority for item in registry._priority}
        for name, needles in NEEDS.items():
            item = registry[name] if name in registry else None
            needles += tuple(getattr(item, "tokens", None) or ())  # em_strong's delimiters
            if (item is not None and type(item).__module__ == "markdown.inlinepatterns"
                    and not any(needle in text for needle in needles)):
                self.removed.append((registry[name], name, priorities[name]))
                registry.deregister(name)
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
        item, name, priority = removed.pop()
        md.inlinePatterns.register(item, name, priority)


class SkipAbsentInline(Extension):
    """Leave out, per document, the inline patterns that cannot match it."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 — Python-Markdown's API
        if not hasattr(md.inlinePatterns, "_priority"):
            return  # Python-Markdown changed: render with every pattern
        removed: list = []
        md.preprocessors.register(_Skip(md, removed), "qikan_skip_inline", 25)
        md.postprocessors.register(_Restore(md, removed), "qikan_restore_inline", 0)


def extension_name(entry: object) -> str:
    """`toc` for 'toc', 'markdown.extensions.toc' or an instance of its extension."""
    name = entry if isinstance(entry, str) else type(entry).__module__
    return name.rsplit(".", 1)[-1].split(":")[0]


def add_to(config) -> bool:
    """Add the extension to MkDocs' Markdown extensions when all of them are known safe."""
    if any(isinstance(e, SkipAbsentInline) for e in config.markdown_extensions):
        return True
    names = {extension_name(e) for e in config.markdown_extensions}
    if not names <= SAFE_EXTENSIONS:
        log.info("qikan: Markdown extensions %s: every inline pattern is tried",
                 ", ".join(sorted(names - SAFE_EXTENSIONS)))
        return False
    config.markdown_extensions.append(SkipAbsentInline())
    return True
