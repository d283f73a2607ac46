"""Write: the archive → Markdown pages with YAML front matter, as {path: text}.

Renderer-agnostic: plain Markdown with relative links to other `.md` pages and
metadata in front matter. Paths (and so URLs):
`index.md` home · `issues/index.md` archive · `issues/<id>/index.md` an issue ·
`issues/<id>/<slug>.md` an article · `sections/index.md` columns ·
`sections/<slug>.md` a column across issues.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterable, Iterator
from itertools import groupby
from pathlib import Path

from builder.editorial.published import moves
from builder.errors import QikanError
from builder.model import (
    Archive,
    Article,
    ArticleKey,
    Enrichment,
    Issue,
    IssueDate,
    Placed,
    Section,
    Tag,
    Topic,
    TopicTimeline,
    placements,
)
from builder.settings import Masthead
from builder.write.charts import Bar, Month, month_chart
from builder.write.depends import PageMemo, inputs
from builder.write.listing import FRAGMENTS, Page, issue_anchor, listing_pages
from builder.write.markdown import FIGURES, escape_inline, render_body
from builder.write.urls import page_url, relative_path

EXCERPT_CHARS = 60
CHARS_PER_MINUTE = 500
"""Reading speed for Chinese text."""
_LATIN_WORD = re.compile(r"[A-Za-z0-9]+(?:[.'’-][A-Za-z0-9]+)*")
_NOT_CJK = re.compile(r"[^\u3400-\u9fff\uf900-\ufaff]+")


def front_matter(meta: dict) -> str:
    """A YAML front matter block; every value is written as JSON, which is valid YAML
    (double-quoted scalars, flow sequences) and many times faster to emit."""
    body = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n"
                   for key, value in meta.items())
    return f"---\n{body}---\n\n"


def link(text: str, target: str, here: str) -> str:
    """A Markdown link to page `target` written from page `here` (both site paths)."""
    return f"[{escape_inline(text)}]({relative_path(target, here)})"


TABS = {"issues": ("期刊", "issues/index.md"), "sections": ("栏目", "sections/index.md"),
        "tags": ("标签", "tags/index.md"), "topics": ("专题", "topics/index.md")}
"""The top tabs (mkdocs.yml `nav`) the generated pages belong to: title and page."""
HIDE = ["navigation"]
"""Generated pages hide the navigation sidebar: the site's navigation is its top tabs
(a sidebar would hold only a link to the page itself); phones keep the drawer."""


def page_meta(tab: str | None, meta: dict) -> dict:
    """Front matter of a generated page: the tab it belongs to (shown active) and no
    navigation sidebar."""
    hide = [*HIDE, *(h for h in meta.pop("hide", []) if h not in HIDE)]
    return {**meta, **({"tab": TABS[tab][0]} if tab else {}), "hide": hide}


def crumbs(here: str, tab: str, *trail: tuple[str, str | None]) -> str:
    """Where a page is: 首页 › its tab › … (each a link but the last), one line."""
    steps = [("首页", "index.md"), TABS[tab], *trail]
    parts = [link(text, path, here) if path else escape_inline(text) for text, path in steps]
    return " › ".join(parts) + "\n{ .qk-crumbs }\n"


def reader_date(date: IssueDate) -> str:
    """A date as readers read it: 2021年11月, 2020年12月24日."""
    day = f"{date.day}日" if date.day else ""
    return f"{date.year}年{date.month}月{day}"


def issue_numbers(archive: Archive) -> dict[str, int]:
    """Each issue's number (期号): the sidecar's or the cover's, else its place in the
    archive counted from the oldest issue."""
    oldest_first = sorted(archive.issues, key=lambda i: (i.date.year, i.date.month,
                                                         i.date.day or 0, i.id))
    return {i.id: i.number or n for n, i in enumerate(oldest_first, 1)}


def article_path(issue: Issue, article: Article) -> str:
    return f"issues/{issue.id}/{article.slug}.md"


def issue_path(issue: Issue) -> str:
    return f"issues/{issue.id}/index.md"


def section_path(slug: str) -> str:
    return f"sections/{slug}.md"


def tag_path(tag: Tag) -> str:
    return f"tags/{tag.slug}.md"


def topic_path(slug: str) -> str:
    return f"topics/{slug}.md"


def pdf_name(issue: Issue) -> str:
    """The file name of an issue's original, published next to its pages."""
    return f"{issue.id}.pdf"


def original_path(issue: Issue) -> str | None:
    """Where the issue's original PDF is published, when it was read from one."""
    return f"issues/{issue.id}/{pdf_name(issue)}" if issue.source.lower().endswith(".pdf") \
        else None


def assets(archive: Archive) -> dict[str, bytes | Path]:
    """The files the pages link to besides pages: each issue's figures (PNG) and its
    original PDF (the source file itself)."""
    files: dict[str, bytes | Path] = {}
    for issue in archive.issues:
        for figure in issue.figures:
            files[f"issues/{issue.id}/{FIGURES}/{figure.name}"] = figure.data
        if original := original_path(issue):
            files[original] = Path(issue.source)
    return files


def placed_path(placed: Placed) -> str:
    """The page of a placed article."""
    return article_path(placed.issue, placed.article)


def excerpt(article: Article) -> str:
    """The opening of the first paragraph, cut to one line."""
    first = next((b.text for b in article.blocks if b.kind == "paragraph"), "")
    return first if len(first) <= EXCERPT_CHARS else first[:EXCERPT_CHARS] + "…"


def text_length(article: Article) -> int:
    """Length as a Chinese reader counts it: characters, plus Latin words as one each."""
    text = " ".join(b.text for b in article.blocks)
    return len(_NOT_CJK.sub("", text)) + len(_LATIN_WORD.findall(text))


def reading_minutes(chars: int) -> int:
    return max(1, round(chars / CHARS_PER_MINUTE))


def _neighbours(issue: Issue) -> dict[str, tuple[Article | None, Article | None]]:
    articles = issue.articles
    return {a.slug: (articles[i - 1] if i else None,
                     articles[i + 1] if i + 1 < len(articles) else None)
            for i, a in enumerate(articles)}


def article_page(issue: Issue, section: Section, article: Article,
                 prev: Article | None, nxt: Article | None,
                 tags: tuple[Tag, ...] = (), related: tuple[Placed, ...] = ()) -> str:
    """One article: metadata, tags, body with `##` subheadings, related, previous / next."""
    here = article_path(issue, article)
    chars = text_length(article)
    meta = page_meta("issues", {
        "template": "article.html", "title": article.title, "subtitle": article.subtitle,
        "issue": issue.id, "issue_title": issue.title, "column": section.name,
        "column_slug": section.slug, "date": str(issue.date), "page": article.page,
        "chars": chars, "reading_minutes": reading_minutes(chars),
        "tags": [t.name for t in tags]})
    facts = [link(issue.title, issue_path(issue), here),
             link(section.name, section_path(section.slug), here)]
    if reader_date(issue.date) != issue.title:
        facts.append(reader_date(issue.date))
    if original_path(issue) and article.source_page:  # the printed number when known
        page = article.page or article.source_page
        facts.append(f"[原文第 {page} 页]({pdf_name(issue)}#page={article.source_page})")
    elif article.page is not None:
        facts.append(f"原刊第 {article.page} 页")
    facts.append(f"约 {chars:,} 字 · 阅读约 {reading_minutes(chars)} 分钟")
    parts = [front_matter(meta),
             crumbs(here, "issues", (issue.title, issue_path(issue)), (section.name, None)),
             "\n", " · ".join(facts), "\n{ .qk-meta }\n\n"]
    if tags:
        chips = " ".join(link(t.name, tag_path(t), here) for t in tags)
        parts.append(f"标签：{chips}\n{{ .qk-tags }}\n\n")
    parts += [render_body(article.blocks, {f.name: f for f in issue.figures}), "\n"]
    if related:
        parts.append("\n## 相关文章 { #related }\n\n")
        parts += [f"- {link(r.article.title, placed_path(r), here)} · "
                  f"{escape_inline(r.issue.title)} · {escape_inline(r.section.name)}\n"
                  for r in related]
    nav = []
    if prev:
        nav.append("上一篇：" + link(prev.title, article_path(issue, prev), here))
    if nxt:
        nav.append("下一篇：" + link(nxt.title, article_path(issue, nxt), here))
    if nav:
        parts.append("\n" + " · ".join(nav) + "\n{ .qk-prevnext }\n")
    return "".join(parts)


def issue_page(issue: Issue, older: Issue | None, newer: Issue | None,
               number: int | None = None) -> str:
    """An issue as its contents: columns in order, articles with page numbers, linked."""
    here = issue_path(issue)
    meta = page_meta("issues", {"template": "issue.html", "title": issue.title,
                                "issue": issue.id, "date": str(issue.date),
                                "date_inferred": issue.date_inferred,
                                "articles": len(issue.articles)})
    facts = [f"第 {number} 期" if number else "", reader_date(issue.date),
             f"共 {len(issue.articles)} 篇"]
    facts = [f for f in facts if f and f != issue.title]
    if original_path(issue):
        facts.append(f"[原文 PDF]({pdf_name(issue)})")
    if older:
        facts.append("上一期：" + link(older.title, issue_path(older), here))
    if newer:
        facts.append("下一期：" + link(newer.title, issue_path(newer), here))
    lines = [front_matter(meta), crumbs(here, "issues"), " · ".join(facts), "{ .qk-meta }", ""]
    for section in issue.sections:
        lines += _contents_section(issue, section, here, f"{section.name} {{ #{section.slug} }}")
    return "\n".join(lines)


def _contents_section(issue: Issue, section: Section, here: str, heading: str,
                      level: str = "##") -> list[str]:
    lines = [f"{level} {heading}", ""]
    for article in section.articles:
        page = f" · 第 {article.page} 页" if article.page is not None else ""
        lines.append(f"- {link(article.title, article_path(issue, article), here)}{page}")
    return lines + [""]


def feed_path(page: str) -> str:
    """The Atom feed of a column's or topic's page (`sections/x.md` → `sections/x/feed.xml`)."""
    return f"{page.removesuffix('.md')}/feed.xml"


def _feed_link(page: str, here: str, what: str) -> str:
    return f"[订阅{what}（Atom）]({relative_path(feed_path(page), here)}){{ .qk-feed }}"


def _list_top(tab: str, name: str, first: str, here: str, page: Page, meta: dict
              ) -> list[str]:
    """Front matter and breadcrumb of a page of a list whose landing page is `first`: the
    other pages are titled with their date range and lead back to it; `meta` (which may
    change with every issue: counts) goes on the landing page only."""
    if page.landing:
        return [front_matter(page_meta(tab, {"title": name, **meta})), crumbs(here, tab)]
    months = sorted({(i.date.year, i.date.month) for i in page.issues})
    first_month, last_month = (f"{y}年{m}月" for y, m in (months[0], months[-1]))
    span = first_month if first_month == last_month else f"{first_month} – {last_month}"
    return [front_matter(page_meta(tab, {"title": f"{name}（{span}）"})),
            crumbs(here, tab, (name, first))]


def section_pages(archive: Archive, name: str, slug: str) -> dict[str, str]:
    """One column across all issues: newest issue first, grouped by issue, paginated."""
    first = section_path(slug)
    groups = [(issue, section) for issue in archive.issues for section in issue.sections
              if section.slug == slug]
    count = sum(len(section.articles) for _, section in groups)

    def head(here: str, page: Page) -> list[str]:
        top = _list_top("sections", name, first, here, page,
                        {"column": name, "articles": count, "feed": feed_path(first)})
        if not page.landing:
            return [*top, ""]
        return [*top, f"「{escape_inline(name)}」栏目共 {count} 篇，按期排列，最新一期在前。"
                f"{_feed_link(first, here, '本栏目')}", ""]

    def render(issue: Issue, section: Section, here: str) -> list[str]:
        heading = f"{link(issue.title, issue_path(issue), here)} {{ #{issue_anchor(issue)} }}"
        return _contents_section(issue, section, here, heading)

    return listing_pages(first, groups, lambda section: len(section.articles), head, render,
                         identity=lambda issue, section: section.slug)


def sections_index(archive: Archive) -> str:
    """All columns with their article counts."""
    here = "sections/index.md"
    lines = [front_matter(page_meta(None, {"title": "栏目"})), ""]
    for column in archive.columns.columns:
        count = sum(len(s.articles) for i in archive.issues for s in i.sections
                    if s.slug == column.slug)
        lines.append(f"- {link(column.name, section_path(column.slug), here)} · {count} 篇")
    return "\n".join(lines) + "\n"


SEARCH_PAGE = "search/index.md"


def search_page(archive: Archive) -> str:
    """The search page (`search/?q=…&column=…&year=…&sort=…`): the site's search script
    fills it; the page itself says what the search does, for a reader without scripts."""
    return "\n".join([
        front_matter(page_meta(None, {"title": "搜索", "hide": ["toc"]})), "",
        f"在全部 {len(archive.issues)} 期、{archive.article_count} 篇文章的标题和正文中查找。",
        "", '<div class="qk-search-page" data-qikan-search-page markdown="0">',
        "<p>搜索需要浏览器运行 JavaScript。</p>", "</div>", ""])


def archive_index(archive: Archive) -> str:
    """All issues grouped by year, newest first, with their numbers and article counts."""
    here = "issues/index.md"
    numbers = issue_numbers(archive)
    lines = [front_matter(page_meta(None, {"title": "期刊"})),
             f"共 {len(archive.issues)} 期、{archive.article_count} 篇文章。", ""]
    for year, issues in groupby(archive.issues, key=lambda i: i.date.year):
        lines += ["", f"## {year} 年 {{ #y{year} }}", ""]
        lines += [f"- {link(i.title, issue_path(i), here)} · 第 {numbers[i.id]} 期 · "
                  f"{len(i.articles)} 篇"
                  for i in issues]
    return "\n".join(lines) + "\n"


def home_page(archive: Archive, masthead: Masthead, enrichment: Enrichment | None = None) -> str:
    """The latest issue's contents, the columns, counts of issues and articles."""
    here = "index.md"
    lines = [front_matter(page_meta(None, {"title": "首页", "hide": ["toc"]})),
             f"# {escape_inline(masthead.title)}", ""]
    if masthead.description:
        lines += [escape_inline(masthead.description), ""]
    lines += [f"已收录 **{len(archive.issues)}** 期、**{archive.article_count}** 篇文章，"
              f"分 {len(archive.columns.columns)} 个栏目。"
              f"{link('浏览全部期刊', 'issues/index.md', here)}", "{ .qk-meta }", ""]
    if archive.issues:
        latest = archive.issues[0]
        lines += [f"## 最新一期：{link(latest.title, issue_path(latest), here)}", ""]
        for section in latest.sections:
            lines += _contents_section(latest, section, here, section.name, "###")
    lines += ["## 栏目", ""]
    for column in archive.columns.columns:
        lines.append(f"- {link(column.name, section_path(column.slug), here)}")
    if enrichment and enrichment.topics:
        lines += ["", "## 专题", ""]
        lines += [f"- {link(t.topic.name, topic_path(t.topic.slug), here)} · {t.article_count} 篇"
                  for t in enrichment.topics if t.article_count]
    return "\n".join(lines) + "\n"


def tags_index(enrichment: Enrichment) -> str:
    """Every tag with its article count: most used first, then A–Z by pinyin."""
    here = "tags/index.md"
    index = enrichment.tag_index
    by_use = sorted(index, key=lambda t: (-len(index[t]), t.sort_key))
    lines = [front_matter(page_meta(None, {"title": "标签"})),
             f"共 {len(index)} 个标签。标签取自文章本身的词语和名称，每个标签至少归纳两篇文章"
             f"（编辑指定的除外），每篇文章至多 8 个。", "", "## 按使用次数", ""]
    lines.append(" ".join(f'<span class="qk-tag">{link(t.name, tag_path(t), here)}'
                          f"<sup>{len(index[t])}</sup></span>" for t in by_use)
                 + "\n{ .qk-tag-cloud }")
    lines += ["", "## 按拼音 { #a-z }", ""]
    letter = None
    for tag in sorted(index, key=lambda t: t.sort_key):
        first = tag.sort_key[:1].upper() if tag.sort_key[:1].isalpha() else "#"
        if first != letter:
            letter = first
            anchor = letter.lower() if letter != "#" else "num"
            lines += ["", f"### {letter} {{ #letter-{anchor} }}", ""]
        lines.append(f"- {link(tag.name, tag_path(tag), here)} · {len(index[tag])} 篇")
    return "\n".join(lines) + "\n"


def tag_pages(tag: Tag, keys: tuple[ArticleKey, ...], placed: dict[ArticleKey, Placed],
              topics: Iterable[Topic] = ()) -> dict[str, str]:
    """A tag's articles, newest issue first, grouped by issue, with column and excerpt;
    paginated; links the topics that follow the same subject."""
    first, topics = tag_path(tag), list(topics)

    def head(here: str, page: Page) -> list[str]:
        top = _list_top("tags", tag.name, first, here, page,
                        {"tag": tag.name, "articles": len(keys)})
        if not page.landing:
            return [*top, ""]
        lines = [*top, f"标签「{escape_inline(tag.name)}」共 {len(keys)} 篇，最新一期在前。"
                 f"{link('全部标签', 'tags/index.md', here)}", ""]
        if topics:
            lines += ["专题：" + " · ".join(link(t.name, topic_path(t.slug), here) for t in topics),
                      "{ .qk-meta }", ""]
        return lines

    def render(issue: Issue, group: list[Placed], here: str) -> list[str]:
        when = "" if reader_date(issue.date) == issue.title else f" · {reader_date(issue.date)}"
        return ["", f"## {link(issue.title, issue_path(issue), here)}{when}"
                    f" {{ #{issue_anchor(issue)} }}", "",
                *(f"- {link(p.article.title, placed_path(p), here)} · "
                  f"{escape_inline(p.section.name)}<br>{escape_inline(excerpt(p.article))}"
                  for p in group)]

    return listing_pages(first, list(_by_issue(placed[key] for key in keys)), len, head, render,
                         identity=_slugs)


def _slugs(issue: Issue, group: list[Placed]) -> tuple[str, ...]:
    """What identifies a group of an issue's articles besides the issue."""
    return tuple(p.article.slug for p in group)


def _by_issue(items: Iterable[Placed]) -> Iterator[tuple[Issue, list[Placed]]]:
    """Consecutive articles of the same issue, grouped."""
    for _, group in groupby(items, key=lambda p: p.issue.id):
        group = list(group)
        yield group[0].issue, group


def _chart(timeline: TopicTimeline, issues: dict[str, Issue], small: bool = False) -> str:
    """The topic's articles per month on the archive's month axis (months without an issue
    are gaps; several issues of one month share a bar)."""
    per_month: dict[Month, list[tuple[str, int]]] = {}
    for issue_id, count in timeline.per_issue:
        date = issues[issue_id].date
        per_month.setdefault((date.year, date.month), []).append((issue_id, count))
    bars = [Bar(" ".join(i for i, _ in group),
                "、".join(reader_date(issues[i].date) for i, _ in group),
                sum(c for _, c in group), month) for month, group in sorted(per_month.items())]
    months = [b.month for b in bars] or [(0, 1)]
    chart = month_chart(bars, min(months), max(months),
                        f"{timeline.topic.name}：每月相关文章数", small)
    return f'<div class="qk-chart-box">{chart}</div>'


def _highlighted(sentence: str, keyword: str) -> str:
    at = sentence.find(keyword) if keyword else -1
    if at < 0:
        return escape_inline(sentence)
    end = at + len(keyword)
    return (escape_inline(sentence[:at]) + f"<mark>{escape_inline(keyword)}</mark>"
            + escape_inline(sentence[end:]))


def _span(timeline: TopicTimeline, placed: dict[ArticleKey, Placed]) -> str:
    """From the first article's issue to the last's, as readers read dates."""
    dates = sorted({(d.year, d.month): d for d in (placed[k].issue.date
                                                   for k in timeline.mentions)}.items())
    if not dates:
        return "—"
    first, last = (IssueDate(d.year, d.month) for _, d in (dates[0], dates[-1]))
    return reader_date(first) if first == last else f"{reader_date(first)} – {reader_date(last)}"


def topics_index(enrichment: Enrichment, placed: dict[ArticleKey, Placed],
                 issues: dict[str, Issue]) -> str:
    """Every topic with its article count, date span and a small chart."""
    here = "topics/index.md"
    lines = [front_matter(page_meta(None, {"title": "专题"})),
             "专题跟踪一个主题在历期中的报道，按时间先后排列。", ""]
    for timeline in enrichment.topics:
        topic = timeline.topic
        lines += [f"## {link(topic.name, topic_path(topic.slug), here)} {{ #{topic.slug} }}", "",
                  escape_inline(topic.description), "",
                  f"{timeline.article_count} 篇 · {_span(timeline, placed)}", "{ .qk-meta }", "",
                  _chart(timeline, issues, small=True), ""]
    return "\n".join(lines) + "\n"


def topic_pages(timeline: TopicTimeline, placed: dict[ArticleKey, Placed],
                issues: dict[str, Issue], tags: Iterable[Tag] = ()) -> dict[str, str]:
    """A topic's timeline: description, chart, then every issue with its articles, oldest
    first; paginated; links the tags of the same subject and the topic's feed."""
    topic = timeline.topic
    first, tags = topic_path(topic.slug), list(tags)

    def head(here: str, page: Page) -> list[str]:
        top = _list_top("topics", topic.name, first, here, page,
                        {"topic": topic.slug, "articles": timeline.article_count,
                         "feed": feed_path(first)})
        if not page.landing:
            return [*top, escape_inline(topic.description), ""]
        lines = [*top, escape_inline(topic.description), "",
                 f"{timeline.article_count} 篇 · {_span(timeline, placed)} · "
                 f"关键词：{escape_inline('、'.join(topic.keywords))}"
                 + (" · 标签：" + " ".join(link(t.name, tag_path(t), here) for t in tags)
                    if tags else ""), "{ .qk-meta }", "",
                 _feed_link(first, here, "本专题"), ""]
        return [*lines, _chart(timeline, issues), ""]

    def render(issue: Issue, group: list[Placed], here: str) -> list[str]:
        lines = ["", f"## {link(issue.title, issue_path(issue), here)}"
                     f" {{ #{issue_anchor(issue)} }}", ""]
        for p in group:
            mention = timeline.mentions[(issue.id, p.article.slug)]
            lines.append(f"- {link(p.article.title, placed_path(p), here)} · "
                         f"{escape_inline(p.section.name)}"
                         f"<br>{_highlighted(mention.sentence, mention.keyword)}")
        return lines

    def identity(issue: Issue, group: list[Placed]) -> tuple:
        return tuple((p.article.slug, timeline.mentions[(issue.id, p.article.slug)])
                     for p in group)

    groups = list(_by_issue(placed[key] for key in timeline.mentions))
    return listing_pages(first, groups, len, head, render, newest_first=False,
                         identity=identity)


def redirect_page(issue: Issue, old_slug: str, target: Article | None,
                  directory_urls: bool = True) -> str:
    """A URL the article was published under and no longer has: a page that sends the
    reader on (meta refresh, canonical link) to the article now, or to its issue."""
    here = f"issues/{issue.id}/{old_slug}.md"
    to = article_path(issue, target) if target else issue_path(issue)
    title = target.title if target else issue.title
    meta = page_meta("issues", {"template": "redirect.html", "title": title,
                                "redirect": relative_url(page_url(here, directory_urls),
                                                         page_url(to, directory_urls))})
    what = "本文" if target else "这篇文章已不在本期，本期"
    return "\n".join([front_matter(meta), f"{what}已移至 {link(title, to, here)}。", ""])


EDITORS_PAGE = "editors.md"


def shown_path(path: str, base: Path | None) -> str:
    """A file as the editors' report shows it: relative to the project (`base`), never the
    server's folders (a published site must not tell them); the name alone outside it."""
    if base is None:
        return path
    try:
        return Path(path).resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return Path(path).name


def editors_page(errors: Iterable[QikanError], base: Path | None = None) -> str:
    """What the build could not use, for editors: each problem with its file (relative to
    `base`) and line, and what to do (the site says so in a banner on every page while
    there is any)."""
    errors = list(errors)
    lines = [front_matter(page_meta(None, {"title": "编辑报告", "problems": len(errors),
                                            "hide": ["toc"]})), ""]
    if not errors:
        return "\n".join(lines + ["本次构建没有发现问题。", ""])
    lines += [f"本次构建有 {len(errors)} 个问题。出问题的期刊仍以上一次能读取的版本发布"
              "（如有）；改正下列文件后，站点会自动更新。", ""]
    for error in errors:
        path = shown_path(error.path, base)
        where = f"{path}，第 {error.line} 行" if error.line else path
        lines.append(f"- {escape_inline(where)}：{escape_inline(error.message)}")
    return "\n".join(lines + ["", "`make check` 在终端里给出同样的报告。", ""])


def relative_url(source: str, target: str) -> str:
    """`target` relative to page URL `source` (both relative to the site's root)."""
    folder = source if source.endswith("/") else posixpath.dirname(source)
    relative = posixpath.relpath(target or ".", folder or ".")
    return relative + "/" if target.endswith("/") and not relative.endswith("/") else relative


def same_subject(enrichment: Enrichment) -> list[tuple[Topic, list[Tag]]]:
    """Each topic with articles and the tags that name its subject (the tag is the topic's
    name or one of its keywords, in any case): they link each other."""
    by_name: dict[str, list[Tag]] = {}
    for tag in enrichment.tag_index:
        by_name.setdefault(tag.name.lower(), []).append(tag)
    result = []
    for timeline in enrichment.topics:
        topic = timeline.topic
        if timeline.article_count:
            names = dict.fromkeys(k.lower() for k in (topic.name, *topic.keywords))
            result.append((topic, [tag for name in names for tag in by_name.get(name, [])]))
    return result


def write_pages(archive: Archive, masthead: Masthead,
                enrichment: Enrichment | None = None,
                published: dict[str, dict[str, str]] | None = None,
                directory_urls: bool = True, memo: PageMemo | None = None) -> dict[str, str]:
    """Every page of the site, keyed by its path; `published`: issue id → its recorded
    URLs (editorial/published.py), whose unused ones get redirect pages. With a `memo`
    (depends.py) a page whose inputs did not change since the last build is taken from it
    instead of made again."""
    enrichment = enrichment or Enrichment()
    memo = memo if memo is not None else PageMemo()
    FRAGMENTS.begin()
    placed = placements(archive)
    issues = archive.issues
    site = (directory_urls, archive.columns)
    every = memo.issues(i.id for i in issues)
    counts = tuple((t.topic.name, t.topic.slug, t.article_count) for t in enrichment.topics)
    pages: dict[str, str] = {}
    pages |= memo.page("home", "index.md", inputs(site, every, masthead, counts),
                       home_page, archive, masthead, enrichment)
    pages |= memo.page("issues", "issues/index.md", inputs(site, every),
                       archive_index, archive)
    pages |= memo.page("sections", "sections/index.md", inputs(site, every),
                       sections_index, archive)
    pages |= memo.page("search", SEARCH_PAGE, inputs(site, every), search_page, archive)
    numbers = issue_numbers(archive)
    for n, issue in enumerate(issues):
        newer = issues[n - 1] if n else None
        older = issues[n + 1] if n + 1 < len(issues) else None
        recorded = (published or {}).get(issue.id, {})
        shown = [issue.id] + [i.id for i in (older, newer) if i]
        pages |= memo.pages(
            f"issue:{issue.id}",
            inputs(site, memo.issues(shown), older is None, numbers[issue.id], recorded),
            _issue_pages, issue, older, newer, numbers[issue.id], recorded, directory_urls)
        version = memo.issues([issue.id])
        neighbours = _neighbours(issue)
        for section in issue.sections:
            for article in section.articles:
                key = (issue.id, article.slug)
                tags = enrichment.tags.get(key, ())
                related = enrichment.related.get(key, ())
                pages |= memo.page(
                    f"article:{issue.id}/{article.slug}", article_path(issue, article),
                    inputs(site, version, tuple((t.slug, t.name) for t in tags), related,
                           memo.issues(k[0] for k in related)),
                    article_page, issue, section, article, *neighbours[article.slug], tags,
                    tuple(placed[k] for k in related))
    for column in archive.columns.columns:
        having = [i.id for i in issues if any(s.slug == column.slug for s in i.sections)]
        pages |= memo.pages(f"section:{column.slug}", inputs(site, memo.issues(having)),
                            section_pages, archive, column.name, column.slug)
    same = same_subject(enrichment)
    if enrichment.tag_index:
        pages |= memo.page("tags", "tags/index.md", inputs(site, tuple(
            (t.slug, t.name, len(keys)) for t, keys in enrichment.tag_index.items())),
            tags_index, enrichment)
        for tag, keys in enrichment.tag_index.items():
            topics = [t for t, tags in same if tag in tags]
            pages |= memo.pages(
                f"tag:{tag.slug}",
                inputs(site, tag.name, keys, memo.issues(dict.fromkeys(k[0] for k in keys)),
                       tuple((t.name, t.slug) for t in topics)),
                tag_pages, tag, keys, placed, topics)
    if enrichment.topics:
        by_id = {i.id: i for i in issues}
        pages |= memo.page("topics", "topics/index.md",
                           inputs(site, every, tuple(_timeline(t) for t in enrichment.topics)),
                           topics_index, enrichment, placed, by_id)
        for timeline in enrichment.topics:
            tags = next((tags for t, tags in same if t == timeline.topic), [])
            pages |= memo.pages(
                f"topic:{timeline.topic.slug}",
                inputs(site, every, _timeline(timeline), tuple((t.slug, t.name) for t in tags)),
                topic_pages, timeline, placed, by_id, tags)
    FRAGMENTS.end()
    return pages


def _timeline(timeline: TopicTimeline) -> tuple:
    """A topic's timeline as inputs of the pages that show it."""
    return timeline.topic, timeline.mentions, timeline.per_issue


def _issue_pages(issue: Issue, older: Issue | None, newer: Issue | None, number: int,
                 recorded: dict[str, str], directory_urls: bool) -> dict[str, str]:
    """An issue's page and the redirect pages of the URLs its articles no longer have."""
    pages = {issue_path(issue): issue_page(issue, older, newer, number)}
    for slug, target in moves(issue, recorded):
        pages[f"issues/{issue.id}/{slug}.md"] = redirect_page(issue, slug, target,
                                                              directory_urls)
    return pages
