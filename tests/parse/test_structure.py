"""Structure: which headings open articles, subtitles, subheadings, untitled text."""

from __future__ import annotations

from builder.editorial.sidecar import Sidecar
from builder.model import IssueDate
from builder.parse.issue import parse_text

WITH_CONTENTS = """# 封面

目录

**产业环境** ..... 3

- 第一篇文章的标题 ..... 3
- 第二篇文章的标题被拆成两行 ..... 5

**企业情报** ..... 7

- 第三篇 ..... 7
- 目录里有但正文没有 ..... 8

## 产业环境

### 第一篇文章的标题

#### ——一个副标题

第一篇的正文，2021年11月17日发布。

## 小标题在文章级别

小标题下面的正文。

### 第二篇文章的标题

### 被拆成两行

第二篇的正文。

## 企业情报

#### 第三篇

第三篇的正文。
"""


def outline(issue):
    return [(s.name, a.title, a.subtitle, a.page, a.subheadings)
            for s in issue.sections for a in s.articles]


def test_contents_decides_articles_subtitles_and_split_titles(columns):
    issue = parse_text(WITH_CONTENTS, "x.md", columns=columns)
    assert outline(issue) == [
        ("产业环境", "第一篇文章的标题", "——一个副标题", 3, ("小标题在文章级别",)),
        ("产业环境", "第二篇文章的标题被拆成两行", "", 5, ()),
        ("企业情报", "第三篇", "", 7, ()),
    ]
    assert any("目录里有但正文没有" in w and "p. 8" in w for w in issue.warnings)


NO_CONTENTS = """ 产业环境 

12月14日，这一段没有标题，位于栏目名之后。 

 运营竞争 

重庆：15 家企业签约入驻两江半导体产业园 

12月22日，记者从两江新区了解到，15家半导体企业集中签约入驻两江半导体产业园。 

项目涵盖半导体设计、制造、封测等领域，将在2020年为重庆半导体产业增添助力。 

产业园建设加快推进 

两江半导体产业园一期已建成，半导体企业陆续入驻产业园，产业园配套逐步完善。 

成都：电子信息产品制造业增速连续 7 个月保持两位数 

12月22日，成都市统计局公布今年1至11月全市经济运行情况，电子信息产品制造业增长。 
"""


def test_without_contents_the_text_around_a_heading_decides(columns):
    issue = parse_text(NO_CONTENTS, "x.txt", columns=columns)
    titles = [(s.name, a.title, a.subheadings) for s in issue.sections for a in s.articles]
    assert titles == [
        ("产业环境", "（无标题）", ()),
        ("运营竞争", "重庆：15 家企业签约入驻两江半导体产业园", ("产业园建设加快推进",)),
        ("运营竞争", "成都：电子信息产品制造业增速连续 7 个月保持两位数", ()),
    ]
    assert any("text before the first article of 产业环境" in w for w in issue.warnings)
    untitled = issue.sections[0].articles[0]
    assert untitled.blocks[0].text == "12月14日，这一段没有标题，位于栏目名之后。"


def test_a_heading_with_a_subtitle_opens_an_article_without_contents():
    text = "\n".join([
        "产业环境", "",
        "云计算市场规模持续扩大", "",
        "云计算市场继续保持高速增长，公有云和私有云的规模都在扩大，云计算厂商纷纷加大投入。" * 2,
        "",
        "云计算厂商的新布局", "",
        "——云计算市场的另一种观察", "",
        "云计算市场继续保持高速增长，云计算厂商纷纷加大投入，公有云和私有云规模都在扩大。" * 2,
        "",
    ])
    issue = parse_text(text, "x.txt", Sidecar(date=IssueDate(2021, 11)))
    assert [a.title for a in issue.articles] == ["云计算市场规模持续扩大", "云计算厂商的新布局"]
    assert issue.articles[1].subtitle == "——云计算市场的另一种观察"


def test_a_title_as_wide_as_the_others_keeps_its_numbered_subheading(columns):
    """No 目录: the widest title followed by `一、…` is a title and a subheading, never one
    title (a numbered line is a subheading, and the widest heading alone sets no width)."""
    title = "工信部印发信息通信行业发展规划明确未来五年发展目标"
    text = "\n".join([
        "行业信息监测", "", "产业环境", "", title, "一、发展目标",
        "到2025年，信息通信行业整体规模进一步壮大，发展质量显著提升，基本建成高速泛在、集成互联、"
        "智能绿色、安全可靠的新型数字基础设施。", "", "华为发布新款手机",
        "华为公司今天发布了新款手机，售价 5999 元，并表示将继续加大研发投入，"
        "推动产业链上下游协同发展。",
        ""])
    issue = parse_text(text, "x.txt", Sidecar(date=IssueDate(2021, 11)), columns)
    assert issue.articles[0].title == title
    assert "一、发展目标" in issue.articles[0].subheadings
