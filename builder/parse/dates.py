"""When an issue appeared: from its sidecar, or inferred from its text.

Inference prefers a dated footer (`2020.12.24` next to the copyright line),
then a year-month on the cover, then the month and year the news is dated with.
"""

from __future__ import annotations

import re
from collections import Counter

from builder.model import IssueDate

_FULL_DATE = re.compile(
    r"(?<!\d)(20\d\d|19\d\d)\s*[.\-/年]\s*(\d{1,2})\s*[.\-/月]\s*(\d{1,2})(?!\d)"
)
_YEAR_MONTH = re.compile(r"(?<!\d)(20\d\d|19\d\d)\s*[年.\-/]\s*(\d{1,2})\s*月?(?!\d)")
_NEWS_DAY = re.compile(r"(?<!\d)(\d{1,2})月\d{1,2}日")
_YEAR = re.compile(r"(?<!\d)(20\d\d|19\d\d)年")


def _valid(year: int, month: int, day: int | None = None) -> bool:
    return 1 <= month <= 12 and (day is None or 1 <= day <= 31)


def from_footer(lines: list[str]) -> IssueDate | None:
    """The most frequent full date on page furniture lines."""
    found = Counter((int(y), int(m), int(d)) for line in lines
                    for y, m, d in _FULL_DATE.findall(line) if _valid(int(y), int(m), int(d)))
    if not found:
        return None
    year, month, day = found.most_common(1)[0][0]
    return IssueDate(year, month, day)


def from_cover(lines: list[str]) -> IssueDate | None:
    """A year and month printed on the cover."""
    for line in lines:
        for y, m in _YEAR_MONTH.findall(line):
            if _valid(int(y), int(m)):
                return IssueDate(int(y), int(m))
    return None


def from_news(text: str) -> IssueDate | None:
    """The month most news is dated with (`11月17日`) and the year most mentioned."""
    months = Counter(int(m) for m in _NEWS_DAY.findall(text) if 1 <= int(m) <= 12)
    years = Counter(int(y) for y in _YEAR.findall(text))
    if not months or not years:
        return None
    return IssueDate(years.most_common(1)[0][0], months.most_common(1)[0][0])


def infer_date(furniture: list[str], cover: list[str], text: str) -> IssueDate | None:
    """The best date the text offers, or None."""
    return from_footer(furniture) or from_cover(cover) or from_news(text)


def parse_date(value: str) -> IssueDate | None:
    """`YYYY-MM` or `YYYY-MM-DD` (also with `.`/`/`), or None when it is neither."""
    match = re.fullmatch(r"(\d{4})[-./](\d{1,2})(?:[-./](\d{1,2}))?", value.strip())
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    day = int(match.group(3)) if match.group(3) else None
    return IssueDate(year, month, day) if _valid(year, month, day) else None
