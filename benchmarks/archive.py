"""Archive scale: build a synthetic archive of N monthly issues and report the figures.

    python benchmarks/archive.py --issues 120 [--repeat 3] [--keep DIR]

Prints one JSON object: issues, article pages, builder seconds, MkDocs seconds, total,
peak memory (of the build with its render workers and Pagefind; see `run`), site MB, the
search payload a reader downloads before the first result (raw and gzip), no-change
rebuild seconds, one-new-issue rebuild seconds (and how many issues that rebuild parsed),
and `vs_plain_material`: our total divided by the time plain Material (small nav,
`lang: zh` search with jieba, no qikan plugin) takes to build the same generated Markdown,
measured in the same run; and `vs_hugo_pagefind`: our total divided by the builder-free
peer a user might pick instead — the same generated Markdown rendered by Hugo (Debian's
`hugo`, one minimal template) and indexed by Pagefind (its extended, Chinese-segmenting
build); left out, saying so, where Hugo is missing. With `--repeat N` the cold build, plain
Material's and the peer's are each run N times, alternately, and the medians are reported
(with every run's figures): on a shared 2-core machine one pair of builds can be off by a
second or more; the rebuild with nothing changed and the one with the month's new issue
(another generated issue each time, taken out again after) are run N times too.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from importlib.util import find_spec
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import month, write_archive  # noqa: E402
from tests.site_helpers import copy_project  # noqa: E402

RUN_WITH_RSS = ("import resource, runpy, sys\n"
                "sys.argv = sys.argv[1:]\n"
                "try:\n    runpy.run_module(sys.argv[0], run_name='__main__', alter_sys=True)\n"
                "finally:\n    print('peak_rss_kb', resource.getrusage(resource.RUSAGE_SELF)"
                ".ru_maxrss, file=sys.stderr)\n")
PLAIN_CONFIG = """site_name: plain
docs_dir: docs
theme:
  name: material
  language: zh
  custom_dir: {overrides}
plugins:
  - search:
      lang: zh
      separator: '[\\\\s\\\\u200b\\\\-]'
markdown_extensions: [attr_list, md_in_html, tables, toc]
nav:
  - 首页: index.md
  - 期刊: issues/index.md
  - 栏目: sections/index.md
validation:
  nav:
    omitted_files: ignore
  links:
    not_found: ignore
"""


HUGO_CONFIG = """baseURL = "http://localhost/"
title = "hugo peer"
disableKinds = ["taxonomy", "term", "RSS", "sitemap"]
[markup.goldmark.renderer]
  unsafe = true
"""
HUGO_PAGE = """<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><nav><a href="/">首页</a></nav><main data-pagefind-body><h1>{{ .Title }}</h1>
{{ .Content }}</main></body></html>
"""


def hugo_project(base: Path, docs: Path) -> Path | None:
    """The generated Markdown as a Hugo site with a minimal layout (one template for every
    page); None where Hugo is not installed. Folder pages (`x/index.md`) become `_index.md`
    (in Hugo an `index.md` would turn its folder's articles into resources, not pages)."""
    if shutil.which("hugo") is None:
        return None
    site = base / "hugo"
    shutil.copytree(docs, site / "content", ignore=shutil.ignore_patterns(".qikan-pages.json"))
    for index in (site / "content").rglob("index.md"):
        index.rename(index.with_name("_index.md"))
    for name in ("single", "list"):
        layout = site / "layouts" / "_default" / f"{name}.html"
        layout.parent.mkdir(parents=True, exist_ok=True)
        layout.write_text(HUGO_PAGE, encoding="utf-8")
    (site / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    return site


def hugo_pagefind_build(site: Path) -> tuple[float, float, int]:
    """Seconds of Hugo's build and of Pagefind's index (Chinese: its extended build), and the
    peak memory (kB) of the two."""
    shutil.rmtree(site / "public", ignore_errors=True)
    start = time.perf_counter()
    hugo = subprocess.run(["/usr/bin/time", "-f", "%M", "hugo", "--quiet", "-s", str(site)],
                          capture_output=True, text=True, check=True)
    middle = time.perf_counter()
    pagefind = subprocess.run(["/usr/bin/time", "-f", "%M", sys.executable, "-m", "pagefind",
                               "--site", str(site / "public")], capture_output=True, text=True,
                              check=True)
    end = time.perf_counter()
    peak = max(int(hugo.stderr.split()[-1]), int(pagefind.stderr.split()[-1]))
    return middle - start, end - middle, peak


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for t in os.listdir(f"/proc/{pid}/task")
                for c in Path(f"/proc/{pid}/task/{t}/children").read_text().split()]
    except OSError:
        return []


def tree_pss_kb(pid: int) -> int:
    """Proportional set size of a process and all its descendants (forked workers share
    pages: PSS counts each shared page once across them), in kB; 0 where unreadable."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo += _children(current)
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            total += int(re.search(r"^Pss:\s+(\d+)", rollup, re.M).group(1))
        except (OSError, AttributeError):
            pass
    return total


def run(args: list[str], cwd: Path, module: str = "mkdocs") -> tuple[float, int, str]:
    """Seconds, peak memory (kB) and stderr of `python -m MODULE ARGS`. The memory is the
    largest of: the process's peak RSS, and the sampled total (PSS, every 0.5 s: reading a large
    process's page tables costs CPU, which would slow the build it measures) of the
    process with everything it started (render workers, Pagefind). What earlier builds
    wrote is flushed to disk before the clock starts (after three cold builds — ~3 GB
    written — the rebuilds timed next were slower than the same rebuilds later: one new
    issue 9.3 and 9.9 s in two runs without the flush, 8.2 s with it, 7.0 s on the kept
    project on its own; the kernel's write-back is one likely part of that)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(cwd))
    os.sync()  # the last build's writes flushed first: a build is timed, not the disk
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", RUN_WITH_RSS, module, *args], cwd=cwd,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=env)
    peak_tree, done = [0], threading.Event()

    def sample() -> None:
        while not done.wait(0.5):
            peak_tree[0] = max(peak_tree[0], tree_pss_kb(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{module} {' '.join(args)} failed:\n{stderr[-3000:]}")
    rss = int(re.search(r"peak_rss_kb (\d+)", stderr).group(1))
    return seconds, max(rss, peak_tree[0]), stderr


def builder_seconds(log: str) -> float:
    return float(re.search(r"builder ([\d.]+) s", log).group(1))


def parsed_count(log: str) -> int:
    return int(re.search(r"\((\d+) parsed", log).group(1))


def folder_mb(folder: Path) -> float:
    return round(sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6, 1)


def search_payload(site: Path) -> dict:
    """The search index: all of it on disk, and the article list every search loads first
    (raw and gzip); the rest is loaded per query (benchmarks/search_latency.py)."""
    docs = site / "search" / "qikan" / "docs.js"
    raw = docs.read_bytes() if docs.is_file() else b""
    return {"search_index_total_mb": folder_mb(site / "search"),
            "search_docs_raw_mb": round(len(raw) / 1e6, 2),
            "search_docs_gzip_mb": round(len(gzip.compress(raw, 6)) / 1e6, 2)}


def make_project(base: Path, issues: int) -> Path:
    """A copy of the project whose content is a synthetic archive of `issues` issues."""
    project = copy_project(base / "project")
    shutil.rmtree(project / "content" / "issues")
    write_archive(project / "content" / "issues", issues)
    return project


def plain_docs(base: Path, project: Path) -> Path:
    """The generated Markdown of the project's archive, with plain Material's config."""
    plain = base / "plain"
    plain.mkdir()
    subprocess.run([sys.executable, "-m", "builder", "build", "--out", str(plain / "docs"),
                    "--content", str(project / "content" / "issues"), "--site-data",
                    str(project / "site_data"), "--config", str(project / "mkdocs.yml")],
                   cwd=project, check=True, capture_output=True, env=dict(os.environ,
                                                                          PYTHONPATH=str(project)))
    config = PLAIN_CONFIG.replace("{overrides}", str(project / "overrides"))
    (plain / "mkdocs.yml").write_text(config, encoding="utf-8")
    return plain


def plain_and_peer(base: Path, project: Path, peer: bool) -> tuple[Path, Path | None]:
    plain = plain_docs(base, project)
    missing = [what for what, found in (
        ("hugo (Debian: apt install hugo)", shutil.which("hugo")),
        ('pagefind (pip install "pagefind[extended]==1.5.2")', find_spec("pagefind")))
        if not found]
    if peer and missing:
        print(f"{' and '.join(missing)} not installed: the Hugo + Pagefind peer is left out",
              file=sys.stderr)
    return plain, hugo_project(base, plain / "docs") if peer and not missing else None


def cold_build(project: Path) -> tuple[float, int, str]:
    """Our build with no cache and no previous site."""
    shutil.rmtree(project / ".cache", ignore_errors=True)
    shutil.rmtree(project / "site", ignore_errors=True)
    return run(["build"], project)


def plain_build(plain: Path) -> tuple[float, int]:
    shutil.rmtree(plain / "site", ignore_errors=True)
    seconds, rss, _ = run(["build", "--quiet"], plain)
    return seconds, rss


def median_run(runs: list[tuple[float, int, str]]) -> tuple[float, int, str]:
    """The run with the median time (the lower middle one of an even number, as
    `statistics.median_low` for plain Material)."""
    return sorted(runs, key=lambda r: r[0])[(len(runs) - 1) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description="Build a synthetic archive and report figures.")
    parser.add_argument("--issues", type=int, default=120)
    parser.add_argument("--repeat", type=int, default=1,
                        help="cold builds (ours and plain Material's, alternately); medians")
    parser.add_argument("--keep", type=Path, help="keep the generated project here")
    parser.add_argument("--no-plain", action="store_true",
                        help="skip the plain Material build (and the Hugo + Pagefind peer)")
    parser.add_argument("--no-hugo", action="store_true", help="skip the Hugo + Pagefind peer")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="qikan-archive-"))
    try:
        project = make_project(base, args.issues)
        plain, hugo = (None, None) if args.no_plain else plain_and_peer(base, project,
                                                                         not args.no_hugo)
        ours, theirs, peers = [], [], []
        for _ in range(max(args.repeat, 1)):  # alternately: the machine's noise hits all
            ours.append(cold_build(project))
            if plain is not None:
                theirs.append(plain_build(plain))
            if hugo is not None:
                peers.append(hugo_pagefind_build(hugo))
        total, rss, log = median_run(ours)
        pages = len(list((project / "site" / "issues").glob("*/*/index.html")))
        builder = builder_seconds(log)
        repeat = max(args.repeat, 1)
        agains = [run(["build"], project) for _ in range(repeat)]
        again, rss2, log2 = median_run(agains)
        news = []
        for n in range(repeat):  # the month's new issue (another each time) added, built,
            added = write_archive(project / "content" / "issues", 1, seed=1000 + n,  # taken
                                  first=month(2012, 1, args.issues))[-1]  # out again
            news.append(run(["build"], project))
            if n + 1 < repeat:
                added.unlink()
                added.with_suffix(".yml").unlink()
                run(["build"], project)
        more, rss3, log3 = median_run(news)
        peak = max([r[1] for r in ours] + [rss2, rss3])
        report = {
            "issues": args.issues, "article_pages": pages,
            "builder_seconds": round(builder, 2), "mkdocs_seconds": round(total - builder, 2),
            "total_seconds": round(total, 2), "peak_memory_mb": round(peak / 1024),
            "site_mb": folder_mb(project / "site"), **search_payload(project / "site"),
            "no_change_rebuild_builder_seconds": builder_seconds(log2),
            "no_change_rebuild_total_seconds": round(again, 2),
            "one_new_issue_rebuild_builder_seconds": builder_seconds(log3),
            "one_new_issue_rebuild_total_seconds": round(more, 2),
            "one_new_issue_parsed": parsed_count(log3),
            "no_change_rebuild_runs": [round(r[0], 2) for r in agains],
            "one_new_issue_rebuild_runs": [round(r[0], 2) for r in news],
        }
        if theirs:
            plain_seconds = statistics.median_low(t[0] for t in theirs)
            report.update(plain_material_seconds=round(plain_seconds, 2),
                          plain_material_peak_memory_mb=round(max(t[1] for t in theirs) / 1024),
                          vs_plain_material=round(total / plain_seconds, 3))
        if peers:
            peer = statistics.median_low(h + p for h, p, _ in peers)
            report.update(hugo_pagefind_seconds=round(peer, 2),
                          hugo_seconds=round(statistics.median_low(h for h, _, _ in peers), 2),
                          pagefind_seconds=round(statistics.median_low(p for _, p, _ in peers), 2),
                          hugo_pagefind_peak_memory_mb=round(max(m for *_, m in peers) / 1024),
                          vs_hugo_pagefind=round(total / peer, 3))
        if len(ours) > 1:
            report["runs"] = [{"total_seconds": round(o[0], 2), "builder_seconds":
                               builder_seconds(o[2]), **({"plain_material_seconds":
                                                          round(t[0], 2), "ratio":
                                                          round(o[0] / t[0], 3)} if t else {})}
                              for o, t in zip(ours, theirs or [None] * len(ours), strict=True)]
        print(json.dumps(report))
        if args.keep:
            shutil.copytree(project, args.keep, dirs_exist_ok=True)
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
