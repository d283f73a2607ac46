"""The newsletter's columns (栏目), loaded from `site_data/sections.yml`."""

from __future__ import annotations

from pathlib import Path

import yaml

from builder.errors import QikanError
from builder.model import Column, Columns
from builder.settings import SITE_DATA


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
