"""`mkdocs serve` at archive scale: how long after saving a sidecar the change is served.

    python benchmarks/serve_edit.py --issues 120

Builds a synthetic archive (benchmarks/synthetic.py), starts `mkdocs serve --dirty` on
it (as `make serve` does), waits for the first build, then gives one issue a new title
in its sidecar and polls that issue's page until the new title is served; `--edits N`
times: an editor's loop saves the same sidecar again (2 s apart). Prints one JSON
object: issues, first build seconds, seconds from saving to the change being served
(the first edit, each edit, their median), and the builder's log line of the last
rebuild.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.archive import make_project  # noqa: E402
from tests.site_helpers import fetch, free_port, mkdocs_env, wait_for  # noqa: E402

NEW_TITLE = "改过标题的一期"


def seconds_until(predicate, limit: float) -> float:
    """Seconds until `predicate()` holds, polled every 0.1 s (SystemExit after `limit`)."""
    start = time.perf_counter()
    if not wait_for(predicate, limit, step=0.1):
        raise SystemExit("timed out")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description="Time a sidecar edit under mkdocs serve.")
    parser.add_argument("--issues", type=int, default=120)
    parser.add_argument("--edits", type=int, default=3, help="saves of the sidecar, timed")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="qikan-serve-"))
    try:
        project = make_project(base, args.issues)
        sidecar = sorted((project / "content" / "issues").glob("*.yml"))[-1]
        issue_id = sidecar.stem.removeprefix("issue-")
        port = free_port()
        log = (base / "serve.log").open("w")
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr",
             f"127.0.0.1:{port}"], cwd=project, stdout=log, stderr=subprocess.STDOUT,
            env=mkdocs_env())
        try:
            page = f"http://127.0.0.1:{port}/issues/{issue_id}/"
            first = seconds_until(lambda: "<h1" in fetch(page), 600)
            original, each = sidecar.read_text(encoding="utf-8"), []
            for edit in range(args.edits):
                time.sleep(2)  # let the watcher settle after the last build
                title = f"{NEW_TITLE}{edit + 1}"
                sidecar.write_text(f"{original}title: {title}\n", encoding="utf-8")
                each.append(seconds_until(lambda title=title: title in fetch(page), 600))
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()
        lines = (base / "serve.log").read_text(encoding="utf-8").splitlines()
        builder = [line for line in lines if "qikan:" in line and "builder" in line]
        print(json.dumps({"issues": args.issues, "first_build_seconds": round(first, 1),
                          "sidecar_edit_served_seconds": round(each[0], 2),
                          "each_edit_seconds": [round(s, 2) for s in each],
                          "median_edit_seconds": round(statistics.median(each), 2),
                          "rebuild_log": builder[-1].split("qikan: ")[-1] if builder else ""},
                         ensure_ascii=False))
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
