"""The archive: every file parsed (in worker processes when many), in order, bad files and
clashing ids as errors, and what the build reports about it."""

from __future__ import annotations

import shutil

from builder.cache import IssueCache
from builder.parse.archive import issue_files, load_issues, parse_archive
from tests.test_cache import archive_folder


def test_parallel_parsing_equals_parsing_in_order(tmp_path, sample_paths, columns):
    folder = archive_folder(tmp_path, sample_paths, copies=5)  # 10 files: worker processes
    (folder / "broken.txt").write_bytes(b"")
    paths = sorted(folder.glob("*.txt"))
    parallel, errors = load_issues(paths, columns, workers=2)
    in_order = []
    for path in paths:
        try:
            in_order.append(load_issues([path], columns)[0][0])
        except IndexError:
            pass
    assert parallel == in_order and len(parallel) == 10
    assert [str(e) for e in errors] == [f"{folder / 'broken.txt'}: file is empty"]


def test_only_issue_exports_are_read(tmp_path):
    for name in ("a.txt", "b.md", "c.MARKDOWN", "a.yml", ".hidden.txt", "notes.docx"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "folder.txt").mkdir()
    assert [p.name for p in issue_files(tmp_path)] == ["a.txt", "b.md", "c.MARKDOWN"]


def test_what_was_parsed_and_by_how_many_processes(tmp_path, sample_paths):
    folder = archive_folder(tmp_path, sample_paths, copies=5)  # 10 issues
    first = parse_archive(folder, cache=IssueCache(tmp_path / "cache"), workers=2)
    assert (first.parsed, first.cached, first.processes) == (10, 0, 2)
    shutil.copy(sample_paths["dec"], folder / "new.txt")
    (folder / "new.yml").write_text("id: new\n", encoding="utf-8")
    again = parse_archive(folder, cache=IssueCache(tmp_path / "cache"), workers=2)
    assert (again.parsed, again.cached, again.processes) == (1, 10, 1)  # one: no fork
    assert len(again.archive.issues) == 11


def test_two_issues_with_one_id_are_an_error_naming_both(tmp_path, sample_paths, columns):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    for path in (first, second):
        shutil.copy(sample_paths["dec"], path)
    issues, errors = load_issues([first, second], columns)
    assert [i.source for i in issues] == [str(first)]
    assert [str(e) for e in errors] == [f"{second}: issue id 2020-12 is also the id of {first}; "
                                        "set `id:` in a sidecar"]


def test_a_pdf_and_its_text_export_are_one_issue_read_from_the_pdf(tmp_path):
    for name in ("2021-11.pdf", "2021-11.txt", "2021-11.yml", "2021-12.md", "other.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.name for p in issue_files(tmp_path)] == ["2021-11.pdf", "2021-12.md", "other.txt"]
