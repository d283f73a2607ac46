"""Parse one raw issue: text → Issue (columns → articles), with dropped noise and warnings.

Stages: split lines and detect the export shape; find the contents block and
the cover; remove page furniture; reflow into units; structure into articles;
date, title and id from the sidecar or the text; slugs.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from builder.cache import ReadingCache
from builder.editorial.corrections import apply_corrections
from builder.editorial.sidecar import Sidecar, load_sidecar
from builder.errors import ParseError
from builder.model import Article, Columns, Dropped, Figure, Issue, IssueDate, Section
from builder.parse.columns import load_columns
from builder.parse.contents import (
    Contents,
    find_contents,
    separate_listed_titles,
    title_key,
)
from builder.parse.dates import infer_date
from builder.parse.lines import Line, split_lines
from builder.parse.noise import (
    keep_titles,
    merge_dropped,
    noise_kinds,
    summarise,
    without_noise,
)
from builder.parse.reflow import COLUMN, split_paragraph, to_units
from builder.parse.slugs import pinyin_slug, unique_slugs
from builder.parse.structure import Draft, Outline, build_outline
from builder.parse.text import visual_width
from builder.read.decode import decode, read_issue_text
from builder.read.pdf import PdfReading, read_pdf


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


def _sections(drafts: list[Draft], columns: Columns, slugs: list[str],
              page_of: dict[int, int]) -> tuple[Section, ...]:
    by_column: dict[str, list[Article]] = {}
    for draft, slug in zip(drafts, slugs, strict=True):
        article = Article(draft.title, slug, draft.subtitle, draft.page,
                          tuple(draft.blocks), draft.line, page_of.get(draft.line) or None,
                          source_title=draft.title)
        by_column.setdefault(draft.column.name, []).append(article)
    return tuple(Section(c.name, c.slug, c.order, tuple(by_column[c.name]))
                 for c in columns.columns if c.name in by_column)


_NUMBER = re.compile(r"第\s*(\d{1,4})\s*期")


def _cover_number(dropped: list[Dropped], outline: Outline, lines: list[Line]) -> int | None:
    """The issue's number as its cover prints it (总第 123 期, 2021年第11期), if it does."""
    text_of = {line.no: line.text for line in lines}
    cover = [text_of[n] for d in dropped if d.kind == "cover" for n in d.lines if n in text_of]
    cover += [u.text for u in outline.cover]
    found = [int(m[1]) for text in cover for m in _NUMBER.finditer(text) if len(text) < 40]
    return found[0] if found else None


def _date(sidecar: Sidecar, dropped: list[Dropped], outline: Outline, lines: list[Line],
          path: str, reading: PdfReading | None) -> tuple[IssueDate, bool]:
    if sidecar.date:
        return sidecar.date, False
    text_of = {line.no: line.text for line in lines}
    furniture = [text_of[n] for d in dropped if d.kind != "cover" for n in d.lines]
    furniture += list(reading.furniture) if reading else []
    cover = [text_of[n] for d in dropped if d.kind == "cover" for n in d.lines]
    cover += [u.text for u in outline.cover]
    body = "\n".join(b.text for d in outline.drafts for b in d.blocks)
    date = infer_date(furniture, cover, body)
    if date is None:
        raise ParseError(path, "no date found; set `date: YYYY-MM` in the sidecar "
                               f"{Path(path).with_suffix('.yml').name}")
    return date, True


@dataclass(frozen=True)
class _Structure:
    """What an issue's text gives before its sidecar is applied (read-only once made)."""

    lines: list[Line]
    """The source lines."""
    outline: Outline
    """Its articles in order, the cover, the warnings."""
    dropped: list[Dropped]
    """Cover, contents, page furniture and other text left out."""
    reading: PdfReading | None
    """What the PDF reader learned besides the text (None for a text export)."""


def _contents(lines: list[Line], columns: Columns
              ) -> tuple[list[Line], list[Dropped], Contents | None]:
    """The lines without page furniture, what was dropped, and the contents block. The
    block is read without the furniture that only looks like it there (`noise_kinds`
    with `contents`: page numbers alone on their lines, after each title or after all of
    them; the last column at the foot of a page); that reading holds for the block's
    lines when it lists at least as many articles as the body's reading."""
    is_column = lambda t: columns.match(t) is not None  # noqa: E731
    kinds = noise_kinds(lines, is_column)
    kept, noise = without_noise(lines, kinds)
    contents = find_contents(kept, columns)
    listed = noise_kinds(lines, is_column, contents=True)
    tried = without_noise(lines, listed)[0]
    block = find_contents(tried, columns)
    if block is None or len(block.entries) < (len(contents.entries) if contents else 0):
        return kept, noise, contents
    first, last = tried[block.start].no - 1, tried[block.end - 1].no - 1  # line indices
    kinds = {i: kind for i, kind in kinds.items() if not first <= i <= last}
    kinds.update({i: kind for i, kind in listed.items() if first <= i <= last})
    kept, noise = without_noise(lines, kinds)
    return kept, noise, find_contents(kept, columns)


def _structure(text: str, path: str, columns: Columns,
               reading: PdfReading | None) -> _Structure:
    """Lines, contents, noise, units and outline of one issue's text."""
    shape, lines = split_lines(text)
    kept, noise, contents = _contents(lines, columns)
    if contents is not None:
        listed = {title_key(e.title) for e in contents.entries}
        kept, noise = keep_titles(lines, kept, noise, lambda t: title_key(t) in listed)
        contents = find_contents(kept, columns)  # indices into `kept` moved
    body, dropped = _front_matter(kept, contents)
    units = to_units(shape, body, columns, laid_out=reading is not None)
    units = separate_listed_titles(units, contents, split_paragraph)
    if not any(u.kind == COLUMN for u in units) and contents is None:
        raise ParseError(path, "no recognisable column (产业环境, 运营竞争 …) in the text")
    outline = build_outline(units, contents, levels=reading is not None)
    if not outline.drafts:
        raise ParseError(path, "no article found under any column")
    dropped = merge_dropped(dropped + noise + summarise({"cover": _cover_lines(outline, lines,
                                                                               noise)})
                            + list(reading.dropped if reading else ()))
    return _Structure(lines, outline, dropped, reading)


def _issue(structure: _Structure, path: str, sidecar: Sidecar, columns: Columns) -> Issue:
    """The issue an issue's structure and its sidecar make."""
    lines, outline, dropped, reading = (structure.lines, structure.outline, structure.dropped,
                                        structure.reading)
    date, inferred = _date(sidecar, dropped, outline, lines, path, reading)
    slugs = unique_slugs([d.title for d in outline.drafts])
    issue = Issue(
        source=path,
        id=sidecar.id or date.issue_id,
        date=date,
        date_inferred=inferred,
        title=sidecar.title or f"{date.year}年{date.month}月",
        sections=_sections(outline.drafts, columns, slugs, {ln.no: ln.page for ln in lines}),
        dropped=tuple(dropped),
        warnings=tuple(outline.warnings),
        figures=_figures(outline, reading),
        number=sidecar.number or _cover_number(dropped, outline, lines),
    )
    return apply_corrections(issue, sidecar, columns)


def prepare() -> None:
    """Load ahead what the first parse of a process loads (~0.3 s: the table of wide
    characters, pypinyin and its dictionaries): for a process that waits anyway before it
    parses (`mkdocs serve`'s build process between saves)."""
    visual_width("")
    pinyin_slug("预备")


def parse_text(text: str, path: str, sidecar: Sidecar | None = None,
               columns: Columns | None = None, reading: PdfReading | None = None) -> Issue:
    """Parse decoded text into an Issue, or raise ParseError. `reading`: what a PDF reader
    learned from the page besides the text (furniture, figures); its headings' levels and
    paragraphs come from the layout and are taken as they are."""
    columns = columns or load_columns()
    return _issue(_structure(text, path, columns, reading), path, sidecar or Sidecar(),
                  columns)


def _figures(outline: Outline, reading: PdfReading | None) -> tuple[Figure, ...]:
    """The reader's figures that articles refer to."""
    used = {b.image for d in outline.drafts for b in d.blocks if b.kind == "figure"}
    return tuple(f for f in reading.figures if f.name in used) if reading else ()


STRUCTURES_KEPT = 8
"""Issues whose structure a process keeps in memory (the last ones parsed)."""
_structures: dict[tuple[str, bytes, Columns] | None, _Structure] = {}


def _read_structure(path: Path, columns: Columns, readings: ReadingCache | None) -> _Structure:
    """The structure of one raw issue; kept in memory by the file's bytes, so that a
    sidecar edited again and again under `mkdocs serve` does not have the file read and
    parsed again; a PDF's reading is also taken from `readings` (its sidecar edited in
    another build)."""
    try:
        digest = hashlib.sha256(data := path.read_bytes()).digest()
    except OSError:  # the readers say what is wrong with the file
        data = digest = None
    key = (str(path), digest, columns) if digest is not None else None
    structure = _structures.pop(key, None)
    if structure is None:
        if path.suffix.lower() == ".pdf":
            reading = _reading(path, digest, columns, readings)
            structure = _structure(reading.text, str(path), columns, reading)
        else:
            text = decode(data, path) if data is not None else read_issue_text(path)
            structure = _structure(text, str(path), columns, None)
    if key is None:
        return structure
    _structures[key] = structure  # the most recent last
    while len(_structures) > STRUCTURES_KEPT:
        del _structures[next(iter(_structures))]
    return structure


def _reading(path: Path, digest: bytes | None, columns: Columns,
             readings: ReadingCache | None) -> PdfReading:
    """The PDF read (or its reading from `readings`, when it holds these bytes' — `digest`)."""
    key = ReadingCache.key(digest, columns) if digest is not None and readings else None
    found = readings.get(path, key) if key else None
    if isinstance(found, PdfReading):
        return found
    reading = read_pdf(path, columns)
    if key:
        readings.put(path, key, reading)
    return reading


def parse_file(path: str | Path, columns: Columns | None = None,
               readings: ReadingCache | None = None) -> Issue:
    """Read and parse one raw issue (a PDF, or text a converter exported) with its sidecar
    (`readings`: where PDF readings are kept between builds)."""
    columns = columns or load_columns()
    return _issue(_read_structure(Path(path), columns, readings), str(path),
                  load_sidecar(path), columns)
