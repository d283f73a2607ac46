"""Progress bars: shown in a terminal, quiet in CI and when output is not a terminal."""

from __future__ import annotations

import io
import sys

from builder.progress import interactive, progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_quiet_when_not_a_terminal(monkeypatch):
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    monkeypatch.delenv("CI", raising=False)
    assert list(progress([1, 2, 3], "parsing")) == [1, 2, 3]
    assert sys.stderr.getvalue() == ""


def test_quiet_in_ci_even_in_a_terminal(monkeypatch):
    monkeypatch.setattr(sys, "stderr", Terminal())
    monkeypatch.setenv("CI", "true")
    assert not interactive()
    assert list(progress([1, 2], "parsing")) == [1, 2]
    assert sys.stderr.getvalue() == ""


def test_bar_in_a_terminal(monkeypatch):
    monkeypatch.setattr(sys, "stderr", Terminal())
    monkeypatch.delenv("CI", raising=False)
    assert list(progress(range(3), "parsing issues", total=3)) == [0, 1, 2]
    assert "parsing issues" in sys.stderr.getvalue() and "/3" in sys.stderr.getvalue()
