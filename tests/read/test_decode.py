"""Reading raw exports: encodings, BOMs, line endings, and files that are not text."""

from __future__ import annotations

import codecs

import pytest

from builder.errors import ParseError
from builder.read.decode import decode, detect_encoding, read_issue_text

TEXT = "产业环境\n工信部：“十四五”重点推进 15 个行业 5G 应用\n©2021 不得转载\n"


@pytest.mark.parametrize(("raw", "codec"), [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT.encode("utf-16"), "utf-16"),
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
    (TEXT.encode("gb18030"), "gb18030"),
])
def test_detects_encoding(raw, codec):
    assert detect_encoding(raw) == codec
    assert decode(raw, "x.txt") == TEXT


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_line_endings_become_lf(newline):
    assert decode(TEXT.replace("\n", newline).encode("gb18030"), "x.txt") == TEXT


def test_gbk_subset_decodes_as_gb18030():
    assert decode("信息产业篇".encode("gbk"), "x.txt") == "信息产业篇"


@pytest.mark.parametrize(("raw", "message"), [
    (b"", "file is empty"),
    (b"  \n\r\n ", "file is empty"),
    (bytes(range(256)) * 4, "cannot decode"),
    (b"\x00\x01\x02binary\x00" * 50, "does not look like text"),
])
def test_bad_files_are_one_line_errors_naming_the_file(raw, message):
    with pytest.raises(ParseError) as err:
        decode(raw, "issues/bad.txt")
    assert str(err.value).startswith("issues/bad.txt: ")
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_missing_file(tmp_path):
    with pytest.raises(ParseError, match="cannot read"):
        read_issue_text(tmp_path / "nope.txt")
