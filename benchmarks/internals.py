"""What each private internal the MkDocs adapter uses buys: cold builds of a synthetic
archive with every internal, and with one left out (QIKAN_WITHOUT), alternately.

    python benchmarks/internals.py --issues 120 --repeat 3

Prints one JSON object: for each internal, the median seconds of a cold build with it and
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

from benchmarks.archive import cold_build, make_project  # noqa: E402

MEASURED = ("parallel-templates", "skip-absent")


def timed_build(project: Path, without: str) -> float:
    os.environ.update(QIKAN_WITHOUT=without)
    return cold_build(project)[0]


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
        for _ in range(args.repeat):
            for without in ("", *args.only):  # alternately: the machine's noise hits all
                runs.setdefault(without, []).append(timed_build(project, without))
    finally:
        shutil.rmtree(base, ignore_errors=True)
    report = {"issues": args.issues, "repeat": args.repeat}
    for name in args.only:
        with_it = statistics.median(runs[""])
        without = statistics.median(runs[name])
        report[name] = {"with_seconds": round(with_it, 2),
                        "without_seconds": round(without, 2),
                        "saves": f"{(without - with_it) / without:.1%}",
                        "runs_with": [round(t, 2) for t in runs[""]],
                        "runs_without": [round(t, 2) for t in runs[name]]}
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
