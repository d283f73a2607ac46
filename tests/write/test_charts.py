"""Topic charts: an SVG drawn at build time on a month axis, bars in proportion, gaps for
months without an issue, years labelled, labels escaped."""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

import pytest

from builder.write.charts import Bar, month_chart, months_between

SVG = "{http://www.w3.org/2000/svg}"


def test_months_between_crosses_years():
    assert months_between((2020, 11), (2021, 2)) == [(2020, 11), (2020, 12), (2021, 1), (2021, 2)]
    assert len(months_between((2015, 1), (2024, 12))) == 120


def test_bars_stand_on_a_month_axis_with_gaps_and_years():
    bars = [Bar("2020-12", "2020年12月", 2, (2020, 12)), Bar("2021-01", "<b>", 0, (2021, 1)),
            Bar("2021-11", "2021年11月", 4, (2021, 11))]
    svg = month_chart(bars, (2020, 12), (2021, 11), "半导体：每月相关文章数")
    root = ET.fromstring(svg)
    rects = root.findall(f"{SVG}rect")
    assert [b.get("data-issue") for b in rects] == ["2020-12", "2021-01", "2021-11"]
    heights = [float(b.get("height")) for b in rects]
    assert heights[1] == 0 and heights[2] == 2 * heights[0] > 0
    xs = [float(b.get("x")) for b in rects]
    step = xs[1] - xs[0]
    assert xs[2] - xs[1] == pytest.approx(10 * step)  # ten months without an issue between them
    assert root.get("aria-label") == "半导体：每月相关文章数"
    assert "&lt;b&gt;" in svg and "<b>" not in svg
    years = [t.text for t in root.findall(f"{SVG}text") if "year" in (t.get("class") or "")]
    assert years == ["2020", "2021"]
    months = [t.text for t in root.findall(f"{SVG}text") if t.get("class") == "qk-chart__label"]
    assert months == ["12月", "1月", "11月"]


def test_ten_years_fit_and_keep_their_year_labels():
    axis = months_between((2015, 1), (2024, 12))
    bars = [Bar(f"{y}-{m:02d}", f"{y}年{m}月", (y + m) % 5, (y, m)) for y, m in axis]
    root = ET.fromstring(month_chart(bars, axis[0], axis[-1], "x"))
    assert int(root.get("width")) <= 660
    years = [t.text for t in root.findall(f"{SVG}text") if "year" in (t.get("class") or "")]
    assert years == [str(y) for y in range(2015, 2025)]


def test_a_small_chart_has_years_but_no_numbers():
    svg = month_chart([Bar("2021-01", "一月", 1, (2021, 1)), Bar("2021-03", "三月", 2, (2021, 3))],
                      (2021, 1), (2021, 3), "x", small=True)
    root = ET.fromstring(svg)
    assert [t.text for t in root.findall(f"{SVG}text")] == ["2021"]
    assert int(root.get("height")) >= 60
    assert re.search(r'class="qk-chart qk-chart--small"', svg)


def test_no_bars_still_draws_an_empty_chart():
    assert ET.fromstring(month_chart([], (2021, 1), (2021, 1), "空")).findall(f"{SVG}rect") == []


def test_year_labels_never_overlap():
    bars = [Bar("a", "a", 1, (2020, 12)), Bar("b", "b", 2, (2021, 11))]
    small = ET.fromstring(month_chart(bars, (2020, 12), (2021, 11), "x", small=True))
    assert [t.text for t in small.findall(f"{SVG}text")] == ["2021"]  # 2020 gives way
    large = ET.fromstring(month_chart(bars, (2020, 12), (2021, 11), "x"))
    years = [t.text for t in large.findall(f"{SVG}text") if "year" in (t.get("class") or "")]
    assert years == ["2020", "2021"]  # room for both
