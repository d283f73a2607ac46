"""Build time of the sample site: the builder (parse + write pages) and MkDocs, separately.

Prints one JSON object: builder seconds (the pipeline in-process, no cache, best of 3),
the whole `mkdocs build` (which runs the pipeline through the qikan plugin) and MkDocs'
share of it,
the number of pages and the size of the built site.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dataclasses import replace  # noqa: E402

from builder.pipeline import build  # noqa: E402
from builder.settings import settings_from_config  # noqa: E402
from tests.site_helpers import copy_project  # noqa: E402


def builder_seconds() -> tuple[float, int]:
    best, pages = float("inf"), 0
    settings = replace(settings_from_config(ROOT / "mkdocs.yml"), cache=None)
    for _ in range(3):
        start = time.perf_counter()
        pages = len(build(settings).pages)
        best = min(best, time.perf_counter() - start)
    return best, pages


def mkdocs_seconds(site_dir: Path) -> float:
    """A cold `mkdocs build` (a copy of the project: no cache), as the builder was timed."""
    project = copy_project(site_dir.parent / "project")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir",
                    str(site_dir)], cwd=project, check=True, env=env)
    return time.perf_counter() - start


def main() -> None:
    builder, pages = builder_seconds()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        total = mkdocs_seconds(site)
        size = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    print(json.dumps({"pages": pages, "builder_seconds": round(builder, 3),
                      "mkdocs_build_seconds": round(total, 2),
                      "mkdocs_share_seconds": round(total - builder, 2),
                      "site_mb": round(size / 1e6, 1)}))


if __name__ == "__main__":
    main()
