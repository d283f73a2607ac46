"""A synthetic archive of N monthly issues made from the sample articles.

Each issue is a Markdown-style export with a contents block and 28–37 articles in their
columns, dated (sidecar `date:`) across N consecutive months. Every article is distinct,
as in a real archive (`write_archive(..., distinct=True)`, the default): it keeps the
column and the subheadings of a sample article, its title is joined from two sample
titles of that column, and its paragraphs are new mixes of sentences — half from that
article, half from others of its column — with numbers, dates, years and people's
names varied. So text volume, vocabulary, tags and topics grow with the archive instead
of repeating 65 texts (`distinct=False` copies sample articles as before).
"""

from __future__ import annotations

import dataclasses
import random
import re
from collections import defaultdict
from pathlib import Path

import rjieba

from builder.enrich.terms import general_frequencies
from builder.model import Article, Block
from builder.parse.archive import load_archive

ROOT = Path(__file__).resolve().parent.parent


def sample_articles() -> list[tuple[str, Article]]:
    """(column name, article) for every article of the sample archive."""
    archive = load_archive(ROOT / "content" / "issues", ROOT / "site_data")
    return [(s.name, a) for issue in archive.issues for s in issue.sections for a in s.articles]


def _body(article: Article) -> list[str]:
    lines = []
    for block in article.blocks:
        lines += [f"#### {block.text}" if block.kind == "subheading" else block.text, ""]
    return lines


def issue_export(articles: list[tuple[str, Article]], columns: list[str]) -> str:
    """One issue as a Markdown-style export: cover, contents block, columns, articles."""
    ordered = sorted(articles, key=lambda ca: columns.index(ca[0]))
    lines = ["# 行业信息监测与市场分析", "", "## 信息产业篇", "", "目录", ""]
    page, column = 3, None
    for name, article in ordered:
        if name != column:
            lines.append(f"**{name}** ..... {page}")
            column = name
        lines.append(f"- {article.title} ..... {page}")
        page += 2
    lines.append("")
    column = None
    for name, article in ordered:
        if name != column:
            lines += [f"## {name}", ""]
            column = name
        lines += [f"### {article.title}", ""]
        if article.subtitle:
            lines += [f"### {article.subtitle}", ""]
        lines += _body(article)
    return "\n".join(lines) + "\n"


def month(start_year: int, start_month: int, offset: int) -> tuple[int, int]:
    index = start_year * 12 + start_month - 1 + offset
    return index // 12, index % 12 + 1


_SENTENCE = re.compile(r"[^。！？]+[。！？]?")
_NUMBER = re.compile(r"(?P<md>(?<![\dA-Za-z.])\d{1,2}月\d{1,2}日)|(?P<m>(?<![\dA-Za-z.])\d{1,2}月)"
                     r"|(?P<y>(?<![\dA-Za-z.])(?:19|20)\d\d(?!\d))"
                     r"|(?P<n>(?<![\dA-Za-z.])\d+(?:\.\d+)?(?![\dA-Za-z]))")
SPEECH = {"表示", "说", "指出", "认为", "介绍", "称", "透露", "强调", "坦言"}
"""A word a person's name stands before (how people's names are told from others)."""
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉力宁波斌宇浩凯鹏飞鑫"
         "晨欣怡佳琪雪婷峰俊海东亮志国庆春岩林")


def _words(text: str) -> list[str]:
    return list(rjieba.cut(text))


def _speakers(sentence: str) -> list[str]:
    """People's names in `sentence`: a two- or three-character name (jieba: nr) right
    before a word of speech (…表示, …指出) that jieba's dictionary does not list as a word."""
    tagged = rjieba.tag(sentence)
    words = general_frequencies()[0]
    return [w for (w, pos), (after, _) in zip(tagged, tagged[1:], strict=False)
            if pos == "nr" and 2 <= len(w) <= 3 and after in SPEECH and w not in words]


class Mixer:
    """Distinct articles from the sample's: sentences mixed within a column, numbers,
    dates, years and people's names varied (a benchmark's stand-in for new writing)."""

    def __init__(self, pool: list[tuple[str, Article]]) -> None:
        self.pool = pool
        self.sentences: dict[str, list[str]] = defaultdict(list)
        self.titles: dict[str, list[str]] = defaultdict(list)
        for column, article in pool:
            self.titles[column].append(article.title)
            for block in article.blocks:
                if block.kind == "paragraph":
                    self.sentences[column] += _SENTENCE.findall(block.text)
        self.people = sorted({name for sentences in self.sentences.values()
                              for sentence in sentences for name in _speakers(sentence)},
                             key=lambda name: (-len(name), name))  # longest first; the same
        # order in every run (ties in set order differ between processes: other archives)
        self.used_titles: set[str] = set()

    def vary(self, text: str, rng: random.Random, year: int) -> str:
        """`text` with its numbers, dates, years and people's names changed."""
        def number(m: re.Match) -> str:
            if m["md"]:
                return f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
            if m["m"]:
                return f"{rng.randint(1, 12)}月"
            if m["y"]:
                return str(year - rng.choice((0, 0, 1, 2)) + (int(m["y"]) >= 2025) * 5)
            value = float(m["n"]) * rng.uniform(0.5, 1.6)
            decimals = len(m["n"].partition(".")[2])
            return f"{value:.{decimals}f}" if decimals else str(max(1, round(value)))
        text = _NUMBER.sub(number, text)
        for name in self.people:
            if name in text:
                text = text.replace(name, name[0] + "".join(rng.choice(GIVEN)
                                                            for _ in range(len(name) - 1)))
        return text

    def _title(self, column: str, seed: Article, rng: random.Random, year: int) -> str:
        """The first words of `seed`'s title and the last of another title of its column."""
        for _ in range(20):
            other = rng.choice(self.titles[column])
            head, tail = _words(seed.title), _words(other)
            cut_a = rng.randint(max(1, len(head) // 3), max(1, (len(head) * 2 + 2) // 3))
            cut_b = rng.randint(len(tail) // 3, max(len(tail) // 3, (len(tail) * 2) // 3))
            title = self.vary("".join(head[:cut_a] + tail[cut_b:]), rng, year).strip()
            if title not in self.used_titles and len(title) >= 4:
                self.used_titles.add(title)
                return title
        title = f"{seed.title}（{len(self.used_titles)}）"
        self.used_titles.add(title)
        return title

    def article(self, column: str, seed: Article, rng: random.Random, year: int) -> Article:
        own = [s for b in seed.blocks if b.kind == "paragraph" for s in _SENTENCE.findall(b.text)]
        rng.shuffle(own)  # each of the article's own sentences at most once
        blocks = []
        for block in seed.blocks:
            if block.kind != "paragraph":
                blocks.append(dataclasses.replace(block, text=self.vary(block.text, rng, year)))
                continue
            count = max(1, len(_SENTENCE.findall(block.text)))
            mixed = [own.pop() if own and rng.random() < 0.5
                     else rng.choice(self.sentences[column]) for _ in range(count)]
            blocks.append(Block("paragraph", self.vary("".join(mixed), rng, year)))
        return dataclasses.replace(seed, title=self._title(column, seed, rng, year),
                                   subtitle="", blocks=tuple(blocks))


def write_archive(folder: Path, issues: int, seed: int = 0, first: tuple[int, int] = (2012, 1),
                  columns: list[str] | None = None, distinct: bool = True) -> list[Path]:
    """Write `issues` synthetic issues (and their sidecars) into `folder`; `distinct`:
    every article a new text (see the module), else copies of sample articles."""
    columns = columns or ["产业环境", "运营竞争", "技术情报", "企业情报", "海外借鉴"]
    pool = sample_articles()
    mixer = Mixer(pool) if distinct else None
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(issues):
        rng = random.Random(seed * 100003 + n)
        chosen = rng.sample(pool, rng.randint(28, 37))
        year, mon = month(*first, n)
        if mixer:
            chosen = [(column, mixer.article(column, article, rng, year))
                      for column, article in chosen]
        path = folder / f"issue-{year:04d}-{mon:02d}.md"
        path.write_text(issue_export(chosen, columns), encoding="utf-8")
        path.with_suffix(".yml").write_text(f"date: {year:04d}-{mon:02d}-15\n", encoding="utf-8")
        paths.append(path)
    return paths
