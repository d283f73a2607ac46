"""Search records: every article as its built file, title and segmented words."""

from __future__ import annotations

import re

from builder.enrich.enrichment import token_cache
from builder.search.records import search_records


def test_every_article_once_with_its_built_file(archive, tmp_path):
    tokens = token_cache(cache_path=tmp_path / "tokens.json")
    records = search_records(archive, tokens)
    assert len(records) == archive.article_count
    dests = [r[0] for r in records]
    assert len(set(dests)) == len(dests)
    assert all(re.fullmatch(r"issues/\d{4}-\d{2}/[a-z0-9-]+/index\.html", d) for d in dests)
    flat = search_records(archive, tokens, directory_urls=False)
    assert all(d.endswith(".html") and not d.endswith("/index.html") for d, *_ in flat)


def test_words_keep_the_text_in_order(archive, tmp_path):
    tokens = token_cache(cache_path=tmp_path / "tokens.json")
    article = archive.issues[0].articles[0]
    dest, title, title_words, words = search_records(archive, tokens)[0]
    assert title == article.title
    assert title_words.replace(" ", "") == re.sub(r"\s", "", article.title)
    first = article.blocks[0].text
    assert re.sub(r"\s", "", first) in words.replace(" ", "")
    assert " " in words
