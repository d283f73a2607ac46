"""Curated vocabulary: tags.yml, stopwords.txt and topics.yml, validated with errors that
name the file."""

from __future__ import annotations

import pytest

from builder.enrich.vocab import load_topics, load_vocabulary
from builder.errors import QikanError


def test_synonyms_blocked_always_and_stop_words(tmp_path):
    (tmp_path / "tags.yml").write_text("synonyms:\n  工信部: [工业和信息化部]\n"
                                       "blocked: [亿美元]\nalways: [5G]\n", encoding="utf-8")
    (tmp_path / "stopwords.txt").write_text("# 注释\n发展\n\n企业  # 行尾注释\n",
                                            encoding="utf-8")
    vocab = load_vocabulary(tmp_path)
    assert vocab.canonical("工业和信息化部") == "工信部" and vocab.canonical("5G") == "5G"
    assert vocab.blocked == {"亿美元"} and vocab.always == ("5G",)
    assert vocab.stopwords == {"发展", "企业"}
    assert vocab.terms() == {"工信部", "工业和信息化部", "5G"}


def test_nothing_curated_is_nothing(tmp_path):
    assert load_topics(tmp_path) == () and not load_vocabulary(tmp_path).synonyms


@pytest.mark.parametrize("name, text, message", [
    ("tags.yml", "tags: [a]\n", "expected the keys synonyms, blocked, always, suffixes"),
    ("topics.yml", "a: b\n", "expected a list of topics"),
    ("topics.yml", "- name: 芯片\n", "topic #1 needs name, slug, description and keywords"),
    ("topics.yml", "- {name: 芯片, slug: x, description: d, keywords: [a], colour: red}\n",
     "unknown key(s) colour"),
    ("topics.yml", "- {name: 芯片, slug: x, description: d, keywords: []}\n", "no keywords"),
    ("topics.yml", "- {name: a, slug: x, description: d, keywords: [a]}\n"
                   "- {name: b, slug: x, description: d, keywords: [b]}\n", "same slug"),
])
def test_mistakes_name_the_file(tmp_path, name, text, message):
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(QikanError) as error:
        load_topics(tmp_path) if name == "topics.yml" else load_vocabulary(tmp_path)
    assert str(error.value).startswith(str(tmp_path / name)) and message in str(error.value)


def test_aliases_count_as_keywords(tmp_path):
    (tmp_path / "topics.yml").write_text(
        "- {name: 芯片, slug: x, description: d, keywords: [芯片], aliases: [IC], min_hits: 2}\n",
        encoding="utf-8")
    (topic,) = load_topics(tmp_path)
    assert topic.keywords == ("芯片", "IC") and topic.folded_keywords == {"芯片", "ic"}
    assert topic.min_hits == 2
