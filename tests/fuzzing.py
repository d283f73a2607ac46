"""Mutated issues for fuzzing the parser, and the property every outcome must have.

A case is raw bytes. Parsing it must either raise one of the documented errors
(QikanError: one line naming the file) or give an issue in which every line of
the source that is not a column name lands, in order, in an article or in the
dropped list — nothing lost, nothing invented, nothing twice.
"""

from __future__ import annotations

import random
import re
import traceback
from collections.abc import Iterator
from pathlib import Path

from builder.editorial.sidecar import Sidecar
from builder.errors import QikanError
from builder.model import IssueDate
from builder.parse.columns import load_columns
from builder.parse.issue import parse_text
from builder.parse.lines import split_lines
from builder.parse.structure import UNTITLED
from builder.read.decode import decode

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "content" / "issues").glob("*.txt"))
COLUMNS = load_columns()
_WS = re.compile(r"\s+")


def squash(text: str) -> str:
    return _WS.sub("", text)


def article_stream(issue) -> str:
    """All article text in source order (columns are shown in their fixed order, so an
    issue whose columns come out of order is compared article by article)."""
    parts = []
    for article in sorted(issue.articles, key=lambda a: a.line):
        made_up = article.title == UNTITLED and any(b.line == article.line for b in article.blocks)
        title = "" if made_up else article.title  # a made-up title is on its first block's line
        before = [b.text for b in article.blocks if 0 < b.line < article.line]  # a figure
        parts += before + [title, article.subtitle]  # above its title goes first in its body
        parts += [b.text for b in article.blocks if not 0 < b.line < article.line]
    return squash("".join(parts))


def source_stream(text: str, issue) -> str:
    _, lines = split_lines(text)
    dropped = {n for d in issue.dropped for n in d.lines}
    return squash("".join(ln.text for ln in lines if ln.no not in dropped and not ln.blank
                          and COLUMNS.match(ln.text) is None))


def outcome(raw: bytes, name: str = "fuzz.txt", dated: bool = True) -> tuple[str, str | None]:
    """(`parsed` or `error`, None) when the outcome is allowed, else (`failure`, why)."""
    try:
        text = decode(raw, name)
        sidecar = Sidecar(date=IssueDate(2021, 11)) if dated else Sidecar()
        issue = parse_text(text, name, sidecar, COLUMNS)
    except QikanError as err:
        message = str(err)
        if not message.startswith(name) or "\n" in message:
            return "failure", f"badly formed error: {message!r}"
        return "error", None
    except Exception:  # noqa: BLE001 - any other exception is the failure we look for
        return "failure", traceback.format_exc(limit=3)
    if article_stream(issue) != source_stream(text, issue):
        return "failure", "text lost, duplicated or reordered"
    return "parsed", None


def check(raw: bytes, name: str = "fuzz.txt", dated: bool = True) -> str | None:
    """None when the outcome is allowed, else a description of what went wrong."""
    return outcome(raw, name, dated)[1]


def _lines(raw: bytes) -> list[bytes]:
    return raw.split(b"\n")


def cut(raw: bytes, rng: random.Random) -> bytes:
    """A slice of the issue; half of the time behind a column name, so that it parses on."""
    lines = _lines(raw)
    start = rng.randrange(len(lines))
    piece = b"\n".join(lines[start:start + rng.randint(1, max(2, len(lines) // 3))])
    if rng.random() < 0.5:
        column = rng.choice(COLUMNS.columns).name.encode("utf-8")
        piece = column + rng.choice([b"\n", b"\n\n", b" \n"]) + piece
    return piece


def shuffled(raw: bytes, rng: random.Random) -> bytes:
    lines = _lines(cut(raw, rng))
    rng.shuffle(lines)
    return b"\n".join(lines)


def duplicated(raw: bytes, rng: random.Random) -> bytes:
    piece = cut(raw, rng)
    return piece + b"\n" + piece[: rng.randint(0, len(piece))] + b"\n" + piece


def truncated(raw: bytes, rng: random.Random) -> bytes:
    piece = cut(raw, rng)
    return piece[: rng.randint(0, len(piece))]  # often in the middle of a character


def random_bytes(raw: bytes, rng: random.Random) -> bytes:
    piece = bytearray(cut(raw, rng))
    for _ in range(rng.randint(1, 20)):
        at = rng.randrange(len(piece) + 1)
        piece[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
    return bytes(piece)


def reencoded(raw: bytes, rng: random.Random) -> bytes:
    text = cut(raw, rng).decode("utf-8", errors="ignore")
    codec = rng.choice(["gb18030", "utf-16", "utf-8-sig"])
    data = text.replace("\n", rng.choice(["\n", "\r\n", "\r"])).encode(codec, errors="ignore")
    return data[: rng.randint(len(data) // 2, len(data))] if rng.random() < 0.3 else data


MUTATIONS = (cut, shuffled, duplicated, truncated, random_bytes, reencoded)


def cases(count: int, seed: int = 0) -> Iterator[tuple[str, bytes]]:
    """`count` mutated cases, reproducible from `seed`."""
    rng = random.Random(seed)
    seeds = [path.read_bytes() for path in SEEDS]
    for n in range(count):
        mutation = MUTATIONS[n % len(MUTATIONS)]
        yield mutation.__name__, mutation(rng.choice(seeds), rng)
