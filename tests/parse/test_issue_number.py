"""The issue's number (期号): the sidecar's, else the cover's, else its place in the archive."""

from __future__ import annotations

import dataclasses

import pytest

from builder.editorial.sidecar import Sidecar, load_sidecar
from builder.errors import SidecarError
from builder.model import Archive, IssueDate
from builder.parse.issue import parse_text
from builder.write.pages import issue_numbers, reader_date

BODY = "产业环境\n\n## 标题一\n\n正文第一段，写得足够长，说清楚一件事情的来龙去脉。\n"


def test_from_the_cover_else_none():
    dated = Sidecar(date=IssueDate(2021, 11))
    assert parse_text("信息产业篇\n2021年第11期\n\n" + BODY, "x.txt", dated).number == 11
    issue = parse_text("信息产业篇 2021年11月\n总第 123 期\n\n" + BODY, "x.txt")
    assert issue.number == 123
    assert parse_text("信息产业篇 2021年11月\n\n" + BODY, "x.txt").number is None


def test_the_sidecar_wins(tmp_path):
    (tmp_path / "x.yml").write_text("number: 7\n", encoding="utf-8")
    sidecar = load_sidecar(tmp_path / "x.txt")
    assert sidecar.number == 7
    issue = parse_text("信息产业篇 2021年11月\n总第 123 期\n\n" + BODY, "x.txt", sidecar)
    assert issue.number == 7
    (tmp_path / "x.yml").write_text("number: 0\n", encoding="utf-8")
    with pytest.raises(SidecarError, match="number: expected a whole number"):
        load_sidecar(tmp_path / "x.txt")


def test_unknown_keys_name_every_known_one(tmp_path):
    (tmp_path / "x.yml").write_text("colour: red\n", encoding="utf-8")
    with pytest.raises(SidecarError, match=r"known: date, title, id, number, articles"):
        load_sidecar(tmp_path / "x.txt")
    (tmp_path / "x.yml").write_text("articles:\n  标题一:\n    colour: red\n", encoding="utf-8")
    with pytest.raises(SidecarError, match=r"known: title, slug, column, merge, split, tags"):
        load_sidecar(tmp_path / "x.txt")


def test_numbers_in_the_archive(archive):
    numbers = issue_numbers(archive)
    oldest, newest = archive.issues[-1], archive.issues[0]
    assert (numbers[oldest.id], numbers[newest.id]) == (1, 2)  # counted from the oldest
    numbered = dataclasses.replace(newest, number=40)
    assert issue_numbers(Archive((numbered, oldest), archive.columns))[newest.id] == 40


def test_reader_dates(dec, nov):
    assert reader_date(dec.date) == "2020年12月24日" and reader_date(nov.date) == "2021年11月"
