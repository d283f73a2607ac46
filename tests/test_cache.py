"""Caches: parsed issues by content hash, the whole output when nothing changed, and
parallel parsing that gives exactly what parsing in order gives."""

from __future__ import annotations

import pickle
import shutil

from builder.cache import IssueCache, OutputCache, inputs_fingerprint
from builder.errors import ParseError, QikanError
from builder.parse.archive import load_archive, load_issues
from tests.expected_samples import DEC_2020_FILE


def archive_folder(tmp_path, sample_paths, copies=1):
    folder = tmp_path / "issues"
    folder.mkdir()
    for n in range(copies):
        for name, path in sample_paths.items():
            target = folder / f"{name}-{n}.txt"
            shutil.copy(path, target)
            if copies > 1:
                target.with_suffix(".yml").write_text(f"id: {name}-{n}\n", encoding="utf-8")
    return folder


def test_unchanged_issues_come_from_the_cache(tmp_path, sample_paths):
    folder = archive_folder(tmp_path, sample_paths)
    first = IssueCache(tmp_path / "cache")
    parsed = load_archive(folder, cache=first)
    assert (first.misses, first.hits) == (2, 0)
    second = IssueCache(tmp_path / "cache")
    again = load_archive(folder, cache=second)
    assert (second.misses, second.hits) == (0, 2)
    assert again.issues == parsed.issues


def test_a_changed_sidecar_reparses_that_issue_only(tmp_path, sample_paths):
    folder = archive_folder(tmp_path, sample_paths)
    load_archive(folder, cache=IssueCache(tmp_path / "cache"))
    (folder / "dec-0.yml").write_text("title: 新标题\n", encoding="utf-8")
    cache = IssueCache(tmp_path / "cache")
    archive = load_archive(folder, cache=cache)
    assert (cache.misses, cache.hits) == (1, 1)
    assert {i.title for i in archive.issues} == {"新标题", "2021年11月"}


def test_parallel_parsing_equals_parsing_in_order(tmp_path, sample_paths, columns):
    folder = archive_folder(tmp_path, sample_paths, copies=5)  # 10 files: worker processes
    (folder / "broken.txt").write_bytes(b"")
    paths = sorted(folder.glob("*.txt"))
    parallel, errors = load_issues(paths, columns)
    in_order = []
    for path in paths:
        try:
            in_order.append(load_issues([path], columns)[0][0])
        except IndexError:
            pass
    assert parallel == in_order and len(parallel) == 10
    assert [str(e) for e in errors] == [f"{folder / 'broken.txt'}: file is empty"]


def test_errors_survive_worker_processes():
    error = ParseError("x.txt", "no article found", 3)
    copy = pickle.loads(pickle.dumps(error))
    assert isinstance(copy, QikanError) and str(copy) == "x.txt:3: no article found"


def test_output_cache_reused_only_for_the_same_inputs(tmp_path, sample_paths):
    folder = archive_folder(tmp_path, sample_paths)
    site_data = tmp_path / "site_data"
    site_data.mkdir()
    (site_data / "topics.yml").write_text("[]\n", encoding="utf-8")
    before = inputs_fingerprint(folder, site_data, "site name")
    cache = OutputCache(tmp_path / "cache")
    cache.put(before, {"pages": {"index.md": "x"}})
    assert cache.get(before) == {"pages": {"index.md": "x"}}
    assert inputs_fingerprint(folder, site_data, "other name") != before
    (folder / DEC_2020_FILE.replace("004_7226919f2dff800a", "dec-0")).with_suffix(
        ".yml").write_text("date: 2020-12\n", encoding="utf-8")
    after = inputs_fingerprint(folder, site_data, "site name")
    assert after != before and cache.get(after) is None


def test_unreadable_cache_entries_are_parsed_again(tmp_path, sample_paths):
    folder = archive_folder(tmp_path, sample_paths)
    load_archive(folder, cache=IssueCache(tmp_path / "cache"))
    for entry in (tmp_path / "cache" / "issues").iterdir():
        entry.write_bytes(b"not a pickle")
    cache = IssueCache(tmp_path / "cache")
    assert len(load_archive(folder, cache=cache).issues) == 2 and cache.misses == 2


def test_enrichment_reused_when_no_article_changed(tmp_path, archive):
    from dataclasses import replace

    from builder.enrich.enrichment import articles_fingerprint, cached_enrich
    from builder.parse.columns import SITE_DATA

    first = cached_enrich(archive, SITE_DATA, tmp_path)
    retitled = replace(archive, issues=(replace(archive.issues[0], title="另一个标题"),
                                        *archive.issues[1:]))
    assert articles_fingerprint(retitled, SITE_DATA) == articles_fingerprint(archive, SITE_DATA)
    reused = cached_enrich(retitled, SITE_DATA, tmp_path)
    assert reused.cache == {"reused": 1} and replace(reused, cache=first.cache) == first
    issue = archive.issues[0]
    article = replace(issue.articles[0], tags_added=("新标签",))
    section = replace(issue.sections[0], articles=(article, *issue.sections[0].articles[1:]))
    edited = replace(archive, issues=(replace(issue, sections=(section, *issue.sections[1:])),
                                      *archive.issues[1:]))
    assert articles_fingerprint(edited, SITE_DATA) != articles_fingerprint(archive, SITE_DATA)
    again = cached_enrich(edited, SITE_DATA, tmp_path)
    assert "新标签" in [t.name for t in again.tags[(issue.id, article.slug)]]
