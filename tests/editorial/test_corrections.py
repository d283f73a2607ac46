"""Editorial corrections in a sidecar, each checked in the site built from a copy of the archive."""

from __future__ import annotations

import re

import pytest

from builder.errors import SidecarError
from builder.parse.issue import parse_file
from tests.expected_samples import DEC_2020_FILE
from tests.site_helpers import copy_project, mkdocs, read_page

SIDECAR = """\
date: 2020-12-31
title: 2020年第12期
id: 2020-12-special
articles:
  工业和信息化部召开电信服务质量专题座谈会:
    title: 工信部召开电信服务质量座谈会
  工信部下架 26 款 APP 加强侵害用户权益专项整治:
    slug: app-zhuan-xiang-zheng-zhi
  第四届进博会首设集成电路专区:
    column: 技术情报
  高端电子材料呈现高速增长态势:
    merge: true
  预计 2024 年全球边缘计算市场规模将达到 2500 亿美元:
    split: [从产业到学术 边缘计算呼唤理论创新]
  被纳入“实体清单” 中芯国际：短期无重大影响:
    tags:
      add: [出口管制]
      remove: [大疆]
"""


@pytest.fixture(scope="module")
def corrected(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("corrected") / "project")
    issues = project / "content" / "issues"
    (issues / DEC_2020_FILE).with_suffix(".yml").write_text(SIDECAR, encoding="utf-8")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site" / "issues" / "2020-12-special"


def article_titles(issue_dir):
    return {p.parent.name: read_page(p).h1[0] for p in issue_dir.glob("*/index.html")}


def contents(issue_dir) -> str:
    return (issue_dir / "index.html").read_text(encoding="utf-8")


def test_issue_date_title_and_id(corrected):
    assert corrected.is_dir() and not (corrected.parent / "2020-12").exists()
    page = read_page(corrected / "index.html")
    assert page.h1 == ["2020年第12期"]
    assert "2020-12-31" in contents(corrected) and "推断" not in contents(corrected)


def test_rename(corrected):
    titles = set(article_titles(corrected).values())
    assert "工信部召开电信服务质量座谈会" in titles
    assert "工业和信息化部召开电信服务质量专题座谈会" not in titles


def test_pinned_slug(corrected):
    assert article_titles(corrected)["app-zhuan-xiang-zheng-zhi"].startswith("工信部下架")


def test_move_to_another_column(corrected):
    html = contents(corrected)
    tech = html[html.index('id="ji-shu-qing-bao"'):html.index('id="qi-ye-qing-bao"')]
    assert "第四届进博会首设集成电路专区" in tech
    column = corrected.parent.parent / "sections" / "ji-shu-qing-bao" / "index.html"
    assert "第四届进博会首设集成电路专区" in column.read_text(encoding="utf-8")


def test_merge_into_the_article_before(corrected):
    titles = article_titles(corrected)
    assert "高端电子材料呈现高速增长态势" not in titles.values()
    silicon = next(slug for slug, title in titles.items() if title == "硅片：寡头格局如何破？")
    html = (corrected / silicon / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<h2[^>]*>高端电子材料呈现高速增长态势", html)
    assert "我国电子材料国际地位显著提升" in html


def test_split_at_a_subheading(corrected):
    titles = article_titles(corrected)
    assert "从产业到学术 边缘计算呼唤理论创新" in titles.values()
    new = next(s for s, t in titles.items() if t == "从产业到学术 边缘计算呼唤理论创新")
    html = (corrected / new / "index.html").read_text(encoding="utf-8")
    assert "边缘计算发展到现在，一定会生产新的技术体系" in html
    assert len(titles) == 28 - 1 + 1  # one merged away, one split off


def test_add_and_remove_tags(corrected):
    titles = article_titles(corrected)
    smic = next(s for s, t in titles.items() if t.startswith("被纳入"))
    html = (corrected / smic / "index.html").read_text(encoding="utf-8")
    chips = html[html.index('class="qk-tags"'):]
    chips = chips[:chips.index("</p>")]
    assert "出口管制" in chips and "大疆" not in chips and "中芯国际" in chips


@pytest.mark.parametrize(("sidecar", "line", "message"), [
    ("articles:\n  没有这篇文章:\n    title: x\n", 2, "no article titled '没有这篇文章'"),
    ("articles:\n  硅片：寡头格局如何破？:\n    colour: red\n", 3, "unknown key 'colour'"),
    ("articles:\n  硅片：寡头格局如何破？:\n    column: 体育新闻\n", 2,
     "unknown column '体育新闻'"),
    ("articles:\n  硅片：寡头格局如何破？:\n    split: [不存在的小标题]\n", 2, "no subheading"),
    ("articles:\n  工业和信息化部召开电信服务质量专题座谈会:\n    merge: true\n", 2,
     "nothing to merge into"),
    ("articles:\n  硅片：寡头格局如何破？:\n    slug: ../../etc\n", 3, "slug must be"),
    ("articles:\n  硅片：寡头格局如何破？:\n    merge: true\n    title: x\n", 2,
     "merge cannot be combined"),
    ("articles:\n  硅片：寡头格局如何破？:\n    tags: {add: [x], drop: [y]}\n", 3,
     "unknown key 'drop'"),
])
def test_bad_sidecars_name_file_and_line(tmp_path, sample_paths, sidecar, line, message):
    source = tmp_path / "dec.txt"
    source.write_bytes(sample_paths["dec"].read_bytes())
    (tmp_path / "dec.yml").write_text(sidecar, encoding="utf-8")
    with pytest.raises(SidecarError) as err:
        parse_file(source)
    assert str(err.value).startswith(f"{tmp_path / 'dec.yml'}:{line}: "), str(err.value)
    assert message in str(err.value)
