"""What each private internal the MkDocs adapter uses buys: cold builds of a synthetic
archive with every internal, and with one left out (QIKAN_WITHOUT), alternately; for those
that pay on a rebuild (`parallel-markdown`), the rebuild after the month's new issue
(another generated month each round, taken out again after).

    python benchmarks/internals.py --issues 120 --repeat 3

Prints one JSON object: for each internal, the median seconds of a build with it and
without it, and the share of the build it saves.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.archive import cold_build, make_project, run  # noqa: E402
from benchmarks.synthetic import month, write_archive  # noqa: E402

MEASURED = ("parallel-templates", "skip-absent", "parallel-markdown")
ON_NEW_ISSUE = {"parallel-markdown"}
"""Measured on the rebuild after a new issue, not on a cold build."""


def timed_build(project: Path, without: str) -> float:
    os.environ.update(QIKAN_WITHOUT=without)
    return cold_build(project)[0]


def new_issue_build(project: Path, without: str, issues: int, round_: int) -> float:
    """The rebuild after the month's new issue (the round's), which is then taken out."""
    os.environ.update(QIKAN_WITHOUT=without)
    run(["build"], project)  # the archive as it was, with this setting's caches
    added = write_archive(project / "content" / "issues", 1, seed=1000 + round_,
                          first=month(2012, 1, issues))[-1]
    try:
        return run(["build"], project)[0]
    finally:
        added.unlink()
        added.with_suffix(".yml").unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--issues", type=int, default=120)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", nargs="*", choices=sorted(MEASURED), default=sorted(MEASURED))
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="qikan-internals-"))
    runs: dict[str, list[float]] = {}
    try:
        project = make_project(base, args.issues)
        cold = [name for name in args.only if name not in ON_NEW_ISSUE]
        for n in range(args.repeat):
            for without in ("", *cold) if cold else ():  # alternately: the noise hits all
                runs.setdefault(without, []).append(timed_build(project, without))
            for name in set(args.only) & ON_NEW_ISSUE:
                for without in ("", name):
                    runs.setdefault(f"new:{without}", []).append(
                        new_issue_build(project, without, args.issues, n))
    finally:
        shutil.rmtree(base, ignore_errors=True)
    report = {"issues": args.issues, "repeat": args.repeat}
    for name in args.only:
        prefix = "new:" if name in ON_NEW_ISSUE else ""
        with_runs, without_runs = runs[prefix], runs[prefix + name]
        with_it, without = statistics.median(with_runs), statistics.median(without_runs)
        report[name] = {"build": "one new issue" if prefix else "cold",
                        "with_seconds": round(with_it, 2),
                        "without_seconds": round(without, 2),
                        "saves": f"{(without - with_it) / without:.1%}",
                        "runs_with": [round(t, 2) for t in with_runs],
                        "runs_without": [round(t, 2) for t in without_runs]}
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
