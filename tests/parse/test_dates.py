"""Issue dates: footer, cover, news; sidecar date strings."""

from __future__ import annotations

from builder.model import IssueDate
from builder.parse.dates import from_cover, from_footer, from_news, infer_date, parse_date


def test_footer_date_gives_the_day():
    assert from_footer(["©2020 不得转载。 2020.12.24", "Page 13"]) == IssueDate(2020, 12, 24)


def test_cover_year_month():
    assert from_cover(["行业信息监测", "2021年11月 第11期"]) == IssueDate(2021, 11)


def test_news_month_and_most_mentioned_year():
    text = "2021年，国务院11月17日召开会议。11月3日发布。10月29日消息。2025年目标。2021年计划。"
    assert from_news(text) == IssueDate(2021, 11)


def test_priority_footer_then_cover_then_news():
    assert infer_date(["2020.12.24"], ["2019年3月"], "2018年5月1日") == IssueDate(2020, 12, 24)
    assert infer_date([], ["2019年3月"], "2018年5月1日") == IssueDate(2019, 3)
    assert infer_date([], [], "没有日期") is None


def test_parse_date():
    assert parse_date("2021-11") == IssueDate(2021, 11)
    assert parse_date("2021.11.30") == IssueDate(2021, 11, 30)
    assert parse_date("2021-13") is None
    assert parse_date("next month") is None
    assert str(IssueDate(2021, 1, 5)) == "2021-01-05" and IssueDate(2021, 1).issue_id == "2021-01"
