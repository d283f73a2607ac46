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

PAGE_NUMBER = re.compile(
    r"^(?:page|p\.?|第)?\s*[-–—]?\s*\d{1,4}\s*[-–—]?\s*(?:页|/\s*\d{1,4}|of\s*\d{1,4})?$",
    re.IGNORECASE,
)
COPYRIGHT = re.compile(
    r"©|\(c\)\s*\d{4}|copyright|版权所有|不得转载|未经.{0,8}(?:同意|许可|授权).{0,8}转载",
    re.IGNORECASE,
)
CAPTION = re.compile(r"^(?:资料来源|数据来源|来源|注|图|表|图片来源)\s*(?:[:：]|\d)")
HEADER_MAX = 24
REPEAT_MAX = 30
REPEATS = 3


def strong_noise(line: Line, bare_numbers: bool = True) -> str | None:
    """`page-number` or `copyright` when the line is unmistakably page furniture (a bare
    number too, unless `bare_numbers` is False)."""
    if PAGE_NUMBER.match(line.text) and (bare_numbers or not line.text.isdigit()):
        return "page-number"
    if len(line.text) <= 150 and COPYRIGHT.search(line.text):
        return "copyright"
    return None


def _headerish(line: Line) -> bool:
    return 0 < len(line.text) <= HEADER_MAX and not ends_sentence(line.text)


def _repeated(lines: list[Line], is_column) -> set[str]:
    counts = Counter(line.text for line in lines if _headerish(line))
    return {text for text, n in counts.items()
            if n >= REPEATS and len(text) <= REPEAT_MAX and sum(c.isalnum() for c in text) >= 2
            and not CAPTION.match(text) and not is_column(text)}


def _furniture_runs(lines: list[Line], kinds: dict[int, str], is_column) -> dict[int, str]:
    """A short line right before a page number or copyright line is a running header —
    a column's name always; another line when it interrupts a paragraph (after a line
    that ends one, it may be a subheading that fell at the foot of its page)."""
    content = [i for i, line in enumerate(lines) if not line.blank]
    runs = {}
    for before, i, nxt in zip([None, *content], content, content[1:], strict=False):
        if nxt in kinds and i not in kinds and _headerish(lines[i]) and (
                before is None or not ends_sentence(lines[before].text)
                or is_column(lines[i].text)):
            runs[i] = "header"
    return runs


def noise_kinds(lines: list[Line], is_column, contents: bool = False) -> dict[int, str]:
    """The page furniture among `lines`: its kind by line index. Read for a `contents`
    block, a line of digits alone is no page number (the block may give its page numbers
    so) and a short line before a footer is no running header (the block's last column
    or entry may stand at the foot of its page): running headers are the repeated ones."""
    kinds = {i: kind for i, line in enumerate(lines) if not line.blank
             if (kind := strong_noise(line, bare_numbers=not contents))}
    if not contents:
        kinds.update(_furniture_runs(lines, kinds, is_column))
    repeated = _repeated(lines, is_column)
    kinds.update({i: "header" for i, line in enumerate(lines) if line.text in repeated
                  and not line.text.isdigit()})  # a number is no header: a page's, or listed
    return kinds


def without_noise(lines: list[Line], kinds: dict[int, str]) -> tuple[list[Line], list[Dropped]]:
    """The lines but those of `kinds`, and what was dropped."""
    kept = [line for i, line in enumerate(lines) if i not in kinds]
    return kept, summarise({kind: [lines[i] for i in sorted(kinds) if kinds[i] == kind]
                            for kind in dict.fromkeys(kinds[i] for i in sorted(kinds))})


def remove_noise(lines: list[Line], is_column) -> tuple[list[Line], list[Dropped]]:
    """The lines with page furniture taken out, and what was dropped."""
    return without_noise(lines, noise_kinds(lines, is_column))


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


def keep_titles(lines: list[Line], kept: list[Line], dropped: list[Dropped], is_title
                ) -> tuple[list[Line], list[Dropped]]:
    """Lines taken for running headers that are article titles after all (`is_title`: the
    contents lists them) — a title can stand last on its page, right before the footer —
    put back in their place. A title repeated as a header on several pages (a magazine's
    running title) stays a header."""
    dropped_lines = [line for line in lines
                     if line.no in {n for d in dropped if d.kind == "header" for n in d.lines}]
    once = Counter(line.text for line in dropped_lines)
    back = {line.no for line in dropped_lines if once[line.text] == 1 and is_title(line.text)}
    if not back:
        return kept, dropped
    by_no = {line.no: line for line in lines}
    kept = sorted(kept + [by_no[n] for n in back], key=lambda line: line.no)
    dropped = [d if d.kind != "header" else Dropped(
        d.kind, d.count - sum(n in back for n in d.lines), d.sample,
        tuple(n for n in d.lines if n not in back)) for d in dropped]
    return kept, [d for d in dropped if d.count]
