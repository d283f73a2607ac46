"""Writing the generated tree: only changed bytes, stale pages removed, never outside."""

from __future__ import annotations

import pytest

from builder.errors import QikanError
from builder.write.output import write_tree


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


@pytest.mark.parametrize("bad", ["../escape.md", "/etc/passwd", "a/../../b.md", "..\\b.md"])
def test_refuses_paths_outside(tmp_path, bad):
    with pytest.raises(QikanError, match="outside the output folder"):
        write_tree(tmp_path / "out", {bad: "x"})
    assert not (tmp_path / "escape.md").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # nothing left aside either


def test_refuses_a_folder_it_did_not_write(tmp_path):
    (tmp_path / "project" / "content").mkdir(parents=True)
    with pytest.raises(QikanError, match="not a folder this builder wrote"):
        write_tree(tmp_path / "project", {"index.md": "x"})
    assert (tmp_path / "project" / "content").is_dir()


def test_a_failure_half_way_leaves_the_previous_tree(tmp_path, monkeypatch):
    out = tmp_path / "pages"
    write_tree(out, {"a.md": "A", "b.md": "B"})
    original = type(out).write_bytes
    calls = []

    def failing(self, data):
        calls.append(self)
        if len(calls) == 2:
            raise OSError("disk full")
        return original(self, data)

    monkeypatch.setattr(type(out), "write_bytes", failing)
    with pytest.raises(OSError):
        write_tree(out, {"a.md": "A2", "b.md": "B2", "c.md": "C"})
    monkeypatch.undo()
    assert (out / "a.md").read_text() == "A" and (out / "b.md").read_text() == "B"
    assert not (out / "c.md").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["pages"]
