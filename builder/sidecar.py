"""Editorial sidecars: `content/issues/<stem>.yml` next to the untouched export.

Values go through a table of converters; every error names the sidecar file
and the line of the offending key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from builder.dates import parse_date
from builder.errors import SidecarError
from builder.model import IssueDate


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


def sidecar_path(source: str | Path) -> Path:
    """Where the sidecar of a raw export lives: same folder, same stem, `.yml`."""
    source = Path(source)
    return source.with_suffix(".yml")


def _to_date(value: Any, where: str) -> IssueDate:
    if isinstance(value, dt.date):
        return IssueDate(value.year, value.month, value.day)
    parsed = parse_date(str(value))
    if parsed is None:
        raise ValueError(f"date must be YYYY-MM or YYYY-MM-DD, not {value!r}")
    return parsed


def _to_text(value: Any, where: str) -> str:
    if not isinstance(value, (str, int, float)) or not str(value).strip():
        raise ValueError(f"{where} must be non-empty text")
    return str(value).strip()


def _to_id(value: Any, where: str) -> str:
    text = _to_text(value, where)
    if not all(c.isalnum() or c in "-_" for c in text) or not text.isascii():
        raise ValueError(f"id must be ASCII letters, digits, - or _, not {text!r}")
    return text


CONVERTERS: dict[str, Callable[[Any, str], Any]] = {
    "date": _to_date,
    "title": _to_text,
    "id": _to_id,
}


def _lines(path: Path, text: str) -> dict[str, int]:
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): k.start_mark.line + 1 for k, _ in node.value}


def load_sidecar(source: str | Path) -> Sidecar:
    """The sidecar of a raw export, or an empty Sidecar when there is none."""
    path = sidecar_path(source)
    if not path.is_file():
        return Sidecar()
    text = path.read_text(encoding="utf-8-sig")
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as err:
        line = err.problem_mark.line + 1 if getattr(err, "problem_mark", None) else None
        raise SidecarError(path, f"invalid YAML: {getattr(err, 'problem', err)}", line) from None
    if not isinstance(data, dict):
        raise SidecarError(path, "expected a mapping of keys (date, title, id)", 1)
    lines = _lines(path, text)
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in CONVERTERS:
            known = ", ".join(CONVERTERS)
            raise SidecarError(path, f"unknown key {key!r} (known: {known})", lines.get(str(key)))
        try:
            values[key] = CONVERTERS[key](value, key)
        except ValueError as err:
            raise SidecarError(path, str(err), lines.get(key)) from None
    return Sidecar(str(path), **values)
