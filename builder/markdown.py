"""Article text → Markdown that renders as the same characters, never as markup.

Newsletter text is full of characters that mean something to Markdown and HTML
(`<10nm`, `5G+`, `*`, lines starting with `1.` or `#`). Every such character is
escaped so that the rendered page shows exactly the source text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from builder.model import Block

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_BACKSLASHED = set("\\`*_[]{}|~^#!$=")
_BLOCK_START = re.compile(r"^(\d+)([.)])")
CAPTION_ATTR = "{ .caption }"


def escape_inline(text: str) -> str:
    """Escape every character Markdown or HTML could read as markup."""
    out = []
    for char in text:
        if char in _ENTITIES:
            out.append(_ENTITIES[char])
        elif char in _BACKSLASHED:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def escape_block(text: str) -> str:
    """Escape a paragraph, including markers that only count at the start of a line."""
    escaped = escape_inline(text)
    if escaped[:1] in "-+":
        return "\\" + escaped
    return _BLOCK_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", escaped, count=1)


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
