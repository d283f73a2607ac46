"""The newsletter's columns (栏目), loaded from `site_data/sections.yml`."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from builder.errors import QikanError

SITE_DATA = Path(__file__).resolve().parents[2] / "site_data"
_DECORATION = re.compile(r"[\s*#_【】\[\]［］|｜]+")


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


def load_columns(path: Path | None = None) -> Columns:
    """Load and validate `sections.yml`."""
    path = path or SITE_DATA / "sections.yml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise QikanError(path, f"cannot load columns: {err}") from None
    if not isinstance(data, list) or not data:
        raise QikanError(path, "expected a list of columns (name, slug, order, aliases)")
    columns = tuple(_column(path, i, item) for i, item in enumerate(data))
    return Columns(tuple(sorted(columns, key=lambda c: c.order)))


def _column(path: Path, index: int, item: object) -> Column:
    if not isinstance(item, dict) or not {"name", "slug", "order"} <= item.keys():
        raise QikanError(path, f"column #{index + 1} needs name, slug and order")
    aliases = item.get("aliases") or []
    if not isinstance(aliases, list):
        raise QikanError(path, f"column {item['name']}: aliases must be a list")
    return Column(str(item["name"]), str(item["slug"]), int(item["order"]),
                  tuple(str(a) for a in aliases))
