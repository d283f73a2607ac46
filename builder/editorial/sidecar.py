"""Editorial sidecars: `content/issues/<stem>.yml` next to the untouched export.

An editor sets the issue's date, title or id, and corrects articles (named by
their title as parsed): rename, pin the slug, move to another column, merge
into the article before, split at subheadings, add or remove tags. Values go
through a table of converters; every error names the sidecar file and the line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from builder.errors import SidecarError
from builder.model import IssueDate
from builder.parse.dates import parse_date

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class ArticleFix:
    """Corrections to one article, named by its title as parsed (or its slug)."""

    ref: str
    """How the sidecar names the article."""
    line: int
    """Line of that name in the sidecar."""
    title: str | None = None
    """New title."""
    slug: str | None = None
    """Pinned slug."""
    column: str | None = None
    """Name (or alias) of the column to move the article to."""
    merge: bool = False
    """Merge into the article before it: its title becomes a subheading there."""
    split: tuple[str, ...] = ()
    """Subheadings at which a new article starts (the subheading becomes its title)."""
    add_tags: tuple[str, ...] = ()
    """Tags to add."""
    remove_tags: tuple[str, ...] = ()
    """Tags to remove."""


@dataclass(frozen=True)
class Sidecar:
    """Editorial metadata and corrections for one issue."""

    path: str = ""
    """Path of the sidecar file (empty when the issue has none)."""
    date: IssueDate | None = None
    """Publication date set by an editor."""
    title: str | None = None
    """Issue title set by an editor."""
    id: str | None = None
    """Issue id set by an editor (default `YYYY-MM`)."""
    number: int | None = None
    """The issue's number (期号) set by an editor."""
    articles: tuple[ArticleFix, ...] = ()
    """Corrections to articles, in the order the sidecar lists them."""

    def error(self, message: str, line: int | None = None) -> SidecarError:
        """An error naming this sidecar (and the line)."""
        return SidecarError(self.path, message, line)


def sidecar_path(source: str | Path) -> Path:
    """Where the sidecar of a raw export lives: same folder, same stem, `.yml`."""
    return Path(source).with_suffix(".yml")


def _to_date(value: Any) -> IssueDate:
    if isinstance(value, dt.date):
        return IssueDate(value.year, value.month, value.day)
    parsed = parse_date(str(value))
    if parsed is None:
        raise ValueError(f"date must be YYYY-MM or YYYY-MM-DD, not {value!r}")
    return parsed


def _to_text(value: Any) -> str:
    if not isinstance(value, (str, int, float)) or not str(value).strip():
        raise ValueError(f"expected non-empty text, not {value!r}")
    return str(value).strip()


def _to_id(value: Any) -> str:
    text = _to_text(value)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,40}", text):
        raise ValueError(f"id must be ASCII letters, digits, - or _, not {text!r}")
    return text


def _to_slug(value: Any) -> str:
    text = _to_text(value)
    if not _SLUG.fullmatch(text) or len(text) > 60:
        raise ValueError(f"slug must be lowercase ASCII words joined by -, not {text!r}")
    return text


def _to_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, not {value!r}")
    return value


def _to_texts(value: Any) -> tuple[str, ...]:
    values = value if isinstance(value, list) else [value]
    return tuple(_to_text(v) for v in values)


def _to_number(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"expected a whole number from 1, not {value!r}")
    return value


ISSUE_KEYS: dict[str, Callable[[Any], Any]] = {"date": _to_date, "title": _to_text, "id": _to_id,
                                               "number": _to_number}
ARTICLE_KEYS: dict[str, Callable[[Any], Any]] = {
    "title": _to_text, "slug": _to_slug, "column": _to_text, "merge": _to_bool,
    "split": _to_texts,
}
TAG_KEYS = {"add": "add_tags", "remove": "remove_tags"}


def _key_lines(node: yaml.Node, prefix: tuple = ()) -> dict[tuple, int]:
    """Line of every mapping key, by its path of keys."""
    lines: dict[tuple, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = (*prefix, str(key.value))
            lines[path] = key.start_mark.line + 1
            lines.update(_key_lines(value, path))
    return lines


class _Reader:
    """Converts the parsed YAML, raising errors that carry the line of the key."""

    def __init__(self, path: Path, lines: dict[tuple, int]) -> None:
        self.path, self.lines = path, lines

    def fail(self, message: str, *keys: str) -> SidecarError:
        return SidecarError(self.path, message, self.lines.get(tuple(keys)))

    def convert(self, table: dict, key: str, value: Any, *where: str) -> Any:
        if key not in table:
            known = ", ".join(table)
            return self._unknown(key, known, *where)
        try:
            return table[key](value)
        except ValueError as err:
            raise self.fail(f"{'.'.join((*where[-1:], key))}: {err}", *where, key) from None

    def _unknown(self, key: str, known: str, *where: str):
        raise self.fail(f"unknown key {key!r} (known: {known})", *where, key)

    def article(self, ref: str, data: Any) -> ArticleFix:
        if not isinstance(data, dict):
            raise self.fail(f"article {ref!r}: expected keys ({', '.join(ARTICLE_KEYS)}, tags)",
                            "articles", ref)
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key == "tags":
                values.update(self.tags(ref, value))
            else:
                values[key] = self.convert({**ARTICLE_KEYS, "tags": None}, str(key), value,
                                           "articles", ref)
        if values.get("merge") and set(values) - {"merge", "add_tags", "remove_tags"}:
            raise self.fail(f"article {ref!r}: merge cannot be combined with "
                            "title, slug, column or split", "articles", ref)
        return ArticleFix(ref, self.lines.get(("articles", ref), 0), **values)

    def tags(self, ref: str, value: Any) -> dict[str, tuple[str, ...]]:
        if not isinstance(value, dict):
            raise self.fail(f"article {ref!r}: tags takes add: [...] and remove: [...]",
                            "articles", ref, "tags")
        out = {}
        for key, words in value.items():
            if key not in TAG_KEYS:
                self._unknown(str(key), "add, remove", "articles", ref, "tags")
            try:
                out[TAG_KEYS[key]] = _to_texts(words)
            except ValueError as err:
                raise self.fail(f"tags.{key}: {err}", "articles", ref, "tags", key) from None
        return out


def load_sidecar(source: str | Path) -> Sidecar:
    """The sidecar of a raw export, or an empty Sidecar when there is none."""
    path = sidecar_path(source)
    if not path.is_file():
        return Sidecar()
    text = path.read_text(encoding="utf-8-sig")
    try:
        data = yaml.safe_load(text) or {}
        node = yaml.compose(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise SidecarError(path, f"invalid YAML: {getattr(err, 'problem', err)}",
                           mark.line + 1 if mark else None) from None
    if not isinstance(data, dict):
        raise SidecarError(path, f"expected a mapping of keys ({', '.join(ISSUE_KEYS)}, articles)",
                           1)
    reader = _Reader(path, _key_lines(node) if node is not None else {})
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key == "articles":
            if not isinstance(value, dict):
                raise reader.fail("articles: expected article titles as keys", "articles")
            values["articles"] = tuple(reader.article(str(ref), fix) for ref, fix in value.items())
        else:
            values[key] = reader.convert({**ISSUE_KEYS, "articles": None}, str(key), value)
    return Sidecar(str(path), **values)
