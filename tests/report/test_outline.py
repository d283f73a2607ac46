"""The outline: the readable tree and the JSON other tools rely on (in-process)."""

from __future__ import annotations

import json

from builder.report.outline import outline_json, outline_tree


def test_json_keeps_every_article_with_its_body(nov, dec):
    data = json.loads(outline_json([nov, dec]))
    assert [i["id"] for i in data["issues"]] == [nov.id, dec.id]
    for issue, parsed in zip(data["issues"], (nov, dec), strict=True):
        articles = [a for s in issue["sections"] for a in s["articles"]]
        assert [a["title"] for a in articles] == [a.title for a in parsed.articles]
        assert all(a["body"] for a in articles)
        assert issue["date_inferred"] == parsed.date_inferred


def test_tree_shows_columns_articles_pages_and_furniture(nov):
    tree = outline_tree(nov)
    lines = tree.splitlines()
    assert lines[0].startswith(f"{nov.id}  {nov.title}")
    for section in nov.sections:
        assert f"  {section.name} ({len(section.articles)})" in lines
    assert any(line.strip().startswith("p.") for line in lines)
    assert any(line.startswith("  dropped contents:") for line in lines)
