"""Article text → Markdown that renders as the same characters, never as markup.

Newsletter text is full of characters that mean something to Markdown and HTML
(`<10nm`, `5G+`, `*`, lines starting with `1.` or `#`, `{{ }}`). Each such
character is written as an HTML character reference, which every Markdown
flavour and extension passes through as that character and never as markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from builder.model import Block

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


def render_block(block: Block) -> str:
    """One block as Markdown."""
    if block.kind == "subheading":
        return f"## {escape_inline(block.text)}"
    if block.kind == "caption":
        return f"{escape_block(block.text)}\n{CAPTION_ATTR}"
    return escape_block(block.text)


def render_body(blocks: Iterable[Block]) -> str:
    """An article body: blocks separated by blank lines."""
    return "\n\n".join(render_block(b) for b in blocks)
