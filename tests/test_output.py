"""Writing the generated tree: only changed bytes, stale pages removed, never outside."""

from __future__ import annotations

import pytest

from builder.errors import QikanError
from builder.output import write_tree


def test_rewrites_only_changes_and_removes_stale(tmp_path):
    out = tmp_path / "pages"
    assert write_tree(out, {"a.md": "A", "b/c.md": "C"}) == {"written": 2, "unchanged": 0,
                                                             "removed": 0}
    mtime = (out / "a.md").stat().st_mtime_ns
    (out / "mine.txt").write_text("not generated")
    assert write_tree(out, {"a.md": "A"}) == {"written": 0, "unchanged": 1, "removed": 1}
    assert (out / "a.md").stat().st_mtime_ns == mtime
    assert not (out / "b" / "c.md").exists()
    assert (out / "mine.txt").read_text() == "not generated"


@pytest.mark.parametrize("bad", ["../escape.md", "/etc/passwd", "a/../../b.md"])
def test_refuses_paths_outside(tmp_path, bad):
    with pytest.raises(QikanError, match="outside the output folder"):
        write_tree(tmp_path / "out", {bad: "x"})
    assert not (tmp_path / "escape.md").exists()
