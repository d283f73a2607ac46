"""Golden pages: one generated page of every kind, as Markdown a reviewer can read, from the
sample archive. A change to what the builder writes shows here as a diff.

After an intended change: `QIKAN_UPDATE_GOLDEN=1 pytest tests/write/test_golden.py`, then
read the diff of tests/write/golden/ before committing it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from builder.pipeline import build
from builder.settings import Masthead, Settings
from tests.conftest import ISSUES

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    settings = Settings(content=ISSUES, masthead=Masthead("行业信息监测与市场分析·信息产业篇",
                                                          "月度行业监测简报"))
    return dict(build(settings).pages)


def _smallest(pages: dict[str, str], pattern: str, minimum: int = 1) -> str:
    """The shortest page whose path matches `pattern` and that lists at least `minimum`
    articles (front matter `articles:`), so that the golden file stays readable."""
    def count(text: str) -> int:
        found = re.search(r"^articles: (\d+)$", text, re.M)
        return int(found.group(1)) if found else minimum
    matching = [p for p in pages if re.fullmatch(pattern, p) and count(pages[p]) >= minimum]
    return min(matching, key=lambda p: (len(pages[p]), p))


def chosen(pages: dict[str, str]) -> dict[str, str]:
    """Kind → page path."""
    articles = [p for p in pages if re.fullmatch(r"issues/[^/]+/(?!index)[^/]+\.md", p)]
    featured = [p for p in articles if re.search(r"^## (?!相关文章)", pages[p], re.M)
                and "{ .qk-tags }" in pages[p] and "{ #related }" in pages[p]]
    return {
        "home": "index.md",
        "issue": min((p for p in pages if re.fullmatch(r"issues/[^/]+/index\.md", p)),
                     key=lambda p: (len(pages[p]), p)),
        "column": _smallest(pages, r"sections/(?!index)[^/]+\.md"),
        "article": min(featured, key=lambda p: (len(pages[p]), p)),
        "tag": _smallest(pages, r"tags/(?!index)[^/]+\.md", minimum=2),
        "topic": _smallest(pages, r"topics/(?!index)[^/]+\.md", minimum=2),
    }


@pytest.mark.parametrize("kind", ["home", "issue", "column", "article", "tag", "topic"])
def test_golden_page(pages, kind):
    path = chosen(pages)[kind]
    golden = GOLDEN / f"{kind}.md"
    text = f"<!-- {path} -->\n" + pages[path]
    if os.environ.get("QIKAN_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"no {golden}: run with QIKAN_UPDATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8"), f"{path} differs from {golden}"
