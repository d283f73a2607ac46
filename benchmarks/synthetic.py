"""A synthetic archive of N monthly issues made from the sample articles.

Each issue is a Markdown-style export with a contents block, 28–37 of the sample
articles shuffled into their columns, re-dated (sidecar `date:`) across N
consecutive months, so that tags and topics span the whole range.
"""

from __future__ import annotations

import random
from pathlib import Path

from builder.model import Article
from builder.parse.archive import load_archive

ROOT = Path(__file__).resolve().parent.parent


def sample_articles() -> list[tuple[str, Article]]:
    """(column name, article) for every article of the sample archive."""
    archive = load_archive(ROOT / "content" / "issues", ROOT / "site_data")
    return [(s.name, a) for issue in archive.issues for s in issue.sections for a in s.articles]


def _body(article: Article) -> list[str]:
    lines = []
    for block in article.blocks:
        lines += [f"#### {block.text}" if block.kind == "subheading" else block.text, ""]
    return lines


def issue_export(articles: list[tuple[str, Article]], columns: list[str]) -> str:
    """One issue as a Markdown-style export: cover, contents block, columns, articles."""
    ordered = sorted(articles, key=lambda ca: columns.index(ca[0]))
    lines = ["# 行业信息监测与市场分析", "", "## 信息产业篇", "", "目录", ""]
    page, column = 3, None
    for name, article in ordered:
        if name != column:
            lines.append(f"**{name}** ..... {page}")
            column = name
        lines.append(f"- {article.title} ..... {page}")
        page += 2
    lines.append("")
    column = None
    for name, article in ordered:
        if name != column:
            lines += [f"## {name}", ""]
            column = name
        lines += [f"### {article.title}", ""]
        if article.subtitle:
            lines += [f"### {article.subtitle}", ""]
        lines += _body(article)
    return "\n".join(lines) + "\n"


def month(start_year: int, start_month: int, offset: int) -> tuple[int, int]:
    index = start_year * 12 + start_month - 1 + offset
    return index // 12, index % 12 + 1


def write_archive(folder: Path, issues: int, seed: int = 0, first: tuple[int, int] = (2012, 1),
                  columns: list[str] | None = None) -> list[Path]:
    """Write `issues` synthetic issues (and their sidecars) into `folder`."""
    columns = columns or ["产业环境", "运营竞争", "技术情报", "企业情报", "海外借鉴"]
    pool = sample_articles()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(issues):
        rng = random.Random(seed * 100003 + n)
        chosen = rng.sample(pool, rng.randint(28, 37))
        year, mon = month(*first, n)
        path = folder / f"issue-{year:04d}-{mon:02d}.md"
        path.write_text(issue_export(chosen, columns), encoding="utf-8")
        path.with_suffix(".yml").write_text(f"date: {year:04d}-{mon:02d}-15\n", encoding="utf-8")
        paths.append(path)
    return paths
