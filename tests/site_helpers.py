"""Helpers for end-to-end tests: a copy of the project to change, MkDocs runs, HTML reading."""

from __future__ import annotations

import html
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

from tests.conftest import ROOT

PROJECT_PARTS = ("mkdocs.yml", "builder", "overrides", "site_data", "content", "Makefile",
                 "pyproject.toml", "requirements.txt", "requirements-test.txt")


def copy_project(dest: Path) -> Path:
    """The parts of the project MkDocs needs, copied so a test may change them."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, dest / part)
    return dest


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, seconds: float, step: float = 0.3):
    """The first true value of `predicate()` within `seconds` (OSError counts as not yet),
    or None."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if value := predicate():
                return value
        except OSError:
            pass
        time.sleep(step)
    return None


def mkdocs_env() -> dict[str, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("PYTHONPATH", None)
    return env


RENDERERS = ("mkdocs", "properdocs")
"""The MkDocs family the site is built and checked with: the same plugin and theme."""


def renderer_command(renderer: str, command: str, *args: str) -> list[str]:
    """`mkdocs COMMAND ARGS` (or ProperDocs', told to read mkdocs.yml) with this interpreter."""
    config = ["-f", "mkdocs.yml"] if renderer == "properdocs" else []
    return [sys.executable, "-m", renderer, command, *config, *args]


def mkdocs(project: Path, *args: str, timeout: int = 300, renderer: str = "mkdocs",
           **env: str) -> subprocess.CompletedProcess:
    """Run `mkdocs ARGS` (or ProperDocs') in a project folder with this interpreter."""
    return subprocess.run(renderer_command(renderer, *args), cwd=project, capture_output=True,
                          text=True, timeout=timeout, env={**mkdocs_env(), **env})


class PageReader(HTMLParser):
    """Collects a page's <h1> text, link targets and visible text of the main content."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.h1: list[str] = []
        self.links: list[tuple[str, str]] = []
        self._in_h1 = False
        self._href: str | None = None
        self._link_text = ""

    def handle_starttag(self, tag, attrs):
        if tag == "h1":
            self._in_h1 = True
            self.h1.append("")
        if tag == "a":
            self._href = dict(attrs).get("href") or ""
            self._link_text = ""

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False
        if tag == "a" and self._href is not None:
            self.links.append((self._href, self._link_text.strip()))
            self._href = None

    def handle_data(self, data):
        if self._in_h1:
            self.h1[-1] += data
        if self._href is not None:
            self._link_text += data


def read_page(path: Path) -> PageReader:
    reader = PageReader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.h1 = [html.unescape(h).strip().rstrip("¶").strip() for h in reader.h1]
    return reader
