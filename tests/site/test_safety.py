"""Safe, deterministic output: content/ untouched, failed builds keep the old site, same bytes."""

from __future__ import annotations

import filecmp
import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from tests.site_helpers import copy_project, mkdocs, mkdocs_env


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    return {p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(),
                                               p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def builder_build(project: Path, out: Path, seed: str = "0") -> subprocess.CompletedProcess:
    env = {**mkdocs_env(), "PYTHONPATH": str(project), "PYTHONHASHSEED": seed}
    return subprocess.run([sys.executable, "-m", "builder", "build", "--out", str(out)],
                          cwd=project, capture_output=True, text=True, env=env, timeout=300)


def make_site(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "-s", "site", f"VENV={Path(sys.executable).parent.parent}"],
                          cwd=project, capture_output=True, text=True, timeout=300,
                          env=mkdocs_env())


def test_builds_never_touch_content(tmp_path):
    project = copy_project(tmp_path / "project")
    before = snapshot(project / "content")
    assert builder_build(project, tmp_path / "pages").returncode == 0
    assert mkdocs(project, "build").returncode == 0
    assert snapshot(project / "content") == before


def test_generated_markdown_is_byte_identical_across_builds(tmp_path):
    first = builder_build(ROOT, tmp_path / "a", seed="1")
    second = builder_build(ROOT, tmp_path / "b", seed="2")
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    comparison = filecmp.dircmp(tmp_path / "a", tmp_path / "b")
    files = [p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.md")]
    assert len(files) > 65
    for relative in files:
        assert (tmp_path / "a" / relative).read_bytes() == (tmp_path / "b" / relative).read_bytes()
    assert not comparison.left_only and not comparison.right_only


def test_sites_differ_only_in_build_timestamps(tmp_path):
    """Two builds, with different hash seeds, one rendering every page in the main
    process and one in parallel workers (parallel_render): the same bytes."""
    sites = []
    for n, workers in ((1, "1"), (2, "2")):
        out = tmp_path / f"site{n}"
        env = {**mkdocs_env(), "PYTHONHASHSEED": str(n), "QIKAN_WORKERS": workers,
               "QIKAN_PARALLEL_FROM": "50",  # the sample has ~150 pages
               "QIKAN_WITHOUT": "incremental"}  # both render every page
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(out)],
                                cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)
        assert result.returncode == 0, result.stderr
        rendered = re.search(r"(\d+) pages rendered in (\d+) processes", result.stderr)
        assert (rendered is None) == (workers == "1"), result.stderr
        sites.append(out)
    stamp = re.compile(rb"<lastmod>[^<]*</lastmod>")
    names = sorted(p.relative_to(sites[0]) for p in sites[0].rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(sites[1]) for p in sites[1].rglob("*") if p.is_file())
    different = [n for n in names if n.suffix != ".gz" and
                 stamp.sub(b"", (sites[0] / n).read_bytes())
                 != stamp.sub(b"", (sites[1] / n).read_bytes())]
    assert different == []


def test_pages_converted_in_workers_are_the_main_processes_and_reused_next_time(tmp_path):
    """With the render cache in use, the pages outside the navigation are converted by the
    workers that build them: the site is the one a single process builds, and the next
    build reuses every one of them (their links' lookups came back from the workers)."""
    sites = {}
    for workers in ("1", "2"):
        project = copy_project(tmp_path / f"project{workers}")
        env = {**mkdocs_env(), "QIKAN_WORKERS": workers, "QIKAN_PARALLEL_FROM": "50"}
        for build in ("first", "again"):
            result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project,
                                    capture_output=True, text=True, env=env, timeout=300)
            assert result.returncode == 0, result.stderr
            rendered = re.search(r"(\d+) pages rendered in (\d+) process.*?(\d+) unchanged "
                                 r"reused", result.stderr)
            assert rendered, result.stderr
            if build == "first":
                assert rendered[2] == workers and int(rendered[3]) == 0, result.stderr
                total = int(rendered[1])
            else:
                assert int(rendered[1]) <= 6 and int(rendered[3]) == total - int(rendered[1])
        sites[workers] = _site_bytes(project / "site")
    assert sites["1"] == sites["2"] and len(sites["1"]) > 100


def test_a_failed_site_build_keeps_the_previous_site(tmp_path):
    project = copy_project(tmp_path / "project")
    first = make_site(project)
    assert first.returncode == 0, first.stderr
    before = snapshot(project / "site")
    (project / "site_data" / "topics.yml").write_text("- name: [broken\n", encoding="utf-8")
    second = make_site(project)
    assert second.returncode != 0
    assert "topics.yml" in second.stderr
    assert snapshot(project / "site") == before


def _site_bytes(site: Path) -> dict[str, bytes]:
    stamp = re.compile(rb"<lastmod>[^<]*</lastmod>")
    return {p.relative_to(site).as_posix(): stamp.sub(b"", p.read_bytes())
            for p in sorted(site.rglob("*")) if p.is_file() and p.suffix != ".gz"}


def test_an_incremental_build_with_a_new_issue_is_a_cold_builds_byte_for_byte(tmp_path):
    """The month's new issue added to a built site: the pages it does not touch are reused,
    and the site is the one a build that renders every page gives."""
    from benchmarks.synthetic import write_archive

    project = copy_project(tmp_path / "project")
    assert make_site(project).returncode == 0
    write_archive(project / "content" / "issues", 1, first=(2022, 1))  # issue-2022-01.md
    incremental = make_site(project)
    assert incremental.returncode == 0, incremental.stderr
    rendered = re.search(r"(\d+) pages rendered .*?(\d+) unchanged reused", incremental.stderr)
    assert rendered and int(rendered[2]) > 0, incremental.stderr  # pages were reused
    built = _site_bytes(project / "site")
    shutil.rmtree(project / ".cache" / "qikan" / "html")  # nothing to reuse: all rendered
    cold = make_site(project)
    assert cold.returncode == 0 and " 0 unchanged reused" in cold.stderr, cold.stderr
    assert _site_bytes(project / "site") == built
