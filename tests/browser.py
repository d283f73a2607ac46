"""Headless Chromium for tests: Debian's browser driven by Playwright, or a printed skip."""

from __future__ import annotations

import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]


def launch(playwright):
    """A headless Chromium, or a skip that says why there is none."""
    if not shutil.which("chromium"):
        pytest.skip("no Chromium installed (apt-get install chromium; .ci/run does this)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
