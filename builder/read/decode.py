"""Read a raw issue: bytes → text, whatever the encoding and line endings.

Detected, never configured: a BOM (UTF-8, UTF-16, UTF-32) wins; otherwise strict
UTF-8, then GB18030 (a superset of GBK and GB2312). Text that decodes but is not
text (NUL bytes, control characters, no letters) is refused with a clear error.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from builder.errors import ParseError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_FALLBACKS = ("utf-8", "gb18030")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def detect_encoding(raw: bytes) -> str | None:
    """The codec that decodes `raw` strictly, or None when none does."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return codec
    for codec in _FALLBACKS:
        try:
            raw.decode(codec)
        except UnicodeDecodeError:
            continue
        return codec
    return None


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF; a form feed (a page break) starts a new line, kept at its
    start so that the pages can be counted."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\f")


def _looks_like_text(text: str) -> bool:
    if "\x00" in text:
        return False
    sample = text[:20000]
    controls = len(_CONTROL.findall(sample))
    letters = sum(1 for c in sample if unicodedata.category(c)[0] in "LN")
    return controls <= len(sample) // 200 and letters >= len(sample) // 4


def decode(raw: bytes, path: str | Path) -> str:
    """Decode a raw export to text with LF line endings, or raise ParseError."""
    if not raw.strip():
        raise ParseError(path, "file is empty")
    codec = detect_encoding(raw)
    if codec is None:
        raise ParseError(path, "cannot decode: not UTF-8, UTF-16 with BOM or GB18030")
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as err:  # a BOM promised an encoding the bytes do not keep
        raise ParseError(path, f"cannot decode as {codec} at byte {err.start}: "
                               "file cut short or corrupted?") from None
    if not _looks_like_text(text):
        raise ParseError(path, f"does not look like text (decoded as {codec}); binary file?")
    return normalise_newlines(text)


def read_issue_text(path: str | Path) -> str:
    """Read and decode a raw export file."""
    try:
        raw = Path(path).read_bytes()
    except OSError as err:
        raise ParseError(path, f"cannot read: {err.strerror or err}") from None
    return decode(raw, path)
