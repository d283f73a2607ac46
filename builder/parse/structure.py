"""Structure: units → columns → articles (titles, subtitles, subheadings, body).

With a contents block, it decides which headings are articles and in which
column. Without one, the text around each heading decides (`headings`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from builder.model import Block, Column
from builder.parse.contents import Contents, Entry, title_key
from builder.parse.headings import UNSURE, Context, Weights, article_evidence, spacing_convention
from builder.parse.lines import TITLE_LEVEL
from builder.parse.reflow import (
    CAPTION_KIND,
    COLUMN,
    FIGURE,
    HEADING,
    PARAGRAPH,
    Unit,
    closes_paragraph,
)
from builder.parse.text import join_wrapped, visual_width

LEAD_CHARS = 400
RECENT_CHARS = 1500
AFTER_CHARS = 600
SUBTITLE_MARKS = ("——", "—", "--")
UNTITLED = "（无标题）"
PROSE = 60
"""A paragraph this long (or ending a sentence) before the first column is article text."""


@dataclass
class Draft:
    """An article while it is being assembled."""

    title: str
    column: Column
    line: int
    subtitle: str = ""
    page: int | None = None
    blocks: list[Block] = field(default_factory=list)

    def lead(self) -> tuple[str, ...]:
        """Title, subtitle and the opening paragraphs of the body."""
        return (self.title, self.subtitle, *_window(self.blocks, LEAD_CHARS))

    def recent(self) -> tuple[str, ...]:
        """The last paragraphs of the body so far."""
        return tuple(reversed(_window(reversed(self.blocks), RECENT_CHARS, from_end=True)))


def _window(blocks, chars: int, from_end: bool = False) -> tuple[str, ...]:
    """Texts of blocks taken in order, the last one cut so that they hold `chars` characters."""
    texts, room = [], chars
    for block in blocks:
        if room <= 0:
            break
        text = block.text
        if len(text) > room:
            text = text[-room:] if from_end else text[:room]
        texts.append(text)
        room -= len(text)
    return tuple(texts)


@dataclass
class Outline:
    """What structuring produced: articles in order, the cover, and warnings."""

    drafts: list[Draft]
    cover: list[Unit]
    warnings: list[str]


_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|"
                       r"\d+[、.．]|第[一二三四五六七八九十\d]+)")
"""A numbered subheading (一、 （二） 3. 第四…): never the rest of a title."""
WRAPPED_TITLE = 40
"""Headings narrower than this (half-width cells) are never taken for wrapped titles."""


def group_units(units: list[Unit]) -> list[list[Unit]]:
    """Consecutive heading candidates form one group; every other unit stands alone."""
    groups: list[list[Unit]] = []
    for unit in units:
        if unit.kind == HEADING and groups and groups[-1][-1].kind == HEADING:
            groups[-1].append(unit)
        else:
            groups.append([unit])
    return groups


def _is_subtitle(text: str) -> bool:
    return text.startswith(SUBTITLE_MARKS)


class _Matcher:
    """Finds contents entries for headings, each entry once, fuzzily."""

    def __init__(self, contents: Contents | None) -> None:
        self.entries = {title_key(e.title): e for e in contents.entries} if contents else {}
        self.used: set[str] = set()

    def find(self, text: str, near: bool = True) -> Entry | None:
        """The entry titled `text`; with `near`, also one whose title it nearly is."""
        key = title_key(text)
        if len(key) < 2:
            return None
        entry = self.entries.get(key) if key not in self.used else None
        if entry is None and near:
            entry = self._near(key)
        if entry is not None:
            self.used.add(title_key(entry.title))
        return entry

    def _near(self, key: str) -> Entry | None:
        for known, entry in self.entries.items():
            if known in self.used:
                continue
            short, long_ = sorted((known, key), key=len)
            if long_.startswith(short) and len(short) >= 0.8 * len(long_):
                return entry
        return None

    def missing(self) -> list[Entry]:
        return [e for k, e in self.entries.items() if k not in self.used]


class _Builder:
    """Walks the unit groups once, opening articles and filling their bodies."""

    def __init__(self, groups: list[list[Unit]], contents: Contents | None,
                 levels: bool = False) -> None:
        self.groups = groups
        self.matcher = _Matcher(contents)
        self.with_contents = contents is not None
        self.levels = levels
        """Heading levels come from the page (font sizes): TITLE_LEVEL opens an article."""
        self.waiting: list[Block] = []
        """Figures and captions before any article of a column: the next article's."""
        paragraphs = [u.text for g in groups for u in g if u.kind == PARAGRAPH]
        self.weights = Weights.of(paragraphs)
        headings = [u.text for g in groups for u in g if u.kind == HEADING]
        self.spacing = spacing_convention(headings)
        widths = sorted(map(visual_width, headings), reverse=True)
        self.title_width = widths[1] if len(widths) > 1 else 0
        """The second widest heading line: a title wrapped in its font fills about as much
        (two of them at least: the widest alone is no measure)."""
        self.drafts: list[Draft] = []
        self.cover: list[Unit] = []
        self.warnings: list[str] = []
        self.column: Column | None = None
        self.after_column = False

    @property
    def current(self) -> Draft | None:
        return self.drafts[-1] if self.drafts else None

    def run(self) -> Outline:
        for index, group in enumerate(self.groups):
            head = group[0]
            if head.kind == COLUMN:
                self._adopt_cover(head.column)
                self.column, self.after_column = head.column, True
            elif head.kind == HEADING:
                self._headings(index, group)
            else:
                self._body(head)
        for entry in self.matcher.missing():
            self.warnings.append(f"line {entry.line}: contents lists “{entry.title}” "
                                 f"(p. {entry.page}) but no such heading was found")
        if self.waiting and self.current is not None:
            self.current.blocks += self.waiting  # figures after the last article's text
        elif self.waiting:
            self.cover += [Unit(CAPTION_KIND, b.text, b.line, last=b.line) for b in self.waiting]
        return Outline(self.drafts, self.cover, self.warnings)

    def _adopt_cover(self, column: Column) -> None:
        """Prose before the first column is an article the export lost the start of."""
        if not any(u.kind == PARAGRAPH and (closes_paragraph(u.text) or len(u.text) > PROSE)
                   for u in self.cover):
            return
        first = self.cover[0]
        self.warnings.append(f"line {first.line}: text before the first column, kept as an "
                             f"untitled article in {column.name}")
        draft = Draft(UNTITLED, column, first.line)
        kinds = {HEADING: "subheading", CAPTION_KIND: "caption"}
        draft.blocks = [Block(kinds.get(u.kind, "paragraph"), u.text, u.line) for u in self.cover]
        self.drafts.append(draft)
        self.cover = []

    def _open(self, unit: Unit, title: str, entry: Entry | None = None,
              wrapped: Unit | None = None) -> None:
        """An article titled `title` (the text of `unit`, and of `wrapped` when the title
        went on in that next unit) — or, before any column, the cover's units."""
        column = entry.column if entry and entry.column else self.column
        if column is None:
            self.cover += [unit] if wrapped is None else [unit, wrapped]
            return
        if self.column is None:
            self._adopt_cover(column)
        self.column = column
        self.drafts.append(Draft(title, column, unit.line, page=entry.page if entry else None,
                                 blocks=self.waiting))
        self.waiting = []
        self.after_column = False

    def _add(self, block: Block) -> None:
        if self.current is not None:
            self.current.blocks.append(block)

    def _body(self, unit: Unit) -> None:
        if self.with_contents and unit.kind == PARAGRAPH and (entry := self._listed(unit)):
            self._open(unit, unit.text, entry)
            return
        if (unit.kind in (FIGURE, CAPTION_KIND) and self.column is not None
                and (self.current is None or self.after_column)):
            self.waiting.append(_block(unit))  # a figure never opens an article
            return
        if self.current is None or self.after_column:
            if self.column is None:
                self.cover.append(unit)
                return
            self.warnings.append(f"line {unit.line}: text before the first article of "
                                 f"{self.column.name}, kept as an untitled article")
            self._open(unit, UNTITLED)
        self._add(_block(unit))

    def _listed(self, unit: Unit) -> Entry | None:
        """A long title the export did not mark as a heading, found by exact match."""
        key = title_key(unit.text)
        entry = self.matcher.entries.get(key)
        if entry is None or key in self.matcher.used:
            return None
        self.matcher.used.add(key)
        return entry

    def _subheading(self, unit: Unit, text: str) -> None:
        if self.current is None:
            self._body(unit)
        else:
            self._add(Block("subheading", text, unit.line))

    def _headings(self, index: int, group: list[Unit]) -> None:
        if self.with_contents:
            self._headings_by_contents(group)
        elif self.levels:
            self._headings_by_level(group)
        else:
            self._headings_by_context(index, group)

    def _headings_by_level(self, group: list[Unit]) -> None:
        """Fonts decided: a title opens an article, a `——` line right after it is its
        subtitle, every other heading is a subheading."""
        for unit in group:
            current = self.current
            if unit.level == TITLE_LEVEL:
                self._open(unit, unit.text)
            elif (_is_subtitle(unit.text) and current is not None and not current.subtitle
                  and not current.blocks):
                current.subtitle = unit.text
            elif unit.level == 1 and self.column is None:
                self.cover.append(unit)
            else:
                self._subheading(unit, unit.text)

    def _headings_by_contents(self, group: list[Unit]) -> None:
        i = 0
        while i < len(group):
            unit = group[i]
            pair = join_wrapped(unit.text, group[i + 1].text) if i + 1 < len(group) else ""
            if entry := self.matcher.find(unit.text, near=False):
                self._open(unit, unit.text, entry)
                i += 1
            elif pair and (entry := self.matcher.find(pair, near=False)):
                self._open(unit, pair, entry, group[i + 1])
                i += 2
            elif entry := self.matcher.find(unit.text):
                self._open(unit, unit.text, entry)
                i += 1
            else:
                self._subheading(unit, unit.text)
                i += 1
                continue
            if i < len(group) and _is_subtitle(group[i].text) and self.current:
                self.current.subtitle = group[i].text
                i += 1

    def _headings_by_context(self, index: int, group: list[Unit]) -> None:
        subtitled = len(group) > 1 and _is_subtitle(group[1].text)  # a title's second line
        starts = self.after_column or self.current is None or subtitled
        if not starts:
            evidence = article_evidence(self._context(index, group), self.weights, self.spacing)
            starts = evidence > 0
            if abs(evidence) < UNSURE:
                kind = "an article title" if starts else "a subheading"
                self.warnings.append(f"line {group[0].line}: unsure whether "
                                     f"“{group[0].text}” is an article; taken as {kind}")
        if not starts:
            self._subheading(group[0], " ".join(u.text for u in group))
            return
        rest = group[1:]
        if rest and rest[0].level == group[0].level and not _is_subtitle(rest[0].text) \
                and not _NUMBERED.match(rest[0].text) and self._wrapped(group[0].text):
            self._open(group[0], join_wrapped(group[0].text, rest[0].text), wrapped=rest[0])
            rest = rest[1:]
        else:
            self._open(group[0], group[0].text)
        for unit in rest:
            current = self.current
            if _is_subtitle(unit.text) and current and not current.subtitle and not current.blocks:
                self.current.subtitle = unit.text
            else:
                self._subheading(unit, unit.text)

    def _wrapped(self, title: str) -> bool:
        """A title line about as wide as the title width (`title_width`), not ending a
        sentence: the title goes on on the next line (`…推进国家政务信` / `息化规划`)."""
        return (self.title_width >= WRAPPED_TITLE and visual_width(title)
                >= 0.9 * self.title_width and title[-1] not in "。？！?!；;")

    def _context(self, index: int, group: list[Unit]) -> Context:
        after, total = [], 0
        for later in self.groups[index + 1:]:
            if later[0].kind not in (PARAGRAPH, CAPTION_KIND) or total >= AFTER_CHARS:
                break
            after.append(later[0].text)
            total += len(later[0].text)
        draft = self.current
        assert draft is not None
        heading = " ".join(u.text for u in group)
        return Context(heading, tuple(after), draft.lead(), draft.recent())


def _block(unit: Unit) -> Block:
    """A body unit as a block of the article."""
    if unit.kind == FIGURE:
        return Block("figure", unit.text, unit.line, image=unit.figure or "")
    return Block("caption" if unit.kind == CAPTION_KIND else "paragraph", unit.text, unit.line)


def build_outline(units: list[Unit], contents: Contents | None, levels: bool = False) -> Outline:
    """Assign every unit to the cover or to an article in a column (`levels`: heading
    levels come from the page's fonts and decide titles without a contents block)."""
    return _Builder(group_units(units), contents, levels).run()
