"""Charts as inline SVG generated at build time: no script, no CDN, works offline."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Bar:
    """One bar: an issue and its value."""

    key: str
    """Machine-readable label (the issue id), written as `data-issue`."""
    label: str
    """Label shown under the bar and in its tooltip."""
    value: int
    """The bar's value, written as `data-count`."""


def bar_chart(bars: list[Bar], title: str, small: bool = False) -> str:
    """A bar chart; `small` gives a sparkline without labels for lists of charts."""
    height, top, bottom = (36, 2, 2) if small else (160, 20, 28)
    step = 14 if small else max(28, min(72, 640 // max(len(bars), 1)))
    width = step * max(len(bars), 1) + 8
    peak = max((b.value for b in bars), default=0) or 1
    scale = (height - top - bottom) / peak
    parts = [f'<svg class="qk-chart{" qk-chart--small" if small else ""}" role="img" '
             f'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>"]
    for i, bar in enumerate(bars):
        x = 4 + i * step
        h = round(bar.value * scale, 1)
        y = height - bottom - h
        parts.append(f'<rect x="{x + 2}" y="{y}" width="{step - 4}" height="{h}" '
                     f'data-issue="{escape(bar.key)}" data-count="{bar.value}">'
                     f"<title>{escape(bar.label)}：{bar.value}</title></rect>")
        if not small:
            cx = x + step / 2
            parts.append(f'<text x="{cx}" y="{y - 4}" text-anchor="middle">{bar.value}</text>')
            parts.append(f'<text x="{cx}" y="{height - 10}" text-anchor="middle" '
                         f'class="qk-chart__label">{escape(bar.key)}</text>')
    parts.append("</svg>")
    return "".join(parts)
