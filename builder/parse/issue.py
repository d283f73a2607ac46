"""Parse one raw issue: text → Issue (columns → articles), with dropped noise and warnings.

Stages: split lines and detect the export shape; find the contents block and
the cover; remove page furniture; reflow into units; structure into articles;
date, title and id from the sidecar or the text; slugs.
"""

from __future__ import annotations

from pathlib import Path

from builder.editorial.corrections import apply_corrections
from builder.editorial.sidecar import Sidecar, load_sidecar
from builder.errors import ParseError
from builder.model import Article, Columns, Dropped, Issue, IssueDate, Section
from builder.parse.columns import load_columns
from builder.parse.contents import Contents, find_contents
from builder.parse.dates import infer_date
from builder.parse.lines import Line, split_lines
from builder.parse.noise import merge_dropped, remove_noise, summarise
from builder.parse.reflow import COLUMN, to_units
from builder.parse.slugs import unique_slugs
from builder.parse.structure import Draft, Outline, build_outline
from builder.read.decode import read_issue_text


def _front_matter(lines: list[Line], contents: Contents | None) -> tuple[list[Line], list[Dropped]]:
    """Split off the cover and the contents block; the rest is the body."""
    if contents is None:
        return lines, []
    cover = [line for line in lines[:contents.start] if not line.blank]
    block = [line for line in lines[contents.start:contents.end] if not line.blank]
    return lines[contents.end:], summarise({"cover": cover, "contents": block})


def _cover_lines(outline: Outline, lines: list[Line], noise: list[Dropped]) -> list[Line]:
    """Every source line of the cover units (a unit may span several lines)."""
    by_no = {line.no: line for line in lines if not line.blank}
    noisy = {n for d in noise for n in d.lines}
    return [by_no[n] for u in outline.cover for n in range(u.line, max(u.last, u.line) + 1)
            if n in by_no and n not in noisy]


def _sections(drafts: list[Draft], columns: Columns, slugs: list[str]) -> tuple[Section, ...]:
    by_column: dict[str, list[Article]] = {}
    for draft, slug in zip(drafts, slugs, strict=True):
        article = Article(draft.title, slug, draft.subtitle, draft.page,
                          tuple(draft.blocks), draft.line)
        by_column.setdefault(draft.column.name, []).append(article)
    return tuple(Section(c.name, c.slug, c.order, tuple(by_column[c.name]))
                 for c in columns.columns if c.name in by_column)


def _date(sidecar: Sidecar, dropped: list[Dropped], outline: Outline, lines: list[Line],
          path: str) -> tuple[IssueDate, bool]:
    if sidecar.date:
        return sidecar.date, False
    text_of = {line.no: line.text for line in lines}
    furniture = [text_of[n] for d in dropped if d.kind != "cover" for n in d.lines]
    cover = [text_of[n] for d in dropped if d.kind == "cover" for n in d.lines]
    cover += [u.text for u in outline.cover]
    body = "\n".join(b.text for d in outline.drafts for b in d.blocks)
    date = infer_date(furniture, cover, body)
    if date is None:
        raise ParseError(path, "no date found; set `date: YYYY-MM` in the sidecar "
                               f"{Path(path).with_suffix('.yml').name}")
    return date, True


def parse_text(text: str, path: str, sidecar: Sidecar | None = None,
               columns: Columns | None = None) -> Issue:
    """Parse decoded text into an Issue, or raise ParseError."""
    columns = columns or load_columns()
    sidecar = sidecar or Sidecar()
    shape, lines = split_lines(text)
    kept, noise = remove_noise(lines, lambda t: columns.match(t) is not None)
    contents = find_contents(kept, columns)
    body, dropped = _front_matter(kept, contents)
    units = to_units(shape, body, columns)
    if not any(u.kind == COLUMN for u in units) and contents is None:
        raise ParseError(path, "no recognisable column (产业环境, 运营竞争 …) in the text")
    outline = build_outline(units, contents)
    if not outline.drafts:
        raise ParseError(path, "no article found under any column")
    dropped = merge_dropped(dropped + noise + summarise({"cover": _cover_lines(outline, lines,
                                                                               noise)}))
    date, inferred = _date(sidecar, dropped, outline, lines, path)
    slugs = unique_slugs([d.title for d in outline.drafts])
    issue = Issue(
        source=path,
        id=sidecar.id or date.issue_id,
        date=date,
        date_inferred=inferred,
        title=sidecar.title or f"{date.year}年{date.month}月",
        sections=_sections(outline.drafts, columns, slugs),
        dropped=tuple(dropped),
        warnings=tuple(outline.warnings),
    )
    return apply_corrections(issue, sidecar, columns)


def parse_file(path: str | Path, columns: Columns | None = None) -> Issue:
    """Read, decode and parse one raw issue with its sidecar."""
    text = read_issue_text(path)
    return parse_text(text, str(path), load_sidecar(path), columns)
