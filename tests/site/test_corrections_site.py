"""Corrections in a sidecar reach the built site (the other correction tests check the
model in-process)."""

from __future__ import annotations

import pytest

from tests.expected_samples import DEC_2020_FILE
from tests.site_helpers import copy_project, mkdocs, read_page

SIDECAR = """\
id: 2020-12-special
articles:
  工业和信息化部召开电信服务质量专题座谈会:
    title: 工信部召开电信服务质量座谈会
  第四届进博会首设集成电路专区:
    column: 技术情报
"""


@pytest.fixture(scope="module")
def corrected(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("corrected") / "project")
    issues = project / "content" / "issues"
    (issues / DEC_2020_FILE).with_suffix(".yml").write_text(SIDECAR, encoding="utf-8")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_renamed_and_moved_articles_in_the_built_site(corrected):
    issue = corrected / "issues" / "2020-12-special"
    assert issue.is_dir() and not (corrected / "issues" / "2020-12").exists()
    titles = {read_page(p).h1[0] for p in issue.glob("*/index.html")}
    assert "工信部召开电信服务质量座谈会" in titles
    assert "工业和信息化部召开电信服务质量专题座谈会" not in titles
    html = (issue / "index.html").read_text(encoding="utf-8")
    tech = html[html.index('id="ji-shu-qing-bao"'):html.index('id="qi-ye-qing-bao"')]
    assert "第四届进博会首设集成电路专区" in tech
    column = corrected / "sections" / "ji-shu-qing-bao" / "index.html"
    assert "第四届进博会首设集成电路专区" in column.read_text(encoding="utf-8")
