"""Search quality: does the site's search list exactly the articles that hold the query?

    python benchmarks/search_quality.py --site DIR [--content content/issues] [--file]
        [--per-category 120] [--seed 7] [--show 10]

Queries are drawn from the archive with a fixed seed, in five categories:

- `word`: dictionary words (jieba, 2–4 Han characters) of titles and article text;
- `name`: tags, topic keywords and user-dictionary terms (中芯国际, 5G消息 …);
- `two_words`: "A B", two words of one article (right answers: articles holding both);
- `phrase`: two adjacent jieba words copied from an article, written without a space;
- `absent`: queries no article holds (two words never found together, a name no article
  mentions, three words of different articles run together): the right answer is no hit.

An article is a right answer when every space-separated term of the query is a substring
of its title + subtitle + text (`body_text`), both NFKC-normalised and lower-cased, without
quotation and title marks (readers type 十四五规划 for “十四五”规划); articles are told
apart by their page URL (issues/<id>/<slug>), as titles repeat across issues.

The site is asked in headless Chromium, served on 127.0.0.1 (or opened from file:// with
`--file`): through `window.qikanSearch.search(query)` when its pages define it (every hit,
in rank order), else through the search worker Material's box talks to (the Pagefind
worker lists at most 10 hits; Material's own index with its worker for offline builds).

Prints one JSON object, per category and `overall` (the four categories with right
answers; `absent` is reported apart): `recall` (mean over queries of right answers listed /
right answers, over the whole list), `recall_at_10` (of the first ten, out of at most ten),
`precision` (mean of right answers listed / hits listed; a query that lists nothing has
precision 1 — its failure shows in recall and `no_result`), `top3` (share of queries with a
right answer among the first three), `no_result` (queries with a right answer that listed
nothing, listed), `other_pages` (hits that are no article page: tags, issues … — counted as
wrong), and for `absent` the queries that listed something. `ms_median` / `ms_p95`: time
per query in the page (`ms_first`: the first query, which loads the index). `--show N`
prints the N worst queries (stderr).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import rjieba

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.search_latency import FLAGS, serve  # noqa: E402
from builder.enrich.enrichment import body_text, enrich  # noqa: E402
from builder.enrich.segment import read_userdict  # noqa: E402
from builder.enrich.vocab import load_topics  # noqa: E402
from builder.model import placements  # noqa: E402
from builder.parse.archive import load_archive  # noqa: E402
from builder.search.index import QUOTES  # noqa: E402
from builder.write.pages import placed_path  # noqa: E402
from builder.write.urls import page_url  # noqa: E402

_QUOTE = re.compile(f"[{QUOTES}]")

CATEGORIES = ("word", "name", "two_words", "phrase", "absent")
MATERIAL_FIELDS = {"title": {"boost": 1000}, "text": {"boost": 1}, "tags": {"boost": 1000000}}
HAN_WORD = re.compile(r"[\u4e00-\u9fff]{2,4}")
ASK_NEW = """async (queries) => {
  const out = [];
  for (const query of queries) {
    const start = performance.now();
    const found = await window.qikanSearch.search(query, {});
    out.push({ ms: performance.now() - start, total: found.total,
               urls: found.hits.map((hit) => hit.url) });
  }
  return out;
}"""
ASK_OLD = """async ([url, queries, index]) => {
  const worker = new Worker(url);
  const out = [];
  let next = null, ready = null;
  const isReady = new Promise((resolve) => { ready = resolve; });
  worker.onmessage = (event) => {
    if (event.data.type === 1) ready();
    if (event.data.type === 3 && next) next(event.data.data);
  };
  worker.postMessage({ type: 0, data: index || { config: {}, docs: [], options: {} } });
  await isReady;
  for (const query of queries) {
    const start = performance.now();
    const result = await new Promise((resolve) => {
      next = resolve;
      worker.postMessage({ type: 2, data: query });
    });
    const urls = result.items.map((group) => group[0].location);
    out.push({ ms: performance.now() - start, total: urls.length, urls });
  }
  worker.terminate();
  return out;
}"""


def norm(text: str) -> str:
    return _QUOTE.sub("", unicodedata.normalize("NFKC", text).lower())


def url_key(url: str, base: str = "") -> str:
    """A page's URL as `issues/<id>/<slug>`, whatever its form (directory or .html,
    absolute or relative, with a fragment)."""
    url = unquote(re.split(r"[#?]", url)[0])
    url = url[len(base):] if base and url.startswith(base) else url
    return re.sub(r"(/index\.html|\.html|/)$", "", re.sub(r"^(\./|/)+", "", url))


class Archive:
    """The articles' texts (identical texts merged) and the truth of a query."""

    def __init__(self, content: Path, site_data: Path) -> None:
        self.archive = load_archive(content, site_data)
        self.titles, by_text, self.texts = {}, {}, {}
        for placed in placements(self.archive).values():
            a = placed.article
            key = url_key(page_url(placed_path(placed)))
            self.titles[key] = a.title
            text = norm(f"{a.title}\n{a.subtitle or ''}\n{body_text(a)}")
            if text not in self.texts:
                by_text[text] = [a.title, *(b.text for b in a.blocks)]
            self.texts.setdefault(text, []).append(key)
        self.pieces = list(by_text.values())  # per distinct article: title, then its blocks

    def truth(self, query: str) -> frozenset[str]:
        terms = norm(query).split()
        return frozenset(k for text, keys in self.texts.items()
                         if all(t in text for t in terms) for k in keys)


def query_set(data: Archive, site_data: Path, per: int, seed: int) -> list[tuple]:
    """(category, query, right answers) for every query, `per` per category (fewer absent)."""
    rng, jieba = random.Random(seed), rjieba.Jieba()
    cut = [[[w for w in jieba.cut(p) if w.strip()] for p in pieces] for pieces in data.pieces]
    words = [sorted({w for p in art for w in p if HAN_WORD.fullmatch(w)}) for art in cut]
    title_words = sorted({w for art in cut for w in art[0] if HAN_WORD.fullmatch(w)})
    all_words = sorted({w for ws in words for w in ws})
    names = {tag.name for tag in enrich(data.archive, site_data).tag_index}
    names.update(k for topic in load_topics(site_data) for k in topic.keywords)
    names.update(w for w, _, _ in read_userdict(site_data / "userdict.txt"))
    names = sorted(n for n in names if len(n) > 1)
    out, seen = [], set()

    def add(category: str, query: str, absent: bool) -> None:
        if not query.strip() or query in seen:
            return
        right = data.truth(query)
        if bool(right) != absent:
            seen.add(query)
            out.append((category, query, right))

    def fill(category: str, want: int, draw, absent: bool = False) -> None:
        for _ in range(want * 50):
            if sum(c == category for c, _, _ in out) >= want:
                break
            add(category, draw(), absent)

    fill("word", per // 2, lambda: rng.choice(title_words))
    fill("word", per, lambda: rng.choice(all_words))
    fill("name", per, lambda: rng.choice(names))

    def two_words() -> str:
        ws = rng.choice([w for w in words if len(w) > 1])
        a, b = rng.sample(ws, 2)
        return "" if a in b or b in a else f"{a} {b}"

    def phrase() -> str:
        tokens = rng.choice(rng.choice(cut)[1:] or [[]])
        pairs = [a + b for a, b in zip(tokens, tokens[1:], strict=False)
                 if HAN_WORD.fullmatch(a) and HAN_WORD.fullmatch(b)]
        return rng.choice(pairs) if pairs else ""

    fill("two_words", per, two_words)
    fill("phrase", per, phrase)
    small = max(6, per // 5)
    fill("absent", small // 3, lambda: rng.choice(names), absent=True)
    fill("absent", 2 * small // 3, lambda: f"{rng.choice(all_words)} {rng.choice(all_words)}",
         absent=True)
    fill("absent", small, lambda: "".join(rng.sample(all_words, 3)), absent=True)
    return out


def ask(site: Path, queries: list[str], from_file: bool) -> tuple[str, list[dict], str]:
    """Engine, and per query {ms, total, urls}, from a headless Chromium of its own."""
    from playwright.sync_api import TimeoutError as Timeout
    from playwright.sync_api import sync_playwright

    httpd, base = (None, site.resolve().as_uri()) if from_file else serve(site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            page = browser.new_page()
            page.goto(f"{base}/index.html" if from_file else f"{base}/")
            try:
                page.wait_for_function("typeof window.qikanSearch !== 'undefined'", timeout=3000)
                engine = "qikanSearch"
            except Timeout:
                engine = "worker"
            if engine == "qikanSearch":
                found = page.evaluate(ASK_NEW, queries)
            elif from_file:
                raise SystemExit("no window.qikanSearch: ask the old search over http")
            else:
                worker, setup = old_setup(site, base)
                found = page.evaluate(ASK_OLD, [worker, queries, setup])
            browser.close()
    finally:
        if httpd:
            httpd.shutdown()
    return engine, found, base + "/"


def old_setup(site: Path, base: str) -> list:
    """The search worker's URL and what Material's box sends it at setup (its own index,
    when the site has no Pagefind)."""
    worker = next((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    index = site / "search" / "search_index.json"
    setup = (json.loads(index.read_text(encoding="utf-8"))
             if index.is_file() and not (site / "pagefind").is_dir() else None)
    if setup:
        setup["config"].setdefault("fields", MATERIAL_FIELDS)
        setup.setdefault("options", {"suggest": False})
    return [f"{base}/{worker.relative_to(site).as_posix()}", setup]


def score(asked: list[tuple], found: list[dict], base: str, titles: dict) -> tuple[dict, list]:
    rows = []
    for (category, query, right), answer in zip(asked, found, strict=True):
        listed = list(dict.fromkeys(url_key(u, base) for u in answer["urls"]))
        good = [k for k in listed if k in right]
        rows.append({"category": category, "query": query, "right": right, "listed": listed,
                     "recall": len(good) / len(right) if right else 1.0,
                     "recall_at_10": (len(right & set(listed[:10])) / min(len(right), 10)
                                      if right else 1.0),
                     "precision": len(good) / len(listed) if listed else 1.0,
                     "top3": bool(right & set(listed[:3])), "ms": answer["ms"],
                     "other": sum(k not in titles for k in listed)})

    def summary(group: list[dict]) -> dict:
        mean = lambda field: round(statistics.fmean(r[field] for r in group), 3)  # noqa: E731
        out = {"queries": len(group), "precision": mean("precision"),
               "other_pages": sum(r["other"] for r in group)}
        if group and group[0]["right"]:
            missed = [r["query"] for r in group if not r["listed"]]
            out.update(recall=mean("recall"), recall_at_10=mean("recall_at_10"),
                       top3=mean("top3"), no_result=len(missed), no_result_queries=missed)
        else:
            listed = [r["query"] for r in group if r["listed"]]
            out.update(absent_with_hits=len(listed), absent_with_hits_queries=listed)
        return out

    report = {c: summary([r for r in rows if r["category"] == c]) for c in CATEGORIES
              if any(r["category"] == c for r in rows)}
    report["overall"] = summary([r for r in rows if r["category"] != "absent"])
    return report, rows


def show(rows: list[dict], count: int, titles: dict) -> None:
    flawed = [r for r in rows
              if r["recall"] < 1 or r["precision"] < 1 or (r["right"] and not r["top3"])]
    worst = sorted(flawed, key=lambda r: (r["recall"] + r["precision"], r["top3"]))[:count]
    for r in worst:
        missing = [titles[k] for k in sorted(r["right"] - set(r["listed"]))]
        extra = [titles.get(k, k) for k in r["listed"] if k not in r["right"]]
        print(f"[{r['category']}] {r['query']!r}: recall {r['recall']:.2f} precision "
              f"{r['precision']:.2f}, {len(r['right'])} right, {len(r['listed'])} listed; "
              f"missing {missing[:5]}{'…' if len(missing) > 5 else ''}; "
              f"extra {extra[:5]}{'…' if len(extra) > 5 else ''}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, required=True, help="the built site")
    parser.add_argument("--file", action="store_true", help="open the site from file://")
    parser.add_argument("--content", type=Path, default=ROOT / "content" / "issues")
    parser.add_argument("--site-data", type=Path, default=ROOT / "site_data")
    parser.add_argument("--per-category", type=int, default=120)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--show", type=int, default=0, help="print the N worst queries")
    args = parser.parse_args()
    if not (args.site / "index.html").is_file():
        parser.error(f"no built site in {args.site}")
    data = Archive(args.content, args.site_data)
    asked = query_set(data, args.site_data, args.per_category, args.seed)
    engine, found, base = ask(args.site, [q for _, q, _ in asked], args.file)
    report, rows = score(asked, found, base, data.titles)
    ms = sorted(r["ms"] for r in rows)
    print(json.dumps({"site": str(args.site), "engine": engine, "articles": len(data.titles),
                      **report, "ms_median": round(statistics.median(ms), 1),
                      "ms_p95": round(ms[int(0.95 * (len(ms) - 1))], 1),
                      "ms_first": round(rows[0]["ms"], 1)}, ensure_ascii=False))
    show(rows, args.show, data.titles)


if __name__ == "__main__":
    main()
