"""The parser on the two sample issues and on other export shapes of them."""

from __future__ import annotations

import re

import pytest

from builder.parse import issue as issue_module
from builder.parse.issue import parse_file, parse_text
from builder.parse.lines import split_lines
from builder.read.decode import decode
from tests.editorial.test_corrections import SIDECAR as CORRECTIONS
from tests.expected_samples import DEC_2020, NOV_2021
from tests.fuzzing import article_stream, source_stream
from tests.variants import encoded, markdown_as_plain, plain_as_markdown


def outline_of(issue):
    return [(s.name, a.title) for s in issue.sections for a in s.articles]


def test_nov_2021_articles_in_their_columns(nov):
    assert outline_of(nov) == NOV_2021
    assert len(nov.articles) == 37


def test_dec_2020_articles_in_their_columns(dec):
    assert outline_of(dec) == DEC_2020
    assert len(dec.articles) == 28


def test_contents_block_lists_exactly_the_nov_articles(nov):
    pages = [a.page for a in nov.articles]
    assert all(isinstance(p, int) for p in pages)
    assert pages == sorted(pages)
    assert not any("contents lists" in w for w in nov.warnings)


@pytest.mark.parametrize(("title", "subheading"), [
    ("硅片：寡头格局如何破？", "“寡头格局”与“客户捆绑”"),
    ("企业短信风口来了？三大运营商启动 5G 消息规模化部署", "5G首个应用"),
    ("企业短信风口来了？三大运营商启动 5G 消息规模化部署", "难撼微信生态"),
    ("鸿蒙“启蒙”：手机开发者 Beta 版落地 华为展开物联网蓝图", "手机：最重要的拼图为何要研发鸿蒙？"),
])
def test_dec_subheadings_stay_inside_their_article(dec, title, subheading):
    article = next(a for a in dec.articles if a.title == title)
    assert subheading in article.subheadings
    assert subheading not in [a.title for a in dec.articles]


def test_nov_subheadings_at_article_levels_stay_subheadings(nov):
    cloud = next(a for a in nov.articles if a.title == "谁会成为中国的“第四朵云”？")
    assert "新生代“选手”有特色" in cloud.subheadings
    assert "海外厂商靠“出海”" in cloud.subheadings


def test_title_with_subtitle(nov):
    article = next(a for a in nov.articles if a.title == "用数字建设“智慧城”")
    assert article.subtitle == "——湖北数字经济发展“十四五”规划解读"


def test_wrapped_title_is_one_title(dec):
    titles = [a.title for a in dec.articles]
    assert "华为的“中场战事”：升级智能家居、推鸿蒙智慧屏，重构 IoT 赛道？" in titles


@pytest.mark.parametrize("name", ["nov", "dec"])
def test_every_character_lands_in_one_article_in_source_order(name, request, sample_paths,
                                                               columns):
    issue = request.getfixturevalue(name)
    path = sample_paths[name]
    assert article_stream(issue) == source_stream(decode(path.read_bytes(), path), issue)


@pytest.mark.parametrize(("name", "sentence"), [
    ("dec", "工业和信息化部组织召开电信服务质量专题座谈会。"),  # across a hard wrap
    ("dec", "明确指出要“加快第五代移动通信（5G）等建设”。"),  # across the page 13 break
    ("dec", "《中共中央关于制定国民经济和社会发展第十四个五年规划和二〇三五年远景目标的建议》"),
    ("nov", "形成政策规模，推动绿色低碳发展。"),  # a paragraph cut by a page break
    ("nov", "五是用于物联网的传感器。"),
    ("nov", "当数字技术融入诊疗各个环节，智慧医疗发展正在提速。"),
])
def test_sentences_across_wraps_and_page_breaks_read_as_one_run(request, name, sentence):
    issue = request.getfixturevalue(name)
    paragraphs = [b.text for a in issue.articles for b in a.blocks]
    assert any(sentence in p for p in paragraphs)


def test_no_furniture_or_contents_in_articles(nov, dec):
    for issue in (nov, dec):
        for article in issue.articles:
            for block in article.blocks:
                assert not re.search(r"Page \d+|©|不得转载|信息产业监测|\.{3,}\s*\d+$", block.text)
                assert block.text not in ("目录", "快速进入点击页码")
    kinds = {d.kind for d in dec.dropped}
    assert {"page-number", "copyright", "header"} <= kinds
    assert {"cover", "contents"} <= {d.kind for d in nov.dropped}


def test_blank_and_latin_spacing_in_reflowed_text(dec):
    text = "".join(b.text for a in dec.articles for b in a.blocks)
    assert "支持的首款后装车载产品" in text
    assert "也是HUAWEI HiCar支持的首款后装车载产品" in text


def test_captions_stay_as_captions(dec):
    article = next(a for a in dec.articles if a.title.startswith("5G 叠加国产化趋势"))
    captions = [b.text for b in article.blocks if b.kind == "caption"]
    assert "资料来源：Wind、华西证券研究所" in captions
    assert "2020年三季度机构重仓持股申万电子二级分类行业配置比例" in captions
    assert "资料来源：Wind、华西证券研究所" not in article.subheadings


def test_dates_inferred_without_sidecar(nov, dec):
    assert (nov.id, nov.date_inferred) == ("2021-11", True)
    assert (dec.id, str(dec.date), dec.date_inferred) == ("2020-12", "2020-12-24", True)


# --- other export shapes of the same issues --------------------------------------------------

def test_markdown_issue_exported_as_hard_wrapped_plain_text(sample_paths, columns, nov):
    text = markdown_as_plain(sample_paths["nov"].read_text(encoding="utf-8"), 2021, 11)
    issue = parse_text(text, "variant.txt", columns=columns)
    assert split_lines(text)[0] == "plain"
    assert outline_of(issue) == NOV_2021
    assert article_stream(issue) == article_stream(nov)
    assert "header" in {d.kind for d in issue.dropped}
    assert str(issue.date) == "2021-11-28"


def test_plain_issue_exported_as_markdown_with_contents(sample_paths, columns, dec):
    text = plain_as_markdown(sample_paths["dec"].read_text(encoding="utf-8"), DEC_2020)
    issue = parse_text(text, "variant.md", columns=columns)
    assert split_lines(text)[0] == "markdown"
    assert outline_of(issue) == DEC_2020
    assert [a.page for a in issue.articles] == list(range(3, 3 + len(DEC_2020)))
    assert article_stream(issue) == article_stream(dec)


@pytest.mark.parametrize(("codec", "newline"), [
    ("gb18030", "\r\n"), ("gb18030", "\n"), ("utf-8-sig", "\n"), ("utf-16", "\r\n"),
    ("utf-8", "\r"),
])
@pytest.mark.parametrize("name", ["nov", "dec"])
def test_encodings_and_line_endings(request, sample_paths, columns, name, codec, newline):
    original = request.getfixturevalue(name)
    raw = encoded(sample_paths[name].read_text(encoding="utf-8"), codec, newline)
    issue = parse_text(decode(raw, "x.txt"), "x.txt", columns=columns)
    assert outline_of(issue) == outline_of(original)
    assert article_stream(issue) == article_stream(original)


def test_a_sidecar_edited_again_reuses_the_files_structure(tmp_path, sample_paths, columns,
                                                          monkeypatch):
    """Under `mkdocs serve` an editor saves a sidecar again and again: the issue's file is
    not read and structured again while its bytes are the same, and every version of the
    sidecar — corrections that merge, split and retitle articles included — gives what a
    fresh parse gives (the kept structure is not changed by using it)."""
    source = tmp_path / "dec.txt"
    source.write_bytes(sample_paths["dec"].read_bytes())
    sidecar = tmp_path / "dec.yml"
    corrections = CORRECTIONS[CORRECTIONS.index("articles:"):]
    versions = ["title: 第一版\n", f"title: 第二版\nnumber: 12\n{corrections}", "title: 第一版\n"]
    reads = []
    monkeypatch.setattr(issue_module, "decode",
                        lambda raw, path, read=issue_module.decode: reads.append(path)
                        or read(raw, path))
    monkeypatch.setattr(issue_module, "_structures", {})
    kept = []
    for text in versions:
        sidecar.write_text(text, encoding="utf-8")
        kept.append(parse_file(source, columns))
    assert len(reads) == 1
    fresh = []
    for text in versions:
        issue_module._structures.clear()
        sidecar.write_text(text, encoding="utf-8")
        fresh.append(parse_file(source, columns))
    assert kept == fresh and kept[0] == kept[2] and kept[0] != kept[1]
    assert len(kept[1].articles) == len(kept[0].articles)  # one merged, one split
    assert "工信部召开电信服务质量座谈会" in [a.title for a in kept[1].articles]
    source.write_bytes(source.read_bytes() + b"\n")
    parse_file(source, columns)
    assert len(reads) == 5  # the file changed: read again
