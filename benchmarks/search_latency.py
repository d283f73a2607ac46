"""First search result in a real browser: time after typing, and bytes downloaded before it.

    python benchmarks/search_latency.py --site DIR

Serves DIR on 127.0.0.1, opens the home page in headless Chromium (a fresh cache for
every query), waits `--pause-ms` (a reader reaching the box; 0 types at once), types a
query as a reader does, and waits for the first result. Prints one
JSON object: per query the milliseconds from the key-up to the first result, the bytes of
search requests (Material's index or Pagefind's files) and of everything the page loaded
until then, each raw and gzip-compressed (what a server that compresses would send).

Two times per query: `first_result_ms` as the driver sees it (from sending the key to
Playwright finding the result: it includes the key's dispatch and the driver's polling,
~50 ms on an empty page and more while the page is busy), and `in_page_ms` as the reader
sees it (measured in the page: from the input event that put the query in the box to the
first animation frame after the first result entered the page, when it is painted).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import statistics
import threading
import time
from pathlib import Path

QUERIES = ["中芯国际", "边缘计算", "液冷", "5G消息", "硅晶圆"]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
WATCH = """
window.qikanTiming = {};
document.addEventListener("input", (event) => {
  if (window.qikanTiming.frame === undefined) window.qikanTiming.input = event.timeStamp;
}, true);
new MutationObserver((changes, observer) => {
  if (document.querySelector(".md-search-result__item")) {
    observer.disconnect();
    requestAnimationFrame(() => { window.qikanTiming.frame = performance.now(); });
  }
}).observe(document, { subtree: true, childList: true });
"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                            functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def is_search(url: str) -> bool:
    """A request of the search: qikan's index (or, on older builds, Pagefind's files or
    Material's index and worker)."""
    return any(part in url for part in ("/search/qikan/", "/pagefind/", "search_index",
                                        "/workers/"))


def measure(browser, base: str, query: str, pause_ms: int) -> dict:
    context = browser.new_context()
    context.add_init_script(WATCH)
    page = context.new_page()
    bodies: list[tuple[str, bytes]] = []

    def record(response):
        try:
            bodies.append((response.url, response.body()))
        except Exception:  # noqa: BLE001 - redirects and aborted requests have no body
            pass

    page.on("response", record)
    page.goto(base + "/", wait_until="load")
    page.wait_for_timeout(pause_ms)  # a reader reaches the box and types
    box = page.locator("input.md-search__input")
    box.fill(query)
    start = time.perf_counter()
    box.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=30000)
    elapsed = (time.perf_counter() - start) * 1000
    page.wait_for_function("window.qikanTiming.frame !== undefined")
    timing = page.evaluate("window.qikanTiming")
    page.wait_for_timeout(50)
    search = [b for u, b in bodies if is_search(u)]
    everything = [b for _, b in bodies]
    context.close()
    return {"query": query, "first_result_ms": round(elapsed),
            "in_page_ms": round(timing["frame"] - timing["input"]),
            "search_bytes": sum(map(len, search)),
            "search_gzip_bytes": sum(len(gzip.compress(b, 6)) for b in search),
            "page_and_search_bytes": sum(map(len, everything)),
            "page_and_search_gzip_bytes": sum(len(gzip.compress(b, 6)) for b in everything)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--query", action="append", help=f"a query (repeat; default: "
                        f"{' '.join(QUERIES)})")
    parser.add_argument("--pause-ms", type=int, default=1000,
                        help="time between page load and typing (0: type at once)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    httpd, base = serve(args.site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=args.chromium, args=FLAGS)
            runs = [measure(browser, base, q, args.pause_ms) for q in args.query or QUERIES]
            browser.close()
    finally:
        httpd.shutdown()
    ms = [r["first_result_ms"] for r in runs]
    seen = [r["in_page_ms"] for r in runs]
    print(json.dumps({"site": str(args.site), "pause_ms": args.pause_ms,
                      "median_first_result_ms": statistics.median(ms),
                      "max_first_result_ms": max(ms),
                      "median_in_page_ms": statistics.median(seen),
                      "max_in_page_ms": max(seen),
                      "max_search_mb": round(max(r["search_bytes"] for r in runs) / 1e6, 3),
                      "max_search_gzip_mb": round(max(r["search_gzip_bytes"] for r in runs)
                                                  / 1e6, 3),
                      "max_page_and_search_mb": round(max(r["page_and_search_bytes"]
                                                          for r in runs) / 1e6, 3),
                      "runs": runs}, ensure_ascii=False))


if __name__ == "__main__":
    main()
