"""Article text → Markdown that renders as the same characters, never as markup.

Newsletter text is full of characters that mean something to Markdown and HTML
(`<10nm`, `5G+`, `*`, lines starting with `1.` or `#`, `{{ }}`). Each such
character is written as an HTML character reference, which every Markdown
flavour and extension passes through as that character and never as markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from builder.model import Block, Figure

_SPECIAL = "&<>\\`*_[]{}|~^=$#!"
_REFERENCES = str.maketrans({c: f"&#{ord(c)};" for c in _SPECIAL})
_ANY_SPECIAL = re.compile(f"[{re.escape(_SPECIAL)}]")
_BLOCK_START = re.compile(r"^(\s*)([-+]|\d+[.)])")
CAPTION_ATTR = "{ .caption }"


def escape_inline(text: str) -> str:
    """Every character Markdown, HTML or a template could read as markup, as a reference."""
    # translate() looks up every character; most text has none of these: scan for one first
    return text.translate(_REFERENCES) if _ANY_SPECIAL.search(text) else text


def escape_block(text: str) -> str:
    """Escape a paragraph, including list markers that only count at the start of a line."""
    escaped = escape_inline(text)
    return _BLOCK_START.sub(lambda m: m.group(1) + escape_marker(m.group(2)), escaped, count=1)


def escape_marker(marker: str) -> str:
    """`-`, `+` or `1.` written so that it cannot open a list."""
    return "".join(f"&#{ord(c)};" if not c.isdigit() else c for c in marker)


FIGURES = "figures"
"""The folder, next to an issue's pages, that holds its figures."""


def render_figure(block: Block, figures: Mapping[str, Figure]) -> str:
    """A figure: its image (display size set, loaded when scrolled to) and its caption; only
    the caption when the image is not there (a converter's `![](…)` without the file)."""
    caption = f"{escape_block(block.text)}\n{CAPTION_ATTR}" if block.text else ""
    figure = figures.get(block.image)
    if figure is None:
        return caption
    image = (f"![{escape_inline(block.text)}]({FIGURES}/{figure.name}){{ width=\"{figure.width}\" "
             f"height=\"{figure.height}\" loading=\"lazy\" .qk-figure }}")
    return f"{image}\n\n{caption}" if caption else image


def render_block(block: Block, figures: Mapping[str, Figure] | None = None) -> str:
    """One block as Markdown."""
    if block.kind == "subheading":
        return f"## {escape_inline(block.text)}"
    if block.kind == "caption":
        return f"{escape_block(block.text)}\n{CAPTION_ATTR}"
    if block.kind == "figure":
        return render_figure(block, figures or {})
    return escape_block(block.text)


def render_body(blocks: Iterable[Block], figures: Mapping[str, Figure] | None = None) -> str:
    """An article body: blocks separated by blank lines (`figures`: the issue's images, by
    name, in the `figures/` folder next to the page)."""
    return "\n\n".join(text for b in blocks if (text := render_block(b, figures)))
