"""Topic charts: an SVG drawn at build time, bars in proportion, labels escaped."""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

from builder.write.charts import Bar, bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def test_bars_in_proportion_with_labels():
    svg = bar_chart([Bar("2020-12", "2020年12月", 2), Bar("2021-01", "<b>", 0),
                     Bar("2021-02", "2021年2月", 4)], "半导体：各期相关文章数")
    root = ET.fromstring(svg)
    bars = root.findall(f"{SVG}rect")
    assert [b.get("data-issue") for b in bars] == ["2020-12", "2021-01", "2021-02"]
    heights = [float(b.get("height")) for b in bars]
    assert heights[1] == 0 and heights[2] == 2 * heights[0] > 0
    assert root.get("aria-label") == "半导体：各期相关文章数"
    assert "&lt;b&gt;" in svg and "<b>" not in svg
    assert [t.text for t in root.findall(f"{SVG}text") if "label" in (t.get("class") or "")] \
        == ["2020-12", "2021-01", "2021-02"]


def test_a_small_chart_has_no_labels():
    svg = bar_chart([Bar("2021-01", "一月", 1)], "x", small=True)
    assert "<text" not in svg and 'height="36"' in svg
    assert re.search(r'class="qk-chart qk-chart--small"', svg)


def test_no_bars_still_draws_an_empty_chart():
    assert ET.fromstring(bar_chart([], "空")).findall(f"{SVG}rect") == []
