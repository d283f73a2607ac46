"""The editors' report: each problem with its file (relative to the project) and line."""

from __future__ import annotations

from builder.errors import QikanError
from builder.write.pages import editors_page


def test_problems_with_project_relative_paths_only(tmp_path):
    inside = tmp_path / "content" / "issues" / "2021-11.yml"
    errors = [QikanError(str(inside), "unknown key 'colour'", 7),
              QikanError("/srv/secret/place/other.txt", "file is empty")]
    page = editors_page(errors, tmp_path)
    assert "本次构建有 2 个问题" in page
    assert "- content/issues/2021-11.yml，第 7 行：unknown key 'colour'" in page
    assert "- other.txt：file is empty" in page
    assert str(tmp_path) not in page and "/srv/secret" not in page


def test_no_problems():
    assert "本次构建没有发现问题" in editors_page([])
