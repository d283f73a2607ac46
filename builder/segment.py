"""Chinese word segmentation with the domain dictionary (`site_data/userdict.txt`).

One segmenter for everything that needs words: the search index now, tags,
topics and related articles later. Terms of the dictionary stay whole, also
those mixing Latin and Chinese (`5G消息`), which segmenting only runs of Chinese
characters — as Material's search plugin does by itself — would split.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path

import jieba

from builder.sections import SITE_DATA

USERDICT = SITE_DATA / "userdict.txt"
ZWSP = "\u200b"
"""Zero-width space: separates words in the search index without changing how text looks."""
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_HAN}A-Za-z0-9][{_HAN}A-Za-z0-9+#&._%]*")
_HAS_HAN = re.compile(rf"[{_HAN}]")

jieba.setLogLevel(logging.WARNING)


@lru_cache(maxsize=4)
def tokenizer(userdict: Path = USERDICT) -> jieba.Tokenizer:
    """A jieba tokenizer of its own (not jieba's global one) with the domain dictionary."""
    tok = jieba.Tokenizer()
    if userdict.is_file():
        tok.load_userdict(str(userdict))
    return tok


def segment(text: str, userdict: Path = USERDICT) -> list[str]:
    """The words of `text`, whitespace dropped."""
    return [w for w in tokenizer(userdict).cut(text) if w.strip()]


def mark_words(text: str, userdict: Path = USERDICT) -> str:
    """`text` with each run of Chinese (and Latin glued to it) split into words by ZWSP."""
    tok = tokenizer(userdict)

    def split(match: re.Match[str]) -> str:
        run = match.group(0)
        if not _HAS_HAN.search(run):
            return run
        return ZWSP + ZWSP.join(tok.cut(run)) + ZWSP

    return _RUN.sub(split, text).strip(ZWSP)
