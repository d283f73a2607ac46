"""Small text predicates shared by the parser stages (widths, punctuation, joins)."""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import cache

SENTENCE_END = "。！？!?…；;"
"""Characters that end a sentence (and so, possibly, a paragraph)."""
CLOSERS = "”’」』）)】》\"'"
"""Closing quotes and brackets that may follow a sentence end."""
_ASCII_WORD_END = re.compile(r"[A-Za-z0-9%)\],.;:!?]$")
_ASCII_WORD_START = re.compile(r"^[A-Za-z0-9(\[]")


@cache
def _wide_class() -> re.Pattern[str]:
    """A character class of every wide or full-width character, read from unicodedata
    (runs of equal width over all code points; ~0.2 s, once per process, when first
    needed: a build whose issues all come from the cache never needs it)."""
    ranges, code = [], 0
    widths = map(unicodedata.east_asian_width, map(chr, range(0x110000)))
    for wide, run in itertools.groupby(widths, key="WF".__contains__):
        length = sum(1 for _ in run)
        if wide:
            ranges.append(f"{re.escape(chr(code))}-{re.escape(chr(code + length - 1))}")
        code += length
    return re.compile(f"[{''.join(ranges)}]")


def visual_width(text: str) -> int:
    """Width in half-width cells: CJK and full-width characters count two."""
    return len(text) + len(_wide_class().findall(text))


def ends_sentence(text: str) -> bool:
    """True when `text` ends with sentence punctuation, possibly inside closing quotes."""
    stripped = text.rstrip().rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in SENTENCE_END


def join_wrapped(left: str, right: str) -> str:
    """Join two pieces of a hard-wrapped line: a space only between two Latin words."""
    left, right = left.rstrip(), right.lstrip()
    if not left or not right:
        return left + right
    if _ASCII_WORD_END.search(left) and _ASCII_WORD_START.match(right):
        if not _split_number(left, right):
            return f"{left} {right}"
    return left + right


def _split_number(left: str, right: str) -> bool:
    """A number cut by the wrap (`1.` + `5`, `14` + `95`) joins without a space."""
    return bool(re.search(r"\d\.?$", left)) and right[0].isdigit()


def squeeze(text: str) -> str:
    """Collapse runs of whitespace inside a line to one space and strip the ends."""
    return re.sub(r"[ \t\u3000\u00a0]+", " ", text).strip()
