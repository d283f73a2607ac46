"""Write generated pages into an output folder: aside first, then swapped in.

The new tree is written next to the output folder and swapped in only when it
is complete, so a build that fails half way leaves the previous tree usable.
Unchanged files are hard links to the previous ones (same bytes, same mtime);
files this builder did not generate (not in the folder's manifest) are carried
over; a non-empty folder without a manifest is refused, so that `--out` can
never take over a folder of someone else's (or the project itself).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from builder.errors import QikanError

MANIFEST = ".qikan-pages.json"


def _safe_target(out: Path, relative: str) -> Path:
    path = PurePosixPath(relative)
    if path.is_absolute() or ".." in path.parts or not path.parts or "\\" in relative:
        raise QikanError(out, f"refusing to write outside the output folder: {relative!r}")
    return out.joinpath(*path.parts)


def _previous(out: Path) -> set[str]:
    manifest = out / MANIFEST
    if manifest.is_file():
        return set(json.loads(manifest.read_text("utf-8")))
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise QikanError(out, "not a folder this builder wrote (no manifest); "
                              "choose a new or empty folder for --out")
    return set()


def link_or_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _bytes(content: str | bytes | Path) -> bytes:
    """A file's content: text (UTF-8), bytes, or the bytes of a file to copy."""
    if isinstance(content, Path):
        return content.read_bytes()
    return content.encode("utf-8") if isinstance(content, str) else content


def _fill(new: Path, out: Path, pages: dict[str, str | bytes | Path], previous: set[str]
          ) -> dict[str, int]:
    counts = {"written": 0, "unchanged": 0, "removed": 0}
    for relative, content in sorted(pages.items()):
        target, old = _safe_target(new, relative), _safe_target(out, relative)
        data = _bytes(content)
        if old.is_file() and old.read_bytes() == data:
            link_or_copy(old, target)
            counts["unchanged"] += 1
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            counts["written"] += 1
    if out.is_dir():
        for path in sorted(out.rglob("*")):
            relative = path.relative_to(out).as_posix()
            if path.is_file() and relative not in previous | {MANIFEST} | pages.keys():
                link_or_copy(path, new / relative)  # not ours: keep it
    counts["removed"] = sum(1 for r in previous - pages.keys() if (out / r).is_file())
    (new / MANIFEST).write_text(json.dumps(sorted(pages), ensure_ascii=False, indent=0), "utf-8")
    return counts


def write_tree(out: Path, pages: dict[str, str | bytes | Path]) -> dict[str, int]:
    """Write `pages` (text, bytes, or a file to copy, by path) as the tree `out`; return
    counts of written, unchanged and removed files."""
    out = Path(out).absolute()
    previous = _previous(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    new = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        counts = _fill(new, out, pages, previous)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        os.rename(out, old)
    os.rename(new, out)
    shutil.rmtree(old, ignore_errors=True)
    return counts
