"""User-facing errors: one line naming the file (and line), and picklable for workers."""

from __future__ import annotations

import pickle

from builder.errors import ParseError, QikanError, SidecarError


def test_errors_survive_worker_processes():
    error = ParseError("x.txt", "no article found", 3)
    copy = pickle.loads(pickle.dumps(error))
    assert isinstance(copy, QikanError) and str(copy) == "x.txt:3: no article found"


def test_one_line_naming_the_file_and_line():
    assert str(QikanError("a/b.txt", "no date found")) == "a/b.txt: no date found"
    error = SidecarError("a/b.yml", "unknown key 'colour'", 7)
    assert str(error) == "a/b.yml:7: unknown key 'colour'" and "\n" not in str(error)
    assert isinstance(error, QikanError)
