"""Search that stays small at scale: Pagefind's chunked index behind Material's search box.

Material's own search downloads the whole archive's index before the first result
(~9 MB gzipped at 120 issues). With `extra.qikan.search: pagefind` (the default for
online builds) the pages are left out of Material's index, Pagefind (its extended
build, which segments Chinese) indexes the built article pages, and Material's search
worker is replaced by one that speaks Material's protocol and asks Pagefind — which
fetches only the index chunks a query needs. The offline (file://) build keeps
Material's index: browsers do not load Pagefind's modules from file://.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.qikan")
WORKER = Path(__file__).parent / "assets" / "pagefind-worker.js"
OUTPUT = "pagefind"


def index_site(site_dir: Path) -> None:
    """Run Pagefind over the built site (pages marked `data-pagefind-body`)."""
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site_dir),
                             "--output-subdir", OUTPUT, "--quiet"],
                            capture_output=True, text=True)
    if result.returncode != 0 or not (site_dir / OUTPUT / "pagefind.js").is_file():
        raise RuntimeError(f"pagefind failed: {(result.stderr or result.stdout)[-500:]}")


def install_worker(site_dir: Path) -> int:
    """Replace Material's search worker(s) with the Pagefind one; how many were replaced."""
    workers = sorted((site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    for worker in workers:
        worker.write_text(WORKER.read_text(encoding="utf-8"), encoding="utf-8")
        worker.with_name(worker.name + ".map").unlink(missing_ok=True)
    if not workers:
        log.warning("qikan: Material's search worker not found; Pagefind search not installed")
    return len(workers)
