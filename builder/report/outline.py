"""The `outline` view of parsed issues: a readable tree, or the JSON other tools rely on."""

from __future__ import annotations

import json
from dataclasses import asdict

from builder.model import Article, Issue, Section
from builder.write.markdown import render_body


def article_json(article: Article) -> dict:
    """One article in the outline JSON shape."""
    return {
        "title": article.title,
        "subtitle": article.subtitle,
        "slug": article.slug,
        "page": article.page,
        "subheadings": list(article.subheadings),
        "body": render_body(article.blocks),  # figures as their captions
    }


def section_json(section: Section) -> dict:
    """One column in the outline JSON shape."""
    return {"name": section.name, "slug": section.slug,
            "articles": [article_json(a) for a in section.articles]}


def issue_json(issue: Issue) -> dict:
    """One issue in the outline JSON shape."""
    return {
        "source": issue.source,
        "id": issue.id,
        "date": str(issue.date),
        "date_inferred": issue.date_inferred,
        "title": issue.title,
        "sections": [section_json(s) for s in issue.sections],
        "dropped": [asdict(d) | {"lines": list(d.lines)} for d in issue.dropped],
        "warnings": list(issue.warnings),
    }


def outline_json(issues: list[Issue]) -> str:
    """`{"issues": [...]}` as pretty-printed JSON with Chinese left readable."""
    return json.dumps({"issues": [issue_json(i) for i in issues]}, ensure_ascii=False, indent=2)


def outline_tree(issue: Issue) -> str:
    """A readable tree: issue, columns, articles with page numbers, dropped noise, warnings."""
    inferred = " (inferred)" if issue.date_inferred else ""
    lines = [f"{issue.id}  {issue.title}  date {issue.date}{inferred}  ← {issue.source}"]
    for section in issue.sections:
        lines.append(f"  {section.name} ({len(section.articles)})")
        for article in section.articles:
            page = f"p.{article.page:<3} " if article.page is not None else ""
            lines.append(f"    {page}{article.title}")
            if article.subtitle:
                lines.append(f"          {article.subtitle}")
            lines.extend(f"        · {sub}" for sub in article.subheadings)
    for dropped in issue.dropped:
        lines.append(f"  dropped {dropped.kind}: {dropped.count} line(s), e.g. “{dropped.sample}”")
    lines.extend(f"  warning: {w}" for w in issue.warnings)
    return "\n".join(lines)
