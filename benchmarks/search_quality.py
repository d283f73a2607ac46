"""Search quality: does the site's search find the articles that hold what a reader types?

    python benchmarks/search_quality.py --site DIR [--content content/issues]

Builds a query set from the archive — every tag, topic keyword and user-dictionary term,
plus dictionary words of article titles and two-to-four-character pieces of article text
drawn with a fixed seed — and takes as right answers the articles whose title or text
contains the query. Each query goes to the site's own search worker (the one Material's
search box talks to: the Pagefind one, or Material's with its own index) in headless
Chromium. Prints one JSON object: how many queries,
hit@3 (a right answer among the first three results), recall@10 (right answers among the
first ten, of at most ten) and how many queries found nothing although an article holds
them, with those queries listed.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

import rjieba

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.search_latency import FLAGS, serve  # noqa: E402
from builder.enrich.enrichment import body_text, enrich  # noqa: E402
from builder.enrich.segment import read_userdict  # noqa: E402
from builder.enrich.vocab import load_topics  # noqa: E402
from builder.parse.archive import load_archive  # noqa: E402

MATERIAL_FIELDS = {"title": {"boost": 1000}, "text": {"boost": 1}, "tags": {"boost": 1000000}}
HAN_WORD = re.compile(r"[\u4e00-\u9fff]{2,4}")
HAN_RUN = re.compile(r"[\u4e00-\u9fff]{4,}")
ASK = """async ([url, queries, index]) => {
  const worker = new Worker(url);
  const answers = [];
  let next = null, ready = null;
  const isReady = new Promise((resolve) => { ready = resolve; });
  worker.onmessage = (event) => {
    if (event.data.type === 1) ready();
    if (event.data.type === 3 && next) next(event.data.data);
  };
  worker.postMessage({ type: 0, data: index || { config: {}, docs: [], options: {} } });
  await isReady;
  for (const query of queries) {
    const result = await new Promise((resolve) => {
      next = resolve;
      worker.postMessage({ type: 2, data: query });
    });
    answers.push(result.items.map((group) => group[0].title));
  }
  worker.terminate();
  return answers;
}"""


def query_set(content: Path, site_data: Path, samples: int = 120) -> dict[str, list[str]]:
    """Query → titles of the articles that contain it (case-insensitive)."""
    archive = load_archive(content, site_data)
    articles = [(a.title, f"{a.title} {a.subtitle} {body_text(a)}".lower())
                for issue in archive.issues for a in issue.articles]
    queries = {tag.name for tag in enrich(archive, site_data).tag_index}
    for topic in load_topics(site_data):
        queries.update(topic.keywords)
    queries.update(word for word, _, _ in read_userdict(site_data / "userdict.txt"))
    rng, jieba = random.Random(7), rjieba.Jieba()
    words = sorted({w for title, _ in articles for w in jieba.cut(title) if HAN_WORD.fullmatch(w)})
    queries.update(rng.sample(words, min(samples, len(words))))
    for _ in range(samples):
        run = rng.choice(HAN_RUN.findall(rng.choice(articles)[1]) or ["——"])
        size = rng.choice([2, 3, 4])
        start = rng.randrange(0, max(len(run) - size, 0) + 1)
        queries.add(run[start:start + size])
    return {q: [t for t, text in articles if q.lower() in text]
            for q in sorted(queries) if len(q) > 1 and q.strip()}


def answers(page, base: str, site: Path, queries: list[str]) -> list[list[str]]:
    """The titles each query's results show, in order, from the search worker of `site`
    (served at `base`), asked from `page` (a Playwright page)."""
    worker = next((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    index = site / "search" / "search_index.json"  # Material's own index (no Pagefind)
    setup = (json.loads(index.read_text(encoding="utf-8"))
             if index.is_file() and not (site / "pagefind").is_dir() else None)
    if setup:  # what Material's search box adds before setting its worker up
        setup["config"].setdefault("fields", MATERIAL_FIELDS)
        setup.setdefault("options", {"suggest": False})
    page.goto(f"{base}/")
    titles = page.evaluate(ASK, [f"{base}/{worker.relative_to(site).as_posix()}", queries,
                                 setup])
    return [[re.sub(r"<[^>]+>", "", t).replace("&amp;", "&").replace("\u200b", "")  # ZWSP:
             for t in shown] for shown in titles]  # Material's index separates words with it


def ask(site: Path, queries: list[str]) -> list[list[str]]:
    """`answers` from a headless Chromium of its own, the site served on 127.0.0.1."""
    from playwright.sync_api import sync_playwright

    httpd, base = serve(site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            found = answers(browser.new_page(), base, site, queries)
            browser.close()
    finally:
        httpd.shutdown()
    return found


def score(truth: dict[str, list[str]], answers: list[list[str]]) -> dict:
    asked = [(q, set(truth[q]), titles) for q, titles in zip(truth, answers, strict=True)
             if truth[q]]
    missed = [q for q, _, titles in asked if not titles]
    return {
        "queries": len(asked),
        "hit_at_3": round(sum(bool(right & set(t[:3])) for _, right, t in asked) / len(asked), 3),
        "recall_at_10": round(sum(len(right & set(t[:10])) / min(len(right), 10)
                                  for _, right, t in asked) / len(asked), 3),
        "no_result": len(missed), "no_result_queries": missed,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Search quality of a built site.")
    parser.add_argument("--site", type=Path, required=True, help="the built site")
    parser.add_argument("--content", type=Path, default=ROOT / "content" / "issues")
    parser.add_argument("--site-data", type=Path, default=ROOT / "site_data")
    args = parser.parse_args()
    truth = query_set(args.content, args.site_data)
    print(json.dumps(score(truth, ask(args.site, list(truth))), ensure_ascii=False))


if __name__ == "__main__":
    main()
