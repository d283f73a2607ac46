"""Caches: parsed issues by content hash, and the whole output when nothing changed."""

from __future__ import annotations

import pickle
import shutil

from builder.cache import IssueCache, OutputCache, ReadingCache, inputs_fingerprint
from builder.parse import issue as issue_module
from builder.parse.archive import load_archive
from builder.read.pdf import read_pdf


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
    sidecar = folder / "dec-0.yml"
    sidecar.write_text("date: 2020-12\n", encoding="utf-8")
    site_data = tmp_path / "site_data"
    (site_data / "pages").mkdir(parents=True)
    (site_data / "topics.yml").write_text("[]\n", encoding="utf-8")
    before = inputs_fingerprint(folder, site_data, "site name")
    cache = OutputCache(tmp_path / "cache")
    cache.put(before, {"pages": {"index.md": "x"}})
    assert cache.get(before) == {"pages": {"index.md": "x"}}
    assert inputs_fingerprint(folder, site_data, "other name") != before
    (site_data / "pages" / "about.md").write_text("# 关于\n", encoding="utf-8")
    assert inputs_fingerprint(folder, site_data, "site name") == before  # not the pipeline's
    sidecar.write_text("date: 2020-11\n", encoding="utf-8")  # same file, other bytes
    after = inputs_fingerprint(folder, site_data, "site name")
    assert after != before and cache.get(after) is None


def test_an_output_cache_of_another_builder_version_is_a_miss(tmp_path):
    cache = OutputCache(tmp_path)
    cache.path.write_bytes(b"\x80\x04\x95\x1e\x00\x00\x00\x00\x00\x00\x00\x8c\x0fbuilder.gone"
                           b"\x94\x8c\x04Site\x94\x93\x94.")  # a class that moved away
    assert cache.get("anything") is None


def test_unreadable_cache_entries_are_parsed_again(tmp_path, sample_paths):
    folder = archive_folder(tmp_path, sample_paths)
    load_archive(folder, cache=IssueCache(tmp_path / "cache"))
    for entry in (tmp_path / "cache" / "issues").glob("*.pickle"):  # not last-good/
        entry.write_bytes(b"not a pickle")
    cache = IssueCache(tmp_path / "cache")
    assert len(load_archive(folder, cache=cache).issues) == 2 and cache.misses == 2


def test_output_kept_in_memory_only_while_the_file_is_the_one_it_was(tmp_path):
    cache = OutputCache(tmp_path)
    cache.put("first", {"n": 1}, disk=False)  # no file yet: written
    written = cache.path.read_bytes()
    cache.put("second", {"n": 2}, disk=False)  # a serve rebuild: memory only
    assert cache.path.read_bytes() == written and cache.get("second") == {"n": 2}
    cache.path.write_bytes(pickle.dumps(("third", {"n": 3, "x": "y"})))  # another process
    assert cache.get("second") is None and cache.get("third") == {"n": 3, "x": "y"}


def test_a_pdf_is_not_read_again_when_only_its_sidecar_changed(tmp_path, sample_pdfs,
                                                               monkeypatch):
    """Another build (not the process that read it): an issue parsed again because its
    sidecar changed takes its PDF's reading from the cache — the same issue as a parse
    from the PDF — and a PDF that changed is read again."""
    folder = tmp_path / "issues"
    folder.mkdir()
    pdf = folder / "dec.pdf"
    shutil.copy(sample_pdfs["dec"].path, pdf)
    load_archive(folder, cache=IssueCache(tmp_path / "cache"))
    reads = []
    monkeypatch.setattr(issue_module, "read_pdf", lambda path, columns, read=read_pdf:
                        reads.append(path) or read(path, columns))
    monkeypatch.setattr(issue_module, "_structures", {})  # a build in another process
    (folder / "dec.yml").write_text("title: 新标题\nnumber: 9\n", encoding="utf-8")
    cache = IssueCache(tmp_path / "cache")
    (issue,) = load_archive(folder, cache=cache).issues
    assert reads == [] and cache.misses == 1
    issue_module._structures.clear()
    assert issue == load_archive(folder).issues[0] and len(reads) == 1  # no cache: read
    assert issue.title == "新标题" and issue.number == 9
    shutil.copy(sample_pdfs["nov"].path, pdf)
    issue_module._structures.clear()
    (changed,) = load_archive(folder, cache=IssueCache(tmp_path / "cache")).issues
    assert len(reads) == 2 and len(changed.articles) != len(issue.articles)
    assert len(list((tmp_path / "cache" / "readings").iterdir())) == 1  # one per PDF


def test_a_reading_is_found_only_under_its_key(tmp_path):
    readings = ReadingCache(tmp_path)
    readings.put("a.pdf", "k1", "the reading")
    assert readings.get("a.pdf", "k1") == "the reading"
    assert readings.get("a.pdf", "k2") is None and readings.get("b.pdf", "k1") is None
    next((tmp_path / "readings").iterdir()).write_bytes(b"not a pickle")
    assert readings.get("a.pdf", "k1") is None
    assert ReadingCache(None).get("a.pdf", "k1") is None


def test_entries_no_build_uses_are_removed_and_last_good_ones_stay(tmp_path, sample_paths):
    """Each sidecar edit leaves the issue's old entry behind; the next build removes every
    entry it does not use (an issue taken out included), not the last good versions."""
    folder = archive_folder(tmp_path, sample_paths)
    load_archive(folder, cache=IssueCache(tmp_path / "cache"))
    entries = tmp_path / "cache" / "issues"
    first = {p.name for p in entries.glob("*.pickle")}
    assert len(first) == 2
    (folder / "dec-0.yml").write_text("title: 新标题\n", encoding="utf-8")
    load_archive(folder, cache=IssueCache(tmp_path / "cache"))
    second = {p.name for p in entries.glob("*.pickle")}
    assert len(second) == 2 and len(first & second) == 1
    (folder / "nov-0.txt").unlink()
    archive = load_archive(folder, cache=IssueCache(tmp_path / "cache"))
    assert len({p.name for p in entries.glob("*.pickle")}) == 1 == len(archive.issues)
    assert len(list((entries / "last-good").glob("*.pickle"))) == 2
