"""qikan's search index: the stream rules, exact positions of every character pair, shards
that stay small, files a browser can load, and the background process that builds it."""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from builder.search.index import (
    FOLDER,
    READING,
    BackgroundIndex,
    CachedIndex,
    SearchDoc,
    build_files,
    fingerprint,
    folds,
    postings,
    shards,
    start_index,
    stream,
    write_index,
)
from tests.site_helpers import copy_project, mkdocs

DOCS = [SearchDoc(f"issues/2021-11/a{n}/", f"标题{n}", f"中芯国际扩产。第 {n} 段\n华为 Mate 40",
                  "2021年11月", "2021-11", "企业情报") for n in range(30)]


@pytest.mark.parametrize(("text", "expected"), [
    ("中芯国际扩产", "中芯国际扩产 "),
    ("华为 Mate 40 发布", "华为mate 40发布 "),  # a space is a gap only between Latin words
    ("ＡＩ芯片，Taiwan。", "ai芯片 taiwan "),     # full width folded, punctuation a gap
    ("“第四朵云”？", "第四朵云 "),
    ("“十四五”规划《纲要》解读", "十四五规划纲要解读 "),  # quotation and title marks vanish
    ("「云」『端』﹁边﹂〈缘〉", "云端边缘 "),
    ("\"Mate\" 40 Apple's", "mate 40 apples "),
    ("增长20%，2020）", "增长20% 2020 "),        # % is a unit: 20% is not 2020）
    ("２０％ 的", "20%的 "),
    ("Wi-Fi 6、e-commerce", "wifi 6 ecommerce "),  # a hyphen between Latin letters vanishes
    ("COVID-19 a--b 华-为", "covid 19 a b华 为 "),
    ("5G+工业互联网", "5g 工业互联网 "),
    ("5G 消息", "5g消息 "),
    ("中 国", "中国 "),
    ("a ，b", "a b "),
    ("a_b|c", "a b c "),                        # _ and | are punctuation, never units
    ("经济\n我省", "经济 我省 "),                 # blocks are lines: no match spans two
    ("", " "),
])
def test_the_stream(text, expected):
    assert stream(text) == expected


def test_traditional_characters_fold_to_the_simplified_ones_the_index_holds():
    table = folds(set("华为数据中心"))
    pairs = {table[i]: table[i + 1] for i in range(0, len(table), 2)}
    assert pairs["華"] == "华" and pairs["為"] == "为" and pairs["數"] == "数"
    assert pairs["據"] == "据" and set(pairs.values()) <= set("华为数据中心")
    assert "華" not in folds(set("华華为"))  # the text uses 華 itself: never folded


def decode(flat: list[int]) -> dict[int, list[int]]:
    found, doc, i = {}, 0, 0
    while i < len(flat):
        doc += flat[i]
        count = flat[i + 1]
        places, place = [], 0
        for delta in flat[i + 2:i + 2 + count]:
            place += delta
            places.append(place)
        found[doc] = places
        i += 2 + count
    return found


@given(st.lists(st.text(alphabet="中芯国际华为ab1 ，。", max_size=40), min_size=1, max_size=6))
def test_postings_hold_every_pair_at_its_position(texts):
    streams = [stream(t) for t in texts]
    index = postings(streams)
    for doc, text in enumerate(streams):
        for at in range(len(text) - 1):
            gram = text[at:at + 2]
            if gram[0] == " ":
                assert gram not in index or doc not in decode(index[gram])
            else:
                assert at in decode(index[gram])[doc]
    for gram, flat in index.items():  # nothing invented
        for doc, places in decode(flat).items():
            assert all(streams[doc][p:p + 2] == gram for p in places)


def test_a_large_shard_is_split_by_the_second_character():
    index = postings([stream("中" + "".join(chr(0x4E00 + k) for k in range(2000)) * 8)])
    files, split = shards(index)
    assert split.get("一", 0) == 0 and "中" not in split  # small ones stay whole
    big = postings([stream(("中国" * 30000) + "中芯" * 30000)])
    files, split = shards(big)
    parts = split["中"]
    assert parts > 1 and all(f"{ord('中'):x}-{p}" in files for p in range(parts))
    chosen = [name for name, text in files.items() if '"中芯"' in text]
    assert chosen == [f"{ord('中'):x}-{ord('芯') % parts}"]


def test_a_frequent_character_has_its_counts_per_article():
    docs = [SearchDoc(f"a{n}/", "t", "中国" * 20000 * (n % 2) + "中", "", "2021-11", "")
            for n in range(4)]
    files, _ = build_files(docs)
    kind, key, counts = loaded(files[f"c/{ord('中'):x}.js"])
    assert (kind, key) == ("c", f"{ord('中'):x}")
    assert counts == [0, 1, 1, 20001, 1, 1, 1, 20001]  # article (difference), count
    assert f"c/{ord('一'):x}.js" not in files


def loaded(text: str) -> tuple:
    match = re.fullmatch(r"qikanLoaded\((\"\w+\"),(.+?),(.*)\);\n", text, flags=re.S)
    assert match, text[:80]
    return json.loads(match[1]), json.loads(match[2]), json.loads(match[3])


def test_the_files_a_browser_loads():
    files, _ = build_files(DOCS, "v1")
    kind, key, docs = loaded(files["docs.js"])
    assert (kind, docs["format"], docs["version"]) == ("docs", key, "v1")
    assert docs["docs"][3][:2] == ["issues/2021-11/a3/", "标题3"]
    assert docs["issues"] == [["2021年11月", "2021-11"]] and docs["columns"] == ["企业情报"]
    assert docs["docs"][0][4] == len(stream(DOCS[0].text))
    assert set(docs["chars"]) >= set("中芯国际华为mate")
    assert loaded(files["t/7.js"]) == ("t", 7, DOCS[7].text)
    kind, name, grams = loaded(files[f"s/{ord('芯'):x}.js"])
    assert (kind, name) == ("s", f"{ord('芯'):x}") and set(grams) == {"芯国"}
    assert decode(grams["芯国"]) == {n: [1] for n in range(30)}


def test_the_index_lands_in_the_site_and_is_reused(tmp_path):
    cache = tmp_path / "cache"
    first = start_index(DOCS, tmp_path / "a", cache)
    assert isinstance(first, BackgroundIndex)
    work = first.work
    first.finish(tmp_path / "a")
    assert (tmp_path / "a" / FOLDER / "docs.js").is_file() and not work.exists()
    again = start_index(DOCS, tmp_path / "b", cache)
    assert isinstance(again, CachedIndex)
    again.finish(tmp_path / "b")
    listing = [sorted(p.relative_to(d / FOLDER) for p in (d / FOLDER).rglob("*"))
               for d in (tmp_path / "a", tmp_path / "b")]
    assert listing[0] == listing[1] and len(listing[0]) > len(DOCS)
    changed = [DOCS[0]._replace(title="新标题"), *DOCS[1:]]
    assert fingerprint(changed) != fingerprint(DOCS)
    start_index(changed, tmp_path / "c", cache).finish(tmp_path / "c")
    assert sorted(p.name for p in (cache / "search" / "qikan").iterdir()) == sorted(
        [fingerprint(changed), READING])


def test_an_index_kept_by_other_code_is_not_extended(tmp_path, monkeypatch):
    """Another version of the builder (other stream rules) kept the index: the next build
    indexes from scratch rather than extend postings cut by other rules."""
    from builder.search import index

    cache = tmp_path / "cache"
    start_index(DOCS, tmp_path / "a", cache).finish(tmp_path / "a")
    kept = index._previous(cache / FOLDER)
    assert kept is not None and kept[0].texts and kept[1].name == fingerprint(DOCS)
    monkeypatch.setattr(index, "_CODE", "0" * 64)
    assert index._previous(cache / FOLDER) is None


def test_the_same_articles_have_the_same_fingerprint_however_their_strings_are_shared():
    """Records of one issue share its title's string in one build and hold copies in
    another (parsed fresh or read from the cache): the same index, the same key."""
    issue = "二〇二一年十一月"
    shared = [d._replace(issue=issue) for d in DOCS]
    copies = [d._replace(issue="".join(list(issue))) for d in DOCS]
    assert shared == copies and fingerprint(shared) == fingerprint(copies)


def children(pid: int) -> list[str]:
    tasks = Path(f"/proc/{pid}/task")
    return [c for t in tasks.iterdir() for c in (t / "children").read_text().split()]


def test_cancel_stops_the_child(tmp_path):
    docs = [d._replace(text=d.text * 3000) for d in DOCS] * 20  # seconds of indexing
    index = BackgroundIndex(docs, tmp_path, None, "k")
    time.sleep(0.3)
    started = time.monotonic()
    index.cancel()
    assert time.monotonic() - started < 1.5
    assert not index.work.exists()
    with pytest.raises(ProcessLookupError):
        os.killpg(index.process.pid, 0)


def test_a_rebuild_without_article_changes_reuses_the_index(tmp_path):
    project = copy_project(tmp_path / "project")
    first = mkdocs(project, "build", "--site-dir", str(tmp_path / "a"))
    assert first.returncode == 0 and "search index waited" in first.stderr, first.stderr
    (project / "site_data" / "pages" / "about.md").write_text("# 关于\n\n改过的说明。\n",
                                                             encoding="utf-8")
    second = mkdocs(project, "build", "--site-dir", str(tmp_path / "b"))
    assert second.returncode == 0 and "search index reused" in second.stderr, second.stderr
    files = [sorted(p.relative_to(d) for p in (d / FOLDER).rglob("*"))
             for d in (tmp_path / "a", tmp_path / "b")]
    assert files[0] == files[1]
    assert "改过的说明" in (tmp_path / "b" / "about" / "index.html").read_text(encoding="utf-8")


def _contents(files: dict) -> dict[str, str]:
    return {path: content.read_text("utf-8") if isinstance(content, Path) else content
            for path, content in files.items()}


def _more_docs() -> list[SearchDoc]:
    return [*DOCS, *(SearchDoc(f"issues/2021-12/b{n}/", f"新标题{n}",
                               f"台积电扩产。第 {n} 段\n的的的", "2021年12月", "2021-12",
                               "产业环境") for n in range(12))]


def test_new_articles_extend_the_previous_index(tmp_path):
    """Articles added after the previous build's (a new issue) are appended to its postings;
    the files are those of an index built from scratch, the old texts linked."""
    reading = write_index(DOCS, tmp_path / "old", "v1")
    files, extended = build_files(_more_docs(), "v2", (reading, tmp_path / "old"))
    fresh, rebuilt = build_files(_more_docs(), "v2")
    assert _contents(files) == fresh and extended == rebuilt
    assert files["t/3.js"] == tmp_path / "old" / "t" / "3.js"  # unchanged: linked


def test_a_changed_title_writes_only_the_article_list(tmp_path):
    reading = write_index(DOCS, tmp_path / "old", "v1")
    retitled = [DOCS[0]._replace(title="改过的标题"), *DOCS[1:]]
    files, _ = build_files(retitled, "v2", (reading, tmp_path / "old"))
    assert [p for p, content in files.items() if not isinstance(content, Path)] == ["docs.js"]
    assert _contents(files) == build_files(retitled, "v2")[0]


def test_many_changed_texts_build_the_index_again(tmp_path):
    """More than CORRECTED_SHARE of the articles changed: built from scratch (one
    corrected text is put right in place: `test_texts_corrected_in_place_…`)."""
    reading = write_index(_more_docs(), tmp_path / "old", "v1")
    corrected = _more_docs()
    for n in range(5, 10):  # 5 of 42
        corrected[n] = corrected[n]._replace(text="中芯国际减产。")
    files, _ = build_files(corrected, "v2", (reading, tmp_path / "old"))
    assert not any(isinstance(content, Path) for content in files.values())
    assert files == build_files(corrected, "v2")[0]


@pytest.mark.parametrize("split", [40, 48_000])
def test_extending_keeps_split_shards_and_counts_right(tmp_path, monkeypatch, split):
    from builder.search import index as module

    monkeypatch.setattr(module, "SPLIT_BYTES", split)  # 40: every shard split, counts files
    reading = write_index(DOCS, tmp_path / "old", "v1")
    files, _ = build_files(_more_docs(), "v2", (reading, tmp_path / "old"))
    fresh, _ = build_files(_more_docs(), "v2")
    assert _contents(files) == fresh
    assert (split == 40) == any(p.startswith("c/") for p in fresh)


def test_a_shard_split_when_extended_gets_the_counts_of_every_article(tmp_path, monkeypatch):
    """A character whose shard grows past the split size with the new articles: its counts
    (read from the postings kept) are those of an index built from scratch."""
    from builder.search import index as module

    monkeypatch.setattr(module, "SPLIT_BYTES", 3_000)
    reading = write_index(DOCS, tmp_path / "old", "v1")
    more = [*DOCS, *(SearchDoc(f"issues/2021-12/c{n}/", "题", "台积电的产能" * 40 + "台" * n,
                               "2021年12月", "2021-12", "产业环境") for n in range(20))]
    files, extended = build_files(more, "v2", (reading, tmp_path / "old"))
    fresh, rebuilt = build_files(more, "v2")
    split = json.loads(fresh["docs.js"][fresh["docs.js"].index("{"):-3])["split"]
    name = f"{ord('台'):x}"
    assert name in split and name not in reading.counts and "台" not in reading.counts
    assert _contents(files) == fresh and extended == rebuilt
    _, _, counts = loaded(fresh[f"c/{name}.js"])
    assert counts[:4] == [30, 40, 1, 41]  # the first new article (30th), 40 of 台; the next


@given(st.data())
def test_texts_corrected_in_place_give_a_from_scratch_index(tmp_path_factory, data):
    """An editor corrects the text of a few older articles (and a new issue may come with
    it): the previous postings are put right from the old texts kept in the index — the
    files and the reading are those of an index built from scratch."""
    from builder.search import index as module

    folder = tmp_path_factory.mktemp("old") / "index"
    split = data.draw(st.sampled_from([40, 48_000]), label="split")  # 40: counts files
    old_module_split, module.SPLIT_BYTES = module.SPLIT_BYTES, split
    try:
        docs = _more_docs()
        reading = write_index(docs, folder, "v1")
        corrected = list(docs)
        texts = st.text(alphabet="中芯国际台积电华为的ab1 ，。\n", max_size=30)
        for n in data.draw(st.sets(st.integers(0, len(docs) - 1), min_size=1, max_size=2)):
            corrected[n] = corrected[n]._replace(text=data.draw(texts, label=f"text {n}"))
        if data.draw(st.booleans(), label="and a new issue"):
            corrected.append(SearchDoc("issues/2022-01/c/", "新", "中芯国际的新厂。",
                                       "2022年1月", "2022-01", "产业环境"))
        files, resumed = build_files(corrected, "v2", (reading, folder))
        fresh, rebuilt = build_files(corrected, "v2")
        assert any(isinstance(content, Path) for content in files.values())  # corrected
        assert _contents(files) == fresh
        assert resumed == rebuilt
    finally:
        module.SPLIT_BYTES = old_module_split


def test_a_fingerprint_that_reuses_the_last_encodings_equals_a_fresh_one():
    """Records kept from the last fingerprint are not encoded again: the same key as a
    fresh fingerprint, and a changed record still changes it."""
    from builder.search import index

    docs = list(DOCS)
    first = fingerprint(docs)
    changed = [docs[0]._replace(title="改过的标题"), *docs[1:]]
    digested = []
    real = index._record_digest
    index._record_digest = lambda doc: digested.append(doc) or real(doc)
    try:
        kept = fingerprint(changed)
    finally:
        index._record_digest = real
    assert digested == [changed[0]]  # the others' digests kept
    index._RECORD_DIGESTS.last.clear()
    assert kept == fingerprint(changed) != first
    assert fingerprint(docs) == first
