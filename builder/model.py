"""The content model: an issue made of columns (sections) made of articles.

Every stage after parsing works on these frozen dataclasses and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Block:
    """One unit of an article body, in reading order."""

    kind: str
    """`paragraph`, `subheading` or `caption`."""
    text: str
    """The text, reflowed, character for character as in the source apart from whitespace."""
    line: int = 0
    """1-based line in the source file where the block starts (0 when not known)."""


@dataclass(frozen=True)
class Article:
    """One article of an issue."""

    title: str
    """The title as printed in the issue body."""
    slug: str
    """URL segment, unique within the issue."""
    subtitle: str = ""
    """A second title line (usually starting with ——), or empty."""
    page: int | None = None
    """Page number from the contents block, when the issue has one."""
    blocks: tuple[Block, ...] = ()
    """The body: paragraphs, subheadings and captions in source order."""
    line: int = 0
    """1-based line of the title in the source file."""
    tags_added: tuple[str, ...] = ()
    """Tags an editor added in the sidecar."""
    tags_removed: tuple[str, ...] = ()
    """Tags an editor removed in the sidecar."""

    @property
    def subheadings(self) -> tuple[str, ...]:
        """The article's subheadings in order."""
        return tuple(b.text for b in self.blocks if b.kind == "subheading")


@dataclass(frozen=True)
class Section:
    """One column (栏目) of an issue, holding its articles in order."""

    name: str
    """Canonical column name from `site_data/sections.yml`."""
    slug: str
    """URL segment of the column (`sections/<slug>/`)."""
    order: int
    """Position of the column in every issue."""
    articles: tuple[Article, ...] = ()
    """The column's articles in source order."""


@dataclass(frozen=True)
class Dropped:
    """Text the parser removed as noise, summarised for an editor to review."""

    kind: str
    """`cover`, `contents`, `page-number`, `copyright` or `header`."""
    count: int
    """How many lines of this kind were dropped."""
    sample: str
    """The first dropped line of this kind."""
    lines: tuple[int, ...] = ()
    """1-based source lines that were dropped."""


@dataclass(frozen=True)
class IssueDate:
    """When an issue appeared: year and month always, the day when known."""

    year: int
    """Four-digit year."""
    month: int
    """Month, 1–12."""
    day: int | None = None
    """Day of the month, when known."""

    def __str__(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def issue_id(self) -> str:
        """The default issue id, `YYYY-MM`."""
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True)
class Issue:
    """One issue of the newsletter, parsed from one raw export file."""

    source: str
    """Path of the raw export the issue was parsed from."""
    id: str
    """Issue id, `YYYY-MM` unless the sidecar sets one."""
    date: IssueDate
    """Publication date."""
    date_inferred: bool
    """True when the date was inferred from the text rather than set in a sidecar."""
    title: str
    """Display title of the issue."""
    sections: tuple[Section, ...] = ()
    """Columns in their fixed order; only columns that have articles."""
    dropped: tuple[Dropped, ...] = ()
    """Noise removed from the text, by kind."""
    warnings: tuple[str, ...] = field(default=())
    """Things an editor should look at (uncertain headings, unmatched contents lines …)."""

    @property
    def articles(self) -> tuple[Article, ...]:
        """All articles of the issue in order."""
        return tuple(a for s in self.sections for a in s.articles)
