"""Editorial corrections in a sidecar, applied to the parsed issue (in-process: the pages
and the site only show what the model holds; tests/site/test_corrections_site.py checks
one built site)."""

from __future__ import annotations

import pytest

from builder.enrich.enrichment import enrich
from builder.errors import SidecarError
from builder.model import Archive
from builder.parse.issue import parse_file
from builder.settings import Masthead
from builder.write.pages import write_pages

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
def corrected(tmp_path_factory, sample_paths, columns):
    folder = tmp_path_factory.mktemp("corrected")
    source = folder / "dec.txt"
    source.write_bytes(sample_paths["dec"].read_bytes())
    (folder / "dec.yml").write_text(SIDECAR, encoding="utf-8")
    return parse_file(source, columns)


def titled(issue, title):
    (article,) = [a for a in issue.articles if a.title == title]
    return article


def test_issue_date_title_and_id(corrected):
    assert (corrected.id, corrected.title, str(corrected.date)) == \
        ("2020-12-special", "2020年第12期", "2020-12-31")
    assert not corrected.date_inferred


def test_rename(corrected):
    titles = {a.title for a in corrected.articles}
    assert "工信部召开电信服务质量座谈会" in titles
    assert "工业和信息化部召开电信服务质量专题座谈会" not in titles


def test_pinned_slug(corrected):
    (article,) = [a for a in corrected.articles if a.slug == "app-zhuan-xiang-zheng-zhi"]
    assert article.title.startswith("工信部下架")


def test_move_to_another_column(corrected, columns):
    tech = next(s for s in corrected.sections if s.name == "技术情报")
    assert "第四届进博会首设集成电路专区" in [a.title for a in tech.articles]
    page = write_pages(Archive((corrected,), columns), Masthead("t"))[
        f"issues/{corrected.id}/index.md"]
    section = page[page.index("## 技术情报"):page.index("## 企业情报")]
    assert "第四届进博会首设集成电路专区" in section


def test_merge_into_the_article_before(corrected):
    assert "高端电子材料呈现高速增长态势" not in {a.title for a in corrected.articles}
    silicon = titled(corrected, "硅片：寡头格局如何破？")
    assert "高端电子材料呈现高速增长态势" in silicon.subheadings
    assert any("我国电子材料国际地位显著提升" in b.text for b in silicon.blocks)


def test_split_at_a_subheading(corrected):
    new = titled(corrected, "从产业到学术 边缘计算呼唤理论创新")
    assert any("边缘计算发展到现在，一定会生产新的技术体系" in b.text for b in new.blocks)
    assert len(corrected.articles) == 28 - 1 + 1  # one merged away, one split off
    slugs = [a.slug for a in corrected.articles]
    assert len(set(slugs)) == len(slugs) and new.slug


def test_add_and_remove_tags(corrected, columns, tmp_path):
    smic = next(a for a in corrected.articles if a.title.startswith("被纳入"))
    assert (smic.tags_added, smic.tags_removed) == (("出口管制",), ("大疆",))
    enrichment = enrich(Archive((corrected,), columns), cache_path=tmp_path / "tokens.pickle")
    names = [t.name for t in enrichment.tags[(corrected.id, smic.slug)]]
    assert names[0] == "出口管制" and "大疆" not in names and "中芯国际" in names


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
