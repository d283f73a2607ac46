"""Internals are used only with the version they were written for, and can be left out."""

from __future__ import annotations

import logging

import pytest

from builder.render.mkdocs import internals


@pytest.fixture(autouse=True)
def fresh():
    internals.allowed.cache_clear()
    yield
    internals.allowed.cache_clear()


def test_every_internal_is_allowed_with_the_pinned_versions(monkeypatch):
    monkeypatch.delenv(internals.WITHOUT, raising=False)
    assert internals.engine() == "mkdocs"
    for name in internals.INTERNALS:
        assert internals.allowed(name), name


def test_another_version_leaves_it_out_and_says_so(monkeypatch, caplog):
    monkeypatch.delenv(internals.WITHOUT, raising=False)
    monkeypatch.setitem(internals.WRITTEN_FOR, "markdown", "0.0.1")
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.qikan"):
        assert not internals.allowed("skip-absent")
    assert internals.allowed("parallel-templates")
    assert any("is not 0.0.1" in r.getMessage() for r in caplog.records)


def test_left_out_by_the_environment(monkeypatch):
    monkeypatch.setenv(internals.WITHOUT, "skip-absent, other")
    assert not internals.allowed("skip-absent") and internals.allowed("parallel-templates")


def test_under_properdocs_its_own_version_is_checked():
    """ProperDocs answers imports of `mkdocs` with its own modules (as `properdocs build`
    sets up); the internals then check ProperDocs' version, and allow it."""
    import subprocess
    import sys

    code = ("import properdocs.replacement, mkdocs.commands.build; "
            "from builder.render.mkdocs import internals; "
            "print(internals.engine(), internals.allowed('parallel-templates'))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split() == ["properdocs", "True"], result.stderr
