"""Page furniture: page numbers, copyright lines, running headers."""

from __future__ import annotations

from builder.parse.lines import split_lines
from builder.parse.noise import remove_noise


def no_columns(text: str) -> bool:
    return text == "产业环境"


def run(text: str):
    _, lines = split_lines(text)
    kept, dropped = remove_noise(lines, no_columns)
    return [line.text for line in kept if line.text], {d.kind: d for d in dropped}


def test_footer_block_in_the_middle_of_a_paragraph():
    kept, dropped = run("第一行文字没有结束\n\n信息产业监测\n\n"
                        "©2020 未经同意，不得转载。 2020.12.24\n\nPage 13\n\n第二行接着说完。\n")
    assert kept == ["第一行文字没有结束", "第二行接着说完。"]
    assert dropped["header"].sample == "信息产业监测"
    assert dropped["copyright"].count == 1
    assert dropped["page-number"].lines == (7,)


def test_page_number_forms():
    kept, dropped = run("正文。\n- 12 -\n第 3 页\n14\nPage 2 of 9\n12 / 70\n")
    assert kept == ["正文。"]
    assert dropped["page-number"].count == 5


def test_repeated_running_header_dropped_but_not_captions_columns_or_punctuation():
    lines = []
    for n in range(3):
        lines += ["行业信息监测", "产业环境", "资料来源：工信部", "。", f"正文第{n}段。"]
    kept, dropped = run("\n".join(lines))
    assert dropped["header"].count == 3
    assert kept.count("产业环境") == 3
    assert kept.count("资料来源：工信部") == 3
    assert kept.count("。") == 3


def test_a_sentence_mentioning_copyright_is_not_noise_when_long():
    sentence = "报道称，" + "该平台严格保护版权所有者的权益，" * 12 + "获得好评。"
    kept, dropped = run(sentence)
    assert kept == [sentence]
    assert not dropped


def test_a_subheading_at_the_foot_of_a_page_is_not_a_header():
    kept, dropped = run("这一段说完了。\n\n供应状况或将持续吃紧\n\n"
                        "©2020 未经同意，不得转载。\n\nPage 13\n\n下一页的正文。\n")
    assert "供应状况或将持续吃紧" in kept and "header" not in dropped


def test_a_column_name_in_the_footer_is_furniture_after_a_sentence_too():
    kept, dropped = run("这一段说完了。\n\n产业环境\n\n©2020 未经同意，不得转载。\n\n"
                        "Page 13\n\n下一页。\n")
    assert kept == ["这一段说完了。", "下一页。"] and dropped["header"].sample == "产业环境"


def test_a_running_title_stays_furniture_though_the_contents_lists_it():
    from builder.parse.noise import keep_titles

    text = "\n\n".join(f"第{n}页的正文。\n\n高通想去苹果化\n\nPage {n}" for n in range(1, 5))
    _, lines = split_lines(text)
    kept, dropped = remove_noise(lines, no_columns)
    kept, dropped = keep_titles(lines, kept, dropped, lambda t: t == "高通想去苹果化")
    assert "高通想去苹果化" not in [line.text for line in kept]
