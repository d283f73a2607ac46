"""Caches: parsed issues by content hash, and the whole output when nothing changed."""

from __future__ import annotations

import shutil

from builder.cache import IssueCache, OutputCache, inputs_fingerprint
from builder.parse.archive import load_archive
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
