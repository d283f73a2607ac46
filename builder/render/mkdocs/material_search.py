"""Material's search: its worker answered by Pagefind, or its own index made to segment
Chinese as the builder does (`search: material`, offline builds).

Material's in-browser segmentation of Chinese queries, corrected:

Material's search worker splits each run of Chinese characters in a query into
words found in the search index. In Material 9.8.1 that function never tries a
word that reaches the end of the run (`o < t.length`), so a query that is one
whole word — 中芯国际, 硅片 — is cut into single characters and matches almost
every page. The built worker's function is replaced by a forward longest match
over the index vocabulary (the same words the builder's segmenter put there);
a query that only begins a word (中芯) stays whole and matches it by prefix.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import get_plugin_logger

from builder.enrich.segment import make_segmenter
from builder.render.mkdocs.internals import allowed

log = get_plugin_logger("qikan")
PAGEFIND_WORKER = Path(__file__).parent / "assets" / "pagefind-worker.js"
"""A search worker that speaks Material's protocol and answers from Pagefind's index."""


def built_workers(site_dir: Path) -> list[Path]:
    """Material's search worker(s) in a built site."""
    return sorted((site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js"))


def install_pagefind_worker(site_dir: Path) -> int:
    """Replace Material's search worker(s) with the Pagefind one; how many were replaced."""
    workers = built_workers(site_dir)
    for worker in workers:
        worker.write_text(PAGEFIND_WORKER.read_text(encoding="utf-8"), encoding="utf-8")
        worker.with_name(worker.name + ".map").unlink(missing_ok=True)
    return len(workers)

ORIGINAL = (
    "function fe(t,e){let r=new Set,n=new Uint16Array(t.length);for(let s=0;s<t.length;s++)"
    "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e&&(n[s]=o-s);let i=[0];for(let s=i.length;"
    "s>0;){let o=i[--s];for(let u=1;u<n[o];u++)n[o+u]>n[o]-u&&(r.add(t.slice(o,o+u)),"
    "i[s++]=o+u);let a=o+n[o];n[a]&&a<t.length-1&&(i[s++]=a),r.add(t.slice(o,a))}"
    'return r.has("")?new Set([t]):r}'
)
MARKER = "/*qikan:longest-match*/"
REPLACEMENT = (
    "function fe(t,e){" + MARKER + "let r=new Set;for(let s=0;s<t.length;){let o=1,"
    "w=t.slice(s);if(!(w in e)&&Object.keys(e).some(k=>k.startsWith(w))){r.add(w);break}"
    "for(let u=t.length;u>s;u--)if(t.slice(s,u)in e){o=u-s;break}"
    "r.add(t.slice(s,s+o)),s+=o}return r.size?r:new Set([t])}"
)
"""Forward longest match; a rest of the query that only begins a word (中芯 → 中芯国际) is
kept whole, so that the trailing wildcard Material adds finds that word."""


def use_builder_segmentation(site_data: Path) -> bool:
    """Material's search index segments only runs of Chinese characters, with jieba; let it
    use the builder's segmenter with the domain dictionary of `site_data` instead, so that
    dictionary terms mixing Latin and Chinese (5G消息) are single search tokens."""
    if not allowed("material-segmenter"):
        return False
    from material.plugins.search.plugin import SearchIndex

    segmenter = make_segmenter(site_data / "userdict.txt")
    SearchIndex._segment_chinese = lambda self, data: segmenter.mark_words(data)
    return True


def patch_search_worker(site_dir: Path) -> bool:
    """Replace the segmentation function in the built search worker; False if not found."""
    if not allowed("material-query"):
        return False
    workers = built_workers(site_dir)
    patched = False
    for worker in workers:
        source = worker.read_text(encoding="utf-8")
        if MARKER in source:
            patched = True
        elif ORIGINAL in source:
            worker.write_text(source.replace(ORIGINAL, REPLACEMENT), encoding="utf-8")
            patched = True
    if workers and not patched:
        log.warning("Material's search worker changed; Chinese queries are segmented "
                    "by Material's own code (see builder/render/mkdocs/material_search.py)")
    return patched
