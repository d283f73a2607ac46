"""A build in a terminal (progress bar shown) parses and renders in several processes, as a
piped build does: the bar starts no thread that would make forking unsafe."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import shutil
import struct
import subprocess
import sys
import termios

from benchmarks.synthetic import write_archive
from tests.site_helpers import copy_project, mkdocs_env


def run_in_terminal(args: list[str], cwd, env) -> tuple[int, str]:
    """Run a command with a pseudo-terminal as stdin, stdout and stderr; its exit status and
    everything it wrote."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))  # 100 columns
    process = subprocess.Popen(args, cwd=cwd, env=env, stdin=slave, stdout=slave, stderr=slave)
    os.close(slave)
    output = bytearray()
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal closed: the command (and what it started) is done
            break
        if not chunk:
            break
        output += chunk
    os.close(master)
    return process.wait(timeout=300), output.decode("utf-8", "replace")


def test_a_build_in_a_terminal_uses_several_processes(tmp_path):
    project = copy_project(tmp_path / "project")
    shutil.rmtree(project / "content" / "issues")
    write_archive(project / "content" / "issues", 9)  # 9 issues, ~300 article pages
    env = {**mkdocs_env(), "QIKAN_WORKERS": "2", "TERM": "xterm"}
    env.pop("CI", None)  # a person watching: the progress bar is shown
    code, output = run_in_terminal([sys.executable, "-m", "mkdocs", "build", "--site-dir",
                                    str(tmp_path / "site")], project, env)
    assert code == 0, output
    assert "parsing issues" in output  # the bar was there
    assert re.search(r"9 issues \(9 parsed in 2 processes", output), output
    assert re.search(r"\d{3} pages rendered in 2 processes", output), output
