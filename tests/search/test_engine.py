"""The browser's search engine on an archive unlike the samples: 300 articles made by
shuffling the samples' sentences (and some Latin, digits and rare characters in), an index
with tiny shards (so that split shards and per-character counts are used, as in a large
archive), and queries drawn from it. Every query lists exactly the articles that contain it."""

from __future__ import annotations

import random
import re
import shutil

import pytest

from benchmarks.search_latency import serve
from builder.search import index as search_index
from builder.search.index import SearchDoc, build_files
from tests.browser import launch
from tests.conftest import ROOT

ASK = """async (queries) => {
  const out = [];
  for (const q of queries) out.push((await window.qikanSearch.search(q)).hits.map((h) => h.n));
  return out;
}"""


def archive(nov, dec, seed: int = 3) -> list[SearchDoc]:
    rng = random.Random(seed)
    sentences = [s for issue in (nov, dec) for a in issue.articles for b in a.blocks
                 for s in re.split(r"(?<=[。！？；])", b.text) if len(s) > 4]
    extras = ["AIPerf500 榜单", "Mate X2 典藏版", "C++ 与 Rust", "𠀀𠀁 生僻字", "ＡＢＣ全角"]
    docs = []
    for n in range(300):
        body = rng.sample(sentences, rng.randint(3, 25)) + rng.sample(extras, rng.randint(0, 2))
        rng.shuffle(body)
        paragraphs = ["".join(body[i:i + 4]) for i in range(0, len(body), 4)]
        title = rng.choice(sentences)[:rng.randint(6, 20)]
        docs.append(SearchDoc(f"a/{n}/", title, "\n".join(paragraphs), f"{2000 + n // 30}年",
                              f"{2000 + n // 30}-01", rng.choice(["甲", "乙", "丙"])))
    return docs


def contains(doc: SearchDoc, query: str) -> bool:
    """The truth: every term is in the title or in one line (block) of the text."""
    texts = [doc.title.lower(), *doc.text.lower().split("\n")]
    return all(any(term in t for t in texts) for term in query.lower().split())


def queries(docs: list[SearchDoc], seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    han = [run for d in docs for run in re.findall(r"[\u4e00-\u9fff]{2,}", d.text)]
    out = []
    for _ in range(120):
        run = rng.choice(han)
        size = rng.randint(1, min(6, len(run)))
        start = rng.randrange(len(run) - size + 1)
        out.append(run[start:start + size])
    out += [f"{rng.choice(out)} {rng.choice(out)}" for _ in range(30)]
    out += ["".join(rng.sample(out, 3)) for _ in range(20)]  # mostly absent
    return out + ["AIPerf500", "perf500", "Mate", "𠀁", "ＡＢＣ", "的", "中"]


@pytest.fixture(scope="module")
def site(nov, dec, tmp_path_factory):
    folder = tmp_path_factory.mktemp("engine")
    docs = archive(nov, dec)
    patch = pytest.MonkeyPatch()
    patch.setattr(search_index, "SPLIT_BYTES", 2000)  # split shards, counts files
    try:
        files, _ = build_files(docs, "v1")
    finally:
        patch.undo()
    assert any(p.startswith("c/") for p in files) and '"split":{"' in files["docs.js"]
    for path, text in files.items():
        (folder / "search" / "qikan" / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / "search" / "qikan" / path).write_text(text, encoding="utf-8")
    scripts = folder / "assets" / "javascripts"
    scripts.mkdir(parents=True)
    shutil.copy(ROOT / "overrides" / "assets" / "javascripts" / "qikan-search.js", scripts)
    (folder / "index.html").write_text('<!doctype html><meta charset="utf-8"><script '
                                       'src="assets/javascripts/qikan-search.js"></script>',
                                       encoding="utf-8")
    return folder, docs


def test_every_query_lists_exactly_the_articles_that_contain_it(site):
    from playwright.sync_api import sync_playwright

    folder, docs = site
    httpd, base = serve(folder)
    asked = queries(docs)
    try:
        with sync_playwright() as p:
            browser = launch(p)
            page = browser.new_page()
            errors = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{base}/index.html")
            found = page.evaluate(ASK, asked)
            browser.close()
    finally:
        httpd.shutdown()
    assert errors == []
    wrong = [(q, sorted(set(hits) ^ {n for n, d in enumerate(docs) if contains(d, q)}))
             for q, hits in zip(asked, found, strict=True)
             if set(hits) != {n for n, d in enumerate(docs) if contains(d, q)}]
    assert wrong == []
    assert sum(bool(h) for h in found) > 120 and any(not h for h in found)  # both kinds
