"""The builder's dependency map (builder/write/depends.py): a page is made again exactly
when an input it shows changed, and a build that reuses pages gives the pages a build
that makes them all gives."""

from __future__ import annotations

import dataclasses
import re
import shutil

import pytest

from builder.model import Archive
from builder.pipeline import build
from builder.settings import Masthead, Settings
from builder.write.depends import UNKNOWN, PageMemo, inputs
from builder.write.pages import write_pages

MASTHEAD = Masthead("档案")


def test_a_group_is_reused_while_its_inputs_are_equal():
    calls = []

    def make(text):
        calls.append(text)
        return {"a.md": text}

    first = PageMemo(versions={"2021-11": "v1"})
    assert first.pages("a", inputs(first.issues(["2021-11"]), 1), make, "x") == {"a.md": "x"}
    again = PageMemo(first.groups, {"2021-11": "v1"})
    assert again.pages("a", inputs(again.issues(["2021-11"]), 1), make, "y") == {"a.md": "x"}
    assert (again.made, again.reused, calls) == ([], 1, ["x"])
    changed = PageMemo(first.groups, {"2021-11": "v2"})  # the issue changed
    assert changed.pages("a", inputs(changed.issues(["2021-11"]), 1), make, "y") == {"a.md": "y"}
    assert changed.made == ["a"]


def test_an_input_without_a_version_is_never_reused():
    memo = PageMemo(versions={"2021-11": "v1"})
    assert memo.issues(["2021-11", "2020-12"]) is UNKNOWN  # 2020-12 has no version
    assert inputs("x", UNKNOWN) is None and inputs("x", None) == ("x", None)
    memo.page("a", "a.md", None, str, "x")
    again = PageMemo(memo.groups, {"2021-11": "v1"})
    again.page("a", "a.md", None, str, "y")
    assert again.made == ["a"] and PageMemo().issues(["2021-11"]) is UNKNOWN


def _retitled(archive: Archive, issue_id: str, title: str) -> Archive:
    return dataclasses.replace(archive, issues=tuple(
        dataclasses.replace(i, title=title) if i.id == issue_id else i for i in archive.issues))


def test_an_issue_changed_makes_again_exactly_the_pages_that_show_it(archive, enrichment):
    """The older issue gets a new title: its pages, its neighbour's page, the lists and
    indexes that show it and the articles that relate to its articles are made again;
    nothing else."""
    versions = {i.id: "v1" for i in archive.issues}
    first = PageMemo(versions=versions)
    write_pages(archive, MASTHEAD, enrichment, memo=first)
    older, newer = archive.issues[1], archive.issues[0]
    changed = _retitled(archive, older.id, "改过标题的一期")
    memo = PageMemo(first.groups, {**versions, older.id: "v2"})
    pages = write_pages(changed, MASTHEAD, enrichment, memo=memo)
    assert pages == write_pages(changed, MASTHEAD, enrichment)  # as if all were made

    shown = {(older.id, a.slug) for a in older.articles}
    relating = {f"article:{i}/{s}" for (i, s), rel in enrichment.related.items()
                if shown & set(rel)}
    assert relating  # the newer issue's articles relate to the older's (look back)
    expected = ({"home", "issues", "sections", "search", "topics", f"issue:{older.id}",
                 f"issue:{newer.id}"}
                | {f"article:{older.id}/{a.slug}" for a in older.articles} | relating
                | {f"section:{s.slug}" for s in older.sections}
                | {f"tag:{t.slug}" for t, keys in enrichment.tag_index.items() if shown & set(keys)}
                | {f"topic:{t.topic.slug}" for t in enrichment.topics})
    assert set(memo.made) == expected
    assert memo.reused == len(first.groups) - len(expected) > 0
    assert "改过标题的一期" in pages[f"issues/{older.id}/index.md"]


def test_changed_tags_make_again_the_article_and_its_tags_pages(archive, enrichment):
    versions = {i.id: "v1" for i in archive.issues}
    first = PageMemo(versions=versions)
    write_pages(archive, MASTHEAD, enrichment, memo=first)
    key, tags = next((k, t) for k, t in enrichment.tags.items() if t)
    moved = dataclasses.replace(enrichment, tags={**enrichment.tags, key: tags[1:]})
    memo = PageMemo(first.groups, versions)
    assert write_pages(archive, MASTHEAD, moved, memo=memo) == write_pages(archive, MASTHEAD,
                                                                           moved)
    assert memo.made == [f"article:{key[0]}/{key[1]}"]  # the tag index is enrichment's own


@pytest.fixture
def project(tmp_path, sample_paths):
    from benchmarks.synthetic import write_archive

    content = tmp_path / "issues"
    content.mkdir()
    for path in sample_paths.values():
        shutil.copy(path, content)
    write_archive(content, 2, first=(2019, 1))
    return Settings(content=content, cache=tmp_path / "cache", masthead=MASTHEAD)


def _from_scratch(settings: Settings):
    """The site with every page made (the last build's pages left out)."""
    (settings.cache / "output.pickle").unlink()
    return build(settings)


EDITS = {
    "a new title": lambda c: _append(c / "issue-2019-02.yml", "title: 改过标题的一期\n"),
    "an issue moved in time": lambda c: _append(c / "issue-2019-01.yml", "date: 2021-06-15\n"),
    "an editor's tag": lambda c: _append(c / "issue-2019-02.yml", _first_article_tag(c)),
    "an issue removed": lambda c: (c / "issue-2019-01.md").unlink(),
    "a new issue": lambda c: __import__("benchmarks.synthetic").synthetic.write_archive(
        c, 1, seed=3, first=(2022, 1)),
}


def _append(path, text: str) -> None:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if line.split(":")[0] != text.split(":")[0]]
    path.write_text("\n".join([*lines, text]), encoding="utf-8")


def _first_article_tag(content) -> str:
    text = (content / "issue-2019-02.md").read_text(encoding="utf-8")
    title = re.search(r"^- (.+?) \.{3,}", text, re.M)[1].strip()
    return f"articles:\n  {title!r}:\n    tags:\n      add: [新加的标签]\n"


@pytest.mark.parametrize("edit", list(EDITS))
def test_a_build_reusing_pages_gives_the_pages_of_a_build_making_them_all(project, edit):
    build(project)
    EDITS[edit](project.content)
    reusing = build(project)
    assert re.search(r"pages: \d+ groups made, [1-9]\d* reused", reusing.summary), \
        reusing.summary
    assert reusing.errors == ()
    scratch = _from_scratch(project)
    assert " 0 reused" in scratch.summary
    assert reusing.pages == scratch.pages and reusing.feeds == scratch.feeds


def test_a_lists_groups_of_unchanged_issues_are_reused_and_the_pages_equal_fresh_ones(
        archive, enrichment):
    """A tag's, topic's or column's pages made again for one changed issue write only
    that issue's group again (listing.FRAGMENTS, by the issue object); the pages are the
    ones made from nothing kept."""
    from builder.write.listing import FRAGMENTS

    write_pages(archive, MASTHEAD, enrichment)
    kept = dict(FRAGMENTS.last)
    older = archive.issues[1]
    changed = _retitled(archive, older.id, "改过标题的一期")
    pages = write_pages(changed, MASTHEAD, enrichment)
    reused = {key[2]: [] for key in kept}
    for key, (_issue, lines) in FRAGMENTS.last.items():
        if key in kept:
            reused[key[2]].append(lines is kept[key][1])
    assert reused[older.id] and not any(reused[older.id])  # written again
    others = [r for issue_id, rs in reused.items() if issue_id != older.id for r in rs]
    assert others and all(others)
    assert any(key[0].startswith("tags/") for key in kept)
    assert any(key[0].startswith("topics/") for key in kept)
    FRAGMENTS.last.clear()
    FRAGMENTS.now.clear()
    assert pages == write_pages(changed, MASTHEAD, enrichment)
    assert "改过标题的一期" in "".join(p for path, p in pages.items() if path.startswith("tags/"))
