"""Write generated pages into an output folder, touching only what changed.

A file is rewritten only when its bytes differ (so watchers see no spurious
change), and stale pages left from an earlier build are removed — only files
this builder wrote, as listed in the folder's manifest.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

from builder.errors import QikanError

MANIFEST = ".qikan-pages.json"


def _safe_target(out: Path, relative: str) -> Path:
    path = PurePosixPath(relative)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise QikanError(out, f"refusing to write outside the output folder: {relative!r}")
    return out.joinpath(*path.parts)


def write_tree(out: Path, pages: dict[str, str]) -> dict[str, int]:
    """Write `pages` under `out`; return counts of written, unchanged and removed files."""
    out.mkdir(parents=True, exist_ok=True)
    manifest = out / MANIFEST
    previous = set(json.loads(manifest.read_text("utf-8"))) if manifest.is_file() else set()
    counts = {"written": 0, "unchanged": 0, "removed": 0}
    for relative, text in sorted(pages.items()):
        target = _safe_target(out, relative)
        data = text.encode("utf-8")
        if target.is_file() and target.read_bytes() == data:
            counts["unchanged"] += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        counts["written"] += 1
    for relative in sorted(previous - pages.keys()):
        stale = _safe_target(out, relative)
        if stale.is_file():
            stale.unlink()
            counts["removed"] += 1
    manifest.write_text(json.dumps(sorted(pages), ensure_ascii=False, indent=0), "utf-8")
    return counts
