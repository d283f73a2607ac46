"""Editorial corrections from the sidecar, applied to a parsed issue.

Order: split, merge, then rename / move / pin slug / tags; slugs are assigned
afresh afterwards (pinned ones kept). Every problem is a SidecarError naming
the sidecar and the line of the article it concerns.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from builder.editorial.sidecar import ArticleFix, Sidecar
from builder.model import Article, Block, Column, Columns, Issue, Section
from builder.parse.contents import title_key
from builder.parse.slugs import unique_slugs


@dataclass
class _Entry:
    """An article while corrections are applied: its column and pinned slug."""

    article: Article
    column: Column
    pinned: str | None = None
    fixes: list[ArticleFix] = field(default_factory=list)


def _entries(issue: Issue, columns: Columns) -> list[_Entry]:
    by_name = {c.name: c for c in columns.columns}
    ordered = sorted(((a, by_name[s.name]) for s in issue.sections for a in s.articles),
                     key=lambda pair: pair[0].line)
    return [_Entry(article, column) for article, column in ordered]


def _find(entries: list[_Entry], fix: ArticleFix, sidecar: Sidecar) -> _Entry:
    exact = [e for e in entries if fix.ref in (e.article.title, e.article.slug)]
    loose = [e for e in entries if title_key(e.article.title) == title_key(fix.ref)]
    found = exact or loose
    if not found:
        raise sidecar.error(f"no article titled {fix.ref!r} in this issue", fix.line)
    if len(found) > 1:
        raise sidecar.error(f"{fix.ref!r} names {len(found)} articles; use the slug",
                            fix.line)
    return found[0]


def _split(entry: _Entry, fix: ArticleFix, sidecar: Sidecar) -> list[_Entry]:
    wanted = {title_key(s): s for s in fix.split}
    pieces = [_Entry(replace(entry.article, blocks=()), entry.column, entry.pinned, entry.fixes)]
    for block in entry.article.blocks:
        key = title_key(block.text)
        if block.kind == "subheading" and key in wanted:
            wanted.pop(key)
            article = Article(block.text, "", line=block.line, page=entry.article.page,
                              source_title=block.text)
            pieces.append(_Entry(article, entry.column))
        else:
            last = pieces[-1].article
            pieces[-1].article = replace(last, blocks=last.blocks + (block,))
    if wanted:
        missing = ", ".join(repr(s) for s in wanted.values())
        raise sidecar.error(f"article {fix.ref!r} has no subheading {missing} to split at",
                            fix.line)
    return pieces


def _merge(previous: _Entry, entry: _Entry) -> None:
    heading = " ".join(t for t in (entry.article.title, entry.article.subtitle) if t)
    blocks = (Block("subheading", heading, entry.article.line), *entry.article.blocks)
    previous.article = replace(previous.article, blocks=previous.article.blocks + blocks)


def _edit(entry: _Entry, fix: ArticleFix, columns: Columns, sidecar: Sidecar) -> None:
    article = entry.article
    if fix.title:
        article = replace(article, title=fix.title)
    if fix.column:
        column = columns.match(fix.column)
        if column is None:
            known = "、".join(c.name for c in columns.columns)
            raise sidecar.error(f"unknown column {fix.column!r} (columns: {known})", fix.line)
        entry.column = column
    if fix.slug:
        entry.pinned = fix.slug
    entry.article = replace(article, tags_added=article.tags_added + fix.add_tags,
                            tags_removed=article.tags_removed + fix.remove_tags)


def apply_corrections(issue: Issue, sidecar: Sidecar, columns: Columns) -> Issue:
    """The issue as the sidecar corrects it (unchanged when there are no article fixes)."""
    if not sidecar.articles:
        return issue
    entries = _entries(issue, columns)
    targets = [(fix, _find(entries, fix, sidecar)) for fix in sidecar.articles]
    for fix, entry in targets:
        if fix.split:
            at = entries.index(entry)
            entries[at:at + 1] = _split(entry, fix, sidecar)
    for fix, entry in targets:
        if fix.merge:
            at = entries.index(entry)
            if at == 0:
                raise sidecar.error(f"article {fix.ref!r} is the first: nothing to merge into",
                                    fix.line)
            _merge(entries[at - 1], entry)
            del entries[at]
    for fix, entry in targets:
        if not fix.merge:
            _edit(entry, fix, columns, sidecar)
    return replace(issue, sections=_sections(entries, columns, sidecar))


def _sections(entries: list[_Entry], columns: Columns, sidecar: Sidecar) -> tuple[Section, ...]:
    pinned = {i: e.pinned for i, e in enumerate(entries) if e.pinned}
    if len(set(pinned.values())) != len(pinned):
        raise sidecar.error("two articles pin the same slug")
    slugs = unique_slugs([e.article.title for e in entries], pinned)
    by_column: dict[str, list[Article]] = {}
    for entry, slug in zip(entries, slugs, strict=True):
        by_column.setdefault(entry.column.name, []).append(replace(entry.article, slug=slug))
    return tuple(Section(c.name, c.slug, c.order, tuple(by_column[c.name]))
                 for c in columns.columns if c.name in by_column)
