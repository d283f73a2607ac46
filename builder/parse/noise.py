"""Page furniture: page numbers, copyright lines and running headers.

These never belong to an article. Each dropped line is kept in a record (kind,
count, sample, line numbers) so an editor can check nothing real was removed.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from builder.model import Dropped
from builder.parse.lines import Line
from builder.parse.text import ends_sentence

_PAGE_NUMBER = re.compile(
    r"^(?:page|p\.?|第)?\s*[-–—]?\s*\d{1,4}\s*[-–—]?\s*(?:页|/\s*\d{1,4}|of\s*\d{1,4})?$",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(
    r"©|\(c\)\s*\d{4}|copyright|版权所有|不得转载|未经.{0,8}(?:同意|许可|授权).{0,8}转载",
    re.IGNORECASE,
)
CAPTION = re.compile(r"^(?:资料来源|数据来源|来源|注|图|表|图片来源)\s*(?:[:：]|\d)")
HEADER_MAX = 24
REPEAT_MAX = 30
REPEATS = 3


def strong_noise(line: Line) -> str | None:
    """`page-number` or `copyright` when the line is unmistakably page furniture."""
    if _PAGE_NUMBER.match(line.text):
        return "page-number"
    if len(line.text) <= 150 and _COPYRIGHT.search(line.text):
        return "copyright"
    return None


def _headerish(line: Line) -> bool:
    return 0 < len(line.text) <= HEADER_MAX and not ends_sentence(line.text)


def _repeated(lines: list[Line], is_column) -> set[str]:
    counts = Counter(line.text for line in lines if _headerish(line))
    return {text for text, n in counts.items()
            if n >= REPEATS and len(text) <= REPEAT_MAX and sum(c.isalnum() for c in text) >= 2
            and not CAPTION.match(text) and not is_column(text)}


def _furniture_runs(lines: list[Line], kinds: dict[int, str]) -> dict[int, str]:
    """A short line right before a page number or copyright line is a running header."""
    content = [i for i, line in enumerate(lines) if not line.blank]
    return {i: "header" for i, nxt in zip(content, content[1:], strict=False)
            if nxt in kinds and i not in kinds and _headerish(lines[i])}


def remove_noise(lines: list[Line], is_column) -> tuple[list[Line], list[Dropped]]:
    """The lines with page furniture taken out, and what was dropped."""
    kinds = {i: kind for i, line in enumerate(lines) if not line.blank
             if (kind := strong_noise(line))}
    kinds.update(_furniture_runs(lines, kinds))
    repeated = _repeated(lines, is_column)
    kinds.update({i: "header" for i, line in enumerate(lines) if line.text in repeated})
    kept = [line for i, line in enumerate(lines) if i not in kinds]
    return kept, summarise({kind: [lines[i] for i in sorted(kinds) if kinds[i] == kind]
                            for kind in dict.fromkeys(kinds[i] for i in sorted(kinds))})


def summarise(groups: dict[str, list[Line]]) -> list[Dropped]:
    """One Dropped record per kind of noise."""
    return [Dropped(kind, len(group), group[0].text, tuple(line.no for line in group))
            for kind, group in groups.items() if group]


def merge_dropped(records: list[Dropped]) -> list[Dropped]:
    """Records of the same kind folded into one."""
    by_kind: dict[str, list[Dropped]] = defaultdict(list)
    for record in records:
        by_kind[record.kind].append(record)
    return [Dropped(kind, sum(r.count for r in rs), rs[0].sample,
                    tuple(n for r in rs for n in r.lines)) for kind, rs in by_kind.items()]
