"""Charts as inline SVG generated at build time: no script, no CDN, works offline.

A topic's chart has a real month axis: one slot per month from the archive's first
issue to its last, so months without an issue are visible gaps (not bars standing
side by side as if they were consecutive), with the year under each January.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

Month = tuple[int, int]
"""(year, month)."""


@dataclass(frozen=True)
class Bar:
    """One bar: the issue(s) of a month and their value."""

    key: str
    """Machine-readable label (the issue id; several separated by spaces), as `data-issue`."""
    label: str
    """Label shown in the bar's tooltip."""
    value: int
    """The bar's value, written as `data-count`."""
    month: Month


def months_between(first: Month, last: Month) -> list[Month]:
    """Every month from `first` to `last`, both included."""
    count = (last[0] - first[0]) * 12 + last[1] - first[1] + 1
    return [(first[0] + (first[1] - 1 + k) // 12, (first[1] - 1 + k) % 12 + 1)
            for k in range(max(count, 0))]


@dataclass(frozen=True)
class _Layout:
    height: int
    top: int
    bottom: int
    step: float
    values: bool
    """Numbers above the bars."""
    month_labels: bool


def _layout(slots: int, small: bool) -> _Layout:
    if small:
        step = max(3.0, min(14.0, 320 / slots))
        return _Layout(64, 4, 16, step, False, False)
    step = max(4.0, min(48.0, 640 / slots))
    return _Layout(180, 20, 40, step, step >= 16, step >= 24)


YEAR_LABEL_WIDTH = 30
"""Room a year label needs (px); closer labels are left out."""


def _year_labels(axis: list[Month], step: float) -> list[tuple[int, int]]:
    """(slot, year) of each January and of the first month, leaving out a label that would
    overlap the next (the first month's gives way to a January close after it)."""
    wanted = [(n, year) for n, (year, month) in enumerate(axis) if month == 1 or n == 0]
    kept: list[tuple[int, int]] = []
    for k, (n, year) in enumerate(wanted):
        following = wanted[k + 1][0] if k + 1 < len(wanted) else None
        if n == 0 and axis[0][1] != 1 and following is not None \
                and (following - n) * step < YEAR_LABEL_WIDTH:
            continue
        if not kept or (n - kept[-1][0]) * step >= YEAR_LABEL_WIDTH:
            kept.append((n, year))
    return kept


def month_chart(bars: list[Bar], first: Month, last: Month, title: str,
                small: bool = False) -> str:
    """A bar chart over the months `first`..`last`; `small` gives a compact chart (no
    numbers or month names, years still labelled) for lists of charts."""
    axis = months_between(first, last) or sorted({b.month for b in bars})
    slot = {month: n for n, month in enumerate(axis)}
    box = _layout(max(len(axis), 1), small)
    width = round(box.step * max(len(axis), 1) + 8)
    peak = max((b.value for b in bars), default=0) or 1
    scale = (box.height - box.top - box.bottom) / peak
    base = box.height - box.bottom
    parts = [f'<svg class="qk-chart{" qk-chart--small" if small else ""}" role="img" '
             f'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {box.height}" '
             f'width="{width}" height="{box.height}" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>",
             f'<line class="qk-chart__axis" x1="4" x2="{width - 4}" y1="{base}" y2="{base}"/>']
    for n, year in _year_labels(axis, box.step):
        x = round(4 + n * box.step, 1)
        if axis[n][1] == 1:
            parts.append(f'<line class="qk-chart__year" x1="{x}" x2="{x}" y1="{box.top}" '
                         f'y2="{box.height - 2}"/>')
        parts.append(f'<text x="{x + 2}" y="{box.height - 3}" '
                     f'class="qk-chart__label qk-chart__label--year">{year}</text>')
    bar_width = max(box.step * 0.7, 1.5)
    for bar in bars:
        x = 4 + slot[bar.month] * box.step + (box.step - bar_width) / 2
        h = round(bar.value * scale, 1)
        parts.append(f'<rect x="{round(x, 1)}" y="{round(base - h, 1)}" '
                     f'width="{round(bar_width, 1)}" height="{h}" data-issue="{escape(bar.key)}" '
                     f'data-count="{bar.value}"><title>{escape(bar.label)}：{bar.value} 篇'
                     f"</title></rect>")
        cx = round(x + bar_width / 2, 1)
        if box.values and bar.value:
            parts.append(f'<text x="{cx}" y="{round(base - h - 4, 1)}" '
                         f'text-anchor="middle">{bar.value}</text>')
        if box.month_labels:
            parts.append(f'<text x="{cx}" y="{base + 14}" text-anchor="middle" '
                         f'class="qk-chart__label">{bar.month[1]}月</text>')
    parts.append("</svg>")
    return "".join(parts)
