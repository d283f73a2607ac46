"""The model: columns found by any spelling, tags identified and ordered by slug, dates,
and the archive's articles in order."""

from __future__ import annotations

import pickle

from builder.model import Column, Columns, IssueDate, Tag, placements


def test_a_column_is_found_by_name_or_alias_whatever_the_markup():
    columns = Columns((Column("产业环境", "chan-ye", 1, ("产业 动态",)),
                       Column("海外借鉴", "hai-wai", 2)))
    for text in ("产业环境", "## **产业环境**", "【产业环境】", "产 业 环 境", "产业动态"):
        assert columns.match(text).slug == "chan-ye", text
    assert columns.match("ＨＡＩ") is None
    assert columns.match("海外借鉴：美国芯片法案的启示与借鉴意义") is None  # a title, not a column


def test_tags_are_the_same_by_slug_and_sort_by_slug():
    assert Tag("5g", "5G") == Tag("5g", "5G网络") and len({Tag("a", "x"), Tag("a", "y")}) == 1
    assert sorted([Tag("b", "乙"), Tag("a", "甲")]) == [Tag("a", "甲"), Tag("b", "乙")]
    assert Tag("zhong-guo", "中国").sort_key == "zhong guo"
    assert pickle.loads(pickle.dumps(Tag("a", "甲"))).name == "甲"


def test_issue_dates():
    assert str(IssueDate(2021, 11)) == "2021-11" and IssueDate(2021, 11).issue_id == "2021-11"
    assert str(IssueDate(2020, 12, 24)) == "2020-12-24"


def test_placements_follow_the_archive_newest_issue_first(archive):
    placed = list(placements(archive).values())
    assert len(placed) == archive.article_count
    assert [p.issue.id for p in placed] == sorted((p.issue.id for p in placed), reverse=True)
    assert all(p.article in p.section.articles and p.section in p.issue.sections
               for p in placed)
    assert placed[0].key == (placed[0].issue.id, placed[0].article.slug)
