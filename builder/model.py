"""The model: an archive of issues made of columns (sections) made of articles, and what
enrichment derives from it (tags, topics and their timelines, related articles).

Every stage after parsing works on these frozen dataclasses and nothing else.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, total_ordering

from builder.errors import QikanError

_DECORATION = re.compile(r"[\s*#_【】\[\]［］|｜]+")


@dataclass(frozen=True)
class Block:
    """One unit of an article body, in reading order."""

    kind: str
    """`paragraph`, `subheading`, `caption` or `figure`."""
    text: str
    """The text, reflowed, character for character as in the source apart from whitespace
    (a figure's caption; empty for a figure without one)."""
    line: int = 0
    """1-based line in the source file where the block starts (0 when not known)."""
    image: str = ""
    """For a figure: the name of its image among the issue's figures ("" if it has none)."""


@dataclass(frozen=True)
class Figure:
    """An image of an issue: a figure cut out of its PDF (a chart, a photo, a table)."""

    name: str
    """File name, unique in the issue (`p15-2.png`)."""
    data: bytes = field(repr=False)
    """The image, PNG."""
    width: int = 0
    """Display width in CSS pixels (the image holds more, for dense screens)."""
    height: int = 0
    """Display height in CSS pixels."""
    page: int = 0
    """1-based page of the PDF it was cut from."""


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
    """The body: paragraphs, subheadings, captions and figures in source order."""
    line: int = 0
    """1-based line of the title in the source file."""
    source_page: int | None = None
    """1-based page of the original (the PDF) the title is on, when known."""
    tags_added: tuple[str, ...] = ()
    """Tags an editor added in the sidecar."""
    tags_removed: tuple[str, ...] = ()
    """Tags an editor removed in the sidecar."""
    source_title: str = ""
    """The title as first parsed, before any sidecar correction: what identifies the
    article across renames (its published URLs are recorded under it)."""

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
    """`cover`, `contents`, `page-number`, `copyright`, `header` or `figure` (the text
    inside a figure of a PDF, shown in its image)."""
    count: int
    """How many lines of this kind were dropped."""
    sample: str
    """The first dropped line of this kind."""
    lines: tuple[int, ...] = ()
    """1-based source lines that were dropped (none for what a PDF reader dropped)."""


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
    figures: tuple[Figure, ...] = ()
    """Images the articles' figure blocks refer to by name."""
    number: int | None = None
    """The issue's number (期号): from the sidecar, else as printed on the cover."""

    @property
    def articles(self) -> tuple[Article, ...]:
        """All articles of the issue in order."""
        return tuple(a for s in self.sections for a in s.articles)

    @cached_property
    def articles_digest(self) -> str:
        """Hash of the articles' keys, titles, editors' tag changes and blocks: what the
        enrichment reads of the issue (not its title or date). Kept on the issue, which
        `mkdocs serve`'s rebuilds share."""
        digest = hashlib.sha256(self.id.encode())
        for article in self.articles:
            digest.update(repr((article.slug, article.title, article.tags_added,
                                article.tags_removed, [(b.kind, b.text) for b in article.blocks])
                               ).encode("utf-8"))
        return digest.hexdigest()


@dataclass(frozen=True)
class Column:
    """A column as curated in `site_data/sections.yml`."""

    name: str
    """Canonical name, as printed in issues."""
    slug: str
    """URL segment, `sections/<slug>/`."""
    order: int
    """Position in every issue."""
    aliases: tuple[str, ...] = ()
    """Other spellings that mean this column."""


def column_key(text: str) -> str:
    """A line reduced to what identifies a column name: no spaces, markup or width."""
    return _DECORATION.sub("", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class Columns:
    """All columns, with lookup by any of their spellings."""

    columns: tuple[Column, ...]
    """Columns in their fixed order."""

    def match(self, text: str) -> Column | None:
        """The column `text` names (a heading or a bare line), or None."""
        key = column_key(text)
        if not key or len(key) > 12:
            return None
        for column in self.columns:
            if key == column_key(column.name) or key in map(column_key, column.aliases):
                return column
        return None


ArticleKey = tuple[str, str]
"""(issue id, article slug): unique in the archive."""


@dataclass(frozen=True)
class Archive:
    """All issues that parsed, newest first, and the errors of those that did not."""

    issues: tuple[Issue, ...]
    """Parsed issues, newest first."""
    columns: Columns
    """The newsletter's columns."""
    errors: tuple[QikanError, ...] = ()
    """One error per file that could not be used."""

    @property
    def article_count(self) -> int:
        """Number of articles across all issues."""
        return sum(len(issue.articles) for issue in self.issues)

    @cached_property
    def placed(self) -> dict[ArticleKey, Placed]:
        """Every article by key, in archive order (newest issue first); made once (the
        pages, the feeds and the search records all read it: not to be changed)."""
        return {(p.issue.id, p.article.slug): p for i in self.issues for p in issue_placed(i)}


@dataclass(frozen=True)
class Placed:
    """An article with the issue and column it appears in."""

    issue: Issue
    """The issue the article appears in."""
    section: Section
    """The column it appears in."""
    article: Article
    """The article."""

    @property
    def key(self) -> ArticleKey:
        """The article's key in the archive."""
        return (self.issue.id, self.article.slug)


def issue_placed(issue: Issue) -> list[Placed]:
    """The issue's articles with their columns, in the issue's order."""
    return [Placed(issue, section, article) for section in issue.sections
            for article in section.articles]


def placements(archive: Archive) -> dict[ArticleKey, Placed]:
    """Every article of the archive by key, in archive order (newest issue first)."""
    return archive.placed


@total_ordering
@dataclass(frozen=True)
class Tag:
    """A tag: identity and order by slug."""

    slug: str
    """URL segment, `tags/<slug>/`."""
    name: str = field(compare=False)
    """Display name."""

    def __lt__(self, other: Tag) -> bool:
        return self.slug < other.slug

    @property
    def sort_key(self) -> str:
        """A–Z by pinyin."""
        from pypinyin import Style, lazy_pinyin  # 0.4 s to import: only when needed

        return " ".join(lazy_pinyin(self.name, style=Style.NORMAL)).lower()


@dataclass(frozen=True)
class Topic:
    """A subject followed across issues (`topics.yml`)."""

    name: str
    """Display name."""
    slug: str
    """URL segment, `topics/<slug>/`."""
    description: str
    """Short evergreen description."""
    keywords: tuple[str, ...]
    """Words that mean the topic (aliases included)."""
    exclude: tuple[str, ...] = ()
    """Title terms that keep an article out, unless a keyword is in its title too."""
    min_hits: int = 3
    """Keyword occurrences in the body that make an article belong without a title hit."""

    @cached_property
    def folded_keywords(self) -> frozenset[str]:
        """The keywords in lower case, as words are matched."""
        return frozenset(k.lower() for k in self.keywords)


@dataclass(frozen=True)
class Mention:
    """An article's place in a topic timeline."""

    hits: int
    """Keyword occurrences in title and body."""
    sentence: str
    """The first sentence that mentions the topic (the title when only it does)."""
    keyword: str
    """The keyword as it appears in that sentence."""


@dataclass(frozen=True)
class TopicTimeline:
    """A topic's articles across issues."""

    topic: Topic
    """The curated topic."""
    mentions: dict[ArticleKey, Mention]
    """Articles that belong to the topic, with the sentence that mentions it."""
    per_issue: tuple[tuple[str, int], ...]
    """(issue id, number of articles) for every issue, oldest first."""

    @property
    def article_count(self) -> int:
        """How many articles belong to the topic."""
        return len(self.mentions)


@dataclass(frozen=True)
class Enrichment:
    """Everything derived from the words of the archive's articles."""

    tags: dict[ArticleKey, tuple[Tag, ...]] = field(default_factory=dict)
    """Tags of each article, most significant first."""
    tag_index: dict[Tag, tuple[ArticleKey, ...]] = field(default_factory=dict)
    """Articles of each tag, in archive order (newest issue first)."""
    topics: tuple[TopicTimeline, ...] = ()
    """Topic timelines, in the order of topics.yml."""
    related: dict[ArticleKey, tuple[ArticleKey, ...]] = field(default_factory=dict)
    """Up to five related articles per article."""
    cache: dict[str, int] = field(default_factory=dict)
    """Segmentation cache statistics: hits and misses."""
